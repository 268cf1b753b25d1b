"""The dashboard makes the same, fixed number of queries whatever the size of the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import figures as dashboard_figures
from tests.dashboard.bulk import large_portal

pytestmark = pytest.mark.django_db

# Session, user and their second factor (3: accounts/middleware.py), then: coordinations,
# mandates, open vacancies, the applications of the twenty shown, applications, applications per
# month (both from the tally), circulars, proposals, latest proposals' follow-up, groups' counts,
# the groups on the map (each, or by area), coordinators, reminders, coordinators' signalements
# (liaison), the volunteering hours and the shifts short of people (events).
DASHBOARD_QUERIES = 19
BUDGET = 19


def test_same_number_of_queries_small_and_large(
    staff_client, dataset, django_assert_num_queries, monkeypatch
):
    url = reverse("dashboard:index")
    with django_assert_num_queries(DASHBOARD_QUERIES):
        small = staff_client.get(url)
    assert small.status_code == 200

    large_portal()
    with CaptureQueriesContext(connection) as queries:
        large = staff_client.get(url, {"refresh": "1"})  # counted anew, not the kept figures
    assert large.status_code == 200
    assert len(queries) == DASHBOARD_QUERIES <= BUDGET
    # Past MAP_GROUP_MARKERS_MAX groups, the map counts them by area: in as many queries.
    monkeypatch.setattr(dashboard_figures, "MAP_GROUP_MARKERS_MAX", 10)
    with CaptureQueriesContext(connection) as queries:
        by_area = staff_client.get(url, {"refresh": "1"})
    assert by_area.context["map_data"]["by_area"]
    assert len(queries) == DASHBOARD_QUERIES
    # The large data set is really there.
    figures = {f.key: f.value for s in large.context["sections"] for f in s["figures"]}
    assert figures["applications_received"] > 1000
    assert figures["groups_active"] > 100


@pytest.mark.parametrize(
    "period",
    [{"period": "month"}, {"period": "custom", "start": "2020-01-01", "end": "2026-12-31"}],
)
def test_period_does_not_change_the_number_of_queries(
    staff_client, dataset, period, django_assert_num_queries
):
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert staff_client.get(reverse("dashboard:index"), period).status_code == 200


def test_bad_period_does_not_change_the_number_of_queries(
    staff_client, dataset, django_assert_num_queries
):
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = staff_client.get(reverse("dashboard:index"), {"period": "custom", "start": "x"})
    assert response.status_code == 200


def test_staff_share_figures_counted_once_and_count_them_again_on_demand(
    staff_client, dataset, django_assert_num_queries
):
    from tests.coordinations.factories import CoordinationFactory

    url = reverse("dashboard:index")
    first = staff_client.get(url)
    assert "Comptés à " in first.content.decode()
    # The session, the user and their second factor: the figures are kept.
    with django_assert_num_queries(3):
        again = staff_client.get(url)
    active = {f.key: f.value for s in again.context["sections"] for f in s["figures"]}
    CoordinationFactory(name="Birmanie")
    kept = staff_client.get(url)
    assert {f.key: f.value for s in kept.context["sections"] for f in s["figures"]} == active
    assert 'href="?refresh=1"' in kept.content.decode()
    with django_assert_num_queries(DASHBOARD_QUERIES):
        counted = staff_client.get(url, {"refresh": "1"})
    after = {f.key: f.value for s in counted.context["sections"] for f in s["figures"]}
    assert after["coordinations_active"] == active["coordinations_active"] + 1
    # The period is kept when counting again.
    assert (
        "period=month&amp;refresh=1" in staff_client.get(url, {"period": "month"}).content.decode()
    )


def test_celery_beat_counts_the_figures_ahead(staff_client, dataset, django_assert_num_queries):
    from django.conf import settings

    from dashboard.tasks import refresh_dashboard

    schedule = settings.CELERY_BEAT_SCHEDULE["dashboard-figures"]
    assert schedule["task"] == "dashboard.tasks.refresh_dashboard" and schedule["schedule"] <= 60
    refresh_dashboard.delay()
    with django_assert_num_queries(3):  # the session, the user and their second factor
        assert staff_client.get(reverse("dashboard:index")).status_code == 200
    with django_assert_num_queries(3):
        assert staff_client.get(reverse("dashboard:map_data")).status_code == 200

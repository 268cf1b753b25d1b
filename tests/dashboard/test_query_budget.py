"""The dashboard makes the same, fixed number of queries whatever the size of the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dashboard.bulk import large_portal

pytestmark = pytest.mark.django_db

# Session and user (2), then: coordinations, mandates, open vacancies, applications, applications
# per month, circulars, proposals, latest proposals' follow-up, groups, coordinators, reminders.
DASHBOARD_QUERIES = 13
BUDGET = 15


def test_same_number_of_queries_small_and_large(staff_client, dataset, django_assert_num_queries):
    url = reverse("dashboard:index")
    with django_assert_num_queries(DASHBOARD_QUERIES):
        small = staff_client.get(url)
    assert small.status_code == 200

    large_portal()
    with CaptureQueriesContext(connection) as queries:
        large = staff_client.get(url)
    assert large.status_code == 200
    assert len(queries) == DASHBOARD_QUERIES <= BUDGET
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

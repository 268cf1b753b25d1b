"""The dashboard and every export are for the secretariat: visitors are asked to log in,
everybody else (volunteer, coordinator, group leader) gets a 404."""

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PEOPLE = ["volunteer", "coordinator", "leader"]


@pytest.fixture
def proposal(coordination):
    from tests.actions.factories import PublishedProposalFactory

    return PublishedProposalFactory(coordination=coordination)


@pytest.fixture
def urls(vacancy, proposal):
    return [
        reverse("dashboard:index"),
        reverse("dashboard:export_coordinators"),
        reverse("dashboard:export_groups"),
        reverse("dashboard:export_applications", args=[vacancy.slug]),
        reverse("dashboard:export_follow_up", args=[proposal.pk]),
    ]


def test_addresses_are_stable(vacancy, proposal):
    assert reverse("dashboard:index") == "/fr/dashboard/"
    assert reverse("dashboard:export_coordinators") == "/fr/dashboard/exports/coordinators.csv"
    assert reverse("dashboard:export_groups") == "/fr/dashboard/exports/groups.csv"
    assert (
        reverse("dashboard:export_applications", args=[vacancy.slug])
        == "/fr/dashboard/exports/vacancies/coordination-mexique/applications.csv"
    )
    assert (
        reverse("dashboard:export_follow_up", args=[proposal.pk])
        == f"/fr/dashboard/exports/proposals/{proposal.pk}/follow-up.csv"
    )


def test_visitors_are_asked_to_log_in(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("who", PEOPLE)
def test_everybody_but_staff_gets_a_404(client, request, urls, who, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    client.force_login(request.getfixturevalue(who))
    for url in urls:
        assert client.get(url).status_code == 404, url
    # Refusals are logged; nothing was exported.
    assert '"event": "denied"' in caplog.text
    assert '"event": "export"' not in caplog.text


def test_inactive_staff_gets_nothing(client, staff, urls):
    client.force_login(staff)
    staff.is_active = False
    staff.save()
    for url in urls:
        assert client.get(url).status_code in (302, 404), url


def test_staff_gets_everything(staff_client, urls):
    for url in urls:
        assert staff_client.get(url).status_code == 200, url


def test_wrong_method(staff_client, urls):
    for url in urls:
        assert staff_client.post(url).status_code == 405, url
    assert staff_client.head(urls[0]).status_code == 200
    # A HEAD on an export would be logged as an export nobody received.
    for url in urls[1:]:
        assert staff_client.head(url).status_code == 405, url


def test_unknown_vacancy_or_proposal(staff_client):
    assert (
        staff_client.get(reverse("dashboard:export_applications", args=["nope"])).status_code == 404
    )
    assert staff_client.get(reverse("dashboard:export_follow_up", args=[999999])).status_code == 404


def test_dashboard_is_in_the_navigation_for_staff_only(staff_client, client, volunteer):
    assert 'href="/fr/dashboard/"' in staff_client.get("/fr/").content.decode()
    client.force_login(volunteer)
    assert 'href="/fr/dashboard/"' not in client.get("/fr/").content.decode()

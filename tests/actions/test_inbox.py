"""The coordinator's inbox of assigned circulars: acknowledge, then propose to the groups."""

import datetime

import pytest
from django.urls import reverse

from actions.models import CircularAssignment
from tests.actions.factories import (
    AssignmentFactory,
    CircularFactory,
    PublishedProposalFactory,
    today,
)
from tests.groups.factories import LocalGroupFactory

# Dates relative to today, on the fixed clock of tests/clock.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

INBOX = reverse("actions:inbox")


def acknowledge(assignment):
    return reverse("actions:assignment_acknowledge", args=[assignment.pk])


def test_inbox_lists_my_coordinations_open_circulars(
    coordinator_client, assigned_circular, coordination, other_coordination
):
    AssignmentFactory(
        circular=CircularFactory(reference="UA 777/26"), coordination=other_coordination
    )
    relayed = CircularFactory(reference="UA 555/26")
    AssignmentFactory(circular=relayed, coordination=coordination)
    PublishedProposalFactory(coordination=coordination, circular=relayed)
    page = coordinator_client.get(INBOX).content.decode()
    assert "UA 123/26" in page
    assert "UA 777/26" not in page, "another coordination's circular"
    assert "UA 555/26" not in page, "already relayed"
    everything = coordinator_client.get(INBOX, {"show": "all"}).content.decode()
    assert "UA 555/26" in everything and "Relayée aux groupes" in everything


def test_inbox_flags_overdue_relays(coordinator_client, coordination):
    late = CircularFactory(
        received_on=today() - datetime.timedelta(days=10),
        issued_on=today() - datetime.timedelta(days=11),
    )
    AssignmentFactory(circular=late, coordination=coordination)
    assert "En retard" in coordinator_client.get(INBOX).content.decode()


def test_inbox_needs_a_login(client):
    assert client.get(INBOX).status_code == 302


def test_inbox_of_a_volunteer_is_empty(volunteer_client, assigned_circular):
    response = volunteer_client.get(INBOX)
    assert response.status_code == 200
    assert "UA 123/26" not in response.content.decode()


def test_inbox_refuses_post(coordinator_client):
    assert coordinator_client.post(INBOX).status_code == 405


def test_coordinator_acknowledges(coordinator_client, coordinator, assigned_circular):
    assignment = assigned_circular.assignments.get()
    response = coordinator_client.post(acknowledge(assignment))
    assert response.status_code == 302 and response.url == INBOX
    assignment.refresh_from_db()
    assert assignment.acknowledged_by == coordinator
    first = assignment.acknowledged_at
    coordinator_client.post(acknowledge(assignment))
    assignment.refresh_from_db()
    assert assignment.acknowledged_at == first, "only the first acknowledgement counts"


def test_acknowledge_goes_back_to_a_local_page_only(coordinator_client, assigned_circular):
    assignment = assigned_circular.assignments.get()
    page = assigned_circular.get_absolute_url()
    assert coordinator_client.post(acknowledge(assignment), {"next": page}).url == page
    other = AssignmentFactory(circular=CircularFactory(), coordination=assignment.coordination)
    response = coordinator_client.post(acknowledge(other), {"next": "https://evil.example/"})
    assert response.url == INBOX


def test_acknowledge_refuses_get(coordinator_client, assigned_circular):
    assignment = assigned_circular.assignments.get()
    # By GET: the inbox, where the button is; nothing acknowledged.
    response = coordinator_client.get(acknowledge(assignment))
    assert response.status_code == 302 and response.url == INBOX
    assignment.refresh_from_db()
    assert assignment.acknowledged_at is None


def test_another_coordinator_cannot_acknowledge(client, other_coordinator, assigned_circular):
    client.force_login(other_coordinator)
    assignment = assigned_circular.assignments.get()
    assert client.post(acknowledge(assignment)).status_code == 404
    assert CircularAssignment.objects.get().acknowledged_at is None


def test_anonymous_cannot_acknowledge(client, assigned_circular):
    assert client.post(acknowledge(assigned_circular.assignments.get())).status_code == 302
    assert CircularAssignment.objects.get().acknowledged_at is None


def test_my_space_shows_the_circulars_to_relay(coordinator_client, assigned_circular):
    page = coordinator_client.get(reverse("accounts:me")).content.decode()
    assert "Circulaires à relayer" in page and "UA 123/26" in page


def test_my_space_of_a_volunteer_has_no_circulars(volunteer_client):
    page = volunteer_client.get(reverse("accounts:me")).content.decode()
    assert "Circulaires à relayer" not in page


@pytest.mark.parametrize("rows", [10, 60])
def test_inbox_query_count_does_not_grow(
    coordinator_client, coordination, django_assert_num_queries, rows
):
    LocalGroupFactory()
    for _ in range(rows):
        AssignmentFactory(
            circular=CircularFactory(parent=CircularFactory()), coordination=coordination
        )
    # A first visit: session, user, count, assignments (with circular, original and
    # coordination), the coordinator check of the header button, the navigation's count of
    # what waits (config/navigation.py, then cached)
    with django_assert_num_queries(6):
        assert coordinator_client.get(INBOX).status_code == 200
    # Then the inbox is kept (tests/actions/test_registry_cache.py): session and user alone.
    with django_assert_num_queries(2):
        assert coordinator_client.get(INBOX).status_code == 200

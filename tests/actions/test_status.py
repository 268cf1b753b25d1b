"""A circular's status follows from what happened to it: received → assigned → relayed → closed."""

import datetime

import pytest

from actions import services
from actions.models import ActionProposal, Circular
from tests.actions.factories import (
    AssignmentFactory,
    CircularFactory,
    ProposalFactory,
    today,
)
from tests.clock import DATE_SENSITIVE
from tests.groups.factories import LocalGroupFactory

# A status depends on today: each test runs at every awkward moment of tests/clock.py.
pytestmark = [pytest.mark.django_db, *DATE_SENSITIVE]


def status_of(circular, day=None):
    return Circular.objects.with_status(day).get(pk=circular.pk).status


def overdue(circular, day=None):
    return Circular.objects.with_status(day).get(pk=circular.pk).is_overdue


def test_full_life_of_a_circular(circular, coordination, staff, coordinator):
    assert status_of(circular) == "received"

    services.circular_assign(circular=circular, coordinations=[coordination], assigned_by=staff)
    assert status_of(circular) == "assigned"

    LocalGroupFactory()
    proposal = ProposalFactory(coordination=coordination, circular=circular)
    services.proposal_save(proposal=proposal)
    assert status_of(circular) == "assigned", "a draft proposal relays nothing"
    services.proposal_publish(proposal=proposal, published_by=coordinator)
    assert status_of(circular) == "relayed"

    services.proposal_close(proposal=proposal)
    assert status_of(circular) == "relayed", "closing the follow-up does not close the case"

    services.circular_close(circular=circular, outcome=Circular.Outcome.RELEASED, note="Libéré")
    assert status_of(circular) == "closed"
    circular.refresh_from_db()
    assert (circular.outcome, circular.closed_on) == ("released", today())


def test_status_label_is_translated(circular):
    assert Circular.objects.with_status().get(pk=circular.pk).get_status_display() == "Reçue"


def test_an_update_is_assigned_like_its_original_and_leaves_the_original_alone(
    assigned_circular, coordination, staff
):
    update = Circular(
        reference="UA 123/26-1",
        title="Complément d’information",
        kind=Circular.Kind.URGENT_ACTION,
        issued_on=today(),
        received_on=today(),
        summary="Transféré vers une autre prison.",
        parent=assigned_circular,
    )
    services.circular_register(circular=update, registered_by=staff)
    assert status_of(update) == "assigned"
    assert list(update.assignments.values_list("coordination", flat=True)) == [coordination.pk]
    assert status_of(assigned_circular) == "assigned"


def test_an_update_of_an_update_joins_the_original_thread(assigned_circular, staff):
    first = CircularFactory(reference="UA 123/26-1", parent=assigned_circular)
    second = CircularFactory.build(reference="UA 123/26-2", parent=first)
    services.circular_register(circular=second, registered_by=staff)
    assert second.parent == assigned_circular


def test_an_update_counts_as_relayed_when_its_original_was(
    assigned_circular, coordination, coordinator, staff
):
    LocalGroupFactory()
    proposal = ProposalFactory(coordination=coordination, circular=assigned_circular)
    services.proposal_publish(proposal=proposal, published_by=coordinator)
    update = CircularFactory.build(reference="UA 123/26-1", parent=assigned_circular)
    services.circular_register(circular=update, registered_by=staff)
    assert status_of(update) == "relayed"


def test_the_outcome_of_an_update_closes_the_whole_thread(assigned_circular, staff):
    update = CircularFactory(reference="UA 123/26-1", parent=assigned_circular)
    services.circular_close(circular=update, outcome=Circular.Outcome.RELEASED)
    assert status_of(update) == "closed"
    assert status_of(assigned_circular) == "closed"


def test_closing_the_original_closes_its_updates(assigned_circular):
    update = CircularFactory(reference="UA 123/26-1", parent=assigned_circular)
    services.circular_close(circular=assigned_circular, outcome=Circular.Outcome.CHARGES_DROPPED)
    assert status_of(update) == "closed"


def test_overdue_once_the_relay_date_passes_without_a_proposal(circular, coordination):
    assignment = AssignmentFactory(circular=circular, coordination=coordination)
    due = assignment.relay_due_on
    assert not overdue(circular, due)
    assert overdue(circular, due + datetime.timedelta(days=1))


def test_not_overdue_once_relayed_or_closed(circular, coordination, coordinator):
    assignment = AssignmentFactory(circular=circular, coordination=coordination)
    later = assignment.relay_due_on + datetime.timedelta(days=3)
    LocalGroupFactory()
    proposal = ProposalFactory(coordination=coordination, circular=circular)
    services.proposal_publish(proposal=proposal, published_by=coordinator)
    assert not overdue(circular, later)
    other = CircularFactory()
    AssignmentFactory(circular=other, coordination=coordination)
    services.circular_close(circular=other, outcome=Circular.Outcome.ACTION_STOPPED)
    assert not overdue(other, later)


def test_another_coordinations_proposal_does_not_relay_my_assignment(
    circular, coordination, other_coordination, other_coordinator
):
    mine = AssignmentFactory(circular=circular, coordination=coordination)
    AssignmentFactory(circular=circular, coordination=other_coordination)
    LocalGroupFactory()
    proposal = ProposalFactory(coordination=other_coordination, circular=circular)
    services.proposal_publish(proposal=proposal, published_by=other_coordinator)
    later = mine.relay_due_on + datetime.timedelta(days=1)
    assert status_of(circular) == "relayed"
    assert overdue(circular, later), "Mexique has still not relayed it"


def test_default_relay_due_date_is_a_week_or_two_days_when_urgent():
    received = datetime.date(2026, 3, 2)
    normal = Circular(received_on=received, priority=Circular.Priority.NORMAL)
    urgent = Circular(received_on=received, priority=Circular.Priority.URGENT)
    assert normal.default_relay_due_on() == datetime.date(2026, 3, 9)
    assert urgent.default_relay_due_on() == datetime.date(2026, 3, 4)


def test_assigning_twice_keeps_one_assignment(circular, coordination, staff):
    services.circular_assign(circular=circular, coordinations=[coordination], assigned_by=staff)
    again = services.circular_assign(
        circular=circular, coordinations=[coordination], assigned_by=staff
    )
    assert again == []
    assert circular.assignments.count() == 1


def test_published_proposal_cannot_be_published_twice(coordination, coordinator):
    LocalGroupFactory()
    proposal = ProposalFactory(coordination=coordination)
    services.proposal_publish(proposal=proposal, published_by=coordinator)
    with pytest.raises(Exception, match="déjà été publiée"):
        services.proposal_publish(proposal=proposal, published_by=coordinator)
    assert ActionProposal.objects.get().status == "published"

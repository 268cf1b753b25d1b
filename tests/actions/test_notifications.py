"""Further information reaches everyone who received or relayed the original circular."""

import pytest

from actions import services
from tests.actions.factories import CircularFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_an_update_reaches_coordinators_and_the_groups_that_acted(
    assigned_circular,
    coordination,
    coordinator,
    staff,
    group,
    leader,
    other_leader,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    proposal = ProposalFactory(
        coordination=coordination,
        circular=assigned_circular,
        target="chosen",
        proposed_by=coordinator,
    )
    proposal.chosen_groups.set([group])
    services.proposal_publish(proposal=proposal, published_by=coordinator)
    update = CircularFactory.build(
        reference="UA 123/26-1",
        title="Complément : transféré",
        summary="Il a été transféré dans une prison éloignée de sa famille.",
        parent=assigned_circular,
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.circular_register(circular=update, registered_by=staff)
    to_leader = [m for m in mailoutbox if m.to == [leader.email]]
    to_coordinator = [m for m in mailoutbox if m.to == [coordinator.email]]
    assert len(to_leader) == 1
    assert "transféré dans une prison" in to_leader[0].body
    assert f"/fr/actions/groups/{group.slug}/" in to_leader[0].body
    # The coordinator hears of it as a new assignment and as further information, once each.
    assert sorted(m.subject.split(" ")[0] for m in to_coordinator) == ["Complément", "Nouvelle"]
    assert f"/fr/actions/circulars/{update.pk}/" in to_coordinator[-1].body
    assert not [m for m in mailoutbox if other_leader.email in m.to], "not targeted"


def test_an_original_without_readers_sends_nothing(
    circular, staff, mailoutbox, django_capture_on_commit_callbacks
):
    update = CircularFactory.build(reference="UA 123/26-1", parent=circular)
    with django_capture_on_commit_callbacks(execute=True):
        services.circular_register(circular=update, registered_by=staff)
    assert mailoutbox == []

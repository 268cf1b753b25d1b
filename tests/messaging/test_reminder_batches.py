"""The morning run records reminders a batch at a time: each once, in a bounded number of queries
per batch, and with memory that does not grow with the number of reminders due."""

import datetime
import gc
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import actions.reminders
import coordinations.reminders
import messaging.sweeps
from coordinations.models import Mandate
from messaging.models import OutgoingMessage
from messaging.sweeps import reminders_run
from messaging.tasks import deliver_message
from tests.actions.factories import (
    AssignmentFactory,
    LeaderFactory,
    PublishedProposalFactory,
    RecipientFactory,
)
from tests.coordinations.factories import CoordinationFactory, MandateFactory
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
DAY = datetime.timedelta(days=1)
IN_30_DAYS = TODAY + DAY * 30


def mandates_ending_in_30_days(count: int, coordination=None) -> None:
    """``count`` lead mandates reaching their 30-day milestone today (one coordinator)."""
    coordination = coordination or CoordinationFactory()
    volunteer = UserFactory()
    Mandate.objects.bulk_create(
        Mandate(
            coordination=coordination,
            volunteer=volunteer,
            role=Mandate.Role.LEAD,
            commitment_months=24,
            start_date=IN_30_DAYS - datetime.timedelta(days=730),
            end_date=IN_30_DAYS,
            # Overlapping lead mandates of one coordination each hold their own place, as the
            # database requires (coordinations migration 0006).
            lead_seat=n + 1,
        )
        for n in range(count)
    )


@pytest.fixture
def batch_of(monkeypatch):
    def set_size(size: int) -> None:
        monkeypatch.setattr(messaging.sweeps, "REMINDER_BATCH", size)

    return set_size


def test_every_reminder_is_recorded_once_across_batches(
    batch_of, mailoutbox, django_capture_on_commit_callbacks
):
    batch_of(2)
    contact = StaffFactory(preferred_language="en")
    # Five coordinations followed by the same secretariat contact, each with its coordinator.
    mandates = [
        MandateFactory(
            coordination=CoordinationFactory(secretariat_contact=contact),
            start_date=IN_30_DAYS - datetime.timedelta(days=730),
        )
        for _ in range(5)
    ]
    assert reminders_run(TODAY, only="mandate_milestones", dry_run=True) == {
        "mandate_milestones": 6
    }
    assert not OutgoingMessage.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_run(TODAY, only="mandate_milestones")
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_run(TODAY, only="mandate_milestones")
    assert first == {"mandate_milestones": 6}  # five coordinators and the contact's digest
    assert second == {"mandate_milestones": 0}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [m.volunteer.email for m in mandates] + [contact.email]
    )
    digest = next(m for m in mailoutbox if m.to == [contact.email])
    assert digest.subject == "5 mandates reach a milestone"  # one digest, all five rows
    assert OutgoingMessage.objects.filter(status="sent").count() == 6


def test_relays_and_follow_ups_read_in_chunks_remind_everyone(
    batch_of, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    # Coordinators and leaders are looked up chunk by chunk: none is lost at a chunk's edge.
    batch_of(2)
    monkeypatch.setattr(actions.reminders, "QUERY_CHUNK", 2)
    coordinators = []
    for _ in range(3):
        mandate = MandateFactory()
        coordinators.append(mandate.volunteer)
        AssignmentFactory(coordination=mandate.coordination, relay_due_on=TODAY - DAY)
    due_on = TODAY + 3 * DAY  # the follow-up is announced today
    proposal = PublishedProposalFactory(
        starts_on=due_on - 40 * DAY, ends_on=due_on - 10 * DAY, follow_up_due_on=due_on
    )
    leaders = [
        LeaderFactory(group=RecipientFactory(proposal=proposal).group).volunteer for _ in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_run(TODAY, only="circular_relays") | reminders_run(
            TODAY, only="follow_ups"
        )
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_run(TODAY, only="circular_relays") | reminders_run(
            TODAY, only="follow_ups"
        )
    assert first == {"circular_relays": 3, "follow_ups": 3}
    assert second == {"circular_relays": 0, "follow_ups": 0}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        person.email for person in coordinators + leaders
    )


def test_a_dry_run_counts_what_a_real_run_records(batch_of, django_capture_on_commit_callbacks):
    # Someone who both coordinates and is a team member is due one reminder, even when the two
    # fall in different batches.
    batch_of(1)
    lead = MandateFactory()
    MandateFactory(coordination=lead.coordination, volunteer=lead.volunteer, role="member")
    MandateFactory(coordination=lead.coordination, role="member")
    AssignmentFactory(coordination=lead.coordination, relay_due_on=TODAY - DAY)
    dry = reminders_run(TODAY, only="circular_relays", dry_run=True)
    with django_capture_on_commit_callbacks():
        recorded = reminders_run(TODAY, only="circular_relays")
    assert dry == recorded == {"circular_relays": 2}
    assert OutgoingMessage.objects.count() == 2


def test_queries_grow_with_the_batches_not_with_the_reminders(
    batch_of, django_capture_on_commit_callbacks
):
    def queries(due: int, batch: int) -> int:
        OutgoingMessage.objects.all().delete()
        Mandate.objects.all().delete()
        mandates_ending_in_30_days(due)
        batch_of(batch)
        with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks():
            assert reminders_run(TODAY, only="mandate_milestones") == {"mandate_milestones": due}
        return len(captured)

    one, two, three = queries(2, batch=2), queries(4, batch=2), queries(6, batch=2)
    per_batch = two - one
    assert three - two == per_batch
    assert per_batch <= 5  # savepoint, known keys, insert, read back, release
    # A batch costs the same whatever it holds.
    assert queries(6, batch=6) == one


@pytest.mark.django_db(transaction=True)
def test_memory_does_not_grow_with_the_number_of_reminders(batch_of, monkeypatch):
    # As in production, each batch commits on its own and its deliveries are queued then (the
    # queue itself is what leaves the machine, so it is replaced here).
    batch_of(50)
    monkeypatch.setattr(coordinations.reminders, "QUERY_CHUNK", 50)
    monkeypatch.setattr(deliver_message, "apply_async", lambda *args, **kwargs: None)

    def peak(due: int) -> int:
        OutgoingMessage.objects.all().delete()
        Mandate.objects.all().delete()
        mandates_ending_in_30_days(due)
        gc.collect()
        tracemalloc.start()
        try:
            recorded = reminders_run(TODAY, only="mandate_milestones")
            measured = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert recorded == {"mandate_milestones": due}
        return measured

    peak(10)  # templates and translations are loaded once, on the first run
    small, large = peak(100), peak(400)
    assert OutgoingMessage.objects.count() == 400
    assert large < 1.5 * small, f"peak {small} B for 100 reminders, {large} B for 400"

"""Reminders of the actions: relays overdue, follow-ups due, and the staff's weekly digest."""

import datetime

import pytest

from messaging.models import OutgoingMessage
from messaging.sweeps import reminders_run
from tests.actions.factories import (
    AssignmentFactory,
    CircularFactory,
    LeaderFactory,
    PublishedProposalFactory,
    RecipientFactory,
    ReportFactory,
)
from tests.coordinations.factories import MandateFactory
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)  # a Monday
DAY = datetime.timedelta(days=1)


@pytest.fixture
def run(django_capture_on_commit_callbacks, mailoutbox):
    def sweep(today=TODAY, only=None):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_run(today, only=only)

    return sweep


def test_an_unrelayed_assignment_reminds_its_coordinator_the_day_after_its_date(run, mailoutbox):
    coordinator = UserFactory(first_name="Karim")
    mandate = MandateFactory(volunteer=coordinator)
    assignment = AssignmentFactory(coordination=mandate.coordination, relay_due_on=TODAY - DAY)
    run(TODAY - DAY, only="circular_relays")
    assert mailoutbox == []
    run(only="circular_relays")
    run(TODAY + DAY, only="circular_relays")
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert assignment.circular.reference in mailoutbox[0].subject
    assert "/fr/actions/inbox/" in mailoutbox[0].body


def test_a_relayed_and_acknowledged_assignment_is_not_reminded(run, mailoutbox):
    mandate = MandateFactory()
    circular = CircularFactory()
    AssignmentFactory(
        circular=circular,
        coordination=mandate.coordination,
        relay_due_on=TODAY - DAY,
        acknowledged_at=datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC),
    )
    PublishedProposalFactory(coordination=mandate.coordination, circular=circular)
    run(only="circular_relays")
    assert mailoutbox == []


def follow_up_case(due_on):
    recipient = RecipientFactory(
        proposal=PublishedProposalFactory(
            starts_on=due_on - datetime.timedelta(days=40),
            ends_on=due_on - datetime.timedelta(days=10),
            follow_up_due_on=due_on,
        )
    )
    leader = LeaderFactory(group=recipient.group).volunteer
    return recipient, leader


def test_follow_up_is_announced_three_days_before_it_is_due(run, mailoutbox):
    recipient, leader = follow_up_case(TODAY + 3 * DAY)
    run(TODAY - DAY, only="follow_ups")
    assert mailoutbox == []
    run(only="follow_ups")
    run(TODAY + DAY, only="follow_ups")
    assert [m.to for m in mailoutbox] == [[leader.email]]
    assert "/fr/actions/report/" in mailoutbox[0].body


def test_a_missed_notice_is_sent_until_the_due_date_not_after(run, mailoutbox):
    # The morning of the notice had no run: the next run before the due date sends it...
    follow_up_case(TODAY + 1 * DAY)
    run(only="follow_ups")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Suivi attendu bientôt")
    # ... but once the follow-up is overdue, only the weekly overdue reminders follow.
    mailoutbox.clear()
    follow_up_case(TODAY - 2 * DAY)
    run(only="follow_ups")
    assert mailoutbox == []


def test_an_overdue_reminder_missed_is_caught_up_once(run, mailoutbox):
    recipient, leader = follow_up_case(TODAY - 9 * DAY)  # the first reminder was 2 days ago
    run(only="follow_ups")
    run(TODAY + DAY, only="follow_ups")
    assert [m.to for m in mailoutbox] == [[leader.email]]
    assert list(OutgoingMessage.objects.values_list("milestone", flat=True)) == ["overdue-1"]


def test_a_relay_reminder_missed_is_caught_up_once(run, mailoutbox):
    coordinator = UserFactory()
    mandate = MandateFactory(volunteer=coordinator)
    AssignmentFactory(coordination=mandate.coordination, relay_due_on=TODAY - 5 * DAY)
    run(only="circular_relays")
    run(TODAY + DAY, only="circular_relays")
    assert [m.to for m in mailoutbox] == [[coordinator.email]]


def test_overdue_follow_up_is_reminded_weekly_at_most_three_times(run, mailoutbox):
    recipient, leader = follow_up_case(TODAY)
    for day in range(1, 40):
        run(TODAY + day * DAY, only="follow_ups")
    assert len(mailoutbox) == 3
    assert sorted(OutgoingMessage.objects.values_list("milestone", flat=True)) == [
        "overdue-1",
        "overdue-2",
        "overdue-3",
    ]


def test_a_missed_monday_digest_is_sent_by_tuesdays_run_not_later_in_the_week(run, mailoutbox):
    staff = StaffFactory()
    follow_up_case(TODAY - 12 * DAY)
    run(TODAY + 3 * DAY, only="staff_weekly_digest")  # Thursday: too late in the week
    assert mailoutbox == []
    run(TODAY + DAY, only="staff_weekly_digest")
    run(TODAY + 2 * DAY, only="staff_weekly_digest")
    assert [m.to for m in mailoutbox] == [[staff.email]]


def test_groups_that_reported_are_not_reminded(run, mailoutbox):
    recipient, leader = follow_up_case(TODAY + 3 * DAY)
    ReportFactory(proposal=recipient.proposal, group=recipient.group)
    run(only="follow_ups")
    assert mailoutbox == []


def test_staff_weekly_digest_on_mondays_only(run, mailoutbox):
    staff = StaffFactory()
    StaffFactory(receives_digests=False)
    # Ids that differ between proposals and recipients, as they do in real life.
    RecipientFactory.create_batch(3)
    reported, _ = follow_up_case(TODAY - 10 * DAY)
    ReportFactory(proposal=reported.proposal, group=reported.group)
    unreported, _ = follow_up_case(TODAY - 12 * DAY)
    run(TODAY - DAY, only="staff_weekly_digest")  # a Sunday
    assert mailoutbox == []
    run(only="staff_weekly_digest")
    run(only="staff_weekly_digest")
    run(TODAY + DAY, only="staff_weekly_digest")
    assert [m.to for m in mailoutbox] == [[staff.email]]
    assert "/fr/me/unsubscribe/" in mailoutbox[0].body
    assert unreported.proposal.follow_up_due_on.strftime("%d/%m/%Y") in mailoutbox[0].body
    assert reported.proposal.follow_up_due_on.strftime("%d/%m/%Y") not in mailoutbox[0].body

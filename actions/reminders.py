"""The actions' daily sweeps: relays and follow-ups due, and the staff's weekly digest.

Each sweep finds what is due on or before the run's date and not recorded yet (within
REMINDER_CATCH_UP_DAYS), so that a morning without a run is caught up by the next one.
"""

import datetime

from django.db.models import Exists, OuterRef, Q

from accounts.models import User
from actions.links import report_token
from actions.models import ActionProposal, CircularAssignment, FollowUpReport, ProposalRecipient
from actions.notifications import coordinators_of, leaders_of
from messaging.sweeps import QUERY_CHUNK, Due, address_in, batched, catch_up_days, sweep

# A follow-up is announced 3 days before it is due, then reminded weekly, at most 3 times.
FOLLOW_UP_NOTICE_DAYS = 3
FOLLOW_UP_OVERDUE_REMINDERS = 3
# A missed Monday digest is sent by the next run until Wednesday; later in the week it waits for
# the next Monday.
DIGEST_CATCH_UP_WEEKDAYS = 3


def _in_language(user, path_name: str, **kwargs) -> str:
    return address_in(user.preferred_language, path_name, **kwargs)


def overdue_assignments(today: datetime.date):
    """Assignments past their relay date, still not acknowledged or not relayed."""
    return (
        CircularAssignment.objects.with_relay()
        .filter(relay_due_on__lt=today, circular__closed_on__isnull=True)
        .filter(Q(acknowledged_at__isnull=True) | Q(is_relayed=False))
    )


def _unreported():
    """Targeted groups that have not reported on the proposal they received."""
    reported = FollowUpReport.objects.filter(proposal=OuterRef("proposal"), group=OuterRef("group"))
    return ProposalRecipient.objects.annotate(has_reported=Exists(reported)).filter(
        has_reported=False
    )


def unreported_recipients(proposals):
    """The targeted groups of these proposals that have not reported."""
    return (
        _unreported()
        .filter(proposal__in=proposals)
        .select_related("proposal__coordination", "group")
    )


@sweep("circular_relays")
def circular_relays(today: datetime.date):
    """The day after the relay date (or the first run after it), the coordinators of an
    assignment not yet acknowledged or relayed are reminded (once)."""
    yesterday = today - datetime.timedelta(days=1)
    assignments = (
        overdue_assignments(today)
        .filter(
            relay_due_on__range=(yesterday - datetime.timedelta(days=catch_up_days()), yesterday)
        )
        .select_related("circular", "coordination")
    )
    # Read a chunk at a time, with the coordinators of that chunk only (one query per chunk).
    for chunk in batched(assignments.iterator(chunk_size=QUERY_CHUNK), QUERY_CHUNK):
        people = coordinators_of({a.coordination_id for a in chunk})
        for assignment in chunk:
            for person in people.get(assignment.coordination_id, []):
                yield Due(
                    kind="circular_relay_overdue",
                    obj=assignment,
                    milestone="due",
                    recipient=person,
                    template="actions/email/relay_reminder",
                    context={
                        "assignment": assignment,
                        "inbox_url": _in_language(person, "actions:inbox"),
                    },
                )


def _follow_up_milestone(proposal: ActionProposal, today: datetime.date) -> str | None:
    """The latest follow-up milestone the proposal reached on or before ``today``, if it was
    reached at most REMINDER_CATCH_UP_DAYS ago: "due-soon" from 3 days before the due date until
    that date (a notice after the due date would be stale: the first overdue reminder follows),
    then "overdue-1" to "overdue-3" a week, two and three weeks after it."""
    days_late = (today - proposal.follow_up_due_on).days
    if days_late < -FOLLOW_UP_NOTICE_DAYS:
        return None
    if days_late <= 0:
        return "due-soon"
    weeks = min(days_late // 7, FOLLOW_UP_OVERDUE_REMINDERS)
    if weeks == 0 or days_late - 7 * weeks > catch_up_days():
        return None
    return f"overdue-{weeks}"


@sweep("follow_ups")
def follow_ups(today: datetime.date):
    """Leaders of targeted groups that have not reported: 3 days before the follow-up is due,
    then once a week while it is overdue, at most 3 times; a missed morning is caught up."""
    last_reminder = 7 * FOLLOW_UP_OVERDUE_REMINDERS + catch_up_days()
    proposals = ActionProposal.objects.filter(
        status=ActionProposal.Status.PUBLISHED,
        follow_up_due_on__range=(
            today - datetime.timedelta(days=last_reminder),
            today + datetime.timedelta(days=FOLLOW_UP_NOTICE_DAYS),
        ),
    )
    recipients = unreported_recipients(proposals).order_by("pk")
    # Read a chunk at a time, with the leaders of that chunk's groups only (one query per chunk).
    for chunk in batched(recipients.iterator(chunk_size=QUERY_CHUNK), QUERY_CHUNK):
        leaders = leaders_of({r.group_id for r in chunk})
        for recipient in chunk:
            proposal = recipient.proposal
            milestone = _follow_up_milestone(proposal, today)
            if milestone is None:
                continue
            for person in leaders.get(recipient.group_id, []):
                token = report_token(
                    proposal_id=proposal.pk, group_id=recipient.group_id, leader_id=person.pk
                )
                yield Due(
                    kind="follow_up_reminder",
                    obj=recipient,
                    milestone=milestone,
                    recipient=person,
                    template="actions/email/follow_up_reminder",
                    context={
                        "proposal": proposal,
                        "group": recipient.group,
                        "overdue": milestone.startswith("overdue"),
                        "report_url": _in_language(person, "actions:report_by_link", token=token),
                    },
                )


@sweep("staff_weekly_digest")
def staff_weekly_digest(today: datetime.date):
    """On Mondays (or the next run until Wednesday, when Monday's was missed), every member of
    the secretariat gets what is overdue (not essential)."""
    if today.weekday() >= DIGEST_CATCH_UP_WEEKDAYS:
        return
    assignments = list(
        overdue_assignments(today)
        .select_related("circular", "coordination")
        .order_by("relay_due_on")[:50]
    )
    proposals = list(
        ActionProposal.objects.filter(
            status=ActionProposal.Status.PUBLISHED, follow_up_due_on__lt=today
        )
        .filter(Exists(_unreported().filter(proposal=OuterRef("pk"))))
        .select_related("coordination")
        .order_by("follow_up_due_on")[:50]
    )
    if not assignments and not proposals:
        return
    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
    staff = User.objects.filter(is_staff=True, is_active=True, receives_digests=True)
    for person in staff.iterator(chunk_size=QUERY_CHUNK):
        yield Due(
            kind="actions_weekly_digest",
            obj=person,
            milestone=week,
            recipient=person,
            essential=False,
            template="actions/email/weekly_digest",
            context={
                "assignments": assignments,
                "proposals": proposals,
                "registry_url": _in_language(person, "actions:circular_list") + "?overdue=true",
            },
        )

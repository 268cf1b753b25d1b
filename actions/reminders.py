"""The actions' daily sweeps: relays and follow-ups due, and the staff's weekly digest."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.reminders import QUERY_CHUNK, Due, absolute, batched, sweep
from actions.links import report_token
from actions.models import ActionProposal, CircularAssignment, FollowUpReport, ProposalRecipient
from actions.notifications import coordinators_of, leaders_of

# A follow-up is announced 3 days before it is due, then reminded weekly, at most 3 times.
FOLLOW_UP_NOTICE_DAYS = 3
FOLLOW_UP_OVERDUE_REMINDERS = 3


def _in_language(user, path_name: str, **kwargs) -> str:
    with translation.override(user.preferred_language):
        return absolute(reverse(path_name, kwargs=kwargs or None))


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
    """The day after the relay date, the coordinators of an assignment not yet acknowledged or
    relayed are reminded (once)."""
    assignments = (
        overdue_assignments(today)
        .filter(relay_due_on=today - datetime.timedelta(days=1))
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
    days_late = (today - proposal.follow_up_due_on).days
    if days_late == -FOLLOW_UP_NOTICE_DAYS:
        return "due-soon"
    if days_late > 0 and days_late % 7 == 0 and days_late // 7 <= FOLLOW_UP_OVERDUE_REMINDERS:
        return f"overdue-{days_late // 7}"
    return None


@sweep("follow_ups")
def follow_ups(today: datetime.date):
    """Leaders of targeted groups that have not reported: 3 days before the follow-up is due,
    then once a week while it is overdue, at most 3 times."""
    due_dates = [today + datetime.timedelta(days=FOLLOW_UP_NOTICE_DAYS)] + [
        today - datetime.timedelta(weeks=week) for week in range(1, FOLLOW_UP_OVERDUE_REMINDERS + 1)
    ]
    proposals = ActionProposal.objects.filter(
        status=ActionProposal.Status.PUBLISHED, follow_up_due_on__in=due_dates
    )
    recipients = unreported_recipients(proposals).order_by("pk")
    # Read a chunk at a time, with the leaders of that chunk's groups only (one query per chunk).
    for chunk in batched(recipients.iterator(chunk_size=QUERY_CHUNK), QUERY_CHUNK):
        leaders = leaders_of({r.group_id for r in chunk})
        for recipient in chunk:
            proposal = recipient.proposal
            milestone = _follow_up_milestone(proposal, today)
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
    """On Mondays, every member of the secretariat gets what is overdue (not essential)."""
    if today.weekday() != 0:
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

"""Read queries shared by the pages, the admin, My space and the dashboard."""

import datetime

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from actions.models import (
    ActionProposal,
    Circular,
    CircularAssignment,
    FollowUpReport,
    ProposalRecipient,
)


def circulars_for_registry(today: datetime.date | None = None) -> QuerySet[Circular]:
    """Every circular with its status, overdue flag, themes and assignments (fixed queries)."""
    return (
        Circular.objects.with_status(today)
        .select_related("parent")
        .annotate(
            update_count=Coalesce(
                Subquery(
                    Circular.objects.filter(parent=OuterRef("pk"))
                    .order_by()
                    .values("parent")
                    .annotate(count=Count("pk"))
                    .values("count")
                ),
                0,
            )
        )
        .order_by("-received_on", "-pk")
        .prefetch_related(
            "themes",
            Prefetch(
                "assignments",
                queryset=CircularAssignment.objects.select_related("coordination").order_by(
                    "coordination__name"
                ),
            ),
        )
    )


def circular_for_page(today: datetime.date | None = None) -> QuerySet[Circular]:
    """One circular's page: status, its thread, targets, attachments, assignments, proposals."""
    return (
        Circular.objects.with_status(today)
        .select_related("parent", "registered_by")
        .prefetch_related(
            "themes",
            "targets",
            "attachments",
            Prefetch(
                "assignments",
                queryset=CircularAssignment.objects.with_relay()
                .select_related("coordination", "acknowledged_by")
                .order_by("coordination__name"),
            ),
            Prefetch(
                "updates",
                queryset=Circular.objects.with_status(today).order_by("issued_on", "pk"),
            ),
            Prefetch(
                "proposals",
                queryset=ActionProposal.objects.select_related("coordination").order_by(
                    "-created_at"
                ),
            ),
        )
    )


def inbox_for(user, *, open_only: bool = True, today: datetime.date | None = None):
    """The circulars assigned to the coordinations ``user`` holds, pressing ones first.

    Open: not relayed by that coordination and the circular not closed. Pressing
    (``is_pressing``): open, and past its relay date or urgent. The pressing ones come first,
    then the others, each soonest due first.
    """
    today = today or timezone.localdate()
    assignments = (
        CircularAssignment.objects.for_user(user)
        .with_relay()
        .select_related("circular__parent", "coordination")
        .annotate(
            circular_closed=ExpressionWrapper(
                Q(circular__closed_on__isnull=False) | Q(circular__parent__closed_on__isnull=False),
                output_field=BooleanField(),
            )
        )
        .annotate(
            is_pressing=ExpressionWrapper(
                Q(is_relayed=False, circular_closed=False)
                & (Q(relay_due_on__lt=today) | Q(circular__priority=Circular.Priority.URGENT)),
                output_field=BooleanField(),
            )
        )
        .order_by(F("is_pressing").desc(), "relay_due_on", "pk")
    )
    if open_only:
        assignments = assignments.filter(is_relayed=False, circular_closed=False)
    return assignments


def open_assignment_count(user) -> int:
    return inbox_for(user).count()


def _count(queryset) -> Coalesce:
    """The number of rows of ``queryset``, as a subquery (for one query that counts several)."""
    return Coalesce(
        Subquery(queryset.order_by().annotate(rows=Func(F("pk"), function="COUNT")).values("rows")),
        0,
    )


def waiting_for(user, today: datetime.date | None = None) -> dict:
    """What waits for ``user`` in the actions, for the main navigation: in one query.

    ``coordinator``: holds a coordination today; ``circulars``: the open circulars of their
    inbox, ``pressing`` of them overdue or urgent (``inbox_for``); ``leader``: the number of
    groups they lead, ``group``: the slug of the first one, ``reports``: the proposals those
    groups have not reported on yet (``awaiting_report_of``).
    """
    from accounts.models import User
    from coordinations.models import Mandate
    from groups.models import LocalGroup, Membership

    today = today or timezone.localdate()
    inbox = inbox_for(user, today=today)
    led = LocalGroup.objects.filter(
        memberships__volunteer=user, memberships__role=Membership.Role.LEADER
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            coordinator=Exists(Mandate.objects.holding_on(today).filter(volunteer=OuterRef("pk"))),
            circulars=_count(inbox),
            pressing=_count(inbox.filter(is_pressing=True)),
            leader=_count(led),
            group=Subquery(led.order_by("name").values("slug")[:1]),
            reports=_count(awaiting_report_of(led)),
        )
        .values("coordinator", "circulars", "pressing", "leader", "group", "reports")
        .order_by()
        .first()
    )
    return row or {
        "coordinator": False,
        "circulars": 0,
        "pressing": 0,
        "leader": 0,
        "group": None,
        "reports": 0,
    }


def proposals_for_results(proposal: ActionProposal) -> dict:
    """The results of one proposal: one row per targeted group, totals, who has not reported.

    Three queries whatever the number of groups: the recipients with their group, the reports,
    and the totals.
    """
    recipients = list(
        ProposalRecipient.objects.filter(proposal=proposal)
        .select_related("group")
        .order_by("group__name")
    )
    reports = {
        report.group_id: report
        for report in FollowUpReport.objects.filter(proposal=proposal).select_related("reported_by")
    }
    rows = [(recipient, reports.get(recipient.group_id)) for recipient in recipients]
    totals = FollowUpReport.objects.filter(proposal=proposal).aggregate(
        letters_sent=Sum("letters_sent", default=0),
        signatures_collected=Sum("signatures_collected", default=0),
        people_reached=Sum("people_reached", default=0),
        events_held=Sum("events_held", default=0),
        funds_raised=Sum("funds_raised", default=0),
        reports=Count("pk"),
        done=Count("pk", filter=Q(status=FollowUpReport.Status.DONE)),
        planned=Count("pk", filter=Q(status=FollowUpReport.Status.PLANNED)),
        not_taken_up=Count("pk", filter=Q(status=FollowUpReport.Status.NOT_TAKEN_UP)),
    )
    return {
        "rows": rows,
        "totals": totals,
        "missing": [recipient.group for recipient, report in rows if report is None],
    }


def proposals_of(user) -> QuerySet[ActionProposal]:
    """The proposals of the coordinations ``user`` holds (every proposal for staff)."""
    from accounts.permissions import is_staff_member
    from coordinations.models import Mandate

    proposals = ActionProposal.objects.select_related("coordination", "circular").annotate(
        recipient_count=Count("recipients", distinct=True),
        report_count=Count("reports", distinct=True),
    )
    if not is_staff_member(user):
        proposals = proposals.filter(
            coordination__in=Mandate.objects.holding_on()
            .filter(volunteer=user)
            .values("coordination")
        )
    return proposals.order_by("-created_at", "-pk")


def proposals_for_group(group) -> QuerySet[ProposalRecipient]:
    """What was proposed to one group, newest first, each with the group's report if any."""
    return (
        ProposalRecipient.objects.filter(group=group)
        .exclude(proposal__status=ActionProposal.Status.DRAFT)
        .select_related("proposal__coordination", "proposal__circular")
        .annotate(
            has_report=Exists(
                FollowUpReport.objects.filter(proposal=OuterRef("proposal"), group=group)
            )
        )
        .prefetch_related(
            Prefetch(
                "proposal__reports",
                queryset=FollowUpReport.objects.filter(group=group),
                to_attr="group_reports",
            )
        )
        .order_by("-proposal__published_at", "-pk")
    )


def awaiting_report_of(groups) -> QuerySet[ProposalRecipient]:
    """The open proposals sent to ``groups`` that the group has not reported on yet: the one
    definition of "waits for a report" (My space, the navigation's count)."""
    return ProposalRecipient.objects.filter(
        group__in=groups, proposal__status=ActionProposal.Status.PUBLISHED
    ).exclude(
        Exists(
            FollowUpReport.objects.filter(proposal=OuterRef("proposal"), group=OuterRef("group"))
        )
    )


def awaiting_report(groups, *, limit: int) -> list[dict]:
    """Per group: the open proposals it has not reported on yet (one query for all groups)."""
    waiting = (
        awaiting_report_of(groups)
        .select_related("proposal")
        .order_by("proposal__follow_up_due_on", "pk")
    )
    by_group: dict[int, list] = {group.pk: [] for group in groups}
    for recipient in waiting:
        by_group[recipient.group_id].append(recipient.proposal)
    return [
        {"group": group, "proposals": by_group[group.pk][:limit], "count": len(by_group[group.pk])}
        for group in groups
    ]


def action_material(proposal: ActionProposal) -> dict:
    """What of the circular a proposal's groups get: the targets and documents the coordinator
    chose (two queries), each document flagged when it is a Word letter template. Nothing else
    of the circular: its assignments' notes, its outcome, its other documents stay internal."""
    from actions.letters import is_letter_template

    targets = list(proposal.targets.order_by("order", "pk"))
    documents = list(proposal.documents.select_related("circular").order_by("pk"))
    for document in documents:
        document.is_template = is_letter_template(document)
    return {
        "targets": targets,
        "documents": documents,
        "has_template": any(d.is_template for d in documents),
    }

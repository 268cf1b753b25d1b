"""The dashboard's read queries. The dashboard owns no data: it reads the other apps' models.

The page has a fixed budget of queries whatever the size of the data. Tables that grow with the
years (applications, circulars, proposals and their reports, mandates, reminders) are only ever
counted in the database, many figures per query with ``aggregate(... filter=Q(...))``. The
small reference tables that the page lists anyway (active coordinations, active groups, active
mandates for the map, open vacancies) are read once each and counted in Python.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Floor, TruncMonth

from actions.models import (
    ActionProposal,
    Circular,
    CircularStatus,
    FollowUpReport,
    ProposalRecipient,
)
from coordinations.models import Coordination, Mandate
from coordinations.selectors import coordinations_with_vacancy
from dashboard.periods import Period
from groups.models import LocalGroup, Membership
from messaging.selectors import outbox_counts
from recruitment.models import Application, ApplicationTally, Vacancy

# How far ahead the secretariat looks for a mandate's next milestone (days).
MILESTONE_WINDOW_DAYS = 90
# How many of the latest proposals the follow-up chart shows.
LAST_PROPOSALS = 10


# Coordinations -------------------------------------------------------------------------------


def active_coordinations() -> list[dict]:
    """Every active coordination with ``is_vacant`` (no lead mandate holds it today) and
    ``arrives_on`` (an accepted coordinator's start date, not reached yet), by name."""
    return list(
        coordinations_with_vacancy(arrival_if_vacant=True)
        .active()
        .order_by("name")
        .values("pk", "name", "slug", "kind", "is_vacant", "is_recruiting", "arrives_on")
    )


def coordination_counts(coordinations: list[dict]) -> dict:
    """Active and vacant coordinations, overall and for each kind (in the kinds' order)."""
    by_kind = []
    for kind, label in Coordination.Kind.choices:
        of_kind = [row for row in coordinations if row["kind"] == kind]
        vacant = sum(1 for row in of_kind if row["is_vacant"])
        by_kind.append(
            {
                "kind": kind,
                "label": str(label),
                "filled": len(of_kind) - vacant,
                "vacant": vacant,
            }
        )
    return {
        "active": len(coordinations),
        "vacant": sum(1 for row in coordinations if row["is_vacant"]),
        "by_kind": by_kind,
    }


# Mandates ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneWindow:
    """Lead mandates whose next milestone is ``days`` before their end, and comes within the
    window: their end date lies between ``first`` and ``last`` (both included)."""

    days: int
    first: datetime.date
    last: datetime.date


def milestone_windows(today: datetime.date) -> list[MilestoneWindow]:
    """One window per milestone (settings.MANDATE_MILESTONE_DAYS), the nearest end first.

    A mandate with ``d`` days left reaches next the largest milestone ``m <= d``, in ``d - m``
    days; it counts when that is at most MILESTONE_WINDOW_DAYS. The windows never overlap.
    """
    milestones = sorted(set(settings.MANDATE_MILESTONE_DAYS))
    windows = []
    for index, days in enumerate(milestones):
        upper = days + MILESTONE_WINDOW_DAYS
        if index + 1 < len(milestones):
            upper = min(upper, milestones[index + 1] - 1)
        windows.append(
            MilestoneWindow(
                days=days,
                first=today + datetime.timedelta(days=days),
                last=today + datetime.timedelta(days=upper),
            )
        )
    return windows


def mandate_counts(today: datetime.date, period: Period, windows: list[MilestoneWindow]) -> dict:
    """Lead mandates past their end (to be decided) or reaching a milestone soon, and the
    mandates started in the period (one query)."""
    active_leads = Q(status=Mandate.Status.ACTIVE, role=Mandate.Role.LEAD)
    counts = Mandate.objects.aggregate(
        to_decide=Count("pk", filter=active_leads & Q(end_date__lt=today)),
        started=Count("pk", filter=Q(start_date__range=(period.start, period.end))),
        **{
            f"milestone_{window.days}": Count(
                "pk", filter=active_leads & Q(end_date__range=(window.first, window.last))
            )
            for window in windows
        },
    )
    counts["milestones"] = [
        {"window": window, "count": counts.pop(f"milestone_{window.days}")} for window in windows
    ]
    counts["reaching_milestone"] = sum(item["count"] for item in counts["milestones"])
    return counts


# Recruitment ---------------------------------------------------------------------------------


def open_vacancies(now: datetime.datetime, counted: int | None = None) -> list[Vacancy]:
    """Vacancies taking applications now, the nearest deadline first; the first ``counted``
    (all when None) with ``waiting`` (applications still in the pipeline) and ``received`` (all
    its applications).

    Counted in a second query for those vacancies only, on the index of (vacancy, status): the
    page lists twenty, and counting the applications of every open vacancy read most of the
    table at the movement's scale (seconds)."""
    vacancies = list(
        Vacancy.objects.open(now)
        .select_related("coordination")
        .order_by(F("deadline").asc(nulls_last=True), "-published_at", "pk")
    )
    shown = vacancies if counted is None else vacancies[:counted]
    counts = {
        row["vacancy"]: row
        for row in Application.objects.filter(vacancy__in=[vacancy.pk for vacancy in shown])
        .order_by()
        .values("vacancy")
        .annotate(
            waiting=Count("pk", filter=Q(status__in=Application.OPEN_STATUSES)),
            received=Count("pk"),
        )
    }
    for vacancy in shown:
        row = counts.get(vacancy.pk, {})
        vacancy.waiting = row.get("waiting", 0)
        vacancy.received = row.get("received", 0)
    return vacancies


def application_counts(period: Period) -> dict:
    """Applications still in the pipeline, and those received in the period by their current
    status (one query, on the tally the database keeps: recruitment/tally.py)."""
    in_period = Q(day__range=(period.start, period.end))

    def total(condition: Q) -> Coalesce:
        return Coalesce(Sum("count", filter=condition), 0)

    return ApplicationTally.objects.aggregate(
        waiting=total(Q(status__in=Application.OPEN_STATUSES)),
        received=total(in_period),
        **{
            f"status_{status}": total(in_period & Q(status=status))
            for status in Application.Status.values
        },
    )


def applications_per_month(period: Period) -> list[dict]:
    """Applications received in each month of the period, months without any included (one
    query on the tally: its days are already Brussels days)."""
    rows = (
        ApplicationTally.objects.filter(day__range=(period.start, period.end))
        .annotate(month=TruncMonth("day"))
        .order_by()
        .values("month")
        .annotate(total=Sum("count"))
        .values_list("month", "total")
    )
    totals = dict(rows)
    return [{"month": month, "total": totals.get(month, 0)} for month in period.months()]


# Circulars and proposals ---------------------------------------------------------------------


def circular_counts(today: datetime.date, period: Period) -> dict:
    """Circulars not assigned yet, assigned but not relayed, overdue, and received in the
    period (one query; the statuses are those of the registry)."""
    return Circular.objects.with_status(today).aggregate(
        not_assigned=Count("pk", filter=Q(status=CircularStatus.RECEIVED)),
        not_relayed=Count("pk", filter=Q(status=CircularStatus.ASSIGNED)),
        overdue=Count("pk", filter=Q(is_overdue=True)),
        received=Count("pk", filter=Q(received_on__range=(period.start, period.end))),
    )


def proposal_counts(today: datetime.date, period: Period) -> dict:
    """Published proposals whose follow-up is overdue (due date passed, follow-up not closed),
    proposals published in the period, and the participations in the period on the public
    action pages (one query: the proposals are counted distinct, as the join to the
    participations repeats them)."""
    return ActionProposal.objects.aggregate(
        overdue=Count(
            "pk",
            filter=Q(status=ActionProposal.Status.PUBLISHED, follow_up_due_on__lt=today),
            distinct=True,
        ),
        published=Count(
            "pk",
            filter=Q(published_at__gte=period.starts_at, published_at__lt=period.ends_before),
            distinct=True,
        ),
        public_participations=Count(
            "public_participations",
            filter=Q(
                public_participations__created_at__gte=period.starts_at,
                public_participations__created_at__lt=period.ends_before,
            ),
        ),
    )


def _count_of(queryset: QuerySet, aggregate=None) -> Coalesce:
    """A correlated COUNT(*) of ``queryset`` (filtered on OuterRef), or another ``aggregate``
    such as ``Sum("letters_sent")``; 0 when it has no rows."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .annotate(group_by=Value(1, output_field=IntegerField()))
            .values("group_by")
            .annotate(total=aggregate or Count("pk"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def latest_proposals_follow_up(period: Period, limit: int = LAST_PROPOSALS) -> list[dict]:
    """The latest proposals published in the period, each with its groups targeted, its
    reports by status and the letters they count (one query; counts are subqueries, so no join multiplies the rows)."""
    reports = FollowUpReport.objects.filter(proposal=OuterRef("pk"))
    proposals = (
        ActionProposal.objects.exclude(status=ActionProposal.Status.DRAFT)
        .filter(published_at__gte=period.starts_at, published_at__lt=period.ends_before)
        .annotate(
            targeted=_count_of(ProposalRecipient.objects.filter(proposal=OuterRef("pk"))),
            letters=_count_of(reports, Sum("letters_sent")),
            **{
                status: _count_of(reports.filter(status=status))
                for status in FollowUpReport.Status.values
            },
        )
        .order_by("-published_at", "-pk")
        .values(
            "pk",
            "title",
            "coordination__name",
            "published_at",
            "targeted",
            "letters",
            *FollowUpReport.Status.values,
        )[:limit]
    )
    rows = []
    for proposal in proposals:
        reported = sum(proposal[status] for status in FollowUpReport.Status.values)
        proposal["not_reported"] = max(proposal["targeted"] - reported, 0)
        proposal["reported"] = reported
        rows.append(proposal)
    return rows


# Groups and the map --------------------------------------------------------------------------


def _with_leader_and_treasurer(groups: QuerySet) -> QuerySet:
    """``leader`` and ``treasurer``: each group's membership in that role, by an outer join (a
    group has at most one of each: groups.models.Membership's constraints, so no group is
    repeated)."""
    role = Membership.Role
    return groups.annotate(
        leader=FilteredRelation("memberships", condition=Q(memberships__role=role.LEADER)),
        treasurer=FilteredRelation("memberships", condition=Q(memberships__role=role.TREASURER)),
    )


def active_groups_for_map(limit: int) -> list[dict]:
    """The first ``limit`` active groups by name, each with its commune, position and whether
    it has a leader and a treasurer (one query). Their markers, when there are not more."""
    rows = (
        _with_leader_and_treasurer(LocalGroup.objects.active())
        .order_by("name")
        .values(
            "name",
            "slug",
            "latitude",
            "longitude",
            "place__postal_code",
            "place__municipality_fr",
            "leader__pk",
            "treasurer__pk",
        )[:limit]
    )
    groups = []
    for row in rows:
        row["has_leader"] = row.pop("leader__pk") is not None
        row["has_treasurer"] = row.pop("treasurer__pk") is not None
        groups.append(row)
    return groups


def group_cells() -> list[dict]:
    """The active groups counted by cell of 0.1° of latitude and longitude (about 10 km): how
    many, how many have a leader and a treasurer, their mean position and the first commune of
    the cell by postal code (one query, counted in the database: the whole map's counts are
    their sums)."""
    return list(
        _with_leader_and_treasurer(LocalGroup.objects.active())
        .annotate(cell_lat=Floor(F("latitude") * 10), cell_lon=Floor(F("longitude") * 10))
        .values("cell_lat", "cell_lon")
        .annotate(
            count=Count("pk"),
            with_leader=Count("leader__pk"),
            with_treasurer=Count("treasurer__pk"),
            latitude=Avg("latitude"),
            longitude=Avg("longitude"),
            place=Min(Concat("place__postal_code", Value(" "), "place__municipality_fr")),
        )
        .order_by("cell_lat", "cell_lon")
    )


def group_counts(cells: list[dict]) -> dict:
    """Active groups, and those without a leader or a treasurer (from group_cells)."""
    return {
        "active": sum(cell["count"] for cell in cells),
        "without_leader": sum(cell["count"] - cell["with_leader"] for cell in cells),
        "without_treasurer": sum(cell["count"] - cell["with_treasurer"] for cell in cells),
    }


def coordinators_for_map() -> list[dict]:
    """The mandates holding their coordination today, with the coordinator's first name, the
    coordination and the point of the coordinator's postal code (the commune's centre, kept on
    the mandate; None when unknown). One query.

    Nothing else about the person is read: the map never shows an address.
    """
    return list(
        Mandate.objects.holding_on()
        .filter(volunteer__is_active=True, coordination__is_active=True)
        .order_by("coordination__name", "volunteer__first_name", "pk")
        .values(
            "volunteer__first_name",
            "coordination__name",
            "coordination__slug",
            "role",
            "latitude",
            "longitude",
        )
    )


# Outgoing messages ---------------------------------------------------------------------------


def message_counts(now: datetime.datetime) -> dict:
    """Messages that failed or are stuck and that nobody has sent again yet (one query; the
    outbox's own definition, messaging.selectors)."""
    return outbox_counts(now)


# Exports -------------------------------------------------------------------------------------


def mandates_for_export() -> QuerySet:
    """Every mandate (active and ended) with its coordination and coordinator, as tuples."""
    return Mandate.objects.order_by("coordination__name", "-start_date", "pk").values_list(
        "coordination__name",
        "coordination__kind",
        "role",
        "status",
        "volunteer__first_name",
        "volunteer__last_name",
        "volunteer__email",
        "volunteer__phone",
        "volunteer__postal_code",
        "start_date",
        "end_date",
        "ended_on",
        "end_kind",
    )


def groups_for_export() -> QuerySet:
    """Every group with its commune, members, leader and treasurer, as tuples. A group has at
    most one leader and one treasurer (database constraints), so the joins add no rows."""
    return (
        LocalGroup.objects.annotate(
            leader=FilteredRelation("memberships", condition=Q(memberships__role="leader")),
            treasurer=FilteredRelation("memberships", condition=Q(memberships__role="treasurer")),
            member_count=_count_of(Membership.objects.filter(group=OuterRef("pk"))),
        )
        .order_by("name", "pk")
        .values_list(
            "name",
            "place__postal_code",
            "place__municipality_fr",
            "province",
            "is_active",
            "member_count",
            "leader__volunteer__first_name",
            "leader__volunteer__last_name",
            "leader__volunteer__email",
            "leader__volunteer__phone",
            "treasurer__volunteer__first_name",
            "treasurer__volunteer__last_name",
            "treasurer__volunteer__email",
        )
    )


def applications_for_export(vacancy: Vacancy) -> QuerySet:
    """A vacancy's applications in the order they came, as tuples (no letter, no CV)."""
    return (
        Application.objects.filter(vacancy=vacancy)
        .order_by("submitted_at", "pk")
        .values_list(
            "applicant__first_name",
            "applicant__last_name",
            "applicant__email",
            "applicant__phone",
            "applicant__postal_code",
            "status",
            "submitted_at",
            "hours_per_week",
            "can_travel",
            "commitment_confirmed",
            "decline_reason__name",
            "decline_reason__name_en",
            "start_date",
        )
    )


def follow_up_for_export(proposal: ActionProposal) -> QuerySet:
    """One row per group the proposal went to, with its report when it made one (tuples)."""
    return (
        ProposalRecipient.objects.filter(proposal=proposal)
        .annotate(
            report=FilteredRelation(
                "group__follow_up_reports",
                condition=Q(group__follow_up_reports__proposal=proposal),
            )
        )
        .order_by("group__name", "pk")
        .values_list(
            "group__name",
            "group__place__postal_code",
            "group__place__municipality_fr",
            "group__province",
            "report__status",
            "report__letters_sent",
            "report__signatures_collected",
            "report__people_reached",
            "report__events_held",
            "report__reported_at",
            "report__comment",
        )
    )

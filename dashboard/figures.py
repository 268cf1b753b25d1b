"""What the dashboard page shows: every figure with the address of the list behind it.

Figures link to the admin's change lists with the matching filters in the query string, or to
the apps' own staff pages (the circular registry, the recruitment pipeline) when those filter
the same way. The admin accepts any lookup on a model's own fields in its query string
(``end_date__lt=...``) besides the filters of its sidebar.
"""

import datetime
import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actions.models import CircularStatus, FollowUpReport
from coordinations.models import Mandate
from dashboard import selectors
from dashboard.periods import Period
from events.selectors import dashboard_summary as events_dashboard_summary
from recruitment.models import Application
from recruitment.selectors import CLOSING_SOON_DAYS


@dataclass
class Figure:
    key: str
    label: str
    value: int
    url: str
    # True when a non-zero value asks for someone to act.
    attention: bool = False
    # True when the figure counts what happened in the chosen period.
    in_period: bool = False
    hint: str = ""
    details: list["Figure"] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return self.attention and self.value > 0


def admin_list(model: str, **params) -> str:
    """The admin change list of ``app_label_model`` with filters in the query string."""
    url = reverse(f"admin:{model}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _datetime_param(value: datetime.datetime) -> str:
    # What the admin's own date filters write: an aware timestamp it parses back exactly.
    return str(value)


def _mandate_figures(today: datetime.date, period: Period) -> list[Figure]:
    windows = selectors.milestone_windows(today)
    counts = selectors.mandate_counts(today, period, windows)
    leads = {"status__exact": Mandate.Status.ACTIVE, "role__exact": Mandate.Role.LEAD}
    details = []
    for item in counts["milestones"]:
        window = item["window"]
        label = (
            _("End of the commitment")
            if window.days == 0
            else ngettext(
                "%(days)d day before the end", "%(days)d days before the end", window.days
            )
            % {"days": window.days}
        )
        details.append(
            Figure(
                key=f"milestone_{window.days}",
                label=label,
                value=item["count"],
                url=admin_list(
                    "coordinations_mandate",
                    **leads,
                    end_date__gte=window.first.isoformat(),
                    end_date__lte=window.last.isoformat(),
                ),
            )
        )
    return [
        Figure(
            key="mandates_to_decide",
            label=_("Mandates to be decided"),
            value=counts["to_decide"],
            url=admin_list("coordinations_mandate", **leads, end_date__lt=today.isoformat()),
            attention=True,
            hint=_("Active coordinator mandates past the end of their commitment."),
        ),
        Figure(
            key="mandates_milestone",
            label=_("Mandates reaching a milestone within 90 days"),
            value=counts["reaching_milestone"],
            url=admin_list(
                "coordinations_mandate",
                **leads,
                end_date__gte=windows[0].first.isoformat(),
                end_date__lte=windows[-1].last.isoformat(),
            ),
            hint=_("By their next milestone:"),
            details=details,
        ),
        Figure(
            key="mandates_started",
            label=_("Mandates started"),
            value=counts["started"],
            url=admin_list(
                "coordinations_mandate",
                start_date__gte=period.start.isoformat(),
                start_date__lte=period.end.isoformat(),
            ),
            in_period=True,
        ),
    ]


def _coordination_figures(coordinations: dict) -> list[Figure]:
    return [
        Figure(
            key="coordinations_active",
            label=_("Active coordinations"),
            value=coordinations["active"],
            url=admin_list("coordinations_coordination", is_active__exact="1"),
        ),
        Figure(
            key="coordinations_vacant",
            label=_("Vacant coordinations"),
            value=coordinations["vacant"],
            url=admin_list("coordinations_coordination", is_active__exact="1", vacant="yes"),
            attention=True,
            hint=_("Nobody holds an active coordinator mandate."),
        ),
    ]


def _recruiting_without_vacancy(coordination_rows: list[dict], vacancies: list) -> list[dict]:
    """Coordinations marked as recruiting that no open vacancy is for: their pages offer only
    the pool and a contact. Counted from the rows the page reads anyway (no query)."""
    with_vacancy = {vacancy.coordination_id for vacancy in vacancies if vacancy.coordination_id}
    return [
        row for row in coordination_rows if row["is_recruiting"] and row["pk"] not in with_vacancy
    ]


def _recruitment_figures(vacancies: list, period: Period) -> list[Figure]:
    counts = selectors.application_counts(period)
    in_period = {
        "submitted_at__gte": _datetime_param(period.starts_at),
        "submitted_at__lt": _datetime_param(period.ends_before),
    }
    pipeline = [
        Figure(
            key=f"status_{status}",
            label=str(label),
            value=counts[f"status_{status}"],
            url=admin_list("recruitment_application", status__exact=status, **in_period),
        )
        for status, label in Application.Status.choices
    ]
    return [
        Figure(
            key="vacancies_open",
            label=_("Open vacancies"),
            value=len(vacancies),
            url=reverse("recruitment:vacancy_list"),
            hint=_("Published and taking applications."),
        ),
        Figure(
            key="applications_waiting",
            label=_("Applications waiting"),
            value=counts["waiting"],
            url=admin_list(
                "recruitment_application", status__in=",".join(Application.OPEN_STATUSES)
            ),
            attention=True,
            hint=_("Submitted, in review or at the interview stage."),
        ),
        Figure(
            key="applications_received",
            label=_("Applications received"),
            value=counts["received"],
            url=admin_list("recruitment_application", **in_period),
            in_period=True,
            hint=_("By where they stand now:"),
            details=pipeline,
        ),
    ]


def _action_figures(today: datetime.date, period: Period) -> list[Figure]:
    circulars = selectors.circular_counts(today, period)
    proposals = selectors.proposal_counts(today, period)
    registry = reverse("actions:circular_list")
    return [
        Figure(
            key="circulars_not_assigned",
            label=_("Circulars not assigned yet"),
            value=circulars["not_assigned"],
            url=f"{registry}?{urlencode({'status': CircularStatus.RECEIVED})}",
            attention=True,
        ),
        Figure(
            key="circulars_not_relayed",
            label=_("Circulars assigned, not relayed"),
            value=circulars["not_relayed"],
            url=f"{registry}?{urlencode({'status': CircularStatus.ASSIGNED})}",
            attention=True,
            hint=_("No action proposal published from them yet."),
        ),
        Figure(
            key="circulars_overdue",
            label=_("Circulars overdue"),
            value=circulars["overdue"],
            url=f"{registry}?overdue=on",
            attention=True,
            hint=_("A coordination has passed its relay date."),
        ),
        Figure(
            key="proposals_overdue",
            label=_("Proposals with overdue follow-up"),
            value=proposals["overdue"],
            url=admin_list(
                "actions_actionproposal",
                status__exact="published",
                follow_up_due_on__lt=today.isoformat(),
            ),
            attention=True,
            hint=_("Follow-up due date passed and follow-up not closed."),
        ),
        Figure(
            key="circulars_received",
            label=_("Circulars received"),
            value=circulars["received"],
            url=admin_list(
                "actions_circular",
                received_on__gte=period.start.isoformat(),
                received_on__lte=period.end.isoformat(),
            ),
            in_period=True,
        ),
        Figure(
            key="proposals_published",
            label=_("Action proposals published"),
            value=proposals["published"],
            url=admin_list(
                "actions_actionproposal",
                published_at__gte=_datetime_param(period.starts_at),
                published_at__lt=_datetime_param(period.ends_before),
            ),
            in_period=True,
        ),
        Figure(
            key="public_participations",
            label=_("People who acted on a public action page"),
            value=proposals["public_participations"],
            url=admin_list(
                "actions_publicparticipation",
                created_at__gte=_datetime_param(period.starts_at),
                created_at__lt=_datetime_param(period.ends_before),
            ),
            in_period=True,
        ),
    ]


def _signalement_figures(today: datetime.date) -> list[Figure]:
    """What the coordinators sent the secretariat and waits for an answer (liaison)."""
    from liaison.selectors import signalement_counts

    counts = signalement_counts(today)
    queue = reverse("liaison:queue")
    return [
        Figure(
            key="signalements_overdue",
            label=_("Signalements overdue"),
            value=counts["overdue"],
            url=f"{queue}?overdue=on",
            attention=True,
            hint=_("Past the answer's due date, still open."),
        ),
        Figure(
            key="signalements_open",
            label=_("Signalements open"),
            value=counts["open"],
            url=queue,
        ),
    ]


def _group_figures(groups: dict, messages: dict) -> list[Figure]:
    return [
        Figure(
            key="groups_active",
            label=_("Active groups"),
            value=groups["active"],
            url=admin_list("local_groups_localgroup", activity="active"),
        ),
        Figure(
            key="groups_without_leader",
            label=_("Groups without a leader"),
            value=groups["without_leader"],
            url=admin_list("local_groups_localgroup", activity="no_leader"),
            attention=True,
        ),
        Figure(
            key="groups_without_treasurer",
            label=_("Groups without a treasurer"),
            value=groups["without_treasurer"],
            url=admin_list("local_groups_localgroup", activity="no_treasurer"),
            attention=True,
        ),
        Figure(
            key="messages_failed",
            label=_("Messages that failed or are stuck"),
            value=messages["attention"],
            # The outbox's own page, which the secretariat may open (the admin's list needs
            # permissions that not every member of staff has).
            url=reverse("messaging:outbox"),
            attention=True,
            hint=_(
                "E-mails the mail server refused or that no worker could send: send them again "
                "from the list."
            ),
        ),
    ]


# Charts and map ------------------------------------------------------------------------------


def _charts(coordinations: dict, per_month: list[dict], follow_up: list[dict]) -> dict:
    """What dashboard-charts.js draws (through json_script); the tables show the same."""
    statuses = FollowUpReport.Status
    return {
        "applications": {
            "labels": [date_format(row["month"], "YEAR_MONTH_FORMAT") for row in per_month],
            "datasets": [{"label": _("Applications"), "data": [row["total"] for row in per_month]}],
        },
        "followUp": {
            "labels": [row["title"] for row in follow_up],
            "datasets": [
                {"label": str(statuses.DONE.label), "data": [r["done"] for r in follow_up]},
                {"label": str(statuses.PLANNED.label), "data": [r["planned"] for r in follow_up]},
                {
                    "label": str(statuses.NOT_TAKEN_UP.label),
                    "data": [r["not_taken_up"] for r in follow_up],
                },
                {"label": _("No report yet"), "data": [r["not_reported"] for r in follow_up]},
            ],
        },
        "coordinations": {
            "labels": [row["label"] for row in coordinations["by_kind"]],
            "datasets": [
                {"label": _("Filled"), "data": [row["filled"] for row in coordinations["by_kind"]]},
                {"label": _("Vacant"), "data": [row["vacant"] for row in coordinations["by_kind"]]},
            ],
        },
    }


# Above this many active groups, the map shows one marker per area of about 10 km with the
# number of groups there (and those missing a leader or a treasurer), not one per group.
MAP_GROUP_MARKERS_MAX = 1_000
# The lists of the page (open vacancies, vacant coordinations) show this many, then a link.
DASHBOARD_LIST_ROWS = 20
# The map's text alternative lists groups and coordinators up to this many; beyond, the exports.
MAP_LIST_MAX = 300


def _group_markers(groups: list[dict]) -> list[dict]:
    no_leader, no_treasurer = _("No leader"), _("No treasurer")
    markers = []
    for group in groups:
        missing = [
            text
            for text, held in (
                (no_leader, group["has_leader"]),
                (no_treasurer, group["has_treasurer"]),
            )
            if not held
        ]
        markers.append(
            {
                "name": group["name"],
                "url": reverse("groups:detail", kwargs={"slug": group["slug"]}),
                "place": f"{group['place__postal_code']} {group['place__municipality_fr']}",
                "lat": round(group["latitude"], 2),
                "lon": round(group["longitude"], 2),
                "missing": missing,
            }
        )
    return markers


def _area_markers(cells: list[dict]) -> list[dict]:
    """One marker per cell of 0.1° (about 10 km, selectors.group_cells): how many groups, how
    many lack a leader or a treasurer, and a link to the group finder around the cell's groups."""
    finder = reverse("groups:search")
    markers = []
    for cell in cells:
        missing = []
        if no_leader := cell["count"] - cell["with_leader"]:
            missing.append(_("No leader: %(count)d") % {"count": no_leader})
        if no_treasurer := cell["count"] - cell["with_treasurer"]:
            missing.append(_("No treasurer: %(count)d") % {"count": no_treasurer})
        lat, lon = round(cell["latitude"], 2), round(cell["longitude"], 2)
        markers.append(
            {
                "name": ngettext("%(count)d group", "%(count)d groups", cell["count"])
                % {"count": cell["count"]},
                "url": f"{finder}?{urlencode({'lat': lat, 'lon': lon})}",
                "place": cell["place"],
                "lat": lat,
                "lon": lon,
                "missing": missing,
            }
        )
    return markers


def _group_map(cells: list[dict], group_count: int) -> tuple[list[dict], bool]:
    """The groups' markers, and whether they are counted by area: one per group up to
    MAP_GROUP_MARKERS_MAX groups, else one per area (``cells``, counted in the database). The
    groups are read in both cases, at most one more than that many (the same queries at any
    scale)."""
    groups = selectors.active_groups_for_map(limit=MAP_GROUP_MARKERS_MAX + 1)
    if group_count > MAP_GROUP_MARKERS_MAX:
        return _area_markers(cells), True
    return _group_markers(groups), False


def _map_data(
    group_markers: list[dict], coordinators: list[dict], *, by_area: bool, group_count: int
) -> dict:
    """Groups at their position (or counted by area when there are many); coordinators at their
    postal code's commune, grouped by point.

    Only a coordinator's first name and coordination leave the server: never an address, a
    postal code or an e-mail. Points are rounded to about a kilometre.
    """
    points: dict[tuple[float, float], list[dict]] = {}
    unplaced = 0
    for row in coordinators:
        if row["latitude"] is None or row["longitude"] is None:
            unplaced += 1
            continue
        point = (round(row["latitude"], 2), round(row["longitude"], 2))
        points.setdefault(point, []).append(
            {
                "name": row["volunteer__first_name"] or _("Volunteer"),
                "coordination": row["coordination__name"],
            }
        )
    return {
        "groups": group_markers,
        "coordinators": [
            {"lat": lat, "lon": lon, "people": people} for (lat, lon), people in points.items()
        ],
        "unplaced": unplaced,
        "by_area": by_area,
        "listed": group_count + len(coordinators) <= MAP_LIST_MAX,
    }


# The page ------------------------------------------------------------------------------------


def _cache_key(name: str, *parts: str) -> str:
    return ":".join(["dashboard", name, translation.get_language() or "", *parts])


def cached_dashboard_context(
    *, today: datetime.date, now: datetime.datetime, period: Period, refresh: bool = False
) -> dict:
    """dashboard_context as computed at most DASHBOARD_CACHE_SECONDS ago for all of staff
    (Celery beat refreshes the default period every minute: dashboard.tasks), with
    ``computed_at``; ``refresh`` computes it anew (the page's "Refresh" link).

    At the movement's scale the figures take seconds to count; a minute's delay is what a
    dashboard may show, and the page says when the figures were counted."""
    key = _cache_key("figures", today.isoformat(), period.kind, str(period.start), str(period.end))
    context = None if refresh else cache.get(key)
    if context is None:
        context = dashboard_context(today=today, now=now, period=period)
        context["computed_at"] = now
        # The page's HTML for these figures is the same for every staff member: the template
        # caches it under the figures' own key and time of counting, so it is rendered once per
        # counting and language, and a new counting is a new key (nothing to delete).
        context["fragment_key"] = f"{key}:{now.timestamp()}"
        context["fragment_seconds"] = settings.DASHBOARD_CACHE_SECONDS
        cache.set(key, context, settings.DASHBOARD_CACHE_SECONDS)
    return context


def dashboard_context(*, today: datetime.date, now: datetime.datetime, period: Period) -> dict:
    """Everything the dashboard shows, in a fixed number of queries."""
    coordination_rows = selectors.active_coordinations()
    coordinations = selectors.coordination_counts(coordination_rows)
    vacancies = selectors.open_vacancies(now, counted=DASHBOARD_LIST_ROWS)
    for vacancy in vacancies:
        vacancy.days_to_deadline = vacancy.days_left(now)
    recruiting_without_vacancy = _recruiting_without_vacancy(coordination_rows, vacancies)
    cells = selectors.group_cells()
    groups = selectors.group_counts(cells)
    group_markers, by_area = _group_map(cells, groups["active"])
    coordinators = selectors.coordinators_for_map()
    per_month = selectors.applications_per_month(period)
    follow_up = selectors.latest_proposals_follow_up(period)
    sections = [
        {
            "id": "coordinations",
            "title": _("Coordinations and mandates"),
            "figures": _coordination_figures(coordinations) + _mandate_figures(today, period),
        },
        {
            "id": "recruitment",
            "title": _("Recruitment"),
            "figures": _recruitment_figures(vacancies, period),
        },
        {
            "id": "actions",
            "title": _("Circulars and actions"),
            "figures": _action_figures(today, period),
        },
        {
            "id": "groups",
            "title": _("Local groups and reminders"),
            "figures": _group_figures(groups, selectors.message_counts(now)),
        },
        {
            "id": "signalements",
            "title": _("Signalements from the coordinators"),
            "figures": _signalement_figures(today),
        },
    ]
    vacant = [row for row in coordination_rows if row["is_vacant"]]
    map_data = _map_data(group_markers, coordinators, by_area=by_area, group_count=groups["active"])
    # The markers, for dashboard/map.json (kept with the figures: counted once for both).
    map_json = json.dumps(map_data, ensure_ascii=False).encode()
    if not map_data["listed"]:
        # The page only says how many; the markers come from map_json.
        map_data.update(groups=[], coordinators=[])
    # Only the rows the page shows are kept (and cached), with how many there are in all.
    return {
        "sections": sections,
        "open_vacancies": vacancies[:DASHBOARD_LIST_ROWS],
        "open_vacancies_count": len(vacancies),
        "closing_soon_days": CLOSING_SOON_DAYS,
        "list_rows": DASHBOARD_LIST_ROWS,
        "per_month": per_month,
        "follow_up": follow_up,
        "coordinations_by_kind": coordinations["by_kind"],
        "vacant_coordinations": vacant[:DASHBOARD_LIST_ROWS],
        "vacant_coordinations_count": len(vacant),
        "recruiting_without_vacancy": recruiting_without_vacancy[:DASHBOARD_LIST_ROWS],
        "recruiting_without_vacancy_count": len(recruiting_without_vacancy),
        "charts": _charts(coordinations, per_month, follow_up),
        "map_data": map_data,
        "map_json": map_json,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        # The events' section: the period's volunteering hours, the shifts short of people.
        "events_summary": events_dashboard_summary(start=period.start, end=period.end, now=now),
    }

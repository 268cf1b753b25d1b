"""The reads of the API: the same definitions as the public pages (one rule in one place).

Open vacancies are the board's (recruitment.selectors.board_vacancies), vacant coordinations
the listing's (coordinations.selectors.coordinations_with_vacancy), the nearest groups the
group finder's (groups.selectors), public actions the action pages' (actions/public.py).
"""

from django.db.models import Count, Prefetch, QuerySet

from actions.models import ActionProposal
from coordinations.models import Coordination
from coordinations.selectors import coordinations_with_vacancy
from events.models import Event
from events.selectors import with_counts
from groups.models import LocalGroup
from recruitment.models import Competency, Vacancy
from recruitment.selectors import board_vacancies, open_vacancies_by_coordination

# The order of each list, ending with a unique field (api.cursors).
VACANCY_ORDER = ("-published_at", "-pk")
COORDINATION_ORDER = ("name", "pk")
GROUP_ORDER = ("name", "pk")
ACTION_ORDER = ("-published_at", "-pk")
UPCOMING_EVENT_ORDER = ("starts_at", "pk")
PAST_EVENT_ORDER = ("-starts_at", "-pk")


def open_vacancies(
    *, kind="", country="", language="", closing_soon=False, query=""
) -> QuerySet[Vacancy]:
    """The vacancy board's open vacancies, filtered as the board filters them."""
    return board_vacancies(
        kind=kind, country=country, language=language, closing_soon=closing_soon, query=query
    ).prefetch_related("languages")


def open_vacancy(slug: str) -> Vacancy | None:
    """One vacancy open today, with everything its page shows; None for any other."""
    return (
        Vacancy.objects.open()
        .filter(slug=slug)
        .select_related("coordination")
        .prefetch_related(
            "languages",
            "workload_shares",
            "partners",
            "eligibility_conditions",
            Prefetch("competencies", queryset=Competency.objects.order_by("order", "name")),
        )
        .first()
    )


def active_coordinations(*, kind="", vacant=False, country="") -> QuerySet[Coordination]:
    """The public listing's coordinations with ``is_vacant`` and ``arrives_on``, filtered as
    its filters do (coordinations.forms.CoordinationFilter)."""
    coordinations = coordinations_with_vacancy().active()
    if kind:
        coordinations = coordinations.filter(kind=kind)
    if vacant:
        coordinations = coordinations.filter(is_vacant=True)
    if country:
        # Stored as "BI,CD,RW": two capitals between commas, so "contains" is exact.
        coordinations = coordinations.filter(countries__contains=country)
    return coordinations


def open_vacancies_of(coordinations: list[Coordination]) -> dict[int, Vacancy]:
    return open_vacancies_by_coordination(coordination.pk for coordination in coordinations)


def active_groups(*, province="") -> QuerySet[LocalGroup]:
    groups = LocalGroup.objects.active().select_related("place")
    if province:
        groups = groups.filter(province=province)
    return groups


def public_actions(*, open_only=False) -> QuerySet[ActionProposal]:
    """Actions with a public page (published, or closed: the page stays), each with its
    ``participant_count``, as actions.public.public_action reads one."""
    proposals = (
        ActionProposal.objects.filter(is_public=True)
        .exclude(status=ActionProposal.Status.DRAFT)
        .select_related("circular", "coordination")
        .annotate(participant_count=Count("public_participations"))
    )
    if open_only:
        proposals = proposals.filter(status=ActionProposal.Status.PUBLISHED)
    return proposals


def public_events(*, kind="", past=False, now=None) -> QuerySet[Event]:
    """The events anybody may see (events.models.EventQuerySet.public: the public list, pages and
    calendar ask the same), those not over yet or the past ones, with their counts."""
    events = Event.objects.public()
    if kind:
        events = events.filter(kind=kind)
    events = events.past(now) if past else events.upcoming(now)
    return with_counts(events.select_related("place", "coordination", "group"))

"""Read queries shared by the pages, the admin and the dashboard."""

import datetime
import unicodedata

from django.db.models import (
    Case,
    DateField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django_countries import countries as all_countries

from config.collation import sort_key
from coordinations.models import (
    Activity,
    Coordination,
    HandoverNote,
    Mandate,
    MandateRequest,
    OnboardingProgress,
    OnboardingStep,
    Responsibility,
)

# How many entries of the activity log My space shows; the rest is on the full list.
RECENT_ACTIVITIES = 20


def active_lead_mandates(day: datetime.date | None = None) -> QuerySet[Mandate]:
    """The lead mandates holding their coordination on ``day`` (today by default)."""
    return Mandate.objects.holding_on(day).leads()


def coordinations_with_vacancy(
    day: datetime.date | None = None, *, arrival_if_vacant: bool = False
) -> QuerySet[Coordination]:
    """Coordinations annotated with ``is_vacant`` (no lead mandate holds it on ``day``, today
    by default) and ``arrives_on`` (the start of the next accepted lead mandate that has not
    started yet, or None): one query, no loop.

    ``arrival_if_vacant``: ``arrives_on`` of the vacant ones only (None for the others), for
    a list that shows it only beside a vacant coordination (the dashboard): the database then
    looks it up for a vacant coordination, not for each of ten thousand."""
    day = day or timezone.localdate()
    upcoming = (
        Mandate.objects.upcoming_on(day)
        .leads()
        .filter(coordination=OuterRef("pk"))
        .order_by("start_date")
        .values("start_date")
    )
    arrives_on = Subquery(upcoming[:1])
    if arrival_if_vacant:
        arrives_on = Case(When(is_vacant=True, then=arrives_on), output_field=DateField())
    return Coordination.objects.annotate(
        is_vacant=~Exists(active_lead_mandates(day).filter(coordination=OuterRef("pk")))
    ).annotate(arrives_on=arrives_on)


def vacant_coordinations(day: datetime.date | None = None) -> QuerySet[Coordination]:
    return coordinations_with_vacancy(day).active().filter(is_vacant=True)


def coordinations_to_fill() -> QuerySet[Coordination]:
    """Vacant coordinations that are recruiting and expect nobody (an accepted coordinator
    who has not started yet fills it soon): what the home page puts first."""
    return (
        vacant_coordinations().filter(is_recruiting=True, arrives_on__isnull=True).order_by("name")
    )


def coordinations_for_listing() -> QuerySet[Coordination]:
    """Public listing: vacancy computed, current coordinators' first names prefetched (those
    holding it today: an accepted coordinator who has not started yet only "arrives")."""
    today = timezone.localdate()
    return (
        coordinations_with_vacancy(today)
        .active()
        .prefetch_related(
            Prefetch(
                "mandates",
                queryset=Mandate.objects.holding_on(today)
                .select_related("volunteer")
                .order_by("role", "start_date"),
                to_attr="current_mandates",
            )
        )
    )


def coordinations_by_kind() -> QuerySet[Coordination]:
    """The listing in the order of the page: countries, then regions, then themes; by name."""
    kinds = [kind for kind, _label in Coordination.Kind.choices]
    return coordinations_for_listing().order_by(
        Case(
            *[When(kind=kind, then=Value(index)) for index, kind in enumerate(kinds)],
            output_field=IntegerField(),
        ),
        "name",
    )


def countries_covered() -> list[tuple[str, str]]:
    """(code, name) of every country an active coordination covers, sorted by name."""
    codes = set()
    for value in (
        Coordination.objects.active().exclude(countries="").values_list("countries", flat=True)
    ):
        # values_list gives the stored text of CountryField(multiple=True): "BI,CD,RW".
        codes.update(code for code in value.split(",") if code)
    return sorted(
        ((code, str(all_countries.name(code) or code)) for code in codes),
        key=lambda choice: sort_key(choice[1]),  # "Égypte" with the E's, as the database sorts
    )


def without_accents(text: str) -> str:
    # "Égypte" sorts with the E's, not after "Zimbabwe".
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def responsibilities_by_kind() -> dict[str, list[Responsibility]]:
    """The catalogue of the coordinator's tasks: {"priority": [...], "optional": [...]}."""
    catalogue: dict[str, list[Responsibility]] = {kind: [] for kind in Responsibility.Kind.values}
    for responsibility in Responsibility.objects.order_by("order", "name"):
        catalogue[responsibility.kind].append(responsibility)
    return catalogue


def current_mandates_of(user) -> QuerySet[Mandate]:
    """A person's mandates not ended by anyone, upcoming ones included (My space shows "starts
    in N days" and the onboarding checklist), with their coordination."""
    return Mandate.objects.active().filter(volunteer=user).select_related("coordination")


def mandates_for_my_space(user) -> list[Mandate]:
    """A person's active mandates with everything My space shows about each (fixed queries).

    Each mandate gets ``recent_activities`` (the latest entries, one more than shown so that
    the page knows whether a full list exists), ``ticked_steps``, ``pending_requests`` and
    ``chosen_tasks``; its coordination gets ``notes`` (the hand-over file).
    """
    return list(
        current_mandates_of(user)
        .order_by("role", "start_date")
        .prefetch_related(
            Prefetch(
                "optional_responsibilities",
                queryset=Responsibility.objects.order_by("order", "name"),
                to_attr="chosen_tasks",
            ),
            Prefetch(
                "onboarding",
                queryset=OnboardingProgress.objects.select_related("ticked_by", "step"),
                to_attr="ticked_steps",
            ),
            Prefetch(
                "activities",
                queryset=Activity.objects.order_by("-date", "-pk")[: RECENT_ACTIVITIES + 1],
                to_attr="recent_activities",
            ),
            Prefetch(
                "requests",
                queryset=MandateRequest.objects.filter(handled_at__isnull=True),
                to_attr="pending_requests",
            ),
            Prefetch(
                "coordination__handover_notes",
                queryset=HandoverNote.objects.select_related("author"),
                to_attr="notes",
            ),
        )
    )


def onboarding_checklist(mandate: Mandate, steps=None) -> list[dict]:
    """Every onboarding step with its tick for this mandate (or None when not done yet)."""
    steps = (
        steps
        if steps is not None
        else list(OnboardingStep.objects.select_related("required_training"))
    )
    if hasattr(mandate, "ticked_steps"):
        ticks = mandate.ticked_steps
    else:
        ticks = mandate.onboarding.select_related("ticked_by", "step")
    by_step = {tick.step_id: tick for tick in ticks}
    return [{"step": step, "tick": by_step.get(step.pk)} for step in steps]


def mandates_ending_within(days: int, today: datetime.date | None = None) -> QuerySet[Mandate]:
    """Mandates not ended by anyone whose commitment ends in the next ``days`` days."""
    today = today or timezone.localdate()
    return Mandate.objects.ending_between(today, today + datetime.timedelta(days=days))


def mandates_past_their_end(today: datetime.date | None = None) -> QuerySet[Mandate]:
    """Active mandates whose commitment is over: someone has to renew, hand over or end them."""
    today = today or timezone.localdate()
    return Mandate.objects.active().filter(end_date__lt=today)

"""Read queries shared by the pages, the coordination pages, the admin and the dashboard."""

import datetime

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import User
from recruitment.models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    Competency,
    InterestRegistration,
    Interview,
    Vacancy,
    VacancyLanguage,
)

CLOSING_SOON_DAYS = 14


def default_coordinator_competencies() -> QuerySet[Competency]:
    """The competencies asked of every coordinator (seeded from the call for coordinators)."""
    return Competency.objects.filter(for_coordinations=True).order_by("order", "name")


def open_vacancy_for_coordination(coordination) -> Vacancy | None:
    """The coordination's vacancy that takes applications now, if there is one."""
    return (
        Vacancy.objects.open()
        .for_coordination()
        .filter(coordination=coordination)
        .order_by("-published_at", "-pk")
        .first()
    )


def recruiting_contact_email(coordination) -> str:
    """Where a person writes about a coordination that recruits without an open vacancy.

    Its secretariat contact when that is an active staff member, else the secretariat's
    address: never a volunteer's own address.
    """
    email = (
        User.objects.filter(pk=coordination.secretariat_contact_id, is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .first()
        if coordination.secretariat_contact_id
        else None
    )
    return email or settings.SECRETARIAT_EMAIL


def open_vacancies_by_coordination(coordination_ids) -> dict[int, Vacancy]:
    """Coordination id → its open vacancy, for a page listing many coordinations (one query)."""
    vacancies = (
        Vacancy.objects.open()
        .for_coordination()
        .filter(coordination_id__in=list(coordination_ids))
        .order_by("coordination_id", "published_at", "pk")
    )
    # Ordered oldest first, so the most recent open vacancy of each coordination wins.
    return {vacancy.coordination_id: vacancy for vacancy in vacancies}


def board_vacancies(
    *,
    kind: str = "",
    country: str = "",
    language: str = "",
    closing_soon: bool = False,
    query: str = "",
    now: datetime.datetime | None = None,
) -> QuerySet[Vacancy]:
    """Open vacancies for the public board, filtered; the soonest deadline last, newest first."""
    now = now or timezone.now()
    vacancies = Vacancy.objects.open(now).select_related("coordination")
    if kind:
        vacancies = vacancies.filter(kind=kind)
    if country:
        vacancies = vacancies.filter(
            Q(country=country) | Q(coordination__countries__contains=country)
        )
    if language:
        vacancies = vacancies.filter(
            pk__in=VacancyLanguage.objects.filter(language=language).values("vacancy_id")
        )
    if closing_soon:
        vacancies = vacancies.filter(deadline__lte=now + datetime.timedelta(days=CLOSING_SOON_DAYS))
    for word in query.split()[:8]:
        vacancies = vacancies.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(organisation_name__icontains=word)
            | Q(city__icontains=word)
            | Q(coordination__name__icontains=word)
        )
    return vacancies.order_by("-published_at", "-pk")


def board_countries(now: datetime.datetime | None = None) -> list[str]:
    """Country codes that open vacancies are about (their place or their coordination's countries)."""
    codes: set[str] = set()
    rows = Vacancy.objects.open(now).values_list("kind", "country", "coordination__countries")
    for kind, country, coordination_countries in rows:
        if country and not (kind == Vacancy.Kind.COORDINATION and country == "BE"):
            codes.add(country)
        codes.update(code for code in (coordination_countries or "").split(",") if code)
    return sorted(codes)


def vacancy_for_page(slug: str) -> QuerySet[Vacancy]:
    """A vacancy with everything its page shows (one query per relation, whatever its size)."""
    return (
        Vacancy.objects.filter(slug=slug)
        .select_related("coordination", "contact_person")
        .prefetch_related(
            "languages",
            "workload_shares",
            "partners",
            "eligibility_conditions",
            Prefetch("competencies", queryset=Competency.objects.order_by("order", "name")),
        )
    )


def applications_of(person) -> QuerySet[Application]:
    """A person's applications with their vacancy and their history (never staff's notes)."""
    return (
        Application.objects.filter(applicant=person)
        .select_related("vacancy")
        .prefetch_related(
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("created_at", "pk"))
        )
        .order_by("-submitted_at")
    )


def interests_of(person) -> QuerySet[InterestRegistration]:
    return InterestRegistration.objects.filter(person=person).select_related("coordination")


def vacancies_with_pipeline_counts() -> QuerySet[Vacancy]:
    """Every vacancy with the number of its applications at each stage (one query)."""
    counts = {
        f"count_{status}": Count("applications", filter=Q(applications__status=status))
        for status in Application.Status.values
    }
    return (
        Vacancy.objects.select_related("coordination")
        .annotate(count_total=Count("applications"), **counts)
        .order_by("status", "-published_at", "-created_at")
    )


def pipeline_vacancy(slug: str) -> QuerySet[Vacancy]:
    """A vacancy as its pipeline page shows it: the columns its header uses, and the number of
    its applications at each stage (``count_<status>``), in one query."""
    counts = {
        f"count_{status}": Count("applications", filter=Q(applications__status=status))
        for status in Application.Status.values
    }
    return (
        Vacancy.objects.filter(slug=slug)
        .only("pk", "slug", "title", "status", "kind", "deadline", "internal_note")
        .annotate(**counts)
    )


def pipeline_columns(vacancy_id: int, pages: dict[str, int], size: int) -> QuerySet:
    """One page of each stage's applications, oldest first (``pages``: status → page number,
    1 when absent), with their average rating and number of notes, in one query whatever the
    number of applications: rows of only the values the cards show."""
    first = Case(
        *(When(status=status, then=Value((page - 1) * size)) for status, page in pages.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        Application.objects.filter(vacancy_id=vacancy_id)
        .annotate(
            average_rating=Avg("notes__rating"),
            note_count=Count("notes", distinct=True),
            position=Window(
                RowNumber(),
                partition_by=[F("status")],
                order_by=[F("submitted_at").asc(), F("pk").asc()],
            ),
        )
        .filter(position__gt=first, position__lte=first + size)
        .order_by("submitted_at", "pk")
        .values(
            "pk",
            "status",
            "submitted_at",
            "average_rating",
            "note_count",
            "applicant__first_name",
            "applicant__last_name",
            "applicant__email",
            "decline_reason__name",
            "decline_reason__name_en",
        )
    )


def applicant_application() -> QuerySet[Application]:
    """Applications as their applicant sees them: what they sent, the history and the
    interviews (with the interviewers, of whom the page shows first names only)."""
    return Application.objects.select_related("vacancy").prefetch_related(
        "competency_ratings__competency",
        "languages",
        "confirmed_conditions",
        "events",
        Prefetch(
            "interviews",
            queryset=Interview.objects.prefetch_related("interviewers").order_by("starts_at"),
        ),
    )


def pipeline_application(pk: int) -> QuerySet[Application]:
    """One application with everything the staff page shows."""
    return (
        Application.objects.filter(pk=pk)
        .select_related("vacancy__coordination", "applicant", "decline_reason", "mandate")
        .prefetch_related(
            "competency_ratings__competency",
            "languages",
            "confirmed_conditions",
            "vacancy__eligibility_conditions",
            Prefetch(
                "events",
                queryset=ApplicationEvent.objects.select_related("actor").order_by(
                    "created_at", "pk"
                ),
            ),
            Prefetch("notes", queryset=ApplicationNote.objects.select_related("author")),
            Prefetch(
                "interviews",
                queryset=Interview.objects.prefetch_related("interviewers").order_by("starts_at"),
            ),
        )
    )

"""What the API answers, field by field: the allow list of what leaves the portal.

Only what the public pages already show, and never an e-mail address or a person's name: no
coordinator, contact person, member, applicant or participant appears here, nor a group's
meeting address or the people it supports, nor a target's address. tests/api/test_personal_data.py
walks every endpoint against the same list.
"""

import datetime
from typing import Literal

from ninja import Field, Schema

from coordinations.models import Coordination
from events.models import Event
from groups.models import Province
from recruitment.models import Vacancy

VacancyKind = Literal[tuple(Vacancy.Kind.values)]
EventKind = Literal[tuple(Event.Kind.values)]
CoordinationKind = Literal[tuple(Coordination.Kind.values)]
ProvinceCode = Literal[tuple(Province.values)]
LanguageCode = Literal["fr", "en"]


class Error(Schema):
    error: str = Field(
        description="A stable code: invalid_parameters, invalid_cursor, not_found, "
        "rate_limited, method_not_allowed, or for groups/near: missing_origin, "
        "unknown_postal_code, not_a_postal_code, unknown_place, nonsense."
    )
    detail: str = Field(description="What went wrong, in the answer's language.")
    fields: list[str] = Field(
        default_factory=list, description="The query parameters that were wrong, if any."
    )


class Named(Schema):
    code: str = Field(description="A code (ISO 3166 country, ISO 639 language, province).")
    name: str = Field(description="Its name in the answer's language.")


class CoordinationRef(Schema):
    slug: str
    name: str
    url: str = Field(description="The coordination's public page.")


# Vacancies ---------------------------------------------------------------------------------------


class HowToApply(Schema):
    method: Literal[tuple(Vacancy.ApplyMethod.values)] = Field(
        description="portal: through the portal's form; email: as the vacancy's page says; "
        "web: on another website."
    )
    url: str = Field(description="Where to apply, or the vacancy's page that says how.")


class VacancySummary(Schema):
    slug: str
    title: str
    kind: VacancyKind
    kind_label: str
    summary: str
    organisation: str = Field(description="Who publishes it: the section, or a partner.")
    coordination: CoordinationRef | None = Field(description="For a coordination vacancy.")
    city: str
    country: Named | None
    remote_possible: bool
    start: str = Field(description="When it starts, as the board writes it.")
    duration: str
    workload: str
    salary: str = Field(description="Paid jobs: the range, as the board writes it.")
    languages: str = Field(description="The languages required, as the board writes them.")
    positions: int = Field(description="How many people are sought.")
    published_at: datetime.datetime
    deadline: datetime.datetime | None = Field(description="None: no deadline.")
    days_left: int | None = Field(description="Days to the deadline (Brussels time).")
    url: str = Field(description="The vacancy's public page.")
    apply: HowToApply


class VacancyPage(Schema):
    results: list[VacancySummary]
    next_cursor: str | None = Field(description="Give it as ?cursor= for the next page.")
    next: str | None = Field(description="The address of the next page, or None.")


class Partner(Schema):
    name: str
    website: str


class WorkloadShare(Schema):
    programme: str
    percent: int


class VacancyDetail(VacancySummary):
    context: str
    responsibilities: str
    profile: str
    offer: str
    how_to_apply: str
    allowance: str
    salary_note: str
    minimum_commitment_months: int | None
    competencies: list[str]
    eligibility: list[str]
    partners: list[Partner]
    workload_shares: list[WorkloadShare]


# Coordinations -----------------------------------------------------------------------------------


class OpenVacancy(Schema):
    slug: str
    title: str
    deadline: datetime.datetime | None
    url: str


class CoordinationSummary(Schema):
    slug: str
    name: str
    kind: CoordinationKind
    kind_label: str
    countries: list[Named]
    theme: str
    summary: str
    working_languages: list[Named]
    is_vacant: bool = Field(description="Nobody holds it today.")
    is_recruiting: bool
    coordinator_expected_on: datetime.date | None = Field(
        description="A new coordinator has been chosen and starts on this day."
    )
    open_vacancy: OpenVacancy | None
    url: str


class CoordinationPage(Schema):
    results: list[CoordinationSummary]
    next_cursor: str | None
    next: str | None


# Local groups ------------------------------------------------------------------------------------


class Commune(Schema):
    postal_code: str
    name: str


class GroupSummary(Schema):
    slug: str
    name: str
    commune: Commune
    province: Named
    latitude: float = Field(description="The commune's position, to about a kilometre.")
    longitude: float
    meeting_rhythm: str
    description: str
    themes: str
    countries: list[Named]
    founded_in: int | None
    website: str
    url: str = Field(description="The group's public page, with its contact form.")


class GroupPage(Schema):
    results: list[GroupSummary]
    next_cursor: str | None
    next: str | None


class NearGroup(GroupSummary):
    distance_km: float = Field(description="As the crow flies, to a tenth of a kilometre.")


class Origin(Schema):
    label: str = Field(description="The postal code and commune found, or 'your position'.")
    latitude: float
    longitude: float


class NearGroups(Schema):
    origin: Origin
    results: list[NearGroup] = Field(description="The nearest active groups, nearest first.")
    notice: str | None = Field(description="A remark, e.g. a position outside Belgium.")


# Public actions ----------------------------------------------------------------------------------


class Case(Schema):
    title: str
    summary: str


class PublicAction(Schema):
    slug: str
    title: str
    request: str = Field(description="What people are asked to do.")
    case: Case | None = Field(description="The case the action is about, when there is one.")
    coordination: CoordinationRef
    starts_on: datetime.date
    ends_on: datetime.date
    is_open: bool = Field(description="Whether people can still say they have acted.")
    participant_count: int = Field(description="How many people have said they acted.")
    url: str = Field(description="The action's public page, with its form.")


class ActionPage(Schema):
    results: list[PublicAction]
    next_cursor: str | None
    next: str | None


# Public events -----------------------------------------------------------------------------------


class Organiser(Schema):
    kind: Literal[tuple(Event.Organiser.values)]
    name: str = Field(description="The secretariat, a coordination or a local group.")


class PublicEvent(Schema):
    slug: str
    title: str
    kind: EventKind
    kind_label: str
    cancelled: bool = Field(description="A cancelled event keeps its page, which says so.")
    description: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue: str
    address: str = Field(description="The street address of the venue, when given.")
    commune: Commune | None
    online: bool = Field(description="Also, or only, online (its page gives the link).")
    organiser: Organiser
    takes_registrations: bool
    places_left: int | None = Field(
        description="Places left to register (None: no limit, or places by shift)."
    )
    shift_places: int | None = Field(
        description="For an event by shifts: the places the shifts need…"
    )
    shift_places_taken: int | None = Field(description="…and how many are taken.")
    url: str = Field(description="The event's public page.")
    calendar_url: str = Field(description="The event alone, as an iCalendar file.")


class EventPage(Schema):
    results: list[PublicEvent]
    next_cursor: str | None
    next: str | None


# The index ---------------------------------------------------------------------------------------


class Index(Schema):
    name: str
    version: str
    openapi: str = Field(description="This API's OpenAPI 3 schema.")
    documentation: str
    endpoints: dict[str, str]
    feeds: dict[str, str] = Field(description="Atom and iCalendar feeds, beside the API.")

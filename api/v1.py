"""Version 1 of the public read-only API, with django-ninja: the endpoints, and the OpenAPI 3
schema it generates from them (/api/v1/schema/). api.http serves each answer (CORS, the rate
limit, the language, the shared cache, ETag and 304); api.urls wires the two.
"""

from typing import Literal

from django.conf import settings
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import ValidationError

from api import representations, selectors
from api.cursors import InvalidCursor, keyset_page
from api.http import boolean, choice, country, error, integer, opaque
from api.schemas import (
    ActionPage,
    CoordinationKind,
    CoordinationPage,
    Error,
    EventKind,
    EventPage,
    GroupPage,
    Index,
    LanguageCode,
    NearGroups,
    VacancyDetail,
    VacancyKind,
    VacancyPage,
)
from config.pagecache import coordinate, text
from coordinations.models import WORKING_LANGUAGES, Coordination
from events.models import Event
from groups import geo
from groups import selectors as group_selectors
from groups.models import FRENCH_SPEAKING_PROVINCES
from groups.views import PROBLEMS
from recruitment.models import Vacancy

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_NEAR = 25
PLAIN_TEXT = r"^[^\x00-\x1f\x7f]*$"

FrenchSpeakingProvince = Literal[tuple(str(code) for code in FRENCH_SPEAKING_PROVINCES)]
WorkingLanguage = Literal[tuple(code for code, _name in WORKING_LANGUAGES)]


class ApiError(Exception):
    """An answer of status 4xx that the API documents (api.schemas.Error)."""

    def __init__(self, status: int, code: str, detail: str, fields=()):
        super().__init__(detail)
        self.status, self.code, self.detail, self.fields = status, code, detail, list(fields)


class PortalAPI(NinjaAPI):
    """django-ninja's API, with a schema that names the feeds beside the API (their addresses
    in the answer's language, read when the schema is asked for, not when URLs load) and
    documents optional query parameters without ``null``; its root is the index."""

    def get_root_path(self, path_params):
        return reverse(f"{self.urls_namespace}:index", kwargs=path_params)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        feeds = feed_urls()
        lines = [schema["info"]["description"], "", "Feeds beside the API:"]
        lines += [f"- {FEED_LABELS[name]}: <{url}>" for name, url in feeds.items()]
        schema["info"]["description"] = "\n".join(lines)
        schema["externalDocs"] = {
            "description": FEED_LABELS["vacancies_atom"],
            "url": feeds["vacancies_atom"],
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    parameter["schema"] = _without_null(parameter["schema"])
        return schema


def _without_null(schema: dict) -> dict:
    """A query parameter is given or not: ``X | None`` is documented as X (optional)."""
    variants = [item for item in schema.get("anyOf", []) if item != {"type": "null"}]
    if len(variants) != 1 or len(variants) == len(schema.get("anyOf", [])):
        return schema
    merged = {key: value for key, value in schema.items() if key != "anyOf"}
    merged.update(variants[0])
    if merged.get("default", "") is None:
        del merged["default"]
    return merged


DESCRIPTION = """\
What the portal's public pages show, for the section's website, its partners and its apps:
the open vacancies, the coordinations and whether they are vacant, the local groups and the
groups nearest to a postal code or a position, the public actions with how many people took
part, and the public events.

Read-only and open: no key, any origin (CORS), GET only. Never an e-mail address or a person's
name. The language of the texts follows `?lang=` (fr or en), else `Accept-Language`, else
French. Lists come in pages: follow `next` (or give `next_cursor` as `?cursor=`). Every answer
carries an ETag and a Last-Modified: ask again with `If-None-Match` or `If-Modified-Since` and
an unchanged answer is a 304. Too many requests from one address are answered 429 with
`Retry-After`."""

api = PortalAPI(
    title="Coordination portal: public API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    openapi_url="schema/",
    docs_url=None,  # served by api.views.docs, from the portal's own files (no CDN)
    openapi_extra={"info": {"license": {"name": "AGPL-3.0-or-later"}}},
)

CACHE_HEADERS = {
    "ETag": {"description": "A digest of the answer.", "schema": {"type": "string"}},
    "Last-Modified": {
        "description": "When this answer was first given.",
        "schema": {"type": "string"},
    },
    "Cache-Control": {"description": "public, max-age=…", "schema": {"type": "string"}},
    "Access-Control-Allow-Origin": {"description": "*", "schema": {"type": "string"}},
}
RATE_LIMITED = {
    "description": "Too many requests from this address.",
    "headers": {
        "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}},
    },
}


def documented() -> dict:
    """The answers every endpoint may give besides its 200."""
    return {
        "responses": {
            200: {"headers": CACHE_HEADERS},
            304: {"description": "Not modified: the answer of the ETag given still holds."},
            429: RATE_LIMITED,
        }
    }


def responses(schema, *codes) -> dict:
    return {200: schema, 304: None, 429: Error, **dict.fromkeys(codes, Error)}


# Errors ------------------------------------------------------------------------------------------


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return error(exc.status, exc.code, exc.detail, fields=exc.fields)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    fields = sorted({str(item["loc"][-1]) for item in exc.errors if item.get("loc")})
    return error(
        400,
        "invalid_parameters",
        _("Some parameters are wrong: %(fields)s.") % {"fields": ", ".join(fields)},
        fields=fields,
    )


@api.exception_handler(InvalidCursor)
def _invalid_cursor(request, exc):
    return error(
        400,
        "invalid_cursor",
        _("This cursor is not one the API gave: start again from the first page."),
        fields=["cursor"],
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error(404, "not_found", _("There is nothing public at this address."))


# Shared parts ------------------------------------------------------------------------------------


class Localised(Schema):
    lang: LanguageCode | None = Field(
        None, description="The language of the texts (else Accept-Language, else fr)."
    )


class Paginated(Localised):
    cursor: str | None = Field(
        None, max_length=600, description="The next_cursor of the previous page."
    )
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows per page.")


PAGINATION_PARAMS = {"cursor": opaque, "limit": integer}


def _page(request, queryset, *, ordering, filters: Paginated, list_name: str, represent):
    page = keyset_page(
        queryset,
        ordering=ordering,
        cursor=filters.cursor or "",
        limit=filters.limit,
        list_name=list_name,
    )
    following = None
    if page.next_cursor:
        query = QueryDict(mutable=True)
        query.update(request.GET)
        query["cursor"] = page.next_cursor
        following = settings.SITE_URL + request.path + "?" + query.urlencode()
    return {
        "results": represent(page.rows),
        "next_cursor": page.next_cursor,
        "next": following,
    }


FEED_LABELS = {
    "vacancies_atom": "The Atom feed of newly published vacancies",
    "events_ical": "The iCalendar feed of public events",
}


def feed_urls() -> dict[str, str]:
    """The feeds that stay beside the API, in the answer's language."""
    return {
        "vacancies_atom": settings.SITE_URL + reverse("recruitment:vacancy_feed"),
        "events_ical": settings.SITE_URL + reverse("events:feed"),
    }


# The index ---------------------------------------------------------------------------------------


@api.get(
    "/",
    tags=["index"],
    response=responses(Index),
    url_name="index",
    summary="What this API offers",
    openapi_extra=documented(),
)
def index(request, filters: Query[Localised]):
    def url(name: str) -> str:
        return settings.SITE_URL + reverse(name)

    return {
        "name": api.title,
        "version": api.version,
        "openapi": url("api_v1:openapi-json"),
        "documentation": url("api_v1:docs"),
        "endpoints": {name: url(f"api_v1:{name}") for name in ENDPOINTS},
        "feeds": feed_urls(),
    }


# Vacancies ---------------------------------------------------------------------------------------


class VacancyFilters(Paginated):
    q: str | None = Field(
        None, max_length=100, pattern=PLAIN_TEXT, description="Words of the title, summary…"
    )
    kind: VacancyKind | None = None
    country: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="Where it is, or its coordination's countries."
    )
    language: WorkingLanguage | None = Field(None, description="A language it asks for.")
    closing_soon: bool = Field(False, description="Only those closing within two weeks.")


VACANCY_PARAMS = {
    "q": text,
    "kind": choice(Vacancy.Kind.values),
    "country": country,
    "language": choice(code for code, _name in WORKING_LANGUAGES),
    "closing_soon": boolean,
    **PAGINATION_PARAMS,
}


@api.get(
    "/vacancies/",
    tags=["vacancies"],
    response=responses(VacancyPage, 400),
    url_name="vacancies",
    summary="Open vacancies, as the vacancy board lists them",
    openapi_extra=documented(),
)
def vacancies(request, filters: Query[VacancyFilters]):
    queryset = selectors.open_vacancies(
        kind=filters.kind or "",
        country=filters.country or "",
        language=filters.language or "",
        closing_soon=filters.closing_soon,
        query=filters.q or "",
    )
    now = timezone.now()
    return _page(
        request,
        queryset,
        ordering=selectors.VACANCY_ORDER,
        filters=filters,
        list_name="vacancies",
        represent=lambda rows: [representations.vacancy_summary(row, now=now) for row in rows],
    )


@api.get(
    "/vacancies/{slug}/",
    tags=["vacancies"],
    response=responses(VacancyDetail, 400, 404),
    url_name="vacancy",
    summary="One open vacancy, with the sections of its page",
    openapi_extra=documented(),
)
def vacancy(
    request,
    filters: Query[Localised],
    slug: str = Path(..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=200),
):
    found = selectors.open_vacancy(slug)
    if found is None:
        raise Http404
    return representations.vacancy_detail(found)


# Coordinations -----------------------------------------------------------------------------------


class CoordinationFilters(Paginated):
    kind: CoordinationKind | None = None
    vacant: bool = Field(False, description="Only those nobody holds today.")
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$", description="A country covered.")


COORDINATION_PARAMS = {
    "kind": choice(Coordination.Kind.values),
    "vacant": boolean,
    "country": country,
    **PAGINATION_PARAMS,
}


@api.get(
    "/coordinations/",
    tags=["coordinations"],
    response=responses(CoordinationPage, 400),
    url_name="coordinations",
    summary="Active coordinations, whether they are vacant, and their open vacancy",
    openapi_extra=documented(),
)
def coordinations(request, filters: Query[CoordinationFilters]):
    queryset = selectors.active_coordinations(
        kind=filters.kind or "", vacant=filters.vacant, country=filters.country or ""
    )

    def represent(rows):
        open_vacancies = selectors.open_vacancies_of(rows)
        return [
            representations.coordination_summary(row, open_vacancies.get(row.pk)) for row in rows
        ]

    return _page(
        request,
        queryset,
        ordering=selectors.COORDINATION_ORDER,
        filters=filters,
        list_name="coordinations",
        represent=represent,
    )


# Local groups ------------------------------------------------------------------------------------


class GroupFilters(Paginated):
    province: FrenchSpeakingProvince | None = None


GROUP_PARAMS = {"province": choice(FRENCH_SPEAKING_PROVINCES), **PAGINATION_PARAMS}


@api.get(
    "/groups/",
    tags=["local groups"],
    response=responses(GroupPage, 400),
    url_name="groups",
    summary="Active local groups, by name",
    openapi_extra=documented(),
)
def groups(request, filters: Query[GroupFilters]):
    return _page(
        request,
        selectors.active_groups(province=filters.province or ""),
        ordering=selectors.GROUP_ORDER,
        filters=filters,
        list_name="groups",
        represent=lambda rows: [representations.group_summary(row) for row in rows],
    )


class NearFilters(Localised):
    q: str | None = Field(
        None,
        max_length=100,
        pattern=PLAIN_TEXT,
        description="A postal code (5000) or a commune's name (Namur).",
    )
    lat: float | None = Field(None, ge=-90, le=90, description="Or a position: its latitude…")
    lon: float | None = Field(None, ge=-180, le=180, description="…and its longitude.")
    province: FrenchSpeakingProvince | None = Field(None, description="Only in this province.")
    limit: int = Field(
        group_selectors.NEAREST_GROUPS, ge=1, le=MAX_NEAR, description="How many groups."
    )


NEAR_PARAMS = {
    "q": text,
    "lat": coordinate,
    "lon": coordinate,
    "province": choice(FRENCH_SPEAKING_PROVINCES),
    "limit": integer,
}


@api.get(
    "/groups/near/",
    tags=["local groups"],
    response=responses(NearGroups, 400),
    url_name="groups_near",
    summary="The active groups nearest to a postal code, a commune or a position",
    openapi_extra=documented(),
)
def groups_near(request, filters: Query[NearFilters]):
    notice = None
    if filters.lat is not None or filters.lon is not None:
        if filters.lat is None or filters.lon is None:
            raise ApiError(
                400,
                "invalid_parameters",
                _("Give both the latitude and the longitude."),
                fields=["lat", "lon"],
            )
        origin = {"label": _("your position"), "latitude": filters.lat, "longitude": filters.lon}
        if not geo.in_belgium(filters.lat, filters.lon):
            notice = _(
                "Your position seems to be outside Belgium. Here are the nearest groups all the same."
            )
    elif filters.q:
        lookup = group_selectors.find_place(filters.q)
        if lookup.place is None:
            raise ApiError(400, lookup.problem, PROBLEMS[lookup.problem](filters.q), fields=["q"])
        place = lookup.place
        origin = {"label": place.label, "latitude": place.latitude, "longitude": place.longitude}
    else:
        raise ApiError(
            400,
            "missing_origin",
            _("Give a postal code or a commune (q), or a position (lat and lon)."),
            fields=["q", "lat", "lon"],
        )
    found = group_selectors.nearest_groups(
        origin["latitude"],
        origin["longitude"],
        province=filters.province or None,
        limit=filters.limit,
    )
    if not found and notice is None:
        notice = (
            _("There is no active group in this province yet.")
            if filters.province
            else _("No local group is active at the moment.")
        )
    origin["label"] = str(origin["label"])
    return {
        "origin": origin,
        "results": [representations.near_group(group) for group in found],
        "notice": str(notice) if notice else None,
    }


# Public actions ----------------------------------------------------------------------------------


class ActionFilters(Paginated):
    open: bool = Field(False, description="Only those where people can still take part.")


ACTION_PARAMS = {"open": boolean, **PAGINATION_PARAMS}


@api.get(
    "/actions/",
    tags=["public actions"],
    response=responses(ActionPage, 400),
    url_name="actions",
    summary="Public actions, the latest first, with how many people took part",
    openapi_extra=documented(),
)
def actions(request, filters: Query[ActionFilters]):
    return _page(
        request,
        selectors.public_actions(open_only=filters.open),
        ordering=selectors.ACTION_ORDER,
        filters=filters,
        list_name="actions",
        represent=lambda rows: [representations.public_action(row) for row in rows],
    )


# Public events -----------------------------------------------------------------------------------


class EventFilters(Paginated):
    kind: EventKind | None = None
    past: bool = Field(False, description="The past events, latest first (else those to come).")


EVENT_PARAMS = {"kind": choice(Event.Kind.values), "past": boolean, **PAGINATION_PARAMS}


@api.get(
    "/events/",
    response=responses(EventPage, 400),
    url_name="events",
    tags=["public events"],
    summary="Public events to come, soonest first (or past ones, latest first)",
    openapi_extra=documented(),
)
def events(request, filters: Query[EventFilters]):
    now = timezone.now()
    return _page(
        request,
        selectors.public_events(kind=filters.kind or "", past=filters.past, now=now),
        ordering=selectors.PAST_EVENT_ORDER if filters.past else selectors.UPCOMING_EVENT_ORDER,
        filters=filters,
        list_name="past-events" if filters.past else "events",
        represent=lambda rows: [representations.public_event(row) for row in rows],
    )


# What api.urls serves: each endpoint's URL name and the query parameters it reads.
ENDPOINTS = {
    "vacancies": VACANCY_PARAMS,
    "coordinations": COORDINATION_PARAMS,
    "groups": GROUP_PARAMS,
    "groups_near": NEAR_PARAMS,
    "actions": ACTION_PARAMS,
    "events": EVENT_PARAMS,
}
QUERY_PARAMS = {
    "index": {},
    "vacancy": {},
    "openapi-json": {},
    **ENDPOINTS,
}

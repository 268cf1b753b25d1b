"""The API's view of each object: a dict per api.schemas class, written field by field.

Nothing is copied from a model wholesale: a field the schema does not list never leaves. Free
text (a vacancy's sections, a group's description...) is what its public page shows, except
that an e-mail address typed into it is replaced by a pointer to the page: the API never gives
an address. Addresses of pages are absolute (SITE_URL) and in the answer's language.
"""

import re

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries import countries as all_countries

from coordinations.models import WORKING_LANGUAGES

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Positions are the commune's, rounded to about a kilometre (as the public map shows them).
POSITION_DECIMALS = 2
LANGUAGE_NAMES = dict(WORKING_LANGUAGES)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def public_text(value: str) -> str:
    return EMAIL.sub(_("(the address is on the public page)"), value or "")


def country(code) -> dict | None:
    code = str(code or "")
    if not code:
        return None
    return {"code": code, "name": str(all_countries.name(code) or code)}


def countries(codes) -> list[dict]:
    return [country(code) for code in codes if str(code)]


def coordination_ref(coordination) -> dict:
    return {
        "slug": coordination.slug,
        "name": coordination.name,
        "url": absolute(coordination.get_absolute_url()),
    }


# Vacancies ---------------------------------------------------------------------------------------


def _how_to_apply(vacancy) -> dict:
    method = vacancy.apply_method
    if method == vacancy.ApplyMethod.PORTAL:
        url = absolute(reverse("recruitment:vacancy_apply", kwargs={"slug": vacancy.slug}))
    elif method == vacancy.ApplyMethod.WEB and vacancy.apply_url:
        url = vacancy.apply_url
    else:  # by e-mail: the page gives the address and the subject line
        url = absolute(vacancy.get_absolute_url())
    return {"method": method, "url": url}


def vacancy_summary(vacancy, *, now=None) -> dict:
    """Reads ``vacancy.coordination`` and ``vacancy.languages.all()`` (select and prefetch)."""
    return {
        "slug": vacancy.slug,
        "title": vacancy.title,
        "kind": vacancy.kind,
        "kind_label": str(vacancy.get_kind_display()),
        "summary": public_text(vacancy.summary),
        "organisation": str(vacancy.publisher_name),
        "coordination": coordination_ref(vacancy.coordination) if vacancy.coordination else None,
        "city": vacancy.city,
        "country": country(vacancy.country),
        "remote_possible": vacancy.remote_possible,
        "start": vacancy.start_display(),
        "duration": vacancy.duration_display(),
        "workload": vacancy.workload_display(),
        "salary": vacancy.salary_display(),
        "languages": vacancy.language_requirements_display(),
        "positions": vacancy.positions,
        "published_at": vacancy.published_at,
        "deadline": vacancy.deadline,
        "days_left": vacancy.days_left(now),
        "url": absolute(vacancy.get_absolute_url()),
        "apply": _how_to_apply(vacancy),
    }


def vacancy_detail(vacancy) -> dict:
    """Reads the relations ``recruitment.selectors.vacancy_for_page`` loads."""
    return {
        **vacancy_summary(vacancy),
        "context": public_text(vacancy.context),
        "responsibilities": public_text(vacancy.responsibilities),
        "profile": public_text(vacancy.profile),
        "offer": public_text(vacancy.offer),
        "how_to_apply": public_text(vacancy.how_to_apply),
        "allowance": public_text(vacancy.allowance),
        "salary_note": public_text(vacancy.salary_note),
        "minimum_commitment_months": vacancy.minimum_commitment_months,
        "competencies": [competency.label for competency in vacancy.competencies.all()],
        "eligibility": [public_text(item.text) for item in vacancy.eligibility_conditions.all()],
        "partners": [
            {"name": partner.name, "website": partner.website} for partner in vacancy.partners.all()
        ],
        "workload_shares": [
            {"programme": share.programme, "percent": share.percent}
            for share in vacancy.workload_shares.all()
        ],
    }


# Coordinations -----------------------------------------------------------------------------------


def coordination_summary(coordination, open_vacancy=None) -> dict:
    """Reads ``is_vacant`` and ``arrives_on`` (coordinations.selectors.coordinations_with_vacancy)."""
    return {
        "slug": coordination.slug,
        "name": coordination.name,
        "kind": coordination.kind,
        "kind_label": str(coordination.get_kind_display()),
        "countries": countries(coordination.countries),
        "theme": coordination.theme,
        "summary": public_text(coordination.summary),
        "working_languages": [
            {"code": code, "name": str(LANGUAGE_NAMES.get(code, code))}
            for code in coordination.working_languages or []
            if isinstance(code, str)
        ],
        "is_vacant": bool(coordination.is_vacant),
        "is_recruiting": coordination.is_recruiting,
        "coordinator_expected_on": coordination.arrives_on,
        "open_vacancy": (
            {
                "slug": open_vacancy.slug,
                "title": open_vacancy.title,
                "deadline": open_vacancy.deadline,
                "url": absolute(open_vacancy.get_absolute_url()),
            }
            if open_vacancy is not None
            else None
        ),
        "url": absolute(coordination.get_absolute_url()),
    }


# Local groups ------------------------------------------------------------------------------------


def group_summary(group) -> dict:
    """Reads ``group.place`` (select_related)."""
    place = group.place
    return {
        "slug": group.slug,
        "name": group.name,
        "commune": {"postal_code": place.postal_code, "name": place.municipality_fr},
        "province": {"code": group.province, "name": str(group.get_province_display())},
        "latitude": round(group.latitude, POSITION_DECIMALS),
        "longitude": round(group.longitude, POSITION_DECIMALS),
        "meeting_rhythm": group.meeting_rhythm,
        "description": public_text(group.description),
        "themes": group.themes,
        "countries": countries(group.countries),
        "founded_in": group.founded_in,
        "website": group.website,
        "url": absolute(group.get_absolute_url()),
    }


def near_group(group) -> dict:
    return {**group_summary(group), "distance_km": round(group.distance_km, 1)}


# Public actions ----------------------------------------------------------------------------------


def public_action(proposal) -> dict:
    """Reads ``circular``, ``coordination`` (select_related) and ``participant_count``."""
    circular = proposal.circular
    return {
        "slug": proposal.public_slug,
        "title": proposal.title,
        "request": public_text(proposal.request),
        "case": (
            {"title": circular.title, "summary": public_text(circular.summary)}
            if circular is not None
            else None
        ),
        "coordination": coordination_ref(proposal.coordination),
        "starts_on": proposal.starts_on,
        "ends_on": proposal.ends_on,
        "is_open": proposal.is_open,
        "participant_count": proposal.participant_count,
        "url": absolute(proposal.get_public_url()),
    }


# Public events -----------------------------------------------------------------------------------


def public_event(event) -> dict:
    """Reads ``place``, ``coordination``, ``group`` (select_related) and the counts of
    events.selectors.with_counts."""
    place = event.place
    by_shift = bool(event.shift_count)
    limited = event.takes_registrations and event.capacity and not by_shift
    return {
        "slug": event.slug,
        "title": event.name,
        "kind": event.kind,
        "kind_label": str(event.get_kind_display()),
        "cancelled": event.status == event.Status.CANCELLED,
        "description": public_text(event.text),
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "venue": event.venue,
        "address": event.address,
        "commune": (
            {"postal_code": place.postal_code, "name": place.municipality_fr} if place else None
        ),
        "online": event.is_online,
        "organiser": {"kind": event.organiser, "name": str(event.organiser_name)},
        "takes_registrations": event.takes_registrations,
        "places_left": event.places_left if limited else None,
        "shift_places": event.shift_places if by_shift else None,
        "shift_places_taken": event.shift_taken if by_shift else None,
        "url": absolute(event.get_absolute_url()),
        "calendar_url": absolute(reverse("events:ics", kwargs={"slug": event.slug})),
    }

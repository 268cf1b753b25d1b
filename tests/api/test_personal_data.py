"""No personal field is reachable through the API: every endpoint, every field of its answers,
against an allow list written here by hand (a new field fails until it is added on purpose);
and no value anywhere holds an e-mail address, a person's name, a meeting address or the people
a group supports, although the data behind the answers holds all of them."""

import re

import pytest

from api.v1 import QUERY_PARAMS
from tests.api.conftest import SECRET_NAMES

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")

LINK = {"slug", "name", "url"}
NAMED = {"code", "name"}
VACANCY = {
    "slug",
    "title",
    "kind",
    "kind_label",
    "summary",
    "organisation",
    *{f"coordination.{field}" for field in LINK},
    "city",
    *{f"country.{field}" for field in NAMED},
    "remote_possible",
    "start",
    "duration",
    "workload",
    "salary",
    "languages",
    "positions",
    "published_at",
    "deadline",
    "days_left",
    "url",
    "apply.method",
    "apply.url",
}
VACANCY_DETAIL = VACANCY | {
    "context",
    "responsibilities",
    "profile",
    "offer",
    "how_to_apply",
    "allowance",
    "salary_note",
    "minimum_commitment_months",
    "competencies[]",
    "eligibility[]",
    "partners[].name",
    "partners[].website",
    "workload_shares[].programme",
    "workload_shares[].percent",
}
COORDINATION = {
    "slug",
    "name",
    "kind",
    "kind_label",
    *{f"countries[].{field}" for field in NAMED},
    "theme",
    "summary",
    *{f"working_languages[].{field}" for field in NAMED},
    "is_vacant",
    "is_recruiting",
    "coordinator_expected_on",
    "open_vacancy.slug",
    "open_vacancy.title",
    "open_vacancy.deadline",
    "open_vacancy.url",
    "url",
}
GROUP = {
    "slug",
    "name",
    "commune.postal_code",
    "commune.name",
    *{f"province.{field}" for field in NAMED},
    "latitude",
    "longitude",
    "meeting_rhythm",
    "description",
    "themes",
    *{f"countries[].{field}" for field in NAMED},
    "founded_in",
    "website",
    "url",
}
ACTION = {
    "slug",
    "title",
    "request",
    "case.title",
    "case.summary",
    *{f"coordination.{field}" for field in LINK},
    "starts_on",
    "ends_on",
    "is_open",
    "participant_count",
    "url",
}
EVENT = {
    "slug",
    "title",
    "kind",
    "kind_label",
    "cancelled",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "commune.postal_code",
    "commune.name",
    "online",
    "organiser.kind",
    "organiser.name",
    "takes_registrations",
    "places_left",
    "shift_places",
    "shift_places_taken",
    "url",
    "calendar_url",
}
PAGE = {"next_cursor", "next"}


def page_of(fields: set[str]) -> set[str]:
    return PAGE | {f"results[].{field}" for field in fields}


ALLOWED = {
    "index": {"name", "version", "openapi", "documentation", "endpoints.*", "feeds.*"},
    "vacancies": page_of(VACANCY),
    "vacancy": VACANCY_DETAIL,
    "coordinations": page_of(COORDINATION),
    "groups": page_of(GROUP),
    "groups_near": {
        "origin.label",
        "origin.latitude",
        "origin.longitude",
        "notice",
        *{f"results[].{field}" for field in GROUP | {"distance_km"}},
    },
    "actions": page_of(ACTION),
    "events": page_of(EVENT),
}


def fields_of(value, prefix="") -> set[str]:
    """Every path of a JSON document: "results[].coordination.slug"; a mapping whose keys are
    data (the index's endpoints and feeds) counts as "endpoints.*"."""
    if isinstance(value, dict):
        if prefix in {"endpoints", "feeds"}:
            return {f"{prefix}.*"}
        paths = set()
        for key, inner in value.items():
            path = f"{prefix}.{key}" if prefix else key
            below = fields_of(inner, path)
            paths |= below or {path}
        return paths
    if isinstance(value, list):
        paths = set()
        for item in value:
            paths |= fields_of(item, f"{prefix}[]")
        return paths or {f"{prefix}[]"}
    return {prefix}


def strings_of(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from strings_of(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from strings_of(inner)
    elif isinstance(value, str):
        yield value


def answers(client, public_data):
    """(endpoint, answer) for every endpoint, with the parameters that reach every branch."""
    slugs = ["coordination-iran", "conseiller-juridique", "stands-0", "stands-1"]
    asked = {
        "index": ["/api/v1/"],
        "vacancies": ["/api/v1/vacancies/", "/api/v1/vacancies/?limit=1"],
        "vacancy": [f"/api/v1/vacancies/{slug}/" for slug in slugs],
        "coordinations": ["/api/v1/coordinations/", "/api/v1/coordinations/?limit=1"],
        "groups": ["/api/v1/groups/", "/api/v1/groups/?limit=1"],
        "groups_near": ["/api/v1/groups/near/?q=5000", "/api/v1/groups/near/?lat=48.8&lon=2.3"],
        "actions": ["/api/v1/actions/", "/api/v1/actions/?limit=1"],
        "events": ["/api/v1/events/", "/api/v1/events/?past=true", "/api/v1/events/?limit=1"],
    }
    assert set(asked) == set(QUERY_PARAMS) - {"openapi-json"}, "an endpoint is not walked"
    for endpoint, urls in asked.items():
        for url in urls:
            for language in ("fr", "en"):
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                assert response.status_code == 200, (url, response.content)
                yield endpoint, url, response.json()


def on_the_list(path: str, fields: set[str]) -> bool:
    """On the list, or an empty value (null, []) of an object or list that is on it."""
    return path in fields or any(field.startswith((f"{path}.", f"{path}[]")) for field in fields)


def test_every_field_of_every_answer_is_on_the_allow_list(client, public_data):
    seen = {endpoint: set() for endpoint in ALLOWED}
    for endpoint, url, body in answers(client, public_data):
        fields = fields_of(body)
        unknown = {path for path in fields if not on_the_list(path, ALLOWED[endpoint])}
        assert not unknown, f"{url}: fields outside the allow list: {sorted(unknown)}"
        seen[endpoint] |= fields & ALLOWED[endpoint]
    # The walk reached every allowed field (so the allow list is not larger than the API).
    for endpoint, fields in ALLOWED.items():
        assert seen[endpoint] == fields, f"{endpoint}: never seen {sorted(fields - seen[endpoint])}"


def test_no_answer_holds_an_address_or_a_name_of_the_data_behind_it(client, public_data):
    namur = public_data["namur"]
    secrets = [*SECRET_NAMES, namur.meeting_address, "Rue des Brasseurs", "Théo Ysaÿe"]
    for _endpoint, url, body in answers(client, public_data):
        for text in strings_of(body):
            assert not EMAIL.search(text), f"{url}: an e-mail address in {text!r}"
            for secret in secrets:
                assert secret not in text, f"{url}: {secret!r} in {text!r}"

"""Hostile query strings on every list and search page: an ordinary answer, never a server error.

Each page gets, in each of its parameters (its search box, its filters, its page number), values
people type by mistake and values robots try: unknown choices, SQL, a NUL, 5,000 characters,
emoji, a right-to-left override, impossible page numbers. The answer must be 200, 400 or 404,
never 500 (the test client raises the view's exception, which is reported as a 500 below).
"""

import pytest
from django.urls import reverse

from tests.security.test_permission_matrix import cast  # noqa: F401 (the fixture)

HOSTILE_VALUES = [
    "0",
    "-1",
    "99999",
    "abc",
    "1e9",
    "9" * 400,  # a number no database integer holds
    "nan",
    "' OR 1=1 --",
    '"; DROP TABLE accounts_user; --',
    "%",
    "_",
    "\\",
    "\x00",
    "a\x00b",
    "x" * 5000,
    "🙂🏳️‍🌈",
    "\u202egnp.exe",  # the right-to-left override
    "<script>alert(1)</script>",
    "2026-02-30",
    "",
]
NUL_VALUES = {"\x00", "a\x00b"}

# Page → (who looks at it, how to build its address from the cast, its parameters).
PAGES = {
    "coordinations:list": ("anonymous", None, ["kind", "vacant", "country", "page"]),
    "recruitment:vacancy_list": (
        "anonymous",
        None,
        ["q", "kind", "country", "language", "closing_soon", "page"],
    ),
    "groups:search": ("anonymous", None, ["q", "province", "lat", "lon", "page"]),
    "places_autocomplete": ("anonymous", None, ["q"]),
    "groups:coordinators": ("leader", lambda c: {"slug": c.group.slug}, ["coordination"]),
    "dashboard:index": ("staff", None, ["period", "start", "end"]),
    "actions:circular_list": (
        "staff",
        None,
        ["q", "kind", "country", "status", "overdue", "page"],
    ),
    "actions:inbox": ("coordinator", None, ["show", "page"]),
    "actions:proposal_list": ("coordinator", None, ["page"]),
    "actions:proposal_create": ("coordinator", None, ["circular"]),
    "actions:circular_create": ("staff", None, ["parent"]),
    "actions:group_proposals": ("leader", lambda c: {"group": c.group.slug}, ["page"]),
    "recruitment:pipeline_index": ("staff", None, ["page"]),
    "recruitment:interest_register": ("volunteer", None, ["coordination"]),
    "coordinations:activity_list": ("coordinator", lambda c: {"pk": c.mandate.pk}, ["page"]),
    "admin:accounts_user_changelist": ("superuser", None, ["q", "p", "o", "is_staff__exact"]),
}
ACCEPTED = {200, 400, 404}
# The admin sends a lookup it does not know back to the list, with "?e=1": a 302.
ADMIN_ACCEPTED = ACCEPTED | {302}
ROLES = sorted({role for role, _kwargs, _parameters in PAGES.values()})


def answer(client, url, params) -> str:
    try:
        return str(client.get(url, params).status_code)
    except Exception as error:  # the view's exception: a server error for the visitor
        return f"500 {type(error).__name__}: {str(error)[:200]}"


def wrong_answer(name: str, got: str) -> bool:
    accepted = ADMIN_ACCEPTED if name.startswith("admin:") else ACCEPTED
    return not got.isdigit() or int(got) not in accepted


@pytest.mark.parametrize("role", ROLES)
def test_hostile_query_strings_never_make_a_server_error(role, cast, client):  # noqa: F811
    """Every page of this role (the cast is built once for all of them)."""
    if cast.users[role] is not None:
        client.force_login(cast.users[role])
    wrong = []
    tried = 0
    for name, (page_role, kwargs, parameters) in sorted(PAGES.items()):
        if page_role != role:
            continue
        url = reverse(name, kwargs=kwargs(cast) if kwargs else None)
        assert client.get(url).status_code == 200, f"{name} must open for {role}"
        for parameter in parameters:
            for value in HOSTILE_VALUES:
                tried += 1
                got = answer(client, url, {parameter: value})
                if wrong_answer(name, got):
                    wrong.append(f"{name} ?{parameter}={value[:40]!r}: {got}")
        # Everything hostile at once, as a robot sends it.
        tried += 1
        got = answer(client, url, dict.fromkeys(parameters, "' OR 1=1 --"))
        if wrong_answer(name, got):
            wrong.append(f"{name} with all parameters at once: {got}")
    print(f"hostile query strings, {role}: {tried} requests")
    assert not wrong, "\n".join(wrong)

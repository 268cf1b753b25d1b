"""CSRF, from the permission matrix's table: every URL that takes a POST refuses one without the
token (403), even from the person it would otherwise serve; and no page changes anything on a
GET, for the people who may open it."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.security.test_permission_matrix import (  # noqa: F401 (cast: the fixture)
    FORBIDDEN,
    REFUSALS,
    ROLES,
    TABLE,
    ask,
    cast,
    client_for,
    database_state,
    url_of,
)

# A role whose POST the table does not refuse: the one to send without a token. Logged-in
# people first (the CSRF cookie is the session's); the log-in and sign-up forms only take
# visitors.
PREFERENCE = (
    "volunteer",
    "coordinator",
    "leader",
    "staff",
    "superuser",
    "other_coordinator",
    "other_leader",
    "anonymous",
)
assert set(PREFERENCE) == set(ROLES)


def accepting_role(name: str) -> str | None:
    post = TABLE[name].post
    return next((role for role in PREFERENCE if post[role] not in REFUSALS), None)


# Addresses that take a POST without the token, on purpose: the one-click unsubscribe of RFC
# 8058 is POSTed by the reader's mail program, which has no cookie and no token; the signed
# token in the address is the credential, and all it can do is stop messages.
CSRF_EXEMPT = {"accounts:unsubscribe"}

POST_URLS = sorted(name for name in TABLE if accepting_role(name) and name not in CSRF_EXEMPT)


def test_the_addresses_without_the_token_are_exactly_those_listed():
    """Among the addresses that accept a POST, only CSRF_EXEMPT skip the check."""
    from django.urls import get_resolver

    from tests.security.test_permission_matrix import _walk

    exempt = {
        name
        for name, pattern in _walk(get_resolver().url_patterns)
        if name in TABLE
        and accepting_role(name)
        and getattr(pattern.callback, "csrf_exempt", False)
    }
    assert exempt == CSRF_EXEMPT


def test_every_url_that_takes_a_post_refuses_one_without_the_token(cast):  # noqa: F811
    clients = {
        role: client_for(cast.users[role], enforce_csrf_checks=True)
        for role in {accepting_role(name) for name in POST_URLS}
    }
    baseline = database_state()  # after the log-ins, which record their time
    wrong = []
    for name in POST_URLS:
        role = accepting_role(name)
        got, changed = ask(
            clients[role], "post", url_of(name, cast), baseline=baseline, check_state=bool
        )
        if got != FORBIDDEN:
            wrong.append(f"POST {name} as {role} without a token: {got}")
        if changed:
            wrong.append(f"POST {name} as {role} without a token changed {changed}")
    print(f"CSRF: {len(POST_URLS)} URLs that take a POST, each refused without the token")
    assert len(POST_URLS) > 50
    assert not wrong, "\n".join(wrong)


def test_the_token_is_what_was_missing(cast):  # noqa: F811
    """The same client with the form's token is served: the 403 above was the CSRF check."""
    client = client_for(cast.users["volunteer"], enforce_csrf_checks=True)
    page = client.get(reverse("accounts:me"))
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
    token = token or client.cookies["csrftoken"].value
    with translation.override("fr"):
        url = reverse("recruitment:interest_register")
    assert client.post(url, {}).status_code == 403
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 200


# Those who open the most pages: the superuser sees everything, the others their own objects.
GET_ROLES = ("superuser", "volunteer", "coordinator", "leader", "anonymous")


@pytest.mark.parametrize("role", GET_ROLES)
def test_no_page_changes_anything_on_a_get(role, cast):  # noqa: F811
    client = client_for(cast.users[role])
    baseline = database_state()
    wrong = []
    opened = 0
    for name in sorted(TABLE):
        if TABLE[name].get[role] in REFUSALS:
            continue  # refused before the view does anything (the matrix checks the answer)
        opened += 1
        got, changed = ask(
            client, "get", url_of(name, cast), baseline=baseline, check_state=lambda answer: True
        )
        if changed:
            wrong.append(f"GET {name} as {role} ({got}) changed {changed}")
    print(f"GET as {role}: {opened} pages, none changed the database")
    assert not wrong, "\n".join(wrong)

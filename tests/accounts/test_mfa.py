"""The second factor: staff cannot work without one, volunteers may turn it on.

Staff (and superusers) open no page of the portal, and no page of the admin, until they have an
authenticator app and this session has passed it (accounts/middleware.py). The codes are
computed from the secret on a fixed clock, as the authenticator app would show them.
"""

import json
import logging
import types
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal import auth as totp_auth
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, TOTP_SECRET, StaffFactory, UserFactory
from tests.mfa import SecondFactorClient, totp_code

# The permission matrix's table (every URL of the portal) and its cast (the objects the URLs
# name), whose fixture is "matrix_cast" here.
from tests.security.test_permission_matrix import TABLE, database_state, difference, url_of
from tests.security.test_permission_matrix import cast as matrix_cast  # noqa: F401

pytestmark = pytest.mark.django_db

# Wednesday 18 November 2026, 10:00 UTC: the moment the authenticator app and the portal agree on.
NOW = 1_794_996_000
SET_UP = "/fr/accounts/2fa/totp/activate/"
REAUTHENTICATE = "/fr/accounts/2fa/reauthenticate/"
AUTHENTICATE = "/en/accounts/2fa/authenticate/"
# Pages open whatever the second factor: health, language, log-out, and allauth's own pages
# (log-in, sign-up, password reset) for the "no authenticator yet" state.
OPEN = {"healthz", "set_language", "account_logout"}
ALLAUTH = {name for name in TABLE if name.startswith("account_")}


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """allauth's TOTP reads the time through its module's ``time``: it reads NOW instead."""
    monkeypatch.setattr(totp_auth, "time", types.SimpleNamespace(time=lambda: NOW))


def code(secret=TOTP_SECRET, at=NOW) -> str:
    return totp_code(secret, at)


def staff_pages(cast) -> list[tuple[str, str]]:
    """(name, URL) of every page of the matrix that a staff member must not open unverified."""
    return [(name, url_of(name, cast)) for name in sorted(TABLE) if name not in OPEN | ALLAUTH]


def admin_pages() -> list[str]:
    pages = ["/admin/", "/admin/login/", "/admin/password_change/"]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return pages


def path_of(response) -> str:
    assert response.status_code == 302, response.status_code
    return urlsplit(response["Location"]).path


def log_in(client, email, *, next_url="/en/dashboard/"):
    """The log-in form, as a person fills it in: the answer is the next step's redirect."""
    return client.post(
        "/en/accounts/login/", {"login": email, "password": PASSWORD, "next": next_url}
    )


def events(caplog) -> list[dict]:
    """The security log's lines, read back."""
    return [json.loads(line) for line in caplog.messages if line.startswith("{")]


def without_second_factor(user):
    Authenticator.objects.filter(user=user).delete()
    return user


# Staff without an authenticator ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "superuser"])
def test_staff_without_a_second_factor_open_no_page_before_setting_one_up(request, role):
    cast = request.getfixturevalue("matrix_cast")
    person = without_second_factor(cast.users[role])
    client = SecondFactorClient()
    client.force_login(person)
    baseline = database_state()
    wrong = []
    pages = staff_pages(cast) + [(url, url) for url in admin_pages()]
    for name, url in pages:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code != 302 or path_of(response) != SET_UP:
                wrong.append(f"{method.upper()} {name} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    # Nothing the POSTs asked for was done.
    assert difference(baseline, database_state()) == []


def test_the_set_up_page_and_the_pages_it_needs_stay_open(client, staff):
    without_second_factor(staff)
    client.force_login(staff)
    assert client.get(reverse("healthz")).status_code == 200
    # allauth asks for the password again before a second factor is added.
    response = client.get(SET_UP)
    assert path_of(response) == "/fr/accounts/reauthenticate/"
    response = client.post(response["Location"], {"password": PASSWORD})
    assert path_of(response) == SET_UP
    page = client.get("/en/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert "Activate Authenticator App" in page.content.decode()
    assert client.get(reverse("account_email")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_message_says_why_in_the_persons_language(client, staff):
    without_second_factor(staff)
    client.force_login(staff)
    page = client.get("/en/dashboard/", follow=True)
    assert "Staff accounts are protected by a second factor" in page.content.decode()
    assert page.redirect_chain[0][0] == "/en/accounts/2fa/totp/activate/"


def test_an_htmx_request_sends_the_browser_to_the_set_up(client, staff):
    without_second_factor(staff)
    client.force_login(staff)
    response = client.get(reverse("dashboard:index"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == SET_UP


def test_staff_set_up_the_app_then_confirm_one_code_and_work(client):
    staff = StaffFactory(email="new.staff@example.org", second_factor=False)
    response = log_in(client, staff.email)
    # No authenticator yet: allauth asks for no code, the portal sends them to set one up.
    assert response.url == "/en/dashboard/"
    assert path_of(client.get("/en/dashboard/")) == "/en/accounts/2fa/totp/activate/"
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    client.get("/en/accounts/2fa/totp/activate/")
    secret = client.session[totp_auth.SECRET_SESSION_KEY]
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": code(secret)})
    assert response.url == "/en/accounts/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    # The set-up recorded no code for this session: one code from the app, and on they go.
    page = client.get("/en/dashboard/", follow=True)
    assert page.redirect_chain[0][0].startswith("/en/accounts/2fa/reauthenticate/?next=")
    assert "Your authenticator app is set up" in page.content.decode()
    response = client.post(page.redirect_chain[0][0], {"code": code(secret)})
    assert response.url == "/en/dashboard/"
    assert client.get("/en/dashboard/").status_code == 200
    assert client.get("/en/accounts/2fa/recovery-codes/").status_code == 200


# Staff with an authenticator, in a session that did not pass it --------------------------------


@pytest.mark.parametrize("role", ["staff", "superuser"])
def test_a_session_that_did_not_pass_the_second_factor_opens_nothing(request, role, caplog):
    cast = request.getfixturevalue("matrix_cast")
    caplog.set_level(logging.INFO, logger="portal.security")
    person = cast.users[role]
    client = SecondFactorClient()
    client.force_login_without_second_factor(person)
    baseline = database_state()
    wrong = []
    pages = staff_pages(cast) + [(url, url) for url in admin_pages()]
    # Not even allauth's pages that manage the factor: a password must not remove it.
    for name in (
        "mfa_index",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_email",
        "account_change_password",
    ):
        with translation.override("fr"):
            pages.append((name, reverse(name)))
    for name, url in pages:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code != 302 or path_of(response) != REAUTHENTICATE:
                wrong.append(f"{method.upper()} {name} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert difference(baseline, database_state()) == []
    assert Authenticator.objects.filter(user=person, type="totp").exists()
    assert '"event": "mfa.session_not_verified"' in caplog.text


def test_a_code_lets_the_session_through_to_the_page_it_asked_for(client, staff):
    client.force_login_without_second_factor(staff)
    response = client.get("/en/dashboard/")
    assert response.url == "/en/accounts/2fa/reauthenticate/?next=%2Fen%2Fdashboard%2F"
    page = client.get(response.url).content.decode()
    assert "Enter the six-digit code" in page
    wrong = client.post(response.url, {"code": code(at=NOW - 60)})
    assert wrong.status_code == 200 and "Incorrect code." in wrong.content.decode()
    assert client.get("/en/dashboard/").status_code == 302
    response = client.post(response.url, {"code": code()})
    assert response.url == "/en/dashboard/"
    assert client.get("/en/dashboard/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_staff_who_remove_their_app_must_set_up_a_new_one(client, staff):
    client.force_login(staff)
    assert client.get(reverse("dashboard:index")).status_code == 200
    # allauth asks for a code again before the app is removed.
    response = client.post("/en/accounts/2fa/totp/deactivate/")
    assert path_of(response) == "/en/accounts/reauthenticate/"
    client.post("/en/accounts/2fa/reauthenticate/", {"code": code()})
    response = client.post("/en/accounts/2fa/totp/deactivate/")
    assert response.url == "/en/accounts/2fa/"
    assert not Authenticator.objects.filter(user=staff).exists()
    assert path_of(client.get("/fr/dashboard/")) == SET_UP


# Logging in through allauth --------------------------------------------------------------------


def test_staff_log_in_with_their_password_then_a_code(client, staff):
    response = log_in(client, staff.email)
    assert response.url == AUTHENTICATE
    # Not logged in until the code is given.
    assert "_auth_user_id" not in client.session
    page = client.get(AUTHENTICATE).content.decode()
    assert "Enter the six-digit code that your authenticator app shows now" in page
    response = client.post(AUTHENTICATE, {"code": code()})
    assert response.url == "/en/dashboard/"
    assert client.get("/en/dashboard/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("recruitment:pipeline_index")).status_code == 200


def test_a_wrong_code_is_refused_and_logged(client, staff, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    log_in(client, staff.email)
    for wrong in ("000000", code(at=NOW - 60), code(at=NOW + 60), code("AAAABBBBCCCCDDDD")):
        response = client.post(AUTHENTICATE, {"code": wrong})
        assert response.status_code == 200
        assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert path_of(client.get("/en/dashboard/")) == "/en/accounts/login/"
    failures = [e for e in events(caplog) if e["event"] == "mfa.failure"]
    assert len(failures) == 4 and {e["user"] for e in failures} == {staff.pk}


def test_a_code_works_once(client, staff):
    log_in(client, staff.email)
    client.post(AUTHENTICATE, {"code": code()})
    client.post(reverse("account_logout"))
    log_in(client, staff.email)
    response = client.post(AUTHENTICATE, {"code": code()})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(client, staff):
    recovery_code = RecoveryCodes.activate(staff).generate_codes()[0]
    log_in(client, staff.email)
    response = client.post(AUTHENTICATE, {"code": recovery_code})
    assert response.url == "/en/dashboard/"
    assert client.get("/en/dashboard/").status_code == 200
    client.post(reverse("account_logout"))

    log_in(client, staff.email)
    response = client.post(AUTHENTICATE, {"code": recovery_code})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_login_goes_through_allauth(client, staff):
    response = client.get("/admin/login/?next=/admin/")
    assert response.url == "/fr/accounts/login/?next=%2Fadmin%2F"
    # The admin's own form no longer logs anybody in.
    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    # allauth's form, then the code, opens the admin.
    response = log_in(client, staff.email, next_url="/admin/")
    assert response.url == AUTHENTICATE
    response = client.post(AUTHENTICATE, {"code": code()})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


# Volunteers ------------------------------------------------------------------------------------


def test_volunteers_are_not_forced(client, volunteer):
    response = log_in(client, volunteer.email, next_url="/en/me/")
    assert response.url == "/en/me/"
    page = client.get("/en/me/")
    assert page.status_code == 200
    assert client.get(reverse("home")).status_code == 200
    # My space has the way to turn it on.
    assert 'href="/en/accounts/2fa/"' in page.content.decode()
    index = client.get("/en/accounts/2fa/").content.decode()
    assert "An authenticator app is not active." in index
    assert "optional for volunteers" in index


def test_a_volunteer_turns_on_the_app_and_is_then_asked_for_it(
    client, volunteer, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="portal.security")
    log_in(client, volunteer.email, next_url="/en/me/")
    assert path_of(client.get("/en/accounts/2fa/totp/activate/")) == "/en/accounts/reauthenticate/"
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/en/accounts/2fa/totp/activate/").content.decode()
    secret = client.session[totp_auth.SECRET_SESSION_KEY]
    assert secret in page
    assert 'src="data:image/svg+xml;base64,' in page
    wrong = client.post("/en/accounts/2fa/totp/activate/", {"code": "123456"})
    assert "Incorrect code." in wrong.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/2fa/totp/activate/", {"code": code(secret)})
    assert response.url == "/en/accounts/2fa/recovery-codes/"
    added = {e["type"] for e in events(caplog) if e["event"] == "mfa.added"}
    assert added == {"totp", "recovery_codes"}
    codes = client.get(response.url).content.decode()
    unused = RecoveryCodes(
        Authenticator.objects.get(user=volunteer, type="recovery_codes")
    ).get_unused_codes()
    assert len(unused) == 10 and all(recovery in codes for recovery in unused)
    client.post(reverse("account_logout"))

    response = log_in(client, volunteer.email, next_url="/en/me/")
    assert response.url == AUTHENTICATE
    response = client.post(AUTHENTICATE, {"code": code(secret)})
    assert response.url == "/en/me/"
    assert client.get("/en/me/").status_code == 200


def test_a_volunteer_with_the_app_who_skipped_it_is_not_held_up(client):
    """The rule is for staff: a volunteer's pages do not depend on the second factor."""
    person = UserFactory(second_factor=True)
    client.force_login_without_second_factor(person)
    assert client.get("/en/me/").status_code == 200


# The demo --------------------------------------------------------------------------------------


def test_the_demo_staff_log_in_with_the_documented_secret(client, capsys):
    from django.core.management import call_command

    from accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

    call_command("load_demo")
    assert DEMO_TOTP_SECRET in capsys.readouterr().out
    response = client.post(
        "/en/accounts/login/",
        {"login": "staff@example.org", "password": DEMO_PASSWORD, "next": "/en/dashboard/"},
    )
    assert response.url == AUTHENTICATE
    response = client.post(AUTHENTICATE, {"code": code(DEMO_TOTP_SECRET)})
    assert response.url == "/en/dashboard/"
    assert client.get("/en/dashboard/").status_code == 200


def test_security_log_records_the_set_up_demand(client, staff, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    without_second_factor(staff)
    client.force_login(staff)
    client.get(reverse("dashboard:index"))
    assert {"event": "mfa.setup_required", "user": staff.pk}.items() <= events(caplog)[-1].items()

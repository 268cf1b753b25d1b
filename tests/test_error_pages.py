"""The error pages (config/errors.py): each in the portal's layout and the visitor's language, each
with a way forward; the 500 page without the database. Tests run with DEBUG off
(pytest-django's default), as production does."""

from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from tests.mfa import SecondFactorClient

pytestmark = pytest.mark.django_db

HEADINGS = {
    400: "The portal could not read this request",
    403: "This page is not open to you",
    404: "Page not found",
    405: "This address cannot be opened this way",
    429: "Too many attempts in a short time",
    500: "Something went wrong on our side",
}


def assert_portal_layout(response, status: int, language: str, heading: str = "") -> str:
    """The page is the portal's: its layout, in ``language``, with the ways forward."""
    assert response.status_code == status
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert 'href="#main"' in page and '<main id="main"' in page  # base.html's skip link
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in page
    assert 'class="language-switcher' in page and "hreflang=" in page  # the language switcher
    with translation.override(language):
        brand = translation.gettext("Coordination portal")
        for name in ("home", "recruitment:vacancy_list", "coordinations:list"):
            assert f'href="{reverse(name)}"' in page, name
        assert f'action="{reverse("groups:search")}"' in page and 'name="q"' in page
    assert brand in page
    assert f"{status}" in page
    if language == "en":
        assert (heading or HEADINGS[status]) in page
    assert "no-store" in response["Cache-Control"]
    return page


@pytest.fixture(params=["fr", "en"])
def language(request):
    return request.param


# 404 -------------------------------------------------------------------------------------------


def test_a_wrong_address_is_the_portal_s_404(client, language):
    page = assert_portal_layout(client.get(f"/{language}/no-such-page/"), 404, language)
    # Log in, then come back here: the page may be closed to visitors only.
    assert f"/{language}/accounts/login/?next=/{language}/no-such-page/" in page


def test_an_object_that_is_not_there_is_the_same_page(client, language):
    response = client.get(f"/{language}/groups/atlantis/")
    assert_portal_layout(response, 404, language)


def test_an_address_without_a_language_takes_the_browser_s(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert_portal_layout(response, 404, "en")
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9")
    assert_portal_layout(response, 404, "fr")


def test_an_address_without_a_language_takes_the_language_cookie_first(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/old/link.php", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9")
    assert_portal_layout(response, 404, "en")


def test_a_signed_in_person_is_offered_my_space(client, language):
    client.force_login(UserFactory())
    page = assert_portal_layout(client.get(f"/{language}/no-such-page/"), 404, language)
    assert f'href="{reverse("accounts:me")}"'.replace("/fr/", f"/{language}/") in page
    assert "/accounts/login/" not in page.split('<main id="main"')[1]


# 400 -------------------------------------------------------------------------------------------


def test_a_request_for_another_host_is_the_portal_s_400(client, language):
    response = client.get(f"/{language}/", HTTP_HOST="portal.example.invalid")
    assert_portal_layout(response, 400, language)


# 403 -------------------------------------------------------------------------------------------


def test_a_form_without_its_token_is_the_portal_s_403(group, language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/groups/{group.slug}/contact/", {"message": "x" * 20})
    page = assert_portal_layout(response, 403, language, heading="This form has expired")
    if language == "en":
        assert "Nothing was saved" in page


def test_a_refusal_is_the_portal_s_403(client, language):
    # allauth refuses a log-in whose client address cannot be told (accounts/adapters.py).
    response = client.post(
        f"/{language}/accounts/login/",
        {"login": "lucas@example.org", "password": "x" * 12},
        REMOTE_ADDR="",
    )
    assert_portal_layout(response, 403, language)


# 405 -------------------------------------------------------------------------------------------


def test_a_post_on_a_page_that_only_shows_is_the_portal_s_405(client, language):
    response = client.post(f"/{language}/privacy/", HTTP_REFERER=f"http://testserver/{language}/")
    page = assert_portal_layout(response, 405, language)
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
    # A link back to the page the person came from.
    assert f'href="http://testserver/{language}/"' in page


# 429 -------------------------------------------------------------------------------------------


def test_allauth_s_limits_are_the_portal_s_429(client, settings, language):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    url = f"/{language}/accounts/login/"
    client.post(url, {"login": "lucas@example.org", "password": "x" * 12})
    response = client.post(url, {"login": "lucas@example.org", "password": "x" * 12})
    page = assert_portal_layout(response, 429, language)
    assert response["Retry-After"] == "60"
    assert f'href="{reverse("account_reset_password").replace("/fr/", f"/{language}/")}"' in page


# 500 -------------------------------------------------------------------------------------------


def broken_client() -> Client:
    """A client that gets the error page, as a browser does, rather than the exception."""
    return SecondFactorClient(raise_request_exception=False)


def test_a_server_error_is_the_portal_s_500_and_reads_nothing(language, django_assert_num_queries):
    client = broken_client()
    with (
        mock.patch("config.views.coordinations_to_fill", side_effect=RuntimeError("a bug")),
        django_assert_num_queries(0),
    ):
        response = client.get(f"/{language}/")
    page = assert_portal_layout(response, 500, language)
    assert f"/{language}/accounts/login/" in page


def refusing_database():
    """Every new cursor fails as when the database server is down or unreachable."""
    down = OperationalError("connection to server at 127.0.0.1, port 5432 failed: refused")
    return mock.patch.object(connections["default"], "_cursor", side_effect=down)


def test_the_500_page_shows_while_the_database_is_down(language):
    client = broken_client()
    with refusing_database():
        response = client.get(f"/{language}/")
    assert_portal_layout(response, 500, language)


def test_the_500_page_shows_to_a_signed_in_person_while_the_database_is_down(language):
    client = broken_client()
    client.force_login(UserFactory())
    with refusing_database():
        response = client.get(f"/{language}/me/")
    page = assert_portal_layout(response, 500, language)
    # Shown as to a visitor: nothing about the person could be read.
    assert "/accounts/login/" in page


def test_an_error_page_that_cannot_render_still_answers(client, language, caplog):
    # Static files not collected, a template broken by a deployment: a bare page, same status.
    with mock.patch("config.errors.render_to_string", side_effect=ValueError("no manifest")):
        response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert f'<html lang="{language}">' in page and f'href="/{language}/"' in page
    assert any("could not be rendered" in record.getMessage() for record in caplog.records)

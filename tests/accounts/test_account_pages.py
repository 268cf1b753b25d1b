"""allauth's pages where people tripped: the log-in offers to sign up as well, a confirmation
link opened again says that the address is confirmed, and cancelling a new password is a
secondary button that says what it does."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_log_in_page_offers_both_with_the_page_to_come_back_to(client):
    page = client.get("/en/accounts/login/?next=/en/vacancies/").content.decode()
    assert "Log in or create an account" in page
    assert 'name="login"' in page and 'name="password"' in page
    assert 'href="/en/accounts/signup/?next=%2Fen%2Fvacancies%2F"' in page
    assert 'name="next" value="/en/vacancies/"' in page


def test_the_log_in_page_in_french(client):
    page = client.get("/fr/accounts/login/").content.decode()
    assert '<html lang="fr">' in page
    assert 'href="/fr/accounts/signup/"' in page
    assert "Créer un compte" in page


@pytest.fixture
def confirmation_link(client, mailoutbox, django_capture_on_commit_callbacks):
    """The path of the confirmation link e-mailed to a new account (English pages)."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/accounts/signup/",
            {
                "first_name": "Amina",
                "last_name": "Diallo",
                "email": "amina@example.org",
                "password1": "a-long-enough-passphrase",
                "password2": "a-long-enough-passphrase",
            },
        )
    link = re.search(r"\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    return link.removeprefix(settings.SITE_URL)


def test_a_confirmation_link_opened_again_says_the_address_is_confirmed(client, confirmation_link):
    page = client.get(confirmation_link).content.decode()
    assert "Confirm your e-mail address" in page and 'type="submit"' in page
    assert client.post(confirmation_link).status_code == 302
    assert EmailAddress.objects.get(email="amina@example.org").verified

    again = client.get(confirmation_link)
    assert again.status_code == 200
    page = again.content.decode()
    assert "Your address is already confirmed" in page
    assert "expired" not in page.lower()
    # Logged in by the confirmation: on to My space.
    assert f'href="{reverse("accounts:me").replace("/fr/", "/en/")}"' in page


def test_a_used_link_opened_by_somebody_else_says_the_same(client, confirmation_link):
    client.post(confirmation_link)
    client.logout()
    page = client.get(confirmation_link).content.decode()
    assert "Your address is already confirmed" in page
    assert 'href="/en/accounts/login/"' in page


def test_a_link_that_leads_nowhere_says_so(client):
    page = client.get("/en/accounts/confirm-email/not-a-key/").content.decode()
    assert "This link does not work" in page
    assert "already confirmed" not in page


def test_an_expired_link_is_called_expired(client, confirmation_link, settings):
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 0  # every signature is too old now
    page = client.get(confirmation_link).content.decode()
    assert "This link has expired" in page


@pytest.fixture
def new_password_page(client, mailoutbox, django_capture_on_commit_callbacks):
    """The page where a person chooses a new password, reached from the e-mailed link."""
    UserFactory(email="lucas@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": "lucas@example.org"})
    link = re.search(r"\S+/accounts/password/reset/key/\S+/", mailoutbox[0].body).group(0)
    response = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_cancelling_a_new_password_is_a_secondary_button(new_password_page):
    main = new_password_page.split('<main id="main"', 1)[1]
    assert 'name="password1"' in main
    cancel = re.search(r'<a class="([^"]*)" href="/en/accounts/login/">Cancel</a>', main)
    assert cancel is not None and "btn-outline-secondary" in cancel.group(1)
    assert "btn-primary" not in cancel.group(1)
    assert re.search(r'<button type="submit" name="action" class="btn btn-primary', main)


def test_cancelling_while_logged_in_says_that_it_logs_out(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(email="lucas@example.org")
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": "lucas@example.org"})
    link = re.search(r"\S+/accounts/password/reset/key/\S+/", mailoutbox[0].body).group(0)
    page = client.get(link.removeprefix(settings.SITE_URL), follow=True).content.decode()
    main = page.split('<main id="main"', 1)[1]
    cancel = re.search(
        r'<button type="submit" form="logout-from-stage" class="([^"]*)">([^<]*)<', main
    )
    assert cancel is not None
    assert "btn-outline-secondary" in cancel.group(1)
    assert cancel.group(2) == "Cancel and log out"
    assert re.search(
        r'<form id="logout-from-stage" method="post" action="/en/accounts/logout/">', main
    )

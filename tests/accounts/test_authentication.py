import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password(client):
    UserFactory(email="lucas@example.org")
    response = client.post(
        reverse("account_login"), {"login": "Lucas@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:me")
    assert client.get(reverse("accounts:me")).status_code == 200


def test_login_with_a_wrong_password_is_refused_in_french(client):
    UserFactory(email="lucas@example.org")
    response = client.post(
        reverse("account_login"), {"login": "lucas@example.org", "password": "not-this-one"}
    )
    assert response.status_code == 200
    assert "incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_has_no_username_field(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'name="login"' in page
    assert 'type="email"' in page
    assert "username" not in page.lower()


def test_failed_logins_are_rate_limited(client):
    UserFactory(email="lucas@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "lucas@example.org", "password": "x" * 12})
    response = client.post(
        reverse("account_login"), {"login": "lucas@example.org", "password": PASSWORD}
    )
    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session


def test_signup_requires_email_verification(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "first_name": "Amina",
                "last_name": "Diallo",
                "email": "amina@example.org",
                "postal_code": "1060",
                "password1": "a-long-enough-passphrase",
                "password2": "a-long-enough-passphrase",
            },
        )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="amina@example.org")
    assert (user.first_name, user.last_name, user.postal_code) == ("Amina", "Diallo", "1060")
    assert user.preferred_language == "fr"
    # Not logged in until the address is confirmed.
    assert client.get(reverse("accounts:me")).status_code == 302

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["amina@example.org"]
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)
    # Links are on SITE_URL, never on the Host the request came with.
    assert link.startswith(settings.SITE_URL + "/")
    path = link.removeprefix(settings.SITE_URL)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="amina@example.org").verified
    assert client.get(reverse("accounts:me")).status_code == 200


def test_signup_in_english_writes_in_english(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/accounts/signup/",
            {
                "first_name": "Tom",
                "last_name": "Smith",
                "email": "tom@example.org",
                "password1": "a-long-enough-passphrase",
                "password2": "a-long-enough-passphrase",
            },
        )
    assert User.objects.get(email="tom@example.org").preferred_language == "en"
    assert "Confirm" in mailoutbox[0].subject or "confirm" in mailoutbox[0].body


def test_signup_refuses_a_bad_postal_code_with_a_message(client):
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "Amina",
            "last_name": "Diallo",
            "email": "amina@example.org",
            "postal_code": "ABC",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 200
    assert "quatre chiffres" in response.content.decode()
    assert not User.objects.filter(email="amina@example.org").exists()


def test_signup_page_uses_the_portal_layout_and_labels(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'href="#main"' in page  # our base template, with its skip link
    assert "bootstrap.min.css" in page
    for field in ("id_email", "id_first_name", "id_password1"):
        assert f'for="{field}"' in page


def test_password_reset_sends_a_message(client, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(email="lucas@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "lucas@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body

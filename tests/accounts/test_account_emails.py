"""The account e-mails (allauth's, in templates/account/email/): in the portal's voice and the
reader's language, signed with the portal's name and address, their links on SITE_URL."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "first_name": "Amina",
    "last_name": "Diallo",
    "email": "amina@example.org",
    "password1": "a-long-enough-passphrase",
    "password2": "a-long-enough-passphrase",
}


@pytest.fixture
def sent(mailoutbox, django_capture_on_commit_callbacks):
    """Run a request and return the messages it sent (through the outbox, on commit)."""

    def send(action):
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return list(mailoutbox)

    return send


def site_name(language: str) -> str:
    with translation.override(language):
        return str(settings.SITE_NAME)


def assert_portal_voice(message, language: str) -> None:
    body = message.body
    # allauth's own templates said "Hello from !" and "Thank you for using !" without a site.
    assert "Hello from" not in body and "Thank you for using" not in body
    assert site_name(language) in body
    assert f"{settings.SITE_URL}/{language}/" in body  # the signature's address
    assert "{{" not in body and "{%" not in body


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_password_reset_e_mail(client, sent, language):
    UserFactory(email="lucas@example.org", first_name="Lucas")
    [message] = sent(
        lambda: client.post(f"/{language}/accounts/password/reset/", {"email": "lucas@example.org"})
    )
    assert_portal_voice(message, language)
    link = f"{settings.SITE_URL}/{language}/accounts/password/reset/key/"
    assert link in message.body
    assert "Lucas" in message.body  # greeted by name
    with translation.override(language):
        assert message.subject == translation.gettext("Choose a new password")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_sign_up_confirmation_e_mail(client, sent, language):
    [message] = sent(lambda: client.post(f"/{language}/accounts/signup/", SIGN_UP))
    assert_portal_voice(message, language)
    link = re.search(
        rf"{re.escape(settings.SITE_URL)}/\S+/accounts/confirm-email/\S+/", message.body
    )
    assert link is not None and link.group(0).startswith(f"{settings.SITE_URL}/{language}/")
    assert "Amina" in message.body


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_name_comes_from_site_name(client, sent, settings, language):
    settings.SITE_NAME = "Portail des volontaires"
    UserFactory(email="lucas@example.org")
    [message] = sent(
        lambda: client.post(f"/{language}/accounts/password/reset/", {"email": "lucas@example.org"})
    )
    assert "Portail des volontaires" in message.body


def test_an_unknown_address_is_told_so_without_anybody_s_name(client, sent):
    # Somebody logged in asks for another address's password: that mail must not greet the
    # reader with the name of whoever sent the form.
    client.force_login(UserFactory(first_name="Xavière"))
    [message] = sent(
        lambda: client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    )
    assert message.to == ["nobody@example.org"]
    assert_portal_voice(message, "en")
    assert "Xavière" not in message.body
    assert message.subject == "No account uses this address"
    assert f"{settings.SITE_URL}/en/accounts/signup/" in message.body


def test_signing_up_again_with_a_known_address_offers_a_new_password(client, sent):
    UserFactory(email="amina@example.org", first_name="Amina")
    [message] = sent(lambda: client.post("/en/accounts/signup/", SIGN_UP))
    assert_portal_voice(message, "en")
    assert message.subject == "You already have an account"
    assert f"{settings.SITE_URL}/en/accounts/password/reset/" in message.body
    # Nobody's password changed: the account is as it was.
    assert client.login(email="amina@example.org", password=PASSWORD)


def test_the_confirmation_of_an_added_address_is_in_the_portal_s_voice(client, sent):
    person = UserFactory(first_name="Lucas")
    client.force_login(person)
    [message] = sent(
        lambda: client.post(
            reverse("account_email").replace("/fr/", "/en/"),
            {"action_add": "", "email": "lucas.new@example.org"},
        )
    )
    assert message.to == ["lucas.new@example.org"]
    assert_portal_voice(message, "en")
    assert "/en/accounts/confirm-email/" in message.body

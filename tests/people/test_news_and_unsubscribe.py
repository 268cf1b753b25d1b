"""The section's news: offered unticked at sign-up and in the profile, recorded as a consent;
stopped in one click from the mail program (RFC 8058, a POST without CSRF token or log-in) or
from the link in the message."""

import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts import gdpr
from accounts.models import Consent, User
from messaging.sweeps import unsubscribe_url as digests_url
from messaging.unsubscribe import NEWS, read_unsubscribe_token, unsubscribe_token, unsubscribe_url

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_sign_up_offers_the_news_unticked_and_records_the_consent(client, places, settings):
    page = client.get(reverse("account_signup")).content.decode()
    [box] = re.findall(r'<input[^>]*name="receives_news"[^>]*>', page)
    assert "checked" not in box
    data = {
        "first_name": "Amina",
        "last_name": "Diallo",
        "email": "amina@example.org",
        "postal_code": "5000",
        "password1": "Un-mot-de-passe-2026",
        "password2": "Un-mot-de-passe-2026",
        "receives_news": "on",
    }
    assert client.post(reverse("account_signup"), data).status_code == 302
    amina = User.objects.get(email="amina@example.org")
    assert amina.receives_news
    consent = Consent.objects.get(user=amina, purpose="news")
    assert consent.privacy_version == settings.PRIVACY_VERSION and consent.withdrawn_at is None


def test_sign_up_without_ticking_gives_no_consent(client, places):
    data = {
        "first_name": "Théo",
        "last_name": "Marchal",
        "email": "theo@example.org",
        "postal_code": "",
        "password1": "Un-mot-de-passe-2026",
        "password2": "Un-mot-de-passe-2026",
    }
    assert client.post(reverse("account_signup"), data).status_code == 302
    assert not User.objects.get(email="theo@example.org").receives_news
    assert not Consent.objects.filter(purpose="news").exists()


def profile_url():
    try:
        return reverse("accounts:me_profile")
    except NoReverseMatch:  # before My space had a profile page of its own
        return reverse("accounts:me")


def test_the_profile_gives_and_withdraws_the_news(volunteer_client, volunteer):
    data = {
        "first_name": volunteer.first_name,
        "last_name": volunteer.last_name,
        "preferred_language": "fr",
        "phone": "",
        "postal_code": "5000",
    }
    page = volunteer_client.get(profile_url()).content.decode()
    assert 'name="receives_news"' in page
    volunteer_client.post(profile_url(), {**data, "receives_news": "on"})
    volunteer.refresh_from_db()
    assert volunteer.receives_news
    assert Consent.objects.get(user=volunteer, purpose="news").withdrawn_at is None
    volunteer_client.post(profile_url(), data)
    volunteer.refresh_from_db()
    assert not volunteer.receives_news
    assert Consent.objects.get(user=volunteer, purpose="news").withdrawn_at is not None
    # The consents page lists it, and gives it back in one click.
    volunteer_client.post(reverse("accounts:consent_news"), {"action": "give"})
    volunteer.refresh_from_db()
    assert volunteer.receives_news
    assert Consent.objects.filter(user=volunteer, purpose="news").count() == 2


def test_one_click_from_the_mail_program_without_token_nor_log_in(volunteer):
    gdpr.news_set(user=volunteer, on=True)
    url = path_of(unsubscribe_url(volunteer, NEWS))
    # RFC 8058: the mail program POSTs this body, with no cookie and no CSRF token.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    volunteer.refresh_from_db()
    assert not volunteer.receives_news
    consent = Consent.objects.get(user=volunteer, purpose="news")
    assert consent.withdrawn_at is not None
    # Again: nothing more recorded.
    assert (
        mail_program.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )
    assert Consent.objects.filter(user=volunteer, purpose="news").count() == 1
    # The summaries were not touched.
    assert Consent.objects.filter(user=volunteer, purpose="digests").count() == 0


def test_the_link_in_the_message_asks_before_stopping(volunteer):
    gdpr.news_set(user=volunteer, on=True)
    browser = Client(enforce_csrf_checks=True)
    url = path_of(unsubscribe_url(volunteer, NEWS))
    page = browser.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    volunteer.refresh_from_db()
    assert volunteer.receives_news  # opening the link (a mail scanner does) stops nothing
    assert '<form method="post">' in page.content.decode()
    assert browser.post(url).status_code == 200  # the button
    volunteer.refresh_from_db()
    assert not volunteer.receives_news


def test_old_summary_links_still_stop_the_summaries(client, staff):
    """Links e-mailed before the purpose was in the token carry the person's id alone."""
    old_token = signing.dumps(staff.pk, salt="portal.unsubscribe")
    assert read_unsubscribe_token(old_token) == (staff.pk, "digests")
    assert digests_url(staff).endswith(
        reverse("accounts:unsubscribe", args=[unsubscribe_token(staff)])
    )
    Client(enforce_csrf_checks=True).post(reverse("accounts:unsubscribe", args=[old_token]))
    staff.refresh_from_db()
    assert not staff.receives_digests


@pytest.mark.parametrize(
    "token",
    ["forged", signing.dumps({"u": 1, "p": "all"}, salt="x")],
    ids=["not-a-token", "signed-with-another-salt"],
)
def test_a_forged_link_is_a_404(client, token):
    assert client.post(reverse("accounts:unsubscribe", args=[token])).status_code == 404


def test_the_weekly_digest_carries_the_one_click_headers(
    staff, django_capture_on_commit_callbacks, mailoutbox
):
    """Every message that is not essential: the summaries too."""
    from messaging.sweeps import Due, reminders_record

    due = Due(
        kind="test_digest",
        obj=staff,
        milestone="2026-W48",
        recipient=staff,
        essential=False,
        template="actions/email/weekly_digest",
        context={"assignments": [], "proposals": [], "registry_url": "http://x/"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminders_record([due])
    [message] = mailoutbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/fr/me/unsubscribe/" in message.extra_headers["List-Unsubscribe"]

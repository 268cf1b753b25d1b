"""The summaries by e-mail are opt-in: asked at sign-up and in the profile, unticked by default,
recorded with their date and the version of the privacy text; service messages are explained as
such, not listed as consents."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.models import Consent, User
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/en/accounts/signup/"
PROFILE = "/en/me/profile/"
CONSENTS = "/en/me/consents/"


def digests_checkbox(page: str) -> str:
    [tag] = re.findall(r'<input[^>]*name="receives_digests"[^>]*>', page)
    return tag


def signup(client, **extra):
    return client.post(
        SIGNUP,
        {
            "first_name": "Amina",
            "last_name": "Diallo",
            "email": "amina@example.org",
            "postal_code": "1060",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            **extra,
        },
    )


def test_the_signup_form_asks_for_the_summaries_unticked(client):
    page = client.get(SIGNUP).content.decode()
    tag = digests_checkbox(page)
    assert 'type="checkbox"' in tag and "checked" not in tag
    assert "Send me the summaries by e-mail (optional)" in page


def test_signing_up_without_ticking_gives_no_summaries_and_no_consent(client):
    assert signup(client).status_code == 302
    amina = User.objects.get(email="amina@example.org")
    assert not amina.receives_digests
    assert not Consent.objects.filter(user=amina).exists()


def test_ticking_at_signup_records_the_consent_with_its_date_and_version(client, settings):
    assert signup(client, receives_digests="on").status_code == 302
    amina = User.objects.get(email="amina@example.org")
    assert amina.receives_digests
    [consent] = Consent.objects.filter(user=amina)
    assert consent.purpose == Consent.Purpose.DIGESTS
    assert consent.privacy_version == settings.PRIVACY_VERSION
    assert consent.withdrawn_at is None
    assert timezone.now() - consent.given_at < datetime.timedelta(minutes=1)


def test_a_new_person_is_off_until_they_choose(db):
    assert not UserFactory().receives_digests


def test_the_profile_shows_the_summaries_unticked_and_records_the_choice(
    volunteer_client, volunteer, settings
):
    tag = digests_checkbox(volunteer_client.get(PROFILE).content.decode())
    assert "checked" not in tag
    data = {"first_name": "Lucas", "last_name": "Peeters", "preferred_language": "en"}
    volunteer_client.post(PROFILE, {**data, "receives_digests": "on"})
    volunteer.refresh_from_db()
    assert volunteer.receives_digests
    given = Consent.objects.get(user=volunteer, withdrawn_at__isnull=True)
    assert given.privacy_version == settings.PRIVACY_VERSION
    assert "checked" in digests_checkbox(volunteer_client.get(PROFILE).content.decode())
    volunteer_client.post(PROFILE, data)
    volunteer.refresh_from_db()
    assert not volunteer.receives_digests
    given.refresh_from_db()
    assert given.withdrawn_at is not None


def test_the_consents_page_never_claims_a_consent_nobody_gave(client, volunteer):
    # On without a record (set by hand, from before the summaries were opt-in).
    User.objects.filter(pk=volunteer.pk).update(receives_digests=True)
    client.force_login(volunteer)
    page = client.get(CONSENTS).content.decode()
    assert "since your account was created" not in page
    assert "Given on" not in page
    assert "you never gave your consent to them" in page
    assert "Yes, I want the summaries" in page


def test_staff_receive_the_summaries_with_the_job_not_as_a_consent(client, staff):
    client.force_login(staff)
    page = client.get(CONSENTS).content.decode()
    assert "as part of your work at the secretariat; this is not a consent" in page
    assert "since your account was created" not in page
    client.post("/en/me/consents/digests/", {"action": "withdraw"})
    staff.refresh_from_db()
    assert not staff.receives_digests
    # The choice is recorded as made now, not as a consent dated from the account's creation.
    [choice] = Consent.objects.filter(user=staff)
    assert choice.given_at == choice.withdrawn_at
    assert choice.given_at > staff.date_joined


def test_a_consent_given_shows_its_date_and_version(client, volunteer, settings):
    client.force_login(volunteer)
    client.post("/en/me/consents/digests/", {"action": "give"})
    page = client.get(CONSENTS).content.decode()
    assert "Given on" in page and settings.PRIVACY_VERSION in page
    assert "Withdraw my consent to the summaries" in page


def test_service_messages_are_explained_apart_from_the_consents(volunteer_client):
    page = volunteer_client.get(CONSENTS).content.decode()
    service = page[page.index('id="service-messages"') :]
    assert "Messages that are part of what you asked for" in service
    assert "These are not consents" in service
    for subject in ("applications", "mandate", "follow-up reminders"):
        assert subject in service
    assert "<button" not in service  # nothing to withdraw there: they stop with what they serve


# The data migration ----------------------------------------------------------------------------


def run_the_migration():
    migration = importlib.import_module(
        "accounts.migrations.0007_digests_off_for_those_who_never_chose"
    )
    migration.digests_off_unless_chosen(apps, schema_editor=None)


def test_the_migration_keeps_choices_and_turns_off_those_who_never_chose(settings):
    now = timezone.now()
    never_chose = UserFactory(receives_digests=True)
    opted_in = UserFactory(receives_digests=True)
    Consent.objects.create(
        user=opted_in, purpose=Consent.Purpose.DIGESTS, given_at=now, privacy_version="2026-11-23"
    )
    opted_out = UserFactory(receives_digests=False)
    Consent.objects.create(
        user=opted_out,
        purpose=Consent.Purpose.DIGESTS,
        given_at=now,
        privacy_version="",
        withdrawn_at=now,
    )
    # A consent to something else is no choice about the summaries.
    interested = UserFactory(receives_digests=True)
    Consent.objects.create(
        user=interested,
        purpose=Consent.Purpose.INTEREST,
        given_at=now,
        privacy_version="2026-11-23",
        withdrawn_at=now,
    )
    staff = StaffFactory(receives_digests=True)
    staff_off = StaffFactory(receives_digests=False)

    run_the_migration()

    digests = dict(User.objects.values_list("pk", "receives_digests"))
    assert digests[never_chose.pk] is False
    assert digests[interested.pk] is False
    assert digests[opted_in.pk] is True
    assert digests[opted_out.pk] is False
    assert digests[staff.pk] is True  # part of the job
    assert digests[staff_off.pk] is False
    # Nothing is invented: no consent is recorded for anybody.
    assert Consent.objects.count() == 3


def test_demo_people_have_their_choice_recorded(settings):
    import io

    from accounts import demo

    demo.load(io.StringIO())
    demo.load(io.StringIO())  # loading again keeps one consent, as given the first time
    digests = dict(User.objects.values_list("email", "receives_digests"))
    assert digests == {
        "staff@example.org": True,  # the job
        "coordinator@example.org": True,
        "leader@example.org": False,
        "volunteer@example.org": False,
    }
    [consent] = Consent.objects.all()
    assert consent.user.email == "coordinator@example.org"
    assert consent.privacy_version == settings.PRIVACY_VERSION

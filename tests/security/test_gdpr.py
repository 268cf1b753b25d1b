"""Personal data: the export (/me/data/), the erasure (/me/delete/) and the consents (/me/consents/).

The ``footprint`` fixture gives the volunteer (Lucas) a row in every model that points at a user,
found by introspection: a new link to the user that is neither in accounts.gdpr.POLICIES nor
built here makes these tests fail.
"""

import datetime
import io
import json
import logging
import os
import re
import uuid
import zipfile
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone, translation

from accounts import gdpr
from accounts.models import Consent, User
from actions.models import CircularAttachment, FollowUpReport
from config import ratelimit
from coordinations.models import Mandate
from groups.models import GroupFoundingRequest
from messaging.models import OutgoingMessage
from recruitment.models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    InterestRegistration,
    Interview,
)
from tests.actions.factories import AssignmentFactory, CircularFactory, ReportFactory
from tests.coordinations.factories import (
    ActivityFactory,
    CoordinationFactory,
    HandoverNoteFactory,
    MandateFactory,
    OnboardingProgressFactory,
)
from tests.factories import PASSWORD, TOTP_SECRET
from tests.groups.factories import (
    GroupFoundingRequestFactory,
    JoinRequestFactory,
    LocalGroupFactory,
    MembershipFactory,
    VisitRequestFactory,
)
from tests.mfa import give_second_factor
from tests.recruitment.factories import (
    CoordinationVacancyFactory,
    InterestRegistrationFactory,
    VacancyFactory,
)
from tests.recruitment.files import pdf_bytes

pytestmark = pytest.mark.django_db

LAST_NAME = "Quellebrouck"
PHONE = "+32 470 99 88 77"
CV_BYTES = pdf_bytes() + b"% Lucas Quellebrouck\n"


def with_cv(application, content=CV_BYTES):
    application.cv.save("ignored.pdf", ContentFile(content), save=False)
    application.cv_name = f"CV {LAST_NAME}.pdf"
    application.save()
    return application


@pytest.fixture
def person(volunteer):
    volunteer.last_name = LAST_NAME
    volunteer.phone = PHONE
    volunteer.save()
    return volunteer


@pytest.fixture
def footprint(
    person,
    staff,
    other_volunteer,
    application,
    other_application,
    coordinator,
    mandate,
    group,
    other_group,
    catalogues,
):
    """Lucas, everywhere: applicant, coordinator, member, and acting for the organisation."""
    full_name = person.get_full_name()
    with_cv(application)
    ApplicationEvent.objects.create(
        application=application,
        to_status="submitted",
        message=f"Bonjour {full_name}, merci.",
        note=f"{full_name} semble motivé.",
    )
    ApplicationNote.objects.create(
        application=application, author=staff, body=f"{full_name} : bon profil."
    )
    application.languages.create(language="fr", level="C2")
    # Acting for the organisation on someone else's application.
    ApplicationEvent.objects.create(
        application=other_application, to_status="in_review", actor=person
    )
    ApplicationNote.objects.create(application=other_application, author=person, body="Solide.")
    start = timezone.now() + datetime.timedelta(days=3)
    interview = Interview.objects.create(
        application=other_application,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Secrétariat",
        created_by=person,
        cancelled_by=person,
        cancelled_at=timezone.now(),
    )
    interview.interviewers.add(person)
    InterestRegistrationFactory(person=person)
    VacancyFactory(contact_person=person)
    give_second_factor(person)  # its secret never leaves the portal, not even in the export

    own_mandate = MandateFactory(volunteer=person, coordination=CoordinationFactory(name="Chili"))
    ActivityFactory(mandate=own_mandate, note=f"Conférence de {full_name}")
    own_mandate.requests.create(kind="renew", message=f"Signé {full_name}")
    OnboardingProgressFactory(mandate=mandate, ticked_by=person)
    CoordinationFactory(name="Colombie", secretariat_contact=person)
    HandoverNoteFactory(coordination=mandate.coordination, author=person)

    MembershipFactory(volunteer=person, group=group)
    JoinRequestFactory(volunteer=person, group=other_group)
    JoinRequestFactory(volunteer=other_volunteer, group=group, decided_by=person)
    VisitRequestFactory(mandate=own_mandate, group=group, requested_by=other_volunteer)
    VisitRequestFactory(mandate=mandate, group=group, requested_by=person)
    LocalGroupFactory(name="Groupe de Huy", slug="huy", secretariat_contact=person)
    GroupFoundingRequestFactory(founder=person, description=f"Moi, {full_name}, à Bastogne.")
    GroupFoundingRequestFactory(
        founder=other_volunteer,
        status=GroupFoundingRequest.Status.REFUSED,
        reason="Un groupe se crée déjà à Marche.",
        decided_by=person,
    )

    circular = CircularFactory(registered_by=person)
    attachment = CircularAttachment(circular=circular, uploaded_by=person, original_name="UA.pdf")
    attachment.file.save("ua.pdf", ContentFile(pdf_bytes()), save=True)
    AssignmentFactory(
        circular=circular,
        coordination=mandate.coordination,
        assigned_by=person,
        acknowledged_by=person,
    )
    report = ReportFactory(group=group, reported_by=person)
    report.proposal.proposed_by = person
    report.proposal.published_by = person
    report.proposal.save()
    # The secretariat's directory and a signalement with its thread (liaison).
    from liaison.models import SecretariatContact, Signalement, SignalementReply

    signalement = Signalement.objects.create(
        coordination=mandate.coordination,
        author=person,
        kind="public_action",
        title="Visite d'État",
        body="Le président vient à Bruxelles.",
        due_on=timezone.localdate(),
        contact=SecretariatContact.objects.create(user=person, role="press"),
    )
    SignalementReply.objects.create(signalement=signalement, author=person, body="Merci.")

    OutgoingMessage.objects.create(
        kind="mandate_milestone",
        concerns_type="coordinations.mandate",
        concerns_id=own_mandate.pk,
        milestone="90",
        recipient=person,
        to_email=person.email,
        subject="Votre mandat",
        text=f"Bonjour {full_name}",
        batch=uuid.uuid4(),
    )
    OutgoingMessage.objects.create(
        kind="mandate_milestone",
        concerns_type="coordinations.mandate",
        concerns_id=own_mandate.pk,
        milestone="90",
        recipient=staff,
        to_email=staff.email,
        subject=f"Le mandat de {full_name} se termine",
        text="…",
        batch=uuid.uuid4(),
    )
    gdpr.digests_set(user=person, on=True)
    # The people pages: a note about them and one they wrote, a tag, a saved search; a message
    # to several people they wrote, one they were chosen for and received.
    from messaging.models import Mailing, MailingRecipient
    from people.models import Note, Segment, Tag

    Note.objects.create(person=person, author=staff, body=f"{full_name} parle bien en public.")
    Note.objects.create(person=other_volunteer, author=person, body="Disponible en décembre.")
    Tag.objects.create(name="Presse").people.add(person)
    Segment.objects.create(name="Responsables", filters={"role": "leader"}, created_by=person)
    written = Mailing.objects.create(
        subject_fr="Réunion",
        body_fr="Bonjour",
        subject_en="Meeting",
        body_en="Hello",
        created_by=person,
    )
    written.people.add(person)
    MailingRecipient.objects.create(mailing=written, person=person, language="fr")
    # Events: an event they created and attended, marked by themselves, a training, time logged.
    from tests.events.footprint import events_footprint

    events_footprint(person, group=group)
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.create(
        user=person,
        content_type=user_type,
        object_id=str(staff.pk),
        object_repr=str(staff),
        action_flag=CHANGE,
    )
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(application.pk),
        object_repr=str(application),
        action_flag=ADDITION,
    )
    return person


def download(client) -> zipfile.ZipFile:
    response = client.post(reverse("accounts:my_data"))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


# The export ----------------------------------------------------------------------------------


def test_every_link_to_a_user_has_an_erasure_policy():
    assert gdpr.links_without_policy() == []
    found = {link.key for link in gdpr.user_links()}
    assert set(gdpr.POLICIES) == found  # no stale entry either
    assert ("recruitment.Application", "applicant") in found
    assert ("accounts.Consent", "user") in found


def test_the_zip_holds_a_row_of_every_model_pointing_at_the_person(client, footprint):
    client.force_login(footprint)
    archive = download(client)
    data = json.loads(archive.read("data.json"))
    assert TOTP_SECRET not in archive.read("data.json").decode()
    exported = {
        (label, row["your_part"]) for label, rows in data["records"].items() for row in rows
    }
    assert exported == {link.key for link in gdpr.user_links()}
    assert data["account"]["email"] == "volunteer@example.org"
    assert data["account"]["phone"] == PHONE
    assert "password" not in data["account"]
    [mine] = data["records"]["recruitment.Application"]
    assert mine["motivation"].startswith("Je souhaite")
    assert [lang["language"] for lang in mine["languages"]] == ["fr"]
    assert all("note" not in event for event in mine["events"])  # staff's internal note
    assert "notes" not in mine
    assert archive.read(mine["cv"]) == CV_BYTES
    assert mine["cv"].startswith("files/") and LAST_NAME not in mine["cv"]
    mandates = data["records"]["coordinations.Mandate"]
    assert any(a["note"].startswith("Conférence") for m in mandates for a in m["activities"])
    # Acting for the organisation: which rows and when, not the text about other people.
    [note] = data["records"]["recruitment.ApplicationNote"]
    assert "body" not in note
    # A circular's PDF is the organisation's, not the person's.
    assert [n for n in archive.namelist() if n.startswith("files/")] == [mine["cv"]]


def test_the_download_is_private_and_logged_without_content(client, footprint, caplog):
    client.force_login(footprint)
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = client.post(reverse("accounts:my_data"))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    [line] = [r.getMessage() for r in caplog.records if r.name == "portal.security"]
    assert json.loads(line)["event"] == "personal_data.export"
    assert json.loads(line)["user"] == footprint.pk
    assert "volunteer@example.org" not in line and "Quellebrouck" not in line


def test_another_persons_data_is_absent(client, footprint, other_volunteer, other_application):
    client.force_login(other_volunteer)
    archive = download(client)
    text = archive.read("data.json").decode()
    assert "volunteer@example.org" not in text and LAST_NAME not in text
    assert str(other_application.pk) in text
    assert [n for n in archive.namelist() if n.startswith("files/")] == []


def test_the_data_page_explains_and_needs_a_login(client, volunteer_client, application):
    page = volunteer_client.get(reverse("accounts:my_data")).content.decode()
    assert "Télécharger mes données" in page
    assert "candidatures" in page.lower()
    response = client.__class__().get(reverse("accounts:my_data"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert volunteer_client.put(reverse("accounts:my_data")).status_code == 405


def test_my_space_and_the_privacy_page_link_to_the_data_pages(volunteer_client):
    for page in (reverse("accounts:me"), reverse("privacy")):
        html = volunteer_client.get(page).content.decode()
        assert reverse("accounts:my_data") in html
        assert reverse("accounts:consents") in html
    assert (
        reverse("accounts:erase") in volunteer_client.get(reverse("accounts:me")).content.decode()
    )


# The erasure ---------------------------------------------------------------------------------


def text_rows_naming(*needles) -> list[str]:
    """Every row of every model whose text mentions one of the needles."""
    found = []
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
        ]
        query = Q()
        for name in text_fields:
            for needle in needles:
                query |= Q(**{f"{name}__icontains": needle})
        if text_fields and model._default_manager.filter(query).exists():
            found.append(model._meta.label)
    return found


def erase(client, person, **overrides):
    data = {"email": person.email, "password": PASSWORD, **overrides}
    return client.post(reverse("accounts:erase"), data)


def test_erasure_leaves_nothing_about_the_person_but_the_counts(
    client, footprint, vacancy, django_capture_on_commit_callbacks
):
    person = footprint
    needles = [person.email, person.get_full_name(), LAST_NAME, PHONE]
    # The scan does see them before: in their account, the letters and notes about them...
    assert set(text_rows_naming(*needles)) >= {
        "accounts.User",
        "account.EmailAddress",
        "messaging.OutgoingMessage",
        "admin.LogEntry",
        "coordinations.Activity",
        "coordinations.MandateRequest",
        "recruitment.Application",
        "recruitment.ApplicationEvent",
        "recruitment.ApplicationNote",
    }
    cv_path = Application.objects.get(applicant=person).cv.path
    assert os.path.exists(cv_path)
    per_vacancy = Application.objects.filter(vacancy=vacancy).count()
    letters = FollowUpReport.objects.aggregate(total=Sum("letters_sent"))["total"]
    mandates = Mandate.objects.count()
    attachment = CircularAttachment.objects.get()

    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = erase(client, person)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert text_rows_naming(*needles) == []
    assert not os.path.exists(cv_path)
    assert os.path.exists(attachment.file.path)  # the organisation's files stay
    assert Application.objects.filter(vacancy=vacancy).count() == per_vacancy
    assert FollowUpReport.objects.aggregate(total=Sum("letters_sent"))["total"] == letters
    assert Mandate.objects.count() == mandates
    # The account is anonymised, inactive, logged out, and cannot log in again.
    ghost = User.objects.get(pk=person.pk)
    assert not ghost.is_active and not ghost.has_usable_password()
    assert not EmailAddress.objects.filter(user=ghost).exists()
    assert not Consent.objects.filter(user=ghost).exists()
    assert not InterestRegistration.objects.filter(person=ghost).exists()
    assert not Mandate.objects.filter(volunteer=ghost, status=Mandate.Status.ACTIVE).exists()
    assert Application.objects.get(applicant=ghost).status == Application.Status.WITHDRAWN
    assert not Interview.objects.filter(interviewers=ghost).exists()
    assert client.get(reverse("accounts:me")).status_code == 302
    page = client.get(response.url).content.decode()
    assert "Votre compte et vos données personnelles ont été effacés." in page
    # Running the export of the ghost finds no personal text either.
    data, files = gdpr.personal_data(ghost)
    assert files == []


def test_an_account_with_nothing_to_keep_is_deleted(client, other_volunteer):
    client.force_login(other_volunteer)
    erase(client, other_volunteer)
    assert not User.objects.filter(pk=other_volunteer.pk).exists()


def test_erasure_needs_the_address_and_the_password_and_does_not_say_which_is_wrong(client, person):
    """A wrong address and a wrong password get the very same answer, in the same place."""
    client.force_login(person)
    with translation.override("en"):
        url = reverse("accounts:erase")
    answers = []
    for overrides in ({"email": "someone@example.org"}, {"password": "wrong-password"}):
        response = client.post(url, {"email": person.email, "password": PASSWORD, **overrides})
        assert response.status_code == 200
        form = response.context["form"]
        errors = {
            name: [(e.code, e.message) for e in errs]
            for name, errs in form.errors.as_data().items()
        }
        assert list(errors) == ["__all__"]  # one error for the form, none on a field
        page = response.content.decode()
        start = page.index('<form method="post" novalidate>')  # the erasure's form
        form_html = page[start : page.index("</form>", start)]
        # What differs by nature: the CSRF token, and the address as typed.
        form_html = re.sub(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', "", form_html)
        answers.append((errors, re.sub(r'value="[^"]*"', "", form_html)))
    assert answers[0] == answers[1]
    assert answers[0][0]["__all__"][0][0] == "wrong_credentials"
    assert "This e-mail address and password do not match your account." in answers[0][1]
    person.refresh_from_db()
    assert person.is_active and person.last_name == LAST_NAME


def test_erasure_page_needs_a_login_and_is_logged(client, person, caplog):
    assert client.get(reverse("accounts:erase")).status_code == 302
    client.force_login(person)
    assert "Effacer mon compte" in client.get(reverse("accounts:erase")).content.decode()
    with caplog.at_level(logging.INFO, logger="portal.security"):
        erase(client, person)
    events = [json.loads(r.getMessage())["event"] for r in caplog.records]
    assert "account.erase" in events


# Consents ------------------------------------------------------------------------------------


def test_digests_consent_is_recorded_and_withdrawn_in_one_click(client, staff, settings):
    # A consent given: staff who never chose receive the summaries with the job, not by consent.
    gdpr.digests_set(user=staff, on=True)
    client.force_login(staff)
    page = client.get(reverse("accounts:consents")).content.decode()
    assert "Retirer mon consentement aux récapitulatifs" in page
    response = client.post(reverse("accounts:consent_digests"), {"action": "withdraw"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.receives_digests
    [withdrawn] = Consent.objects.filter(user=staff)
    assert withdrawn.withdrawn_at is not None
    client.post(reverse("accounts:consent_digests"), {"action": "give"})
    staff.refresh_from_db()
    assert staff.receives_digests
    given = Consent.objects.get(user=staff, withdrawn_at__isnull=True)
    assert given.privacy_version == settings.PRIVACY_VERSION
    page = client.get(reverse("accounts:consents")).content.decode()
    assert settings.PRIVACY_VERSION in page
    assert "retiré le" in page


def test_turning_digests_off_in_the_profile_records_the_withdrawal(client, staff):
    client.force_login(staff)
    gdpr.digests_set(user=staff, on=True)
    client.post(
        reverse("accounts:me_profile"),
        {"first_name": "Sophie", "last_name": "X", "preferred_language": "fr"},
    )
    assert Consent.objects.get(user=staff).withdrawn_at is not None


def test_withdrawing_interest_stops_alerts_and_is_recorded(volunteer_client, volunteer, settings):
    registration = InterestRegistrationFactory(person=volunteer)
    page = volunteer_client.get(reverse("accounts:consents")).content.decode()
    assert settings.PRIVACY_VERSION in page and "Mexique" in page
    url = reverse("recruitment:interest_stop", args=[registration.pk])
    assert f'action="{url}"' in page  # the consents page's button, which comes back to it
    # A GET removes nothing: it is sent to the page with the button.
    assert volunteer_client.get(url).status_code == 302
    assert InterestRegistration.objects.filter(pk=registration.pk).exists()
    response = volunteer_client.post(url, {"next": reverse("accounts:consents")}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:consents")
    assert "Nous ne vous écrirons plus à ce sujet." in response.content.decode()
    assert not InterestRegistration.objects.filter(pk=registration.pk).exists()
    record = Consent.objects.get(user=volunteer, purpose=Consent.Purpose.INTEREST)
    assert record.withdrawn_at is not None
    assert record.privacy_version == registration.privacy_version
    assert record.subject == "Mexique"


def test_nobody_withdraws_someone_elses_interest(client, other_volunteer, volunteer):
    registration = InterestRegistrationFactory(person=volunteer)
    client.force_login(other_volunteer)
    url = reverse("recruitment:interest_stop", args=[registration.pk])
    assert client.post(url).status_code == 404
    assert InterestRegistration.objects.filter(pk=registration.pk).exists()
    assert not Consent.objects.exists()


def test_staff_erase_from_the_admin_after_a_confirmation(
    admin_client, person, application, django_capture_on_commit_callbacks
):
    with_cv(application)
    cv_path = application.cv.path
    changelist = reverse("admin:accounts_user_changelist")
    data = {"action": "erase_personal_data", "_selected_action": [person.pk]}
    page = admin_client.post(changelist, data)
    assert page.status_code == 200
    assert person.email in page.content.decode()
    person.refresh_from_db()
    assert person.is_active  # nothing happens before the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(changelist, {**data, "post": "yes"})
    assert response.status_code == 302
    ghost = User.objects.get(pk=person.pk)
    assert not ghost.is_active and LAST_NAME not in str(ghost)
    assert Application.objects.filter(pk=application.pk).exists()
    assert not os.path.exists(cv_path)


def test_the_unsubscribe_link_records_the_withdrawal(client, staff):
    from messaging.sweeps import unsubscribe_url

    client.post(unsubscribe_url(staff).removeprefix(settings.SITE_URL))
    staff.refresh_from_db()
    assert not staff.receives_digests
    assert Consent.objects.get(user=staff, purpose=Consent.Purpose.DIGESTS).withdrawn_at


# The person's own words in the export --------------------------------------------------------


def test_every_text_field_linked_to_the_person_is_exported_or_set_aside_on_purpose():
    """A row exported by its dates only (the person acted for the organisation) declares each
    of its text fields: the person's own words (exported) or someone else's (not). A new text
    field, or a new link to the user, cannot be left out of the export by oversight."""
    assert gdpr.text_fields_unclassified() == []


def test_the_export_gives_what_the_person_wrote_in_rows_kept_for_the_organisation(
    client, footprint
):
    client.force_login(footprint)
    records = json.loads(download(client).read("data.json"))["records"]
    checked = set()
    for link in gdpr.user_links():
        for obj in link.rows(footprint):
            [entry] = [
                row
                for row in records[link.model._meta.label]
                if row["id"] == obj.pk and row["your_part"] == link.field.name
            ]
            for name in link.policy.authored:
                assert entry[name] == getattr(obj, name), (link.key, name)
                checked.add(link.model._meta.label)
            for name in link.policy.others_text:
                assert name not in entry, (link.key, name)
    # Hand-over notes, follow-up comments, visit requests, onboarding notes, proposals...
    assert len(checked) >= 5, checked


def test_the_withdrawal_note_is_in_the_export(client, person, application, staff):
    client.force_login(person)
    url = reverse("recruitment:application_withdraw", args=[application.pk])
    response = client.post(url, {"note": "Je déménage à Gand en septembre."})
    assert response.status_code == 302
    ApplicationEvent.objects.create(
        application=application, to_status="withdrawn", actor=staff, note="Note interne du staff"
    )
    [mine] = json.loads(download(client).read("data.json"))["records"]["recruitment.Application"]
    notes = [event.get("note") for event in mine["events"]]
    assert "Je déménage à Gand en septembre." in notes
    assert "Note interne du staff" not in notes  # staff's words about them stay the organisation's


# Names in the free text the portal writes ---------------------------------------------------


def test_the_hand_over_flow_writes_no_name_into_free_text(
    client, person, coordination, django_capture_on_commit_callbacks
):
    """The draft vacancy's note refers to the mandate; the name is shown from the record."""
    from recruitment.models import Vacancy

    mandate = MandateFactory(volunteer=person, coordination=coordination)
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("coordinations:mandate_request", args=[mandate.pk]),
            {"kind": "hand_over", "message": ""},
        )
    assert response.status_code == 302
    draft = Vacancy.objects.get(coordination=coordination, status="draft")
    # "... see mandate #12." in English, "... voir le mandat n° 12." in French.
    assert draft.internal_note.rstrip(".").endswith(f" {mandate.pk}") or (
        f"#{mandate.pk}" in draft.internal_note
    )
    assert LAST_NAME not in draft.internal_note
    # Ended early by staff, with a reason that names them: the reason stays on the mandate.
    from coordinations import services

    services.mandate_end(mandate=mandate, reason=f"{person.get_full_name()} déménage.")
    draft.refresh_from_db()
    assert LAST_NAME not in draft.internal_note
    # Only their account (and the messages written to people, erased on their own) name them.
    naming = set(text_rows_naming(person.get_full_name(), LAST_NAME))
    assert naming - {"accounts.User", "messaging.OutgoingMessage"} == {"coordinations.Mandate"}
    assert Mandate.objects.get(pk=mandate.pk).end_reason.startswith(person.get_full_name())


def test_erasure_scrubs_their_name_from_a_note_the_portal_wrote_before(
    client, person, coordination, other_volunteer, django_capture_on_commit_callbacks
):
    """Notes written before the portal referred to records: the name goes, the rest stays."""
    from recruitment.models import Vacancy

    theirs = CoordinationVacancyFactory(
        coordination=coordination,
        status="draft",
        published_at=None,
        internal_note=(
            f"{person.get_full_name()} asked to hand over.\n"
            f"Écrire à {person.email.upper()} ; {LAST_NAME} {person.first_name} est d'accord.\n"
            "Publier en janvier."
        ),
    )
    someone_else = VacancyFactory(
        internal_note=f"{other_volunteer.get_full_name()} asked to hand over."
    )
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        assert erase(client, person).status_code == 302
    note = Vacancy.objects.get(pk=theirs.pk).internal_note
    assert LAST_NAME not in note and "volunteer@example.org" not in note.lower()
    gone = gdpr.erased_marker()
    assert note == (
        f"{gone} asked to hand over.\nÉcrire à {gone} ; {gone} est d'accord.\nPublier en janvier."
    )
    assert Vacancy.objects.get(pk=someone_else.pk).internal_note == someone_else.internal_note
    assert text_rows_naming(LAST_NAME) == []


# The erasure form's limit --------------------------------------------------------------------


def test_erasure_is_refused_for_a_while_after_repeated_failures(client, person, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "account_erase": (3, 3600)}
    client.force_login(person)
    for _attempt in range(3):
        assert erase(client, person, password="guess").status_code == 200
    checked = []
    with mock.patch.object(User, "check_password", autospec=True, side_effect=checked.append):
        response = erase(client, person)  # the right password, too late
    assert response.status_code == 429
    assert checked == []  # refused before the password is looked at: nothing to learn
    assert str(ratelimit.MESSAGE) in response.content.decode()
    person.refresh_from_db()
    assert person.is_active and person.last_name == LAST_NAME


def test_the_erasure_limit_counts_failures_only_and_per_account(
    client, person, other_volunteer, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "account_erase": (2, 3600)}
    client.force_login(person)
    assert erase(client, person, password="guess").status_code == 200
    assert client.get(reverse("accounts:erase")).status_code == 200  # looking costs nothing
    client.force_login(other_volunteer)
    for _attempt in range(2):
        erase(client, other_volunteer, email="someone@example.org")
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        assert erase(client, person).status_code == 302  # one failure of theirs: still allowed
    assert not User.objects.filter(pk=person.pk, is_active=True).exists()

"""The state machine: every allowed move works and is recorded, every other one is refused."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordinations.models import Mandate
from recruitment import pipeline
from recruitment.models import Application, ApplicationEvent, Interview, Vacancy
from tests.coordinations.factories import MandateFactory
from tests.factories import StaffFactory, UserFactory
from tests.recruitment.factories import ApplicationFactory, VacancyFactory

# Interviews and start dates are accepted within a range around today (config.dates): these
# tests' dates are given on the fixed clock of tests/clock.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
Status = Application.Status
ALL = list(Status.values)
ALLOWED = {
    (Status.SUBMITTED, Status.IN_REVIEW),
    (Status.SUBMITTED, Status.DECLINED),
    (Status.SUBMITTED, Status.WITHDRAWN),
    (Status.IN_REVIEW, Status.INTERVIEW),
    (Status.IN_REVIEW, Status.DECLINED),
    (Status.IN_REVIEW, Status.WITHDRAWN),
    (Status.INTERVIEW, Status.ACCEPTED),
    (Status.INTERVIEW, Status.DECLINED),
    (Status.INTERVIEW, Status.WITHDRAWN),
}


def in_status(application, status, reason):
    """Put an application in a status directly (with what the constraints ask of it)."""
    Application.objects.filter(pk=application.pk).update(
        status=status,
        decline_reason=reason if status == Status.DECLINED else None,
        start_date=datetime.date(2026, 1, 1) if status == Status.ACCEPTED else None,
    )
    application.refresh_from_db()
    return application


def attempt(application, to_status, *, staff, applicant, reason):
    """Ask for one move through the service that makes it."""
    start = timezone.now() + datetime.timedelta(days=3)
    if to_status == application.status or to_status in (Status.SUBMITTED, Status.IN_REVIEW):
        return pipeline.application_move(application=application, to_status=to_status, actor=staff)
    if to_status == Status.INTERVIEW:
        return pipeline.interview_schedule(
            application=application,
            actor=staff,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            interviewers=[staff],
            place="Rue Berckmans 9, Bruxelles",
        )
    if to_status == Status.ACCEPTED:
        return pipeline.application_accept(
            application=application, actor=staff, start_date=datetime.date(2026, 12, 1)
        )
    if to_status == Status.DECLINED:
        return pipeline.application_decline(application=application, actor=staff, reason=reason)
    return pipeline.application_withdraw(application=application, actor=applicant)


def test_the_transition_table_is_the_documented_one():
    table = {(a, b) for a, targets in pipeline.TRANSITIONS.items() for b in targets}
    assert table == ALLOWED


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(ALL, ALL)))
def test_every_move(from_status, to_status, application, staff, volunteer, decline_reason):
    in_status(application, from_status, decline_reason)
    if (from_status, to_status) in ALLOWED:
        attempt(application, to_status, staff=staff, applicant=volunteer, reason=decline_reason)
        application.refresh_from_db()
        assert application.status == to_status
        event = application.events.get()
        assert (event.from_status, event.to_status) == (from_status, to_status)
        expected_actor = volunteer if to_status == Status.WITHDRAWN else staff
        assert event.actor == expected_actor
        assert event.created_at <= timezone.now()
    else:
        with pytest.raises(ValidationError):
            attempt(application, to_status, staff=staff, applicant=volunteer, reason=decline_reason)
        application.refresh_from_db()
        assert application.status == from_status
        assert not application.events.exists()
        assert not Mandate.objects.exists()


@pytest.mark.parametrize("status", list(Application.OPEN_STATUSES))
def test_staff_cannot_withdraw_for_the_applicant(status, application, staff, decline_reason):
    in_status(application, status, decline_reason)
    with pytest.raises(ValidationError, match="Seule la personne candidate"):
        pipeline.application_withdraw(application=application, actor=staff)
    application.refresh_from_db()
    assert application.status == status


def test_the_applicant_cannot_move_their_own_application(application, volunteer):
    with pytest.raises(ValidationError, match="Seul le secrétariat"):
        pipeline.application_move(
            application=application, to_status=Status.IN_REVIEW, actor=volunteer
        )
    assert not application.events.exists()


def test_another_person_cannot_withdraw(application, other_volunteer):
    with pytest.raises(ValidationError):
        pipeline.application_withdraw(application=application, actor=other_volunteer)


def test_a_move_records_the_note_and_the_message(
    application, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.application_move(
            application=application,
            to_status=Status.IN_REVIEW,
            actor=staff,
            note="Bon profil, à rencontrer.",
            message="Nous lisons votre dossier cette semaine.",
        )
    event = application.events.get()
    assert event.note == "Bon profil, à rencontrer."
    assert event.message == "Nous lisons votre dossier cette semaine."
    assert len(mailoutbox) == 1
    assert "Nous lisons votre dossier cette semaine." in mailoutbox[0].body
    assert "Bon profil" not in mailoutbox[0].body
    assert mailoutbox[0].to == ["volunteer@example.org"]


def test_a_move_without_notification_sends_nothing(
    application, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.application_move(
            application=application,
            to_status=Status.IN_REVIEW,
            actor=staff,
            message="jamais envoyé",
            notify=False,
        )
    assert mailoutbox == []
    assert application.events.get().message == ""


def test_the_message_is_in_the_applicants_language(
    application, staff, volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    volunteer.preferred_language = "en"
    volunteer.save()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.application_move(application=application, to_status=Status.IN_REVIEW, actor=staff)
    assert "is now being reviewed" in mailoutbox[0].body
    assert mailoutbox[0].subject.startswith("Your application for")


# Accepting --------------------------------------------------------------------------------


def test_accepting_for_a_coordination_starts_the_mandate_and_fills_the_vacancy(
    application, staff, volunteer, vacancy, coordination, decline_reason
):
    in_status(application, Status.INTERVIEW, decline_reason)
    pipeline.application_accept(
        application=application, actor=staff, start_date=datetime.date(2026, 12, 1)
    )
    mandate = Mandate.objects.get()
    assert (mandate.coordination, mandate.volunteer, mandate.role) == (
        coordination,
        volunteer,
        Mandate.Role.LEAD,
    )
    assert mandate.start_date == datetime.date(2026, 12, 1)
    assert mandate.commitment_months == 24
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert application.mandate == mandate
    assert application.start_date == datetime.date(2026, 12, 1)
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.FILLED
    assert application.events.get().to_status == Status.ACCEPTED


@pytest.mark.parametrize("failing", ["vacancy_mark_filled", "event"])
def test_a_failure_after_the_mandate_leaves_neither_mandate_nor_filled_vacancy(
    failing, application, staff, vacancy, decline_reason, monkeypatch
):
    in_status(application, Status.INTERVIEW, decline_reason)

    def broken(*args, **kwargs):
        assert Mandate.objects.count() == 1  # the mandate exists when the failure happens
        raise RuntimeError("simulated failure")

    if failing == "event":
        monkeypatch.setattr(ApplicationEvent.objects, "create", broken)
    else:
        monkeypatch.setattr(pipeline, "vacancy_mark_filled", broken)
    with pytest.raises(RuntimeError):
        pipeline.application_accept(
            application=application, actor=staff, start_date=datetime.date(2026, 12, 1)
        )
    assert not Mandate.objects.exists()
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW
    assert application.mandate is None
    assert not ApplicationEvent.objects.filter(to_status=Status.ACCEPTED).exists()


def test_a_mandate_the_rules_refuse_refuses_the_acceptance(
    application, staff, volunteer, coordination, vacancy, decline_reason
):
    # The volunteer already holds the lead mandate of this coordination for this period.
    MandateFactory(coordination=coordination, volunteer=volunteer)
    in_status(application, Status.INTERVIEW, decline_reason)
    with pytest.raises(ValidationError):
        pipeline.application_accept(
            application=application, actor=staff, start_date=timezone.localdate()
        )
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    assert Mandate.objects.count() == 1


def test_a_filled_vacancy_accepts_nobody_else(
    application, other_application, staff, vacancy, decline_reason
):
    in_status(application, Status.INTERVIEW, decline_reason)
    in_status(other_application, Status.INTERVIEW, decline_reason)
    pipeline.application_accept(
        application=application, actor=staff, start_date=datetime.date(2026, 12, 1)
    )
    with pytest.raises(ValidationError, match="déjà pourvue"):
        pipeline.application_accept(
            application=other_application, actor=staff, start_date=datetime.date(2026, 12, 1)
        )
    assert Mandate.objects.count() == 1


def test_a_role_for_several_people_is_filled_by_the_last_one(staff, decline_reason):
    vacancy = VacancyFactory(positions=2)
    first, second = ApplicationFactory.create_batch(2, vacancy=vacancy)
    for application in (first, second):
        in_status(application, Status.INTERVIEW, decline_reason)
    pipeline.application_accept(application=first, actor=staff, start_date=timezone.localdate())
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    pipeline.application_accept(application=second, actor=staff, start_date=timezone.localdate())
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.FILLED
    assert not Mandate.objects.exists()  # no mandate outside coordinations


# Declining ---------------------------------------------------------------------------------


def test_declining_sends_the_courteous_message_of_the_reason(
    application, staff, decline_reason, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.application_decline(
            application=application,
            actor=staff,
            reason=decline_reason,
            personal_message="Au plaisir de vous revoir à la braderie.",
            note="Moins d’expérience que l’autre candidate.",
        )
    application.refresh_from_db()
    assert application.decline_reason == decline_reason
    body = mailoutbox[0].body
    assert "Bonjour Lucas" in body
    assert f"« {application.vacancy.title} »" in body
    assert "Au plaisir de vous revoir" in body
    assert "Moins d’expérience" not in body
    assert application.events.get().message.startswith("Bonjour Lucas")


def test_the_decline_message_is_in_english_for_an_english_speaker(
    application, staff, volunteer, decline_reason, mailoutbox, django_capture_on_commit_callbacks
):
    volunteer.preferred_language = "en"
    volunteer.save()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.application_decline(application=application, actor=staff, reason=decline_reason)
    assert "Hello Lucas" in mailoutbox[0].body
    assert "Thank you for your interest" in mailoutbox[0].body


def test_declining_the_remaining_candidates_in_one_step(
    vacancy, staff, decline_reason, mailoutbox, django_capture_on_commit_callbacks
):
    english = UserFactory(preferred_language="en", first_name="Ann")
    open_ones = [
        ApplicationFactory(vacancy=vacancy, applicant=english),
        in_status(ApplicationFactory(vacancy=vacancy), Status.IN_REVIEW, decline_reason),
        in_status(ApplicationFactory(vacancy=vacancy), Status.INTERVIEW, decline_reason),
    ]
    withdrawn = in_status(ApplicationFactory(vacancy=vacancy), Status.WITHDRAWN, decline_reason)
    elsewhere = ApplicationFactory()  # another vacancy: untouched
    with django_capture_on_commit_callbacks(execute=True):
        count = pipeline.applications_decline_remaining(
            vacancy=vacancy, actor=staff, reason=decline_reason
        )
    assert count == 3
    for application in open_ones:
        application.refresh_from_db()
        assert application.status == Status.DECLINED
        assert application.events.get().to_status == Status.DECLINED
    withdrawn.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (withdrawn.status, elsewhere.status) == (Status.WITHDRAWN, Status.SUBMITTED)
    assert len(mailoutbox) == 3
    assert {m.to[0] for m in mailoutbox} == {a.applicant.email for a in open_ones}
    to_ann = next(m for m in mailoutbox if m.to == [english.email])
    assert "Hello Ann" in to_ann.body


def test_only_staff_decline_the_remaining_candidates(vacancy, volunteer, decline_reason):
    ApplicationFactory(vacancy=vacancy)
    with pytest.raises(ValidationError):
        pipeline.applications_decline_remaining(
            vacancy=vacancy, actor=volunteer, reason=decline_reason
        )
    assert not vacancy.applications.filter(status=Status.DECLINED).exists()


# Interviews --------------------------------------------------------------------------------


def test_an_interview_invitation_carries_an_ics_file(
    application, staff, decline_reason, mailoutbox, django_capture_on_commit_callbacks
):
    in_status(application, Status.IN_REVIEW, decline_reason)
    colleague = StaffFactory(first_name="Marc")
    starts = datetime.datetime(2026, 12, 3, 18, 30, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        interview = pipeline.interview_schedule(
            application=application,
            actor=staff,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            interviewers=[staff, colleague],
            video_url="https://visio.example.org/salle-1",
        )
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW
    assert set(interview.interviewers.all()) == {staff, colleague}
    [message] = mailoutbox
    assert message.to == ["volunteer@example.org"]
    assert "Invitation à un entretien" in message.subject
    assert "Vous rencontrerez\u00a0:" in message.body
    assert "Sophie" in message.body and "Marc" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename == "interview.ics"
    assert mimetype.startswith("text/calendar")
    assert "DTSTART:20261203T183000Z" in content
    assert "DTEND:20261203T193000Z" in content
    assert f"UID:{interview.uid}@" in content
    assert "LOCATION:https://visio.example.org/salle-1" in content


def test_a_second_interview_adds_one_without_a_move(
    application, staff, decline_reason, mailoutbox, django_capture_on_commit_callbacks
):
    in_status(application, Status.INTERVIEW, decline_reason)
    starts = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.interview_schedule(
            application=application,
            actor=staff,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=45),
            interviewers=[staff],
            place="Secrétariat, salle 2",
        )
    assert Interview.objects.count() == 1
    assert not application.events.exists()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"place": "", "video_url": ""}, "where"),
        ({"ends_in": -30}, "times"),
        ({"interviewers": "volunteer"}, "interviewers"),
        ({"interviewers": "nobody"}, "interviewers"),
    ],
)
def test_a_bad_interview_is_refused(kwargs, code, application, staff, volunteer, decline_reason):
    in_status(application, Status.IN_REVIEW, decline_reason)
    starts = timezone.now() + datetime.timedelta(days=2)
    people = {"volunteer": [volunteer], "nobody": []}.get(kwargs.get("interviewers"), [staff])
    with pytest.raises(ValidationError) as caught:
        pipeline.interview_schedule(
            application=application,
            actor=staff,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=kwargs.get("ends_in", 60)),
            interviewers=people,
            place=kwargs.get("place", "Bruxelles"),
            video_url=kwargs.get("video_url", ""),
        )
    assert caught.value.code == code
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert not Interview.objects.exists()


# Notes -------------------------------------------------------------------------------------


def test_internal_notes_are_for_staff_only(application, staff, volunteer):
    note = pipeline.application_note_add(
        application=application, author=staff, body="Très motivé", rating=4
    )
    assert (note.rating, note.author) == (4, staff)
    with pytest.raises(ValidationError):
        pipeline.application_note_add(application=application, author=volunteer, body="Moi")
    with pytest.raises(ValidationError):
        pipeline.application_note_add(application=application, author=staff, body="x", rating=6)
    assert application.notes.count() == 1

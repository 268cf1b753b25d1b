"""Interviews the candidate can see and answer: the application page shows them, the e-mails
can be answered, none is planned in the past, and a moved or cancelled interview updates the
candidate's calendar (same UID, higher SEQUENCE, METHOD:CANCEL for a cancellation)."""

import datetime

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from recruitment import pipeline
from recruitment.models import Application, Interview
from tests.factories import StaffFactory

# Interviews are checked against now: every test runs on the fixed clock of tests/clock.py
# (Monday 23 November 2026, 10:00 in Brussels).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
Status = Application.Status
# 3 December 2026, 19:30 in Brussels.
STARTS = datetime.datetime(2026, 12, 3, 18, 30, tzinfo=datetime.UTC)


def in_review(application):
    Application.objects.filter(pk=application.pk).update(status=Status.IN_REVIEW)
    application.refresh_from_db()
    return application


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def english_volunteer(volunteer):
    volunteer.preferred_language = "en"
    volunteer.save(update_fields=["preferred_language"])
    return volunteer


@pytest.fixture
def colleague(db):
    return StaffFactory(first_name="Marc", last_name="Dewulf-Secret", email="marc@example.org")


@pytest.fixture
def interview(application, staff, colleague, django_capture_on_commit_callbacks):
    in_review(application)
    with django_capture_on_commit_callbacks(execute=True):
        return pipeline.interview_schedule(
            application=application,
            actor=staff,
            starts_at=STARTS,
            ends_at=STARTS + datetime.timedelta(hours=1),
            interviewers=[staff, colleague],
            place="Rue Berckmans 9, 1060 Saint-Gilles",
            video_url="https://visio.example.org/salle-1",
            note="NOTE-INTERNE: hésite sur la disponibilité",
        )


def calendar_of(message):
    [(filename, content, mimetype)] = message.attachments
    assert filename == "interview.ics"
    return icalendar.Calendar.from_ical(content), mimetype


def event_of(calendar):
    [event] = calendar.walk("VEVENT")
    return event


# What the candidate sees ----------------------------------------------------------------------


def test_the_candidate_sees_the_interview_on_their_application_page(
    english_volunteer, client, interview
):
    client.force_login(english_volunteer)
    response = client.get(en("recruitment:application_detail", interview.application_id))
    assert response.status_code == 200
    page = response.content.decode()
    assert "My interviews" in page
    # 18:30 UTC is 19:30 in Brussels: the page shows the Brussels time.
    assert 'datetime="2026-12-03T19:30:00+01:00"' in page
    assert "3 December 2026, 19:30" in page  # English for Europe: day first, 24 hours
    assert "Rue Berckmans 9, 1060 Saint-Gilles" in page
    assert '<a href="https://visio.example.org/salle-1"' in page
    # First names only; never the internal note written when scheduling.
    assert "Sophie" in page and "Marc" in page
    assert "Dewulf-Secret" not in page
    assert "NOTE-INTERNE" not in page
    assert "secretariat@example.org" in page  # whom to write to about it


def test_another_volunteer_cannot_see_the_interview(other_volunteer, client, interview):
    client.force_login(other_volunteer)
    response = client.get(en("recruitment:application_detail", interview.application_id))
    assert response.status_code == 404


def test_a_link_that_is_not_http_is_never_made_clickable(english_volunteer, client, interview):
    # The admin validates URLs less strictly than a browser follows them: the page filters too.
    Interview.objects.filter(pk=interview.pk).update(video_url="javascript:alert(1)")
    client.force_login(english_volunteer)
    page = client.get(en("recruitment:application_detail", interview.application_id))
    assert "javascript:" not in page.content.decode()


def test_the_candidate_sees_that_an_interview_is_cancelled(
    english_volunteer, client, interview, staff
):
    pipeline.interview_cancel(interview=interview, actor=staff)
    client.force_login(english_volunteer)
    page = client.get(en("recruitment:application_detail", interview.application_id))
    text = page.content.decode()
    assert "Cancelled" in text
    assert '<a href="https://visio.example.org/salle-1"' not in text


# The invitation ---------------------------------------------------------------------------------


def test_the_invitation_can_be_answered_and_puts_place_and_link_on_their_own_lines(
    english_volunteer, interview, mailoutbox, settings
):
    [message] = mailoutbox
    assert message.reply_to == [settings.RECRUITMENT_REPLY_TO]
    assert settings.RECRUITMENT_REPLY_TO == settings.SECRETARIAT_EMAIL  # the default
    lines = message.body.splitlines()
    assert "When: 3 December 2026, 19:30 to 20:30 (Brussels time)" in lines
    assert "Where: Rue Berckmans 9, 1060 Saint-Gilles" in lines
    assert "Video link: https://visio.example.org/salle-1" in lines
    assert "You will meet: Marc, Sophie" in lines
    assert "Dewulf-Secret" not in message.body
    assert "NOTE-INTERNE" not in message.body
    event = event_of(calendar_of(message)[0])
    # A calendar's "accept" or "decline" goes to the organizer: an address the secretariat reads
    # when the vacancy names no contact person.
    assert str(event["ORGANIZER"]).lower() == f"mailto:{settings.SECRETARIAT_EMAIL}"


def test_the_reply_to_address_is_a_setting(
    application, staff, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.RECRUITMENT_REPLY_TO = "recrutement@example.org"
    in_review(application)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.interview_schedule(
            application=application,
            actor=staff,
            starts_at=STARTS,
            ends_at=STARTS + datetime.timedelta(hours=1),
            interviewers=[staff],
            place="Secrétariat",
        )
    assert mailoutbox[0].reply_to == ["recrutement@example.org"]


# Never in the past ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "starts_at",
    [
        "2026-11-23T09:30",  # earlier today (the clock says 10:00)
        "2026-11-22T18:00",  # yesterday
        "2026-11-01T18:00",  # three weeks ago: once accepted "to record a past interview"
    ],
)
def test_the_form_refuses_an_interview_in_the_past(
    staff_client, application, staff, starts_at, mailoutbox
):
    in_review(application)
    response = staff_client.post(
        en("recruitment:pipeline_interview", application.pk),
        {
            "starts_at": starts_at,
            "duration": "60",
            "place": "Secrétariat",
            "interviewers": [staff.pk],
        },
    )
    assert response.status_code == 200
    assert "starts_at" in response.context["interview_form"].errors
    assert not Interview.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert mailoutbox == []


def test_the_form_says_why_a_moment_earlier_today_is_refused(staff_client, application, staff):
    in_review(application)
    response = staff_client.post(
        en("recruitment:pipeline_interview", application.pk),
        {
            "starts_at": "2026-11-23T09:30",
            "duration": "60",
            "place": "Secrétariat",
            "interviewers": [staff.pk],
        },
    )
    errors = response.context["interview_form"].errors.as_data()["starts_at"]
    assert [error.code for error in errors] == ["past"]
    assert "An interview cannot be scheduled in the past." in response.content.decode()


def test_the_service_refuses_an_interview_in_the_past(clock, application, staff):
    in_review(application)
    starts = clock.now - datetime.timedelta(minutes=5)
    with pytest.raises(ValidationError) as refused:
        pipeline.interview_schedule(
            application=application,
            actor=staff,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            interviewers=[staff],
            place="Secrétariat",
        )
    assert refused.value.code == "past"
    assert not Interview.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


def test_an_interview_later_today_is_accepted(clock, application, staff):
    in_review(application)
    starts = clock.now + datetime.timedelta(hours=2)
    interview = pipeline.interview_schedule(
        application=application,
        actor=staff,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        interviewers=[staff],
        place="Secrétariat",
    )
    assert interview.starts_at == starts


def test_rescheduling_into_the_past_is_refused(clock, interview, staff, mailoutbox):
    starts = clock.now - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        pipeline.interview_reschedule(
            interview=interview,
            actor=staff,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            interviewers=[staff],
            place="Secrétariat",
        )
    assert refused.value.code in {"past", "date_out_of_range"}
    interview.refresh_from_db()
    assert interview.starts_at == STARTS and interview.sequence == 0


# Rescheduling -----------------------------------------------------------------------------------


def test_rescheduling_sends_an_updated_invitation_with_the_same_uid(
    staff_client, interview, staff, mailoutbox, django_capture_on_commit_callbacks
):
    [invitation] = mailoutbox
    first = event_of(calendar_of(invitation)[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            en("recruitment:pipeline_interview_reschedule", interview.pk),
            {
                "starts_at": "2026-12-04T18:00",
                "duration": "45",
                "place": "Secrétariat, salle 2",
                "interviewers": [staff.pk],
            },
        )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.sequence == 1
    assert interview.starts_at == datetime.datetime(2026, 12, 4, 17, 0, tzinfo=datetime.UTC)
    assert interview.video_url == ""
    assert list(interview.interviewers.all()) == [staff]
    [_, update] = mailoutbox
    assert update.reply_to == invitation.reply_to
    calendar, mimetype = calendar_of(update)
    event = event_of(calendar)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert "method=REQUEST" in mimetype
    assert str(event["UID"]) == str(first["UID"])
    assert int(event["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert event.decoded("DTSTART") == datetime.datetime(2026, 12, 4, 17, 0, tzinfo=datetime.UTC)
    assert "Secrétariat, salle 2" in update.body


def test_the_reschedule_page_is_for_staff_only(volunteer_client, interview):
    response = volunteer_client.get(en("recruitment:pipeline_interview_reschedule", interview.pk))
    assert response.status_code == 404


def test_the_reschedule_page_is_filled_with_the_interview(staff_client, interview):
    response = staff_client.get(en("recruitment:pipeline_interview_reschedule", interview.pk))
    assert response.status_code == 200
    # 18:30 UTC shown as Brussels time in the field.
    assert 'value="2026-12-03T19:30"' in response.content.decode()


# Cancelling -------------------------------------------------------------------------------------


def test_cancelling_asks_for_confirmation_first(staff_client, interview, mailoutbox):
    response = staff_client.get(en("recruitment:pipeline_interview_cancel", interview.pk))
    assert response.status_code == 200
    assert "Cancel the interview" in response.content.decode()
    interview.refresh_from_db()
    assert interview.cancelled_at is None
    assert len(mailoutbox) == 1  # the invitation only


def test_cancelling_sends_a_cancellation_that_calendars_understand(
    clock, staff_client, interview, staff, mailoutbox, django_capture_on_commit_callbacks
):
    [invitation] = mailoutbox
    first = event_of(calendar_of(invitation)[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(en("recruitment:pipeline_interview_cancel", interview.pk))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.cancelled_at is not None and interview.cancelled_by == staff
    application = interview.application
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW  # staff decide the next step
    [_, cancellation] = mailoutbox
    assert cancellation.reply_to == invitation.reply_to
    calendar, mimetype = calendar_of(cancellation)
    event = event_of(calendar)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert "method=CANCEL" in mimetype
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(first["UID"])
    assert int(event["SEQUENCE"]) > int(first["SEQUENCE"])


def test_a_cancelled_interview_can_be_neither_cancelled_nor_moved_again(interview, staff):
    pipeline.interview_cancel(interview=interview, actor=staff)
    with pytest.raises(ValidationError) as refused:
        pipeline.interview_cancel(interview=interview, actor=staff)
    assert refused.value.code == "cancelled"
    with pytest.raises(ValidationError) as refused:
        pipeline.interview_reschedule(
            interview=interview,
            actor=staff,
            starts_at=STARTS,
            ends_at=STARTS + datetime.timedelta(hours=1),
            interviewers=[staff],
            place="Secrétariat",
        )
    assert refused.value.code == "cancelled"
    interview.refresh_from_db()
    assert interview.sequence == 1


def test_an_interview_that_has_started_cannot_be_cancelled(clock, interview, staff):
    clock.move_to(STARTS + datetime.timedelta(minutes=10))
    with pytest.raises(ValidationError) as refused:
        pipeline.interview_cancel(interview=interview, actor=staff)
    assert refused.value.code == "started"


def test_only_staff_cancel_or_reschedule(interview, volunteer, volunteer_client, mailoutbox):
    with pytest.raises(ValidationError) as refused:
        pipeline.interview_cancel(interview=interview, actor=volunteer)
    assert refused.value.code == "not_staff"
    response = volunteer_client.post(en("recruitment:pipeline_interview_cancel", interview.pk))
    assert response.status_code == 404
    interview.refresh_from_db()
    assert interview.cancelled_at is None
    assert len(mailoutbox) == 1


def test_the_staff_page_offers_to_reschedule_and_cancel(staff_client, interview):
    page = staff_client.get(en("recruitment:pipeline_application", interview.application_id))
    text = page.content.decode()
    assert en("recruitment:pipeline_interview_reschedule", interview.pk) in text
    assert en("recruitment:pipeline_interview_cancel", interview.pk) in text


@pytest.mark.parametrize("final", ["declined", "withdrawn"])
def test_a_closed_application_leaves_no_interview_ahead(
    final,
    interview,
    staff,
    volunteer,
    decline_reason,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    application = interview.application
    with django_capture_on_commit_callbacks(execute=True):
        if final == "declined":
            pipeline.application_decline(
                application=application, actor=staff, reason=decline_reason
            )
        else:
            pipeline.application_withdraw(application=application, actor=volunteer)
    interview.refresh_from_db()
    assert interview.cancelled_at is not None and interview.sequence == 1
    cancellation = mailoutbox[-1]
    calendar, _mimetype = calendar_of(cancellation)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event_of(calendar)["UID"]) == str(event_of(calendar_of(mailoutbox[0])[0])["UID"])

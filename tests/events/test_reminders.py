"""The reminder two days before, exactly once, through the outbox; on a fixed clock."""

import datetime

import pytest
from django.conf import settings

from events import services
from events.models import Event
from events.tasks import send_event_reminders
from messaging.models import OutgoingMessage
from tests.events.factories import EventFactory, in_days

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def reminders():
    return OutgoingMessage.objects.filter(kind="events.reminder")


def test_the_beat_runs_the_reminders_every_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["event-reminders"]
    assert entry["task"] == "events.tasks.send_event_reminders"
    assert entry["schedule"].minute == {5} and len(entry["schedule"].hour) == 24


def test_a_shift_is_reminded_once_two_days_before(
    clock, stand, volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    shift = stand.shifts.first()
    services.participation_take(event=stand, shift=shift, person=volunteer)
    # Three days before: not yet.
    clock.move_to(shift.starts_at - datetime.timedelta(days=3))
    assert send_event_reminders() == 0
    # Two days before, to the hour: once, however often the task runs.
    clock.move_to(shift.starts_at - datetime.timedelta(days=2) + datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):  # the worker sends after the commit
        assert send_event_reminders() == 1
    assert send_event_reminders() == 0
    clock.shift(datetime.timedelta(hours=20))
    assert send_event_reminders() == 0
    [message] = reminders()
    assert message.recipient == volunteer and message.dedup_key
    assert message.status == OutgoingMessage.Status.SENT
    [email] = [m for m in mailoutbox if m.subject == message.subject]
    assert "Stand bougies du 10 décembre" in email.subject
    assert "Vente de bougies" in email.body
    assert any(name == "event.ics" for name, *_ in email.attachments)


def test_a_missed_run_catches_up_before_the_start_never_after(clock, event, volunteer):
    services.participation_take(event=event, person=volunteer)
    clock.move_to(event.starts_at + datetime.timedelta(minutes=1))
    assert send_event_reminders() == 0  # over: no reminder
    clock.move_to(event.starts_at - datetime.timedelta(hours=3))
    assert send_event_reminders() == 1


def test_whoever_took_the_place_within_two_days_had_the_confirmation(clock, volunteer, places):
    event = EventFactory(starts_at=in_days(1, 18), ends_at=in_days(1, 20))
    services.participation_take(event=event, person=volunteer)
    assert send_event_reminders() == 0
    assert not reminders().exists()


def test_no_reminder_for_the_waiting_list_nor_a_cancelled_event(
    clock, event, volunteer, other_volunteer
):
    Event.objects.filter(pk=event.pk).update(capacity=1)
    event.refresh_from_db()
    services.participation_take(event=event, person=volunteer)
    services.participation_take(event=event, person=other_volunteer)  # waiting
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    clock.move_to(event.starts_at - datetime.timedelta(days=1))
    assert send_event_reminders() == 0
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
    assert send_event_reminders() == 1
    assert reminders().get().recipient == volunteer


def test_the_task_takes_the_moment_it_runs_as(event, volunteer):
    services.participation_take(event=event, person=volunteer)
    moment = (event.starts_at - datetime.timedelta(days=1)).isoformat()
    assert send_event_reminders(now=moment) == 1
    assert send_event_reminders(now=moment) == 0

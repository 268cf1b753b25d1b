"""Which e-mail about events goes to whom, in the recipient's language, through the outbox.

Each message is recorded in the transaction that causes it (a registration that rolls back sends
nothing). Confirmations carry the event's .ics; the reminder and the calls for help carry a
deduplication key, so that each goes out once whatever the number of runs or clicks.
"""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from events.calendars import participation_ics
from messaging.services import attachment, message_queue

ICS_MIMETYPE = "text/calendar; method=PUBLISH; charset=UTF-8"


def _language_of(person) -> str:
    return getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _send(
    participation, template: str, kind: str, *, ics: bool = False, dedup_key=None, extra=None
):
    person = participation.person
    language = _language_of(person)
    with translation.override(language):
        context = {
            "person": person,
            "participation": participation,
            "event": participation.event,
            "shift": participation.shift,
            "starts_at": timezone.localtime(participation.starts_at),
            "ends_at": timezone.localtime(participation.ends_at),
            "event_url": _url("events:detail", slug=participation.event.slug),
            "schedule_url": _url("events:my_schedule"),
            **(extra or {}),
        }
        subject = " ".join(
            render_to_string(f"events/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"events/email/{template}.txt", context)
    files = []
    if ics:
        files.append(
            attachment("event.ics", participation_ics(participation).decode(), ICS_MIMETYPE)
        )
    return message_queue(
        to=person.email,
        subject=subject,
        text=body,
        kind=kind,
        language=language,
        recipient=person,
        concerns=participation,
        dedup_key=dedup_key,
        attachments=files,
    )


def notify_confirmed(participation) -> None:
    """The place is confirmed: the details, and the .ics to add it to a calendar."""
    _send(participation, "confirmed", "events.confirmed", ics=True)


def notify_waiting(participation) -> None:
    _send(participation, "waiting", "events.waiting")


def notify_promoted(participation) -> None:
    """A place freed up and the person moved up from the waiting list."""
    _send(participation, "promoted", "events.promoted", ics=True)


def reminder_key(participation) -> str:
    return f"events.reminder:{participation.pk}:{participation.starts_at.isoformat()}"


def notify_reminder(participation) -> bool:
    """Two days before: recorded once per place (the key); False when it already was."""
    message = _send(
        participation,
        "reminder",
        "events.reminder",
        ics=True,
        dedup_key=reminder_key(participation),
    )
    return message is not None


def notify_call_for_help(*, shift, person, missing: int, now: datetime.datetime) -> bool:
    """Ask someone to take one of the places still free on a shift (at most one message per
    person and shift a day)."""
    language = _language_of(person)
    event = shift.event
    with translation.override(language):
        context = {
            "person": person,
            "event": event,
            "shift": shift,
            "missing": missing,
            "starts_at": timezone.localtime(shift.starts_at),
            "ends_at": timezone.localtime(shift.ends_at),
            "event_url": _url("events:detail", slug=event.slug),
        }
        subject = " ".join(
            render_to_string("events/email/call_for_help_subject.txt", context).split()
        )
        body = render_to_string("events/email/call_for_help.txt", context)
    day = timezone.localdate(now).isoformat()
    return (
        message_queue(
            to=person.email,
            subject=subject,
            text=body,
            kind="events.call_for_help",
            language=language,
            recipient=person,
            concerns=shift,
            dedup_key=f"events.call_for_help:{shift.pk}:{person.pk}:{day}",
        )
        is not None
    )

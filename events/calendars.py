"""Events and shifts as iCalendar (RFC 5545): the .ics of one event, attached to the e-mails and
downloadable; a person's private feed of their events and shifts; the public feed.

Built with the ``icalendar`` library rather than by hand: it escapes text, folds long lines at
75 octets without cutting a character, and writes the dates, which a feed read by every
calendar application must get right. Times are written in UTC: a shift across the change to
winter time keeps its real hours in every calendar, whatever time zone it is read in.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import Event, Participation, Shift

PRODUCT_ID = "-//Coordination portal//Events//FR"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _calendar(name: str = "") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    return calendar


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def _location(event: Event) -> str:
    parts = [event.venue, event.address]
    if event.place_id:
        parts.append(event.place.label)
    text = ", ".join(part for part in parts if part)
    return text or event.video_url


def _vevent(
    event: Event, *, shift: Shift | None = None, stamp: datetime.datetime
) -> icalendar.Event:
    item = icalendar.Event()
    if shift is not None:
        item.add("uid", f"event-{event.pk}-shift-{shift.pk}@{_host()}")
        item.add("summary", f"{event.name} – {shift.label}")
        item.add("dtstart", _utc(shift.starts_at))
        item.add("dtend", _utc(shift.ends_at))
    else:
        item.add("uid", f"event-{event.pk}@{_host()}")
        item.add("summary", event.name)
        item.add("dtstart", _utc(event.starts_at))
        item.add("dtend", _utc(event.ends_at))
    item.add("dtstamp", _utc(stamp))
    item.add("url", settings.SITE_URL + event.get_absolute_url())
    location = _location(event)
    if location:
        item.add("location", location)
    description = event.text
    if event.video_url:
        description = f"{description}\n\n{_('Video link')}: {event.video_url}".strip()
    if description:
        item.add("description", description)
    if event.place_id:
        item.add("geo", (event.place.latitude, event.place.longitude))
    cancelled = event.status == Event.Status.CANCELLED
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if event.updated_at:
        item.add("last-modified", _utc(event.updated_at))
    return item


def event_ics(event: Event, *, shifts=(), stamp: datetime.datetime | None = None) -> bytes:
    """The .ics of one event, or of the given shifts of it (what a person signed up for)."""
    stamp = stamp or timezone.now()
    calendar = _calendar()
    calendar.add("method", "PUBLISH")
    if shifts:
        for shift in shifts:
            calendar.add_component(_vevent(event, shift=shift, stamp=stamp))
    else:
        calendar.add_component(_vevent(event, stamp=stamp))
    return calendar.to_ical()


def participation_ics(participation: Participation) -> bytes:
    """The .ics attached to a confirmation: the event, or the shift taken."""
    shifts = [participation.shift] if participation.shift_id else ()
    return event_ics(participation.event, shifts=shifts)


def personal_feed(person, participations) -> bytes:
    """A person's calendar: every event and shift they have a confirmed place at."""
    with translation.override(getattr(person, "preferred_language", "") or "fr"):
        calendar = _calendar(_("My events and shifts"))
        stamp = timezone.now()
        for participation in participations:
            calendar.add_component(
                _vevent(participation.event, shift=participation.shift, stamp=stamp)
            )
    return calendar.to_ical()


def public_feed(events) -> bytes:
    """The public events, for anybody's calendar."""
    calendar = _calendar(_("Events"))
    stamp = timezone.now()
    for event in events:
        calendar.add_component(_vevent(event, stamp=stamp))
    return calendar.to_ical()


def webcal(url: str) -> str:
    """The same address for calendar applications that subscribe to it (webcal://)."""
    return "webcal://" + url.split("://", 1)[-1]

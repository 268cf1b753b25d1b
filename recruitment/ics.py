"""An interview as an iCalendar invitation (RFC 5545), written by hand: one event, times in UTC.

An update keeps the event's UID and raises its SEQUENCE (RFC 5546 §2.1.4): the candidate's
calendar then replaces the event it holds (METHOD:REQUEST, a new time or place) or removes it
(METHOD:CANCEL, STATUS:CANCELLED) instead of adding a second one.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

CRLF = "\r\n"


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def escape_param(value: str) -> str:
    """A parameter value (CN=...): quoted, without the characters a quoted value cannot hold."""
    cleaned = "".join(c for c in str(value) if c not in '"\r\n' and ord(c) >= 32)
    return f'"{cleaned}"'


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1)."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not pieces else 74  # continuation lines start with one space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def interview_invitation(
    *,
    uid: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    summary: str,
    location: str,
    description: str = "",
    url: str = "",
    organizer_name: str = "",
    organizer_email: str = "",
    attendee_name: str = "",
    attendee_email: str = "",
    stamp: datetime.datetime | None = None,
    sequence: int = 0,
    cancelled: bool = False,
) -> str:
    """The text of a VCALENDAR with one VEVENT, lines folded and ended by CRLF: a request
    (an invitation or its update) or, ``cancelled``, the cancellation of the event."""
    method = "CANCEL" if cancelled else "REQUEST"
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Coordination portal//Recruitment//FR",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{uid}@{host}",
        f"DTSTAMP:{utc_stamp(stamp or timezone.now())}",
        f"DTSTART:{utc_stamp(starts_at)}",
        f"DTEND:{utc_stamp(ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(location)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if url:
        lines.append(f"URL:{url}")
    if organizer_email:
        lines.append(f"ORGANIZER;CN={escape_param(organizer_name)}:mailto:{organizer_email}")
    if attendee_email:
        lines.append(
            f"ATTENDEE;CN={escape_param(attendee_name)};ROLE=REQ-PARTICIPANT;"
            f"PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{attendee_email}"
        )
    lines += [
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        f"SEQUENCE:{int(sequence)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return CRLF.join(fold(line) for line in lines) + CRLF

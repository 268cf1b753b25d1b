"""The hand-written iCalendar invitation follows RFC 5545: escaping, folding, UTC times."""

import datetime
import zoneinfo

from recruitment.ics import escape_text, fold, interview_invitation

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def invitation(**overrides):
    values = {
        "uid": "3f2b9c1e",
        "starts_at": datetime.datetime(2026, 12, 3, 19, 30, tzinfo=BRUSSELS),
        "ends_at": datetime.datetime(2026, 12, 3, 20, 30, tzinfo=BRUSSELS),
        "summary": "Entretien : Coordination Mexique",
        "location": "Rue Berckmans 9, 1060 Saint-Gilles; 2e étage",
        "stamp": datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC),
        "organizer_name": 'Sophie "la" Lambert',
        "organizer_email": "staff@example.org",
        "attendee_name": "Lucas Peeters",
        "attendee_email": "volunteer@example.org",
    }
    return interview_invitation(**{**values, **overrides})


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_the_calendar_has_the_required_properties_in_utc():
    lines = unfold(invitation())
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2:] == ["END:VCALENDAR", ""]
    assert "VERSION:2.0" in lines
    assert "METHOD:REQUEST" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    assert "UID:3f2b9c1e@127.0.0.1" in lines
    assert "DTSTAMP:20261123T090000Z" in lines
    # 19:30 in Brussels in winter is 18:30 UTC.
    assert "DTSTART:20261203T183000Z" in lines
    assert "DTEND:20261203T193000Z" in lines
    assert "SUMMARY:Entretien : Coordination Mexique" in lines
    assert lines.index("BEGIN:VEVENT") < lines.index("END:VEVENT")


def test_every_line_ends_with_crlf_and_no_bare_newline():
    text = invitation(description="Ligne un\nLigne deux")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")


def test_text_values_are_escaped():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    lines = unfold(invitation())
    assert "LOCATION:Rue Berckmans 9\\, 1060 Saint-Gilles\\; 2e étage" in lines


def test_parameter_values_are_quoted_without_quotes_inside():
    lines = unfold(invitation())
    assert 'ORGANIZER;CN="Sophie la Lambert":mailto:staff@example.org' in lines


def test_a_summary_cannot_inject_a_property():
    lines = unfold(invitation(summary="Entretien\r\nATTENDEE:mailto:evil@example.org"))
    assert "ATTENDEE:mailto:evil@example.org" not in lines
    assert "SUMMARY:Entretien\\nATTENDEE:mailto:evil@example.org" in lines


def test_long_lines_are_folded_at_75_octets_without_cutting_a_character():
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line

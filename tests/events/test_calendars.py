"""The .ics of an event, the personal calendar (its secret rotates) and the public feed, read
back with the icalendar library; a shift across the change to winter time."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import CalendarFeed, Event, Participation
from tests.events.factories import EventFactory, ShiftFactory, StandFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
BRUSSELS = ZoneInfo("Europe/Brussels")


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_the_ics_of_a_public_event(client, event):
    calendar = parse(client.get(reverse("events:ics", args=[event.slug])))
    [vevent] = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart") == event.starts_at
    assert vevent.decoded("dtend") == event.ends_at
    assert "Maison des associations" in str(vevent["location"])
    assert str(vevent["url"]).endswith(event.get_absolute_url())


def test_a_members_event_has_no_ics_for_visitors(client, members_event):
    assert client.get(reverse("events:ics", args=[members_event.slug])).status_code == 404


def test_the_personal_feed_holds_my_places_and_its_secret_rotates(client, stand, event, volunteer):
    shift = stand.shifts.first()
    services.participation_take(event=stand, shift=shift, person=volunteer)
    services.participation_take(event=event, person=volunteer)
    client.force_login(volunteer)
    client.post(reverse("events:calendar_reset"))
    feed = CalendarFeed.objects.get(person=volunteer)
    url = reverse("events:personal_feed", args=[feed.token])
    client.logout()  # a calendar application has no session

    response = client.get(url)
    calendar = parse(response)
    assert "no-store" in response["Cache-Control"]
    events = {str(v["summary"]): v for v in calendar.walk("VEVENT")}
    assert set(events) == {
        "Stand bougies du 10 décembre – Vente de bougies",
        "Soirée d'information",
    }
    assert events["Stand bougies du 10 décembre – Vente de bougies"].decoded("dtstart") == (
        shift.starts_at
    )

    client.force_login(volunteer)
    page = client.get(reverse("events:my_schedule")).content.decode()
    assert feed.token in page and "webcal://" in page
    client.post(reverse("events:calendar_reset"))
    new = CalendarFeed.objects.get(person=volunteer)
    assert new.token != feed.token
    client.logout()
    assert client.get(url).status_code == 404
    assert parse(client.get(reverse("events:personal_feed", args=[new.token])))


def test_the_personal_feed_leaves_out_cancelled_and_waiting_places(client, event, volunteer):
    participation = services.participation_take(event=event, person=volunteer)
    services.participation_cancel(participation=participation, actor=volunteer)
    feed = services.calendar_feed_of(volunteer)
    calendar = parse(client.get(reverse("events:personal_feed", args=[feed.token])))
    assert calendar.walk("VEVENT") == []


def test_the_public_feed_holds_only_public_events(client, event, members_event, places):
    EventFactory(title="Brouillon", status=Event.Status.DRAFT)
    calendar = parse(client.get(reverse("events:feed")))
    assert [str(v["summary"]) for v in calendar.walk("VEVENT")] == ["Soirée d'information"]


def test_a_shift_across_the_change_to_winter_time(clock, volunteer, places):
    """25 October 2026: at 03:00 the clocks go back to 02:00. A shift from 00:00 to 06:00 lasts
    seven hours: the calendar, the hours and the page all say so."""
    clock.move_to(datetime.datetime(2026, 10, 20, 12, 0, tzinfo=BRUSSELS))
    start = datetime.datetime(2026, 10, 25, 0, 0, tzinfo=BRUSSELS)
    end = datetime.datetime(2026, 10, 25, 6, 0, tzinfo=BRUSSELS)
    assert end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC) == datetime.timedelta(
        hours=7
    )
    stand = StandFactory(starts_at=start, ends_at=end)
    shift = ShiftFactory(event=stand, starts_at=start, ends_at=end, role="Veille de nuit")
    participation = services.participation_take(event=stand, shift=shift, person=volunteer)

    [vevent] = icalendar.Calendar.from_ical(participation_ics_text(participation)).walk("VEVENT")
    assert vevent.decoded("dtstart") == datetime.datetime(2026, 10, 24, 22, 0, tzinfo=datetime.UTC)
    assert vevent.decoded("dtend") == datetime.datetime(2026, 10, 25, 5, 0, tzinfo=datetime.UTC)

    assert shift.attendance_minutes() == 7 * 60  # in memory, in the Brussels zone
    clock.move_to(datetime.datetime(2026, 10, 25, 7, 0, tzinfo=BRUSSELS))
    services.attendance_mark(participation=participation, attended=True, actor=volunteer)
    participation.refresh_from_db()
    assert participation.credited_minutes == 7 * 60
    # The local times shown are the wall clock's: 00:00 and 06:00.
    assert timezone.localtime(shift.starts_at).hour == 0
    assert timezone.localtime(shift.ends_at).hour == 6


def participation_ics_text(participation: Participation) -> bytes:
    from events.calendars import participation_ics

    return participation_ics(participation)

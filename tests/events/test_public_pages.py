"""The public pages: schema.org Event in JSON-LD (allowed by the CSP: data, not script), the
page cache that shows a change at once, and fixed query budgets."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import services
from events.models import Event
from tests.events.factories import (
    EventFactory,
    ParticipationFactory,
    ShiftFactory,
    StandFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
SCHEMA = "https://schema.org/"


def json_ld(response) -> dict:
    found = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(found) == 1
    return json.loads(found[0])


def test_a_public_event_carries_a_valid_schema_org_event(client, event):
    response = client.get(event.get_absolute_url())
    data = json_ld(response)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    # Google's required properties, then the recommended ones.
    for key in ("name", "startDate", "location"):
        assert data[key], key
    assert data["name"] == "Soirée d'information"
    assert data["startDate"].startswith(event.starts_at.astimezone().date().isoformat()[:4])
    assert data["startDate"].endswith("+01:00")  # Brussels, winter time
    assert data["endDate"] > data["startDate"]
    assert data["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    location = data["location"]
    assert location["@type"] == "Place" and location["name"] == "Maison des associations"
    assert location["address"]["@type"] == "PostalAddress"
    assert location["address"]["postalCode"] == "5000"
    assert data["organizer"]["@type"] == "Organization"
    assert data["offers"]["@type"] == "Offer" and data["offers"]["price"] == 0
    assert data["remainingAttendeeCapacity"] == 20


def test_an_online_or_cancelled_event_says_so(client, places):
    online = EventFactory(
        place=None, venue="", address="", video_url="https://meet.example.org/formation"
    )
    data = json_ld(client.get(online.get_absolute_url()))
    assert data["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/formation",
    }
    mixed = EventFactory(video_url="https://meet.example.org/ag", status=Event.Status.CANCELLED)
    data = json_ld(client.get(mixed.get_absolute_url()))
    assert data["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]
    assert data["eventStatus"] == SCHEMA + "EventCancelled"


def test_the_json_ld_cannot_close_its_element(client, places):
    event = EventFactory(description="</script><script>alert(1)</script>")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "alert(1)" in json_ld(client.get(event.get_absolute_url()))["description"]


def test_the_csp_allows_no_inline_script_and_the_json_ld_is_data(client, event):
    response = client.get(event.get_absolute_url())
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
    assert script_src == ["'self'"]
    assert "'unsafe-inline'" not in policy
    # Every script element of the page is a file of ours, or the JSON-LD data block.
    for attributes in re.findall(r"<script([^>]*)>", response.content.decode()):
        assert (
            'src="/static/' in attributes
            or 'type="application/ld+json"' in attributes
            or ('type="application/json"' in attributes)
        ), attributes


def test_members_events_carry_no_json_ld(client, volunteer, places):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    client.force_login(volunteer)
    assert "application/ld+json" not in client.get(event.get_absolute_url()).content.decode()


def test_a_change_shows_at_once_on_the_cached_pages(client, event, volunteer, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    url = event.get_absolute_url()
    first = client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert json_ld(first)["remainingAttendeeCapacity"] == 20
    services.participation_take(event=event, person=volunteer)  # a place fewer
    again = client.get(url)
    assert again["X-Page-Cache"] == "miss"
    assert json_ld(again)["remainingAttendeeCapacity"] == 19
    client.get(reverse("events:list"))
    Event.objects.filter(pk=event.pk).update(title="Soirée reportée")  # no signal...
    from config.pagecache import public_pages_changed

    public_pages_changed()  # ...so the writer says it
    assert "Soirée reportée" in client.get(reverse("events:list")).content.decode()
    event.title = "Soirée des nouveaux"
    event.save()
    assert "Soirée des nouveaux" in client.get(reverse("events:list")).content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["visitor", "volunteer"])
def test_the_list_and_an_event_page_keep_their_query_budget(client, who, group, volunteer):
    if who == "volunteer":
        client.force_login(volunteer)
    stand = StandFactory(group=group)
    ShiftFactory(event=stand)
    EventFactory()
    list_url, page_url = reverse("events:list"), stand.get_absolute_url()
    if who == "volunteer":
        client.get(list_url)  # the navigation's counts, kept for the day (config/navigation.py)
    few = (count_queries(client, list_url), count_queries(client, page_url))
    for _ in range(15):
        other = StandFactory(group=group)
        ShiftFactory.create_batch(3, event=other)
        EventFactory()
    for shift in ShiftFactory.create_batch(8, event=stand):
        ParticipationFactory(event=stand, shift=shift)
    services.participation_take(event=stand, shift=shift, person=volunteer)
    many = (count_queries(client, list_url), count_queries(client, page_url))
    assert many == few
    # Visitors: the list (count, page) and the event and its shifts.
    budget = (2, 2) if who == "visitor" else (6, 9)
    assert many[0] <= budget[0] and many[1] <= budget[1], many

"""schema.org ``Event`` data for a public event's page (JSON-LD).

It sits in ``<script type="application/ld+json">``: a data block, which browsers never run, so
the Content Security Policy (script-src 'self', no inline script) lets it be. Its text is
escaped by ``recruitment.jsonld.script_json`` so that an event's description can never close
the element.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from events.models import Event

SCHEMA = "https://schema.org/"
ATTENDANCE_MODES = {
    (True, False): "OfflineEventAttendanceMode",
    (False, True): "OnlineEventAttendanceMode",
    (True, True): "MixedEventAttendanceMode",
}


def _place(event: Event) -> dict:
    address = {"@type": "PostalAddress", "addressCountry": "BE"}
    if event.address:
        address["streetAddress"] = event.address
    if event.place_id:
        address["postalCode"] = event.place.postal_code
        address["addressLocality"] = event.place.municipality_fr
    place = {
        "@type": "Place",
        "name": event.venue or address.get("addressLocality", ""),
        "address": address,
    }
    if event.place_id:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": event.place.latitude,
            "longitude": event.place.longitude,
        }
    return place


def event_data(event: Event, *, remaining: int | None = None) -> dict:
    """The schema.org Event of a public event (Google's required and recommended properties:
    name, startDate, location, and endDate, eventStatus, eventAttendanceMode, description,
    organizer, offers)."""
    url = settings.SITE_URL + event.get_absolute_url()
    on_site, online = event.is_on_site, event.is_online
    locations = []
    if on_site:
        locations.append(_place(event))
    if online:
        locations.append({"@type": "VirtualLocation", "url": event.video_url})
    status = "EventCancelled" if event.status == Event.Status.CANCELLED else "EventScheduled"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.name,
        "description": strip_tags(event.text) or event.name,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": SCHEMA + status,
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODES[(on_site, online or not on_site)],
        "location": locations[0] if len(locations) == 1 else locations,
        "url": url,
        "inLanguage": "fr-BE",
        "isAccessibleForFree": True,
        "organizer": {
            "@type": "Organization",
            "name": event.organiser_name,
            "url": settings.SITE_URL,
        },
    }
    if event.takes_registrations:
        offer = {
            "@type": "Offer",
            "url": url,
            "price": 0,
            "priceCurrency": "EUR",
            "availability": SCHEMA + ("SoldOut" if remaining == 0 else "InStock"),
            "validThrough": timezone.localtime(event.registrations_close_at()).isoformat(),
        }
        data["offers"] = offer
    if event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
        if remaining is not None:
            data["remainingAttendeeCapacity"] = remaining
    return data

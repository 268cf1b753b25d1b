"""The events' part of the permission matrix's cast (tests/security/test_permission_matrix.py):
a public event of the secretariat the volunteer registered for, and Namur's stand (for Namur's
members) with a shift, a time entry of Namur, the volunteer's calendar feed."""

import datetime

from django.utils import timezone

from events.models import CalendarFeed, Event, Participation, Shift, VolunteerTime


def events_objects(*, group, volunteer, leader) -> dict:
    start = timezone.now() + datetime.timedelta(days=10)
    event = Event.objects.create(
        title="Assemblée générale",
        slug="assemblee-generale-matrice",
        kind=Event.Kind.ASSEMBLY,
        status=Event.Status.PUBLISHED,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        venue="Maison des associations",
        capacity=50,
    )
    stand = Event.objects.create(
        title="Stand bougies",
        slug="stand-bougies-matrice",
        kind=Event.Kind.STAND,
        status=Event.Status.PUBLISHED,
        organiser=Event.Organiser.GROUP,
        group=group,
        audience=Event.Audience.GROUP,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=4),
        venue="Place d'Armes",
    )
    shift = Shift.objects.create(
        event=stand,
        role="Vente de bougies",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=3,
    )
    registration = Participation.objects.create(
        event=event,
        person=volunteer,
        status=Participation.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    entry = VolunteerTime.objects.create(
        person=leader,
        group=group,
        date=timezone.localdate(),
        minutes=60,
        description="Préparation du stand",
        logged_by=leader,
    )
    feed = CalendarFeed.objects.create(person=volunteer)
    return {
        "event": event,
        "stand": stand,
        "shift": shift,
        "registration": registration,
        "time_entry": entry,
        "feed_token": feed.token,
    }

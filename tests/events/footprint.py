"""The events' part of a person's footprint (tests/security/test_gdpr.py): a row of every events
model that points at them."""

import datetime

from django.utils import timezone

from events.models import (
    CalendarFeed,
    Event,
    Participation,
    Training,
    TrainingCompletion,
    VolunteerTime,
)


def events_footprint(person, *, group) -> None:
    start = timezone.now() - datetime.timedelta(days=3)
    training = Training.objects.create(code="footprint-training", name="Formation")
    event = Event.objects.create(
        title="Formation à Namur",
        slug="formation-namur-empreinte",
        kind=Event.Kind.TRAINING,
        training=training,
        status=Event.Status.PUBLISHED,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        venue="Maison des associations",
        created_by=person,
    )
    Participation.objects.create(
        event=event,
        person=person,
        status=Participation.Status.CONFIRMED,
        attended=True,
        attendance_marked_by=person,
        credited_minutes=120,
    )
    TrainingCompletion.objects.create(
        training=training,
        person=person,
        completed_on=timezone.localdate(start),
        event=event,
        recorded_by=person,
    )
    VolunteerTime.objects.create(
        person=person,
        group=group,
        date=timezone.localdate(),
        minutes=60,
        description="Lettres pour un prisonnier",
        logged_by=person,
    )
    CalendarFeed.objects.create(person=person)

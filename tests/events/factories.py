import datetime

import factory
from django.utils import timezone

from events.models import (
    Event,
    Participation,
    Shift,
    Training,
    TrainingCompletion,
    VolunteerTime,
)
from tests.factories import UserFactory
from tests.groups.factories import LocalGroupFactory, place


def in_days(days: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment ``days`` from today (Brussels) at ``hour``:``minute``, local time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"training-{n}")
    name = factory.Sequence(lambda n: f"Formation {n}")
    name_en = factory.Sequence(lambda n: f"Training {n}")
    validity_months = 24


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Rencontre {n}")
    slug = factory.Sequence(lambda n: f"rencontre-{n}")
    kind = Event.Kind.MEETING
    description = "Une soirée pour faire le point sur les actions du trimestre."
    status = Event.Status.PUBLISHED
    audience = Event.Audience.PUBLIC
    starts_at = factory.LazyFunction(lambda: in_days(10, 19))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    venue = "Maison des associations"
    address = "Rue de Fer 42"
    place = factory.LazyFunction(place)
    capacity = 20


class StandFactory(EventFactory):
    """A group's stand, whose people sign up by shift."""

    title = factory.Sequence(lambda n: f"Stand bougies {n}")
    slug = factory.Sequence(lambda n: f"stand-bougies-{n}")
    kind = Event.Kind.STAND
    organiser = Event.Organiser.GROUP
    group = factory.SubFactory(LocalGroupFactory)
    capacity = None
    starts_at = factory.LazyFunction(lambda: in_days(10, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    event = factory.SubFactory(StandFactory)
    role = "Vente de bougies"
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    capacity = 2


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(UserFactory)
    status = Participation.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


class TrainingCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCompletion

    training = factory.SubFactory(TrainingFactory)
    person = factory.SubFactory(UserFactory)
    completed_on = factory.LazyFunction(timezone.localdate)


class VolunteerTimeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerTime

    person = factory.SubFactory(UserFactory)
    group = factory.SubFactory(LocalGroupFactory)
    date = factory.LazyFunction(timezone.localdate)
    minutes = 90
    description = "Préparation du stand"

"""Two people take the last place at the same instant (PostgreSQL, two threads, two database
connections): one gets it, the other goes to the waiting list. Never both.

The barrier holds both threads until each is ready to sign up, and counting the free places is
slowed down, so that without the service's lock both would count the same free place before
either writes (the test then fails). With the lock (the person's row, then the shift's), the
second waits for the first to commit before it counts."""

import threading
import time
from unittest import mock

import pytest
from django.db import connections

from events import services
from events.models import Event, Participation
from tests import conftest
from tests.events.factories import ParticipationFactory, ShiftFactory, StandFactory
from tests.factories import UserFactory

Status = Participation.Status


def take_together(event, shift, people):
    """Each person takes a place in their own thread (their own connection), all at once."""
    ready = threading.Barrier(len(people), timeout=20)
    outcomes, errors = {}, []

    def take(person):
        try:
            ready.wait()
            participation = services.participation_take(event=event, shift=shift, person=person)
            outcomes[person.pk] = participation.status
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    count = services.free_places

    def slow_count(*args, **kwargs):
        places = count(*args, **kwargs)
        time.sleep(0.3)  # the other thread would count now, were it not waiting for the lock
        return places

    with mock.patch.object(services, "free_places", slow_count):
        threads = [threading.Thread(target=take, args=(person,)) for person in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert not errors, errors
    return outcomes


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("on", ["shift", "event"])
def test_two_last_place_sign_ups_at_once_give_one_place_and_one_waiting(places, on):
    conftest.require_postgresql("two connections taking one place at the same instant")
    if on == "shift":
        stand = StandFactory()
        shift = ShiftFactory(event=stand, capacity=2)
        ParticipationFactory(event=stand, shift=shift)  # one place left
        event = stand
    else:
        event, shift = StandFactory(kind=Event.Kind.MEETING, capacity=2), None
        ParticipationFactory(event=event)
    people = [UserFactory(first_name="Lucas"), UserFactory(first_name="Emma")]

    outcomes = take_together(event, shift, people)

    assert sorted(outcomes.values()) == [Status.CONFIRMED, Status.WAITING], outcomes
    slot = Participation.objects.filter(event=event, shift=shift)
    assert slot.filter(status=Status.CONFIRMED).count() == 2
    assert slot.filter(status=Status.WAITING).count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_five_people_for_two_places(places):
    conftest.require_postgresql("five connections taking two places at the same instant")
    stand = StandFactory()
    shift = ShiftFactory(event=stand, capacity=2)
    outcomes = take_together(stand, shift, UserFactory.create_batch(5))
    assert sorted(outcomes.values()) == [Status.CONFIRMED] * 2 + [Status.WAITING] * 3

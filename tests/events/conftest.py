import pytest

from events.models import Event
from tests.events.factories import EventFactory, ShiftFactory, StandFactory, in_days


@pytest.fixture
def event(places):
    """A public evening in Namur, twenty places, in ten days."""
    return EventFactory(title="Soirée d'information", slug="soiree-information")


@pytest.fixture
def stand(group):
    """Namur's 10 December stand: three shifts of two people."""
    stand = StandFactory(
        title="Stand bougies du 10 décembre",
        slug="stand-namur",
        group=group,
        starts_at=in_days(12, 10),
        ends_at=in_days(12, 16),
    )
    for hour in (10, 12, 14):
        ShiftFactory(event=stand, starts_at=in_days(12, hour), ends_at=in_days(12, hour + 2))
    return stand


@pytest.fixture
def members_event(places):
    return EventFactory(
        title="Assemblée générale", slug="assemblee-generale", audience=Event.Audience.MEMBERS
    )

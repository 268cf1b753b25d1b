"""Who sees which event: by audience, draft or published, organisers and staff; the public
queryset that the public pages and the API read."""

import pytest
from django.urls import reverse

from events import services
from events.models import Event
from events.permissions import manages, sees
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def events(group, coordination, places):
    return {
        "public": EventFactory(slug="public"),
        "members": EventFactory(slug="members", audience=Event.Audience.MEMBERS),
        "coordinators": EventFactory(slug="coordinators", audience=Event.Audience.COORDINATORS),
        "namur": EventFactory(
            slug="namur",
            audience=Event.Audience.GROUP,
            organiser=Event.Organiser.GROUP,
            group=group,
        ),
        "draft": EventFactory(
            slug="draft",
            status=Event.Status.DRAFT,
            organiser=Event.Organiser.COORDINATION,
            coordination=coordination,
        ),
        "cancelled": EventFactory(slug="cancelled", status=Event.Status.CANCELLED),
    }


def visible(user, events):
    slugs = set(Event.objects.visible_to(user).values_list("slug", flat=True))
    # The one-event check says the same as the queryset.
    assert slugs == {slug for slug, event in events.items() if sees(user, event)}
    return slugs


def test_who_sees_what(events, volunteer, coordinator, leader, other_leader, staff):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser(), events) == {"public", "cancelled"}
    assert visible(volunteer, events) == {"public", "members", "cancelled"}
    assert visible(coordinator, events) == {
        "public",
        "members",
        "coordinators",
        "cancelled",
        "draft",  # they organise it (Mexique)
    }
    assert visible(leader, events) == {"public", "members", "namur", "cancelled"}
    assert visible(other_leader, events) == {"public", "members", "cancelled"}
    assert visible(staff, events) == set(events)
    MembershipFactory(group=events["namur"].group, volunteer=volunteer)
    assert "namur" in visible(volunteer, events)


def test_the_public_queryset(events):
    assert set(Event.objects.public().values_list("slug", flat=True)) == {"public", "cancelled"}


def test_a_members_only_event_is_404_for_visitors_and_shown_to_members(client, events, volunteer):
    url = reverse("events:detail", args=["members"])
    assert client.get(url).status_code == 404
    client.force_login(volunteer)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("slug", ["coordinators", "namur", "draft"])
def test_events_of_others_are_404_for_a_volunteer(client, events, volunteer, slug):
    client.force_login(volunteer)
    assert client.get(reverse("events:detail", args=[slug])).status_code == 404
    response = client.post(reverse("events:register", args=[slug]))
    assert response.status_code == 404
    assert not events[slug].participations.exists()


def test_taking_part_keeps_the_event_visible(events, volunteer):
    """Someone who left the group still sees the stand they signed up for."""
    membership = MembershipFactory(group=events["namur"].group, volunteer=volunteer)
    services.participation_take(event=events["namur"], person=volunteer)
    membership.delete()
    assert "namur" in visible(volunteer, events)


def test_who_manages(events, coordinator, other_coordinator, leader, other_leader, staff):
    assert manages(coordinator, events["draft"]) and not manages(other_coordinator, events["draft"])
    assert manages(leader, events["namur"]) and not manages(other_leader, events["namur"])
    assert manages(staff, events["public"]) and not manages(leader, events["public"])
    assert not manages(UserFactory(), events["members"])


def test_the_organisers_page_is_404_to_others(client, events, leader, other_leader):
    url = reverse("events:manage", args=["namur"])
    client.force_login(other_leader)
    assert client.get(url).status_code == 404
    client.force_login(leader)
    assert client.get(url).status_code == 200

"""A group's page is kept per group and person (groups/views.py): what each one may see, their
membership and their own name in the contact form, shown at once when anything changes."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from groups import selectors
from groups.models import Membership
from groups.views import GROUP_PAGE_AREAS, group_body
from tests.factories import UserFactory
from tests.fragments import assert_areas_named
from tests.groups.factories import JoinRequestFactory, MembershipFactory

pytestmark = pytest.mark.django_db
ADDRESS = "Maison de la solidarité"


def page(client, group) -> str:
    return client.get(f"/fr/groups/{group.slug}/").content.decode()


def test_the_page_names_every_area_it_reads(group, leader, volunteer, staff):
    JoinRequestFactory(group=group, volunteer=volunteer)

    def render_for_everyone():
        shown = selectors.group_for_page(group.slug)
        for person in (leader, volunteer, staff, AnonymousUser()):
            request = RequestFactory().get(f"/fr/groups/{group.slug}/")
            request.user = person
            request.session = {}
            group_body(request, shown)

    assert_areas_named(render_for_everyone, GROUP_PAGE_AREAS)


def test_two_volunteers_each_see_their_own_page(client, group):
    anna = UserFactory(first_name="Anna", last_name="Peeters", email="anna@example.org")
    bruno = UserFactory(first_name="Bruno", last_name="Lambert", email="bruno@example.org")
    MembershipFactory(group=group, volunteer=anna)
    seen = {}
    for person in (anna, bruno, anna, bruno):
        client.force_login(person)
        seen.setdefault(person.first_name, []).append(page(client, group))
    # Anna is a member: the meeting address, no form to join; Bruno may ask to join.
    assert all(ADDRESS in p and "Quitter le groupe" in p for p in seen["Anna"])
    assert all(ADDRESS not in p and "Demander à rejoindre" in p for p in seen["Bruno"])
    # Each writes under their own name and address.
    assert all("bruno@example.org" in p and "anna@example.org" not in p for p in seen["Bruno"])


def test_a_change_shows_at_once(client, group, volunteer):
    client.force_login(volunteer)
    assert "Demander à rejoindre" in page(client, group)
    request = JoinRequestFactory(group=group, volunteer=volunteer)
    assert "Retirer ma demande" in page(client, group)
    # Accepted by an update, which sends no signal.
    type(request).objects.filter(pk=request.pk).update(status="accepted")
    Membership.objects.bulk_create([Membership(group=group, volunteer=volunteer, role="member")])
    assert ADDRESS in page(client, group)
    type(group).objects.filter(pk=group.pk).update(meeting_address="Salle des fêtes, 5000 Namur")
    assert "Salle des fêtes" in page(client, group)


def test_each_language_has_its_own(client, group, leader):
    client.force_login(leader)
    french = page(client, group)
    english = client.get(f"/en/groups/{group.slug}/").content.decode()
    assert "Rejoindre le groupe" in french and "Join the group" in english
    assert "Rejoindre le groupe" not in english


def test_a_second_visit_reads_the_group_alone(client, group, leader, django_assert_num_queries):
    client.force_login(leader)
    first = page(client, group)
    # The session, the person and the group (a group closed since is a 404 at once).
    with django_assert_num_queries(3):
        second = page(client, group)
    assert ADDRESS in second and second.count("<section") == first.count("<section")

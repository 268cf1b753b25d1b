"""The "write to the group" form: filled in for a signed-in person, and not offered to the
group's own leader (who would be writing to themselves)."""

import re

import pytest

from groups.models import Membership
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def url(group):
    return f"/fr/groups/{group.slug}/"


def value_of(page: str, field: str) -> str | None:
    found = re.search(rf'<input[^>]*name="{field}"[^>]*>', page)
    if found is None:
        return None
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def test_a_visitor_finds_the_form_empty(client, group, leader):
    page = client.get(url(group)).content.decode()
    assert f'action="/fr/groups/{group.slug}/contact/"' in page
    assert value_of(page, "name") == "" and value_of(page, "email") == ""


def test_a_signed_in_person_finds_their_name_and_address_filled_in(client, group, leader):
    client.force_login(
        UserFactory(first_name="Jeanne", last_name="Lambert", email="jeanne@example.net")
    )
    page = client.get(url(group)).content.decode()
    assert value_of(page, "name") == "Jeanne Lambert"
    assert value_of(page, "email") == "jeanne@example.net"


def test_a_member_may_still_write_to_the_group(client, group, leader):
    member = UserFactory()
    MembershipFactory(group=group, volunteer=member, role=Membership.Role.MEMBER)
    client.force_login(member)
    assert f'action="/fr/groups/{group.slug}/contact/"' in client.get(url(group)).content.decode()


def test_the_leader_is_not_offered_to_write_to_their_own_group(client, group, leader):
    client.force_login(leader)
    page = client.get(url(group)).content.decode()
    assert f'action="/fr/groups/{group.slug}/contact/"' not in page
    assert 'id="contact-title"' not in page


def test_a_visitor_is_offered_to_log_in_or_to_create_an_account(client, group):
    page = client.get(url(group)).content.decode()
    assert f'href="/fr/accounts/login/?next=/fr/groups/{group.slug}/"' in page
    assert f'href="/fr/accounts/signup/?next=/fr/groups/{group.slug}/"' in page

"""The groups part of the cast: the Namur group and its leader, and another group (Liège) with
its own leader, who must see nothing of Namur's private pages."""

from importlib import import_module

import pytest
from django.apps import apps

from groups.models import Membership, Place
from tests.factories import UserFactory
from tests.groups.factories import LocalGroupFactory, MembershipFactory, place


@pytest.fixture
def places(db):
    """The Belgian places the data migration loads. A transactional test elsewhere flushes the
    database, and the places with it: load them again when they are missing."""
    if not Place.objects.exists():
        import_module("groups.migrations.0002_load_places").load_places(apps, None)


@pytest.fixture
def group(places):
    return LocalGroupFactory(
        name="Groupe de Namur",
        slug="namur",
        place=place("5000"),
        meeting_address="Maison de la solidarité, rue des Brasseurs 12, 5000 Namur",
    )


@pytest.fixture
def other_group(places):
    return LocalGroupFactory(
        name="Groupe de Liège",
        slug="liege",
        place=place("4000"),
        meeting_address="Centre culturel, salle du premier étage, 4000 Liège",
    )


@pytest.fixture
def leader(group):
    user = UserFactory(
        email="leader@example.org", first_name="Claire", last_name="Dumont", postal_code="5000"
    )
    MembershipFactory(group=group, volunteer=user, role=Membership.Role.LEADER)
    return user


@pytest.fixture
def other_leader(other_group):
    user = UserFactory(
        email="other.leader@example.org",
        first_name="Julien",
        last_name="Renard",
        postal_code="4000",
    )
    MembershipFactory(group=other_group, volunteer=user, role=Membership.Role.LEADER)
    return user


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client

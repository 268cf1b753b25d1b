"""The secretariat's directory for the signalements' tests: a campaigner who follows Mexique
(the cast's coordination), another for Africa, the press officer and the individuals-at-risk
team, each a staff member with a work address."""

import pytest

from liaison.models import Role, SecretariatContact
from tests.factories import StaffFactory
from tests.mfa import SecondFactorClient


def contact(first_name, role, *, area="", coordinations=(), order=0):
    user = StaffFactory(first_name=first_name)
    entry = SecretariatContact.objects.create(
        user=user,
        role=role,
        area=area,
        work_email=f"{first_name.lower()}@secretariat.example.org",
        order=order,
    )
    entry.coordinations.set(coordinations)
    return entry


@pytest.fixture
def campaigner(coordination):
    return contact(
        "Diego", Role.CAMPAIGNER, area="Amériques", coordinations=[coordination], order=5
    )


@pytest.fixture
def africa_campaigner(other_coordination):
    # First in the directory's order: routing must still prefer the one who follows Mexique.
    return contact("Amina", Role.CAMPAIGNER, area="Afrique", coordinations=[other_coordination])


@pytest.fixture
def press(db):
    return contact("Julie", Role.PRESS)


@pytest.fixture
def individuals_team(db):
    return contact("Hugo", Role.INDIVIDUALS_AT_RISK)


@pytest.fixture
def group_support(db):
    return contact("Sophie", Role.GROUP_SUPPORT)


@pytest.fixture
def directory(campaigner, africa_campaigner, press, individuals_team, group_support):
    return {
        "campaigner": campaigner,
        "africa": africa_campaigner,
        "press": press,
        "individuals": individuals_team,
        "group_support": group_support,
    }


@pytest.fixture
def campaigner_client(campaigner):
    # A client of its own: the tests use it next to the coordinator's.
    client = SecondFactorClient()
    client.force_login(campaigner.user)
    return client

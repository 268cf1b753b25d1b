"""The coordinations part of the cast: a coordinator of one coordination, and of another."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.roles import SECRETARIAT_GROUP
from coordinations.models import Mandate, OnboardingStep, Responsibility
from tests.coordinations.factories import CoordinationFactory, MandateFactory
from tests.factories import UserFactory


@pytest.fixture
def catalogues(db):
    """The rows that data migrations seed: the task and onboarding catalogues, the Secretariat
    group. A test elsewhere with transaction=True flushes the database, and these rows with it:
    put them back when they are missing, so that our tests do not depend on the order of the run.
    """
    seed = importlib.import_module("coordinations.migrations.0002_catalogues")
    if not Responsibility.objects.exists():
        for order, (code, kind, name, name_en, text, text_en) in enumerate(seed.RESPONSIBILITIES):
            Responsibility.objects.create(
                code=code,
                kind=kind,
                name=name,
                name_en=name_en,
                description=text,
                description_en=text_en,
                order=order,
            )
    if not OnboardingStep.objects.exists():
        for order, (code, name, name_en, text, text_en) in enumerate(seed.ONBOARDING_STEPS):
            OnboardingStep.objects.create(
                code=code,
                name=name,
                name_en=name_en,
                description=text,
                description_en=text_en,
                order=order,
            )
    group, created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    if created:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="coordinations"),
            *Permission.objects.filter(
                content_type__app_label="accounts", codename__regex=r"^(view|change)_"
            ),
        )


@pytest.fixture
def coordination(db):
    return CoordinationFactory(name="Mexique", slug="mexique", countries=["MX"])


@pytest.fixture
def other_coordination(db):
    return CoordinationFactory(
        name="Afrique des Grands Lacs",
        slug="grands-lacs",
        kind="region",
        countries=["BI", "CD", "RW"],
    )


@pytest.fixture
def coordinator(coordination):
    user = UserFactory(email="coordinator@example.org", first_name="Karim", postal_code="4000")
    MandateFactory(coordination=coordination, volunteer=user)
    return user


@pytest.fixture
def other_coordinator(other_coordination):
    user = UserFactory(
        email="other.coordinator@example.org", first_name="Nadia", postal_code="6000"
    )
    MandateFactory(coordination=other_coordination, volunteer=user)
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def mandate(coordinator):
    """The coordinator's active lead mandate on "Mexique"."""
    return Mandate.objects.get(volunteer=coordinator)


@pytest.fixture
def other_mandate(other_coordinator):
    """The other coordinator's active lead mandate on the African Great Lakes."""
    return Mandate.objects.get(volunteer=other_coordinator)


@pytest.fixture
def other_coordinator_client(client, other_coordinator):
    client.force_login(other_coordinator)
    return client


@pytest.fixture
def secretariat(staff, catalogues):
    """A staff member of the Secretariat group: the admin permissions of real staff (not a
    superuser)."""
    staff.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    return staff


@pytest.fixture
def secretariat_client(client, secretariat):
    client.force_login(secretariat)
    return client

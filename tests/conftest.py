"""The cast of every test: the same people, the same names, in every app's tests."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import StaffFactory, UserFactory

# Each app adds its people to the cast in its own module (coordinator, group leader...).
pytest_plugins = [
    "tests.cast.coordinations",
    "tests.cast.groups",
    "tests.cast.recruitment",
    "tests.cast.actions",
]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(items):
    """Tests that really commit (transaction=True, the live server) would flush the database
    at their end, and with it the rows that migrations seed (postal codes, catalogues, the
    Secretariat group): make them all restore the database as it was (serialized rollback)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            marker.kwargs["serialized_rollback"] = True
        elif "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


def require_service(available: bool, reason: str) -> None:
    """Skip a test whose service is missing, except in CI where a missing service is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _seeded_rows_present(request, django_db_setup, django_db_blocker):
    """A test that commits flushes the database when it ends (its serialized rollback restores
    the migrations' rows only for the next such test). When an ordinary test runs after it on
    the same worker, put the seeded rows back first, outside the test's transaction."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db or (marker is not None and marker.kwargs.get("transaction")):
        return
    from django.contrib.auth.models import Group
    from django.db import connections

    from coordinations.models import Responsibility
    from groups.models import Place
    from recruitment.models import Competency

    with django_db_blocker.unblock():
        if not all(model.objects.exists() for model in (Group, Responsibility, Place, Competency)):
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _french_by_default():
    # A request in English leaves English active in the thread: every test starts in French.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits live in the cache: every test starts with none used.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def volunteer(db):
    return UserFactory(email="volunteer@example.org", first_name="Lucas")


@pytest.fixture
def other_volunteer(db):
    return UserFactory(email="other@example.org", first_name="Emma")


@pytest.fixture
def staff(db):
    return StaffFactory(email="staff@example.org", first_name="Sophie")


@pytest.fixture
def volunteer_client(client, volunteer):
    client.force_login(volunteer)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client

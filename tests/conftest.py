"""The cast of every test: the same people, the same names, in every app's tests."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import StaffFactory, UserFactory
from tests.mfa import SecondFactorClient, give_second_factor

# Each app adds its people to the cast in its own module (coordinator, group leader...).
pytest_plugins = [
    "tests.cast.coordinations",
    "tests.cast.groups",
    "tests.cast.recruitment",
    "tests.cast.actions",
    # The fixed clock and the awkward moments of the date-sensitive tests.
    "tests.clock",
]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def commits(item) -> bool:
    """Whether a test really commits (transaction=True or the live server)."""
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server"} & fixtures
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that really commit flush the database at their end, and with it the rows that
    migrations seed (postal codes, catalogues, the Secretariat group). Make each of them
    restore the database as it was when it starts (serialized rollback), and run them all
    last: pytest-django orders them so, but pytest then regroups tests by session-scoped
    parameters (the browser), which would put ordinary tests after a flush."""
    for item in items:
        if not commits(item):
            continue
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            marker.kwargs["serialized_rollback"] = True
        else:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
    items.sort(key=commits)


def require_service(available: bool, reason: str) -> None:
    """Skip a test whose service is missing, except in CI where a missing service is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure, not a skip)")
    pytest.skip(reason)


def require_postgresql(reason: str) -> None:
    """Skip a test that needs PostgreSQL on SQLite (CI's first round); the second round runs the
    suite on PostgreSQL (DATABASE_URL), where such a test must never skip."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        pytest.fail(
            f"{reason}: DATABASE_URL is PostgreSQL but the tests run on {connection.vendor}"
        )
    pytest.skip(f"{reason} (CI's second round runs it on PostgreSQL)")


@pytest.fixture(scope="session")
def _seeded_contents(django_db_setup, django_db_blocker):
    """The database as migrations left it, serialized once per test process (Django keeps its
    copy on a connection object that the browser tests' greenlet does not share)."""
    from django.db import connections

    with django_db_blocker.unblock():
        return {
            connection.alias: getattr(connection, "_test_serialized_contents", None)
            for connection in connections.all()
        }


@pytest.fixture(autouse=True)
def _seeded_rows_present(request, django_db_blocker, _seeded_contents):
    """Safety net behind the ordering above: should a test run after one that flushed the
    database, put the migrations' rows back as Django does (flush, then load). Committing tests
    need it too: their serialized rollback reads Django's copy from the connection object of
    the thread that runs them, which the browser tests' thread does not have, so the second
    browser journey of a process would otherwise find no postal codes at all."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    )
    if not uses_db:
        return
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connections

    from coordinations.models import Responsibility
    from groups.models import Place
    from recruitment.models import Competency

    seeded = (Group, Responsibility, Place, Competency)
    with django_db_blocker.unblock():
        if all(model.objects.exists() for model in seeded):
            return
        for alias, contents in _seeded_contents.items():
            if contents:
                call_command(
                    "flush",
                    database=alias,
                    interactive=False,
                    inhibit_post_migrate=True,
                    verbosity=0,
                )
                connections[alias].creation.deserialize_db_from_string(contents)
        assert all(model.objects.exists() for model in seeded), "seeded rows not restored"


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
def client():
    """pytest-django's client, whose ``force_login`` also records that the person passed their
    second factor, when they have one (tests/mfa.py): staff in tests have an authenticator app
    (tests/factories.py), and the portal opens nothing to staff whose session did not pass it."""
    return SecondFactorClient()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's superuser client, the superuser with an authenticator app like all staff."""
    give_second_factor(admin_user)
    client = SecondFactorClient()
    client.force_login(admin_user)
    return client


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

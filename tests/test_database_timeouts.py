"""Bounded waits: PostgreSQL connections give up connecting, a statement and a lock wait after a
few seconds, and the visitor gets a clear "try again" page (503), never a server error or a
worker killed by gunicorn."""

import threading
from unittest import mock

import psycopg.errors
import pytest
from django.db import OperationalError, connection, connections, transaction
from django.urls import reverse

from coordinations.models import Coordination, Mandate
from recruitment.models import Application
from tests import conftest
from tests.test_settings import run

SETTINGS_OF = (
    "import sys; sys.argv = {argv!r}; import config.settings as s; "
    "print(s.DATABASES['default']['OPTIONS'])"
)
POSTGRES = "postgres://portal@db.example.org:5432/portal"


def options_of(argv: list[str], **env) -> dict:
    result = run(SETTINGS_OF.format(argv=argv), DATABASE_URL=POSTGRES, **env)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout)  # a dict printed by the settings themselves


def test_web_requests_have_short_statement_and_lock_timeouts():
    options = options_of(["gunicorn"])
    assert options["connect_timeout"] == 5
    assert options["options"] == "-c statement_timeout=15000 -c lock_timeout=5000 -c jit=off"


def test_the_timeouts_come_from_the_environment():
    options = options_of(["gunicorn"], DB_STATEMENT_TIMEOUT_MS="8000", DB_LOCK_TIMEOUT_MS="2000")
    assert options["options"] == "-c statement_timeout=8000 -c lock_timeout=2000 -c jit=off"


def test_just_in_time_compilation_is_off_unless_asked_for():
    assert options_of(["gunicorn"], DB_JIT="true")["options"].endswith(" -c jit=on")
    assert options_of(["gunicorn"], DB_JIT="false")["options"].endswith(" -c jit=off")


@pytest.mark.parametrize(
    "argv",
    [["manage.py", "migrate"], ["manage.py", "backup"], ["/usr/local/bin/celery", "-A", "config"]],
    ids=["migrate", "backup", "celery"],
)
def test_commands_and_the_worker_have_their_own_bounds(argv):
    # A migration or a backup may run longer than any page: no statement limit, a lock limit.
    assert options_of(argv)["options"] == (
        "-c statement_timeout=0 -c lock_timeout=60000 -c jit=off"
    )
    assert options_of(argv, DB_COMMAND_STATEMENT_TIMEOUT_MS="600000")["options"] == (
        "-c statement_timeout=600000 -c lock_timeout=60000 -c jit=off"
    )


def test_runserver_is_a_web_server():
    assert "statement_timeout=15000" in options_of(["manage.py", "runserver"])["options"]


def test_sqlite_has_no_postgresql_options():
    result = run(
        SETTINGS_OF.format(argv=["gunicorn"]).replace("['OPTIONS']", ".get('OPTIONS')"),
        DATABASE_URL="sqlite:///tmp.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert "statement_timeout" not in result.stdout


# The page ----------------------------------------------------------------------------------


def timed_out(sqlstate_error: type[Exception]) -> OperationalError:
    """Django's error for a statement PostgreSQL cancelled, as the database layer raises it."""
    error = OperationalError("canceling statement due to statement timeout")
    error.__cause__ = sqlstate_error("canceling statement due to statement timeout")
    return error


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cause",
    [psycopg.errors.QueryCanceled, psycopg.errors.LockNotAvailable],
    ids=["statement_timeout", "lock_timeout"],
)
def test_a_timeout_is_a_clear_page_in_the_visitor_s_language(client, cause, caplog):
    with mock.patch("config.views.coordinations_to_fill", side_effect=timed_out(cause)):
        response = client.get("/en/")
    assert response.status_code == 503
    assert response["Retry-After"] == "15"
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Please try again in a moment" in page
    assert "check whether it was saved" in page
    assert any(getattr(r, "event", "") == "database_busy" for r in caplog.records)


@pytest.mark.django_db
def test_sqlite_s_locked_database_is_the_same_page(client):
    locked = OperationalError("database is locked")
    with mock.patch("config.views.coordinations_to_fill", side_effect=locked):
        assert client.get("/fr/").status_code == 503


@pytest.mark.django_db
def test_other_database_errors_are_not_hidden(client):
    client.raise_request_exception = True
    broken = OperationalError("no such column: coordinations_coordination.nothing")
    with (
        mock.patch("config.views.coordinations_to_fill", side_effect=broken),
        pytest.raises(OperationalError),
    ):
        client.get("/fr/")


# On PostgreSQL, for real -------------------------------------------------------------------


def require_postgresql():
    conftest.require_postgresql("statement and lock timeouts are PostgreSQL's")


@pytest.mark.services
@pytest.mark.django_db
def test_the_connection_runs_with_the_bounds():
    require_postgresql()
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("15s",)
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone() == ("5s",)
        cursor.execute("SHOW jit")  # no compilation of a large count (bench/RESULTS.md)
        assert cursor.fetchone() == ("off",)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_lock_held_too_long_gives_the_page_and_saves_nothing(
    clock, staff_client, application, coordination
):
    """Somebody holds Mexique (a long transaction elsewhere): accepting a candidate for it waits
    for the lock, gives up after lock_timeout, and staff see the "try again" page."""
    require_postgresql()
    Application.objects.filter(pk=application.pk).update(status=Application.Status.INTERVIEW)
    holding, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                Coordination.objects.select_for_update().get(pk=coordination.pk)
                holding.set()
                release.wait(20)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")  # 5 s in production
        response = staff_client.post(
            reverse("recruitment:pipeline_accept", args=[application.pk]).replace("/fr/", "/en/"),
            {"start_date": "2026-12-01", "notify": ""},
        )
    finally:
        release.set()
        holder.join(20)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert response.status_code == 503
    assert "Please try again in a moment" in response.content.decode()
    assert not Mandate.objects.exists()
    application.refresh_from_db()
    assert application.status == Application.Status.INTERVIEW

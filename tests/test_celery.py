"""Celery: JSON only, acks late, time limits; and, with Redis, a real worker does the work."""

import datetime
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import Reminder
from accounts.tasks import run_daily_sweeps, send_email
from config.celery import app
from tests.conftest import IN_CI, require_service
from tests.coordinations.factories import MandateFactory
from tests.factories import UserFactory


def test_celery_is_configured_for_reliability():
    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] == 3600
    assert conf.timezone == "Europe/Brussels"
    assert conf.task_routes["accounts.tasks.deliver_reminder"] == {"queue": "mail"}


def test_tasks_are_discovered_from_the_apps():
    app.loader.import_default_modules()
    assert {"accounts.tasks.send_email", "accounts.tasks.deliver_reminder"} <= set(app.tasks)


def test_eager_mode_delivers_mail_in_process(mailoutbox):
    send_email.delay(subject="Bonjour", body="Texte", to=["a@example.org"], html="<p>Texte</p>")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].alternatives[0][1] == "text/html"


def redis_url() -> str:
    # CI runs Redis on this machine in both rounds; elsewhere REDIS_URL says where it is.
    return os.environ.get("REDIS_URL") or ("redis://127.0.0.1:6379/15" if IN_CI else "")


def redis_reachable(url: str) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2):
            return True
    except OSError:
        return False


def database_url() -> str:
    """The address of the test database, for a worker in another process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    """A real Celery worker on Redis, with a file e-mail backend; yields (queue, outbox)."""
    url = redis_url()
    require_service(redis_reachable(url), "Redis is not reachable (set REDIS_URL)")
    outbox = tmp_path / "mail"
    queue = f"test-{os.getpid()}-{time.time_ns()}"
    env = {
        **os.environ,
        "REDIS_URL": url,
        "DATABASE_URL": database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # Its own mail queue: workers of tests running in parallel never take each other's mail.
        "CELERY_MAIL_QUEUE": f"{queue}-mail",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            f"{queue},{queue}-mail",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    try:
        yield queue, outbox, process
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        process.terminate()
        process.wait(timeout=30)


def _complete(path: Path) -> bool:
    # The file backend writes each message followed by a line of dashes: until then the worker
    # may still be writing it.
    return path.read_text().rstrip().endswith("-" * 79)


def wait_for_files(outbox: Path, count: int, process, seconds: int = 60) -> list[Path]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        files = sorted(outbox.iterdir()) if outbox.exists() else []
        if len(files) >= count and all(_complete(path) for path in files):
            return files
        if process.poll() is not None:
            pytest.fail(f"the worker stopped: {process.stdout.read()}")
        time.sleep(0.25)
    files = sorted(outbox.iterdir()) if outbox.exists() else []
    process.terminate()
    pytest.fail(
        f"{len(files)} of {count} messages within {seconds} s; worker log:\n"
        f"{process.communicate()[0][-3000:]}"
    )


@pytest.mark.services
def test_a_real_worker_on_redis_delivers_the_message(worker):
    queue, outbox, process = worker
    with app.connection_for_write(app.conf.broker_url) as broker:
        send_email.apply_async(
            kwargs={"subject": "Par le courtier", "body": "Bonjour", "to": ["b@example.org"]},
            queue=queue,
            connection=broker,
        )
    files = wait_for_files(outbox, 1, process)
    assert len(files) == 1, "the worker delivered nothing within 60 s"
    content = files[0].read_text()
    assert "Subject: Par le courtier" in content and "b@example.org" in content


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_reminder_sweep_runs_through_the_broker(worker):
    queue, outbox, process = worker
    today = datetime.date(2026, 11, 23)
    coordinator = UserFactory(first_name="Inès", email="ines@example.org")
    MandateFactory(volunteer=coordinator, start_date=datetime.date(2024, 12, 23))  # ends in 30 days
    with app.connection_for_write(app.conf.broker_url) as broker:
        run_daily_sweeps.apply_async(args=[today.isoformat()], queue=queue, connection=broker)
    files = wait_for_files(outbox, 1, process)
    assert len(files) == 1, "no reminder delivered within 60 s"
    content = files[0].read_text()
    assert "ines@example.org" in content and "30" in content
    deadline = time.monotonic() + 10
    while Reminder.objects.get().status != "sent" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert Reminder.objects.get().status == "sent"

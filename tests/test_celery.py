"""Celery: JSON only, acks late, time limits; and, with Redis, a real worker does the work."""

import datetime
import os
import time
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import app
from messaging.models import OutgoingMessage
from messaging.services import message_queue
from messaging.tasks import run_daily_sweeps
from tests.conftest import require_service
from tests.coordinations.factories import MandateFactory
from tests.factories import UserFactory
from tests.workers import redis_reachable, redis_url, start_worker, stop


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
    assert conf.task_routes["messaging.tasks.deliver_message"] == {"queue": "mail"}


def test_a_live_worker_has_always_given_up_before_its_lease_runs_out():
    # Otherwise a slow send and a relay after the lease would both send the same message.
    from messaging.tasks import deliver_message

    assert deliver_message.time_limit < settings.MESSAGE_LEASE_SECONDS
    assert deliver_message.soft_time_limit < deliver_message.time_limit


def test_tasks_are_discovered_from_the_apps():
    app.loader.import_default_modules()
    assert {
        "messaging.tasks.deliver_message",
        "messaging.tasks.relay_messages",
        "messaging.tasks.run_daily_sweeps",
        # Former names, still served for the tasks queued before an upgrade.
        "accounts.tasks.send_email",
        "accounts.tasks.deliver_reminder",
    } <= set(app.tasks)


@pytest.mark.django_db
def test_eager_mode_delivers_mail_in_process(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message_queue(
            to="a@example.org", subject="Bonjour", text="Texte", html="<p>Texte</p>", kind="test"
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].alternatives[0][1] == "text/html"
    assert OutgoingMessage.objects.get().status == "sent"


@pytest.mark.django_db
def test_a_task_queued_under_its_former_name_is_not_lost(
    mailoutbox, django_capture_on_commit_callbacks
):
    # A message that waited in the broker while the portal was upgraded to the outbox.
    with django_capture_on_commit_callbacks(execute=True):
        app.tasks["accounts.tasks.send_email"].delay(
            subject="Ancien", body="Texte", to=["a@example.org"], attachments=[]
        )
    assert [m.subject for m in mailoutbox] == ["Ancien"]


@pytest.fixture
def worker(tmp_path, settings):
    """A real Celery worker on Redis, with a file e-mail backend; yields (queue, outbox)."""
    url = redis_url()
    require_service(redis_reachable(url), "Redis is not reachable (set REDIS_URL)")
    outbox = tmp_path / "mail"
    queue = f"test-{os.getpid()}-{time.time_ns()}"
    # Its own mail queue: workers of tests running in parallel never take each other's mail;
    # this process publishes there too.
    settings.CELERY_MAIL_QUEUE = f"{queue}-mail"
    process = start_worker(
        broker=url,
        queues=[queue, f"{queue}-mail"],
        env={
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(outbox),
            "CELERY_MAIL_QUEUE": f"{queue}-mail",
        },
    )
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    try:
        yield queue, outbox, process
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        stop(process)


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
    pytest.fail(
        f"{len(files)} of {count} messages within {seconds} s; worker log:\n{stop(process)[-3000:]}"
    )


def wait_for_status(status: str, seconds: int = 10) -> None:
    deadline = time.monotonic() + seconds
    while set(OutgoingMessage.objects.values_list("status", flat=True)) != {status}:
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {status}


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_on_redis_delivers_the_message(worker):
    queue, outbox, process = worker
    # Outside a transaction: recorded at once, then handed to the worker through the broker.
    message_queue(to="b@example.org", subject="Par le courtier", text="Bonjour", kind="test")
    files = wait_for_files(outbox, 1, process)
    assert len(files) == 1, "the worker delivered nothing within 60 s"
    content = files[0].read_text()
    assert "Subject: Par le courtier" in content and "b@example.org" in content
    assert f"Message-ID: {OutgoingMessage.objects.get().message_id}" in content
    wait_for_status("sent")


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
    wait_for_status("sent")

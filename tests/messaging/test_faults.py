"""Faults injected into the real services: a broker that goes away, a morning without the beat,
a mail server that refuses for a long time, a worker killed while sending. In each, a local SMTP
server counts what arrives: every message expected arrives, once.

These start their own Redis on a free port (never the machine's), their own mail server and real
Celery workers (tests/messaging/faults.py). Celery beat is played by the test: it publishes the
relay task through the broker, as beat does every minute, here every second.
"""

import contextlib
import datetime
import importlib.util
import shutil
import time
from types import SimpleNamespace

import pytest
from django.conf import settings

from messaging.models import OutgoingMessage
from messaging.services import message_queue
from messaging.tasks import relay_messages, run_daily_sweeps
from tests.conftest import require_service
from tests.coordinations.factories import MandateFactory
from tests.factories import UserFactory
from tests.messaging.faults import SmtpSink, publishing_to, worker
from tests.redis_server import OwnRedis
from tests.workers import stop, wait_until

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
WAIT = 90  # seconds: a worker reconnecting to a broker that came back waits up to ~10 s


@pytest.fixture
def services():
    require_service(shutil.which("redis-server") is not None, "redis-server is not installed")
    require_service(importlib.util.find_spec("aiosmtpd") is not None, "aiosmtpd is not installed")
    redis, sink = OwnRedis(), SmtpSink()
    redis.start()
    sink.start()
    workers = []

    def start_worker(**overrides):
        process = worker(redis, sink, **overrides)
        workers.append(process)
        return process

    try:
        with publishing_to(redis.url()):
            yield SimpleNamespace(redis=redis, sink=sink.handler, start_worker=start_worker)
    finally:
        for process in workers:
            stop(process)
        sink.stop()
        redis.stop()


class Beat:
    """Publishes the relay task at most once a second, as Celery beat does every minute; a
    publish while the broker is down fails and is logged, as beat's would."""

    def __init__(self):
        self.last = 0.0

    def tick(self) -> None:
        if time.monotonic() - self.last < 1:
            return
        self.last = time.monotonic()
        # While the broker is down the publish fails; the next tick tries again.
        with contextlib.suppress(Exception):
            relay_messages.apply_async(queue="celery", retry=False)


def delivered(sink, count: int, beat: Beat | None = None):
    def check() -> bool:
        if beat:
            beat.tick()
        return len(sink.accepted) >= count

    return check


def statuses() -> dict[int, tuple[str, int]]:
    return {
        pk: (status, attempts)
        for pk, status, attempts in OutgoingMessage.objects.values_list("pk", "status", "attempts")
    }


def queue(subject: str) -> OutgoingMessage:
    # Outside a transaction: committed at once, and handed to the broker at once (or not).
    return message_queue(to="ines@example.org", subject=subject, text="Bonjour", kind="test")


def test_a_message_committed_while_the_broker_is_down_is_delivered_once_it_is_back(services):
    process = services.start_worker()
    beat = Beat()
    services.redis.stop()
    message = queue("Pendant la panne")
    message.refresh_from_db()
    assert (message.status, message.queued_at) == ("pending", None)  # saved; publish failed
    time.sleep(1)
    beat.tick()  # beat's own tick fails too while the broker is down
    services.redis.start()
    wait_until(
        delivered(services.sink, 1, beat), seconds=WAIT, what="delivery", processes=[process]
    )
    wait_until(lambda: statuses()[message.pk][0] == "sent", seconds=10, what="sent")
    time.sleep(2)  # more relays: nothing more arrives
    beat.tick()
    assert services.sink.message_ids == [message.message_id]
    assert services.sink.duplicates() == 0


def test_a_morning_without_the_beat_is_caught_up_by_the_next_run(services):
    day = datetime.date(2026, 11, 23)
    first = UserFactory(email="ines@example.org", preferred_language="en")
    second = UserFactory(email="karim@example.org", preferred_language="en")
    # The 30-day milestone of the first falls on ``day``, of the second the day after.
    MandateFactory(volunteer=first, start_date=datetime.date(2024, 12, 23))
    MandateFactory(volunteer=second, start_date=datetime.date(2024, 12, 24))
    process = services.start_worker()
    # No run on ``day`` (Redis was down at 7:00); the next morning's run, then the one after.
    for late in (1, 2):
        run_daily_sweeps.apply_async(
            args=[(day + datetime.timedelta(days=late)).isoformat()], queue="celery"
        )
    wait_until(delivered(services.sink, 2), seconds=WAIT, what="delivery", processes=[process])
    time.sleep(2)
    by_address = {tuple(m["to"]): m["subject"] for m in services.sink.accepted}
    assert len(services.sink.accepted) == 2 and services.sink.duplicates() == 0
    assert by_address[("ines@example.org",)].endswith("ends in 29 days")  # a day late
    assert by_address[("karim@example.org",)].endswith("ends in 30 days")
    assert {status for status, _attempts in statuses().values()} == {"sent"}


def test_a_mail_server_refusing_for_longer_than_the_old_retry_window_delivers_once(services):
    # The old mail task gave up after 5 attempts (about 3 minutes); the outbox retries for
    # MESSAGE_RETRY_HOURS. The worker's back-off is 1 s here, so 7 refusals take seconds.
    services.sink.refuse = 7
    process = services.start_worker()
    beat = Beat()
    message = queue("Après la panne du serveur")
    wait_until(
        delivered(services.sink, 1, beat), seconds=WAIT, what="delivery", processes=[process]
    )
    wait_until(lambda: statuses()[message.pk][0] == "sent", seconds=10, what="sent")
    assert statuses()[message.pk] == ("sent", 8)
    assert services.sink.attempts == 8
    assert services.sink.message_ids == [message.message_id]
    assert services.sink.duplicates() == 0


def test_a_worker_killed_while_sending_is_replaced_and_the_message_delivered_once(services):
    services.sink.stall_next = True
    first = services.start_worker()
    beat = Beat()
    message = queue("Malgré le processus tué")
    assert services.sink.stalled.wait(WAIT), "the worker never reached the mail server"
    first.kill()  # SIGKILL, mid-send: no chance to record anything
    first.wait(timeout=30)
    assert statuses()[message.pk] == ("sending", 1)
    started = time.monotonic()
    second = services.start_worker()
    wait_until(
        delivered(services.sink, 1, beat), seconds=WAIT, what="redelivery", processes=[second]
    )
    # Not before the lease (6 s here) ran out: a live worker is never raced.
    assert time.monotonic() - started >= 3
    wait_until(lambda: statuses()[message.pk][0] == "sent", seconds=10, what="sent")
    assert statuses()[message.pk] == ("sent", 2)
    assert services.sink.message_ids == [message.message_id]
    assert services.sink.duplicates() == 0


def test_an_application_made_while_the_broker_is_down_is_saved_and_confirmed_after(
    services, volunteer_client, volunteer, vacancy
):
    from recruitment.models import Application
    from tests.recruitment.test_apply import answers, apply_url

    process = services.start_worker()
    beat = Beat()
    services.redis.stop()
    response = volunteer_client.post(apply_url(vacancy), answers(vacancy))
    assert response.status_code == 302  # not a 500: the publish failed, the request went on
    application = Application.objects.get()
    assert response.url == application.get_absolute_url()
    services.redis.start()
    wait_until(
        delivered(services.sink, 2, beat), seconds=WAIT, what="delivery", processes=[process]
    )
    time.sleep(2)
    beat.tick()
    staff = vacancy.contact_person.email if vacancy.contact_person else settings.SECRETARIAT_EMAIL
    recipients = sorted(address for m in services.sink.accepted for address in m["to"])
    assert recipients == sorted([volunteer.email, staff])
    assert services.sink.duplicates() == 0

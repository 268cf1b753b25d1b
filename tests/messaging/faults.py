"""What the fault tests run for real: a Redis of their own (tests/redis_server.py: started and
stopped at will, on a free port, the machine's Redis never touched), a mail server that counts what it accepts and
can refuse or stall on demand (aiosmtpd), and real Celery workers on that Redis."""

import asyncio
import contextlib
import email
import threading
from dataclasses import dataclass, field

from config.celery import app
from tests.redis_server import OwnRedis
from tests.workers import free_port, start_worker


@dataclass
class SinkHandler:
    """An SMTP server's DATA handler that counts the messages it accepts (by Message-ID), and
    can answer 421 to the next ``refuse`` messages or stall the next one until released."""

    accepted: list[dict] = field(default_factory=list)
    attempts: int = 0
    refuse: int = 0
    stall_next: bool = False
    stalled: threading.Event = field(default_factory=threading.Event)
    released: bool = False

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.refuse > 0:
            self.refuse -= 1
            return "421 4.3.2 Service not available, try again later"
        if self.stall_next:
            # The message has arrived but the server has not answered: a worker killed now has
            # sent nothing (the server never said 250).
            self.stall_next = False
            self.stalled.set()
            while not self.released:
                await asyncio.sleep(0.1)
            return "451 4.3.0 Gave up waiting"
        message = email.message_from_bytes(envelope.content)
        self.accepted.append(
            {
                "message_id": message["Message-ID"],
                "to": list(envelope.rcpt_tos),
                "subject": str(message["Subject"]),
                "body": envelope.content.decode(errors="replace"),
            }
        )
        return "250 2.0.0 Accepted"

    @property
    def message_ids(self) -> list[str]:
        return [m["message_id"] for m in self.accepted]

    def duplicates(self) -> int:
        return len(self.message_ids) - len(set(self.message_ids))


class SmtpSink:
    def __init__(self):
        from aiosmtpd.controller import Controller

        self.handler = SinkHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.handler.released = True
        with contextlib.suppress(Exception):
            self.controller.stop()


def worker_env(redis: OwnRedis, sink: SmtpSink, **overrides) -> dict:
    """The worker's environment: the private broker, the sink as mail server, a short retry
    schedule and lease (the test cannot wait hours), no shared cache."""
    return {
        "REDIS_CACHE_URL": "",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "10",
        "CELERY_MAIL_QUEUE": "mail",
        "MESSAGE_RETRY_FIRST_SECONDS": "1",
        "MESSAGE_RETRY_MAX_SECONDS": "1",
        "MESSAGE_RETRY_HOURS": "24",
        "MESSAGE_LEASE_SECONDS": "6",
        **{key: str(value) for key, value in overrides.items()},
    }


def worker(redis: OwnRedis, sink: SmtpSink, **overrides):
    return start_worker(
        broker=redis.url(), queues=["celery", "mail"], env=worker_env(redis, sink, **overrides)
    )


@contextlib.contextmanager
def publishing_to(url: str):
    """This process publishes to the broker at ``url`` (not eagerly), as the web does."""
    previous = (app.conf.task_always_eager, app.conf.broker_url)

    def fresh_pools():
        # Connections made for another broker (or for one that was stopped) are not reused.
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.task_always_eager = False
    app.conf.broker_url = url
    fresh_pools()
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        fresh_pools()

"""The portal without Redis: pages are computed without the cache, people log in, an application
is saved and its confirmation waits in the outbox until Redis is back, then is sent once.

These tests start a Redis server of their own (tests/redis_server.py) and stop THAT one; the
machine's Redis is never touched. The cache is the portal's real one (config.cache) pointed at it.
"""

import logging
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from config.cache import forget_failures
from config.celery import app
from messaging.models import OutgoingMessage
from messaging.services import messages_relay
from recruitment.models import Application
from tests.factories import PASSWORD
from tests.redis_server import OwnRedis
from tests.workers import start_worker, stop, wait_until

PUBLIC_PAGES = ["/fr/", "/fr/coordinations/", "/fr/vacancies/", "/fr/groups/?q=5000", "/en/"]


@pytest.fixture(scope="module")
def own_redis():
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(own_redis, settings):
    """The portal's cache on our own Redis (running when the test starts)."""
    own_redis.start()
    own_redis.client().flushall()
    forget_failures()  # a failure seen by the previous test does not count against this one
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": own_redis.url(0),
            "KEY_PREFIX": "portal",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.5},
            # Tried again soon after a failure, so that the recovery shows within the test.
            "RETRY_AFTER": 0.2,
        }
    }
    # Sessions as in production with Redis: read from the cache, kept in the database.
    settings.SESSION_ENGINE = "config.sessions"
    yield own_redis
    own_redis.start()


def cache_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "portal.cache" and r.levelname == "WARNING"]


@pytest.mark.services
@pytest.mark.django_db
def test_public_pages_are_served_without_redis(client, redis_cache, coordination, vacancy, caplog):
    for page in PUBLIC_PAGES:
        assert client.get(page).status_code == 200, page
    assert redis_cache.client().dbsize() > 0  # the pages went through Redis while it ran

    redis_cache.stop()
    caplog.set_level(logging.WARNING, logger="portal.cache")
    started = time.monotonic()
    for _round in range(3):
        for page in PUBLIC_PAGES:
            response = client.get(page)
            assert response.status_code == 200, page
    assert "Mexique" in client.get("/fr/coordinations/").content.decode()
    assert time.monotonic() - started < 15  # no page waits for Redis' timeouts
    # One line about it, not one per request.
    assert len(cache_warnings(caplog)) == 1
    assert cache_warnings(caplog)[0].calls_without_cache >= 1


@pytest.mark.services
@pytest.mark.django_db
def test_log_in_and_the_dashboard_work_without_redis(client, staff_client, redis_cache, volunteer):
    redis_cache.stop()
    response = client.post(
        reverse("account_login"), {"login": volunteer.email, "password": PASSWORD}
    )
    assert response.status_code == 302  # allauth's rate limits fail open, nobody is locked out
    assert client.get(reverse("accounts:me")).status_code == 200
    assert staff_client.get(reverse("dashboard:index")).status_code == 200


@pytest.mark.services
@pytest.mark.django_db
def test_sessions_outlive_a_redis_restart(client, redis_cache, volunteer):
    client.post(reverse("account_login"), {"login": volunteer.email, "password": PASSWORD})
    redis_cache.stop()
    redis_cache.start()  # an empty Redis, as after a restart without persistence
    assert client.get(reverse("accounts:me")).status_code == 200


@pytest.mark.services
@pytest.mark.django_db
def test_a_session_is_read_from_redis_and_ends_everywhere_at_log_out(
    client, redis_cache, volunteer, settings
):
    from django.test import Client

    client.post(reverse("account_login"), {"login": volunteer.email, "password": PASSWORD})
    client.get(reverse("accounts:me"))
    # Kept in Redis for at most SESSION_CACHE_SECONDS, however long the session lasts.
    (key,) = redis_cache.client().keys("*portal.session:*")
    assert 0 < redis_cache.client().ttl(key) <= settings.SESSION_CACHE_SECONDS
    # A logged-in page reads its session from Redis: the database gives only the person.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:me")).status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]

    # The same cookie in another browser, then a log-out in the first: both are out.
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert other.get(reverse("accounts:me")).status_code == 200
    client.post(reverse("account_logout"))
    assert redis_cache.client().keys("*portal.session:*") == []
    assert other.get(reverse("accounts:me")).status_code == 302


@pytest.mark.services
@pytest.mark.django_db
def test_the_cache_is_used_again_once_redis_is_back(client, redis_cache):
    redis_cache.stop()
    assert client.get("/fr/").status_code == 200
    redis_cache.start()
    time.sleep(0.3)  # RETRY_AFTER
    cache.set("back", "yes")
    assert cache.get("back") == "yes"


@pytest.mark.services
@pytest.mark.django_db
def test_healthz_says_the_cache_is_down_and_answers_200(client, redis_cache, settings):
    settings.REDIS_URL = redis_cache.url(1)
    assert client.get("/healthz").json()["status"] == "ok"
    redis_cache.stop()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "unreachable", "broker": "unreachable"},
    }


@pytest.fixture
def broker_on_own_redis(redis_cache, settings):
    """Celery publishing to our own Redis (db 1) as in production, not in eager mode."""
    settings.CELERY_MAIL_QUEUE = f"resilience-{redis_cache.port}-mail"
    previous = (app.conf.task_always_eager, app.conf.broker_url)

    def forget_connections():
        # Celery keeps its broker connections (and their address) once made: drop them, so that
        # this test publishes to its own Redis and the next tests to theirs.
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.task_always_eager = False
    app.conf.broker_url = redis_cache.url(1)
    forget_connections()
    try:
        yield redis_cache.url(1)
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        forget_connections()


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_application_sent_while_redis_is_down_is_saved_and_confirmed_once_it_is_back(
    volunteer_client, volunteer, vacancy, redis_cache, broker_on_own_redis, settings, tmp_path
):
    redis_cache.stop()
    response = volunteer_client.post(
        reverse("recruitment:vacancy_apply", args=[vacancy.slug]),
        APPLICATION,
    )
    # The applicant sees the confirmation page, not an error; everything is saved.
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get(applicant=volunteer)
    assert volunteer_client.get(response.url).status_code == 200
    # Its messages (to the applicant, to the secretariat) wait in the outbox, not handed over.
    waiting = OutgoingMessage.objects.filter(
        concerns_type="recruitment.application", concerns_id=application.pk
    )
    assert waiting.count() == 2
    assert set(waiting.values_list("status", "queued_at")) == {("pending", None)}

    # Redis is back: the relay (Celery beat, every minute) hands them over; a worker sends them.
    redis_cache.start()
    assert messages_relay() == 2
    outbox = tmp_path / "mail"
    worker = start_worker(
        broker=broker_on_own_redis,
        queues=[settings.CELERY_MAIL_QUEUE],
        env={
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(outbox),
            "CELERY_MAIL_QUEUE": settings.CELERY_MAIL_QUEUE,
        },
    )
    try:
        wait_until(
            lambda: set(waiting.values_list("status", flat=True)) == {"sent"},
            seconds=60,
            what="the confirmation sent",
            processes=[worker],
        )
        messages_relay()  # a second relay hands nothing over again
    finally:
        stop(worker)
    sent = [path.read_text() for path in sorted(outbox.iterdir())]
    assert len(sent) == 2  # expected = received, no duplicate
    assert sum(f"To: {volunteer.email}" in text for text in sent) == 1


APPLICATION = {
    "motivation": (
        "Je suis l’actualité mexicaine depuis des années et je voudrais mettre ce que je sais "
        "au service des groupes locaux."
    ),
    "consent": "on",
    "hours_per_week": "6",
    "commitment_confirmed": "on",
}


@pytest.mark.services
@pytest.mark.django_db
def test_the_form_limits_fail_open_with_a_line_in_the_log(
    volunteer_client, volunteer, vacancy, redis_cache, caplog
):
    url = reverse("recruitment:vacancy_apply", args=[vacancy.slug])
    with override_settings(
        PORTAL_RATE_LIMITS={**settings.PORTAL_RATE_LIMITS, "application": (0, 3600)}
    ):
        # With Redis, a limit of none is a refusal...
        assert volunteer_client.post(url, APPLICATION).status_code == 429
        assert not Application.objects.exists()
        # ...without it the application is taken, and a line says the limits are not counted.
        redis_cache.stop()
        caplog.set_level(logging.WARNING)
        assert volunteer_client.post(url, APPLICATION).status_code == 302
    assert Application.objects.filter(applicant=volunteer).exists()
    assert any(getattr(r, "event", "") == "rate_limit_fail_open" for r in caplog.records)


@pytest.mark.services
@pytest.mark.django_db
def test_a_message_to_a_group_is_taken_and_recorded_while_redis_is_down(
    client, redis_cache, group, leader, django_capture_on_commit_callbacks
):
    redis_cache.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("groups:contact", args=[group.slug]),
            {
                "name": "Jeanne",
                "email": "jeanne.visiteuse@example.net",
                "message": "Bonjour, je voudrais venir à votre prochaine réunion.",
            },
        )
    assert response.status_code == 302
    # Eager mode here (the test process is the worker): the message is a row, sent at once.
    assert OutgoingMessage.objects.filter(to_email=leader.email).exists()

"""The cache can be lost: while Redis cannot be reached, each call answers as an empty cache
would, within short timeouts, and the failure is logged once a minute, not once per call."""

import logging
import socket
import time
from unittest import mock

import pytest

from config import cache as resilient
from config.cache import ResilientRedisCache
from tests.test_settings import run
from tests.workers import free_port


@pytest.fixture(autouse=True)
def _no_failure_remembered():
    resilient.forget_failures()
    yield
    resilient.forget_failures()


def unreachable(**params) -> ResilientRedisCache:
    """The portal's cache pointed at a port where nothing listens."""
    return ResilientRedisCache(
        f"redis://127.0.0.1:{free_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}, **params},
    )


def warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "portal.cache"]


def test_every_call_answers_as_an_empty_cache():
    cache = unreachable(RETRY_AFTER=0)
    assert cache.get("key") is None
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("key") is False
    assert cache.get_or_set("key", 42) == 42
    # "As if the key were new": allauth's lock is taken, a counter starts (fail open).
    assert cache.add("key", 1) is True
    assert cache.incr("key") == 1
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    cache.set("key", 1)
    cache.delete("key")
    cache.touch("key")
    cache.delete_many(["a"])
    cache.clear()


def test_the_failure_is_logged_once_a_minute(caplog):
    caplog.set_level(logging.WARNING, logger="portal.cache")
    cache = unreachable(RETRY_AFTER=0)
    for _ in range(20):
        cache.get("key")
    assert len(warnings(caplog)) == 1
    later = time.monotonic() + 61
    with mock.patch.object(resilient.time, "monotonic", return_value=later):
        cache.get("key")
    assert len(warnings(caplog)) == 2
    assert warnings(caplog)[1].calls_without_cache == 20  # the 19 unlogged ones and this one
    assert warnings(caplog)[1].event == "cache_unreachable"


def test_after_a_failure_redis_is_left_alone_for_a_few_seconds():
    cache = unreachable(RETRY_AFTER=30)
    with mock.patch.object(cache._cache, "get_client", wraps=cache._cache.get_client) as client:
        cache.get("key")
        for _ in range(10):
            cache.get("key")
            cache.set("key", 1)
    assert client.call_count == 1  # the other calls did not wait for a timeout
    assert cache.is_down()


def test_a_redis_that_never_answers_costs_the_socket_timeout_only():
    with socket.socket() as silent:  # accepts connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        cache = ResilientRedisCache(
            f"redis://127.0.0.1:{port}/0",
            {"OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}},
        )
        started = time.monotonic()
        assert cache.get("key", "default") == "default"
        assert time.monotonic() - started < 2
    assert cache.is_down()


def test_ping_says_whether_redis_answers():
    assert unreachable().ping() is False


def test_production_uses_it_with_short_timeouts_and_database_sessions():
    result = run(
        "import config.settings as s; c = s.CACHES['default']; "
        "print(c['BACKEND'], c['OPTIONS']['socket_connect_timeout'], "
        "c['OPTIONS']['socket_timeout'], s.SESSION_ENGINE)",
        REDIS_URL="redis://redis:6379/0",
    )
    assert result.returncode == 0, result.stderr
    backend, connect, read, sessions = result.stdout.split()
    assert backend == "config.cache.ResilientRedisCache"
    assert float(connect) <= 0.5 and float(read) <= 0.5
    # Read from Redis, kept in the database: nobody is logged out with Redis (config/sessions.py).
    assert sessions == "config.sessions"


def test_without_a_shared_cache_sessions_are_read_from_the_database():
    result = run("import config.settings as s; print(s.SESSION_ENGINE)", REDIS_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.contrib.sessions.backends.db"

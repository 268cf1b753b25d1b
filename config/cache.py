"""A Redis cache that the portal can lose: when Redis cannot be reached, every cache call
answers as an empty cache would, and the page is computed without it.

The cache only ever holds what can be computed again (public pages, the dashboard's figures, the
map's extent, rate-limit counters), so an error of Redis must never become an error of the page.
Each call is bounded by short connect and socket timeouts (settings: ``socket_connect_timeout``
and ``socket_timeout`` in OPTIONS); after a failure the process leaves Redis alone for
``RETRY_AFTER`` seconds (a page makes several cache calls: they should not each wait for the
timeout), then tries again. The failure is logged once per ``LOG_EVERY`` seconds with the number
of calls answered without the cache since the last line, not once per call.

What an unreachable cache answers, call by call:

- ``get`` the default, ``get_many`` nothing, ``has_key`` False: a miss;
- ``set``, ``delete``, ``touch``, ``clear`` and the like: nothing is stored;
- ``add`` True and ``incr`` the increment, "as if the key were new". That is the fail-open choice
  for the rate limits (README, "When Redis is down"): allauth takes a lock with ``add`` before it
  counts, and a False would make it refuse every log-in while Redis is down; the portal's own
  limits count with ``add``/``incr`` the same way. Nothing in the portal uses the cache for
  exactly-once work (the outbox and the reminders' log are rows in the database).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("portal.cache")

# Errors that mean "Redis is not there or not answering", not a bug of ours.
try:
    from redis.exceptions import RedisError

    CACHE_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)
except ImportError:  # pragma: no cover - redis is a dependency
    CACHE_ERRORS = (OSError,)


class _State:
    """The health of one cache location, shared by the threads of a process (Django gives
    each thread its own backend object)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.last_logged = float("-inf")
        self.unlogged = 0

    def reset(self):
        with self.lock:
            self.down_until = 0.0
            self.last_logged = float("-inf")
            self.unlogged = 0


_STATES: dict[str, _State] = {}
_STATES_LOCK = threading.Lock()


def _state_for(location: str) -> _State:
    with _STATES_LOCK:
        return _STATES.setdefault(location, _State())


def forget_failures() -> None:
    """Forget every recent failure (tests that start and stop their own Redis)."""
    with _STATES_LOCK:
        for state in _STATES.values():
            state.reset()


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis is unreachable."""

    # Seconds without trying Redis after a failure, and between two log lines about it.
    RETRY_AFTER = 5.0
    LOG_EVERY = 60.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self.retry_after = float(params.get("RETRY_AFTER", self.RETRY_AFTER))
        self.log_every = float(params.get("LOG_EVERY", self.LOG_EVERY))
        self._state = _state_for(",".join(self._servers))

    # --- Health -------------------------------------------------------------------------------

    def is_down(self) -> bool:
        """True while the last failure is recent: calls skip Redis until then."""
        return time.monotonic() < self._state.down_until

    def ping(self) -> bool:
        """Ask Redis directly (for /healthz), whatever the last failure; never raises."""
        try:
            ok = bool(self._cache.get_client(write=True).ping())
        except CACHE_ERRORS as error:
            self._failed("ping", error)
            return False
        self._state.down_until = 0.0
        return ok

    def _failed(self, operation: str, error: BaseException) -> None:
        state = self._state
        now = time.monotonic()
        with state.lock:
            state.down_until = now + self.retry_after
            state.unlogged += 1
            if now - state.last_logged < self.log_every:
                return
            state.last_logged = now
            skipped, state.unlogged = state.unlogged, 0
        logger.warning(
            "The cache is unreachable (%s: %s); pages are computed without it. "
            "%d cache call(s) answered without Redis since the last message.",
            type(error).__name__,
            error,
            skipped,
            extra={
                "event": "cache_unreachable",
                "operation": operation,
                "calls_without_cache": skipped,
                "retry_after_seconds": self.retry_after,
            },
        )

    def _call(self, operation: str, fallback, *args, **kwargs):
        if self.is_down():
            self._state.unlogged += 1
            return fallback() if callable(fallback) else fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except CACHE_ERRORS as error:
            self._failed(operation, error)
            return fallback() if callable(fallback) else fallback

    # --- The cache's API, each call with what an empty cache would answer ------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", delta, key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def clear(self):
        return self._call("clear", False)

"""How often one person may send a form: counted in the cache (Redis in production).

A person is their account when logged in, their address otherwise: the client's address as
``config.client`` derives it behind our proxies, an IPv6 address counted with its whole /64 (one
household or device holds all of it and could rotate through it). The limits live in
``settings.PORTAL_RATE_LIMITS`` as ``{scope: (count, seconds)}``; they are read on each call, so
that tests and deployments can change them.

A view asks ``limited(request, scope)`` before doing the work and calls ``count(request, scope)``
once the work is done: a form sent with mistakes does not use up the allowance.

When the cache is unreachable the limits fail open: the form is served and a line is logged at
most once a minute (the README, "When Redis is down", says why).
"""

import functools
import ipaddress
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from config.client import client_address

logger = logging.getLogger(__name__)
# When the cache is unreachable the limits fail open, with a log line at most this often.
FAIL_OPEN_LOG_EVERY = 60.0
_last_fail_open_log = float("-inf")

MESSAGE = _(
    "You have sent this form several times in a short time. Please wait a while before "
    "trying again."
)


def _limit(scope: str) -> tuple[int, int]:
    count, seconds = settings.PORTAL_RATE_LIMITS[scope]
    return int(count), int(seconds)


def _who(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return _address(request)


def _address(request) -> str:
    return _address_key(client_address(request))


@functools.lru_cache(maxsize=4096)
def _address_key(address: str) -> str:
    """What an address is counted as: itself, or its /64 network for IPv6 (one person often
    holds a whole /64). Remembered for the last few thousand addresses."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"ip:{address or 'unknown'}"
    if ip.version == 6:
        return f"ip:{ipaddress.ip_network(f'{ip}/64', strict=False)}"
    return f"ip:{ip}"


def _key(request, scope: str) -> str:
    return f"ratelimit:{scope}:{_who(request)}"


def _cache_unreachable() -> bool:
    """Whether the cache is down (config.cache.ResilientRedisCache then answers as if empty)."""
    is_down = getattr(cache, "is_down", None)
    return bool(is_down and is_down())


def _fail_open(scope: str, error: Exception | None = None) -> None:
    """Without the cache the limits are not counted: the form is served (README, "When Redis is
    down"), and a line says so, at most once a minute."""
    global _last_fail_open_log
    now = time.monotonic()
    if now - _last_fail_open_log < FAIL_OPEN_LOG_EVERY:
        return
    _last_fail_open_log = now
    logger.warning(
        "Rate limits are not counted while the cache is unreachable (%s): forms are served.",
        error or "Redis down",
        extra={"event": "rate_limit_fail_open", "scope": scope},
    )


def limited(request, scope: str) -> bool:
    """True when this person has used up the allowance of ``scope``; logs the refusal."""
    allowed, _seconds = _limit(scope)
    try:
        used = cache.get(_key(request, scope), 0)
    except Exception as error:  # a cache backend that raises (config.cache's never does)
        _fail_open(scope, error)
        return False
    if _cache_unreachable():
        _fail_open(scope)
        return False
    if used < allowed:
        return False
    from accounts.security import security_event

    security_event("rate_limited", request, scope=scope)
    return True


def count(request, scope: str) -> None:
    """Count one use of ``scope``; the window starts with the first use."""
    _allowed, seconds = _limit(scope)
    key = _key(request, scope)
    try:
        if cache.add(key, 1, seconds):
            return
        try:
            cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.set(key, 1, seconds)
    except Exception as error:  # the cache is unreachable: the use is not counted
        _fail_open(scope, error)


def throttle(request, scope: str) -> int:
    """For reads counted per client address whoever is logged in (the public API): count this
    request in the current window of ``scope`` and answer 0 when it may be served, or else the
    seconds until the window ends (the ``Retry-After`` of a 429).

    The windows are fixed and aligned on the clock (each ``seconds`` long), so the wait is known
    without reading the cache entry's expiry; the key names its window and expires with it. One
    cache call in the usual case (an increment). The first refusal of a window is logged.
    """
    allowed, seconds = _limit(scope)
    now = time.time()
    window = int(now // seconds)
    key = f"ratelimit:{scope}:{_address(request)}:{window}"
    try:
        try:
            used = cache.incr(key)
        except ValueError:  # the window's first request (or its entry was evicted)
            used = 1 if cache.add(key, 1, seconds + 1) else cache.incr(key)
    except Exception as error:  # a cache backend that raises (config.cache's never does)
        _fail_open(scope, error)
        return 0
    if _cache_unreachable():
        _fail_open(scope)
        return 0
    if used <= allowed:
        return 0
    if used == allowed + 1:
        from accounts.security import security_event

        security_event("rate_limited", request, scope=scope)
    return max(1, math.ceil((window + 1) * seconds - now))

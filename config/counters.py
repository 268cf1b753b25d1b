"""Version counters in the shared cache: a key holds a number that every change increments, and
what is kept under a version is never read again once the number has moved on.

A counter the cache does not have (never set, evicted, a Redis restarted) starts from a random
number, never from 0 or 1: otherwise it could come back to a value it had, and the pages or
fragments kept under that value would be served again, stale. Used by the public pages
(config/pagecache.py), the navigation's counts (config/navigation.py) and the areas of the
logged-in fragments (config/versions.py).
"""

import secrets

from django.core.cache import cache


def fresh() -> int:
    """A first value: random, so that it is none of the values the counter had before."""
    return secrets.randbits(62)


def bump(key: str) -> None:
    """Increment the counter (set it afresh if the cache does not have it)."""
    try:
        cache.incr(key)
    except ValueError:  # not set yet, or evicted: any new value retires the old keys
        cache.set(key, fresh(), None)


def current(key: str) -> int:
    """The counter's value, set afresh if the cache does not have it (another process may set
    it at the same moment: the value the cache keeps wins)."""
    value = cache.get(key)
    if value is None:
        value = fresh()
        cache.add(key, value, None)
        value = cache.get(key, value)
    return value

"""How often one person may send a form: counted in the cache (Redis in production).

A person is their account when logged in, their address (IP) otherwise. The limits live in
``settings.PORTAL_RATE_LIMITS`` as ``{scope: (count, seconds)}``; they are read on each call, so
that tests and deployments can change them.

A view asks ``limited(request, scope)`` before doing the work and calls ``count(request, scope)``
once the work is done: a form sent with mistakes does not use up the allowance.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

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
    return f"ip:{request.META.get('REMOTE_ADDR', '') or 'unknown'}"


def _key(request, scope: str) -> str:
    return f"ratelimit:{scope}:{_who(request)}"


def limited(request, scope: str) -> bool:
    """True when this person has used up the allowance of ``scope``; logs the refusal."""
    allowed, _seconds = _limit(scope)
    if cache.get(_key(request, scope), 0) < allowed:
        return False
    from accounts.security import security_event

    security_event("rate_limited", request, scope=scope)
    return True


def count(request, scope: str) -> None:
    """Count one use of ``scope``; the window starts with the first use."""
    _allowed, seconds = _limit(scope)
    key = _key(request, scope)
    if cache.add(key, 1, seconds):
        return
    try:
        cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, seconds)

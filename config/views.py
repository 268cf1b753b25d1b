import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from config.pagecache import public_page
from coordinations.selectors import coordinations_to_fill

logger = logging.getLogger(__name__)


# How many vacant coordinations the home page shows before linking to the full list.
HOME_VACANT_COORDINATIONS = 6


@require_safe
@public_page(params={})
def home(request):
    # One query, whatever the number of coordinations: the slice is done by the database.
    vacant = list(coordinations_to_fill()[: HOME_VACANT_COORDINATIONS + 1])
    return render(
        request,
        "pages/home.html",
        {
            "vacant_coordinations": vacant[:HOME_VACANT_COORDINATIONS],
            "more_vacant_coordinations": len(vacant) > HOME_VACANT_COORDINATIONS,
        },
    )


@require_safe
def privacy(request):
    return render(
        request,
        "pages/privacy.html",
        {
            "privacy_version": settings.PRIVACY_VERSION,
            "retention_months": settings.APPLICATION_RETENTION_MONTHS,
        },
    )


@require_safe
@login_required
def signed_in(request):
    """Who is signed in, and nothing else: the layout, the session and the user, without data
    of the portal's own. Not linked; the bench measures every logged-in page against it."""
    return render(request, "pages/signed_in.html")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: the database is unreachable")
        return False


def _cache_state() -> str:
    """The shared cache (Redis in production); the portal serves without it, only slower."""
    cache = caches["default"]
    ping = getattr(cache, "ping", None)  # config.cache.ResilientRedisCache
    if ping is not None:
        return "ok" if ping() else "unreachable"
    return "ok"  # a cache in the process (locmem) is always there


def _broker_state() -> str:
    """The Celery broker; without it messages wait in the database for the relay to send them."""
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=0.5, socket_connect_timeout=0.5
        )
        try:
            return "ok" if client.ping() else "unreachable"
        finally:
            client.close()
    except (redis.RedisError, OSError):
        logger.warning("health check: the broker is unreachable", exc_info=True)
        return "unreachable"


@never_cache
@require_GET
def healthz(request):
    """JSON health of each dependency, for the load balancer and docker compose.

    200 while the portal can serve: with the cache or the broker down, pages are computed
    without the cache and messages wait in the outbox ("degraded"). 503 only when the database
    is unreachable, as nothing can be served then. Cheap: one query and a ping or two, each
    bounded by a short timeout.
    """
    checks = {"database": "ok" if _database_ok() else "unreachable", "cache": _cache_state()}
    if settings.REDIS_URL:
        checks["broker"] = _broker_state()
    if checks["database"] != "ok":
        status, code = "error", 503
    elif all(state == "ok" for state in checks.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)

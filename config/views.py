import logging

from django.conf import settings
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
@public_page
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


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: the database is unreachable")
        return False


def _broker_ok() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
        return bool(client.ping())
    except redis.RedisError:
        logger.exception("health check: the broker is unreachable")
        return False


@never_cache
@require_GET
def healthz(request):
    """JSON health for the load balancer and docker compose: 200 when all is well, else 503."""
    checks = {"database": "ok" if _database_ok() else "error"}
    if settings.REDIS_URL:
        checks["broker"] = "ok" if _broker_ok() else "error"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )

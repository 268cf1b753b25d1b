import functools
import logging

import csp.middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.db import OperationalError
from django.dispatch import receiver
from django.utils.cache import patch_cache_control

from config.errors import error_page

logger = logging.getLogger(__name__)


# URL arguments that carry a secret: a signed link (follow-up report, unsubscribe) or a key that
# allauth e-mails (password reset, address confirmation). Whoever holds the address opens the page.
SECRET_URL_ARGUMENTS = {"token", "key", "uidb36", "uidb64"}


def reached_by_secret_link(request) -> bool:
    """Whether the page was opened through an address that carries a secret."""
    match = getattr(request, "resolver_match", None)
    return match is not None and not SECRET_URL_ARGUMENTS.isdisjoint(match.kwargs)


class PersonalDataNoStoreMiddleware:
    """What a logged-in person sees may carry personal data: no browser or proxy keeps it. Nor
    what a page opened through a secret link shows (a follow-up report, a person's name), even
    to someone who is not logged in: it would stay in a shared browser's cache or history."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or reached_by_secret_link(request):
            patch_cache_control(response, no_store=True, private=True)
        return response


class HealthCheckMiddleware:
    """``/healthz`` answers before any other middleware, whatever the Host header and scheme.

    The container's health check calls http://127.0.0.1:8000/healthz: in production that Host
    is not in ALLOWED_HOSTS (400) and plain HTTP is redirected to HTTPS (301), so the check
    would never pass. The answer only says whether the database and the broker respond, and
    the check of the Host header still holds for every other address. First in MIDDLEWARE.
    """

    PATH = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == self.PATH:
            from config.views import healthz  # here: the views need the apps loaded

            return healthz(request)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse a body larger than MAX_REQUEST_BYTES (413), before anything reads it.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves the files of a form out of its count, and files
    are written to a temporary file as they come: without this, a few huge uploads would fill
    the disk and hold the workers while they arrive. The limit is a little above the largest file a visitor may send (a
    5 MB CV); staff, who attach circulars of up to 10 MB (several at once in the admin), have
    MAX_STAFF_REQUEST_BYTES. The reverse proxy should refuse the same sizes first (README).

    The body is judged by its Content-Length: Django reads no further than it, and reads nothing
    of a body sent without one. In process_view, placed before CsrfViewMiddleware (the first to
    read a form), so that the session and the language are known for the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if size <= settings.MAX_REQUEST_BYTES:
            return None
        user = getattr(request, "user", None)
        limit = (
            settings.MAX_STAFF_REQUEST_BYTES
            if user is not None and user.is_authenticated and user.is_staff
            else settings.MAX_REQUEST_BYTES
        )
        if size <= limit:
            return None
        from accounts.security import security_event  # here: it needs the apps loaded

        security_event("request.too_large", request, size=size, limit=limit)
        return error_page(request, 413, "request_too_large.html", {"limit": limit})


# PostgreSQL's codes for "stopped waiting": statement_timeout, lock_timeout, a deadlock, a
# serialization failure. Each means "try again in a moment", not a bug of the page.
DATABASE_BUSY_SQLSTATES = {"57014", "55P03", "40P01", "40001"}


def database_busy(exception: BaseException) -> bool:
    """Whether an exception is the database being too busy or out of reach for this request
    (a timeout of config/settings.py's DB_* bounds, a lock wait, a lost connection), rather
    than a mistake in the code."""
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate in DATABASE_BUSY_SQLSTATES:
        return True
    if type(cause).__module__.startswith("psycopg") and sqlstate is None:
        # No SQL state: the connection itself failed (connect_timeout, server gone).
        return True
    # SQLite: another process holds the write lock longer than its busy timeout.
    return "database is locked" in str(exception) or "database table is locked" in str(exception)


class DatabaseBusyMiddleware:
    """A request stopped by a database timeout gets a clear page in the portal's language with
    503 and Retry-After, instead of a server error (or of gunicorn killing the worker).

    Last in MIDDLEWARE, so that the language is already active when the page is rendered. The
    page reads nothing from the database: the database is the problem (config.errors)."""

    RETRY_AFTER_SECONDS = 15

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_busy(exception):
            return None
        cause = exception.__cause__
        logger.warning(
            "A request stopped waiting for the database: %s",
            exception,
            extra={
                "event": "database_busy",
                "sqlstate": getattr(cause, "sqlstate", None),
                "path": request.path,
                "method": request.method,
            },
        )
        # Rendered without the person and the context processors: they would read the database.
        response = error_page(request, 503, "busy.html", database=False)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response


# What makes a response's policy its own (a view's decorators from csp.decorators: the embeds).
_CSP_OF_THE_RESPONSE = tuple(
    f"_csp_{name}{suffix}"
    for name in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


@functools.cache
def _csp_headers() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(header, policy, excluded prefixes) of both headers, from the settings: built once."""
    return tuple(
        (
            header,
            policy,
            tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()),
        )
        for header, policy, setting in (
            (HEADER, build_policy(), "CONTENT_SECURITY_POLICY"),
            (
                HEADER_REPORT_ONLY,
                build_policy(report_only=True),
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            ),
        )
        if policy
    )


@receiver(setting_changed)
def _csp_settings_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _csp_headers.cache_clear()


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the policy of an ordinary response built once.

    A policy differs only with a nonce or a view's own ``csp_update``/``csp_replace``/
    ``csp_exempt`` (the embeds): those go through the library's code. Every other response gets
    the same headers, built from the settings once instead of twice per request (a sixth of
    the time of a page served from the cache)."""

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _CSP_OF_THE_RESPONSE)
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or (response.status_code in (404, 500) and settings.DEBUG)
        ):
            return super().process_response(request, response)
        for header, policy, excluded in _csp_headers():
            if not request.path_info.startswith(excluded):
                response[header] = policy
        # As the library does: a nonce asked for after the header is written is an error.
        request.csp_nonce = csp.middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response

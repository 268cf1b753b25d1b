"""The portal's error pages: in its layout and its visitor's language, each with a way forward.

Every error page extends ``templates/errors/layout.html`` (itself ``base.html``): 400, 403 (and
a refused form, ``403_csrf.html``), 404, 405, 413 (config.middleware), 429 (allauth's limits; the
portal's own forms answer 429 with the form and its message instead, so that nothing typed is
lost), 500, and 503 when the database is too busy (config.middleware).

The language is the one of the address (/fr/, /en/); an address without one (an old link, a
typo at the root) takes the visitor's language cookie, then their browser's languages, as
LocaleMiddleware does for the rest of the site.

The 500 and 503 pages are rendered without the context processors and without the person: they
read the session and the database, which may be the very thing that failed. They show the
layout as an anonymous visitor sees it, and run no query.
"""

import logging

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csrf import REASON_NO_CSRF_COOKIE, get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from config.form_pages import form_page

logger = logging.getLogger(__name__)

# Seconds a visitor stopped by allauth's limits is asked to wait (its windows are a minute).
RETRY_AFTER_RATE_LIMITED = 60


# The headings of the pages, for the bare page shown should an error page fail to render.
HEADINGS = {
    400: _("The portal could not read this request"),
    403: _("This page is not open to you"),
    404: _("Page not found"),
    405: _("This address cannot be opened this way"),
    413: _("What you sent is too large"),
    429: _("Too many attempts in a short time"),
    500: _("Something went wrong on our side"),
    503: _("Please try again in a moment"),
}


def _language(request) -> str:
    """The address's language, else the cookie's, else the browser's, else French."""
    return translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request, check_path=False)


def _way_back(request) -> str:
    """The page the person came from when it is one of ours (a link back), else ''."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 page of a request for another host
        return ""
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _context(request, status: int, extra: dict | None) -> dict:
    """What every error page shows: its status, and where to go from here (the log-in comes
    back to this address when it can be opened again)."""
    return {
        "status": status,
        "come_back_to": request.get_full_path() if request.method in ("GET", "HEAD") else "",
        "way_back": _way_back(request),
        **(extra or {}),
    }


def error_page(
    request, status: int, template: str, extra: dict | None = None, *, database: bool = True
) -> HttpResponse:
    """The error page ``template`` with ``status``, in the visitor's language.

    ``database=False`` renders it with nothing that reads the session or the database (the
    500 and 503 pages): as an anonymous visitor sees the layout, with the form token the
    language switcher needs."""
    context = _context(request, status, extra)
    language = _language(request)
    with translation.override(language):
        try:
            if database:
                content = render_to_string(template, context, request)
            else:
                context.update({"request": request, "csrf_token": get_token(request)})
                content = render_to_string(template, context)
        except Exception:
            # An error page must not fail in its turn (static files not collected, a template
            # broken by a deployment): the visitor still gets the status and a way home.
            logger.exception("The error page %s could not be rendered", template)
            content = format_html(
                '<!DOCTYPE html><html lang="{}"><title>{}</title><h1>{}</h1>'
                '<p><a href="/{}/">{}</a></p></html>',
                language,
                HEADINGS.get(status, status),
                HEADINGS.get(status, status),
                language,
                _("Back to the home page"),
            )
    response = HttpResponse(content, status=status)
    # An error is never kept by a browser or a proxy: the next visit asks again.
    patch_cache_control(response, no_store=True)
    return response


# The handlers of config/urls.py ----------------------------------------------------------------


def bad_request(request, exception=None):
    return error_page(request, 400, "400.html")


def permission_denied(request, exception=None):
    return error_page(request, 403, "403.html")


def page_not_found(request, exception=None):
    return error_page(request, 404, "404.html")


def server_error(request):
    return error_page(request, 500, "500.html", database=False)


def too_many_requests(request, exception=None):
    """allauth's limits (log-in, sign-up, password reset) send their 429 here."""
    response = error_page(request, 429, "429.html")
    response["Retry-After"] = str(RETRY_AFTER_RATE_LIMITED)
    return response


def csrf_failure(request, reason=""):
    """A form refused for its missing or stale token (CSRF_FAILURE_VIEW): mostly a page left open
    for hours, or opened before a log-in in another tab. Nothing was saved."""
    return error_page(request, 403, "403_csrf.html", {"no_cookie": reason == REASON_NO_CSRF_COOKIE})


# 405 ---------------------------------------------------------------------------------------------


class MethodNotAllowedMiddleware:
    """A 405 in the portal's layout, or better, no 405 at all.

    A GET on a POST-only address whose form page is known (config.form_pages) is sent to that
    page (or answered 404 when that page depends on an object the person may not see); any
    other 405 (a POST on a page that only shows, a GET on a POST-only address whose
    page is unknown) gets the 405 page with a link back. Only the bare 405 that Django's
    ``require_http_methods`` answers is replaced: a view's own answer is left as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        if request.method in ("GET", "HEAD"):
            page = form_page(request)  # may raise Http404: an object the person may not see
            if page:
                return HttpResponseRedirect(page)
        page = error_page(request, 405, "405.html")
        page["Allow"] = response.get("Allow", "")
        return page

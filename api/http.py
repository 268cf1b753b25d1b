"""What every answer of the public API (/api/v1/) goes through, around django-ninja's views.

In this order: CORS (any origin may read, nobody sends credentials: the API shows only what the
public pages show), the methods (GET, HEAD and the preflight OPTIONS), the rate limit per client
address (429 with Retry-After), the query parameters the endpoint declares (normalised, the
others dropped, as the page cache does for pages: see config/pagecache.py), the language
(``?lang=``, else Accept-Language; never the portal's language cookie, which the websites that
call the API do not have), then the shared cache and the conditional requests:

- an answer is kept in the cache of the public pages under a key made of the data version of
  config.pagecache (which every change to what the public pages show increments), the language,
  the day, the path and the normalised parameters: a change shows at once, and the time limit
  of the page cache (PUBLIC_PAGE_CACHE_SECONDS) bounds what depends on the clock alone (a
  deadline passing);
- its ETag is a digest of the answer itself, and its Last-Modified the moment that answer was
  first given: a request with If-None-Match (or If-Modified-Since) that still holds is answered
  304 from the cache, without reading the database;
- Cache-Control lets browsers and proxies keep it API_MAX_AGE_SECONDS.

Only answers with status 200 are kept; a wrong parameter (400) or a missing object (404) is
answered each time, so junk in a query string never fills the cache.
"""

import functools
import hashlib
import time
from collections.abc import Callable, Mapping

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse, QueryDict
from django.utils import timezone, translation
from django.utils.http import http_date, parse_etags, parse_http_date_safe, urlencode
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from config import ratelimit
from config.pagecache import data_version

RATE_SCOPE = "api"
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, Content-Language",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": ", ".join(ALLOWED_METHODS),
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}
# Longer numbers are left as they came (and refused): every limit of the API is far smaller.
MAX_DIGITS = 9
# How long the validators of an answer (its ETag and the moment it was first given) are kept.
VALIDATORS_SECONDS = 24 * 60 * 60
# Query strings whose normalised form each endpoint remembers, and the longest it remembers.
KNOWN_QUERIES = 1000
KNOWN_QUERY_LENGTH = 200


# The parameters: each endpoint declares which it reads and how each is normalised ---------------
# A normaliser maps every spelling of a valid value to one value (one cache entry per answer),
# and leaves a wrong value as it came, for the endpoint to refuse it with a 400 (never cached).

Normaliser = Callable[[str], str | None]


def choice(values) -> Normaliser:
    canonical = {str(value).casefold(): str(value) for value in values}
    return lambda value: canonical.get(value.casefold(), value)


def boolean(value: str) -> str | None:
    folded = value.casefold()
    if folded in {"true", "1", "yes", "on"}:
        return "true"
    if folded in {"false", "0", "no", "off"}:
        return None  # the default
    return value


def integer(value: str) -> str | None:
    if value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS:
        return str(int(value))
    return value


def country(value: str) -> str | None:
    return value.upper() if len(value) == 2 and value.isascii() and value.isalpha() else value


def opaque(value: str) -> str | None:
    """A cursor: kept as it is (the endpoint checks its signature)."""
    return value


LANG: dict[str, Normaliser] = {"lang": choice(code for code, _name in settings.LANGUAGES)}


def normalised_query(query: QueryDict, params: Mapping[str, Normaliser]) -> str:
    """The parameters ``params`` declares, normalised, in a fixed order, as a query string; the
    others left out. A repeated parameter counts once, with its last value (the one
    ``QueryDict.get`` reads)."""
    kept = []
    for name in sorted(params):
        raw = query.get(name)
        if raw is None:
            continue
        value = raw.strip()
        value = params[name](value) if value else None
        if value:
            kept.append((name, value))
    return urlencode(kept)


def _normalised_string(request, params: Mapping[str, Normaliser], known: dict) -> str:
    """The normalised query string of ``request``, remembered per query string as sent (up to
    KNOWN_QUERIES of them per endpoint, and short ones only): the same few addresses are asked
    again and again, and normalising is a pure function of the address."""
    raw = request.META.get("QUERY_STRING", "")
    normalised = known.get(raw)
    if normalised is None:
        normalised = normalised_query(request.GET, params)
        if len(raw) <= KNOWN_QUERY_LENGTH:
            if len(known) >= KNOWN_QUERIES:
                known.clear()
            known[raw] = normalised
    return normalised


def language_of(request) -> str:
    """``?lang=`` (already normalised), else the first language of Accept-Language the portal
    speaks, else French."""
    wanted = request.GET.get("lang")
    if wanted in dict(settings.LANGUAGES):
        return wanted
    accept = request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:300]
    for code, _quality in parse_accept_lang_header(accept):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


# The headers -------------------------------------------------------------------------------------


def with_cors(response: HttpResponse) -> HttpResponse:
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    for name, value in PREFLIGHT_HEADERS.items():
        response[name] = value
    return with_cors(response)


def error(status: int, code: str, detail: str, **extra) -> JsonResponse:
    """An error as the API documents it (api.schemas.Error)."""
    response = JsonResponse({"error": code, "detail": detail, **extra}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def cors_open(view):
    """Any origin may read this page; OPTIONS answers the browser's preflight."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return preflight()
        return with_cors(view(request, *args, **kwargs))

    return wrapper


# The answer --------------------------------------------------------------------------------------


def _address_key(request) -> str:
    """The path and the normalised parameters, hashed: a key of bounded length (a cursor or a
    search may be long)."""
    address = f"{request.path}?{request.META['QUERY_STRING']}"
    return hashlib.sha256(address.encode()).hexdigest()


def _key(request, language: str) -> str:
    return ":".join(
        [
            "api",
            str(data_version()),
            language,
            timezone.localdate().isoformat(),
            _address_key(request),
        ]
    )


def _validators(request, language: str, etag: str) -> int | None:
    """The moment (in whole seconds) this answer was first given, kept per address and language.

    When another answer was given for the same address within the same second, no moment is
    given (None: only the ETag tells them apart), since a date to the second could not."""
    key = f"api-validators:{language}:{_address_key(request)}"
    now = int(time.time())
    previous = cache.get(key)
    if previous is not None:
        previous_etag, previous_moment = previous
        if previous_etag == etag:
            return previous_moment
        if previous_moment is not None and previous_moment >= now:
            return None
    cache.set(key, (etag, now), VALIDATORS_SECONDS)
    return now


def _not_modified(request, etag: str, last_modified: int | None) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = [tag.removeprefix("W/") for tag in parse_etags(if_none_match)]
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and last_modified is not None and last_modified <= since


def _render(request, view, args, kwargs, language):
    """(status, content type, content, ETag, Last-Modified) of the view's answer."""
    response = view(request, *args, **kwargs)
    if response.status_code != 200:
        return response, None
    content = response.content
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    return response, (response["Content-Type"], content, etag, _validators(request, language, etag))


def api_view(view, *, params: Mapping[str, Normaliser]):
    """Serve a view of the API as the module says. ``params``: the query parameters it reads."""
    params = {**LANG, **params}
    known: dict[str, str] = {}  # query strings as sent -> normalised (_normalised_string)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return preflight()
        if request.method not in ("GET", "HEAD"):
            response = error(405, "method_not_allowed", _("The API only reads: use GET."))
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return with_cors(response)
        head = request.method == "HEAD"
        wait = ratelimit.throttle(request, RATE_SCOPE)
        if wait:
            response = error(
                429,
                "rate_limited",
                _("Too many requests from your address. Please wait %(seconds)d seconds.")
                % {"seconds": wait},
            )
            response["Retry-After"] = str(wait)
            return with_cors(response)
        normalised = _normalised_string(request, params, known)
        request.META["QUERY_STRING"] = normalised
        request.GET = QueryDict(normalised)
        request.method = "GET"  # HEAD is GET without the body (below)
        language = language_of(request)
        with translation.override(language):
            response = _answer(request, view, args, kwargs, language)
        response["Content-Language"] = language
        response["Vary"] = "Accept-Language"
        if head:  # the headers of the GET, its length included, without the body
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return with_cors(response)

    wrapper.api_params = params
    wrapper.known_queries = known
    return wrapper


def _answer(request, view, args, kwargs, language) -> HttpResponse:
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    key = _key(request, language)
    stored = cache.get(key) if seconds > 0 else None
    if stored is None:
        response, stored = _render(request, view, args, kwargs, language)
        if stored is None:  # an error: answered as it is, never kept
            response.setdefault("Cache-Control", "no-store")
            return response
        if seconds > 0:
            cache.set(key, stored, seconds)
        hit = "miss"
    else:
        hit = "hit"
    content_type, content, etag, last_modified = stored
    if _not_modified(request, etag, last_modified):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={max(0, settings.API_MAX_AGE_SECONDS)}"
    response["X-Page-Cache"] = hit
    return response

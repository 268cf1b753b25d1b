"""The cache of public pages, for visitors who are not logged in.

The home page, the coordinations, the vacancy board and the group finder are the same for every
anonymous visitor: they are rendered once and served from the cache until something they show
changes. Correctness comes first:

- only GET/HEAD answers with status 200 to visitors without a session or a pending message are
  cached (a logged-in person, or one with a flash message, always gets a fresh page);
- the key holds the path, the GET parameters the page reads (each view declares them, with how
  each is normalised: see ``public_page``), the language and the day (deadlines and "days left"
  change at midnight), and a **version** that every save, deletion or many-to-many change of a
  model of the apps these pages show increments, so a change made through the admin or a form
  shows at once;
- never the raw query string: parameters the page does not read (tracking tags, junk) are left
  out, and the view itself only sees the normalised parameters, so that the page stored under a
  key is exactly the page of that key; otherwise every junk parameter would store one more copy
  of the page (about 35 KB) until the cache fills;
- writes that bypass model signals (``QuerySet.update``) call ``public_pages_changed()``, and a
  time limit (``PUBLIC_PAGE_CACHE_SECONDS``, 300 by default; 0 turns the cache off) bounds
  anything missed;
- the CSRF token of a form on the page is replaced by a fresh one for each visitor, so a
  cached page never carries somebody else's token (pages without a form carry none: the
  language switcher is a link).

The version lives in the cache: with several server processes, the cache must be shared
(Redis, as in production) for a change made in one to reach the pages of all. Without Redis
(one machine, locmem), each process keeps its own, and the time limit bounds the difference.
"""

import functools
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.http import urlencode

from config import counters

VERSION_KEY = "public-pages:version"
# The pages' keys begin so. Pages are kept as parts cut at their CSRF tokens (token_slots): a
# new prefix since the whole pages of before.
KEY_PREFIX = "public-html"
# The apps whose data the public pages show (coordinators' first names come from accounts)...
APPS = ("coordinations", "recruitment", "local_groups", "accounts")
# ...except their models that no public page shows: their frequent writes (applications,
# reminders, activity logs) would otherwise empty the cache all day long.
PRIVATE_MODELS = {
    "accounts.Consent",
    "coordinations.OnboardingProgress",
    "coordinations.Activity",
    "coordinations.HandoverNote",
    "coordinations.MandateRequest",
    "local_groups.JoinRequest",
    "local_groups.VisitRequest",
    "local_groups.GroupTask",
    "local_groups.GroupFoundingRequest",
    "recruitment.Application",
    "recruitment.CompetencyRating",
    "recruitment.ApplicationLanguage",
    "recruitment.ApplicationEvent",
    "recruitment.ApplicationNote",
    "recruitment.Interview",
    "recruitment.InterestRegistration",
    "recruitment.InterestNotification",
}
# Models of other apps that a public page shows: the public action pages (actions/public.py)
# show a proposal, its circular and targets, and the live count of participations.
EXTRA_MODELS = (
    "actions.ActionProposal",
    "actions.Circular",
    "actions.ActionTarget",
    "actions.PublicParticipation",
    # The events' public list, pages and calendar (places left, shifts filled: events/).
    "events.Event",
    "events.Shift",
    "events.Participation",
    "events.Training",
)
# Saves of a person that change nothing a public page shows (a login, a new password).
UNSEEN_USER_FIELDS = {"last_login", "password"}
CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_FIELD_BYTES = re.compile(CSRF_FIELD.pattern.encode())


def token_slots(content):
    """``content`` (text or bytes) cut where the CSRF tokens of its forms go: kept so, a page
    gets each visitor's token by a join, and a page without a form needs no token at all."""
    pattern = CSRF_FIELD_BYTES if isinstance(content, bytes) else CSRF_FIELD
    parts, start = [], 0
    for match in pattern.finditer(content):
        parts.append(content[start : match.end(1)])
        start = match.start(2)
    parts.append(content[start:])
    return tuple(parts)


def with_token(request, parts):
    """The content of ``token_slots`` with this visitor's CSRF token in each of its forms.
    Without a form, no token is made (and no CSRF cookie set)."""
    if len(parts) == 1:
        return parts[0]
    token = get_token(request)
    return (token.encode() if isinstance(parts[0], bytes) else token).join(parts)


def public_pages_changed(**kwargs) -> None:
    """Make every cached public page stale (after a change they may show)."""
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= UNSEEN_USER_FIELDS:
        return
    counters.bump(VERSION_KEY)


def data_version() -> int:
    """The current version of what cached pages show (see public_pages_changed)."""
    return counters.current(VERSION_KEY)


def _cacheable_request(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not getattr(request, "htmx", False)
    )


# How the parameters a page reads are normalised ------------------------------------------------
# Each takes the raw value (already stripped, never empty) and gives the value the page is
# rendered with, or None to leave the parameter out. A normaliser must map every spelling that
# gives the same page to one value: otherwise each spelling stores a copy of the page.

Normaliser = Callable[[str], str | None]

# Longer than any value a page reads (its forms stop at 100 characters).
MAX_VALUE_LENGTH = 100
# Past this, a page number is taken as this one: every page of a list has fewer pages, so all
# the numbers beyond are the last page anyway, and they would each be a copy of it.
MAX_PAGE_NUMBER = 1000
# Positions are rounded to about 100 metres: closer is no other page, and the cache keeps no
# visitor's precise position.
COORDINATE_DECIMALS = 3
INVALID = "invalid"


def as_given(value: str) -> str:
    """Any value, as given (stripped): for a page whose form checks its parameters itself."""
    return value


def text(value: str) -> str | None:
    """Free text (a search): stripped and cut at MAX_VALUE_LENGTH, case kept (the page shows it)."""
    return value[:MAX_VALUE_LENGTH].strip() or None


def choice(values: Iterable[str]) -> Normaliser:
    """One of ``values``, whatever its case; anything else is left out (the page ignores it)."""
    canonical = {str(value).casefold(): str(value) for value in values}
    return lambda value: canonical.get(value.casefold())


def country_code(value: str) -> str | None:
    """A country code (two letters, in capitals, as the country menus hold them)."""
    return value.upper() if len(value) == 2 and value.isascii() and value.isalpha() else None


def flag(value: str) -> str | None:
    """A tick box: Django's check box reads any value but "false" as ticked; unticked is left out."""
    return None if value.casefold() == "false" else "on"


def page_number(value: str) -> str | None:
    """A page of a list; the first page, zero and what is not a number are left out (the first
    page is shown)."""
    if not (value.isascii() and value.isdigit()):
        return None
    number = min(int(value), MAX_PAGE_NUMBER)
    return str(number) if number > 1 else None


def coordinate(value: str) -> str | None:
    """A latitude or longitude, rounded; what is not one becomes one "invalid" value, so that
    the page still says it could not read the position."""
    try:
        number = float(value)
    except ValueError:
        return INVALID
    if not math.isfinite(number) or abs(number) > 180:
        return INVALID
    return f"{round(number, COORDINATE_DECIMALS) + 0.0:.{COORDINATE_DECIMALS}f}"


def normalised_query(query: QueryDict, params: Mapping[str, Normaliser]) -> QueryDict:
    """The parameters ``params`` declares, normalised, in a fixed order; the others left out.

    A repeated parameter counts once, with its last value: the one ``QueryDict.get`` and the
    forms read.
    """
    kept = []
    for name in sorted(params):
        raw = query.get(name)
        if raw is None:
            continue
        value = raw[: MAX_VALUE_LENGTH * 2].strip()
        value = params[name](value) if value else None
        if value:
            kept.append((name, value))
    return QueryDict(urlencode(kept))


# Memcached refuses keys over 250 characters (prefix included); Django warns on every backend.
KEY_LIMIT = 200  # room for the cache backend's own prefix


def _key(request) -> str:
    head = ":".join(
        [
            KEY_PREFIX,
            str(data_version()),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
        ]
    )
    page = f"{request.path}:{request.META['QUERY_STRING']}"
    if len(head) + 1 + len(page) > KEY_LIMIT:
        # A long search (a pasted paragraph, a long address) keeps one short key of its own.
        page = hashlib.sha256(page.encode()).hexdigest()
    return f"{head}:{page}"


def public_page(view=None, *, params: Mapping[str, Normaliser] | None = None):
    """Serve this view from the cache to anonymous visitors (see the module's rules).

    ``params`` is required: the GET parameters the page reads, each with its normaliser
    (``{}`` for a page that reads none). The view only ever sees those, normalised, for every
    visitor (so a logged-in person sees the same page as the cache holds):

        @public_page(params={"q": text, "page": page_number})
        def vacancy_list(request): ...
    """
    if view is not None or params is None:
        raise TypeError(
            "public_page needs params={...}: the GET parameters the page reads "
            "(the cache key is built from them, never from the raw query string)."
        )

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            request.GET = normalised_query(request.GET, params)
            # get_full_path() (the language switcher, the login link) then gives the same.
            request.META["QUERY_STRING"] = request.GET.urlencode()
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            return _cached(request, view, *args, **kwargs)

        wrapper.public_page_params = dict(params)
        return wrapper

    return decorator


def _cached(request, view, *args, **kwargs):
    """The page from the cache, or rendered by ``view`` and kept when it may be."""
    key = _key(request)
    stored = cache.get(key)
    if stored is not None:
        content_type, parts = stored
        response = HttpResponse(with_token(request, parts), content_type=content_type)
        response["X-Page-Cache"] = "hit"
        return response
    response = view(request, *args, **kwargs)
    if (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    ):
        if hasattr(response, "render") and callable(response.render):
            response.render()
        cache.set(
            key,
            (response["Content-Type"], token_slots(response.content)),
            settings.PUBLIC_PAGE_CACHE_SECONDS,
        )
        response["X-Page-Cache"] = "miss"
    return response


def connect_signals() -> None:
    """Any change to a model of APPS or EXTRA_MODELS makes the cached pages stale (called once,
    at start-up)."""
    models = [
        model
        for app_label in APPS
        for model in apps.get_app_config(app_label).get_models()
        if model._meta.label not in PRIVATE_MODELS
    ] + [apps.get_model(label) for label in EXTRA_MODELS]
    for model in models:
        uid = f"public-pages:{model._meta.label}"
        post_save.connect(public_pages_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(public_pages_changed, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                public_pages_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}:{field.name}",
            )

"""The cache of public pages, for visitors who are not logged in.

The home page, the coordinations, the vacancy board and the group finder are the same for every
anonymous visitor: they are rendered once and served from the cache until something they show
changes. Correctness comes first:

- only GET/HEAD answers with status 200 to visitors without a session or a pending message are
  cached (a logged-in person, or one with a flash message, always gets a fresh page);
- the key holds the full path (query string included), the language and the day (deadlines and
  "days left" change at midnight), and a **version** that every save, deletion or many-to-many
  change of a model of the apps these pages show increments, so a change made through the
  admin or a form shows at once;
- writes that bypass model signals (``QuerySet.update``) call ``public_pages_changed()``, and a
  time limit (``PUBLIC_PAGE_CACHE_SECONDS``, 300 by default; 0 turns the cache off) bounds
  anything missed;
- the CSRF token of the language switcher is replaced by a fresh one for each visitor, so a
  cached page never carries somebody else's token.

The version lives in the cache: with several server processes, the cache must be shared
(Redis, as in production) for a change made in one to reach the pages of all. Without Redis
(one machine, locmem), each process keeps its own, and the time limit bounds the difference.
"""

import functools
import re

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

VERSION_KEY = "public-pages:version"
# The apps whose data the public pages show (coordinators' first names come from accounts)...
APPS = ("coordinations", "recruitment", "local_groups", "accounts")
# ...except their models that no public page shows: their frequent writes (applications,
# reminders, activity logs) would otherwise empty the cache all day long.
PRIVATE_MODELS = {
    "accounts.Reminder",
    "accounts.Consent",
    "coordinations.OnboardingProgress",
    "coordinations.Activity",
    "coordinations.HandoverNote",
    "coordinations.MandateRequest",
    "local_groups.JoinRequest",
    "local_groups.VisitRequest",
    "recruitment.Application",
    "recruitment.CompetencyRating",
    "recruitment.ApplicationLanguage",
    "recruitment.ApplicationEvent",
    "recruitment.ApplicationNote",
    "recruitment.Interview",
    "recruitment.InterestRegistration",
    "recruitment.InterestNotification",
}
# Saves of a person that change nothing a public page shows (a login, a new password).
UNSEEN_USER_FIELDS = {"last_login", "password"}
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def public_pages_changed(**kwargs) -> None:
    """Make every cached public page stale (after a change they may show)."""
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= UNSEEN_USER_FIELDS:
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted: any new value retires the old keys
        cache.set(VERSION_KEY, int(timezone.now().timestamp() * 1000), None)


def data_version() -> int:
    """The current version of what cached pages show (see public_pages_changed)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = int(timezone.now().timestamp() * 1000)
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def _cacheable_request(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not getattr(request, "htmx", False)
    )


def _key(request) -> str:
    return ":".join(
        [
            "public-page",
            str(data_version()),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            request.get_full_path(),
        ]
    )


def public_page(view):
    """Serve this view from the cache to anonymous visitors (see the module's rules)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content_type, content = stored
            token = get_token(request).encode()
            response = HttpResponse(
                CSRF_FIELD.sub(rb"\g<1>" + token + rb"\g<2>", content), content_type=content_type
            )
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
                (response["Content-Type"], response.content),
                settings.PUBLIC_PAGE_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


def connect_signals() -> None:
    """Any change to a model of APPS makes the cached pages stale (called once, at start-up)."""
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label in PRIVATE_MODELS:
                continue
            uid = f"public-pages:{model._meta.label}"
            post_save.connect(public_pages_changed, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(public_pages_changed, sender=model, dispatch_uid=f"{uid}:delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    public_pages_changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"{uid}:{field.name}",
                )

"""The widgets a website embeds in an iframe ("find a group near you", "our vacancies",
"public actions"), and the staff page that gives the snippets to paste.

A widget is a page of the portal without its header and footer, in the language of its
address, served from the public page cache like the pages it summarises. Its Content Security
Policy lets only the origins of EMBED_ALLOWED_ORIGINS frame it (frame-ancestors), and
X-Frame-Options, which can name no origin, is left out of these pages alone; every other page
keeps frame-ancestors 'none' and X-Frame-Options DENY. static/js/embed.js tells the host page
the widget's height (postMessage); the host may listen (the snippet on the staff page).
No script of ours runs on the host page unless its owners paste that snippet themselves.
"""

import functools
from urllib.parse import urlsplit

from csp.constants import NONE
from csp.decorators import csp_replace
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from accounts.permissions import staff_required
from api import selectors
from config.pagecache import choice, public_page, text
from groups import selectors as group_selectors
from groups.views import PROBLEMS
from recruitment.models import Vacancy

EMBED_GROUPS = 5
EMBED_VACANCIES = 10
MAX_EMBED_ROWS = 20
EMBED_ACTIONS = 10
RESIZE_MESSAGE = "portal-embed:resize"


def embeddable(view):
    """Let the origins of EMBED_ALLOWED_ORIGINS show this page in an iframe, and them only.

    Outside the page cache's decorator, so that a page served from the cache gets the same
    headers; the origins are read at each request (a deployment or a test may change them)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        origins = list(settings.EMBED_ALLOWED_ORIGINS)
        served = csp_replace({"frame-ancestors": origins or [NONE]})(view)
        if origins:
            served = xframe_options_exempt(served)
        return served(request, *args, **kwargs)

    return wrapper


def limit(maximum: int):
    """A number of rows, from 1 to ``maximum``; anything else is left out (the default)."""

    def normalise(value: str) -> str | None:
        if not (value.isascii() and value.isdigit()):
            return None
        # Any number of more digits than the maximum has is the maximum.
        number = int(value) if len(value) <= len(str(maximum)) else maximum
        return str(min(max(number, 1), maximum))

    return normalise


def _count(request, default: int) -> int:
    """The number of rows the snippet asks for (normalised by ``limit``), or ``default``."""
    return int(request.GET.get("limit") or default)


# The widgets -------------------------------------------------------------------------------------


@embeddable
@require_safe
@public_page(params={"q": text})
def groups(request):
    """Find a group near you: a postal code or a commune, the nearest groups."""
    query = (request.GET.get("q") or "").strip()[:100]
    results, origin_label, notice = [], "", ""
    if query:
        lookup = group_selectors.find_place(query)
        if lookup.place is None:
            notice = PROBLEMS[lookup.problem](query)
        else:
            origin_label = lookup.place.label
            results = group_selectors.nearest_groups(
                lookup.place.latitude, lookup.place.longitude, limit=EMBED_GROUPS
            )
            if not results:
                notice = _("No local group is active at the moment.")
    more_url = reverse("groups:search") + (f"?{urlencode({'q': query})}" if query else "")
    return render(
        request,
        "api/embed/groups.html",
        {
            "query": query,
            "results": results,
            "origin_label": origin_label,
            "notice": notice,
            "more_url": settings.SITE_URL + more_url,
            "widget": "groups",
        },
    )


@embeddable
@require_safe
@public_page(params={"kind": choice(Vacancy.Kind.values), "limit": limit(MAX_EMBED_ROWS)})
def vacancies(request):
    """Our vacancies: the latest open ones (of one kind, when the snippet says so)."""
    kind = request.GET.get("kind") or ""
    count = _count(request, EMBED_VACANCIES)
    rows = list(selectors.open_vacancies(kind=kind)[: count + 1])
    board = reverse("recruitment:vacancy_list") + (f"?{urlencode({'kind': kind})}" if kind else "")
    return render(
        request,
        "api/embed/vacancies.html",
        {
            "vacancies": rows[:count],
            "more": len(rows) > count,
            "kind_label": Vacancy.Kind(kind).label if kind else "",
            "board_url": settings.SITE_URL + board,
            "site_url": settings.SITE_URL,
            "widget": "vacancies",
        },
    )


@embeddable
@require_safe
@public_page(params={"limit": limit(MAX_EMBED_ROWS)})
def actions(request):
    """Public actions people can still take part in, with how many did."""
    count = _count(request, EMBED_ACTIONS)
    rows = list(
        selectors.public_actions(open_only=True).order_by("-published_at", "-pk")[: count + 1]
    )
    return render(
        request,
        "api/embed/actions.html",
        {
            "proposals": rows[:count],
            "more": len(rows) > count,
            "site_url": settings.SITE_URL,
            "widget": "actions",
        },
    )


# The staff page ----------------------------------------------------------------------------------

WIDGETS = [
    {
        "key": "groups",
        "url_name": "embeds:groups",
        "title": gettext_lazy("Find a group near you"),
        "help": gettext_lazy(
            "A postal code or a commune, and the five nearest local groups with their distance."
        ),
        "height": 420,
    },
    {
        "key": "vacancies",
        "url_name": "embeds:vacancies",
        "title": gettext_lazy("Our vacancies"),
        "help": gettext_lazy(
            "The ten latest open vacancies. Add ?kind=coordination (or volunteer, paid_job, "
            "cooperation, internship) to the address for one kind, ?limit=5 for fewer."
        ),
        "height": 520,
    },
    {
        "key": "actions",
        "url_name": "embeds:actions",
        "title": gettext_lazy("Public actions"),
        "help": gettext_lazy(
            "The public actions people can still take part in, with how many already did."
        ),
        "height": 420,
    },
]

LISTENER = """<script>
/* Optional: sizes the portal's widgets to their content. */
window.addEventListener("message", function (event) {{
  if (event.origin !== "{origin}") return;
  var data = event.data;
  if (!data || data.type !== "{message}" || typeof data.height !== "number") return;
  var frames = document.querySelectorAll("iframe[data-portal-embed]");
  for (var i = 0; i < frames.length; i++) {{
    if (frames[i].contentWindow === event.source) {{
      frames[i].height = String(Math.max(100, Math.min(5000, Math.ceil(data.height))));
    }}
  }}
}});
</script>"""


def iframe_snippet(*, url: str, title: str, height: int) -> str:
    return (
        f'<iframe src="{escape(url)}" title="{escape(title)}" data-portal-embed width="100%" '
        f'height="{height}" loading="lazy"></iframe>'
    )


def site_origin() -> str:
    """The portal's origin (what a message from a widget says it comes from)."""
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def _snippets() -> list[dict]:
    rows = []
    for widget in WIDGETS:
        versions = []
        for code, name in settings.LANGUAGES:
            with translation.override(code):
                url = settings.SITE_URL + reverse(widget["url_name"])
                title = str(widget["title"])
            versions.append(
                {
                    "code": code,
                    "name": name,
                    "url": url,
                    "snippet": iframe_snippet(url=url, title=title, height=widget["height"]),
                }
            )
        rows.append({**widget, "versions": versions})
    return rows


@staff_required
@require_safe
def snippets(request):
    """The snippets to paste into the website, for each widget and language."""
    return render(
        request,
        "api/embed_snippets.html",
        {
            "widgets": _snippets(),
            "listener": LISTENER.format(origin=site_origin(), message=RESIZE_MESSAGE),
            "allowed_origins": settings.EMBED_ALLOWED_ORIGINS,
            "api_docs_url": reverse("api_v1:docs"),
        },
    )

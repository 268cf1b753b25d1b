"""My space (/me/) is made of sections that each app contributes.

An app declares a section in its own ``myspace.py``::

    @section(order=20, template="coordinations/includes/me_mandate_summary.html")
    def mandate(request):
        return {"mandate": ...}  # or None when the section does not apply to this person

The overview (/me/) shows the sections declared without ``page``, short ones, in order. What
needs the person now comes first: each overview section may put a list of ``Need`` under the
``"needs"`` key of its context, and the overview gathers them, the most pressing first. A
section declared with ``page="onboarding"`` shows on a page of its own, /me/onboarding/ (a URL
of accounts/urls.py), whose title is the section's ``title``; the overview links to it.

The sections are loaded when Django starts (``AccountsConfig.ready``) and rendered in order.

A section that names the ``areas`` it reads (``@section(..., areas=("actions",))``, see
config/versions.py) is kept per person, page and language: its HTML and its needs, under a key
that holds those areas' versions and the hour, so any change to what it shows renders it anew at
once, and the rest of the time My space costs a cache call, not a dozen queries. A test checks
that every table a section reads belongs to one of its areas (tests/accounts/test_my_space_cache.py).
"""

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone
from django.utils.functional import Promise

from config import versions


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: Callable
    page: str = ""  # "" for the overview, else the page the section shows on (/me/<page>/)
    title: str | Promise = ""  # the title of that page
    areas: tuple[str, ...] = ()  # what it reads (config/versions.py); () for never kept

    @property
    def name(self) -> str:
        return f"{self.context.__module__}.{self.context.__name__}"


# How pressing a need is, most pressing first.
LEVELS = ("danger", "warning", "info")


@dataclass(frozen=True)
class Need:
    """One thing that waits for the person: what, where to do it, how pressing."""

    text: str
    url: str
    tag: str | Promise  # a word or two: "Overdue", "To answer"
    level: str = "warning"  # one of LEVELS: the colour of the tag
    detail: str = ""
    due: datetime.date | None = None

    def sort_key(self):
        return (LEVELS.index(self.level), self.due or datetime.date.max)


_sections: list[Section] = []


def section(
    *,
    order: int,
    template: str,
    page: str = "",
    title: str | Promise = "",
    areas: tuple[str, ...] = (),
):
    if page and not title:
        raise ValueError(f"The My space page {page!r} needs a title.")

    def register(func):
        _sections.append(Section(order, template, func, page, title, tuple(areas)))
        _sections.sort(key=lambda s: s.order)
        return func

    return register


@dataclass
class Shown:
    """One section as the page shows it: its HTML when it was kept, else its context to render
    (and then to keep, under ``key``)."""

    section: Section
    key: str = ""
    html: str | None = None
    context: dict | None = None
    needs: list[Need] = dataclasses.field(default_factory=list)

    @property
    def template(self) -> str:
        return self.section.template


def _key(entry: Section, request, page: str) -> str:
    return versions.fragment_key(
        "myspace",
        entry.areas,
        entry.name,
        page,
        request.user.pk,
        timezone.localtime().strftime("%H"),  # what is "upcoming" changes within a day
    )


def sections_for(request, page: str = "") -> list[Shown]:
    """Every section of ``page`` (the overview: "") that applies to this person, in order: kept
    ones as HTML, the others with their context (one cache call for all)."""
    entries = [entry for entry in _sections if entry.page == page]
    keys = {
        id(entry): _key(entry, request, page)
        for entry in entries
        if entry.areas and request.user.is_authenticated and versions.enabled()
    }
    kept = cache.get_many(list(keys.values())) if keys else {}
    shown = []
    for entry in entries:
        key = keys.get(id(entry), "")
        if key in kept:
            html, needs = kept[key]
            if html:
                shown.append(Shown(entry, key, versions.with_csrf(request, html), None, needs))
            continue
        context = entry.context(request)
        if context is None:
            if key:  # the section does not apply to this person: kept too
                cache.set(key, ("", []), versions.seconds())
            continue
        shown.append(Shown(entry, key, None, context, list(context.get("needs", ()))))
    return shown


def render_section(shown: Shown, context) -> str:
    """The HTML of a section not kept, rendered in the page's context; kept when it has a key."""
    with context.push(section=shown.context):
        html = get_template(shown.template).template.render(context)
    if shown.key:
        needs = [dataclasses.replace(need, tag=str(need.tag)) for need in shown.needs]
        cache.set(shown.key, (str(html), needs), versions.seconds())
    return html


def needs_in(sections: list[Shown]) -> list[Need]:
    """The needs of the sections, the most pressing and soonest due first."""
    return sorted((need for shown in sections for need in shown.needs), key=Need.sort_key)


def page_title(page: str) -> str | Promise:
    """The title of a page of My space ("" when no section shows on it)."""
    return next((entry.title for entry in _sections if entry.page == page), "")


def per_request(request, name: str, compute: Callable):
    """``compute()`` once per request: sections of one app that read the same rows share them."""
    attribute = f"_myspace_{name}"
    if not hasattr(request, attribute):
        setattr(request, attribute, compute())
    return getattr(request, attribute)


@section(
    order=90,
    template="accounts/includes/me_privacy.html",
    areas=("accounts",),
)
def privacy(request):
    """My data and my consents: links to the consents (with their date and version, and a
    button to withdraw each), to the download and to the erasure (accounts.gdpr)."""
    if not request.user.is_authenticated:
        return None
    # No query: My space keeps its fixed budget; dates and versions are on the consents page.
    return {"digests_on": request.user.receives_digests}

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
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: Callable
    page: str = ""  # "" for the overview, else the page the section shows on (/me/<page>/)
    title: str | Promise = ""  # the title of that page


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


def section(*, order: int, template: str, page: str = "", title: str | Promise = ""):
    if page and not title:
        raise ValueError(f"The My space page {page!r} needs a title.")

    def register(func):
        _sections.append(Section(order, template, func, page, title))
        _sections.sort(key=lambda s: s.order)
        return func

    return register


def sections_for(request, page: str = "") -> list[tuple[str, dict]]:
    """The (template, context) of every section of ``page`` (the overview: "") that applies to
    this person."""
    rendered = []
    for entry in _sections:
        if entry.page != page:
            continue
        context = entry.context(request)
        if context is not None:
            rendered.append((entry.template, context))
    return rendered


def needs_in(sections: list[tuple[str, dict]]) -> list[Need]:
    """The needs the sections put in their context, the most pressing and soonest due first."""
    needs = [need for _template, context in sections for need in context.get("needs", ())]
    return sorted(needs, key=Need.sort_key)


def page_title(page: str) -> str | Promise:
    """The title of a page of My space ("" when no section shows on it)."""
    return next((entry.title for entry in _sections if entry.page == page), "")


def per_request(request, name: str, compute: Callable):
    """``compute()`` once per request: sections of one app that read the same rows share them."""
    attribute = f"_myspace_{name}"
    if not hasattr(request, attribute):
        setattr(request, attribute, compute())
    return getattr(request, attribute)


@section(order=90, template="accounts/includes/me_privacy.html")
def privacy(request):
    """My data and my consents: links to the consents (with their date and version, and a
    button to withdraw each), to the download and to the erasure (accounts.gdpr)."""
    if not request.user.is_authenticated:
        return None
    # No query: My space keeps its fixed budget; dates and versions are on the consents page.
    return {"digests_on": request.user.receives_digests}

"""My space (/me/) is made of sections that each app contributes.

An app declares a section in its own ``myspace.py``::

    @section(order=20, template="coordinations/includes/me_mandate.html")
    def mandate(request):
        return {"mandate": ...}  # or None when the section does not apply to this person

The sections are loaded when Django starts (``AccountsConfig.ready``) and rendered in order.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: Callable


_sections: list[Section] = []


def section(*, order: int, template: str):
    def register(func):
        _sections.append(Section(order, template, func))
        _sections.sort(key=lambda s: s.order)
        return func

    return register


def sections_for(request) -> list[tuple[str, dict]]:
    """The (template, context) of every section that applies to this person."""
    rendered = []
    for entry in _sections:
        context = entry.context(request)
        if context is not None:
            rendered.append((entry.template, context))
    return rendered


@section(order=90, template="accounts/includes/me_privacy.html")
def privacy(request):
    """My data and my consents: links to the consents (with their date and version, and a
    button to withdraw each), to the download and to the erasure (accounts.gdpr)."""
    if not request.user.is_authenticated:
        return None
    # No query: My space keeps its fixed budget; dates and versions are on the consents page.
    return {"digests_on": request.user.receives_digests}

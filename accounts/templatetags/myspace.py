from django import template
from django.utils.safestring import mark_safe

from accounts.myspace import render_section

register = template.Library()


@register.simple_tag(takes_context=True)
def myspace_section(context, shown):
    """A section of My space: its kept HTML, or its template rendered (and kept) now."""
    if shown.html is not None:
        return mark_safe(shown.html)  # the page's own HTML, rendered by render_section
    return render_section(shown, context)

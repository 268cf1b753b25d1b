"""Template helpers shared by every app, loaded with {% load portal %}."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **params):
    """The current query string with some parameters replaced (pagination keeps the filters);
    an empty value removes the parameter."""
    query = context["request"].GET.copy()
    for key, value in params.items():
        if value in ("", None):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()

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


@register.simple_tag(takes_context=True)
def language_next(context):
    """Where the language switcher brings the person back: this page, opened again by GET (a
    page shown in answer to a form stands at the form's address: config/form_pages.py)."""
    from config.form_pages import page_to_come_back_to

    request = context.get("request")
    return page_to_come_back_to(request) if request is not None else "/"

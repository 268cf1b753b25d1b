"""Template helpers shared by every app, loaded with {% load portal %}."""

from django import template
from django.urls import reverse

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
def language_url(context, language: str) -> str:
    """This page in ``language``: the language switcher is a link to it. The page is the one to
    open again by GET (a page shown in answer to a form stands at the form's address:
    config/form_pages.py), its query string kept.

    A link and not a form: it needs no CSRF token, so a public page served from the cache
    carries none and sets no cookie, and it keeps working on a page left open for days."""
    from django.urls import translate_url
    from django.utils.translation import get_language, override

    from config.form_pages import page_to_come_back_to

    request = context.get("request")
    page = page_to_come_back_to(request) if request is not None else "/"
    current = f"/{get_language()}/"
    if not page.startswith(current):
        # Only an address of the portal's own pages is linked (an address such as
        # //elsewhere.example/fr/ would make the link leave the site): else, the home page.
        with override(language):
            return reverse("home")
    translated = translate_url(page, language)
    if translated == page:
        # An address that resolves to no page (a 404's): the same address in the other language.
        translated = f"/{language}/{page[len(current) :]}"
    return translated

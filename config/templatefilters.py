"""Filters every template has without loading anything (``builtins`` in settings).

``date`` replaces Django's own filter of that name, so that every French page and e-mail
writes "1er janvier" (see ``config.l10n``); the others put the French typography of
``config.typography`` within reach of the templates.
"""

import datetime
import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import date as django_date
from django.utils import translation
from django.utils.formats import get_format
from django.utils.safestring import SafeData, mark_safe

from config import l10n, typography

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's ``date`` filter, with "1er" for the first day of a month in French."""
    if value in (None, "") or not hasattr(value, "day"):
        return django_date(value, arg)
    if type(value) is datetime.date:
        return _calendar_date(value, arg, translation.get_language())
    return _formatted(value, arg)


def _formatted(value, arg) -> str:
    resolved = get_format(arg or "DATE_FORMAT")
    return django_date(value, l10n.with_ordinal_first_day(value, resolved))


@functools.lru_cache(maxsize=4096)
def _calendar_date(value: datetime.date, arg, language) -> str:
    """A day (no time, so no time zone) in a format and the active ``language``: remembered
    for the last few thousand, since a list or a morning's e-mails write the same days again and
    again (formatting one costs as much as the rest of a short e-mail)."""
    return _formatted(value, arg)


@receiver(setting_changed)
def _forget_dates(**kwargs) -> None:
    _calendar_date.cache_clear()  # other formats or languages (tests)


@register.filter(is_safe=True, needs_autoescape=True)
def elide(text, value, autoescape=True):
    """``{{ sentence|elide:name }}``: "de Anne" in the sentence becomes "d’Anne" (French only).
    Meant for the output of ``{% blocktranslate asvar sentence %}``."""
    return typography.elide(text, value, escaped=autoescape and isinstance(text, SafeData))


@register.filter
def de(name):
    """``{{ name|de }}``: "d’Anne", "de Marc" (the French preposition, elided)."""
    return typography.de(str(name))


@register.filter
def country_with_article(country, preposition=""):
    """``{{ code|country_with_article:"for" }}``: "pour l’Iran" / "for Iran"."""
    return typography.country_with_article(country, preposition)


@register.filter
def money(amount, decimals=None):
    """``{{ amount|money }}`` in euros, ``{{ amount|money:2 }}`` with cents: "1 250,00 €"."""
    places = None if decimals in (None, "") else int(decimals)
    return l10n.money(amount, "EUR", places)


@register.filter(is_safe=True)
def french_spacing(text):
    """Non-breaking spaces before : ; ! ? and inside « » (French only)."""
    if not typography.is_french():
        return text
    spaced = typography.french_spacing(str(text))
    return mark_safe(spaced) if isinstance(text, SafeData) else spaced

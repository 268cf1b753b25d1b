"""Dates and amounts as people in Belgium read them, in French and in English.

- French writes the first day of a month as an ordinal: "1er janvier 2027", "2 janvier 2027".
  Django's formats have no letter for it, so ``date_format`` (and the ``date`` template filter,
  replaced for every template in ``config.templatefilters``) add it to the format.
- Amounts: "1 250,00 €" in French, "€1,250.00" in English (the convention of Ireland and
  the United Kingdom, with the euro).
"""

import re
from decimal import Decimal

from django.utils import formats
from django.utils.formats import get_format, number_format

from config.typography import NBSP, is_french

# A day number ("j", not escaped by a backslash) followed by a month name (F, E, N, M or b).
_DAY_BEFORE_MONTH = re.compile(r"(?<!\\)j(?=[ \u00a0]*\\?[FENMb])")


def with_ordinal_first_day(value, format_string: str, language: str | None = None) -> str:
    """The Django date format to use for ``value``: in French, on the 1st of a month, the
    day number of "j F Y" becomes "1er" (escaped letters, which Django prints as they are)."""
    day = getattr(value, "day", None)
    if day != 1 or not is_french(language):
        return format_string
    return _DAY_BEFORE_MONTH.sub(r"j\\e\\r", format_string)


def date_format(value, format: str | None = None, use_l10n: bool | None = None) -> str:
    """Django's ``date_format`` (a format name like "DATE_FORMAT" or a format string), with the
    French "1er"."""
    resolved = get_format(format or "DATE_FORMAT", use_l10n=use_l10n)
    return formats.date_format(value, with_ordinal_first_day(value, resolved), use_l10n)


# Amounts ---------------------------------------------------------------------------------------

SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$"}


def money(amount, currency: str = "EUR", decimals: int | None = None) -> str:
    """An amount with its currency: "1 250,00 €" / "€1,250.00"; "3 600 €" when whole and
    ``decimals`` is not given. A currency without a symbol is written with its code."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount))
    if decimals is None:
        decimals = 0 if value == value.to_integral() else 2
    number = number_format(value, decimal_pos=decimals, force_grouping=True)
    symbol = SYMBOLS.get(currency.upper(), currency.upper())
    if is_french():
        return f"{number}{NBSP}{symbol}"
    if symbol == currency.upper():
        return f"{symbol}{NBSP}{number}"
    sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
    return f"{sign}{symbol}{digits}"

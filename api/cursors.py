"""Pagination by cursor (keyset) for the API's lists.

A page ends with the position of its last row (the values of the list's ordering), signed so
that only positions the API gave out are accepted: a forged cursor would otherwise let anyone
store one more copy of a list in the shared cache for every value they invent. The next page is
asked for rows strictly after that position, which an index on the ordering answers without
counting or skipping rows, and which no insertion on an earlier page can shift.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import Model, Q, QuerySet

SALT = "api.cursor"
# Longer than any cursor the API gives (a name of 150 characters and a key, signed).
MAX_CURSOR_LENGTH = 600


class InvalidCursor(ValueError):
    """The cursor was not given by the API for this list (or was cut, or changed)."""


@dataclass
class Page:
    rows: list
    next_cursor: str | None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        # isoformat keeps the microseconds: a rounded value would skip or repeat rows.
        return value.isoformat()
    return value


def _field_name(term: str) -> str:
    return term.removeprefix("-")


def encode(row: Model, ordering: tuple[str, ...], list_name: str) -> str:
    values = [_plain(getattr(row, _field_name(term))) for term in ordering]
    return signing.dumps([list_name, values], salt=SALT, compress=True)


def decode(cursor: str, queryset: QuerySet, ordering: tuple[str, ...], list_name: str) -> list:
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor(cursor)
    try:
        name, values = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidCursor(cursor) from error
    if name != list_name or not isinstance(values, list) or len(values) != len(ordering):
        raise InvalidCursor(cursor)
    meta = queryset.model._meta
    try:
        return [
            meta.pk.to_python(value)
            if _field_name(term) == "pk"
            else meta.get_field(_field_name(term)).to_python(value)
            for term, value in zip(ordering, values, strict=True)
        ]
    except Exception as error:  # a value of the wrong type: not a cursor of this list
        raise InvalidCursor(cursor) from error


def after(ordering: tuple[str, ...], values: list) -> Q:
    """The rows strictly after ``values`` in ``ordering`` (none of its fields may be null)."""
    condition = Q()
    for index, term in enumerate(ordering):
        name = _field_name(term)
        lookup = "lt" if term.startswith("-") else "gt"
        equal = {_field_name(previous): values[i] for i, previous in enumerate(ordering[:index])}
        condition |= Q(**equal, **{f"{name}__{lookup}": values[index]})
    return condition


def keyset_page(
    queryset: QuerySet, *, ordering: tuple[str, ...], cursor: str, limit: int, list_name: str
) -> Page:
    """``limit`` rows of ``queryset`` in ``ordering`` (which must end with a unique field),
    after ``cursor`` when one is given; one query. Raises InvalidCursor."""
    queryset = queryset.order_by(*ordering)
    if cursor:
        queryset = queryset.filter(after(ordering, decode(cursor, queryset, ordering, list_name)))
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return Page(rows=rows, next_cursor=None)
    rows = rows[:limit]
    return Page(rows=rows, next_cursor=encode(rows[-1], ordering, list_name))

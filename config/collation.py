"""Names sorted as people read them: "Égypte" and "États-Unis" come before "Inde", "Ixelles"
with the I's, whatever the case and the accents.

PostgreSQL sorts with ICU's root collation: migration accounts 0008 creates ``portal_names``
from it (ICU's "und" locale; every server built with ICU has it, as Debian's and the official
Docker images are). SQLite knows no such thing: a collation of the same name is registered on
every connection (``register_collation``, on Django's ``connection_created`` signal, see
config/apps.py) that compares the same way: letters without their accents and case first,
then the accents, then the case. (The name is a bare word: SQLite's schema editor writes it
unquoted.)

The name columns people browse (coordinations, groups, people's names, communes) carry the
collation (``db_collation=NAME_COLLATION``): every ``order_by("name")``, the admin's sorting
and the drop-down lists built from them follow it without anyone having to remember. For
another column, order by ``by_name("field")``.
"""

import functools
import unicodedata

from django.db.models import F
from django.db.models.functions import Collate

NAME_COLLATION = "portal_names"


@functools.lru_cache(maxsize=4096)
def sort_key(text: str) -> tuple:
    """The order of ICU's root collation, near enough for names: letters and digits without
    accents or case, spaces and punctuation before letters; then accents; then lower case
    before upper case."""
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    base = base.replace("œ", "oe").replace("æ", "ae")
    # ICU puts spaces and punctuation before digits and letters; Python's code points do not
    # (’ and « come after "z").
    primary = tuple((0, char) if not char.isalnum() else (1, char) for char in base)
    accents = tuple(unicodedata.combining(char) for char in decomposed)
    case = tuple(char.isupper() for char in decomposed)
    return primary, accents, case, text


def compare(left: str, right: str) -> int:
    """SQLite's collation callback: negative, zero or positive, like ``cmp``."""
    if left == right:
        return 0
    return -1 if sort_key(left) < sort_key(right) else 1


def register_collation(sender, connection, **kwargs):
    """``connection_created`` receiver: SQLite learns the collation PostgreSQL has built in."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NAME_COLLATION, compare)


def by_name(field: str, descending: bool = False):
    """An ``order_by`` term sorting ``field`` (any text column, across relations too) by the
    collation: ``Coordination.objects.order_by(by_name("coordination__name"))``."""
    expression = Collate(F(field), NAME_COLLATION)
    return expression.desc() if descending else expression.asc()


def sorted_by_name(items, key=str):
    """A Python list in the same order as the database gives (for lists built in Python)."""
    return sorted(items, key=lambda item: sort_key(str(key(item))))

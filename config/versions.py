"""Data versions per area, and HTML fragments cached against them.

An *area* is one of the portal's apps (``actions``, ``coordinations``, ``local_groups``…): the
tables of its models. Every write to one of them (``save()``, ``QuerySet.update()``,
``bulk_create``, raw SQL: any INSERT, UPDATE or DELETE that goes through Django's connection)
increments the area's version in the cache. A fragment names the areas it reads; its key holds
their versions, so any change to what it shows gives it a new key at once, and nothing has to
be deleted.

The increment happens twice: at the write (so that the writer's own next page, in the same
request or test, sees the change) and again when the transaction commits (so that a page
rendered between the write and the commit, from the data before it, is not kept under the new
version). A rolled-back transaction changed nothing, and its first increment only costs a new
rendering.

The versions live in the shared cache (Redis in production): every process and the Celery
workers see the same ones. While the cache is unreachable, nothing is kept and every fragment is
rendered (config/cache.py); ``FRAGMENT_CACHE_SECONDS`` bounds how long any fragment can be kept,
should an increment be lost then. ``FRAGMENT_CACHE_SECONDS = 0`` turns fragment caching off.

A test (tests/test_fragments.py) renders every cached fragment and checks that each table it
reads belongs to an area it names: an area forgotten is a test failure, not a stale page.
"""

import hashlib
import itertools
import re
from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from config import counters
from config.pagecache import token_slots, with_token

VERSION_PREFIX = "area-version:"
# Writes that change nothing a fragment shows: a log-in's time (every section reads people).
UNSEEN = re.compile(
    r'^UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"\."id" = %s$'
)
# INSERT OR IGNORE is SQLite's form of a many-to-many add (PostgreSQL: ON CONFLICT DO NOTHING).
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.I
)


class _Tables:
    @cached_property
    def areas(self) -> dict[str, str]:
        """Table name → area (its app's label), for every model, many-to-many tables included."""
        return {
            model._meta.db_table: model._meta.app_label
            for model in apps.get_models(include_auto_created=True)
        }


TABLES = _Tables()


def area_of(table: str) -> str | None:
    return TABLES.areas.get(table)


def _bump(area: str) -> None:
    counters.bump(VERSION_PREFIX + area)


# How many times this process has read versions: inside a transaction, a write needs its
# immediate increment only if a key was made since the area's last one (a loop of ten thousand
# saves makes one call to the cache, not ten thousand).
_reads = itertools.count(1)  # 0: no read yet
_last_read = 0


def changed(*areas: str, using: str = "default") -> None:
    """Mark these areas changed now and again when the current transaction commits."""
    connection = connections[using]
    if not connection.in_atomic_block:  # committed already: other processes may read it now
        for area in areas:
            _bump(area)
        return
    # Per area: the list of the transaction's callbacks it registered in, and the reads seen at
    # its last increment. Django replaces that list at each commit or rollback (a savepoint's
    # too), and the next write registers again; the list is kept, so no new one can take its
    # identity.
    seen = connection.__dict__.setdefault("_portal_areas_seen", {})
    for area in areas:
        callbacks, reads = seen.get(area, (None, -1))
        if reads != _last_read:  # read since: this connection's next page must see the write
            _bump(area)
        if callbacks is not connection.run_on_commit:
            transaction.on_commit(lambda area=area: _bump(area), using=using)
        seen[area] = (connection.run_on_commit, _last_read)


def watch_writes(execute, sql, params, many, context):
    """A connection's execute wrapper: the area of every table written to changes."""
    result = execute(sql, params, many, context)
    if sql.lstrip()[:1] in ("I", "U", "D", "i", "u", "d"):
        match = _WRITE.match(sql)
        if match and not UNSEEN.match(sql):
            area = area_of(match.group(1))
            if area:
                changed(area, using=context["connection"].alias)
    return result


def install(sender=None, connection=None, **kwargs) -> None:
    """``connection_created`` receiver: the connection watches its writes (once)."""
    if connection is not None and watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def versions(areas: Iterable[str]) -> str:
    """The current versions of these areas, as one key part ("3.17.5"); one cache call."""
    global _last_read
    _last_read = next(_reads)
    areas = sorted(set(areas))
    keys = [VERSION_PREFIX + area for area in areas]
    found = cache.get_many(keys)
    parts = []
    for key in keys:
        version = found.get(key)
        if version is None:
            version = counters.fresh()
            cache.add(key, version, None)
        parts.append(str(version))
    return ".".join(parts)


def fragment_key(name: str, areas: Iterable[str], *parts: object) -> str:
    """The key of a fragment: its name, the language, the day (what is due or overdue changes
    at midnight), the versions of the areas it reads, and its own parts (whose it is...)."""
    return ":".join(
        [
            "fragment",
            name,
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            versions(areas),
            *(str(part) for part in parts),
        ]
    )


def query_part(params) -> str:
    """A key part for a query string: its parameters and values in order, hashed (a search can
    be long): the same search asked with its filters in another order is the same fragment."""
    pairs = sorted((name, value) for name, values in params.lists() for value in values)
    return hashlib.sha256(urlencode(pairs).encode()).hexdigest()[:40]


def seconds() -> int:
    return settings.FRAGMENT_CACHE_SECONDS


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0


def with_csrf(request, html: str) -> str:
    """A fragment's forms with this visitor's own CSRF token (a kept fragment holds the token
    of its first rendering, which another session's cookie would refuse)."""
    if request is None or "csrfmiddlewaretoken" not in html:
        return html
    return mark_safe(with_token(request, token_slots(str(html))))


def cached_html(request, key: str, render) -> str:
    """The HTML kept under ``key`` (see fragment_key), or ``render()``'s, kept now; forms in it
    carry this visitor's CSRF token. For fragments shown alike to several people, the key's
    parts must hold all that makes them differ (the query string, the person when it is
    theirs). Kept cut at the tokens (config.pagecache.token_slots)."""
    parts = cache.get(key) if enabled() else None
    if not isinstance(parts, tuple):  # not kept yet (or kept whole, by an older version)
        parts = token_slots(str(render()))
        if enabled():
            cache.set(key, parts, seconds())
    if request is None:
        return mark_safe(parts[0] if len(parts) == 1 else "".join(parts))
    return mark_safe(with_token(request, parts))

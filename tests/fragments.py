"""What tests of kept fragments share (config/versions.py)."""

import re
from collections.abc import Callable, Iterable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import versions

TABLE = re.compile(r'(?:FROM|JOIN)\s+"([A-Za-z0-9_]+)"', re.I)


def areas_read(compute: Callable[[], object]) -> set[str]:
    """The areas of every table the SQL run by ``compute()`` reads (tables of no app, such as
    django_session, by their own name)."""
    with CaptureQueriesContext(connection) as queries:
        compute()
    tables = {table for query in queries.captured_queries for table in TABLE.findall(query["sql"])}
    return {versions.area_of(table) or table for table in tables}


def assert_areas_named(compute: Callable[[], object], named: Iterable[str]) -> None:
    """Everything ``compute()`` reads belongs to an area it names: else a change there would
    leave the fragment stale."""
    missing = areas_read(compute) - set(named)
    assert not missing, f"reads areas it does not name: {sorted(missing)}"

"""The applications' tally (recruitment.models.ApplicationTally), kept by database triggers.

Each insert, change of status or submission date, and deletion of an application adds to or
takes from the count of its (day in Brussels, status). On PostgreSQL one trigger per statement
reads the statement's changed rows (transition tables) and updates the tally once per day and
status, in the order of the tally's key: two transactions that touch the same counts take their
locks in the same order, and a COPY of a million applications is one grouped update. SQLite
(one writer at a time) has row triggers; the day comes from Django's own function of the
connection (``django_datetime_cast_date``), so writes must go through Django's connections there.

``rebuild`` counts everything again (the migration that creates the tally, and
``manage.py recount_applications`` if a count is ever in doubt); ``differences`` compares.
"""

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate

from recruitment.models import Application, ApplicationTally

APPLICATIONS = "recruitment_application"
TALLY = "recruitment_applicationtally"
ZONE = ApplicationTally.ZONE
TRIGGERS = ("insert", "update", "delete")


def _postgresql_day(column: str) -> str:
    return f"({column} AT TIME ZONE '{ZONE}')::date"


def _postgresql_changes(event: str) -> str:
    day = _postgresql_day("submitted_at")
    new = f"SELECT {day} AS day, status, 1 AS delta FROM new_rows"
    old = f"SELECT {day} AS day, status, -1 AS delta FROM old_rows"
    return {"insert": new, "delete": old, "update": f"{new} UNION ALL {old}"}[event]


def _postgresql_sql(event: str) -> list[str]:
    referencing = {
        "insert": "NEW TABLE AS new_rows",
        "delete": "OLD TABLE AS old_rows",
        "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }[event]
    function = f"{TALLY}_{event}"
    return [
        f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {TALLY} AS tally (day, status, count)
            SELECT day, status, SUM(delta) FROM ({_postgresql_changes(event)}) AS changes
            GROUP BY day, status HAVING SUM(delta) <> 0 ORDER BY day, status
            ON CONFLICT (day, status) DO UPDATE SET count = tally.count + EXCLUDED.count;
            RETURN NULL;
        END $$;
        """,
        f"DROP TRIGGER IF EXISTS {function} ON {APPLICATIONS}",
        f"""
        CREATE TRIGGER {function} AFTER {event.upper()} ON {APPLICATIONS}
        REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()
        """,
    ]


def _sqlite_add(row: str, delta: int) -> str:
    day = f"django_datetime_cast_date({row}.submitted_at, '{ZONE}', 'UTC')"
    return (
        f"INSERT INTO {TALLY} (day, status, count) VALUES ({day}, {row}.status, {delta}) "
        f"ON CONFLICT (day, status) DO UPDATE SET count = count + {delta};"
    )


def _sqlite_sql(event: str) -> list[str]:
    name = f"{TALLY}_{event}"
    when, body = {
        "insert": ("INSERT", _sqlite_add("NEW", 1)),
        "delete": ("DELETE", _sqlite_add("OLD", -1)),
        "update": (
            "UPDATE OF status, submitted_at",
            _sqlite_add("OLD", -1) + " " + _sqlite_add("NEW", 1),
        ),
    }[event]
    condition = (
        " WHEN OLD.status IS NOT NEW.status OR OLD.submitted_at IS NOT NEW.submitted_at"
        if event == "update"
        else ""
    )
    return [
        f"DROP TRIGGER IF EXISTS {name}",
        f"CREATE TRIGGER {name} AFTER {when} ON {APPLICATIONS} FOR EACH ROW{condition} "
        f"BEGIN {body} END",
    ]


def install(schema_connection=None) -> None:
    """Create (or replace) the triggers, then count every application again."""
    conn = schema_connection or connection
    if conn.vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"No application tally triggers for {conn.vendor}.")
    statements = [
        sql
        for event in TRIGGERS
        for sql in (_postgresql_sql(event) if conn.vendor == "postgresql" else _sqlite_sql(event))
    ]
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # No application may change between the recount and the triggers.
            cursor.execute(f"LOCK TABLE {APPLICATIONS} IN SHARE ROW EXCLUSIVE MODE")
        for sql in statements:
            cursor.execute(sql)
        _recount(cursor, conn)


def uninstall(schema_connection=None) -> None:
    conn = schema_connection or connection
    with conn.cursor() as cursor:
        for event in TRIGGERS:
            name = f"{TALLY}_{event}"
            if conn.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {APPLICATIONS}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _recount(cursor, conn) -> None:
    cursor.execute(f"DELETE FROM {TALLY}")
    if conn.vendor == "postgresql":
        day = _postgresql_day("submitted_at")
    else:
        day = f"django_datetime_cast_date(submitted_at, '{ZONE}', 'UTC')"
    cursor.execute(
        f"INSERT INTO {TALLY} (day, status, count) "
        f"SELECT {day}, status, COUNT(*) FROM {APPLICATIONS} GROUP BY 1, 2"
    )


def counted_from_applications() -> dict[tuple, int]:
    """Every (day, status) → count, counted from the applications themselves (slow)."""
    import zoneinfo

    rows = (
        Application.objects.annotate(day=TruncDate("submitted_at", tzinfo=zoneinfo.ZoneInfo(ZONE)))
        .order_by()
        .values("day", "status")
        .annotate(count=Count("pk"))
    )
    return {(row["day"], row["status"]): row["count"] for row in rows}


def differences() -> dict[tuple, tuple[int, int]]:
    """(day, status) → (tally, counted) wherever they differ (empty: the tally is right)."""
    counted = counted_from_applications()
    kept = {(row.day, row.status): row.count for row in ApplicationTally.objects.all()}
    return {
        key: (kept.get(key, 0), counted.get(key, 0))
        for key in set(counted) | set(kept)
        if kept.get(key, 0) != counted.get(key, 0)
    }


def rebuild() -> None:
    """Count every application again (the triggers stay)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {APPLICATIONS} IN SHARE ROW EXCLUSIVE MODE")
        _recount(cursor, connection)

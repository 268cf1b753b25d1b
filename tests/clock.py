"""A fixed clock for the tests that involve "today", and a set of awkward moments for the ones
whose answer depends on the calendar.

A test that reads the date or the time asks for the ``clock`` fixture: it then runs at FIXED
(a Monday in late November, nothing special about it) instead of the day the suite happens to
run (the suite failed on 2026-12-06 because a period built 400 days back spanned two months on
that day and not on others). A test marked ``date_sensitive`` runs once at each of MOMENTS: the
first and the last day of a month, both daylight-saving changes of Europe/Brussels, 29 February
and New Year's Eve at 23:30 UTC (already 1 January in Brussels), so that a date computed in UTC
instead of the portal's time zone, or a month taken as 30 days, fails whatever day CI runs.

The clock ticks (time goes on from the chosen moment), so durations and lock waits behave as
usual. Only these tests travel: the database server keeps its own clock, so a test that compares
Python's now with the database's now() must stay on the real one, and so do the browser journeys
(the browser's cookies expire on the real clock) and tests whose Celery worker runs in another
process.

Usage: ask for ``clock`` (or ``pytest.mark.usefixtures("clock")``); for a date-sensitive test,
``@date_sensitive`` (one test) or ``pytestmark = [..., *DATE_SENSITIVE]`` (a module).
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = datetime.UTC


@dataclass(frozen=True)
class Moment:
    name: str
    at: datetime.datetime

    def __str__(self):
        return self.name


FIXED = Moment("2026-11-23", datetime.datetime(2026, 11, 23, 10, 0, tzinfo=BRUSSELS))

MOMENTS = [
    FIXED,
    # The first day of a month, half an hour after midnight: still the last day in UTC.
    Moment("first-of-month", datetime.datetime(2026, 12, 1, 0, 30, tzinfo=BRUSSELS)),
    # The last day of a 30-day month, late in the evening.
    Moment("last-of-month", datetime.datetime(2027, 4, 30, 23, 30, tzinfo=BRUSSELS)),
    # Spring: 02:00 became 03:00 half an hour ago (the day has 23 hours).
    Moment("dst-spring", datetime.datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),
    # Autumn: the second 02:30 of the day (the day has 25 hours).
    Moment("dst-autumn", datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),
    Moment("leap-day", datetime.datetime(2028, 2, 29, 12, 0, tzinfo=BRUSSELS)),
    # 23:30 UTC on 31 December is already 00:30 on 1 January in Brussels.
    Moment("new-year-utc", datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC)),
]


# For a module: ``pytestmark = [pytest.mark.django_db, *DATE_SENSITIVE]``; for one test, the
# ``@date_sensitive`` decorator below.
DATE_SENSITIVE = [pytest.mark.date_sensitive, pytest.mark.usefixtures("clock")]


def date_sensitive(test):
    """Run this test at each of MOMENTS."""
    for mark in reversed(DATE_SENSITIVE):
        test = mark(test)
    return test


class Clock:
    """The travelled clock: where it started, and the portal's today and now on it."""

    def __init__(self, moment: Moment, traveller):
        self.moment = moment
        self._traveller = traveller

    @property
    def now(self) -> datetime.datetime:
        return timezone.now()

    @property
    def today(self) -> datetime.date:
        return timezone.localdate()

    def move_to(self, destination: datetime.datetime) -> None:
        self._traveller.move_to(destination)

    def shift(self, delta: datetime.timedelta) -> None:
        self._traveller.shift(delta)

    def __repr__(self):
        return f"<Clock from {self.moment.name}: {self.now.isoformat()}>"


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "date_sensitive: run at each awkward moment of tests/clock.py (needs the clock fixture)",
    )


def pytest_generate_tests(metafunc):
    sensitive = metafunc.definition.get_closest_marker("date_sensitive") is not None
    if "clock" not in metafunc.fixturenames:
        if sensitive:
            raise pytest.UsageError(
                f"{metafunc.definition.nodeid} is marked date_sensitive but does not use the "
                "clock fixture (add it as an argument or with pytest.mark.usefixtures)."
            )
        return
    if sensitive:
        metafunc.parametrize("clock", MOMENTS, indirect=True, ids=str)


@pytest.fixture
def clock(request):
    """Run the test at a fixed moment (FIXED, or each of MOMENTS for date_sensitive tests)."""
    moment = getattr(request, "param", FIXED)
    traveller = time_machine.travel(moment.at, tick=True)
    coordinates = traveller.start()
    try:
        yield Clock(moment, coordinates)
    finally:
        traveller.stop()


@pytest.fixture(autouse=True)
def _clock_before_data(request):
    # Fixtures that create rows compute their dates when they run: the clock must be set
    # before any of them, whatever order the test lists its fixtures in.
    if "clock" in request.fixturenames:
        request.getfixturevalue("clock")

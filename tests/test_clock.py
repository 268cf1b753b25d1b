"""The fixed clock of tests/clock.py: a test that involves today runs on a known day, and the
date-sensitive ones at each awkward moment of the calendar."""

import datetime

from django.utils import timezone

from tests.clock import FIXED, MOMENTS, date_sensitive

# What each moment is in Brussels (the portal's time zone), whatever UTC says.
BRUSSELS_DAYS = {
    "2026-11-23": datetime.date(2026, 11, 23),
    "first-of-month": datetime.date(2026, 12, 1),  # 30 November in UTC
    "last-of-month": datetime.date(2027, 4, 30),
    "dst-spring": datetime.date(2027, 3, 28),
    "dst-autumn": datetime.date(2026, 10, 25),
    "leap-day": datetime.date(2028, 2, 29),
    "new-year-utc": datetime.date(2027, 1, 1),  # 31 December in UTC
}


def test_the_clock_is_fixed(clock):
    assert clock.moment == FIXED
    assert clock.today == datetime.date(2026, 11, 23)
    assert abs(clock.now - FIXED.at) < datetime.timedelta(minutes=1)  # it ticks from there


@date_sensitive
def test_a_date_sensitive_test_runs_at_each_moment(clock):
    assert clock.today == BRUSSELS_DAYS[clock.moment.name]
    assert timezone.localdate() == clock.today


def test_the_moments_are_awkward():
    days = {moment.name: timezone.localdate(moment.at) for moment in MOMENTS}
    assert days == BRUSSELS_DAYS
    utc_days = {moment.name: moment.at.astimezone(datetime.UTC).date() for moment in MOMENTS}
    assert utc_days["new-year-utc"].year == 2026 and days["new-year-utc"].year == 2027
    assert utc_days["first-of-month"].day == 30
    # The two days of the year whose length is not 24 hours in Brussels.
    for name, hours in (("dst-spring", 23), ("dst-autumn", 25)):
        day = days[name]
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        end = timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
        )
        assert end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC) == datetime.timedelta(
            hours=hours
        ), name

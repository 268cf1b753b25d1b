"""The period the dashboard's time-based figures and charts cover.

A period is a range of whole days in Brussels time, both ends included. The quick choices are
calendar periods around today (this month, this quarter, this year) and the default, the last
twelve months including the current one, which is also what the applications chart shows when
nothing is chosen.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from config.dates import add_months
from config.l10n import date_format  # "1er janvier 2026"

BRUSSELS = zoneinfo.ZoneInfo(settings.TIME_ZONE)

LAST_12_MONTHS = "12m"
THIS_MONTH = "month"
THIS_QUARTER = "quarter"
THIS_YEAR = "year"
CUSTOM = "custom"

PERIOD_CHOICES = [
    (LAST_12_MONTHS, _("Last 12 months")),
    (THIS_MONTH, _("This month")),
    (THIS_QUARTER, _("This quarter")),
    (THIS_YEAR, _("This year")),
    (CUSTOM, _("Custom dates")),
]
DEFAULT_PERIOD = LAST_12_MONTHS


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # included

    @property
    def starts_at(self) -> datetime.datetime:
        """Midnight at the start of the first day, Brussels time."""
        return datetime.datetime.combine(self.start, datetime.time.min, tzinfo=BRUSSELS)

    @property
    def ends_before(self) -> datetime.datetime:
        """Midnight after the last day, Brussels time (the first instant outside the period)."""
        following = self.end + datetime.timedelta(days=1)
        return datetime.datetime.combine(following, datetime.time.min, tzinfo=BRUSSELS)

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches, in order."""
        month = self.start.replace(day=1)
        months = []
        while month <= self.end:
            months.append(month)
            month = add_months(month, 1)
        return months

    @property
    def label(self) -> str:
        return f"{date_format(self.start, 'DATE_FORMAT')} – {date_format(self.end, 'DATE_FORMAT')}"


def _last_day_of_month(day: datetime.date) -> datetime.date:
    return add_months(day.replace(day=1), 1) - datetime.timedelta(days=1)


def period_for(
    kind: str,
    today: datetime.date,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Period:
    """The period of a quick choice around ``today``, or the custom ``start``–``end``."""
    if kind == CUSTOM and start and end:
        return Period(CUSTOM, start, end)
    if kind == THIS_MONTH:
        return Period(kind, today.replace(day=1), _last_day_of_month(today))
    if kind == THIS_QUARTER:
        first = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
        return Period(kind, first, _last_day_of_month(add_months(first, 2)))
    if kind == THIS_YEAR:
        return Period(kind, datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))
    first = add_months(today.replace(day=1), -11)
    return Period(LAST_12_MONTHS, first, _last_day_of_month(today))

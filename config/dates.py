"""Date arithmetic, and the range of dates the portal accepts.

Python's dates stop at year 9999 and the arithmetic the portal does on them (a mandate's end
24 months after its start, an interview's end, a relay deadline a week after receipt, a
conversion to UTC for the calendar invitation) overflows near either end. A date outside a
sensible range is also always a typing mistake. So every date a person types is checked against
one of the ranges below, in the form (``config.fields``) and again in the model or the service
that does the arithmetic, with the same message: never an OverflowError, a server error.
"""

import calendar
import contextlib
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# Nothing the portal records (a mandate, a circular, a membership) is older than this.
EARLIEST_DATE = datetime.date(1900, 1, 1)

OUT_OF_RANGE_MESSAGE = _("Enter a date between %(min)s and %(max)s.")
OUT_OF_RANGE_CODE = "date_out_of_range"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class DateRange:
    """The dates accepted for one kind of date, from ``today`` (Brussels) at the time of checking."""

    earliest: Callable[[datetime.date], datetime.date]
    latest: Callable[[datetime.date], datetime.date]

    def limits(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or timezone.localdate()
        return self.earliest(today), self.latest(today)

    def error(self, today: datetime.date | None = None) -> ValidationError:
        first, last = self.limits(today)
        return ValidationError(
            OUT_OF_RANGE_MESSAGE,
            code=OUT_OF_RANGE_CODE,
            params={
                "min": date_format(first, "SHORT_DATE_FORMAT"),
                "max": date_format(last, "SHORT_DATE_FORMAT"),
            },
        )

    def check(self, value: datetime.date | datetime.datetime | None) -> None:
        """Raise the range's ValidationError when ``value`` (a date or a moment) is outside it."""
        if value is None:
            return
        today = timezone.localdate()
        first, last = self.limits(today)
        if not first <= local_day(value) <= last:
            raise self.error(today)


def local_day(value: datetime.date | datetime.datetime) -> datetime.date:
    """The day of a date, or of a moment in Brussels; a moment too close to year 1 or 9999 to be
    converted keeps its own day (it is out of every range anyway)."""
    if not isinstance(value, datetime.datetime):
        return value
    if timezone.is_aware(value):
        with contextlib.suppress(OverflowError, ValueError):
            value = timezone.localtime(value)
    return value.date()


# Any date a person types: from 1900 to ten years ahead.
ANY_DATE = DateRange(lambda today: EARLIEST_DATE, lambda today: add_months(today, 12 * 10))
# An interview: planned from today up to two years ahead. Scheduling one sends the candidate an
# invitation, so none is ever recorded after the fact (the services also refuse a start earlier
# than now, today included: recruitment.pipeline).
INTERVIEW_DATES = DateRange(lambda today: today, lambda today: add_months(today, 12 * 2))
# A mandate starting on accepting a candidate: within two years of today, either way.
MANDATE_START_DATES = DateRange(
    lambda today: add_months(today, -12 * 2), lambda today: add_months(today, 12 * 2)
)


class DatesWithinRange:
    """Model mixin: ``full_clean`` refuses any date or moment of the row outside ``ANY_DATE``,
    on its field, so that the admin (whose forms the portal does not build) cannot store a
    date that the arithmetic or the calendar invitation would overflow on. Fields computed from
    others (a mandate's end) are named in ``derived_dates`` and left alone."""

    derived_dates: tuple[str, ...] = ()

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for model_field in self._meta.concrete_fields:
            name = model_field.name
            if (
                not isinstance(model_field, models.DateField)  # DateTimeField included
                or not model_field.editable
                or name in self.derived_dates
                or name in (exclude or ())
                or name in errors
            ):
                continue
            try:
                ANY_DATE.check(getattr(self, model_field.attname))
            except ValidationError as error:
                errors[name] = error.error_list
        if errors:
            raise ValidationError(errors)

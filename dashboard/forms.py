import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from config.dates import ANY_DATE, DateRange
from config.fields import BoundedDateField
from dashboard.periods import CUSTOM, DEFAULT_PERIOD, PERIOD_CHOICES, Period, period_for

# Nothing the portal records is older than the organisation; far-off dates would only overflow
# the date arithmetic (the portal's usual limit, ten years ahead).
PERIOD_DATES = DateRange(lambda today: datetime.date(1961, 1, 1), ANY_DATE.latest)
# A custom period of at most ten years keeps the monthly chart readable (120 bars).
MAX_CUSTOM_DAYS = 3653


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates, which the French input formats accept."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """The period of the time-based figures: a quick choice, or custom dates (both required)."""

    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    start = BoundedDateField(
        label=_("From"), required=False, widget=DateInput(), bounds=PERIOD_DATES
    )
    end = BoundedDateField(
        label=_("To (included)"), required=False, widget=DateInput(), bounds=PERIOD_DATES
    )

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period")
        if not period and (self.data.get("start") or self.data.get("end")):
            # Dates without a quick choice (a shared or hand-typed link) mean custom dates:
            # they are checked and shown, never silently replaced by the default period.
            period = CUSTOM
        period = period or DEFAULT_PERIOD
        cleaned["period"] = period
        if period != CUSTOM:
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        for name, value in (("start", start), ("end", end)):
            if name in self.errors:
                continue
            if value is None:
                self.add_error(
                    name,
                    _("Give the first day of the period.")
                    if name == "start"
                    else _("Give the last day of the period."),
                )
        if self.errors:
            return cleaned
        if end < start:
            # Said on the page (the field and the note above the form), with the default
            # period shown meanwhile: never an empty or swapped period without a word.
            self.add_error("end", _("The end of the period cannot come before its start."))
        elif (end - start).days >= MAX_CUSTOM_DAYS:
            self.add_error("end", _("A custom period covers at most ten years."))
        return cleaned

    def chosen_period(self, today: datetime.date) -> Period:
        """The period chosen, or the default one when the form is empty or has errors."""
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return period_for(data["period"], today, data.get("start"), data.get("end"))
        return period_for(DEFAULT_PERIOD, today)

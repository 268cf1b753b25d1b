"""Form fields shared by the apps."""

from django import forms
from django.db import models

from config.dates import ANY_DATE, DateRange


class KnownChoices(forms.ModelMultipleChoiceField):
    """Several objects chosen by number; a number no database column can hold is refused here,
    before the query (SQLite answers it with an OverflowError, a server error)."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                try:
                    number = int(str(pk))
                except (TypeError, ValueError):
                    continue  # Django's own check names the wrong value
                if not -(2**63) <= number < 2**63:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


# Dates -----------------------------------------------------------------------------------------


class BoundedDateField(forms.DateField):
    """A date inside a range (``config.dates``: any date from 1900 to ten years ahead unless
    told otherwise): year 1 or 9999 gets a clear message, not an overflow further on."""

    def __init__(self, *, bounds: DateRange = ANY_DATE, **kwargs):
        self.bounds = bounds
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        self.bounds.check(value)


class BoundedDateTimeField(forms.DateTimeField):
    """A moment whose day (in Brussels) is inside a range; see ``BoundedDateField``."""

    def __init__(self, *, bounds: DateRange = ANY_DATE, **kwargs):
        self.bounds = bounds
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            # A moment at the very edge of the calendar cannot be given a time zone.
            raise self.bounds.error() from None

    def validate(self, value):
        super().validate(value)
        self.bounds.check(value)


BOUNDED_FIELDS = (BoundedDateField, BoundedDateTimeField)


def bounded_formfield(db_field, **kwargs):
    """A ModelForm's ``Meta.formfield_callback``: the model's dates become bounded fields."""
    if isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", BoundedDateTimeField)
    elif isinstance(db_field, models.DateField):
        kwargs.setdefault("form_class", BoundedDateField)
    return db_field.formfield(**kwargs)

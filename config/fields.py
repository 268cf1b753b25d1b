"""Form fields shared by the apps."""

from django import forms


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

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from actions.models import Circular, CircularStatus
from config.widgets import KeptSelect


class CircularFilter(django_filters.FilterSet):
    """The registry's filters; the queryset must come from ``Circular.objects.with_status``."""

    q = django_filters.CharFilter(
        label=_("Reference or title"), method="filter_text", widget=forms.TextInput()
    )
    # Every drop-down rendered once per language and choice (config/widgets.py).
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Circular.Kind.choices,
        empty_label=_("All kinds"),
        widget=KeptSelect(),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=countries,
        method="filter_country",
        empty_label=_("All countries"),
        # The 250 countries: rendered once per language and choice (config/widgets.py).
        widget=KeptSelect(kept_as="countries"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=CircularStatus.choices,
        empty_label=_("All statuses"),
        widget=KeptSelect(),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue"),
        field_name="is_overdue",
        widget=forms.CheckboxInput(),
        method="filter_overdue",
    )

    class Meta:
        model = Circular
        fields = ["q", "kind", "country", "status", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"
            elif isinstance(field.widget, forms.TextInput):
                field.widget.attrs["class"] = "form-control"

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(index_number__icontains=value)
            | Q(title__icontains=value)
        )

    def filter_country(self, queryset, name, value):
        # Country codes are stored comma-separated, two letters each: "MX" cannot match inside
        # another code.
        return queryset.filter(countries__contains=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(is_overdue=True) if value else queryset

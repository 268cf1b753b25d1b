import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from config.fields import BoundedDateField, KnownChoices, bounded_formfield
from coordinations import selectors
from coordinations.models import (
    MINIMUM_LEAD_COMMITMENT_MONTHS,
    Activity,
    Coordination,
    HandoverNote,
    Mandate,
    MandateRequest,
    OnboardingStep,
    Responsibility,
)


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates, which the French input formats accept."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _not_in_the_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
    return day


class MandateForm(forms.ModelForm):
    """Staff start or correct a mandate; a lead mandate under 24 months is refused here first."""

    class Meta:
        model = Mandate
        # Any date from 1900: staff also record and correct mandates held years ago.
        formfield_callback = bounded_formfield
        fields = [
            "coordination",
            "volunteer",
            "role",
            "start_date",
            "commitment_months",
            "optional_responsibilities",
        ]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        months = cleaned.get("commitment_months")
        if (
            role == Mandate.Role.LEAD
            and months is not None
            and months < MINIMUM_LEAD_COMMITMENT_MONTHS
        ):
            self.add_error(
                "commitment_months",
                _("A coordinator commits for at least 24 months: choose 24 months or more."),
            )
        return cleaned


# Public listing ------------------------------------------------------------------------------


class CoordinationFilter(django_filters.FilterSet):
    """The filters of the public listing: kind, vacant only, country."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Coordination.Kind.choices, empty_label=_("All kinds")
    )
    vacant = django_filters.BooleanFilter(
        label=_("Vacant only"), method="filter_vacant", widget=forms.CheckboxInput
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), method="filter_country", empty_label=_("All countries")
    )

    class Meta:
        model = Coordination
        fields = ["kind", "vacant", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = selectors.countries_covered()

    def filter_vacant(self, queryset, name, value):
        # An unticked box means "all", never "filled only".
        return queryset.filter(is_vacant=True) if value else queryset

    def filter_country(self, queryset, name, value):
        # Codes are stored as "BI,CD,RW": two letters between commas, so "contains" is exact.
        return queryset.filter(countries__contains=value) if value else queryset


# My space ------------------------------------------------------------------------------------


class MandateRequestForm(forms.ModelForm):
    """The coordinator tells the secretariat they wish to renew or to hand over."""

    class Meta:
        model = MandateRequest
        fields = ["kind", "message"]
        widgets = {
            "kind": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"kind": _("Your wish"), "message": _("A word for the secretariat (optional)")}

    def __init__(self, *args, mandate: Mandate, **kwargs):
        super().__init__(*args, **kwargs)
        self.mandate = mandate
        self.fields["kind"].choices = MandateRequest.Kind.choices

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if self.mandate.requests.filter(kind=kind, handled_at__isnull=True).exists():
            raise forms.ValidationError(
                _("You already sent this request: the secretariat will get back to you.")
            )
        return kind


class OptionalTasksForm(forms.Form):
    tasks = KnownChoices(
        label=_("Optional tasks I take on"),
        queryset=Responsibility.objects.filter(kind=Responsibility.Kind.OPTIONAL),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class OnboardingTickForm(forms.Form):
    step = forms.ModelChoiceField(queryset=OnboardingStep.objects.all(), widget=forms.HiddenInput)
    done_on = BoundedDateField(label=_("Done on"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def clean_done_on(self):
        return _not_in_the_future(self.cleaned_data["done_on"])


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        formfield_callback = bounded_formfield
        fields = ["date", "kind", "duration_minutes", "note"]
        widgets = {"date": DateInput}
        help_texts = {"duration_minutes": _("Optional: counted in your volunteering hours.")}

    def __init__(self, *args, mandate: Mandate, **kwargs):
        super().__init__(*args, **kwargs)
        self.mandate = mandate
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate

    def clean_date(self):
        day = _not_in_the_future(self.cleaned_data["date"])
        if day < self.mandate.start_date:
            raise forms.ValidationError(
                _("This date is before the start of the mandate (%(start)s).")
                % {"start": self.mandate.start_date.strftime("%d/%m/%Y")}
            )
        return day


class HandoverNoteForm(forms.ModelForm):
    class Meta:
        model = HandoverNote
        fields = ["topic", "title", "body", "link"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


# Admin actions -------------------------------------------------------------------------------


class MandateEndForm(forms.Form):
    """The intermediate page of the admin action "end": when, how and why."""

    ended_on = BoundedDateField(label=_("Last day"), widget=DateInput, initial=timezone.localdate)
    end_kind = forms.ChoiceField(
        label=_("How it ends"),
        choices=[
            (Mandate.EndKind.STEPPED_DOWN.value, Mandate.EndKind.STEPPED_DOWN.label),
            (Mandate.EndKind.COMPLETED.value, Mandate.EndKind.COMPLETED.label),
            (Mandate.EndKind.OTHER.value, Mandate.EndKind.OTHER.label),
        ],
        initial=Mandate.EndKind.STEPPED_DOWN,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the coordinator steps down early."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("end_kind") == Mandate.EndKind.STEPPED_DOWN
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Say why the mandate ends early."))
        return cleaned


class MandateHandOverForm(forms.Form):
    """The intermediate page of the admin action "hand over": who takes over, and when."""

    successor = forms.ModelChoiceField(
        label=_("Successor"),
        queryset=User.objects.filter(is_active=True).order_by("first_name", "last_name"),
    )
    last_day = BoundedDateField(
        label=_("Last day of the current coordinator"),
        widget=DateInput,
        initial=timezone.localdate,
        help_text=_("The successor's mandate starts the next day."),
    )
    commitment_months = forms.IntegerField(
        label=_("Successor's commitment (months)"),
        min_value=1,
        initial=MINIMUM_LEAD_COMMITMENT_MONTHS,
    )
    reason = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, successor_widget=None, **kwargs):
        super().__init__(*args, **kwargs)
        if successor_widget is not None:
            # A widget set after the field was built must be given its choices by hand.
            successor_widget.choices = self.fields["successor"].choices
            self.fields["successor"].widget = successor_widget

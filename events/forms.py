from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.dates import DateRange, add_months
from config.fields import BoundedDateField, bounded_formfield
from events.models import Event, Shift, Training

# An event or a shift is planned at most three years ahead, and recorded at most a year back.
EVENT_DATES = DateRange(lambda today: add_months(today, -12), lambda today: add_months(today, 36))
# Time is logged for the last twelve months, never ahead.
LOGGED_DATES = DateRange(lambda today: add_months(today, -12), lambda today: today)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ListFilterForm(forms.Form):
    """The list's filters (GET): a wrong value is simply ignored."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Event.Kind.choices]
    )
    past = forms.BooleanField(label=_("Past events"), required=False)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("The code given out on the spot"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


ATTENDANCE_CHOICES = [("", _("Not marked")), ("yes", _("Came")), ("no", _("Did not come"))]


class AttendanceForm(forms.Form):
    """One choice per confirmed participation: came, did not come, or not marked."""

    def __init__(self, *args, participations, **kwargs):
        super().__init__(*args, **kwargs)
        self.participations = [p for p in participations if p.status == "confirmed"]
        for participation in self.participations:
            initial = {True: "yes", False: "no"}.get(participation.attended, "")
            self.fields[f"p{participation.pk}"] = forms.ChoiceField(
                label=participation.person.get_full_name() or participation.person.email,
                choices=ATTENDANCE_CHOICES,
                required=False,
                initial=initial,
                widget=forms.RadioSelect,
            )

    def rows(self):
        return [(p, self[f"p{p.pk}"]) for p in self.participations]

    def marks(self) -> dict[int, bool | None]:
        values = {"yes": True, "no": False, "": None}
        return {p.pk: values[self.cleaned_data.get(f"p{p.pk}") or ""] for p in self.participations}


class VolunteerTimeForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Volunteer"), queryset=None)
    date = BoundedDateField(label=_("Date"), widget=DateInput, bounds=LOGGED_DATES)
    hours = forms.DecimalField(
        label=_("Time (hours)"),
        min_value=Decimal("0.25"),
        max_value=Decimal(24),
        decimal_places=2,
        max_digits=4,
        localize=True,
        help_text=_("For example 1,5 for an hour and a half."),
    )
    description = forms.CharField(label=_("What was done"), max_length=300)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, required=False)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        from actions.models import Circular
        from groups.models import Membership

        members = Membership.objects.filter(group=group).values("volunteer")
        from django.contrib.auth import get_user_model

        self.fields["person"].queryset = (
            get_user_model().objects.filter(pk__in=members).order_by("last_name", "first_name")
        )
        self.fields["person"].label_from_instance = lambda u: u.get_full_name() or u.email
        self.fields["campaign"].queryset = Circular.objects.filter(
            kind=Circular.Kind.CAMPAIGN
        ).order_by("-issued_on")
        self.fields["campaign"].label_from_instance = lambda c: c.title
        self.fields["date"].initial = timezone.localdate

    def minutes(self) -> int:
        return int(self.cleaned_data["hours"] * 60)


class EventForm(forms.ModelForm):
    """An event, as its organisers (a coordinator, a group's leader) write it."""

    postal_code = forms.CharField(
        label=_("Postal code or commune"),
        required=False,
        max_length=100,
        help_text=_("Where the event is shown on the map."),
    )

    class Meta:
        model = Event
        formfield_callback = bounded_formfield
        fields = [
            "title",
            "title_en",
            "kind",
            "training",
            "status",
            "audience",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "video_url",
            "description",
            "description_en",
            "takes_registrations",
            "capacity",
            "waiting_list",
            "registration_deadline",
            "cancel_notice_hours",
            "credited_minutes",
        ]
        widgets = {
            "starts_at": DateTimeInput,
            "ends_at": DateTimeInput,
            "registration_deadline": DateTimeInput,
            "description": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, organiser: str, coordination=None, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organiser, self.coordination, self.group = organiser, coordination, group
        for name in ("starts_at", "ends_at", "registration_deadline"):
            self.fields[name].bounds = EVENT_DATES
        self.fields["training"].queryset = Training.objects.all()
        audiences = dict(Event.Audience.choices)
        if group is None:
            audiences.pop(Event.Audience.GROUP)
        self.fields["audience"].choices = list(audiences.items())
        if self.instance.place_id:
            self.fields["postal_code"].initial = self.instance.place.label

    def clean_postal_code(self):
        from groups import selectors as group_selectors

        value = self.cleaned_data["postal_code"].strip()
        if not value:
            return None
        lookup = group_selectors.find_place(value)
        if lookup.place is None:
            raise forms.ValidationError(
                _(
                    "We do not know this postal code or commune. Check it, for example 5000 or Namur."
                )
            )
        return lookup.place

    def _post_clean(self):
        self.instance.organiser = self.organiser
        self.instance.coordination = self.coordination
        if self.group is not None:
            self.instance.group = self.group
        if "postal_code" in self.cleaned_data:
            self.instance.place = self.cleaned_data["postal_code"]
        super()._post_clean()


class ShiftForm(forms.ModelForm):
    class Meta:
        model = Shift
        formfield_callback = bounded_formfield
        fields = ["role", "role_en", "starts_at", "ends_at", "capacity"]
        widgets = {"starts_at": DateTimeInput, "ends_at": DateTimeInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].bounds = EVENT_DATES


ShiftFormSet = forms.inlineformset_factory(
    Event, Shift, form=ShiftForm, extra=2, can_delete=True, max_num=60, validate_max=True
)

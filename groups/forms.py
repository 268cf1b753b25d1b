import re

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from config.fields import BoundedDateField
from config.honeypot import HoneypotMixin
from config.widgets import KeptSelect
from coordinations.models import Coordination
from groups import selectors
from groups.models import FRENCH_SPEAKING_PROVINCES, GroupTask, LocalGroup, Membership, Province
from groups.services import LEADER_EDITABLE_FIELDS, MAX_COFOUNDERS

# Coordinates a browser may send: anywhere on Earth (a visitor abroad gets the nearest groups
# all the same, with a word of warning).
LATITUDE = {"min_value": -90, "max_value": 90}
LONGITUDE = {"min_value": -180, "max_value": 180}


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates, which the French input formats accept."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class GroupSearchForm(forms.Form):
    """Find a group: a postal code or a commune, or the browser's position; a province."""

    q = forms.CharField(
        label=_("Postal code or commune"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("For example 5000 or Namur"),
                "autocomplete": "off",
                "list": "place-suggestions",
                "inputmode": "search",
                "class": "form-control",
            }
        ),
    )
    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        choices=[("", _("All provinces"))]
        + [(code, Province(code).label) for code in FRENCH_SPEAKING_PROVINCES],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, **LATITUDE)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, **LONGITUDE)

    def position(self) -> tuple[float, float] | None:
        """The browser's position, when both coordinates came and are valid."""
        if not self.is_bound:
            return None
        self.is_valid()  # fills cleaned_data with the fields that are right
        lat, lon = self.cleaned_data.get("lat"), self.cleaned_data.get("lon")
        if lat is None or lon is None:
            return None
        return lat, lon


class ContactForm(HoneypotMixin, forms.Form):
    """A visitor writes to a group. ``website`` is a trap for robots: people never see it."""

    honeypot_css_class = "groups-hp"

    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The group answers you at this address; it is not shown to anyone else."),
    )
    message = forms.CharField(
        label=_("Your message"),
        min_length=10,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A word for the group's leader (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GroupPageForm(forms.ModelForm):
    """What a group's leader keeps up to date on the group's page."""

    class Meta:
        model = LocalGroup
        fields = LEADER_EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "meeting_address": forms.Textarea(attrs={"rows": 3}),
            "individuals_at_risk": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_founded_in(self):
        year = self.cleaned_data.get("founded_in")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("The founding year cannot be in the future."))
        return year


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


# Up to this many coordinations, the filter is a drop-down list; beyond (the movement's scale),
# a text box where the coordination's name is typed.
COORDINATION_SELECT_MAX = 500


class CoordinationField(forms.ModelChoiceField):
    """A coordination by its slug (from the drop-down list or a link) or its name as typed."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value)
        if "\x00" in value or len(value) > 200:  # no name has them; PostgreSQL refuses NUL
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        found = self.queryset.filter(slug=value).first() or (
            self.queryset.filter(name__iexact=value.strip()).order_by("pk").first()
        )
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return found


class CoordinatorFilterForm(forms.Form):
    coordination = CoordinationField(
        label=_("Coordination"),
        queryset=Coordination.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any coordination"),
        # Up to COORDINATION_SELECT_MAX options, rendered once per list (config/widgets.py).
        widget=KeptSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["coordination"]
        field.queryset = selectors.coordinations_with_coordinators()
        # The options come from the cache (the same query count at every scale).
        choices = selectors.coordination_filter_choices(COORDINATION_SELECT_MAX)
        if len(choices) <= COORDINATION_SELECT_MAX:
            field.widget.choices = [("", field.empty_label), *choices]
        else:
            field.widget = forms.TextInput(attrs={"class": "form-control"})
            field.help_text = _("The name of a coordination: a country, a region or a theme.")
            field.error_messages["invalid_choice"] = _(
                "No coordinator holds a coordination of this name. Check the spelling."
            )


class VisitRequestForm(HoneypotMixin, forms.Form):
    first_date = BoundedDateField(label=_("Proposed date"), widget=DateInput)
    second_date = BoundedDateField(
        label=_("Another possible date"), required=False, widget=DateInput
    )
    third_date = BoundedDateField(
        label=_("A third possible date"), required=False, widget=DateInput
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=200,
        help_text=_("For example: the situation in the country before our letter-writing evening."),
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The coordinator receives it by e-mail and can answer you by e-mail or from the portal."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in ("first_date", "second_date", "third_date"):
            day = cleaned.get(name)
            if day and day < today:
                self.add_error(name, _("Propose dates from today on."))
        return cleaned


class VisitAcceptForm(forms.Form):
    chosen_date = forms.TypedChoiceField(label=_("The date you come"), coerce=str)
    answer = forms.CharField(
        label=_("A word for the group (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, prefix=f"accept-{visit.pk}", **kwargs)
        self.visit = visit
        self.fields["chosen_date"].choices = [
            (day.isoformat(), _date_label(day)) for day in visit.proposed_dates
        ]

    def clean_chosen_date(self):
        value = self.cleaned_data["chosen_date"]
        for day in self.visit.proposed_dates:
            if day.isoformat() == value:
                return day
        raise forms.ValidationError(_("Choose one of the dates the group proposed."))


class VisitDeclineForm(forms.Form):
    answer = forms.CharField(
        label=_("A word for the group (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, prefix=f"decline-{visit.pk}", **kwargs)
        self.visit = visit


def _date_label(day) -> str:
    from config.l10n import date_format  # "1er mars"

    return date_format(day, "DATE_FORMAT")


# The group's tasks ----------------------------------------------------------------------------


class TaskForm(forms.ModelForm):
    """A task the group carries on: its kind, and a label to tell two of a kind apart."""

    class Meta:
        model = GroupTask
        fields = ["kind", "label"]


class TaskAssignForm(forms.Form):
    """Who takes a task on: a tick for each member of the task's group."""

    assignees = forms.ModelMultipleChoiceField(
        label=_("Members in charge"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, task: GroupTask, memberships, **kwargs):
        kwargs.setdefault("prefix", f"task-{task.pk}")
        super().__init__(*args, **kwargs)
        field = self.fields["assignees"]
        field.queryset = Membership.objects.filter(group_id=task.group_id)
        # The group's members are already loaded: label each without one query per member.
        field.choices = [(m.pk, m.volunteer.display_name) for m in memberships]
        if not self.is_bound:
            self.initial["assignees"] = [m.pk for m in task.assignees.all()]


# Founding a group -----------------------------------------------------------------------------

EMAIL_SEPARATORS = re.compile(r"[\s,;]+")


class FoundingRequestForm(forms.Form):
    """A volunteer asks to found a group: the commune, a few words, the co-founders."""

    place = forms.CharField(
        label=_("Postal code or commune"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("For example 5000 or Namur")}),
    )
    description = forms.CharField(
        label=_("A few words"),
        help_text=_("Who you are, and what the group would like to do."),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    cofounder_emails = forms.CharField(
        label=_("Your co-founders' e-mail addresses"),
        help_text=_(
            "At least one person who will found the group with you, one address per line. "
            "They will be told of your request, and invited to join the group once it exists."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, founder, **kwargs):
        super().__init__(*args, **kwargs)
        self.founder = founder

    def clean_place(self):
        lookup = selectors.find_place(self.cleaned_data["place"])
        if lookup.place is None:
            raise forms.ValidationError(
                _(
                    "We do not know this postal code or commune. Check it, for example 5000 or Namur."
                ),
                code="unknown_place",
            )
        return lookup.place

    def clean_cofounder_emails(self):
        emails = []
        for email in EMAIL_SEPARATORS.split(self.cleaned_data["cofounder_emails"]):
            email = email.strip().lower()
            if not email or email in emails:
                continue
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(email)s” is not an e-mail address.") % {"email": email},
                    code="invalid_email",
                ) from None
            emails.append(email)
        if not emails:
            raise forms.ValidationError(
                _("Give the e-mail address of at least one co-founder."), code="no_cofounder"
            )
        if self.founder.email.lower() in emails:
            raise forms.ValidationError(
                _("A co-founder is someone else: leave your own address out."),
                code="own_address",
            )
        if len(emails) > MAX_COFOUNDERS:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Give at most %(count)d address: the others can join once the group exists.",
                    "Give at most %(count)d addresses: the others can join once the group exists.",
                    MAX_COFOUNDERS,
                )
                % {"count": MAX_COFOUNDERS},
                code="too_many",
            )
        return emails

import datetime

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actions.models import (
    LETTER_PLACEHOLDERS_HELP,
    ActionProposal,
    ActionTarget,
    Circular,
    CircularAttachment,
    FollowUpReport,
)
from actions.validators import ACCEPTED_TYPES, validate_circular_document
from config.fields import BoundedDateField, KnownChoices, bounded_formfield
from coordinations.models import Coordination
from coordinations.selectors import coordinations_with_vacancy
from groups.models import FRENCH_SPEAKING_PROVINCES, LocalGroup


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CircularForm(forms.ModelForm):
    """Register a circular (or an update of one); the first PDF can be attached here."""

    attachment = forms.FileField(
        label=_("Document"),
        required=False,
        validators=[validate_circular_document],
        help_text=_(
            "A PDF, or a letter template as a Word (.docx) document, of at most 10 MB. You can "
            "add more files on the circular's page."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )
    attachment_title = forms.CharField(label=_("Title of the document"), required=False)

    class Meta:
        model = Circular
        field_classes = {"themes": KnownChoices}
        formfield_callback = bounded_formfield
        fields = [
            "reference",
            "index_number",
            "title",
            "kind",
            "priority",
            "countries",
            "themes",
            "issued_on",
            "received_on",
            "action_deadline",
            "language",
            "summary",
            "letter_text",
            "link",
        ]
        widgets = {
            "issued_on": DateInput(),
            "received_on": DateInput(),
            "action_deadline": DateInput(),
            "themes": forms.CheckboxSelectMultiple(),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "letter_text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, parent: Circular | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        self.fields["countries"].widget.attrs.update({"size": 8, "class": "actions-countries"})
        if self.instance.pk:
            del self.fields["attachment"], self.fields["attachment_title"]
        elif parent is not None:
            self.instance.parent = parent
            for name in ("kind", "priority", "countries", "language", "action_deadline"):
                self.initial.setdefault(name, getattr(parent, name))
            self.initial.setdefault("themes", list(parent.themes.all()))
            self.initial.setdefault("title", parent.title)
        self.initial.setdefault("received_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("attachment") and not data.get("link"):
            raise forms.ValidationError(
                _("Attach the circular as a PDF or give the link where it can be read.")
            )
        return data


class TargetForm(forms.ModelForm):
    class Meta:
        model = ActionTarget
        fields = ["authority", "salutation", "address", "email"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


TargetFormSet = inlineformset_factory(
    Circular, ActionTarget, form=TargetForm, extra=2, can_delete=True, max_num=20
)


def kept_targets(formset) -> list[ActionTarget]:
    """The targets a valid formset keeps, in their order, not yet saved."""
    return [
        form.instance
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class CoordinationChoices(KnownChoices):
    def __init__(self, *args, proposed=(), **kwargs):
        self.proposed = {c.pk for c in proposed}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, coordination):
        label = coordination.name
        notes = []
        if coordination.pk in self.proposed:
            notes.append(str(_("matches this circular")))
        if getattr(coordination, "is_vacant", False):
            notes.append(str(_("vacant")))
            if getattr(coordination, "arrives_on", None):
                notes.append(
                    _("arrives on %(date)s")
                    % {"date": date_format(coordination.arrives_on, "SHORT_DATE_FORMAT")}
                )
        return f"{label} ({', '.join(notes)})" if notes else label


class AssignmentForm(forms.Form):
    """Staff choose the coordinations; those matching the circular are ticked in advance."""

    coordinations = CoordinationChoices(
        label=_("Coordinations"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple(),
        help_text=_("The coordinations whose countries or theme match are already ticked."),
    )
    relay_due_on = BoundedDateField(
        label=_("Relay to the groups by"),
        widget=DateInput(),
        help_text=_("By default a week after receipt, two days when the circular is urgent."),
    )
    note = forms.CharField(
        label=_("Note for the coordinator"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, circular: Circular, proposed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.circular = circular
        assigned = {a.coordination_id for a in circular.assignments.all()}
        field = self.fields["coordinations"]
        field.queryset = (
            coordinations_with_vacancy().active().exclude(pk__in=assigned).order_by("name")
        )
        field.proposed = {c.pk for c in proposed}
        self.initial.setdefault("coordinations", [c.pk for c in proposed if c.pk not in assigned])
        self.initial.setdefault("relay_due_on", circular.default_relay_due_on())

    def clean_relay_due_on(self):
        due = self.cleaned_data["relay_due_on"]
        if due < self.circular.received_on:
            raise forms.ValidationError(
                _("The relay due date cannot come before the circular was received.")
            )
        return due


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Circular.Outcome.choices)
    note = forms.CharField(
        label=_("About the outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    closed_on = BoundedDateField(label=_("Known on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("closed_on", timezone.localdate())

    def clean_closed_on(self):
        closed_on = self.cleaned_data["closed_on"]
        if closed_on > timezone.localdate():
            raise forms.ValidationError(_("The outcome cannot be known in the future."))
        return closed_on


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        validators=[validate_circular_document],
        help_text=LETTER_PLACEHOLDERS_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )
    title = forms.CharField(label=_("Title of the document"), required=False, max_length=200)


class ProposalForm(forms.ModelForm):
    """A proposal to the groups: what to do, for which groups, when, and when to report."""

    provinces = forms.MultipleChoiceField(
        label=_("Provinces"),
        required=False,
        choices=[(p.value, p.label) for p in FRENCH_SPEAKING_PROVINCES],
        widget=forms.CheckboxSelectMultiple(),
        help_text=_("When the proposal is for the groups of some provinces."),
    )

    class Meta:
        model = ActionProposal
        field_classes = {
            "chosen_groups": KnownChoices,
            "documents": KnownChoices,
            "targets": KnownChoices,
        }
        formfield_callback = bounded_formfield
        fields = [
            "coordination",
            "title",
            "request",
            "target",
            "provinces",
            "chosen_groups",
            "starts_on",
            "ends_on",
            "follow_up_due_on",
            "documents",
            "targets",
        ]
        widgets = {
            "request": forms.Textarea(attrs={"rows": 6}),
            "target": forms.RadioSelect(),
            "chosen_groups": forms.SelectMultiple(attrs={"size": 10}),
            "documents": forms.CheckboxSelectMultiple(),
            "targets": forms.CheckboxSelectMultiple(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "follow_up_due_on": DateInput(),
        }
        help_texts = {"chosen_groups": _("When the proposal is for chosen groups.")}

    def __init__(self, *args, user, circular: Circular | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.circular = circular
        coordinations = self.fields["coordination"]
        coordinations.queryset = proposing_coordinations(user, circular)
        coordinations.empty_label = None
        self.fields["chosen_groups"].queryset = LocalGroup.objects.active().order_by("name")
        self.fields["chosen_groups"].required = False
        self._limit_to_circular(circular)
        if self.instance.pk:
            self.initial["provinces"] = self.instance.provinces
            return
        today = timezone.localdate()
        ends_on = today + datetime.timedelta(days=30)
        if circular is not None:
            self.initial.setdefault("title", circular.title)
            self.initial.setdefault("request", circular.summary)
            if circular.action_deadline and circular.action_deadline > today:
                ends_on = circular.action_deadline
        self.initial.setdefault("starts_on", today)
        self.initial.setdefault("ends_on", ends_on)
        self.initial.setdefault("follow_up_due_on", ends_on + datetime.timedelta(days=14))
        first = coordinations.queryset.first()
        if first is not None:
            self.initial.setdefault("coordination", first.pk)

    def _limit_to_circular(self, circular: Circular | None) -> None:
        """Only the circular's own documents and targets can be chosen, all of them by default;
        a proposal of the coordination's own has neither."""
        if circular is None:
            del self.fields["documents"], self.fields["targets"]
            return
        documents = CircularAttachment.objects.filter(circular=circular).order_by("pk")
        targets = ActionTarget.objects.filter(circular=circular).order_by("order", "pk")
        self.fields["documents"].queryset = documents
        self.fields["targets"].queryset = targets
        self.fields["documents"].label_from_instance = lambda d: f"{d} ({d.kind.upper()})"
        if not self.instance.pk:
            self.initial.setdefault("documents", [d.pk for d in documents])
            self.initial.setdefault("targets", [t.pk for t in targets])

    def clean(self):
        data = super().clean()
        target = data.get("target")
        self.instance.provinces = (
            list(data.get("provinces") or []) if target == ActionProposal.Target.PROVINCES else []
        )
        if target == ActionProposal.Target.CHOSEN and not data.get("chosen_groups"):
            self.add_error("chosen_groups", _("Choose at least one group."))
        return data


def proposing_coordinations(user, circular: Circular | None):
    """The coordinations on whose behalf ``user`` may propose (from this circular, if given)."""
    from accounts.permissions import is_staff_member
    from coordinations.models import Mandate

    coordinations = Coordination.objects.active().order_by("name")
    if not is_staff_member(user):
        coordinations = coordinations.filter(
            pk__in=Mandate.objects.holding_on().filter(volunteer=user).values("coordination")
        )
    if circular is not None:
        assigned = Coordination.objects.filter(
            circular_assignments__circular__in=[circular.pk, circular.parent_id or circular.pk]
        )
        if assigned.exists() or not is_staff_member(user):
            coordinations = coordinations.filter(pk__in=assigned.values("pk"))
    return coordinations


class ReportForm(forms.ModelForm):
    """A group's follow-up of one proposal: one per group (the form says so before the database)."""

    class Meta:
        model = FollowUpReport
        fields = [
            "status",
            "letters_sent",
            "signatures_collected",
            "people_reached",
            "events_held",
            "funds_raised",
            "materials_used",
            "comment",
        ]
        widgets = {
            "status": forms.RadioSelect(),
            "comment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, proposal: ActionProposal, group: LocalGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.proposal = proposal
        self.instance.group = group
        self.fields["status"].choices = FollowUpReport.Status.choices

    def clean(self):
        data = super().clean()
        duplicate = FollowUpReport.objects.filter(
            proposal=self.instance.proposal, group=self.instance.group
        ).exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(
                _("This group has already reported on this proposal: change that report instead.")
            )
        return data

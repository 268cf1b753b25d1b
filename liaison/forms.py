from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.models import SecretariatContact, SignalementKind, SignalementStatus
from liaison.validators import validate_attachment


class SignalementForm(forms.Form):
    coordination = forms.ModelChoiceField(label=_("Coordination"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("What are you sending?"), choices=SignalementKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))
    draft = forms.CharField(
        label=_("Draft of the blog post"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("For a blog post proposal."),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: a PDF, Word (.docx) or OpenDocument (.odt) file of 5 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join([".pdf", ".docx", ".odt"])}),
    )

    def __init__(self, *args, coordinations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordination"].queryset = coordinations

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment:
            validate_attachment(attachment)
        return attachment

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == SignalementKind.BLOG_POST and not cleaned.get("draft", ""):
            self.add_error("draft", _("Add the draft of the blog post you propose."))
        return cleaned


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SignalementStatus.choices)
    note = forms.CharField(
        label=_("Note to the coordinator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QueueFilterForm(forms.Form):
    """The staff queue's filters; an unknown value is ignored, not an error page."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open")), ("all", _("All")), *SignalementStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *SignalementKind.choices]
    )
    contact = forms.ModelChoiceField(
        label=_("Contact"),
        required=False,
        queryset=SecretariatContact.objects.select_related("user"),
        empty_label=_("All"),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def filter(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status", "")
        if status == "":
            queryset = queryset.open()
        elif status != "all":
            queryset = queryset.filter(status=status)
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("contact"):
            queryset = queryset.filter(contact=data["contact"])
        if data.get("overdue"):
            queryset = queryset.overdue()
        return queryset

"""The forms of the public action page and of its switch on the proposal page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import validate_belgian_postal_code
from accounts.models import postal_code_validator
from config.honeypot import HoneypotMixin

CONSENT_LABEL = _(
    "I agree that the section keeps my e-mail address to count my participation once and to "
    "tell me how this action ends. I can ask for it to be deleted at any time."
)


class ParticipationForm(HoneypotMixin, forms.Form):
    """ "I have acted": a first name, a postal code, an e-mail only with consent."""

    first_name = forms.CharField(label=_("First name"), max_length=80)
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=4,
        validators=[postal_code_validator, validate_belgian_postal_code],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("Only if you tick the box below. It is never shown on the page."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(label=CONSENT_LABEL, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email") and not cleaned.get("consent"):
            self.add_error(
                "consent",
                forms.ValidationError(
                    _(
                        "Tick this box to let us keep your e-mail address, or leave the address "
                        "empty: you can take part without it."
                    ),
                    code="consent_required",
                ),
            )
        return cleaned


class PublicSwitchForm(forms.Form):
    """Open or close the public page: the confirmation page posts the choice."""

    public = forms.TypedChoiceField(
        label=_("Public page"),
        choices=[("1", _("Open the public page")), ("0", _("Close the public page"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )

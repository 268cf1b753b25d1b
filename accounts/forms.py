from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import gdpr
from accounts.models import User, postal_code_validator


def validate_belgian_postal_code(value: str) -> None:
    """Refuse a postal code of four digits that no Belgian place has ("9999", "0000"), with the
    finder's own check (groups.selectors.place_for_postal_code): a code the portal accepts is a
    code the finder can place. The format (four digits) is postal_code_validator's message."""
    from groups.selectors import place_for_postal_code

    if value and value.isdigit() and len(value) == 4 and place_for_postal_code(value) is None:
        raise ValidationError(_("This is not a Belgian postal code."), code="unknown_postal_code")


# What the sign-up form and the profile say of the digests: they are asked for, never assumed.
DIGESTS_LABEL = _("Send me the summaries by e-mail (optional)")
DIGESTS_HELP = _(
    "Occasional summaries that are not essential. You can stop them at any time. Messages "
    "about what you asked for (your applications, your mandate, follow-up reminders) are sent "
    "either way."
)

# The section's news: offered at sign-up and in the profile, unticked.
NEWS_LABEL = _("Send me the section's news by e-mail (optional)")
NEWS_HELP = _(
    "News of the section (campaigns, events, calls for volunteers), now and then. Every one of "
    "them has a link to stop them in one click."
)


class SignupForm(forms.Form):
    """The extra fields of allauth's sign-up form (allauth adds e-mail and password)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=4,
        required=False,
        validators=[postal_code_validator, validate_belgian_postal_code],
        help_text=_("Optional: to find the local group nearest to you."),
    )
    receives_digests = forms.BooleanField(
        label=DIGESTS_LABEL, required=False, initial=False, help_text=DIGESTS_HELP
    )
    receives_news = forms.BooleanField(
        label=NEWS_LABEL, required=False, initial=False, help_text=NEWS_HELP
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "postal_code",
        "password1",
        "password2",
        "receives_digests",
        "receives_news",
    ]

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.postal_code = self.cleaned_data["postal_code"]
        user.preferred_language = getattr(request, "LANGUAGE_CODE", user.preferred_language)
        user.save(update_fields=["first_name", "last_name", "postal_code", "preferred_language"])
        if self.cleaned_data["receives_digests"]:
            # A consent, so a dated record with the version of the privacy text.
            gdpr.digests_set(user=user, on=True)
        if self.cleaned_data["receives_news"]:
            gdpr.news_set(user=user, on=True)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "preferred_language",
            "phone",
            "postal_code",
            "receives_digests",
            "receives_news",
        ]
        labels = {"receives_digests": DIGESTS_LABEL, "receives_news": NEWS_LABEL}
        help_texts = {"receives_digests": DIGESTS_HELP, "receives_news": NEWS_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postal_code"].validators.append(validate_belgian_postal_code)


class ErasureForm(forms.Form):
    """Erasing cannot be undone: the person types their address and their password.

    A wrong address and a wrong password get the same answer in the same place (one error for
    the form), so that someone at an unattended session learns nothing from which one failed;
    the view also limits how many failures an account may make (``account_erase``)."""

    email = forms.CharField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        email, password = data.get("email"), data.get("password")
        if email is None or password is None:
            return data  # a field left empty says so on the field
        # Both are checked every time: the answer takes as long whichever one is wrong.
        right_password = self.user.check_password(password)
        right_address = email.strip().lower() == self.user.email.lower()
        if not (right_address and right_password):
            raise forms.ValidationError(
                _("This e-mail address and password do not match your account."),
                code="wrong_credentials",
            )
        return data

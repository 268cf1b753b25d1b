from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User, postal_code_validator


class SignupForm(forms.Form):
    """The extra fields of allauth's sign-up form (allauth adds e-mail and password)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=4,
        required=False,
        validators=[postal_code_validator],
        help_text=_("Optional: to find the local group nearest to you."),
    )

    field_order = ["first_name", "last_name", "email", "postal_code", "password1", "password2"]

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.postal_code = self.cleaned_data["postal_code"]
        user.preferred_language = getattr(request, "LANGUAGE_CODE", user.preferred_language)
        user.save(update_fields=["first_name", "last_name", "postal_code", "preferred_language"])


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
        ]

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

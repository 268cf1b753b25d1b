"""A trap for robots on public forms: a text field people never see and never fill.

The field sits in a block that is moved off screen and hidden from assistive technologies
(``aria-hidden="true"``); its input cannot be reached with the keyboard (``tabindex="-1"``) and
browsers do not fill it in (``autocomplete="off"``). A robot that fills every field makes the form
invalid with a message that says nothing about the trap, and leaves a line in the security log.

The widget declares itself hidden, so that ``{{ form|crispy }}`` renders only the widget (which
brings its own wrapper) and never a visible label of its own.
"""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"
HONEYPOT_CSS_CLASS = "visually-hidden"


class HoneypotInput(forms.TextInput):
    """A text input wrapped in a block that people neither see nor hear."""

    input_type = "hidden"  # tells Django and crispy-forms to render no label or wrapper

    def __init__(self, css_class: str = HONEYPOT_CSS_CLASS, label=""):
        super().__init__(attrs={"autocomplete": "off", "tabindex": "-1"})
        self.css_class = css_class
        self.label = label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["type"] = "text"
        return context

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        input_id = (attrs or {}).get("id") or self.attrs.get("id") or ""
        return format_html(
            '<div class="{}" aria-hidden="true"><label for="{}">{}</label>{}</div>',
            self.css_class,
            input_id,
            self.label,
            field,
        )


class HoneypotMixin:
    """Add the trap to a form. ``request`` (optional) puts the address in the security log."""

    honeypot_field = HONEYPOT_FIELD
    honeypot_css_class = HONEYPOT_CSS_CLASS

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        label = _("Leave this field empty")
        self.fields[self.honeypot_field] = forms.CharField(
            label=label,
            required=False,
            strip=False,
            widget=HoneypotInput(css_class=self.honeypot_css_class, label=label),
        )

    def is_robot(self) -> bool:
        value = self.data.get(self.add_prefix(self.honeypot_field), "") if self.is_bound else ""
        return bool(str(value).strip())

    def clean(self):
        cleaned = super().clean()
        # The trap is no answer: callers that pass cleaned_data on never see it.
        cleaned.pop(self.honeypot_field, None)
        if self.is_robot():
            log_honeypot(self.request, type(self).__name__)
            raise forms.ValidationError(
                _("Your submission could not be accepted. Please try again."), code="honeypot"
            )
        return cleaned


def log_honeypot(request, form_name: str) -> None:
    from accounts.security import security_event

    security_event("honeypot", request, form=form_name)

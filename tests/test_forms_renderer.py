"""The portal's form renderer writes drop-down lists as Django's templates do, only faster."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from config.forms import PortalFormRenderer


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("a", "Alpha"), ("b&c", 'B <&> "C"'), ("", "—")])
    grouped = forms.ChoiceField(
        choices=[("Europe", [("be", "Belgique"), ("fr", "France")]), ("xx", "Ailleurs")],
        widget=forms.Select(
            attrs={"class": "form-select", "data-x": '"quoted"', "autofocus": True}
        ),
    )
    several = forms.MultipleChoiceField(choices=[(1, "un"), (2, "deux"), (3, "trois")])
    maybe = forms.NullBooleanField()
    disabled = forms.ChoiceField(choices=[("a", "A")], disabled=True, required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "b&c", "grouped": "fr", "several": ["1", "3"], "maybe": "true"},
        {"plain": "zz"},
    ],
)
def test_every_select_is_written_as_django_writes_it(data):
    fast = Sample(data=data, renderer=PortalFormRenderer())
    slow = Sample(data=data, renderer=DjangoTemplates())
    for name in fast.fields:
        assert str(fast[name]) == str(slow[name]), name
    html = str(fast["plain"])
    assert 'value="b&amp;c"' in html and "B &lt;&amp;&gt; &quot;C&quot;" in html
    assert "<select" in str(fast["several"]) and "multiple" in str(fast["several"])


def test_the_portal_uses_it_and_options_with_their_own_template_fall_back(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), PortalFormRenderer)

    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Custom(choices=[("a", "A")])
    fast = widget.render("x", "a", renderer=PortalFormRenderer())
    slow = widget.render("x", "a", renderer=DjangoTemplates())
    assert fast == slow

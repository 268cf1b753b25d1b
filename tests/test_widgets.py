"""Drop-down lists rendered once and kept (config/widgets.py): the same HTML as Django's own
``Select``, rendered anew whenever the language, the options, the choice or the attributes
change, and never more than KEPT_LISTS lists in memory."""

from unittest import mock

import pytest
from django import forms
from django.utils import translation

from actions.filters import CircularFilter
from actions.models import Circular
from config import widgets
from config.widgets import KeptSelect


def country_select(data=None) -> str:
    return str(CircularFilter(data or {}, queryset=Circular.objects.none()).form["country"])


def plain_country_select(data=None) -> str:
    filterset = CircularFilter(data or {}, queryset=Circular.objects.none())
    field = filterset.form.fields["country"]
    plain = forms.Select(attrs=field.widget.attrs, choices=field.choices)
    field.widget = plain
    return str(filterset.form["country"])


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("data", [{}, {"country": "EG"}])
def test_the_kept_list_is_the_html_of_djangos_own(language, data):
    with translation.override(language):
        assert country_select(data) == plain_country_select(data)
        assert country_select(data) == plain_country_select(data)  # kept, and still the same


def test_the_list_is_rendered_once_per_language_and_choice():
    widgets.kept.clear()
    with mock.patch.object(
        forms.Select, "render", autospec=True, side_effect=forms.Select.render
    ) as render:
        with translation.override("fr"):
            french = country_select()
            assert country_select() == french
            assert render.call_count == 1
            chosen = country_select({"country": "EG"})
            assert render.call_count == 2
            assert 'value="EG" selected' in chosen and "Égypte" in chosen
        with translation.override("en"):
            english = country_select()
            assert render.call_count == 3
    assert "Égypte" in french and "Egypt" in english and "Égypte" not in english


def test_new_options_are_shown_at_once():
    widget = KeptSelect(choices=[("", "Any"), ("mexique", "Mexique")])
    assert "Chili" not in widget.render("coordination", "")
    widget.choices = [*widget.choices, ("chili", "Chili")]
    assert 'value="chili">Chili</option>' in widget.render("coordination", "")


def test_memory_stays_bounded(monkeypatch):
    monkeypatch.setattr(widgets, "kept", widgets._Kept(3))
    widget = KeptSelect(choices=[("a", "A"), ("b", "B")])
    for n in range(10):
        widget.render(f"field{n}", "a")
    assert len(widgets.kept.items) == 3
    names = [key[2] for key in widgets.kept.items]
    assert names == ["field7", "field8", "field9"]  # the least recently used went first

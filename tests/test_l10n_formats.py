"""Dates, times and amounts as Europeans read them: "1er janvier 2027" and "10 December 2026",
10/12/2026 in both languages, 24-hour times, "1 250,00 €" and "€1,250.00" (config/l10n.py,
config/formats/)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import engines
from django.utils import translation

from config.l10n import date_format, money
from config.typography import NBSP, NNBSP

BRUSSELS = ZoneInfo("Europe/Brussels")
FIRST = datetime.date(2027, 1, 1)
TENTH = datetime.date(2026, 12, 10)
EVENING = datetime.datetime(2026, 12, 3, 18, 30, tzinfo=datetime.UTC)  # 19:30 in Brussels


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return engines["django"].from_string(source).render(context)


# French: the first of the month is "1er" -------------------------------------------------------


def test_the_first_of_a_month_is_an_ordinal_in_french_only():
    with translation.override("fr"):
        assert date_format(FIRST) == "1er janvier 2027"
        assert date_format(FIRST, "DATE_FORMAT") == "1er janvier 2027"
        assert date_format(datetime.date(2027, 1, 2)) == "2 janvier 2027"
        assert date_format(datetime.date(2027, 3, 11)) == "11 mars 2027"  # not "11er"
        assert date_format(datetime.date(2027, 3, 21)) == "21 mars 2027"  # not "21er"
        assert date_format(FIRST, "MONTH_DAY_FORMAT") == "1er janvier"
        assert date_format(FIRST, "l j F") == "vendredi 1er janvier"
        # Day and month in figures stay figures.
        assert date_format(FIRST, "SHORT_DATE_FORMAT") == "01/01/2027"
        assert date_format(FIRST, "j/n/Y") == "1/1/2027"
    with translation.override("en"):
        assert date_format(FIRST) == "1 January 2027"


def test_the_date_filter_of_every_template_writes_1er():
    source = '{{ day|date:"DATE_FORMAT" }} | {{ day|date }} | {{ day|date:"j F" }}'
    assert render(source, "fr", day=FIRST) == "1er janvier 2027 | 1er janvier 2027 | 1er janvier"
    assert render(source, "en", day=FIRST) == "1 January 2027 | 1 January 2027 | 1 January"
    # A moment is read in Brussels, as the filter always did: 23:30 UTC on 31 December is
    # already the first of January there.
    new_year = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
    assert render('{{ moment|date:"DATETIME_FORMAT" }}', "fr", moment=new_year) == (
        "1er janvier 2027, 00:30"
    )
    assert render('{{ day|date:"c" }}', "fr", day=FIRST) == "2027-01-01"
    assert render("{{ day|date }}", "fr", day=None) == ""


def test_a_day_written_again_follows_the_language_of_the_moment():
    # The filter remembers the days it wrote: the same day, asked again and again in both
    # languages (as a morning's e-mails do), is always in the language of that moment.
    source = '{{ day|date:"DATE_FORMAT" }}'
    for _ in range(3):
        assert render(source, "fr", day=FIRST) == "1er janvier 2027"
        assert render(source, "en", day=FIRST) == "1 January 2027"
    # A datetime on the same day is still read in Brussels, not taken for the remembered day.
    evening = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
    assert render(source, "fr", day=evening) == "1er janvier 2027"
    assert render(source, "fr", day=datetime.date(2026, 12, 31)) == "31 décembre 2026"
    assert render('{{ day|date:"j/n/Y" }}', "fr", day=FIRST) == "1/1/2027"


# English for Europe ----------------------------------------------------------------------------


def test_english_dates_put_the_day_first_and_times_on_24_hours():
    source = (
        '{{ day|date:"DATE_FORMAT" }} | {{ day|date:"SHORT_DATE_FORMAT" }} | '
        '{{ moment|date:"DATETIME_FORMAT" }} | {{ moment|date:"SHORT_DATETIME_FORMAT" }} | '
        '{{ moment|date:"TIME_FORMAT" }}'
    )
    assert render(source, "en", day=TENTH, moment=EVENING) == (
        "10 December 2026 | 10/12/2026 | 3 December 2026, 19:30 | 03/12/2026 19:30 | 19:30"
    )
    assert render(source, "fr", day=TENTH, moment=EVENING) == (
        "10 décembre 2026 | 10/12/2026 | 3 décembre 2026, 19:30 | 03/12/2026 19:30 | 19:30"
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_typed_dates_are_read_day_first_and_the_date_picker_still_works(language):
    class DayForm(forms.Form):
        day = forms.DateField()
        moment = forms.DateTimeField()

    with translation.override(language):
        for typed in ("10/12/2026", "10.12.2026", "2026-12-10"):
            form = DayForm({"day": typed, "moment": "10/12/2026 19:30"})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["day"] == TENTH
        form = DayForm({"day": "10/12/2026", "moment": "2026-12-10T19:30"})  # datetime-local
        assert form.is_valid(), form.errors
        assert form.cleaned_data["moment"] == datetime.datetime(
            2026, 12, 10, 19, 30, tzinfo=BRUSSELS
        )


def test_the_week_starts_on_monday_in_both_languages():
    from django.utils.formats import get_format

    for language in ("en", "fr"):
        with translation.override(language):
            assert get_format("FIRST_DAY_OF_WEEK") == 1


# Amounts ---------------------------------------------------------------------------------------


def test_euros_in_french_and_in_english():
    with translation.override("fr"):
        assert money(Decimal("1250")) == f"1{NNBSP}250{NBSP}€"
        assert money(Decimal("1250.5"), decimals=2) == f"1{NNBSP}250,50{NBSP}€"
        assert money(Decimal("342.50")) == f"342,50{NBSP}€"
        assert money(Decimal("3600"), "CHF") == f"3{NNBSP}600{NBSP}CHF"
    with translation.override("en"):
        assert money(Decimal("1250"), decimals=2) == "€1,250.00"
        assert money(Decimal("1250")) == "€1,250"
        assert money(Decimal("-5")) == "-€5"
        assert money(Decimal("3600"), "CHF") == f"CHF{NBSP}3,600"
    assert money(None) == ""


def test_the_money_filter():
    assert render("{{ amount|money:2 }}", "fr", amount=Decimal("1250")) == (
        f"1{NNBSP}250,00{NBSP}€"
    )
    assert render("{{ amount|money:2 }}", "en", amount=Decimal("1250")) == "€1,250.00"

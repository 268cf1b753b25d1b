"""Dates at the edges of the calendar (year 1, year 9999) get a clear message, never a 500.

Before, a year-9999 interview overflowed the end-time arithmetic, a year-1 interview its
conversion to UTC, and a year-9999 acceptance the mandate's 24-month end. Every date field of
every form of the portal is found by introspection (a new one without bounds fails here), and so
is every model holding a date, which the admin's own forms reach.
"""

import datetime
import importlib
import inspect
import pkgutil
from pathlib import Path

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from config.dates import (
    ANY_DATE,
    INTERVIEW_DATES,
    MANDATE_START_DATES,
    OUT_OF_RANGE_CODE,
    DatesWithinRange,
    add_months,
)
from config.fields import BOUNDED_FIELDS
from coordinations import services as coordination_services
from coordinations.models import Mandate
from recruitment import pipeline
from recruitment.models import Application, ApplicationEvent, Interview, Vacancy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Application.Status

# The portal's own code: its apps (found in the project's folder, so a new app is included) and
# config.
PROJECT_PACKAGES = [
    "config",
    *(
        app.name
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(settings.BASE_DIR)
        and ".venv" not in Path(app.path).relative_to(settings.BASE_DIR).parts
    ),
]
# Modules that are not code of the running portal, or that start things when imported.
NOT_IMPORTED = (".migrations", ".management", ".settings", ".wsgi", ".asgi")

EXTREME_DATES = ["0001-01-01", "9999-12-31"]
EXTREME_MOMENTS = ["0001-01-01T00:10", "9999-12-31T23:30"]
TEMPORAL_FORM_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)


def project_modules():
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if any(part in info.name for part in NOT_IMPORTED):
                continue
            yield importlib.import_module(info.name)


def project_classes(base):
    found = {}
    for module in project_modules():
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, base) and value.__module__.split(".")[0] in PROJECT_PACKAGES:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def date_fields_of_every_form() -> dict[str, forms.Field]:
    fields = {}
    for name, form_class in project_classes(forms.BaseForm).items():
        for field_name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, TEMPORAL_FORM_FIELDS):
                fields[f"{name}.{field_name}"] = field
    return fields


def test_every_date_field_of_every_form_refuses_year_1_and_year_9999():
    fields = date_fields_of_every_form()
    # What the portal's forms hold today (circulars, proposals, mandates, activities, visits,
    # interviews, acceptances, the dashboard's period...): the enumeration is not empty.
    assert len(fields) >= 20, sorted(fields)
    unbounded = sorted(
        name for name, field in fields.items() if not isinstance(field, BOUNDED_FIELDS)
    )
    assert unbounded == [], "date fields without bounds (use config.fields)"
    for name, field in fields.items():
        extremes = EXTREME_MOMENTS if isinstance(field, forms.DateTimeField) else EXTREME_DATES
        for value in extremes:
            with pytest.raises(ValidationError) as refused:
                field.clean(value)
            assert [e.code for e in refused.value.error_list] == [OUT_OF_RANGE_CODE], name
            with translation.override("en"):
                assert refused.value.messages[0].startswith("Enter a date between"), name


def test_every_date_filter_is_bounded():
    filters = {
        f"{name}.{filter_name}": date_filter
        for name, filterset in project_classes(django_filters.FilterSet).items()
        for filter_name, date_filter in filterset.base_filters.items()
        if issubclass(date_filter.field_class, TEMPORAL_FORM_FIELDS)
    }
    assert [n for n, f in filters.items() if not issubclass(f.field_class, BOUNDED_FIELDS)] == []


def test_the_message_names_the_range_in_the_persons_format():
    with translation.override("en"):
        error = ANY_DATE.error(today=datetime.date(2026, 12, 6))
        # English for Europe: day first as well.
        assert error.messages == ["Enter a date between 01/01/1900 and 06/12/2036."]
    with translation.override("fr"):  # the Belgian way: day first
        assert "06/12/2036" in ANY_DATE.error(today=datetime.date(2026, 12, 6)).messages[0]
    first, last = INTERVIEW_DATES.limits(datetime.date(2026, 12, 6))
    # From today: an interview is never planned in the past (issue 18).
    assert (first, last) == (datetime.date(2026, 12, 6), datetime.date(2028, 12, 6))
    first, last = MANDATE_START_DATES.limits(datetime.date(2024, 2, 29))
    assert (first, last) == (datetime.date(2022, 2, 28), datetime.date(2026, 2, 28))


def admin_forms():
    """(model, form class) of every change form and inline of the admin, as a superuser sees
    them (every field they may change)."""
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True, second_factor=False)
    for model, model_admin in admin.site._registry.items():
        yield model, model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield inline.model, inline.get_formset(request).form


def test_every_model_whose_dates_the_admin_edits_checks_their_range():
    """The admin builds its own forms: the model refuses what they let through (full_clean)."""
    with_dates = {
        model
        for model, form_class in admin_forms()
        if model.__module__.split(".")[0] in PROJECT_PACKAGES
        and any(isinstance(f, TEMPORAL_FORM_FIELDS) for f in form_class.base_fields.values())
    }
    # Mandates, circulars, interviews, vacancies...: the enumeration is not empty.
    assert len(with_dates) >= 8, sorted(m._meta.label for m in with_dates)
    assert sorted(m._meta.label for m in with_dates if not issubclass(m, DatesWithinRange)) == []


def test_a_model_refuses_an_extreme_date_on_its_field(coordination, volunteer):
    mandate = Mandate(
        coordination=coordination,
        volunteer=volunteer,
        start_date=datetime.date(9999, 12, 31),
        commitment_months=24,
    )
    with pytest.raises(ValidationError) as refused:
        mandate.full_clean(exclude=["end_date"])
    assert [e.code for e in refused.value.error_dict["start_date"]] == [OUT_OF_RANGE_CODE]
    with pytest.raises(ValidationError):
        coordination_services.mandate_start(
            coordination=coordination, volunteer=volunteer, start_date=datetime.date(1, 1, 1)
        )
    assert not Mandate.objects.exists()


# The two forms that gave a server error -------------------------------------------------------


def in_status(application, status):
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


@pytest.mark.parametrize("starts_at", EXTREME_MOMENTS + ["9999-12-31T10:00", "0001-01-02T10:00"])
def test_an_interview_at_the_edge_of_the_calendar_is_refused_with_the_message(
    staff_client, application, staff, starts_at, mailoutbox
):
    in_status(application, Status.IN_REVIEW)
    with translation.override("en"):
        url = reverse("recruitment:pipeline_interview", args=[application.pk])
    response = staff_client.post(
        url,
        {
            "starts_at": starts_at,
            "duration": "90",
            "place": "Secrétariat",
            "interviewers": [staff.pk],
        },
    )
    assert response.status_code == 200
    errors = response.context["interview_form"].errors.as_data()
    assert [e.code for e in errors["starts_at"]] == [OUT_OF_RANGE_CODE]
    assert "Enter a date between" in response.content.decode()
    assert not Interview.objects.exists()
    assert not ApplicationEvent.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert mailoutbox == []


@pytest.mark.parametrize("start_date", EXTREME_DATES + ["9999-01-01", "1900-01-01"])
def test_an_acceptance_at_the_edge_of_the_calendar_is_refused_with_the_message(
    staff_client, application, start_date
):
    in_status(application, Status.INTERVIEW)
    with translation.override("en"):
        url = reverse("recruitment:pipeline_accept", args=[application.pk])
    response = staff_client.post(url, {"start_date": start_date, "notify": "on"})
    assert response.status_code == 200
    errors = response.context["accept_form"].errors.as_data()
    assert [e.code for e in errors["start_date"]] == [OUT_OF_RANGE_CODE]
    assert "Enter a date between" in response.content.decode()
    assert not Mandate.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW
    assert application.vacancy.status == Vacancy.Status.PUBLISHED


def test_dates_inside_the_ranges_still_work(clock, staff_client, application, staff, coordination):
    today = clock.today  # the fixed clock of tests/clock.py
    in_status(application, Status.IN_REVIEW)
    in_two_years = add_months(today, 24)
    response = staff_client.post(
        reverse("recruitment:pipeline_interview", args=[application.pk]),
        {
            "starts_at": f"{in_two_years:%Y-%m-%d}T10:00",
            "duration": "60",
            "place": "Secrétariat",
            "interviewers": [staff.pk],
        },
    )
    assert response.status_code == 302
    assert Interview.objects.get().starts_at.date() == in_two_years
    response = staff_client.post(
        reverse("recruitment:pipeline_accept", args=[application.pk]),
        {"start_date": add_months(today, -24).isoformat()},
    )
    assert response.status_code == 302
    assert Mandate.objects.get().start_date == add_months(today, -24)


def test_the_services_refuse_the_edges_too(application, staff):
    """The services check again: they are called from the admin and the demo as well."""
    in_status(application, Status.IN_REVIEW)
    far = datetime.datetime(9999, 12, 31, 22, 0, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as refused:
        pipeline.interview_schedule(
            application=application,
            actor=staff,
            starts_at=far,
            ends_at=far + datetime.timedelta(hours=1),
            interviewers=[staff],
            place="Secrétariat",
        )
    assert refused.value.code == OUT_OF_RANGE_CODE
    in_status(application, Status.INTERVIEW)
    with pytest.raises(ValidationError) as refused:
        pipeline.application_accept(
            application=application, actor=staff, start_date=datetime.date(9999, 12, 31)
        )
    assert refused.value.code == OUT_OF_RANGE_CODE
    assert not Mandate.objects.exists() and not Interview.objects.exists()


def test_the_periods_of_the_dashboard_use_the_same_message(staff_client):
    with translation.override("en"):
        url = reverse("dashboard:index")
    response = staff_client.get(
        url, {"period": "custom", "start": "0001-01-01", "end": "9999-12-31"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert {e.code for name in ("start", "end") for e in errors[name]} == {OUT_OF_RANGE_CODE}
    assert settings.LANGUAGE_CODE == "fr"  # the English page above was asked for by its address

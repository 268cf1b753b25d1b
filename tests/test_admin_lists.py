"""The admin's lists fit a 1280-pixel screen: a few columns each, the rest on the object's page;
and its history of an application reads as staff speak (labels, not codes)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from recruitment.models import Application, ApplicationEvent
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

# Beyond the box to tick, at most this many columns: wider and the list scrolls sideways on a
# laptop, and the column that matters (the status, the date) is the one that goes off screen.
MAX_COLUMNS = 6


@pytest.fixture
def superuser():
    return StaffFactory(email="admin@example.org", is_superuser=True)


def test_every_admin_list_has_at_most_six_columns(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    wide = {
        model._meta.label: list(model_admin.get_list_display(request))
        for model, model_admin in admin.site._registry.items()
        if len(model_admin.get_list_display(request)) > MAX_COLUMNS
    }
    assert not wide, f"admin lists wider than {MAX_COLUMNS} columns: {wide}"


@pytest.mark.parametrize(
    "model",
    [
        "accounts.user",
        "actions.circular",
        "actions.actionproposal",
        "actions.followupreport",
        "coordinations.coordination",
        "coordinations.mandate",
        "liaison.secretariatcontact",
        "liaison.signalement",
        "messaging.outgoingmessage",
    ],
)
def test_the_trimmed_lists_open(client, superuser, model, mandate):
    client.force_login(superuser)
    app_label, model_name = model.split(".")
    response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert response.status_code == 200


def test_the_onboarding_checklist_is_linked_from_the_mandate_s_page(client, superuser, mandate):
    client.force_login(superuser)
    page = client.get(reverse("admin:coordinations_mandate_change", args=[mandate.pk]))
    assert reverse("coordinations:onboarding", args=[mandate.pk]) in page.content.decode()


def test_an_application_s_history_shows_the_status_labels(client, superuser, application):
    ApplicationEvent.objects.create(
        application=application,
        from_status=Application.Status.SUBMITTED,
        to_status=Application.Status.IN_REVIEW,
    )
    client.force_login(superuser)
    page = client.get(
        reverse("admin:recruitment_application_change", args=[application.pk])
    ).content.decode()
    assert "Envoyée → En examen" in page
    assert "submitted → in_review" not in page


def test_a_move_reads_in_words():
    assert str(ApplicationEvent(from_status="", to_status="submitted")) == "– → Envoyée"
    moved = ApplicationEvent(from_status="interview", to_status="accepted")
    assert (
        str(moved) == f"{Application.Status.INTERVIEW.label} → {Application.Status.ACCEPTED.label}"
    )

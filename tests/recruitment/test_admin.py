"""The admin: lists with filters and search, and actions that call the same services."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from recruitment.models import Application, Vacancy
from tests.factories import StaffFactory
from tests.recruitment.factories import ApplicationFactory, VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(StaffFactory(is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model",
    ["vacancy", "application", "competency", "declinereason", "interestregistration", "interview"],
)
def test_the_lists_load_with_search_and_filters(admin_client, application, model):
    url = reverse(f"admin:recruitment_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "Mexique"}).status_code == 200


def test_the_change_pages_load(admin_client, application):
    for url in (
        reverse("admin:recruitment_vacancy_change", args=[application.vacancy_id]),
        reverse("admin:recruitment_application_change", args=[application.pk]),
        reverse("admin:recruitment_vacancy_add"),
    ):
        assert admin_client.get(url).status_code == 200


def test_the_publish_action_calls_the_service(admin_client):
    draft = VacancyFactory(status="draft", published_at=None)
    admin_client.post(
        reverse("admin:recruitment_vacancy_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.PUBLISHED
    assert draft.published_at is not None


def test_the_decline_action_asks_for_a_reason_first(admin_client, application, decline_reason):
    url = reverse("admin:recruitment_application_changelist")
    response = admin_client.post(
        url, {"action": "decline_selected", "_selected_action": [application.pk]}
    )
    assert response.status_code == 200
    assert "reason" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    admin_client.post(
        url,
        {
            "action": "decline_selected",
            "_selected_action": [application.pk],
            "reason": decline_reason.pk,
        },
    )
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    assert application.events.get().to_status == "declined"


def test_the_review_action_reports_forbidden_moves(admin_client, application, decline_reason):
    declined = ApplicationFactory(status=Application.Status.DECLINED, decline_reason=decline_reason)
    response = admin_client.post(
        reverse("admin:recruitment_application_changelist"),
        {"action": "move_to_review", "_selected_action": [application.pk, declined.pk]},
        follow=True,
    )
    application.refresh_from_db()
    declined.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    assert declined.status == Application.Status.DECLINED
    assert "ne peut pas passer" in response.content.decode()


def test_the_secretariat_group_may_work_on_recruitment():
    # Run the data migration again on the migration state: a transactional test elsewhere in
    # the suite may have flushed the group that migrate created.
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("recruitment.migrations.0003_secretariat_permissions")
    migration.grant(MigrationLoader(None).project_state().apps, None)
    secretariat = Group.objects.get(name="Secretariat")
    codenames = set(secretariat.permissions.values_list("codename", flat=True))
    assert {"change_vacancy", "view_application", "change_declinereason"} <= codenames

"""The admin: lists with their filters, pages with their inlines, actions through the services."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import SECRETARIAT_GROUP
from actions.models import ActionProposal, Circular, CircularAssignment
from tests.actions.factories import (
    CircularFactory,
    ProposalFactory,
    ReportFactory,
    TargetFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_changelists_and_filters_load(admin_client, assigned_circular, coordination):
    ReportFactory()
    for name, params in [
        ("circular", {"status": "assigned", "overdue": "yes", "update": "no", "q": "UA"}),
        ("circularassignment", {}),
        ("theme", {}),
        ("actionproposal", {"status": "draft"}),
        ("followupreport", {"status": "done"}),
    ]:
        response = admin_client.get(reverse(f"admin:actions_{name}_changelist"), params)
        assert response.status_code == 200, name


def test_circular_page_shows_its_inlines(admin_client, assigned_circular):
    TargetFactory(circular=assigned_circular)
    CircularFactory(reference="UA 123/26-1", parent=assigned_circular)
    response = admin_client.get(
        reverse("admin:actions_circular_change", args=[assigned_circular.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Procureur général" in page and "UA 123/26-1" in page and "Mexique" in page


def test_admin_action_assigns_the_matching_coordinations(admin_client, circular, coordination):
    response = admin_client.post(
        reverse("admin:actions_circular_changelist"),
        {"action": "assign_to_matching_coordinations", "_selected_action": [circular.pk]},
    )
    assert response.status_code == 302
    assert list(CircularAssignment.objects.values_list("coordination", flat=True)) == [
        coordination.pk
    ]


def test_admin_action_closes(admin_client, circular):
    admin_client.post(
        reverse("admin:actions_circular_changelist"),
        {"action": "close_no_further_action", "_selected_action": [circular.pk]},
    )
    assert Circular.objects.get().outcome == "no_further_action"


def test_admin_action_publishes_then_closes(admin_client, coordination, group):
    proposal = ProposalFactory(coordination=coordination)
    url = reverse("admin:actions_actionproposal_changelist")
    admin_client.post(url, {"action": "publish", "_selected_action": [proposal.pk]})
    assert ActionProposal.objects.get().status == "published"
    admin_client.post(url, {"action": "close", "_selected_action": [proposal.pk]})
    assert ActionProposal.objects.get().status == "closed"


def test_the_secretariat_group_may_work_on_circulars():
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    codenames = set(
        group.permissions.filter(content_type__app_label="actions").values_list(
            "codename", flat=True
        )
    )
    assert {"add_circular", "change_circularassignment", "view_followupreport"} <= codenames

"""The admin of the groups: lists with their filters, a group with its memberships inline."""

import pytest

from groups.models import LocalGroup, Membership
from tests.factories import UserFactory
from tests.groups.factories import JoinRequestFactory, MembershipFactory, VisitRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/local_groups/localgroup/",
        "/admin/local_groups/localgroup/?province__exact=namur",
        "/admin/local_groups/localgroup/?activity=no_leader",
        "/admin/local_groups/localgroup/?activity=no_treasurer",
        "/admin/local_groups/localgroup/?activity=inactive",
        "/admin/local_groups/localgroup/?q=Namur",
        "/admin/local_groups/membership/?role__exact=leader",
        "/admin/local_groups/joinrequest/?status__exact=pending",
        "/admin/local_groups/visitrequest/",
        "/admin/local_groups/place/?province__exact=liege",
        "/admin/local_groups/place/?q=5000",
    ],
)
def test_lists_and_filters(admin_client, group, leader, other_group, coordinator, url):
    JoinRequestFactory(group=group)
    VisitRequestFactory(group=group, mandate=coordinator.mandates.get())
    assert admin_client.get(url).status_code == 200


def test_the_activity_filter(admin_client, group, leader, other_group):
    response = admin_client.get("/admin/local_groups/localgroup/?activity=no_leader")
    assert list(response.context["cl"].queryset) == [other_group]


def test_a_group_with_its_memberships_inline(admin_client, group, leader):
    response = admin_client.get(f"/admin/local_groups/localgroup/{group.pk}/change/")
    assert response.status_code == 200
    assert "Claire" in response.content.decode()


def test_the_inline_refuses_two_leaders(admin_client, group, leader):
    other = UserFactory()
    own = Membership.objects.get(volunteer=leader)
    data = {
        "name": group.name,
        "slug": group.slug,
        "place": group.place_id,
        "is_active": "on",
        "coordinates_from_place": "on",
        "latitude": "",
        "longitude": "",
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": own.pk,
        "memberships-0-group": group.pk,
        "memberships-0-volunteer": leader.pk,
        "memberships-0-role": "leader",
        "memberships-0-since": "2024-09-01",
        "memberships-1-group": group.pk,
        "memberships-1-volunteer": other.pk,
        "memberships-1-role": "leader",
        "memberships-1-since": "2024-09-01",
    }
    response = admin_client.post(f"/admin/local_groups/localgroup/{group.pk}/change/", data)
    assert response.status_code == 200  # shown again with the error
    assert Membership.objects.filter(group=group).count() == 1


def test_mark_inactive_action(admin_client, group, other_group):
    admin_client.post(
        "/admin/local_groups/localgroup/",
        {"action": "mark_inactive", "_selected_action": [group.pk]},
    )
    group.refresh_from_db()
    other_group.refresh_from_db()
    assert (group.is_active, other_group.is_active) == (False, True)


def test_places_are_read_only(admin_client):
    assert admin_client.get("/admin/local_groups/place/add/").status_code == 403


def test_the_secretariat_group_may_work_on_groups():
    from importlib import import_module

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    # Run the data migration again (a flush elsewhere in the suite may have removed its rows).
    state = MigrationExecutor(connection).loader.project_state(
        ("local_groups", "0003_secretariat_permissions")
    )
    import_module("groups.migrations.0003_secretariat_permissions").grant(state.apps, None)
    codenames = set(
        Group.objects.get(name="Secretariat")
        .permissions.filter(content_type__app_label="local_groups")
        .values_list("codename", flat=True)
    )
    assert {"change_localgroup", "add_membership", "view_visitrequest"} <= codenames


def test_member_count_column(admin_client, group, leader):
    MembershipFactory(group=group)
    response = admin_client.get("/admin/local_groups/localgroup/")
    assert LocalGroup.objects.count() == 1
    assert response.context["cl"].result_list[0].member_total == 2

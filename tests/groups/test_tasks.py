"""A group's tasks: the leader adds them and ticks who takes each on; each member sees theirs
in My space; another group's leader gets 404. And the member count of the leader's My space,
which must equal the group's memberships (it once said "1 member" for a group of five)."""

import pytest
from django.urls import reverse

from groups.models import GroupTask, Membership
from tests.factories import UserFactory
from tests.groups.factories import GroupTaskFactory, LocalGroupFactory, MembershipFactory, place

pytestmark = pytest.mark.django_db

ME_EN = "/en/me/"


def tasks_url(group):
    return reverse("groups:tasks", args=[group.slug])


def assign_url(task):
    return reverse("groups:task_assign", args=[task.pk])


def tick(task, *memberships):
    return {f"task-{task.pk}-assignees": [m.pk for m in memberships]}


def test_the_leader_adds_a_task_and_assigns_members(leader_client, group):
    anna = MembershipFactory(group=group, volunteer__first_name="Anna")
    boris = MembershipFactory(group=group, volunteer__first_name="Boris")
    response = leader_client.post(tasks_url(group), {"kind": "sales", "label": "10 décembre"})
    assert response.status_code == 302
    task = GroupTask.objects.get()
    assert (task.group, task.kind, task.label) == (group, "sales", "10 décembre")

    response = leader_client.post(assign_url(task), tick(task, anna, boris))
    assert response["Location"] == tasks_url(group)
    assert set(task.assignees.all()) == {anna, boris}
    # Unticking one takes them off the task.
    leader_client.post(assign_url(task), tick(task, anna))
    assert list(task.assignees.all()) == [anna]

    page = leader_client.get(tasks_url(group)).content.decode()
    assert "Anna" in page and "Boris" in page and "10 décembre" in page


def test_a_task_needs_a_kind_from_the_list(leader_client, group):
    response = leader_client.post(tasks_url(group), {"kind": "gardening"})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]
    assert not GroupTask.objects.exists()


def test_a_member_of_another_group_cannot_be_assigned(leader_client, group, other_group):
    task = GroupTaskFactory(group=group)
    outsider = MembershipFactory(group=other_group)
    leader_client.post(assign_url(task), tick(task, outsider))
    assert not task.assignees.exists()


def test_a_member_sees_their_tasks_in_my_space(client, group):
    anna = MembershipFactory(group=group, volunteer__first_name="Anna")
    boris = MembershipFactory(group=group)
    sales = GroupTaskFactory(group=group, kind="sales", label="Bougies")
    letters = GroupTaskFactory(group=group, kind="letters", label="Réseau Est")
    sales.assignees.add(anna)
    letters.assignees.add(boris)
    client.force_login(anna.volunteer)
    page = client.get(ME_EN).content.decode()
    assert "My tasks:" in page
    assert "Candle and sticker sales (Bougies)" in page
    assert "Réseau Est" not in page
    client.force_login(boris.volunteer)
    page = client.get(ME_EN).content.decode()
    assert "Letter network (Réseau Est)" in page and "Bougies" not in page


def test_leaving_the_group_frees_the_member_of_its_tasks(client, group):
    anna = MembershipFactory(group=group)
    task = GroupTaskFactory(group=group)
    task.assignees.add(anna)
    client.force_login(anna.volunteer)
    client.post(reverse("groups:leave", args=[group.slug]))
    assert not task.assignees.exists()


def test_the_leader_removes_a_task(leader_client, group):
    task = GroupTaskFactory(group=group)
    response = leader_client.post(reverse("groups:task_delete", args=[task.pk]))
    assert response.status_code == 302
    assert not GroupTask.objects.exists()


def test_another_groups_leader_gets_404(client, group, other_leader):
    task = GroupTaskFactory(group=group)
    member = MembershipFactory(group=group)
    client.force_login(other_leader)
    assert client.get(tasks_url(group)).status_code == 404
    assert client.post(tasks_url(group), {"kind": "sales"}).status_code == 404
    assert client.post(assign_url(task), tick(task, member)).status_code == 404
    assert client.post(reverse("groups:task_delete", args=[task.pk])).status_code == 404
    assert GroupTask.objects.count() == 1 and not task.assignees.exists()


def test_a_member_who_is_not_the_leader_gets_404(client, group):
    member = MembershipFactory(group=group)
    client.force_login(member.volunteer)
    assert client.get(tasks_url(group)).status_code == 404


def test_the_tasks_page_does_not_grow_with_tasks_and_members(
    leader_client, group, django_assert_max_num_queries
):
    def grow(count):
        for _ in range(count):
            task = GroupTaskFactory(group=group)
            task.assignees.add(MembershipFactory(group=group))

    grow(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert leader_client.get(tasks_url(group)).status_code == 200
    grow(10)
    with CaptureQueriesContext(connection) as large:
        assert leader_client.get(tasks_url(group)).status_code == 200
    assert len(large) == len(small)


# The member count ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 5, 15])
def test_the_leaders_my_space_counts_every_member(client, places, size):
    group = LocalGroupFactory(name="Groupe de Dinant", slug="dinant", place=place("5500"))
    leader = UserFactory(first_name="Claire")
    MembershipFactory(group=group, volunteer=leader, role=Membership.Role.LEADER)
    MembershipFactory.create_batch(size - 1, group=group)
    assert group.memberships.count() == size
    client.force_login(leader)
    page = client.get(ME_EN).content.decode()
    expected = "1 member" if size == 1 else f"{size} members"
    assert f"5500 Dinant · {expected}" in page


def test_the_group_page_and_the_admin_count_the_same(admin_client, group, leader):
    MembershipFactory.create_batch(4, group=group)
    assert admin_client.get(f"/en/groups/{group.slug}/").context["group"].member_count == 5
    changelist = admin_client.get("/admin/local_groups/localgroup/")
    [row] = [g for g in changelist.context["cl"].result_list if g.pk == group.pk]
    assert row.member_total == 5

"""The groups' sections of My space: the leader's group, the coordinator's invitations, and
everyone's groups; their queries do not grow with the requests and members."""

import pytest
from django.urls import reverse

from tests.groups.factories import JoinRequestFactory, MembershipFactory, VisitRequestFactory

pytestmark = pytest.mark.django_db

ME = "/fr/me/"


def test_the_leader_sees_their_group_and_its_requests(leader_client, group, leader):
    JoinRequestFactory(group=group, volunteer__first_name="Omar", volunteer__last_name="Zeroual")
    content = leader_client.get(ME).content.decode()
    assert "Le groupe dont je suis responsable\u00a0: Groupe de Namur" in content
    assert reverse("groups:edit", args=[group.slug]) in content
    assert reverse("groups:members", args=[group.slug]) in content
    assert reverse("groups:coordinators", args=[group.slug]) in content
    assert "Omar" in content and "Zeroual" not in content


def test_accepting_from_my_space_comes_back_to_it(leader_client, group):
    request = JoinRequestFactory(group=group)
    response = leader_client.post(
        reverse("groups:join_request_accept", args=[request.pk]), {"next": ME}
    )
    assert response["Location"] == ME


def test_an_outside_next_is_ignored(leader_client, group):
    request = JoinRequestFactory(group=group)
    response = leader_client.post(
        reverse("groups:join_request_accept", args=[request.pk]),
        {"next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("groups:members", args=[group.slug])


def test_a_member_sees_their_groups(client, group):
    membership = MembershipFactory(group=group)
    client.force_login(membership.volunteer)
    content = client.get(ME).content.decode()
    assert "Mes groupes locaux" in content and "Groupe de Namur" in content
    assert "Le groupe dont je suis responsable" not in content


def test_a_volunteer_without_group_is_invited_to_find_one(volunteer_client):
    content = volunteer_client.get(ME).content.decode()
    assert "Vous ne faites pas encore partie d’un groupe local." in content
    assert "/fr/groups/?q=5000" in content


def test_a_coordinator_without_invitation_has_no_invitation_section(coordinator_client):
    assert "Invitations des groupes locaux" not in coordinator_client.get(ME).content.decode()


def test_a_volunteer_has_no_invitation_section(volunteer_client):
    assert "Invitations des groupes locaux" not in volunteer_client.get(ME).content.decode()


def test_a_volunteer_without_group_costs_one_query(volunteer_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        volunteer_client.get(ME)
    # One query answers for the three sections (the others apps' sections ask their own).
    mine = [q for q in queries if "local_groups_visitrequest" in q["sql"]]
    assert len(mine) == 1
    assert "local_groups_joinrequest" in mine[0]["sql"]
    assert len([q for q in queries if "local_groups_joinrequest" in q["sql"]]) == 1


def test_my_space_queries_do_not_grow(
    client, group, leader, coordinator, django_assert_num_queries
):
    """The groups' sections cost the same with 1 or 12 requests, invitations and members."""
    mandate = coordinator.mandates.get()

    def grow(count):
        for _ in range(count):
            JoinRequestFactory(group=group)
            MembershipFactory(group=group)
            VisitRequestFactory(group=group, requested_by=leader, mandate=mandate)

    client.force_login(leader)
    grow(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(ME)
    grow(11)
    with CaptureQueriesContext(connection) as large:
        client.get(ME)
    assert len(large) == len(small)

    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as coordinator_small:
        client.get(ME)
    grow(5)
    with CaptureQueriesContext(connection) as coordinator_large:
        client.get(ME)
    assert len(coordinator_large) == len(coordinator_small)

"""Joining (request → the leader accepts or declines), leaving, roles and the leader's pages
(members, edit). Outsiders, the leader of another group included, get 404."""

import pytest
from django.urls import reverse

from groups import services
from groups.models import JoinRequest, LocalGroup, Membership
from tests.factories import UserFactory
from tests.groups.factories import JoinRequestFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


class TestJoin:
    def url(self, group):
        return reverse("groups:join", args=[group.slug])

    def test_a_volunteer_asks_and_the_leader_is_told(
        self,
        volunteer_client,
        volunteer,
        group,
        leader,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = volunteer_client.post(self.url(group), {"message": "Je viens d’emménager."})
        assert response.status_code == 302
        request = JoinRequest.objects.get()
        assert (request.volunteer, request.group, request.status) == (volunteer, group, "pending")
        assert request.message == "Je viens d’emménager."
        assert not Membership.objects.filter(volunteer=volunteer).exists()
        assert [m.to for m in mailoutbox] == [["leader@example.org"]]
        # The name the person signed up with is in the body; the subject carries nobody's text.
        assert "Lucas" not in mailoutbox[0].subject and "Groupe de Namur" in mailoutbox[0].subject
        assert "Lucas" in mailoutbox[0].body
        assert "volunteer@example.org" not in mailoutbox[0].body
        page = volunteer_client.get(group.get_absolute_url()).content.decode()
        assert "Retirer ma demande" in page

    def test_asking_twice_is_refused_kindly(self, volunteer_client, group, leader):
        volunteer_client.post(self.url(group), {"message": ""})
        response = volunteer_client.post(self.url(group), {"message": ""}, follow=True)
        assert JoinRequest.objects.count() == 1
        assert "Vous avez déjà demandé à rejoindre ce groupe." in response.content.decode()

    def test_a_member_cannot_ask(self, leader_client, group):
        response = leader_client.post(self.url(group), {}, follow=True)
        assert JoinRequest.objects.count() == 0
        assert "Vous êtes déjà membre de ce groupe." in response.content.decode()

    def test_anonymous_is_sent_to_log_in(self, client, group):
        response = client.post(self.url(group), {})
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        assert JoinRequest.objects.count() == 0

    def test_wrong_method(self, volunteer_client, group):
        # By GET (a reload, a language switch): the group's page, where the form is.
        response = volunteer_client.get(self.url(group))
        assert response.status_code == 302 and response.url == group.get_absolute_url()
        assert JoinRequest.objects.count() == 0

    def test_inactive_group_is_404(self, volunteer_client, group):
        LocalGroup.objects.filter(pk=group.pk).update(is_active=False)
        assert volunteer_client.post(self.url(group), {}).status_code == 404

    def test_bad_input(self, volunteer_client, group):
        response = volunteer_client.post(self.url(group), {"message": "x" * 2001})
        assert response.status_code == 200
        assert response.context["join_form"].errors["message"]
        assert JoinRequest.objects.count() == 0

    def test_withdraw(self, volunteer_client, volunteer, group):
        request = JoinRequestFactory(volunteer=volunteer, group=group)
        url = reverse("groups:join_request_withdraw", args=[request.pk])
        assert volunteer_client.get(url).url == reverse("accounts:me")  # by GET: nothing done
        assert volunteer_client.post(url).status_code == 302
        request.refresh_from_db()
        assert request.status == "withdrawn"

    def test_nobody_withdraws_for_someone_else(self, leader_client, group):
        request = JoinRequestFactory(group=group)
        url = reverse("groups:join_request_withdraw", args=[request.pk])
        assert leader_client.post(url).status_code == 404
        request.refresh_from_db()
        assert request.status == "pending"


class TestDecide:
    def test_the_leader_accepts(
        self,
        leader_client,
        leader,
        group,
        volunteer,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        request = JoinRequestFactory(volunteer=volunteer, group=group)
        with django_capture_on_commit_callbacks(execute=True):
            response = leader_client.post(reverse("groups:join_request_accept", args=[request.pk]))
        assert response.status_code == 302
        request.refresh_from_db()
        assert request.status == "accepted" and request.decided_by == leader
        membership = Membership.objects.get(volunteer=volunteer, group=group)
        assert membership.role == "member"
        assert [m.to for m in mailoutbox] == [["volunteer@example.org"]]
        assert "Bienvenue au Groupe de Namur" in mailoutbox[0].subject

    def test_the_leader_declines(
        self, leader_client, group, volunteer, mailoutbox, django_capture_on_commit_callbacks
    ):
        request = JoinRequestFactory(volunteer=volunteer, group=group)
        with django_capture_on_commit_callbacks(execute=True):
            leader_client.post(reverse("groups:join_request_decline", args=[request.pk]))
        request.refresh_from_db()
        assert request.status == "declined"
        assert not Membership.objects.filter(volunteer=volunteer).exists()
        assert len(mailoutbox) == 1

    def test_answering_twice_changes_nothing(self, leader_client, group, volunteer):
        request = JoinRequestFactory(volunteer=volunteer, group=group)
        leader_client.post(reverse("groups:join_request_decline", args=[request.pk]))
        response = leader_client.post(
            reverse("groups:join_request_accept", args=[request.pk]), follow=True
        )
        assert "Cette demande a déjà reçu une réponse." in response.content.decode()
        assert not Membership.objects.filter(volunteer=volunteer).exists()

    @pytest.mark.parametrize("who", ["volunteer", "other_leader", "member"])
    def test_outsiders_get_404(self, client, group, leader, volunteer, other_leader, who):
        request = JoinRequestFactory(group=group)
        person = {
            "volunteer": volunteer,
            "other_leader": other_leader,
            "member": MembershipFactory(group=group).volunteer,
        }[who]
        login(client, person)
        for name in ("groups:join_request_accept", "groups:join_request_decline"):
            assert client.post(reverse(name, args=[request.pk])).status_code == 404
        request.refresh_from_db()
        assert request.status == "pending"

    def test_staff_may_decide(self, staff_client, group):
        request = JoinRequestFactory(group=group)
        staff_client.post(reverse("groups:join_request_accept", args=[request.pk]))
        assert Membership.objects.filter(group=group, volunteer=request.volunteer).exists()

    def test_wrong_method_and_anonymous(self, client, leader_client, group):
        request = JoinRequestFactory(group=group)
        url = reverse("groups:join_request_accept", args=[request.pk])
        assert leader_client.get(url).url == reverse("accounts:me")  # by GET: nothing done
        assert not Membership.objects.filter(volunteer=request.volunteer).exists()
        leader_client.logout()
        assert client.post(url).status_code == 302
        request.refresh_from_db()
        assert request.status == "pending"


class TestLeave:
    def test_a_member_leaves(self, client, group):
        membership = MembershipFactory(group=group)
        login(client, membership.volunteer)
        response = client.post(reverse("groups:leave", args=[group.slug]))
        assert response.status_code == 302
        assert not Membership.objects.filter(pk=membership.pk).exists()

    def test_the_leader_hands_over_first(self, leader_client, group, leader):
        response = leader_client.post(reverse("groups:leave", args=[group.slug]), follow=True)
        assert Membership.objects.filter(volunteer=leader, role="leader").exists()
        assert "confiez ce rôle à un autre membre avant de partir" in response.content.decode()

    def test_a_non_member_gets_404(self, volunteer_client, group):
        assert volunteer_client.post(reverse("groups:leave", args=[group.slug])).status_code == 404

    def test_wrong_method(self, leader_client, group, leader):
        # By GET (a reload, a language switch): the group's page, where the button is.
        response = leader_client.get(reverse("groups:leave", args=[group.slug]))
        assert response.status_code == 302 and response.url == group.get_absolute_url()
        assert Membership.objects.filter(group=group, volunteer=leader).exists()


class TestRoles:
    def test_a_new_treasurer_takes_over(self, leader_client, group, leader):
        old = MembershipFactory(group=group, role="treasurer")
        new = MembershipFactory(group=group)
        response = leader_client.post(
            reverse("groups:membership_role", args=[new.pk]), {"role": "treasurer"}
        )
        assert response.status_code == 302
        old.refresh_from_db()
        new.refresh_from_db()
        assert (old.role, new.role) == ("member", "treasurer")

    def test_the_leader_hands_over(self, leader_client, group, leader):
        new = MembershipFactory(group=group)
        response = leader_client.post(
            reverse("groups:membership_role", args=[new.pk]), {"role": "leader"}
        )
        assert response["Location"] == reverse("accounts:me")
        assert Membership.objects.get(volunteer=leader).role == "member"
        new.refresh_from_db()
        assert new.role == "leader"
        # The former leader no longer sees the leader's pages.
        assert leader_client.get(reverse("groups:members", args=[group.slug])).status_code == 404

    def test_the_leader_cannot_demote_themselves(self, leader_client, group, leader):
        own = Membership.objects.get(volunteer=leader)
        leader_client.post(reverse("groups:membership_role", args=[own.pk]), {"role": "member"})
        own.refresh_from_db()
        assert own.role == "leader"

    def test_bad_role(self, leader_client, group):
        member = MembershipFactory(group=group)
        leader_client.post(reverse("groups:membership_role", args=[member.pk]), {"role": "king"})
        member.refresh_from_db()
        assert member.role == "member"

    def test_remove_a_member(self, leader_client, group):
        member = MembershipFactory(group=group)
        leader_client.post(reverse("groups:membership_remove", args=[member.pk]))
        assert not Membership.objects.filter(pk=member.pk).exists()

    def test_the_leader_cannot_be_removed(self, staff_client, group, leader):
        own = Membership.objects.get(volunteer=leader)
        staff_client.post(reverse("groups:membership_remove", args=[own.pk]))
        assert Membership.objects.filter(pk=own.pk).exists()

    @pytest.mark.parametrize("who", ["volunteer", "other_leader", "member"])
    def test_outsiders_get_404(self, client, group, leader, volunteer, other_leader, who):
        member = MembershipFactory(group=group)
        person = {
            "volunteer": volunteer,
            "other_leader": other_leader,
            "member": MembershipFactory(group=group).volunteer,
        }[who]
        login(client, person)
        assert (
            client.post(
                reverse("groups:membership_role", args=[member.pk]), {"role": "treasurer"}
            ).status_code
            == 404
        )
        assert client.post(reverse("groups:membership_remove", args=[member.pk])).status_code == 404
        member.refresh_from_db()
        assert member.role == "member"

    def test_wrong_method(self, leader_client, group):
        member = MembershipFactory(group=group)
        # By GET (a reload, a language switch): the members' page, where the forms are.
        members = reverse("groups:members", args=[group.slug])
        assert leader_client.get(reverse("groups:membership_role", args=[member.pk])).url == members
        assert (
            leader_client.get(reverse("groups:membership_remove", args=[member.pk])).url == members
        )
        assert Membership.objects.filter(pk=member.pk, role=member.role).exists()

    def test_the_service_keeps_one_of_each(self, group, leader):
        treasurer = MembershipFactory(group=group, role="treasurer")
        member = MembershipFactory(group=group)
        services.membership_set_role(membership=member, role="leader")
        roles = dict(Membership.objects.filter(group=group).values_list("volunteer_id", "role"))
        assert roles == {
            leader.pk: "member",
            treasurer.volunteer_id: "treasurer",
            member.volunteer_id: "leader",
        }


class TestMembersPage:
    def url(self, group):
        return reverse("groups:members", args=[group.slug])

    def test_the_leader_sees_members_and_requests_by_first_name(self, leader_client, group):
        MembershipFactory(
            group=group,
            volunteer=UserFactory(
                first_name="Bérénice", last_name="Vandeput", email="b@example.org"
            ),
        )
        JoinRequestFactory(
            group=group,
            volunteer=UserFactory(first_name="Omar", last_name="Zeroual", email="o@example.org"),
        )
        response = leader_client.get(self.url(group))
        assert response.status_code == 200
        content = response.content.decode()
        assert "Bérénice" in content and "Omar" in content
        for private in (
            "Vandeput",
            "Zeroual",
            "b@example.org",
            "o@example.org",
            "leader@example.org",
        ):
            assert private not in content

    @pytest.mark.parametrize("who", ["volunteer", "other_leader", "member", "coordinator"])
    def test_outsiders_get_404(
        self, client, group, leader, volunteer, other_leader, coordinator, who
    ):
        person = {
            "volunteer": volunteer,
            "other_leader": other_leader,
            "coordinator": coordinator,
            "member": MembershipFactory(group=group).volunteer,
        }[who]
        login(client, person)
        assert client.get(self.url(group)).status_code == 404

    def test_anonymous_is_sent_to_log_in(self, client, group):
        assert client.get(self.url(group)).status_code == 302

    def test_staff(self, staff_client, group):
        assert staff_client.get(self.url(group)).status_code == 200

    def test_wrong_method(self, leader_client, group):
        assert leader_client.post(self.url(group)).status_code == 405

    def test_query_count_does_not_grow(self, leader_client, group, django_assert_num_queries):
        def grow(count):
            for _ in range(count):
                MembershipFactory(group=group)
                JoinRequestFactory(group=group)

        # With the navigation's count of what waits (config/navigation.py): a change to the
        # memberships makes it stale, so it is counted again after grow() too.
        grow(2)
        with django_assert_num_queries(7):
            leader_client.get(self.url(group))
        grow(15)
        with django_assert_num_queries(7):
            leader_client.get(self.url(group))


class TestEditPage:
    def url(self, group):
        return reverse("groups:edit", args=[group.slug])

    DATA = {
        "description": "Un groupe chaleureux qui écrit des lettres chaque mois.",
        "meeting_rhythm": "Le premier jeudi du mois, à 19 h",
        "meeting_address": "Maison des associations, 5000 Namur",
        "individuals_at_risk": "Une journaliste emprisonnée",
        "themes": "Liberté d’expression",
        "countries": ["MX", "CO"],
        "website": "https://namur.example.org/",
        "founded_in": "1975",
    }

    def test_the_leader_saves_the_page(self, leader_client, group):
        assert leader_client.get(self.url(group)).status_code == 200
        response = leader_client.post(self.url(group), self.DATA)
        assert response.status_code == 302
        group.refresh_from_db()
        assert group.meeting_rhythm == "Le premier jeudi du mois, à 19 h"
        assert [c.code for c in group.countries] == ["CO", "MX"]
        assert group.founded_in == 1975
        assert group.name == "Groupe de Namur"  # not the leader's to change

    def test_the_name_and_commune_are_not_editable(self, leader_client, group):
        leader_client.post(self.url(group), {**self.DATA, "name": "Autre", "slug": "autre"})
        group.refresh_from_db()
        assert (group.name, group.slug) == ("Groupe de Namur", "namur")

    @pytest.mark.parametrize(
        "field, value",
        [("founded_in", "1900"), ("founded_in", "2999"), ("website", "pas une adresse")],
    )
    def test_bad_input_saves_nothing(self, leader_client, group, field, value):
        response = leader_client.post(self.url(group), {**self.DATA, field: value})
        assert response.status_code == 200
        assert response.context["form"].errors[field]
        group.refresh_from_db()
        assert group.meeting_rhythm == "Le deuxième mardi du mois, à 20 h"

    @pytest.mark.parametrize("who", ["volunteer", "other_leader", "member"])
    def test_outsiders_get_404(self, client, group, leader, volunteer, other_leader, who):
        person = {
            "volunteer": volunteer,
            "other_leader": other_leader,
            "member": MembershipFactory(group=group).volunteer,
        }[who]
        login(client, person)
        assert client.get(self.url(group)).status_code == 404
        assert client.post(self.url(group), self.DATA).status_code == 404
        group.refresh_from_db()
        assert group.meeting_rhythm == "Le deuxième mardi du mois, à 20 h"

    def test_anonymous_and_wrong_method(self, client, leader_client, group):
        assert leader_client.put(self.url(group)).status_code == 405
        leader_client.logout()
        assert client.get(self.url(group)).status_code == 302

    def test_staff(self, staff_client, group):
        assert staff_client.post(self.url(group), self.DATA).status_code == 302

"""The nearest coordinators /fr/groups/<slug>/coordinators/ (the group's leader and staff only)
and visit requests: sent from there, answered from the coordinator's space, seen by the leader."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordinations.models import Mandate
from groups.models import VisitRequest
from tests.coordinations.factories import CoordinationFactory, MandateFactory
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory, VisitRequestFactory

# Dates relative to today, on the fixed clock of tests/clock.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def url(group, **params):
    base = f"/fr/groups/{group.slug}/coordinators/"
    if params:
        base += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return base


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def coordinators(coordination, other_coordination, coordinator, other_coordinator):
    """Karim (Mexique, Liège 4000), Nadia (Grands Lacs, Charleroi 6000), and two more."""
    far = UserFactory(
        first_name="Hugo", last_name="Lefèvre", postal_code="6700", email="hugo.far@example.org"
    )  # Arlon
    # In the teams of Karim's and Nadia's coordinations: one coordinator at a time.
    MandateFactory(coordination=coordination, volunteer=far, role=Mandate.Role.MEMBER)
    nowhere = UserFactory(first_name="Inès", postal_code="", email="ines@example.org")
    MandateFactory(coordination=other_coordination, volunteer=nowhere, role=Mandate.Role.MEMBER)
    ended = UserFactory(first_name="Paul", postal_code="5000", email="paul@example.org")
    MandateFactory(
        coordination=coordination,
        volunteer=ended,
        status=Mandate.Status.ENDED,
        ended_on=timezone.localdate(),
    )
    return {"far": far, "nowhere": nowhere, "ended": ended}


def test_the_url_is_stable(group):
    assert reverse("groups:coordinators", args=["namur"]) == "/fr/groups/namur/coordinators/"


def test_the_leader_sees_coordinators_nearest_first(leader_client, group, coordinators):
    response = leader_client.get(url(group))
    assert response.status_code == 200
    rows = response.context["rows"]
    # From Namur: Charleroi (about 30 km), Liège (about 50 km), Arlon (about 110 km). Inès has
    # no postal code: she is listed only under her coordination.
    assert [row.first_name for row in rows] == ["Nadia", "Karim", "Hugo"]
    assert 25 < rows[0].distance_km < 40
    content = response.content.decode()
    assert "Paul" not in content  # ended mandate
    english = leader_client.get(f"/en/groups/{group.slug}/coordinators/").content.decode()
    assert "shows the 20 coordinators nearest to your group" in english


def test_a_coordinator_without_postal_code_is_listed_under_the_coordination(
    leader_client, group, other_coordination, coordinators
):
    response = leader_client.get(url(group, coordination=other_coordination.slug))
    rows = response.context["rows"]
    assert [row.first_name for row in rows] == ["Nadia", "Inès"]
    assert rows[-1].distance_km is None
    assert "inconnue" in response.content.decode()
    english = leader_client.get(
        f"/en/groups/{group.slug}/coordinators/?coordination={other_coordination.slug}"
    ).content.decode()
    assert "Inès" in english
    assert "coordinators nearest to your group" not in english


def test_filtered_by_coordination(leader_client, group, coordination, coordinators):
    response = leader_client.get(url(group, coordination=coordination.slug))
    assert [row.first_name for row in response.context["rows"]] == ["Karim", "Hugo"]
    assert all(row.coordination == coordination for row in response.context["rows"])


def test_an_unknown_coordination_shows_all(leader_client, group, coordinators):
    response = leader_client.get(url(group, coordination="atlantis"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3  # those whose postal code is known


def test_first_name_coordination_and_distance_only(leader_client, group, coordinators):
    content = leader_client.get(url(group)).content.decode()
    assert "Karim" in content and "Mexique" in content and "km" in content
    for private in (
        "coordinator@example.org",
        "hugo.far@example.org",
        "Lefèvre",
        "6700",
        "4000",
    ):
        assert private not in content


@pytest.mark.parametrize("who", ["volunteer", "member", "other_leader", "coordinator"])
def test_only_the_leader_and_staff_others_404(
    client, group, leader, volunteer, other_leader, coordinator, coordinators, who
):
    person = {
        "volunteer": volunteer,
        "other_leader": other_leader,
        "coordinator": coordinator,
        "member": MembershipFactory(group=group).volunteer,
    }[who]
    client.force_login(person)
    assert client.get(url(group)).status_code == 404


def test_the_other_leader_sees_their_own_group(client, other_group, other_leader, coordinators):
    client.force_login(other_leader)
    response = client.get(url(other_group))
    assert response.status_code == 200
    assert response.context["rows"][0].first_name == "Karim"  # Liège


def test_staff_sees_it(staff_client, group, coordinators):
    assert staff_client.get(url(group)).status_code == 200


def test_anonymous_is_sent_to_log_in(client, group):
    response = client.get(url(group))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_wrong_method(leader_client, group):
    assert leader_client.post(url(group)).status_code == 405


def test_query_count_does_not_grow(leader_client, group, coordinators, django_assert_num_queries):
    # session, user, group, leader check, the coordinations of the filter (read again after a
    # change), then the mandates: the extent of their positions (recounted after a change),
    # their positions in a box, the chosen ones with volunteer and coordination; and the
    # navigation's count of what waits (config/navigation.py; counted again after the new
    # mandates, which make it stale).
    with django_assert_num_queries(9):
        leader_client.get(url(group))
    for index in range(30):
        MandateFactory(
            coordination=CoordinationFactory(name=f"Pays {index}"),
            volunteer=UserFactory(postal_code=str(4000 + index * 100)),
        )
    with django_assert_num_queries(9):
        leader_client.get(url(group))
    # The list is kept until what it shows changes: the session, the person, the group and
    # the leader check.
    with django_assert_num_queries(4):
        page = leader_client.get(url(group)).content.decode()
    assert page.count("/visit/") == 20  # the nearest twenty of 30 and more


class TestVisitRequest:
    def visit_url(self, group, mandate):
        return reverse("groups:visit_request", args=[group.slug, mandate.pk])

    def data(self, **changes):
        return {
            "first_date": in_days(20).isoformat(),
            "second_date": in_days(48).isoformat(),
            "third_date": "",
            "topic": "La situation au Mexique",
            "message": "Nous préparons une soirée d’écriture de lettres.",
            **changes,
        }

    def test_the_leader_invites_and_the_coordinator_is_told(
        self,
        leader_client,
        leader,
        group,
        coordinator,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        mandate = coordinator.mandates.get()
        assert leader_client.get(self.visit_url(group, mandate)).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = leader_client.post(self.visit_url(group, mandate), self.data())
        assert response.status_code == 302
        visit = VisitRequest.objects.get()
        assert (visit.group, visit.coordinator, visit.coordination) == (
            group,
            coordinator,
            mandate.coordination,
        )
        assert visit.requested_by == leader and visit.status == "pending"
        assert visit.proposed_dates == [in_days(20), in_days(48)]
        assert [m.to for m in mailoutbox] == [["coordinator@example.org"]]
        assert mailoutbox[0].reply_to == ["leader@example.org"]
        assert "Groupe de Namur vous invite" in mailoutbox[0].subject

    def test_in_the_coordinators_language(
        self, leader_client, group, coordinator, mailoutbox, django_capture_on_commit_callbacks
    ):
        coordinator.preferred_language = "en"
        coordinator.save()
        with django_capture_on_commit_callbacks(execute=True):
            leader_client.post(self.visit_url(group, coordinator.mandates.get()), self.data())
        assert mailoutbox[0].subject == "Groupe de Namur invites you to one of its meetings"

    @pytest.mark.parametrize(
        "changes, field",
        [
            ({"first_date": ""}, "first_date"),
            ({"first_date": "2001-01-01"}, "first_date"),
            ({"second_date": "demain"}, "second_date"),
            ({"topic": ""}, "topic"),
        ],
    )
    def test_bad_input_saves_nothing(
        self, leader_client, group, coordinator, changes, field, mailoutbox
    ):
        response = leader_client.post(
            self.visit_url(group, coordinator.mandates.get()), self.data(**changes)
        )
        assert response.status_code == 200
        assert response.context["form"].errors[field]
        assert VisitRequest.objects.count() == 0
        assert mailoutbox == []

    def test_an_ended_mandate_is_404(self, leader_client, group, coordinators):
        ended = coordinators["ended"].mandates.get()
        assert leader_client.post(self.visit_url(group, ended), self.data()).status_code == 404

    @pytest.mark.parametrize("who", ["volunteer", "other_leader", "coordinator"])
    def test_outsiders_get_404(
        self, client, group, leader, volunteer, other_leader, coordinator, who
    ):
        client.force_login(
            {"volunteer": volunteer, "other_leader": other_leader, "coordinator": coordinator}[who]
        )
        mandate = coordinator.mandates.get()
        assert client.get(self.visit_url(group, mandate)).status_code == 404
        assert client.post(self.visit_url(group, mandate), self.data()).status_code == 404
        assert VisitRequest.objects.count() == 0

    def test_anonymous_and_wrong_method(self, client, leader_client, group, coordinator):
        mandate = coordinator.mandates.get()
        assert leader_client.put(self.visit_url(group, mandate)).status_code == 405
        leader_client.logout()
        assert client.post(self.visit_url(group, mandate), self.data()).status_code == 302
        assert VisitRequest.objects.count() == 0


@pytest.fixture
def visit(group, leader, coordinator):
    return VisitRequestFactory(group=group, requested_by=leader, mandate=coordinator.mandates.get())


class TestAnswer:
    def test_the_coordinator_sees_it_in_my_space(self, coordinator_client, visit):
        content = coordinator_client.get(reverse("accounts:me")).content.decode()
        assert "Invitations des groupes locaux" in content
        assert "La situation au Mexique" in content
        assert "Je viendrai" in content
        assert "leader@example.org" not in content

    def test_accept_on_a_proposed_date(
        self,
        coordinator_client,
        client,
        visit,
        leader,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        day = visit.second_date
        with django_capture_on_commit_callbacks(execute=True):
            response = coordinator_client.post(
                reverse("groups:visit_accept", args=[visit.pk]),
                {
                    f"accept-{visit.pk}-chosen_date": day.isoformat(),
                    f"accept-{visit.pk}-answer": "Avec plaisir !",
                },
            )
        assert response.status_code == 302
        visit.refresh_from_db()
        assert (visit.status, visit.chosen_date, visit.answer) == (
            "accepted",
            day,
            "Avec plaisir !",
        )
        recipients = sorted(m.to[0] for m in mailoutbox)
        assert recipients == ["coordinator@example.org", "leader@example.org"]
        to_leader = next(m for m in mailoutbox if m.to == ["leader@example.org"])
        assert to_leader.reply_to == ["coordinator@example.org"]
        assert "Karim viendra le" in to_leader.subject
        to_coordinator = next(m for m in mailoutbox if m.to == ["coordinator@example.org"])
        assert (
            "Maison des associations" in to_coordinator.body
            or "rue des Brasseurs" in to_coordinator.body
        )
        # The leader sees the answer in My space.
        client.force_login(leader)
        content = client.get(reverse("accounts:me")).content.decode()
        assert "Avec plaisir !" in content and "Acceptée" in content

    def test_decline(
        self, coordinator_client, visit, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            coordinator_client.post(
                reverse("groups:visit_decline", args=[visit.pk]),
                {f"decline-{visit.pk}-answer": "Je suis en mission à ces dates."},
            )
        visit.refresh_from_db()
        assert visit.status == "declined" and visit.chosen_date is None
        assert [m.to for m in mailoutbox] == [["leader@example.org"]]
        assert "ne peut pas venir" in mailoutbox[0].subject

    def test_a_date_not_proposed_is_refused(self, coordinator_client, visit):
        response = coordinator_client.post(
            reverse("groups:visit_accept", args=[visit.pk]),
            {f"accept-{visit.pk}-chosen_date": in_days(3).isoformat()},
        )
        assert response.status_code == 200
        assert response.context["accept_form"].errors["chosen_date"]
        visit.refresh_from_db()
        assert visit.status == "pending"

    def test_answering_twice_changes_nothing(self, coordinator_client, visit):
        coordinator_client.post(reverse("groups:visit_decline", args=[visit.pk]), {})
        response = coordinator_client.post(
            reverse("groups:visit_accept", args=[visit.pk]),
            {f"accept-{visit.pk}-chosen_date": visit.first_date.isoformat()},
            follow=True,
        )
        visit.refresh_from_db()
        assert visit.status == "declined"
        assert "a déjà reçu une réponse" in response.content.decode()

    @pytest.mark.parametrize("who", ["leader", "other_coordinator", "volunteer", "staff"])
    def test_only_the_coordinator_answers(
        self, client, visit, leader, other_coordinator, volunteer, staff, who
    ):
        client.force_login(
            {
                "leader": leader,
                "other_coordinator": other_coordinator,
                "volunteer": volunteer,
                "staff": staff,
            }[who]
        )
        for name in ("groups:visit_accept", "groups:visit_decline"):
            assert client.post(reverse(name, args=[visit.pk]), {}).status_code == 404
        visit.refresh_from_db()
        assert visit.status == "pending"

    def test_anonymous_and_wrong_method(self, client, coordinator_client, visit):
        # A GET changes nothing: it is sent to My space, where the answer's form is.
        response = coordinator_client.get(reverse("groups:visit_accept", args=[visit.pk]))
        assert response.status_code == 302 and response["Location"] == reverse("accounts:me")
        assert (
            coordinator_client.put(reverse("groups:visit_accept", args=[visit.pk])).status_code
            == 405
        )
        coordinator_client.logout()
        assert client.post(reverse("groups:visit_decline", args=[visit.pk])).status_code == 302
        visit.refresh_from_db()
        assert visit.status == "pending"

    def test_the_leader_cancels(
        self, leader_client, visit, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            leader_client.post(reverse("groups:visit_cancel", args=[visit.pk]))
        visit.refresh_from_db()
        assert visit.status == "cancelled"
        assert [m.to for m in mailoutbox] == [["coordinator@example.org"]]

    def test_others_cannot_cancel(self, client, visit, other_leader, coordinator):
        for person in (other_leader, coordinator):
            client.force_login(person)
            assert client.post(reverse("groups:visit_cancel", args=[visit.pk])).status_code == 404
        visit.refresh_from_db()
        assert visit.status == "pending"

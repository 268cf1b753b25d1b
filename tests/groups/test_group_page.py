"""A group's page /fr/groups/<slug>/ and its contact form: the meeting address for members and
staff only, no address of anybody on any page, the honeypot and the rate limit."""

import pytest
from django.urls import reverse

from groups.models import LocalGroup, Membership
from tests.factories import UserFactory
from tests.groups.factories import LocalGroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db

ADDRESS = "rue des Brasseurs 12"


def url(group):
    return f"/fr/groups/{group.slug}/"


def contact_url(group):
    return reverse("groups:contact", args=[group.slug])


MESSAGE = {
    "name": "Jeanne",
    "email": "jeanne.visiteuse@example.net",
    "message": "Bonjour, je voudrais venir à votre prochaine réunion. Quand a-t-elle lieu ?",
    "website": "",
}


def test_the_url_is_stable(group):
    assert reverse("groups:detail", args=["namur"]) == "/fr/groups/namur/"


def test_public_page(client, group, leader):
    response = client.get(url(group))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Groupe de Namur" in content
    assert "5000 Namur" in content
    assert "1 membre" in content
    assert "Le deuxième mardi du mois" in content
    assert ADDRESS not in content
    assert "L’adresse des réunions est communiquée aux membres" in content


def test_unknown_or_inactive_group_is_404(client, group):
    assert client.get("/fr/groups/atlantis/").status_code == 404
    LocalGroup.objects.filter(pk=group.pk).update(is_active=False)
    assert client.get(url(group)).status_code == 404


def test_wrong_method(client, group):
    assert client.post(url(group)).status_code == 405


@pytest.mark.parametrize("who", ["leader", "member", "staff"])
def test_members_and_staff_see_the_meeting_address(client, group, leader, staff, who):
    person = {
        "leader": leader,
        "staff": staff,
        "member": MembershipFactory(group=group).volunteer,
    }[who]
    client.force_login(person)
    assert ADDRESS in client.get(url(group)).content.decode()


@pytest.mark.parametrize("who", ["anonymous", "volunteer", "other_leader", "coordinator"])
def test_others_do_not_see_the_meeting_address(
    client, group, leader, volunteer, other_leader, coordinator, who
):
    if who != "anonymous":
        client.force_login(
            {"volunteer": volunteer, "other_leader": other_leader, "coordinator": coordinator}[who]
        )
    assert ADDRESS not in client.get(url(group)).content.decode()


def test_no_page_shows_a_members_address_or_name_to_non_staff(
    client, group, leader, other_leader, volunteer
):
    member = UserFactory(
        email="secret.member@example.org", first_name="Bérénice", last_name="Vandeput"
    )
    MembershipFactory(group=group, volunteer=member)
    pages = [url(group), "/fr/groups/?q=5000", "/fr/groups/?province=namur"]
    for person in (None, volunteer, other_leader, leader, member):
        client.logout()
        if person:
            client.force_login(person)
        for page in pages:
            content = client.get(page).content.decode()
            if person:
                # The contact form is filled in with the person's own name and address.
                content = content.replace(person.email, "").replace(person.get_full_name(), "")
            for private in (
                "secret.member@example.org",
                "leader@example.org",
                "Vandeput",
                "Dumont",
            ):
                assert private not in content, (person, page, private)


def test_query_count_of_the_page_does_not_grow(client, django_assert_num_queries, group, leader):
    def members(count):
        for _ in range(count):
            MembershipFactory(group=group)

    with django_assert_num_queries(1):
        client.get(url(group))
    members(20)
    with django_assert_num_queries(1):
        response = client.get(url(group))
    assert "21 membres" in response.content.decode()


class TestContactForm:
    def test_the_message_reaches_the_leader_who_can_reply(
        self, client, group, leader, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(contact_url(group), MESSAGE)
        assert response.status_code == 302
        assert response["Location"] == url(group)
        assert len(mailoutbox) == 1
        mail = mailoutbox[0]
        assert mail.to == ["leader@example.org"]
        assert mail.reply_to == ["jeanne.visiteuse@example.net"]
        assert "Groupe de Namur" in mail.subject and "Jeanne" not in mail.subject
        assert "Jeanne" in mail.body and "prochaine réunion" in mail.body
        # The visitor sees a thank-you, and nobody's address.
        page = client.get(url(group)).content.decode()
        assert "votre message a été transmis au groupe" in page
        assert "leader@example.org" not in page

    def test_in_the_leaders_language(
        self, client, group, leader, mailoutbox, django_capture_on_commit_callbacks
    ):
        leader.preferred_language = "en"
        leader.save()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(contact_url(group), MESSAGE)
        assert mailoutbox[0].subject.startswith("Message for Groupe de Namur")

    def test_the_subject_carries_nothing_the_visitor_typed(
        self, client, group, leader, mailoutbox, django_capture_on_commit_callbacks
    ):
        """The e-mail leaves from the portal's address: a visitor must not write its subject."""
        leader.preferred_language = "en"
        leader.save()
        bait = "URGENT: wire money"
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                contact_url(group),
                {**MESSAGE, "name": f"{bait} to BE71 0961 2345 6769", "message": f"{bait} today."},
            )
        mail = mailoutbox[0]
        assert mail.subject == "Message for Groupe de Namur via the portal"
        assert "URGENT" not in mail.subject and "wire" not in mail.subject
        assert f"{bait} to BE71 0961 2345 6769" in mail.body and f"{bait} today." in mail.body

    def test_without_a_leader_the_secretariat_gets_it(
        self, client, group, mailoutbox, django_capture_on_commit_callbacks, settings
    ):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(contact_url(group), MESSAGE)
        assert mailoutbox[0].to == [settings.SECRETARIAT_EMAIL]

    def test_the_honeypot_sends_nothing(
        self, client, group, leader, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                contact_url(group), {**MESSAGE, "website": "http://spam.example"}
            )
        assert response.status_code == 302
        assert mailoutbox == []

    def test_the_trap_is_hidden_from_people(self, client, group):
        content = client.get(url(group)).content.decode()
        assert 'class="groups-hp" aria-hidden="true"' in content
        assert 'tabindex="-1"' in content

    def test_rate_limited_per_address(
        self, client, group, leader, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(5):
                assert client.post(contact_url(group), MESSAGE).status_code == 302
            response = client.post(contact_url(group), MESSAGE)
        assert response.status_code == 429
        assert "Merci d’attendre une heure" in response.content.decode()
        assert len(mailoutbox) == 5
        # Another address is not affected.
        with django_capture_on_commit_callbacks(execute=True):
            other = client.post(contact_url(group), MESSAGE, REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 302
        assert len(mailoutbox) == 6

    @pytest.mark.parametrize(
        "field, value",
        [("email", "not-an-address"), ("message", "Hi"), ("name", ""), ("message", "x" * 3001)],
    )
    def test_bad_input_shows_errors_and_sends_nothing(
        self, client, group, leader, mailoutbox, django_capture_on_commit_callbacks, field, value
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(contact_url(group), {**MESSAGE, field: value})
        assert response.status_code == 200
        assert response.context["contact_form"].errors[field]
        assert mailoutbox == []

    def test_wrong_method(self, client, group):
        # The form's address opened by GET (a reload, a language switch) shows the form's page.
        response = client.get(contact_url(group))
        assert response.status_code == 302 and response.url == url(group)
        assert client.put(contact_url(group)).status_code == 405

    def test_inactive_group(self, client, group, mailoutbox):
        LocalGroup.objects.filter(pk=group.pk).update(is_active=False)
        assert client.post(contact_url(group), MESSAGE).status_code == 404
        assert mailoutbox == []


def test_one_leader_per_group_is_enforced_by_the_database(group, leader):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=group, volunteer=UserFactory(), role=Membership.Role.LEADER)
    assert Membership.objects.filter(group=group, role=Membership.Role.LEADER).count() == 1


def test_one_treasurer_per_group_is_enforced_by_the_database(group):
    from django.db import IntegrityError, transaction

    MembershipFactory(group=group, role=Membership.Role.TREASURER)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(group=group, role=Membership.Role.TREASURER)


def test_two_groups_may_each_have_a_leader(group, leader, other_group, other_leader):
    assert Membership.objects.filter(role=Membership.Role.LEADER).count() == 2


def test_coordinates_and_province_come_from_the_commune(group):
    assert (group.latitude, group.longitude) == (group.place.latitude, group.place.longitude)
    assert group.province == "namur"
    precise = LocalGroupFactory(
        name="Groupe précis", coordinates_from_place=False, latitude=50.47, longitude=4.86
    )
    assert (precise.latitude, precise.longitude) == (50.47, 4.86)

"""The directory shows to the people it concerns (a coordination's coordinator, a group's
members); the new pages keep a fixed number of queries whatever the amount of data."""

import pytest
from django.urls import reverse

from liaison import selectors, services
from liaison.models import SecretariatContact

pytestmark = pytest.mark.django_db


def fill(coordinator, coordination, count):
    for n in range(count):
        signalement = services.signalement_submit(
            author=coordinator,
            coordination=coordination,
            kind="other",
            title=f"Signalement {n}",
            body="…",
        )
        services.signalement_reply(signalement=signalement, author=coordinator, body="Précision")


def test_a_coordinations_contacts_come_from_the_directory(coordination, directory, staff):
    contacts = selectors.contacts_for_coordination(coordination)
    assert directory["campaigner"] in contacts
    assert directory["press"] in contacts  # every coordinator works with press
    assert directory["africa"] not in contacts  # follows another region
    assert directory["group_support"] not in contacts
    # The coordination's own secretariat contact, listed in the directory, is among them.
    coordination.secretariat_contact = directory["group_support"].user
    assert directory["group_support"] in selectors.contacts_for_coordination(coordination)
    # A role left vacant (the person's account erased) is not shown.
    SecretariatContact.objects.filter(pk=directory["press"].pk).update(user=None)
    assert directory["press"] not in selectors.contacts_for_coordination(coordination)


def test_the_coordinator_sees_their_contacts_in_my_space_and_on_their_signalements(
    coordinator_client, directory
):
    # My space shows them on the page of the mandate.
    for url in (reverse("accounts:me_mandate"), reverse("liaison:my_list")):
        page = coordinator_client.get(url).content.decode()
        assert "diego@secretariat.example.org" in page, url
        assert "julie@secretariat.example.org" in page, url
        assert "amina@secretariat.example.org" not in page, url


def test_the_public_coordination_page_does_not_show_the_directory(client, coordination, directory):
    page = client.get(coordination.get_absolute_url()).content.decode()
    assert "diego@secretariat.example.org" not in page


def test_a_groups_members_see_its_contacts_not_the_public(
    client, group, leader, volunteer, directory
):
    from tests.groups.factories import MembershipFactory

    MembershipFactory(group=group, volunteer=volunteer)
    url = group.get_absolute_url()
    assert "sophie@secretariat.example.org" not in client.get(url).content.decode()
    for person in (volunteer, leader):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert "sophie@secretariat.example.org" in page
        assert "hugo@secretariat.example.org" in page  # individuals at risk
        assert "diego@secretariat.example.org" not in page


def test_the_admin_offers_only_the_directorys_people_as_a_coordinations_contact(
    coordination, directory, staff
):
    from coordinations.admin import CoordinationAdminForm

    field = CoordinationAdminForm(instance=coordination).fields["secretariat_contact"]
    assert directory["campaigner"].user in field.queryset
    assert staff not in field.queryset


@pytest.mark.parametrize("count", [2, 12])
def test_the_coordinators_list_keeps_its_budget(
    coordinator_client, coordinator, coordination, directory, django_assert_num_queries, count
):
    fill(coordinator, coordination, count)
    # Session, user, "may send?", the coordinations, the count and the page of signalements,
    # the contacts of the one coordination, the navigation's count of what waits
    # (config/navigation.py, then cached).
    with django_assert_num_queries(8):
        assert coordinator_client.get(reverse("liaison:my_list")).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_the_thread_keeps_its_budget(
    coordinator_client,
    campaigner_client,
    coordinator,
    coordination,
    directory,
    django_assert_num_queries,
    count,
):
    fill(coordinator, coordination, 1)
    signalement = coordinator.signalements.get()
    for _n in range(count):
        services.signalement_reply(
            signalement=signalement, author=directory["campaigner"].user, body="Réponse"
        )
    # Session, user, the signalement with its people, its replies with their authors, the
    # navigation's count of what waits (config/navigation.py, then cached).
    with django_assert_num_queries(5):
        assert coordinator_client.get(signalement.get_absolute_url()).status_code == 200
    # Staff: their second factor too.
    with django_assert_num_queries(5):
        assert campaigner_client.get(signalement.get_staff_url()).status_code == 200


@pytest.mark.parametrize("count", [2, 30])
def test_the_staff_queue_keeps_its_budget(
    campaigner_client, coordinator, coordination, directory, django_assert_num_queries, count
):
    fill(coordinator, coordination, count)
    # Session, user, second factor, the contacts of the filter, the count and the page.
    with django_assert_num_queries(6):
        assert campaigner_client.get(reverse("liaison:queue")).status_code == 200

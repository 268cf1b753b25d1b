import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_my_space_needs_a_login(client):
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_space_shows_and_saves_the_profile(volunteer_client, volunteer):
    page = volunteer_client.get(reverse("accounts:me")).content.decode()
    assert "Lucas" in page
    response = volunteer_client.post(
        reverse("accounts:me"),
        {
            "first_name": "Luc",
            "last_name": "Peeters",
            "preferred_language": "en",
            "phone": "+32 470 12 34 56",
            "postal_code": "1300",
        },
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.first_name, volunteer.preferred_language, volunteer.postal_code) == (
        "Luc",
        "en",
        "1300",
    )


def test_my_space_keeps_what_was_typed_when_a_field_is_wrong(volunteer_client, volunteer):
    response = volunteer_client.post(
        reverse("accounts:me"),
        {
            "first_name": "Luc",
            "last_name": "Peeters",
            "preferred_language": "fr",
            "postal_code": "12",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "quatre chiffres" in page
    assert 'value="Luc"' in page
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Lucas"


def test_dashboard_link_only_for_staff(volunteer_client, client, staff):
    assert "/admin/" not in volunteer_client.get(reverse("accounts:me")).content.decode()
    client.force_login(staff)
    assert "/admin/" in client.get(reverse("accounts:me")).content.decode()


@pytest.mark.parametrize(
    ("person", "budget"),
    # Staff: one more, their second factor (accounts/middleware.py). A coordinator: one more
    # per mandate for their contacts at the secretariat (liaison).
    [("volunteer", 7), ("staff", 8), ("leader", 13), ("coordinator", 16)],
)
def test_my_space_query_budget(client, request, person, budget, django_assert_max_num_queries):
    """Each app adds its section to My space; the whole page keeps a fixed budget per role."""
    client.force_login(request.getfixturevalue(person))
    with django_assert_max_num_queries(budget):
        assert client.get(reverse("accounts:me")).status_code == 200


def test_my_space_does_not_grow_with_a_coordinators_history(client, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.coordinations.factories import ActivityFactory

    client.force_login(coordinator)
    mandate = coordinator.mandates.get()

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("accounts:me"))
        return len(queries)

    ActivityFactory(mandate=mandate)
    few = count()
    ActivityFactory.create_batch(30, mandate=mandate)
    assert count() == few

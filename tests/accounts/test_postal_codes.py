"""A postal code on sign-up and in the profile is a Belgian postal code that exists: the finder's
own check (groups.selectors.place_for_postal_code), so that every code the portal keeps is one
the finder can place."""

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = "/en/accounts/signup/"
PROFILE = "/en/me/profile/"
NOT_BELGIAN = "This is not a Belgian postal code."
FOUR_DIGITS = "A Belgian postal code has four digits, for example 5000."


def signup(client, postal_code):
    return client.post(
        SIGNUP,
        {
            "first_name": "Amina",
            "last_name": "Diallo",
            "email": "amina@example.org",
            "postal_code": postal_code,
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )


def save_profile(client, postal_code):
    return client.post(
        PROFILE,
        {
            "first_name": "Luc",
            "last_name": "Peeters",
            "preferred_language": "en",
            "postal_code": postal_code,
        },
    )


@pytest.mark.parametrize(
    ("typed", "message"), [("9999", NOT_BELGIAN), ("0000", NOT_BELGIAN), ("ABCD", FOUR_DIGITS)]
)
def test_signup_refuses_a_postal_code_that_does_not_exist(client, typed, message):
    response = signup(client, typed)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="amina@example.org").exists()


@pytest.mark.parametrize("typed", ["5000", "1000", ""])
def test_signup_accepts_a_real_postal_code_or_none(client, typed):
    response = signup(client, typed)
    assert response.status_code == 302
    assert User.objects.get(email="amina@example.org").postal_code == typed


@pytest.mark.parametrize(
    ("typed", "message"), [("9999", NOT_BELGIAN), ("0000", NOT_BELGIAN), ("ABCD", FOUR_DIGITS)]
)
def test_profile_refuses_a_postal_code_that_does_not_exist(
    volunteer_client, volunteer, typed, message
):
    before = volunteer.postal_code
    response = save_profile(volunteer_client, typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Luc"' in page  # what was typed is kept
    volunteer.refresh_from_db()
    assert (volunteer.first_name, volunteer.postal_code) == ("Lucas", before)


@pytest.mark.parametrize("typed", ["5000", "1000", ""])
def test_profile_accepts_a_real_postal_code_or_none(volunteer_client, volunteer, typed):
    response = save_profile(volunteer_client, typed)
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.postal_code == typed


def test_the_same_codes_are_unknown_to_the_finder(client):
    """The sign-up refuses exactly what the group finder cannot place."""
    from groups.selectors import find_place

    assert find_place("9999").problem == find_place("0000").problem == "unknown_postal_code"
    assert find_place("5000").place is not None


def test_the_admin_refuses_it_too_and_cannot_tick_the_summaries(admin_client, volunteer):
    from django.urls import reverse

    from tests.security.test_admin_escalation import form_data

    url = reverse("admin:accounts_user_change", args=[volunteer.pk])
    data = form_data(admin_client.get(url), User)
    data.update(postal_code=["9999"], receives_digests=["on"])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()["postal_code"]
    assert [e.code for e in errors] == ["unknown_postal_code"]
    data.update(postal_code=["4000"])
    assert admin_client.post(url, data).status_code == 302
    volunteer.refresh_from_db()
    # The postal code is corrected; the summaries stay off: only the person opts in.
    assert (volunteer.postal_code, volunteer.receives_digests) == ("4000", False)

"""Registering interest in a coordination, a country or a theme, and stopping it."""

import pytest
from django.urls import reverse

from accounts.models import Consent
from recruitment.models import InterestRegistration
from tests.recruitment.factories import InterestRegistrationFactory

pytestmark = pytest.mark.django_db
URL = reverse("recruitment:interest_register")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={URL}"


def test_the_form_is_prefilled_from_a_coordination_page(volunteer_client, coordination):
    response = volunteer_client.get(URL, {"coordination": coordination.slug})
    assert response.context["form"].initial == {"kind": "coordination", "coordination": "mexique"}
    assert "js/recruitment-interest.js" in response.content.decode()


def test_registering_interest_in_a_coordination(
    volunteer_client, volunteer, coordination, settings
):
    response = volunteer_client.post(
        URL, {"kind": "coordination", "coordination": coordination.slug, "consent": "on"}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:me")
    registration = InterestRegistration.objects.get()
    assert (registration.person, registration.coordination) == (volunteer, coordination)
    assert registration.privacy_version == settings.PRIVACY_VERSION
    page = volunteer_client.get(reverse("accounts:me")).content.decode()
    assert "Une coordination\u00a0: Mexique" in page


def test_registering_interest_in_a_country(volunteer_client):
    volunteer_client.post(URL, {"kind": "country", "country": "BO", "consent": "on"})
    assert InterestRegistration.objects.get().country == "BO"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "country", "country": "BO"}, "consent"),
        ({"kind": "country", "country": "", "consent": "on"}, "country"),
        ({"kind": "theme", "theme": "Inventé", "consent": "on"}, "theme"),
        ({"kind": "planet", "consent": "on"}, "kind"),
    ],
)
def test_bad_input_is_refused(volunteer_client, data, field):
    response = volunteer_client.post(URL, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not InterestRegistration.objects.exists()


def test_stopping_a_registration(volunteer_client, volunteer):
    registration = InterestRegistrationFactory(person=volunteer)
    url = reverse("recruitment:interest_stop", args=[registration.pk])
    assert volunteer_client.get(url).url == reverse("accounts:me")  # by GET: nothing stopped
    assert InterestRegistration.objects.exists()
    assert volunteer_client.post(url).status_code == 302
    assert not InterestRegistration.objects.exists()
    # Stopping from My space is a withdrawal of consent, recorded as on the consents page.
    [withdrawal] = Consent.objects.filter(user=volunteer, purpose=Consent.Purpose.INTEREST)
    assert withdrawal.withdrawn_at is not None


def test_nobody_stops_someone_else_s_registration(volunteer_client, other_volunteer):
    registration = InterestRegistrationFactory(person=other_volunteer)
    url = reverse("recruitment:interest_stop", args=[registration.pk])
    assert volunteer_client.post(url).status_code == 404
    assert InterestRegistration.objects.filter(pk=registration.pk).exists()


def test_stopping_needs_a_login(client):
    registration = InterestRegistrationFactory()
    response = client.post(reverse("recruitment:interest_stop", args=[registration.pk]))
    assert response.status_code == 302
    assert InterestRegistration.objects.exists()

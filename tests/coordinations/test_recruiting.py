""" "We are recruiting" leads somewhere: without an open vacancy the coordination's page offers
the pool (tell me when it opens) and a way to write to the secretariat; with one, "Apply". Staff
see on the dashboard which recruiting coordinations have no open vacancy."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment.models import InterestRegistration, Vacancy
from tests.coordinations.factories import MandateFactory
from tests.factories import StaffFactory
from tests.recruitment.factories import CoordinationVacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def detail_url(coordination, language="fr") -> str:
    url = reverse("coordinations:detail", args=[coordination.slug])
    return url.replace("/fr/", f"/{language}/", 1)


def interest_url(coordination, language="fr") -> str:
    url = reverse("recruitment:interest_register")
    return f"{url.replace('/fr/', f'/{language}/', 1)}?coordination={coordination.slug}"


@pytest.fixture
def contact(db):
    return StaffFactory(email="coordinations@example.org", first_name="Nadia")


@pytest.fixture
def recruiting(coordination, contact):
    coordination.is_recruiting = True
    coordination.secretariat_contact = contact
    coordination.save()
    return coordination


@pytest.mark.parametrize("language", ["en", "fr"])
def test_recruiting_without_a_vacancy_offers_interest_and_contact(client, recruiting, language):
    response = client.get(detail_url(recruiting, language))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{interest_url(recruiting, language)}"' in page
    assert 'href="mailto:coordinations@example.org?subject=' in page
    assert response.context["open_vacancy"] is None
    assert "/apply/" not in page


def test_the_english_page_says_what_the_links_do(client, recruiting):
    page = client.get(detail_url(recruiting, "en")).content.decode()
    assert "We are recruiting" in page
    assert "Tell me when this coordination recruits" in page
    assert "Write to the secretariat" in page
    assert "Coordination%20Mexique%3A%20I%20am%20interested" in page


def test_a_draft_vacancy_does_not_count_as_one(client, recruiting):
    CoordinationVacancyFactory(
        coordination=recruiting, status=Vacancy.Status.DRAFT, published_at=None
    )
    page = client.get(detail_url(recruiting, "en")).content.decode()
    assert "Tell me when this coordination recruits" in page


def test_a_passed_deadline_does_not_count_either(client, recruiting):
    CoordinationVacancyFactory(
        coordination=recruiting,
        published_at=timezone.now() - datetime.timedelta(days=40),
        deadline=timezone.now() - datetime.timedelta(days=1),
    )
    page = client.get(detail_url(recruiting, "en")).content.decode()
    assert "Tell me when this coordination recruits" in page


def test_with_an_open_vacancy_the_page_offers_to_apply_instead(client, recruiting):
    vacancy = CoordinationVacancyFactory(coordination=recruiting)
    page = client.get(detail_url(recruiting, "en")).content.decode()
    assert f'href="{vacancy.get_absolute_url().replace("/fr/", "/en/", 1)}"' in page
    assert "Tell me when this coordination recruits" not in page
    assert "mailto:" not in page


def test_a_coordination_that_does_not_recruit_offers_neither(client, coordination):
    page = client.get(detail_url(coordination, "en")).content.decode()
    assert "Tell me when this coordination recruits" not in page
    assert "mailto:" not in page


def test_no_volunteer_address_is_shown(client, recruiting, volunteer, settings):
    # A contact who is not (or no longer) staff: the secretariat's own address instead.
    recruiting.secretariat_contact = volunteer
    recruiting.save()
    page = client.get(detail_url(recruiting, "en")).content.decode()
    assert volunteer.email not in page
    assert f'href="mailto:{settings.SECRETARIAT_EMAIL}?subject=' in page


def test_without_a_contact_the_secretariat_address_is_given(client, recruiting, settings):
    recruiting.secretariat_contact = None
    recruiting.save()
    page = client.get(detail_url(recruiting, "en")).content.decode()
    assert f'href="mailto:{settings.SECRETARIAT_EMAIL}?subject=' in page


def test_the_interest_link_leads_to_a_registration(volunteer_client, volunteer, recruiting):
    form = volunteer_client.get(interest_url(recruiting)).context["form"]
    assert form.initial == {"kind": "coordination", "coordination": recruiting.slug}
    response = volunteer_client.post(
        reverse("recruitment:interest_register"),
        {"kind": "coordination", "coordination": recruiting.slug, "consent": "on"},
    )
    assert response.status_code == 302
    registration = InterestRegistration.objects.get()
    assert (registration.person, registration.coordination) == (volunteer, recruiting)


# The dashboard ------------------------------------------------------------------------------


def dashboard(staff_client, **params):
    return staff_client.get(reverse("dashboard:index").replace("/fr/", "/en/", 1), params)


def listed(response) -> list[str]:
    return [row["slug"] for row in response.context["recruiting_without_vacancy"]]


def test_the_dashboard_lists_recruiting_coordinations_without_a_vacancy(
    staff_client, recruiting, other_coordination
):
    response = dashboard(staff_client)
    assert response.status_code == 200
    assert listed(response) == ["mexique"]
    assert response.context["recruiting_without_vacancy_count"] == 1
    page = response.content.decode()
    assert "Recruiting coordinations without an open vacancy" in page
    add = reverse("admin:recruitment_vacancy_add")
    assert f'href="{add}?kind=coordination&amp;coordination={recruiting.pk}"' in page


def test_the_dashboard_drops_it_once_a_vacancy_is_open(staff_client, recruiting):
    assert listed(dashboard(staff_client)) == ["mexique"]
    CoordinationVacancyFactory(coordination=recruiting)
    response = dashboard(staff_client, refresh="1")
    assert listed(response) == []
    assert 'id="recruiting-without-vacancy"' not in response.content.decode()


def test_volunteers_do_not_see_the_dashboard(volunteer_client, recruiting):
    response = volunteer_client.get(reverse("dashboard:index"))
    assert response.status_code in (302, 403, 404)


def test_no_call_once_a_new_coordinator_is_about_to_arrive(client, recruiting):
    MandateFactory(
        coordination=recruiting, start_date=timezone.localdate() + datetime.timedelta(days=12)
    )
    page = client.get(detail_url(recruiting, "en")).content.decode()
    assert "arrives on" in page
    assert "We are recruiting" not in page
    assert "mailto:" not in page

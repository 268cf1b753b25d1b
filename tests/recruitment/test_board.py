"""The public board, a vacancy's page (facts, JSON-LD) and the Atom feed."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment.models import Vacancy, VacancyLanguage, WorkloadShare
from tests.clock import date_sensitive
from tests.coordinations.factories import CoordinationFactory
from tests.recruitment.factories import (
    ApplicationFactory,
    CoordinationVacancyFactory,
    PaidJobFactory,
    VacancyFactory,
)

# Dates relative to today, on the fixed clock of tests/clock.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
ATOM = "{http://www.w3.org/2005/Atom}"
BOARD = reverse("recruitment:vacancy_list")


def titles(response) -> list[str]:
    return [vacancy.title for vacancy in response.context["vacancies"]]


# The board ----------------------------------------------------------------------------------


@date_sensitive
def test_the_board_lists_open_vacancies_only(client, vacancy):
    VacancyFactory(title="Brouillon secret", status="draft", published_at=None)
    VacancyFactory(title="Clôturée", status="closed")
    VacancyFactory(title="Échue", deadline=timezone.now() - datetime.timedelta(hours=1))
    response = client.get(BOARD)
    assert response.status_code == 200
    assert titles(response) == [vacancy.title]
    page = response.content.decode()
    assert "Brouillon secret" not in page
    assert reverse("recruitment:vacancy_feed") in page
    assert "<h1" in page and page.count("<h1") == 1


@date_sensitive
def test_the_board_filters_by_kind_country_language_and_closing_soon(client, vacancy):
    job = PaidJobFactory(
        title="Conseiller à Bruxelles", deadline=timezone.now() + datetime.timedelta(days=3)
    )
    VacancyLanguage.objects.create(vacancy=job, language="en", level="C1")
    abroad = VacancyFactory(title="Coopération à La Paz", kind="cooperation", country="BO")
    assert titles(client.get(BOARD, {"kind": "paid_job"})) == [job.title]
    # A coordination is found by the countries it covers, not by its place (Belgium).
    assert titles(client.get(BOARD, {"country": "MX"})) == [vacancy.title]
    assert titles(client.get(BOARD, {"country": "BO"})) == [abroad.title]
    assert titles(client.get(BOARD, {"language": "en"})) == [job.title]
    assert titles(client.get(BOARD, {"closing_soon": "on"})) == [job.title]
    assert titles(client.get(BOARD, {"q": "paz"})) == [abroad.title]
    assert titles(client.get(BOARD, {"q": "Mexique"})) == [vacancy.title]


def test_unknown_filter_values_are_ignored(client, vacancy):
    response = client.get(BOARD, {"kind": "nonsense", "country": "ZZ", "page": "abc"})
    assert response.status_code == 200
    assert titles(response) == [vacancy.title]


def test_the_board_offers_the_pool_when_nothing_is_open(client):
    page = client.get(BOARD).content.decode()
    assert "Aucune offre n’est ouverte" in page
    assert reverse("recruitment:interest_register") in page


def test_the_board_is_paginated(client):
    VacancyFactory.create_batch(25)
    first = client.get(BOARD)
    assert len(first.context["vacancies"]) == 20
    assert len(client.get(BOARD, {"page": 2}).context["vacancies"]) == 5
    assert "page=2" in first.content.decode()


def test_the_board_refuses_other_methods(client):
    assert client.post(BOARD).status_code == 405


def make_board(count: int, applications: int):
    """`count` vacancies of every kind, sharing `applications` applications between them."""
    vacancies = []
    for number in range(count):
        coordination = CoordinationFactory(name=f"Pays {number}", countries=["MX"])
        vacancies.append(
            CoordinationVacancyFactory(
                coordination=coordination,
                deadline=timezone.now() + datetime.timedelta(days=number + 1),
            )
        )
        job = PaidJobFactory(deadline=timezone.now() + datetime.timedelta(days=3))
        VacancyLanguage.objects.create(vacancy=job, language="fr", level="C1")
        vacancies.append(job)
    for number in range(applications):
        ApplicationFactory(vacancy=vacancies[number % len(vacancies)])


@pytest.mark.parametrize(("vacancies", "applications"), [(2, 10), (15, 200)])
def test_the_board_query_budget_does_not_grow(
    client, vacancies, applications, django_assert_num_queries
):
    make_board(vacancies, applications)
    with django_assert_num_queries(3):
        response = client.get(BOARD, {"kind": "", "q": ""})
    assert response.status_code == 200
    with django_assert_num_queries(3):
        response = client.get(BOARD, {"kind": "paid_job", "language": "fr", "closing_soon": "on"})
    assert len(response.context["vacancies"]) == vacancies


# A vacancy's page ---------------------------------------------------------------------------


@date_sensitive
def test_a_vacancy_page_shows_its_facts(client):
    job = PaidJobFactory(
        title="Conseiller droits humains",
        deadline=timezone.now() + datetime.timedelta(days=9),
        salary_note="Brut, payé sur 12 mois.",
        apply_method="email",
        apply_email="applications@example.org",
        apply_email_subject="Human Rights Advisor",
    )
    WorkloadShare.objects.create(vacancy=job, programme="Défenseurs", percent=80)
    WorkloadShare.objects.create(vacancy=job, programme="Plaidoyer UE", percent=20)
    response = client.get(job.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bruxelles" in page
    assert "100 % d’un temps plein" in page
    assert "80 % · Défenseurs" in page
    assert "de 3\u202f600\u00a0€ à 4\u202f100\u00a0€ par mois" in page
    assert "Dès que possible" in page
    assert re.search(r"[89] jours restants", page)
    assert "Human Rights Advisor" in page
    assert "mailto:applications@example.org?subject=Human%20Rights%20Advisor" in page
    assert reverse("recruitment:vacancy_apply", args=[job.slug]) not in page


def test_an_anonymous_visitor_is_offered_to_log_in_or_sign_up(client, vacancy):
    page = client.get(vacancy.get_absolute_url()).content.decode()
    apply = reverse("recruitment:vacancy_apply", args=[vacancy.slug])
    assert f"{reverse('account_login')}?next={apply}" in page
    assert f"{reverse('account_signup')}?next={apply}" in page


def test_a_person_who_applied_sees_their_application(volunteer_client, application):
    page = volunteer_client.get(application.vacancy.get_absolute_url()).content.decode()
    assert reverse("recruitment:application_detail", args=[application.pk]) in page


def test_a_draft_is_hidden_from_everyone_but_staff(client, volunteer_client, staff):
    draft = VacancyFactory(status="draft", published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert volunteer_client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff)
    assert "Brouillon" in client.get(draft.get_absolute_url()).content.decode()


def test_an_unknown_vacancy_is_404(client):
    assert client.get(reverse("recruitment:vacancy_detail", args=["nope"])).status_code == 404


def test_a_closed_vacancy_page_says_so(client):
    closed = VacancyFactory(status="closed")
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Les candidatures à cette offre sont closes." in page


def test_the_vacancy_page_query_budget(client, django_assert_num_queries):
    job = PaidJobFactory()
    VacancyLanguage.objects.create(vacancy=job, language="fr", level="C1")
    with django_assert_num_queries(6):
        client.get(job.get_absolute_url())


def json_ld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_a_paid_job_carries_job_posting_json_ld(client):
    job = PaidJobFactory(
        title="Conseiller </script><script>alert(1)</script> & co",
        deadline=timezone.now() + datetime.timedelta(days=10),
    )
    response = client.get(job.get_absolute_url())
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    data = json_ld(response)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "JobPosting"
    assert data["title"] == job.title
    assert data["datePosted"] == job.published_at.date().isoformat()
    assert data["validThrough"] == job.deadline.isoformat()
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Organisation mondiale contre la torture",
        "sameAs": "https://www.omct.org/",
    }
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Bruxelles",
        "addressCountry": "BE",
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "unitText": "MONTH",
            "minValue": 3600.0,
            "maxValue": 4100.0,
        },
    }
    assert data["url"].endswith(job.get_absolute_url())


def test_other_kinds_carry_no_json_ld(client, vacancy):
    assert "application/ld+json" not in client.get(vacancy.get_absolute_url()).content.decode()


# The feed -----------------------------------------------------------------------------------


def test_the_feed_is_valid_atom(client, vacancy):
    job = PaidJobFactory(title="Conseiller & plaidoyer <UE>")
    VacancyFactory(title="Brouillon", status="draft", published_at=None)
    response = client.get(reverse("recruitment:vacancy_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Offres"
    assert root.find(f"{ATOM}id").text
    assert root.find(f"{ATOM}updated").text
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [job.title, vacancy.title] or [
        e.find(f"{ATOM}title").text for e in entries
    ] == [vacancy.title, job.title]
    for entry in entries:
        assert entry.find(f"{ATOM}id").text
        assert entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
        assert entry.find(f"{ATOM}summary").text


def test_the_feed_url_is_not_taken_for_a_slug():
    assert reverse("recruitment:vacancy_feed") == "/fr/vacancies/feed/"
    assert Vacancy.objects.count() == 0

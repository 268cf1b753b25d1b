"""The secretariat takes a candidate from "submitted" to coordinator, as a person does it.

A staff member logs in, finds the application from the dashboard, moves it to review, schedules
an interview (the applicant receives the invitation with its calendar file), then accepts the
candidate: the coordination is no longer vacant on the public pages, and the new coordinator
sees their mandate with its end 24 months after its start. Every page is checked with axe-core.
"""

import calendar
import datetime
import re

import pytest
from django.utils.formats import date_format
from playwright.sync_api import expect

from tests.coordinations.factories import CoordinationFactory
from tests.e2e.conftest import type_second_factor
from tests.e2e.test_application_journey import check
from tests.factories import PASSWORD, UserFactory
from tests.recruitment.factories import ApplicationFactory, CoordinationVacancyFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def months_later(start: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when that day does not exist)."""
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@pytest.fixture
def amina_applied(catalogues):
    """Amina has applied to the vacant Mexique coordination, which is recruiting."""
    mexico = CoordinationFactory(
        name="Mexique", slug="mexique", countries=["MX"], is_recruiting=True
    )
    vacancy = CoordinationVacancyFactory(coordination=mexico, slug="coordination-mexique")
    amina = UserFactory(email="amina@example.org", first_name="Amina", last_name="Diallo")
    return ApplicationFactory(vacancy=vacancy, applicant=amina, commitment_confirmed=True)


def log_in(journey, email: str, *, label: str):
    page = journey.page
    page.get_by_role("link", name="Se connecter").first.click()
    page.wait_for_url("**/fr/accounts/login/**")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    type_second_factor(page, email)
    page.get_by_role("button", name="Se déconnecter").wait_for()
    check(journey, label)


def test_the_secretariat_takes_a_candidate_to_coordinator(
    journey, mailoutbox, secretariat, amina_applied
):
    page = journey.page
    staff_name = secretariat.get_full_name()

    # The secretariat logs in and finds the application from the dashboard.
    journey.goto("/fr/")
    log_in(journey, secretariat.email, label="staff logged in")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Tableau de bord", exact=True
    ).click()
    page.wait_for_url("**/fr/dashboard/")
    open_vacancies = page.get_by_role("table", name="Offres ouvertes")
    check(journey, "dashboard")
    open_vacancies.get_by_role(
        "link", name="Coordinateur ou coordinatrice : Mexique", exact=True
    ).click()
    page.wait_for_url("**/fr/vacancies/pipeline/coordination-mexique/")
    check(journey, "the vacancy's pipeline")
    page.get_by_role("region", name=re.compile("^Envoyée")).get_by_role(
        "link", name="Amina Diallo"
    ).click()
    page.wait_for_url(re.compile(r"/fr/vacancies/pipeline/applications/\d+/$"))
    expect(page.get_by_role("heading", name="Amina Diallo", level=1)).to_be_visible()
    check(journey, "the application")

    # To review, then an interview: the applicant is invited.
    moving = page.get_by_role("region", name="Faire avancer")
    moving.get_by_label("Passer à").select_option(label="En examen")
    moving.get_by_role("button", name="Faire avancer").click()
    page.get_by_text("La candidature a avancé.").wait_for()
    expect(page.locator("main .badge", has_text="En examen").first).to_be_visible()
    check(journey, "in review")

    when = datetime.datetime.combine(
        datetime.date.today() + datetime.timedelta(days=7), datetime.time(14, 0)
    )
    mailoutbox.clear()
    interview = page.get_by_role("region", name="Planifier un entretien")
    interview.get_by_label("Date et heure").fill(when.strftime("%Y-%m-%dT%H:%M"))
    interview.get_by_label("Lieu").fill("Secrétariat, rue Berckmans 9, 1060 Saint-Gilles")
    interview.get_by_label(staff_name).check()
    interview.get_by_role("button", name="Planifier et inviter").click()
    page.get_by_text("L’entretien est planifié et l’invitation envoyée.").wait_for()
    expect(page.locator("main .badge", has_text="Entretien").first).to_be_visible()
    check(journey, "interview scheduled")

    assert [m.to for m in mailoutbox] == [["amina@example.org"]]
    invitation = mailoutbox[0]
    assert "Coordinateur ou coordinatrice : Mexique" in invitation.subject
    assert "rue Berckmans 9" in invitation.body
    assert [name for name, _content, _type in invitation.attachments] == ["interview.ics"]
    assert "BEGIN:VEVENT" in invitation.attachments[0][1]

    # The decision: accepted, starting today.
    start = datetime.date.today()
    accept = page.get_by_role("region", name="Accepter", exact=True)
    accept.get_by_label("Date de début").fill(start.isoformat())
    accept.get_by_label("Message à la personne candidate").fill("Bienvenue dans l’équipe !")
    accept.get_by_label("Note interne").fill("Entretien très convaincant.")
    mailoutbox.clear()
    accept.get_by_role("button", name="Accepter la candidature").click()
    page.get_by_text("La candidature a été acceptée.").wait_for()
    expect(page.locator("main .badge", has_text="Acceptée").first).to_be_visible()
    expect(page.get_by_text("Note interne : Entretien très convaincant.")).to_be_visible()
    check(journey, "accepted")
    assert [m.to for m in mailoutbox] == [["amina@example.org"]]
    assert "Bienvenue dans l’équipe !" in mailoutbox[0].body
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("link", name="Se connecter").first.wait_for()

    # The public pages: Mexique is no longer vacant, and Amina holds it.
    journey.goto("/fr/")
    assert (
        page.get_by_role("region", name="Coordinations qui cherchent leur responsable").count() == 0
    )
    check(journey, "home, nothing vacant")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Coordinations", exact=True
    ).click()
    page.wait_for_url("**/fr/coordinations/")
    card = page.locator("article", has=page.get_by_role("link", name="Mexique"))
    expect(card.get_by_text("Amina")).to_be_visible()
    assert card.get_by_text("Vacante").count() == 0
    check(journey, "coordinations")
    card.get_by_role("link", name="Mexique").click()
    page.wait_for_url("**/fr/coordinations/mexique/")
    holders = page.get_by_role("region", name="Qui la porte")
    expect(holders.get_by_text("Amina")).to_be_visible()
    assert page.get_by_text("Vacante", exact=True).count() == 0
    assert page.get_by_role("link", name="Postuler", exact=True).count() == 0
    check(journey, "coordination held")

    # The new coordinator sees their mandate, ending 24 months after it starts.
    log_in(journey, "amina@example.org", label="coordinator logged in")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mon espace", exact=True
    ).click()
    page.wait_for_url("**/fr/me/")
    mandate = page.get_by_role("region", name="Mon mandat : Mexique")
    text = mandate.inner_text()
    assert "Fin de l’engagement de 24 mois" in text
    assert date_format(start, "DATE_FORMAT") in text
    assert date_format(months_later(start, 24), "DATE_FORMAT") in text
    check(journey, "my mandate")

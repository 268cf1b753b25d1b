"""A coordinator accepted to start later: the public page still shows the vacancy, with the day
she arrives, until that day; on it, she holds the coordination.

The secretariat accepts Amina after her interview, her mandate starting in twelve days. The
public page of Mexique (seen by a visitor, not logged in) says it has no coordinator and when the
new one arrives, without her name. Then the portal's clock is moved to the start date
(time-machine patches the process's clock, which the live server's threads share; the browser
keeps its own, which only the cookies would notice and the visitor has none): the same page now
names Amina as holder. The page cache keys on the day, so no save is needed for the change.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from playwright.sync_api import expect

from tests.coordinations.factories import CoordinationFactory
from tests.e2e.conftest import log_in
from tests.e2e.test_application_journey import check
from tests.factories import UserFactory
from tests.recruitment.factories import ApplicationFactory, CoordinationVacancyFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DAYS_AHEAD = 12


@pytest.fixture
def amina_interviewed(catalogues):
    """Amina applied to the vacant Mexique coordination and was interviewed."""
    mexico = CoordinationFactory(name="Mexique", slug="mexique", countries=["MX"])
    vacancy = CoordinationVacancyFactory(coordination=mexico, slug="coordination-mexique")
    amina = UserFactory(email="amina@example.org", first_name="Amina", last_name="Diallo")
    return ApplicationFactory(
        vacancy=vacancy, applicant=amina, commitment_confirmed=True, status="interview"
    )


def test_a_future_start_shows_the_vacancy_until_the_start_date(
    journey, secretariat, amina_interviewed
):
    page = journey.page
    start = timezone.localdate() + datetime.timedelta(days=DAYS_AHEAD)

    # The secretariat accepts Amina, her mandate starting in twelve days.
    journey.goto("/fr/accounts/login/")
    log_in(page, secretariat.email)
    page.get_by_role("button", name="Se déconnecter").wait_for()
    journey.goto(f"/fr/vacancies/pipeline/applications/{amina_interviewed.pk}/")
    accept = page.get_by_role("region", name="Accepter", exact=True)
    accept.get_by_label("Date de début").fill(start.isoformat())
    accept.get_by_role("button", name="Accepter la candidature").click()
    page.get_by_text("La candidature a été acceptée.").wait_for()
    expect(page.locator("main .badge", has_text="Acceptée").first).to_be_visible()
    check(journey, "accepted with a future start")
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("link", name="Se connecter").first.wait_for()

    # A visitor: Mexique is still vacant, and says when its coordinator arrives.
    journey.goto("/en/coordinations/mexique/")
    with override("en"):
        arrives = date_format(start, "DATE_FORMAT")
    holders = page.get_by_role("region", name="Who holds it")
    expect(
        holders.get_by_text("This coordination has no coordinator at the moment.")
    ).to_be_visible()
    expect(holders.get_by_text(f"Its new coordinator arrives on {arrives}.")).to_be_visible()
    assert holders.get_by_text("Amina").count() == 0
    expect(page.locator(".coord-badge-vacant")).to_be_visible()
    check(journey, "still vacant, arrival announced")
    journey.goto("/en/coordinations/")
    card = page.locator("article", has=page.get_by_role("link", name="Mexique"))
    expect(card.locator(".coord-badge-arrives")).to_be_visible()
    assert card.get_by_text("Amina").count() == 0
    check(journey, "listing, arrival announced")

    # The start date: the same pages, nothing saved since, show her as holder.
    with time_machine.travel(
        datetime.datetime.combine(
            start, datetime.time(9, 0), tzinfo=timezone.get_current_timezone()
        ),
        tick=True,
    ):
        journey.goto("/en/coordinations/mexique/")
        holders = page.get_by_role("region", name="Who holds it")
        expect(holders.get_by_text("Amina")).to_be_visible()
        assert holders.get_by_text("arrives on").count() == 0
        assert page.locator(".coord-badge-vacant").count() == 0
        check(journey, "held on the start date")
        journey.goto("/en/coordinations/")
        card = page.locator("article", has=page.get_by_role("link", name="Mexique"))
        expect(card.get_by_text("Amina")).to_be_visible()
        assert card.locator(".coord-badge-vacant").count() == 0

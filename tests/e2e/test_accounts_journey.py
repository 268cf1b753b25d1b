"""A visitor signs up, confirms their address from the message, and reaches their space."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import link_from, sign_up

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_visitor_signs_up_and_confirms_their_address(journey, mailoutbox):
    page = journey.goto("/")
    assert page.url.endswith("/fr/")
    journey.check("home")
    page.get_by_role("link", name="Créer un compte").click()
    journey.check("sign-up form")
    sign_up(page, "Amina", "Diallo", "amina@example.org", "1060", "une phrase de passe solide")
    page.wait_for_url("**/accounts/confirm-email/")
    journey.check("verification sent")

    assert len(mailoutbox) == 1
    journey.goto(link_from(mailoutbox[0], "/accounts/confirm-email/"))
    journey.check("confirm address")
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/fr/me/")
    expect(page.get_by_role("heading", name="Bienvenue, Amina")).to_be_visible()
    journey.check("my space")


def test_the_language_switch_keeps_the_page(journey):
    page = journey.goto("/fr/privacy/")
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url("**/en/privacy/")
    assert page.get_by_role("heading", level=1).inner_text() == "Privacy and data sources"
    journey.check("privacy in English")
    page.get_by_role("link", name="Français", exact=True).click()
    page.wait_for_url("**/fr/privacy/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vie privée et sources des données"


def test_home_fits_a_phone(journey, page):
    page.set_viewport_size({"width": 390, "height": 844})
    journey.goto("/fr/")
    journey.no_horizontal_scroll()
    page.get_by_role("button", name="Afficher ou masquer le menu").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    journey.check("home on a phone, menu open")

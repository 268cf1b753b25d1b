"""A visitor opens a public action page on a phone, says they have acted, and sees the count go
up: no log-in, nothing out of reach, no accessibility violation (axe-core)."""

import re

import pytest
from playwright.sync_api import expect

from actions.models import PublicParticipation
from actions.public import proposal_set_public
from tests.actions.factories import CircularFactory, PublishedProposalFactory, TargetFactory
from tests.e2e.test_application_journey import Visit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COUNT = re.compile(r"(\d+)")


@pytest.fixture
def public_action(places, coordination):
    circular = CircularFactory(
        title="Un syndicaliste détenu au secret",
        summary="Détenu depuis trois semaines sans accès à un avocat.",
    )
    TargetFactory(circular=circular, email="fiscalia@example.org")
    proposal = PublishedProposalFactory(
        coordination=coordination, circular=circular, title="Écrire au procureur général"
    )
    proposal = proposal_set_public(proposal=proposal, public=True)
    PublicParticipation.objects.create(proposal=proposal, first_name="Karim", postal_code="1000")
    return proposal


def shown_count(page) -> int:
    return int(COUNT.search(page.locator("#count").inner_text()).group(1))


def test_a_visitor_acts_from_a_phone(journey, public_action):
    visit = Visit(journey, phone=True)
    page = journey.goto(public_action.get_public_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Écrire au procureur général")
    expect(page.locator("main")).to_contain_text("Procureur général de la République")
    assert shown_count(page) == 1
    visit.check("public action page")

    form = page.locator("main form")
    form.locator('input[name="first_name"]').fill("Amina")
    form.locator('input[name="postal_code"]').fill("5000")
    form.locator('input[name="email"]').fill("amina@example.org")
    # An address without consent is refused, with the reason next to the box.
    form.locator('button[type="submit"]').click()
    expect(page.locator("#id_consent")).to_have_attribute("aria-invalid", "true")
    assert shown_count(page) == 1
    visit.check("consent asked")

    page.locator("#id_consent").check()
    page.locator('main form button[type="submit"]').click()
    expect(page.locator("#count")).to_contain_text("2")
    assert shown_count(page) == 2
    visit.check("counted")
    assert PublicParticipation.objects.filter(email="amina@example.org", consent=True).exists()

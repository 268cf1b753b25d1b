"""Journey 3: a group's leader looks for the nearest coordinator of a country, sees them sorted
by distance and invites one to the group's next meeting; the coordinator receives the e-mail,
accepts from My space; the leader sees the invitation accepted. Every page checked with axe."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.coordinations.factories import MandateFactory
from tests.e2e.conftest import Journey, link_from, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def next_meeting() -> datetime.date:
    """The group meets on the second Tuesday of the month: that of next month."""
    today = datetime.date.today()
    first = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 7)


@pytest.fixture
def coordinators(coordination, coordinator, other_coordinator):
    """Mexique: Karim in Liège (about 52 km from Namur) and Thomas in Mons (about 60 km); Nadia,
    of the African Great Lakes, lives nearer (Charleroi) but follows other countries."""
    MandateFactory(
        coordination=coordination,
        volunteer=UserFactory(
            email="thomas@example.org", first_name="Thomas", last_name="Leroy", postal_code="7000"
        ),
        role="member",
    )
    return coordinator


def distances(page) -> list[int]:
    cells = page.locator("table tbody tr td:nth-child(3)").all_inner_texts()
    return [int(re.sub(r"\D", "", cell)) for cell in cells]


def test_a_leader_invites_the_nearest_coordinator_who_accepts(
    journey, browser, live_server, group, leader, coordinators, mailoutbox
):
    page = journey.page
    meeting = next_meeting()

    # The leader logs in and finds the coordinators from My space.
    journey.goto("/fr/accounts/login/")
    journey.check("login")
    log_in(page, leader.email)
    page.wait_for_url("**/fr/me/")
    journey.check("leader's space")
    page.get_by_role("link", name="Trouver la coordination la plus proche").click()
    page.wait_for_url("**/fr/groups/namur/coordinators/")
    journey.check("every coordinator")
    names = page.locator("table tbody th").all_inner_texts()
    assert names[0] == "Nadia"  # the nearest of all, but of another coordination

    # For Mexico: Karim, then Thomas, nearest first; Nadia is not listed.
    page.get_by_label("Coordination").select_option(label="Mexique")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**/fr/groups/namur/coordinators/?coordination=mexique")
    expect(page.locator("table tbody tr")).to_have_count(2)
    assert page.locator("table tbody th").all_inner_texts() == ["Karim", "Thomas"]
    assert page.locator("table tbody td:nth-child(2)").all_inner_texts() == ["Mexique"] * 2
    assert distances(page) == sorted(distances(page))
    journey.check("coordinators of Mexico, nearest first")

    # The leader invites Karim to the next meeting.
    page.get_by_role("link", name="Inviter Karim").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Karim")
    journey.check("invitation form")
    page.get_by_label("Date proposée").fill(meeting.isoformat())
    page.get_by_label("Sujet").fill("La situation des défenseurs des droits au Mexique")
    page.get_by_label("Message").fill("Nous préparons une soirée d’écriture de lettres.")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.wait_for_url("**/fr/me/")
    expect(page.get_by_text("Votre invitation a été envoyée à Karim")).to_be_visible()
    expect(page.get_by_text("En attente de réponse").first).to_be_visible()
    journey.check("invitation sent")

    # Karim receives it by e-mail and answers from My space.
    assert [message.to for message in mailoutbox] == [["coordinator@example.org"]]
    invitation = mailoutbox[0]
    assert "Groupe de Namur" in invitation.body
    context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    try:
        karim = Journey(context.new_page(), live_server, journey.folder.name + "-coordinator")
        karim.goto(link_from(invitation, "/me/"))
        page_k = karim.page
        page_k.wait_for_url("**/accounts/login/**")
        log_in(page_k, "coordinator@example.org")
        page_k.wait_for_url("**/fr/me/")
        received = page_k.get_by_role("article", name=re.compile("Groupe de Namur"))
        expect(received).to_contain_text("La situation des défenseurs des droits au Mexique")
        karim.check("coordinator's space with the invitation")
        received.get_by_label("La date à laquelle vous venez").select_option(meeting.isoformat())
        received.get_by_role("button", name="Je viendrai").click()
        page_k.wait_for_url("**/fr/me/")
        expect(page_k.get_by_text("Merci : le groupe sait que vous venez.")).to_be_visible()
        expect(page_k.get_by_role("article", name=re.compile("Groupe de Namur"))).to_contain_text(
            "Acceptée"
        )
        karim.check("invitation accepted")
    finally:
        context.close()

    # The leader is told by e-mail, and sees it accepted in My space.
    answered = [m for m in mailoutbox if m.to == ["leader@example.org"]]
    assert len(answered) == 1
    assert "Karim" in answered[0].body
    page.reload()
    invitations = page.locator("li", has_text="La situation des défenseurs des droits au Mexique")
    expect(invitations).to_contain_text("Acceptée")
    expect(invitations).to_contain_text(re.compile(r"Vient le \d"))
    journey.check("leader sees the invitation accepted")

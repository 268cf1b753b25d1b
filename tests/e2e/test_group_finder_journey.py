"""A visitor finds the local group nearest to a postal code, on the list and on the map, and
writes to it (journey 5); the same journey in English and back in French (journey 6); and the
same journey on a phone, 390 x 844 pixels (journey 7). Every page is checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.groups.factories import LocalGroupFactory, place

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def groups(group, leader, other_group, other_leader):
    """Namur (5000) and Liège (4000) with their leaders, and Arlon (6700), far to the south."""
    LocalGroupFactory(name="Groupe d’Arlon", slug="arlon", place=place("6700"))
    return group


def names_in_list(page) -> list[str]:
    return [name.strip() for name in page.locator(".groups-results h3").all_inner_texts()]


def search_near_jambes(journey, *, button: str, heading: str):
    page = journey.page
    page.get_by_label(re.compile("Code postal ou commune|Postal code or commune")).fill("5100")
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url("**/groups/?q=5100*")
    expect(
        page.get_by_role("heading", level=2, name=re.compile(heading + ".*5100"))
    ).to_be_visible()
    # The list: nearest first.
    assert names_in_list(page) == ["Groupe de Namur", "Groupe de Liège", "Groupe d’Arlon"]
    # The map: one marker per group, named after it.
    markers = page.locator("#groups-map img.leaflet-marker-icon")
    markers.first.wait_for()
    assert sorted(m.get_attribute("alt") for m in markers.all()) == sorted(names_in_list(page))


def write_to_namur(journey, *, name: str, email: str, message: str, button: str):
    page = journey.page
    page.get_by_label(re.compile("Votre nom|Your name")).fill(name)
    page.get_by_label(re.compile("Votre adresse e-mail|Your e-mail address")).fill(email)
    page.get_by_label(re.compile("Votre message|Your message")).fill(message)
    page.get_by_role("button", name=button).click()


def test_a_visitor_finds_a_group_near_a_postal_code_and_writes_to_it(journey, groups, mailoutbox):
    page = journey.page
    journey.goto("/")
    journey.check("home")
    page.get_by_role("link", name="Trouver un groupe près de chez vous").click()
    page.wait_for_url("**/fr/groups/")
    journey.check("search form")

    search_near_jambes(journey, button="Rechercher", heading="Groupes les plus proches de")
    journey.check("results on the list and the map")

    # On the map: the marker of Namur opens its popup, whose link leads to the group's page.
    page.get_by_role("button", name="Groupe de Namur").click()
    popup = page.locator("#groups-map .leaflet-popup")
    expect(popup).to_contain_text("Namur")
    journey.shot("popup of Namur on the map")
    popup.get_by_role("link", name="Groupe de Namur").click()
    page.wait_for_url("**/fr/groups/namur/")
    expect(page.get_by_role("heading", level=1, name="Groupe de Namur")).to_be_visible()
    journey.check("group page")

    write_to_namur(
        journey,
        name="Jeanne Lambert",
        email="jeanne@example.net",
        message="Bonjour, j’habite à Jambes : quand a lieu votre prochaine réunion ?",
        button="Envoyer mon message",
    )
    expect(page.get_by_text("Merci : votre message a été transmis au groupe.")).to_be_visible()
    journey.check("message sent")

    assert [message.to for message in mailoutbox] == [["leader@example.org"]]
    assert "j’habite à Jambes" in mailoutbox[0].body
    assert mailoutbox[0].reply_to == ["jeanne@example.net"]


LOG_IN = {"fr": "Se connecter", "en": "Log in"}
MENU = {"fr": "Navigation principale", "en": "Main navigation"}
OTHER = {"fr": "en", "en": "fr"}


def reads_in(page, language: str):
    """The page is served in ``language``: its address, its lang attribute, its menu and its
    footer's words, its title."""
    assert f"/{language}/" in page.url
    expect(page.locator("html")).to_have_attribute("lang", language)
    menu = page.get_by_role("navigation", name=MENU[language])
    expect(menu.get_by_role("link", name=LOG_IN[language], exact=True)).to_be_attached()
    expect(page.get_by_role("link", name=LOG_IN[OTHER[language]], exact=True)).to_have_count(0)


def test_the_visitor_switches_to_english_and_back(journey, groups, mailoutbox):
    page = journey.page
    journey.goto("/fr/groups/")
    reads_in(page, "fr")
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url("**/en/groups/")
    reads_in(page, "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a local group near you")
    journey.check("search form in English")

    search_near_jambes(journey, button="Search", heading="Groups nearest to")
    reads_in(page, "en")
    expect(page.get_by_role("region", name="Map of the groups")).to_be_visible()
    expect(page.locator(".groups-results")).to_contain_text("Meets:")
    journey.check("results in English")

    page.locator(".groups-results").get_by_role("link", name="Groupe de Namur").click()
    page.wait_for_url("**/en/groups/namur/")
    reads_in(page, "en")
    expect(page.get_by_role("button", name="Send my message")).to_be_visible()
    journey.check("group page in English")

    write_to_namur(
        journey,
        name="Jeanne Lambert",
        email="jeanne@example.net",
        message="Hello, when is your next meeting? I live in Jambes.",
        button="Send my message",
    )
    expect(page.get_by_text("Thank you: your message has been sent to the group.")).to_be_visible()
    reads_in(page, "en")
    journey.check("message sent in English")
    assert len(mailoutbox) == 1

    # Back to French: the same page, in French.
    page.get_by_role("link", name="Français", exact=True).click()
    page.wait_for_url("**/fr/groups/namur/")
    reads_in(page, "fr")
    expect(page.get_by_role("button", name="Envoyer mon message")).to_be_visible()
    journey.check("group page back in French")
    page.get_by_role("navigation", name="Fil d’Ariane").get_by_role(
        "link", name="Groupes locaux"
    ).click()
    page.wait_for_url("**/fr/groups/")
    reads_in(page, "fr")
    search_near_jambes(journey, button="Rechercher", heading="Groupes les plus proches de")
    expect(page.locator(".groups-results")).to_contain_text("Réunions :")
    journey.check("results back in French")


def reachable(page, locator) -> bool:
    """The control lies inside the page's width, so that a finger can reach it."""
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def out_of_reach(page) -> list[str]:
    """The controls shown on the page that lie partly beyond its left or right edge (the robots'
    trap aside, which nobody is meant to reach: it is out of the tab order)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
              'a[href], button, input:not([type=hidden]), select, textarea, summary'))
            .filter(el => el.getClientRects().length && el.tabIndex >= 0
                          && getComputedStyle(el).visibility !== 'hidden')
            .filter(el => { const r = el.getBoundingClientRect();
                            return r.left < 0 || r.right > window.innerWidth + 0.5; })
            .map(el => el.outerHTML.slice(0, 120))"""
    )


def test_the_same_journey_on_a_phone(journey, groups, mailoutbox):
    page = journey.page
    page.set_viewport_size(PHONE)
    journey.goto("/fr/groups/")
    journey.no_horizontal_scroll()
    assert out_of_reach(page) == []
    journey.check("search form on a phone")
    for control in (
        page.get_by_label("Code postal ou commune"),
        page.get_by_label("Province", exact=True),
        page.get_by_role("button", name="Rechercher"),
        page.get_by_role("button", name="Afficher ou masquer le menu"),
    ):
        assert reachable(page, control), control

    search_near_jambes(journey, button="Rechercher", heading="Groupes les plus proches de")
    journey.no_horizontal_scroll()
    assert out_of_reach(page) == []
    map_box = page.locator("#groups-map").bounding_box()
    assert map_box["width"] <= PHONE["width"]
    journey.check("results on a phone")

    namur = page.locator(".groups-results").get_by_role("link", name="Groupe de Namur")
    namur.scroll_into_view_if_needed()
    assert reachable(page, namur)
    namur.click()
    page.wait_for_url("**/fr/groups/namur/")
    journey.no_horizontal_scroll()
    assert out_of_reach(page) == []
    journey.check("group page on a phone")

    send = page.get_by_role("button", name="Envoyer mon message")
    send.scroll_into_view_if_needed()
    assert reachable(page, send)
    write_to_namur(
        journey,
        name="Jeanne Lambert",
        email="jeanne@example.net",
        message="Bonjour, quand a lieu votre prochaine réunion ?",
        button="Envoyer mon message",
    )
    expect(page.get_by_text("Merci : votre message a été transmis au groupe.")).to_be_visible()
    journey.no_horizontal_scroll()
    assert out_of_reach(page) == []
    journey.check("message sent on a phone")
    assert [message.to for message in mailoutbox] == [["leader@example.org"]]

    # The menu opens, and its links fit the screen.
    page.get_by_role("button", name="Afficher ou masquer le menu").click()
    login = page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Se connecter"
    )
    expect(login).to_be_visible()
    assert reachable(page, login)
    journey.no_horizontal_scroll()
    assert out_of_reach(page) == []

"""Browser journeys of the group search: the Leaflet map draws its markers from the hashed-path
images, the page raises no script or CSP error, "Use my position" searches from the browser's
position, and a visitor writes to a group. Accessibility checked with axe-core."""

import pytest
from playwright.sync_api import expect

from tests.e2e import conftest as e2e

# The fixtures of the browser journeys (tests/e2e/conftest.py), for the groups' journeys.
browser_type_launch_args = e2e.browser_type_launch_args
browser_context_args = e2e.browser_context_args
_chromium_is_installed = e2e._chromium_is_installed
journey = e2e.journey

# The live server needs real transactions; tests/groups/conftest.py puts back the places that
# the flush after each transactional test removes.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def errors_of(page) -> list[str]:
    """Script errors, CSP violations and failed requests of the page (the favicon aside)."""
    errors: list[str] = []
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    return errors


def real(errors: list[str]) -> list[str]:
    # Chromium reports every failed request on the console too; the response handler above
    # has already recorded the ones that matter with their address.
    return [e for e in errors if not e.startswith("Failed to load resource")]


def test_a_visitor_finds_a_group_on_the_list_and_the_map(journey, group, other_group, leader):
    page = journey.page
    errors = errors_of(page)
    journey.goto("/fr/groups/")
    journey.check("search form")
    page.get_by_label("Code postal ou commune").fill("Namur")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/fr/groups/?q=Namur*")
    expect(
        page.get_by_role("heading", name="Groupes les plus proches de 5000 Namur")
    ).to_be_visible()
    markers = page.locator("#groups-map img.leaflet-marker-icon")
    markers.first.wait_for()
    assert markers.count() == 2
    # The marker images load from their static URLs (not Leaflet's guessed path).
    e2e.wait_until(
        page,
        "Array.from(document.querySelectorAll('#groups-map img.leaflet-marker-icon'))"
        ".every(img => img.complete && img.naturalWidth > 0)",
    )
    expect(page.locator("#groups-map .leaflet-control-scale")).to_be_visible()
    assert page.locator("#groups-map .leaflet-tile").count() == 0  # no tile server by default
    journey.check("results with map")
    assert real(errors) == []

    page.get_by_role("link", name="Groupe de Liège").click()
    page.wait_for_url("**/fr/groups/liege/")
    journey.check("group page")
    assert real(errors) == []


def test_use_my_position(journey, group, other_group):
    page = journey.page
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 50.633, "longitude": 5.567})  # Liège
    journey.goto("/fr/groups/")
    page.get_by_role("button", name="Utiliser ma position").click()
    page.wait_for_url("**/fr/groups/?*lat=*")
    expect(
        page.get_by_role("heading", name="Groupes les plus proches de votre position")
    ).to_be_visible()
    first = page.locator(".groups-results li").first
    assert "Groupe de Liège" in first.inner_text()


def test_a_visitor_writes_to_a_group(journey, group, leader, mailoutbox):
    page = journey.page
    journey.goto("/fr/groups/namur/")
    page.get_by_label("Votre nom").fill("Jeanne")
    page.get_by_label("Votre adresse e-mail").fill("jeanne@example.net")
    page.get_by_label("Votre message").fill("Bonjour, quand a lieu votre prochaine réunion ?")
    # The trap for robots is out of sight (far to the left of the page).
    trap = page.get_by_label("Laissez ce champ vide").bounding_box()
    assert trap["x"] + trap["width"] <= 0
    page.get_by_role("button", name="Envoyer mon message").click()
    expect(page.get_by_text("Merci : votre message a été transmis au groupe.")).to_be_visible()
    journey.check("message sent")
    assert [message.to for message in mailoutbox] == [["leader@example.org"]]

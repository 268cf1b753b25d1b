"""The maps show a place with no tile server and no internet: the offline base map (Belgium and
its neighbours, the provinces, the main towns' names) is drawn from the portal's own static
files under the markers of the group search, a group's page and the staff dashboard, at 1280
pixels and on a phone (390 x 844). The browser may ask nothing of any other host: every request
that leaves 127.0.0.1 is refused and recorded, and none may be attempted. A group's own page
frames its province; the search and the dashboard frame Belgium. With a tile server, the tiles
lie over the base map. Screenshots of each map go to test-output/map-*.png."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e import conftest as e2e
from tests.groups.factories import LocalGroupFactory, place

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OUTPUT = Path(settings.BASE_DIR) / "test-output"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PROVINCES = 11  # ten provinces and the Brussels-Capital Region


@pytest.fixture
def groups(group, leader, other_group, other_leader):
    """Namur (5000) and Liège (4000) with their leaders, and Arlon (6700), far to the south."""
    LocalGroupFactory(name="Groupe d’Arlon", slug="arlon", place=place("6700"))
    return group


def refuse_the_outside(page) -> list[str]:
    """Every request to another host than this machine is refused; the list records them."""
    attempted: list[str] = []

    def handle(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return attempted


def box_of(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,"
        " width: r.width, height: r.height}; }"
    )


def inside(inner: dict, outer: dict, slack: float = 2) -> bool:
    return (
        inner["left"] >= outer["left"] - slack
        and inner["top"] >= outer["top"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


def fills(inner: dict, outer: dict, share: float) -> bool:
    return inner["width"] >= share * outer["width"] or inner["height"] >= share * outer["height"]


def base_map_is_drawn(page, map_id: str):
    """The shapes of the base map lie in its own pane (under the tiles' pane, when there are
    tiles): the countries, the eleven provinces, the two sets of borders; and its credit."""
    pane = f"#{map_id} .leaflet-basemap-pane"
    e2e.wait_until(
        page,
        f"document.querySelectorAll('{pane} path.portal-map-province').length === {PROVINCES}",
    )
    paths = page.locator(f"{pane} svg path")
    countries = page.locator(f"{pane} path.portal-map-country")
    assert countries.count() >= 5  # Belgium, France, the Netherlands, Germany, Luxembourg…
    assert page.locator(f"{pane} path.portal-map-country-056").count() == 1  # Belgium
    assert page.locator(f"{pane} path.portal-map-province-border").count() == 1
    assert page.locator(f"{pane} path.portal-map-country-border").count() == 1
    assert paths.count() == countries.count() + PROVINCES + 2
    # Belgium and the provinces' borders have a shape in view (Leaflet empties the "d" of a
    # shape out of view: England's tip, the province of Antwerp around Namur, or every national
    # border around Brussels).
    drawn = page.locator(
        f"{pane} path.portal-map-country-056, {pane} path.portal-map-province-border"
    )
    assert min(drawn.evaluate_all("paths => paths.map(p => p.getAttribute('d').length)")) > 20
    assert "Natural Earth" in page.locator(f"#{map_id} .leaflet-control-attribution").inner_text()


def frames_belgium(page, map_id: str):
    """Belgium lies whole in the map, and fills most of it."""
    frame = box_of(page, f"#{map_id}")
    belgium = box_of(page, f"#{map_id} path.portal-map-country-056")
    assert inside(belgium, frame), (belgium, frame)
    assert fills(belgium, frame, 0.75), (belgium, frame)
    # Every province is in view, so drawn, and so are the national borders and the coast.
    drawn = page.locator(
        f"#{map_id} path.portal-map-province, #{map_id} path.portal-map-country-border"
    )
    lengths = drawn.evaluate_all("paths => paths.map(p => p.getAttribute('d').length)")
    assert len(lengths) == PROVINCES + 1 and min(lengths) > 20


def frames_the_province(page, map_id: str, code: str):
    """The province lies whole in the map and fills much of it: more than one pin in a box,
    less than the whole country (Belgium overflows the map)."""
    frame = box_of(page, f"#{map_id}")
    province = box_of(page, f"#{map_id} path.portal-map-province-{code}")
    belgium = box_of(page, f"#{map_id} path.portal-map-country-056")
    assert inside(province, frame), (province, frame)
    assert fills(province, frame, 0.5), (province, frame)
    assert belgium["width"] > frame["width"] or belgium["height"] > frame["height"]
    # The group's pin stands in its province.
    pin = box_of(page, f"#{map_id} img.leaflet-marker-icon")
    tip = {"left": pin["left"] + pin["width"] / 2, "top": pin["bottom"]}
    tip.update(right=tip["left"], bottom=tip["top"])
    assert inside(tip, province, slack=0), (pin, province)


def town_named(page, map_id: str, name: str):
    expect(page.locator(f"#{map_id} .portal-map-town-name", has_text=name)).to_be_visible()


def photograph(page, map_id: str, name: str):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.locator(f"#{map_id}").screenshot(path=str(OUTPUT / f"map-{name}.png"))


def test_the_maps_show_belgium_with_nothing_fetched_from_outside(journey, groups, staff):
    page = journey.page
    attempted = refuse_the_outside(page)

    for width, viewport in (("1280", None), ("390", e2e.PHONE)):
        if viewport:
            page.set_viewport_size(viewport)

        # The search: Belgium, with the nearest groups and the place searched from.
        journey.goto("/fr/groups/?q=5100")
        page.locator("#groups-map img.leaflet-marker-icon").first.wait_for()
        base_map_is_drawn(page, "groups-map")
        frames_belgium(page, "groups-map")
        town_named(page, "groups-map", "Bruxelles")
        assert page.locator("#groups-map .leaflet-tile").count() == 0
        photograph(page, "groups-map", f"group-search-{width}")
        if viewport:
            journey.no_horizontal_scroll()
        journey.check(f"group search map {width}")

        # A group's page: its province (Namur), with the town's name beside its pin.
        journey.goto("/fr/groups/namur/")
        page.locator("#groups-map img.leaflet-marker-icon").first.wait_for()
        base_map_is_drawn(page, "groups-map")
        frames_the_province(page, "groups-map", "namur")
        town_named(page, "groups-map", "Namur")
        photograph(page, "groups-map", f"group-page-{width}")
        journey.check(f"group page map {width}")

        # Arlon's group: the province of Luxembourg, at the country's southern end.
        journey.goto("/fr/groups/arlon/")
        page.locator("#groups-map img.leaflet-marker-icon").first.wait_for()
        base_map_is_drawn(page, "groups-map")
        frames_the_province(page, "groups-map", "luxembourg")
        town_named(page, "groups-map", "Arlon")

    # The staff dashboard: every group on the map of Belgium.
    journey.goto(reverse("account_login"))
    e2e.log_in(page, staff.email)
    page.wait_for_load_state()
    for width, viewport in (("390", e2e.PHONE), ("1280", {"width": 1280, "height": 900})):
        page.set_viewport_size(viewport)
        journey.goto(reverse("dashboard:index"))
        page.locator("#dashboard-map img.leaflet-marker-icon").first.wait_for()
        base_map_is_drawn(page, "dashboard-map")
        frames_belgium(page, "dashboard-map")
        town_named(page, "dashboard-map", "Bruxelles")
        page.locator("#dashboard-map").scroll_into_view_if_needed()
        photograph(page, "dashboard-map", f"dashboard-{width}")
    # (The dashboard's accessibility on a phone is its own journey's business.)
    journey.check("dashboard map 1280")

    assert attempted == []


def test_a_brussels_group_is_shown_in_its_region(journey, places):
    LocalGroupFactory(name="Groupe d’Ixelles", slug="ixelles", place=place("1050"))
    page = journey.page
    attempted = refuse_the_outside(page)
    journey.goto("/fr/groups/ixelles/")
    page.locator("#groups-map img.leaflet-marker-icon").first.wait_for()
    base_map_is_drawn(page, "groups-map")
    frames_the_province(page, "groups-map", "brussels")
    town_named(page, "groups-map", "Bruxelles")
    photograph(page, "groups-map", "group-page-brussels-1280")
    assert attempted == []


def test_tiles_when_configured_lie_over_the_base_map(journey, live_server, groups, settings):
    # A tile server on this machine: the marker's shadow stands in for every tile.
    settings.MAP_TILE_URL = (
        live_server.url + "/static/vendor/leaflet/images/marker-shadow.png?{z}/{x}/{y}"
    )
    page = journey.page
    attempted = refuse_the_outside(page)
    journey.goto("/fr/groups/namur/")
    page.locator("#groups-map img.leaflet-marker-icon").first.wait_for()
    base_map_is_drawn(page, "groups-map")
    e2e.wait_until(
        page, "document.querySelectorAll('#groups-map img.leaflet-tile-loaded').length > 0"
    )
    z_index = page.evaluate(
        "[...['.leaflet-basemap-pane', '.leaflet-basemapLabels-pane', '.leaflet-tile-pane']]"
        ".map(s => +getComputedStyle(document.querySelector('#groups-map ' + s)).zIndex)"
    )
    assert z_index[0] < z_index[1] < z_index[2], z_index
    assert attempted == []

"""A website embeds the "find a group near you" widget: its page, served from another origin
(a tiny http.server on another port), holds the snippet the staff page gives, and the optional
script that sizes the iframe. A visitor types 5000 inside the iframe and finds Namur; the iframe
grows to fit the results. Each widget alone is accessible and usable at 320 pixels."""

import functools
import http.server
import threading

import pytest
from playwright.sync_api import expect

from api.embeds import LISTENER, RESIZE_MESSAGE, iframe_snippet
from tests.e2e.conftest import wait_until
from tests.groups.factories import LocalGroupFactory, place

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

INITIAL_HEIGHT = 150
HEIGHT = "Number(document.querySelector('iframe[data-portal-embed]').height)"


@pytest.fixture
def groups(group, other_group):
    """Namur (5000), Liège (4000) and Arlon (6700)."""
    LocalGroupFactory(name="Groupe d’Arlon", slug="arlon", place=place("6700"))
    return group


@pytest.fixture
def host_site(tmp_path, live_server, settings):
    """The website: a page with the widget's snippet and the optional listener, on its own
    origin (127.0.0.1 and another port; the portal's live server is on localhost)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0),
        functools.partial(QuietHandler, directory=str(tmp_path)),
    )
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    settings.EMBED_ALLOWED_ORIGINS = [origin]
    snippet = iframe_snippet(
        url=f"{live_server.url}/fr/embed/groups/",
        title="Trouver un groupe près de chez vous",
        height=INITIAL_HEIGHT,
    )
    listener = LISTENER.format(origin=live_server.url, message=RESIZE_MESSAGE)
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
        "<title>Section belge</title></head><body><main><h1>Nos groupes locaux</h1>"
        f"{snippet}<p>Pied de page du site.</p></main>{listener}</body></html>",
        encoding="utf-8",
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield origin
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def test_a_website_embeds_the_group_finder_and_it_fits_its_content(journey, groups, host_site):
    page = journey.page
    page.goto(f"{host_site}/index.html")
    frame = page.frame_locator("iframe[data-portal-embed]")
    expect(frame.get_by_role("heading", level=1)).to_have_text(
        "Trouver un groupe près de chez vous"
    )
    # The widget told the page its height: the iframe takes it.
    wait_until(page, f"{HEIGHT} !== {INITIAL_HEIGHT}")
    before = page.evaluate(HEIGHT)
    journey.shot("the widget on the website")

    frame.get_by_label("Code postal ou commune").fill("5000")
    frame.get_by_role("button", name="Rechercher").click()
    results = frame.locator(".embed-item a")
    expect(results.first).to_contain_text("Groupe de Namur")
    assert results.all_inner_texts()[0].startswith("Groupe de Namur")
    expect(frame.get_by_text("Groupes les plus proches de 5000 Namur")).to_be_visible()
    # More content, a taller iframe: nothing inside scrolls.
    wait_until(page, f"{HEIGHT} > {before} + 100")
    box = page.locator("iframe[data-portal-embed]").bounding_box()
    inner = frame.locator("body").evaluate("body => body.scrollHeight")
    assert box["height"] >= inner
    journey.shot("Namur found inside the iframe")

    # The group's link opens the portal in a new tab, not inside the website's iframe.
    assert results.first.get_attribute("target") == "_blank"


def test_a_website_not_allowed_cannot_show_the_widget(journey, groups, host_site, settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.example.be"]
    page = journey.page
    page.goto(f"{host_site}/index.html")
    page.wait_for_timeout(1000)
    frame = page.frame_locator("iframe[data-portal-embed]")
    assert frame.get_by_role("button", name="Rechercher").count() == 0


@pytest.mark.parametrize(
    "path", ["/fr/embed/groups/?q=5000", "/en/embed/groups/?q=Namur", "/fr/embed/vacancies/"]
)
def test_each_widget_is_accessible_and_fits_320_pixels(journey, groups, vacancy, path):
    page = journey.page
    page.set_viewport_size({"width": 320, "height": 640})
    journey.goto(path)
    journey.check("widget at 320 px")
    journey.no_horizontal_scroll()


def test_the_action_widget_is_accessible_and_fits_320_pixels(journey, coordination):
    from tests.actions.factories import PublishedProposalFactory

    PublishedProposalFactory(coordination=coordination, is_public=True)
    page = journey.page
    page.set_viewport_size({"width": 320, "height": 640})
    journey.goto("/fr/embed/actions/")
    expect(page.get_by_text("0 personne a agi.")).to_be_visible()
    journey.check("action widget at 320 px")
    journey.no_horizontal_scroll()

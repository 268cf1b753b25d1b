"""Browsers ask for /favicon.ico whatever the page links: it is there (WhiteNoise, from
static/root/), and every page links the icon."""

import pytest
from PIL import Image

pytestmark = pytest.mark.django_db


def test_the_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


def test_the_icon_holds_the_usual_sizes(settings):
    with Image.open(settings.BASE_DIR / "static" / "root" / "favicon.ico") as icon:
        assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])


def test_pages_link_the_icon(client):
    page = client.get("/fr/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="any">' in page
    assert 'href="/static/img/favicon.svg" type="image/svg+xml"' in page
    assert client.get("/static/img/favicon.svg").status_code == 200

"""The widgets a website embeds, and their staff page (api/embeds.py)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOST = "https://www.example.be"
WIDGETS = ["/fr/embed/groups/", "/fr/embed/vacancies/", "/fr/embed/actions/"]


def frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return re.search(r"frame-ancestors ([^;]*)", policy).group(1).strip()


@pytest.fixture
def allowed_host(settings):
    settings.EMBED_ALLOWED_ORIGINS = [HOST, "https://partner.example.org"]


# Framing -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", WIDGETS)
def test_only_the_allowed_origins_may_frame_a_widget(client, public_data, allowed_host, url):
    for served in ("miss", "hit"):  # the cached page gets the same headers
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == served
        assert frame_ancestors(response) == f"{HOST} https://partner.example.org"
        assert "X-Frame-Options" not in response


@pytest.mark.parametrize("url", WIDGETS)
def test_without_allowed_origins_nobody_may_frame_a_widget(client, public_data, settings, url):
    settings.EMBED_ALLOWED_ORIGINS = []
    response = client.get(url)
    assert frame_ancestors(response) == "'none'"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "url", ["/fr/", "/fr/groups/?q=5000", "/fr/vacancies/", "/api/v1/docs/", "/api/v1/"]
)
def test_every_other_page_stays_unframable(client, public_data, allowed_host, url):
    response = client.get(url)
    assert frame_ancestors(response) == "'none'"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", WIDGETS)
def test_a_widget_runs_no_inline_script_and_reports_its_height(client, public_data, url):
    html = client.get(url).content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all(
        'src="' in attributes and not body.strip() for attributes, body in scripts
    )
    assert '<script src="/static/js/embed.js">' in html
    assert "style=" not in html


# What they show ----------------------------------------------------------------------------------


def test_the_group_widget_finds_the_nearest_groups(client, public_data):
    html = client.get("/fr/embed/groups/?q=5000").content.decode()
    assert "Groupe de Namur" in html and "Groupe de Liège" in html
    assert html.index("Groupe de Namur") < html.index("Groupe de Liège")
    assert 'href="/fr/groups/namur/" target="_blank" rel="noopener"' in html
    assert "Rue des Brasseurs" not in html
    unknown = client.get("/fr/embed/groups/?q=9999").content.decode()
    assert "Nous ne connaissons pas le code postal 9999." in unknown


def test_a_widget_speaks_the_language_of_its_address(client, public_data):
    html = client.get("/en/embed/groups/?q=5000").content.decode()
    assert '<html lang="en">' in html
    assert "Groups nearest to 5000 Namur" in html
    assert 'href="/en/groups/namur/"' in html


def test_the_vacancy_widget_lists_open_vacancies_of_one_kind(client, public_data):
    html = client.get("/fr/embed/vacancies/").content.decode()
    for title in ("Coordinateur ou coordinatrice : Iran", "Conseiller juridique"):
        assert title in html
    coordinations = client.get("/fr/embed/vacancies/?kind=coordination").content.decode()
    assert "Iran" in coordinations and "Conseiller juridique" not in coordinations
    assert "/fr/vacancies/?kind=coordination" in coordinations
    one = client.get("/fr/embed/vacancies/?limit=1").content.decode()
    assert one.count('class="embed-item"') == 1
    many = client.get("/fr/embed/vacancies/?limit=" + "9" * 5000)
    assert many.status_code == 200 and many.content.decode().count('class="embed-item"') == 4


def test_the_action_widget_counts_the_participations(client, public_data):
    html = client.get("/fr/embed/actions/").content.decode()
    assert public_data["action"].title in html
    assert "2 personnes ont agi." in html
    assert "Bertrand" not in html


# The staff page ----------------------------------------------------------------------------------


def test_staff_get_the_snippets_to_paste(secretariat_client, public_data, allowed_host):
    response = secretariat_client.get(reverse("embeds:snippets"))
    assert response.status_code == 200
    html = response.content.decode()
    for path in (
        "/fr/embed/groups/",
        "/en/embed/groups/",
        "/fr/embed/vacancies/",
        "/en/embed/actions/",
    ):
        assert f"&lt;iframe src=&quot;http://127.0.0.1:8000{path}&quot;" in html
    assert "data-portal-embed" in html
    assert "event.origin !== &quot;http://127.0.0.1:8000&quot;" in html
    assert HOST in html
    assert "EMBED_ALLOWED_ORIGINS" not in html  # no warning: origins are set


def test_staff_are_warned_when_no_website_may_show_the_widgets(secretariat_client, settings):
    settings.EMBED_ALLOWED_ORIGINS = []
    html = secretariat_client.get(reverse("embeds:snippets")).content.decode()
    assert "EMBED_ALLOWED_ORIGINS" in html


def test_the_snippets_are_for_staff_only(client, volunteer):
    url = reverse("embeds:snippets")
    assert client.get(url)["Location"].startswith("/fr/accounts/login/")
    client.force_login(volunteer)
    assert client.get(url).status_code == 404

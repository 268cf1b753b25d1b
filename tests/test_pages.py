import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_root_redirects_to_the_visitors_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 302
    assert response.url == "/en/"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9")
    assert response.url == "/fr/"
    # Anything else falls back to French, the default language.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="nl-BE").url == "/fr/"


def test_home_in_french_and_in_english(client):
    french = client.get("/fr/").content.decode()
    assert '<html lang="fr">' in french
    assert "Comment s’engager" in french or "Comment s'engager" in french
    english = client.get("/en/").content.decode()
    assert '<html lang="en">' in english
    assert "How to get involved" in english


def test_home_has_landmarks_and_a_skip_link(client):
    page = client.get("/fr/").content.decode()
    assert re.search(r'<a class="[^"]*skip-link[^"]*" href="#main">', page)
    for landmark in ("<header", '<main id="main"', "<footer", "<nav"):
        assert landmark in page
    assert reverse("privacy") in page


def test_navigation_shows_my_space_only_when_logged_in(client, volunteer):
    assert reverse("accounts:me") not in client.get("/fr/").content.decode()
    client.force_login(volunteer)
    assert reverse("accounts:me") in client.get("/fr/").content.decode()


def test_the_secretariat_reaches_its_dashboard_and_the_circulars_from_the_menu(
    client, volunteer, staff
):
    staff_pages = (reverse("dashboard:index"), reverse("actions:circular_list"))
    client.force_login(volunteer)
    page = client.get("/fr/").content.decode()
    assert not any(f'href="{url}"' in page for url in staff_pages)
    client.force_login(staff)
    page = client.get("/fr/").content.decode()
    assert all(f'href="{url}"' in page for url in staff_pages)
    assert ">Circulaires<" in page


def test_privacy_page_credits_the_data_sources(client):
    page = client.get(reverse("privacy")).content.decode()
    assert "GeoNames" in page and "Statbel" in page


def test_privacy_page_states_the_retention_period_in_force(client, settings):
    settings.APPLICATION_RETENTION_MONTHS = 18
    page = client.get(reverse("privacy")).content.decode()
    assert "effacées 18 mois après" in page


def test_home_query_budget(client, volunteer, django_assert_max_num_queries):
    client.force_login(volunteer)
    with django_assert_max_num_queries(4):
        client.get("/fr/")


def test_language_switch_keeps_the_page(client):
    page = client.get("/fr/privacy/").content.decode()
    english = re.search(r'<a href="([^"]*)" hreflang="en"', page).group(1)
    assert english == "/en/privacy/"
    assert "Privacy and data sources" in client.get(english).content.decode()
    back = re.search(r'<a href="([^"]*)" hreflang="fr"', client.get(english).content.decode())
    assert back.group(1) == "/fr/privacy/"


def test_the_former_language_form_still_switches(client):
    # Pages kept open from before the switcher became a link post here.
    response = client.post(reverse("set_language"), {"language": "en", "next": "/fr/privacy/"})
    assert response.status_code == 302 and response.url == "/en/privacy/"


def test_language_switcher_is_on_every_page_even_a_missing_one(client):
    page = client.get("/fr/privacy/").content.decode()
    assert 'href="/en/privacy/" hreflang="en" lang="en"' in page
    missing = client.get("/fr/no-such-page/")
    assert missing.status_code == 404
    assert 'href="/en/no-such-page/" hreflang="en"' in missing.content.decode()


@pytest.mark.parametrize("address", ["//elsewhere.example/fr/", "/%2F%2Felsewhere.example/"])
def test_the_language_link_never_leaves_the_site(client, address):
    page = client.get(address, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    english = re.search(r'<a href="([^"]*)" hreflang="en"', page).group(1)
    assert english == "/en/"  # the home page: not an address elsewhere


def test_the_language_link_keeps_the_query_escaped(client):
    page = client.get('/fr/groups/?q="><script>x</script>').content.decode()
    english = re.search(r'<a href="([^"]*)" hreflang="en"', page).group(1)
    assert english.startswith("/en/groups/?q=") and "<script>" not in english

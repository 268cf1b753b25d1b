"""Find a group: /fr/groups/?q= by postal code, commune or position; province filter; friendly
messages; fixed query counts with 50 and with 5,000 groups."""

import random

import pytest
from django.urls import reverse

from groups.models import LocalGroup, Place, Province
from tests.groups.factories import LocalGroupFactory, place

pytestmark = pytest.mark.django_db

URL = "/fr/groups/"


def spread_groups(count: int, seed: int = 5) -> None:
    """``count`` active groups at random places of Brussels and Wallonia (bulk, for speed)."""
    rng = random.Random(seed)
    places = list(Place.objects.filter(region__in=[Place.Region.BRUSSELS, Place.Region.WALLONIA]))
    LocalGroup.objects.bulk_create(
        [
            LocalGroup(
                name=f"Groupe {index}",
                slug=f"groupe-{index}",
                place=spot,
                province=spot.province,
                latitude=spot.latitude + rng.uniform(-0.01, 0.01),
                longitude=spot.longitude + rng.uniform(-0.01, 0.01),
            )
            for index, spot in enumerate(rng.choice(places) for _ in range(count))
        ],
        batch_size=1000,
    )


def test_the_url_is_stable():
    assert reverse("groups:search") == URL


def test_landing_page_lists_the_provinces(client, group, other_group):
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Brabant wallon" in content and "Namur" in content
    assert response.context["province_counts"][-1] == {
        "code": "namur",
        "label": Province.NAMUR.label,
        "count": 1,
    }


def test_by_postal_code_nearest_first_with_distance(client, group, other_group):
    far = LocalGroupFactory(name="Groupe d’Arlon", slug="arlon", place=place("6700"))
    response = client.get(URL, {"q": "5000"})
    assert response.status_code == 200
    results = response.context["results"]
    assert [g.slug for g in results] == ["namur", "liege", "arlon"]
    assert results[0].distance_km == pytest.approx(0, abs=0.01)
    assert 50 < results[1].distance_km < 60  # Namur – Liège
    content = response.content.decode()
    assert "Groupes les plus proches de 5000 Namur" in content
    assert "moins de 1 km" in content
    assert far.get_absolute_url() in content
    # The map's data, for the script: no inline script, a JSON block.
    assert 'id="groups-map-data" type="application/json"' in content


def test_by_commune_name(client, group, other_group):
    response = client.get(URL, {"q": "liège"})
    assert [g.slug for g in response.context["results"]] == ["liege", "namur"]


def test_by_browser_position(client, group, other_group):
    response = client.get(URL, {"lat": "50.63", "lon": "5.57"})  # Liège
    assert [g.slug for g in response.context["results"]] == ["liege", "namur"]
    assert "votre position" in response.content.decode()
    assert response.context["notice"] == ""


def test_a_position_abroad_still_answers_with_a_word(client, group):
    response = client.get(URL, {"lat": "48.85", "lon": "2.35"})  # Paris
    assert [g.slug for g in response.context["results"]] == ["namur"]
    assert "hors de Belgique" in response.context["notice"]


def test_a_broken_position_is_a_friendly_message(client, group):
    response = client.get(URL, {"lat": "north", "lon": "999"})
    assert response.status_code == 200
    assert "Nous n’avons pas pu lire votre position" in response.context["notice"]
    assert response.context["results"] == []


def test_province_filter(client, group, other_group):
    response = client.get(URL, {"q": "5000", "province": "liege"})
    assert [g.slug for g in response.context["results"]] == ["liege"]


def test_browse_a_province_without_a_place(client, group, other_group):
    response = client.get(URL, {"province": "namur"})
    assert response.status_code == 200
    assert [g.slug for g in response.context["results"]] == ["namur"]
    assert "Groupes de la province\u00a0: Namur" in response.content.decode()
    assert response.context["page_obj"] is not None


def test_an_unknown_province_is_ignored(client, group):
    response = client.get(URL, {"q": "5000", "province": "atlantis"})
    assert response.status_code == 200
    assert [g.slug for g in response.context["results"]] == ["namur"]


def test_inactive_groups_are_not_found(client, group, other_group):
    LocalGroup.objects.filter(pk=other_group.pk).update(is_active=False)
    response = client.get(URL, {"q": "4000"})
    assert [g.slug for g in response.context["results"]] == ["namur"]


def test_a_province_without_group_says_so(client, group):
    response = client.get(URL, {"q": "5000", "province": "luxembourg"})
    assert response.context["results"] == []
    assert "Il n’y a pas encore de groupe actif dans cette province." in response.content.decode()


@pytest.mark.parametrize(
    "typed, words",
    [
        ("9999", "Nous ne connaissons pas le code postal 9999"),
        ("12", "Un code postal belge compte quatre chiffres"),
        ("Atlantide", "Nous n’avons trouvé aucune commune appelée «\u202fAtlantide\u202f»"),
        ("%%%", "Tapez un code postal"),
        ("a" * 300, "Nous n’avons trouvé aucune commune"),
        ("<b>5000</b>", "Nous n’avons trouvé aucune commune"),
    ],
)
def test_unknown_postal_code_or_nonsense_is_a_friendly_message(client, group, typed, words):
    response = client.get(URL, {"q": typed})
    assert response.status_code == 200
    assert words in response.content.decode()
    assert response.context["results"] == []
    assert "<b>5000</b>" not in response.content.decode()


def test_wrong_method(client):
    assert client.post(URL, {"q": "5000"}).status_code == 405


def test_the_map_gets_its_images_and_the_offline_base_map_without_tiles_by_default(client, group):
    content = client.get(URL, {"q": "5000"}).content.decode()
    assert 'data-icon-url="/static/vendor/leaflet/images/marker-icon.png"' in content
    # No tile server: the base map of Belgium, from the portal's own static files, is the
    # whole background (static/js/portal-map.js draws it).
    assert 'data-tile-url=""' in content
    assert 'data-basemap-url="/static/geo/belgium.geo.json"' in content
    assert "Natural Earth" in content  # its credit, for the map's attribution line
    assert "js/portal-map.js" in content and "css/portal-map.css" in content
    assert "<script>" not in content.replace('<script src="', "")


def test_a_tile_server_when_configured(client, group, settings):
    settings.MAP_TILE_URL = "https://tile.example.org/{z}/{x}/{y}.png"
    content = client.get(URL, {"q": "5000"}).content.decode()
    assert 'data-tile-url="https://tile.example.org/{z}/{x}/{y}.png"' in content
    # The base map stays, under the tiles.
    assert 'data-basemap-url="/static/geo/belgium.geo.json"' in content


def test_the_map_shows_the_commune_not_a_precise_meeting_place(client, group):
    LocalGroup.objects.filter(pk=group.pk).update(latitude=50.463456, longitude=4.865432)
    marker = client.get(URL, {"q": "5000"}).context["map_data"]["groups"][0]
    assert (marker["lat"], marker["lon"]) == (50.46, 4.87)


@pytest.mark.parametrize("count", [50, 5000])
@pytest.mark.parametrize(
    "params",
    [{"q": "5000"}, {"q": "Namur", "province": "namur"}, {"lat": "50.41", "lon": "4.44"}],
)
def test_query_count_does_not_grow_with_the_groups(
    client, django_assert_num_queries, count, params
):
    spread_groups(count)
    # One for the place (none for a position), a count, one box, the groups with their commune.
    expected = 3 if "lat" in params else 4
    with django_assert_num_queries(expected):
        response = client.get(URL, params)
    assert len(response.context["results"]) == 10


@pytest.mark.parametrize("count", [50, 5000])
def test_query_count_of_the_province_listing(client, django_assert_num_queries, count):
    spread_groups(count)
    with django_assert_num_queries(2):  # the page's groups, and the paginator's count
        response = client.get(URL, {"province": "hainaut"})
    assert len(response.context["results"]) > 0


@pytest.mark.parametrize("count", [50, 5000])
def test_query_count_of_the_landing_page(client, django_assert_num_queries, count):
    spread_groups(count)
    with django_assert_num_queries(1):
        response = client.get(URL)
    assert sum(p["count"] for p in response.context["province_counts"]) == count


def test_in_english(client, group):
    content = client.get("/en/groups/", {"q": "9999"}).content.decode()
    assert '<html lang="en">' in content
    assert "We do not know the postal code 9999" in content
    content = client.get("/en/groups/", {"q": "Namur"}).content.decode()
    assert "Groups nearest to 5000 Namur" in content
    assert "less than 1 km" in content


@pytest.mark.parametrize("count", [3, 10])
def test_with_few_groups_one_step_finds_them_all(client, django_assert_num_queries, count):
    spread_groups(count)
    with django_assert_num_queries(4):
        response = client.get(URL, {"q": "6700"})  # Arlon, at the edge of the country
    assert len(response.context["results"]) == count

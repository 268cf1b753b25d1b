"""Places: every postal code of Brussels and of the French-speaking provinces resolves, by the
search and by the autocomplete; communes resolve by name; the autocomplete's JSON."""

import csv
from pathlib import Path

import pytest
from django.urls import reverse

from groups import selectors
from groups.models import Place, Province

pytestmark = pytest.mark.django_db

CSV_PATH = Path(__file__).resolve().parents[2] / "groups" / "data" / "places_be.csv"

# bpost's ranges of postal codes, independent of the data file.
RANGES = [
    (1000, 1299, Province.BRUSSELS),
    (1300, 1499, Province.BRABANT_WALLON),
    (4000, 4999, Province.LIEGE),
    (5000, 5999, Province.NAMUR),
    (6000, 6599, Province.HAINAUT),
    (6600, 6999, Province.LUXEMBOURG),
    (7000, 7999, Province.HAINAUT),
]


def expected_province(code: str):
    number = int(code)
    for first, last, province in RANGES:
        if first <= number <= last:
            return province
    return None


def french_speaking_codes() -> list[str]:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        codes = {row["postal_code"] for row in csv.DictReader(handle)}
    return sorted(code for code in codes if expected_province(code))


def test_the_data_migration_loaded_every_row():
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert Place.objects.count() == len(rows) == 1152
    assert Place.objects.values("postal_code").distinct().count() == 1149


def test_every_postal_code_of_brussels_and_wallonia_resolves():
    codes = french_speaking_codes()
    # Some 540 postal codes: Brussels about 40, Wallonia about 500.
    assert len(codes) > 500
    for code in codes:
        lookup = selectors.find_place(code)
        assert lookup.place is not None, code
        assert lookup.place.postal_code == code
        assert lookup.place.province == expected_province(code), code
        assert 49.4 < lookup.place.latitude < 51.6 and 2.5 < lookup.place.longitude < 6.5


def test_every_province_of_the_ranges_has_its_places():
    counts = {province: 0 for _first, _last, province in RANGES}
    for code in french_speaking_codes():
        counts[expected_province(code)] += 1
    assert all(count > 10 for count in counts.values()), counts


def test_every_commune_of_brussels_and_wallonia_resolves_by_name():
    communes = set(
        Place.objects.filter(region__in=[Place.Region.BRUSSELS, Place.Region.WALLONIA]).values_list(
            "municipality_fr", flat=True
        )
    )
    assert len(communes) > 250
    for name in communes:
        lookup = selectors.find_place(name)
        assert lookup.place is not None, name
        assert lookup.place.municipality_fr == name or name in lookup.place.localities, name


@pytest.mark.parametrize(
    "typed, postal_code",
    [
        ("namur", "5000"),
        ("NAMUR", "5000"),
        ("5000 Namur", "5000"),
        ("braine l'alleud", "1420"),
        ("Braine-l’Alleud", "1420"),
        ("liege", "4000"),
        ("Luik", "4000"),
        ("Louvain-la-Neuve", "1348"),
        ("Jambes", "5100"),
        ("Ixelles", "1050"),
    ],
)
def test_communes_and_localities_resolve(typed, postal_code):
    assert selectors.find_place(typed).place.postal_code == postal_code


@pytest.mark.parametrize(
    "typed, problem",
    [
        ("9999", "unknown_postal_code"),
        ("0000", "unknown_postal_code"),
        ("123", "not_a_postal_code"),
        ("123456", "not_a_postal_code"),
        ("xyzzy", "unknown_place"),
        ("!!!", "nonsense"),
        ("a", "nonsense"),
        ("<script>", "unknown_place"),
    ],
)
def test_what_does_not_resolve_says_why(typed, problem):
    lookup = selectors.find_place(typed)
    assert lookup.place is None
    assert lookup.problem == problem


class TestAutocomplete:
    url = "/api/places/"

    def test_the_address_is_outside_the_language_prefix(self):
        assert reverse("places_autocomplete") == self.url

    def test_postal_code_prefix(self, client):
        response = client.get(self.url, {"q": "500"})
        assert response.status_code == 200
        results = response.json()["results"]
        assert results[0]["postal_code"] == "5000"
        assert results[0]["label"] == "5000 Namur"
        assert results[0]["province"] == "namur"
        assert all(r["postal_code"].startswith("500") for r in results)

    def test_commune_prefix_puts_the_commune_first(self, client):
        results = client.get(self.url, {"q": "nam"}).json()["results"]
        assert results[0]["municipality"] == "Namur"
        assert len(results) <= selectors.AUTOCOMPLETE_RESULTS

    def test_accents_do_not_matter(self, client):
        labels = [r["label"] for r in client.get(self.url, {"q": "liege"}).json()["results"]]
        assert "4000 Liège" in labels

    @pytest.mark.parametrize("typed", ["", "   ", "123456", "zzzzzz", "%", "'"])
    def test_nothing_to_suggest_is_an_empty_list(self, client, typed):
        response = client.get(self.url, {"q": typed})
        assert response.status_code == 200
        assert response.json() == {"results": []}

    def test_wrong_method(self, client):
        assert client.post(self.url, {"q": "5000"}).status_code == 405

    def test_no_personal_data_and_fixed_queries(self, client, django_assert_num_queries):
        with django_assert_num_queries(1):
            response = client.get(self.url, {"q": "1"})
        assert "@" not in response.content.decode()

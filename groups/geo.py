"""Distances on the globe, and the search for the nearest points, as pure functions.

The nearest-group search never asks the database for a distance (SQLite has no trigonometry,
and the same code must run on PostgreSQL): it asks for the points inside a bounding box, which
indexed latitude and longitude columns answer quickly, then computes the exact great-circle
distance in Python on those few candidates. A point inside the box may still be farther than a
point outside it, so only the candidates within the box's inscribed circle are certain; when
fewer than wanted are certain, the box is widened.
"""

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180
# Farther than any two points of Belgium (about 320 km apart at most). The search does not
# widen beyond it: its last step asks for the whole globe.
MAX_RADIUS_KM = 1000.0
# Belgium and its neighbourhood: a position outside is not a Belgian visitor's.
BELGIUM_BOUNDS = (49.3, 51.7, 2.3, 6.6)  # south, north, west, east


@dataclass(frozen=True)
class Box:
    south: float
    north: float
    west: float
    east: float


WHOLE_GLOBE = Box(-90.0, 90.0, -180.0, 180.0)


def normalize(text: str) -> str:
    """Lower case, no accents, words separated by one space: "Braine-l’Alleud" → "braine l alleud"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> Box:
    """A latitude/longitude box that contains every point within ``radius_km`` of (lat, lon).

    The longitude span is taken at the box's latitude nearest to a pole, where a degree of
    longitude is shortest, so that the box holds the whole circle. Near a pole (or for a radius
    larger than the globe) the box spans every longitude.
    """
    dlat = radius_km / KM_PER_DEGREE_LATITUDE
    south, north = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    widest = max(abs(south), abs(north))
    cos_widest = math.cos(math.radians(widest))
    if widest >= 89.0 or radius_km >= math.pi * EARTH_RADIUS_KM / 2:
        return Box(south, north, -180.0, 180.0)
    dlon = radius_km / (KM_PER_DEGREE_LATITUDE * cos_widest)
    if dlon >= 180:
        return Box(south, north, -180.0, 180.0)
    return Box(south, north, lon - dlon, lon + dlon)


def box_spans(box: Box) -> list[tuple[float, float]]:
    """The longitude intervals of a box: two when it crosses the antimeridian."""
    if box.west < -180:
        return [(box.west + 360, 180.0), (-180.0, box.east)]
    if box.east > 180:
        return [(box.west, 180.0), (-180.0, box.east - 360)]
    return [(box.west, box.east)]


def in_box(box: Box, lat: float, lon: float) -> bool:
    return box.south <= lat <= box.north and any(w <= lon <= e for w, e in box_spans(box))


def distance_to_box_km(lat: float, lon: float, box: Box) -> float:
    """About how far a point is from a box (0 inside it): the distance to the box's nearest
    point in latitude and longitude. Only used to choose where the search starts."""
    nearest_lat = min(max(lat, box.south), box.north)
    nearest_lon = min(max(lon, box.west), box.east)
    return haversine_km(lat, lon, nearest_lat, nearest_lon)


def search_radii(first_km: float) -> list[float]:
    """The radii tried in turn: doubling from ``first_km`` up to MAX_RADIUS_KM."""
    radii = []
    radius = max(first_km, 1.0)
    while radius < MAX_RADIUS_KM:
        radii.append(radius)
        radius *= 2
    radii.append(MAX_RADIUS_KM)
    return radii


def first_radius_km(count: int, wanted: int, area_km2: float = 17_000.0) -> float:
    """A first radius at which about six times ``wanted`` of ``count`` points are expected.

    ``area_km2`` is the area the points are spread over (Wallonia and Brussels: about
    17,000 km²). Six times, so that a point at the edge of the country, whose circle lies half
    abroad, still finds enough at once: a good first guess spares the database the widening
    steps, and a few dozen candidates more cost nothing.
    """
    if count <= 0:
        return MAX_RADIUS_KM
    density = count / area_km2
    return max(2.0, math.sqrt(6 * wanted / (math.pi * density)))


def nearest(
    origin: tuple[float, float],
    limit: int,
    fetch: Callable[[Box], Iterable[tuple[Any, float, float]]],
    radii: Sequence[float],
) -> list[tuple[Any, float]]:
    """The ``limit`` nearest points to ``origin`` as (key, distance in km), nearest first.

    ``fetch(box)`` returns the (key, latitude, longitude) of the points inside the box (one
    database query). Boxes are tried for each radius in turn until ``limit`` points are within
    the radius (and so certainly among the nearest); the last step asks for the whole globe.
    Ties are broken by key so that the order is stable.
    """
    lat0, lon0 = origin
    found: list[tuple[float, Any]] = []
    for index, radius in enumerate(radii):
        last = index == len(radii) - 1
        candidates = [
            (haversine_km(lat0, lon0, lat, lon), key)
            for key, lat, lon in fetch(WHOLE_GLOBE if last else bounding_box(lat0, lon0, radius))
        ]
        found = sorted(c for c in candidates if last or c[0] <= radius)
        if len(found) >= limit or last:
            break
    return [(key, distance) for distance, key in found[:limit]]


def brute_force_nearest(
    origin: tuple[float, float], points: Iterable[tuple[Any, float, float]], limit: int
) -> list[tuple[Any, float]]:
    """Every point's distance, sorted: the reference the tests compare ``nearest`` with."""
    lat0, lon0 = origin
    ranked = sorted((haversine_km(lat0, lon0, lat, lon), key) for key, lat, lon in points)
    return [(key, distance) for distance, key in ranked[:limit]]


def in_belgium(lat: float, lon: float) -> bool:
    south, north, west, east = BELGIUM_BOUNDS
    return south <= lat <= north and west <= lon <= east

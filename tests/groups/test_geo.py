"""The distance search: the pure functions, then the database-backed search, compared with a
brute-force ordering of every group (property-based, with hypothesis)."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups import geo, selectors
from groups.models import LocalGroup, Province
from tests.groups.factories import place

# Belgium's extent, a little generously.
LATITUDES = st.floats(min_value=49.45, max_value=51.55, allow_nan=False)
LONGITUDES = st.floats(min_value=2.5, max_value=6.45, allow_nan=False)
POINTS = st.tuples(LATITUDES, LONGITUDES)


def test_known_distances():
    brussels, namur, arlon = (50.8467, 4.3525), (50.4669, 4.8675), (49.6833, 5.8167)
    assert geo.haversine_km(*brussels, *namur) == pytest.approx(55.6, abs=0.5)
    assert geo.haversine_km(*brussels, *arlon) == pytest.approx(168.0, abs=2)
    assert geo.haversine_km(*namur, *namur) == 0


def test_normalize_folds_accents_apostrophes_and_hyphens():
    assert geo.normalize("Braine-l’Alleud") == "braine l alleud"
    assert geo.normalize("  LIÈGE ") == "liege"
    assert geo.normalize("Écaussinnes") == "ecaussinnes"


@given(origin=POINTS, radius=st.floats(min_value=0.5, max_value=400), bearing=st.floats(0, 360))
def test_the_box_holds_the_whole_circle(origin, radius, bearing):
    # A point exactly at the radius, in any direction, lies inside the box.
    lat, lon = origin
    angular = radius / geo.EARTH_RADIUS_KM
    phi, lam, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    phi2 = math.asin(
        math.sin(phi) * math.cos(angular) + math.cos(phi) * math.sin(angular) * math.cos(theta)
    )
    lam2 = lam + math.atan2(
        math.sin(theta) * math.sin(angular) * math.cos(phi),
        math.cos(angular) - math.sin(phi) * math.sin(phi2),
    )
    point = (math.degrees(phi2), math.degrees(lam2))
    assert geo.haversine_km(lat, lon, *point) == pytest.approx(radius, rel=1e-6)
    box = geo.bounding_box(lat, lon, radius * 1.000001)
    assert geo.in_box(box, *point)


def test_a_box_across_the_antimeridian_has_two_spans():
    box = geo.bounding_box(0.0, 179.9, 50)
    assert len(geo.box_spans(box)) == 2
    assert geo.in_box(box, 0.0, -179.9)


@settings(max_examples=200)
@given(
    origin=POINTS,
    points=st.lists(POINTS, min_size=0, max_size=60),
    limit=st.integers(min_value=1, max_value=12),
    first_radius=st.floats(min_value=1, max_value=80),
)
def test_nearest_equals_brute_force_pure(origin, points, limit, first_radius):
    keyed = [(index, lat, lon) for index, (lat, lon) in enumerate(points)]

    def fetch(box):
        return [p for p in keyed if geo.in_box(box, p[1], p[2])]

    expected = geo.brute_force_nearest(origin, keyed, limit)
    assert geo.nearest(origin, limit, fetch, geo.search_radii(first_radius)) == expected


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    origin=POINTS,
    points=st.lists(
        st.tuples(LATITUDES, LONGITUDES, st.booleans(), st.sampled_from(["", *Province.values])),
        min_size=0,
        max_size=40,
    ),
    limit=st.integers(min_value=1, max_value=12),
    province=st.sampled_from([None, Province.NAMUR, Province.BRUSSELS, Province.LIEGE]),
)
def test_nearest_groups_equal_a_brute_force_ordering(origin, points, limit, province):
    """Random groups anywhere in Belgium (some inactive, in random provinces): the search
    returns exactly the ``limit`` nearest active groups, in the brute-force order."""
    LocalGroup.objects.all().delete()
    namur = place("5000")
    groups = LocalGroup.objects.bulk_create(
        LocalGroup(
            name=f"Groupe {index}",
            slug=f"groupe-{index}",
            place=namur,
            province=group_province or Province.NAMUR,
            latitude=lat,
            longitude=lon,
            is_active=active,
        )
        for index, (lat, lon, active, group_province) in enumerate(points)
    )
    candidates = [
        (group.pk, group.latitude, group.longitude)
        for group in groups
        if group.is_active and (province is None or group.province == province)
    ]
    expected = geo.brute_force_nearest(origin, candidates, limit)

    found = selectors.nearest_groups(*origin, province=province, limit=limit)

    assert [(g.pk, g.distance_km) for g in found] == expected


def test_first_radius_shrinks_as_groups_multiply():
    assert geo.first_radius_km(50, 10) > geo.first_radius_km(5000, 10) >= 2
    assert geo.first_radius_km(0, 10) == geo.MAX_RADIUS_KM
    assert geo.search_radii(100)[-1] == geo.MAX_RADIUS_KM

"""The nearest coordinators at scale: the page lists the twenty nearest of all coordinations
(an indexed box search on the position copied on each mandate), or every coordinator of the
coordination chosen; the positions follow the volunteers' postal codes."""

import random
from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordinations.models import Mandate
from coordinations.services import mandate_start
from groups import geo
from groups.models import Place
from groups.selectors import (
    COORDINATOR_EXTENT_CACHE_KEY,
    NEAREST_COORDINATORS,
    nearest_coordinators,
)
from tests.coordinations.factories import CoordinationFactory, MandateFactory
from tests.factories import UserFactory
from tests.groups.factories import LocalGroupFactory, place

pytestmark = pytest.mark.django_db


def random_mandates(count: int, seed: int = 7) -> list[Mandate]:
    """``count`` active mandates of volunteers living at random Belgian places, spread over a
    few coordinations, with a few that the page must leave out or cannot place."""
    rng = random.Random(seed)
    codes = sorted(set(Place.objects.values_list("postal_code", flat=True)))
    coordinations = [CoordinationFactory(name=f"Pays {n}") for n in range(5)]
    closed = CoordinationFactory(name="Pays fermé", is_active=False)
    mandates = []
    for n in range(count):
        volunteer = UserFactory(postal_code=rng.choice(codes))
        # One coordinator per coordination (the database allows no second one at the same
        # time), the others in its team: the search lists every active mandate.
        coordination = coordinations[n % len(coordinations)]
        held = coordination.mandates.active().leads().exists()
        role = Mandate.Role.MEMBER if held else Mandate.Role.LEAD
        mandates.append(MandateFactory(coordination=coordination, volunteer=volunteer, role=role))
    # Left out: an ended mandate, a volunteer no longer active, a closed coordination.
    MandateFactory(
        volunteer=UserFactory(postal_code="5000"),
        coordination=coordinations[0],
        status=Mandate.Status.ENDED,
        ended_on=timezone.localdate(),
    )
    MandateFactory(volunteer=UserFactory(postal_code="5000", is_active=False))
    MandateFactory(
        volunteer=UserFactory(postal_code="5000"), coordination=closed, role=Mandate.Role.MEMBER
    )
    # Never placed: no postal code.
    MandateFactory(
        volunteer=UserFactory(postal_code=""),
        coordination=coordinations[0],
        role=Mandate.Role.MEMBER,
    )
    return mandates


def brute_force(group, mandates) -> list[tuple[int, float]]:
    """Every listed mandate's distance, from its volunteer's postal code looked up afresh."""
    points = [
        (m.pk, p.latitude, p.longitude)
        for m in mandates
        if (p := place(m.volunteer.postal_code)) is not None
    ]
    return geo.brute_force_nearest((group.latitude, group.longitude), points, len(points))


@pytest.mark.parametrize("postal_code", ["5000", "6700", "8400", "1000", "4000"])
def test_the_twenty_nearest_match_a_brute_force_search(postal_code):
    mandates = random_mandates(60)
    group = LocalGroupFactory(name=f"Groupe {postal_code}", place=place(postal_code))

    rows = nearest_coordinators(group)

    expected = brute_force(group, mandates)
    assert len(rows) == NEAREST_COORDINATORS
    distances = [row.distance_km for row in rows]
    assert distances == sorted(distances)
    assert distances == pytest.approx([d for _pk, d in expected[:NEAREST_COORDINATORS]])
    # Every mandate strictly nearer than the twentieth is listed (ties may go either way).
    last = distances[-1]
    nearer = {pk for pk, d in expected if d < last - 1e-9}
    assert nearer <= {row.mandate.pk for row in rows}
    listed = {m.pk for m in mandates}
    assert all(row.mandate.pk in listed for row in rows)  # none ended, inactive or closed


def test_far_from_most_coordinators_the_search_widens(coordination):
    """From the coast, four coordinators are near and the others all live in Arlon, beyond the
    first radius tried: the twenty are still found."""
    coast = [MandateFactory(volunteer=UserFactory(postal_code="8400")) for _ in range(4)]
    arlon = [MandateFactory(volunteer=UserFactory(postal_code="6700")) for _ in range(21)]
    group = LocalGroupFactory(name="Groupe d'Ostende", place=place("8400"))

    rows = nearest_coordinators(group)

    assert len(rows) == NEAREST_COORDINATORS
    assert {row.mandate for row in rows[:4]} == set(coast)
    assert {row.mandate for row in rows[4:]} < set(arlon)
    assert rows[-1].distance_km > 200


def test_fewer_coordinators_than_twenty_are_all_listed(group):
    mandates = random_mandates(8)
    rows = nearest_coordinators(group)
    assert sorted(row.mandate.pk for row in rows) == sorted(m.pk for m in mandates)
    assert [row.distance_km for row in rows] == sorted(row.distance_km for row in rows)


def test_a_coordination_lists_all_its_holders_nearest_first_unknown_last(group):
    mandates = random_mandates(60)
    chosen = mandates[0].coordination
    rows = nearest_coordinators(group, chosen)
    holders = [m for m in mandates if m.coordination == chosen]
    assert len(holders) == 12
    # Its twelve holders and the one without a postal code; not the ended mandate.
    assert len(rows) == 13
    assert {row.mandate.pk for row in rows} >= {m.pk for m in holders}
    assert all(row.coordination == chosen for row in rows)
    assert rows[-1].distance_km is None and rows[-1].mandate.volunteer.postal_code == ""
    known = [row.distance_km for row in rows[:-1]]
    assert known == sorted(known)
    assert known == pytest.approx([d for _pk, d in brute_force(group, holders)])


@pytest.mark.parametrize("count", [5, 50])
def test_a_constant_number_of_queries(group, count, django_assert_num_queries):
    mandates = random_mandates(count)
    # The extent of the positions, the positions in a box, the chosen mandates.
    with django_assert_num_queries(3):
        rows = nearest_coordinators(group)
    assert len(rows) == min(count, NEAREST_COORDINATORS)
    with django_assert_num_queries(2):  # the extent is cached
        assert nearest_coordinators(group) == rows
    with django_assert_num_queries(1):
        rows = nearest_coordinators(group, mandates[0].coordination)
    with django_assert_num_queries(0):  # volunteers and coordinations came with the rows
        assert all(row.first_name and row.coordination.name for row in rows)


def test_a_stale_extent_still_finds_the_nearest(group):
    """The cached extent only guides the first guess: out of date, the answer is the same."""
    few = random_mandates(3, seed=1)
    nearest_coordinators(group)
    many = random_mandates(60, seed=2)
    cache.set(COORDINATOR_EXTENT_CACHE_KEY, {"count": 3, **_extent_of(few)})
    expected = brute_force(group, few + many)[:NEAREST_COORDINATORS]
    distances = [row.distance_km for row in nearest_coordinators(group)]
    assert distances == pytest.approx([d for _pk, d in expected])
    # And the other way round: many counted, few left (the others ended).
    Mandate.objects.filter(pk__in=[m.pk for m in many]).update(
        status=Mandate.Status.ENDED, ended_on=timezone.localdate()
    )
    cache.set(COORDINATOR_EXTENT_CACHE_KEY, {"count": 70, **_extent_of(few + many)})
    assert {row.mandate for row in nearest_coordinators(group)} == set(few)


def _extent_of(mandates) -> dict:
    return {
        "south": min(m.latitude for m in mandates),
        "north": max(m.latitude for m in mandates),
        "west": min(m.longitude for m in mandates),
        "east": max(m.longitude for m in mandates),
    }


def test_the_extent_is_recounted_when_mandates_change(group, coordination):
    random_mandates(5)
    nearest_coordinators(group)
    assert cache.get(COORDINATOR_EXTENT_CACHE_KEY)["count"] == 7
    mandate = MandateFactory(coordination=coordination, volunteer=UserFactory(postal_code="6700"))
    assert cache.get(COORDINATOR_EXTENT_CACHE_KEY) is None
    assert nearest_coordinators(group)[-1].mandate == mandate  # Arlon, the farthest
    mandate.volunteer.postal_code = "5000"
    mandate.volunteer.save()
    assert cache.get(COORDINATOR_EXTENT_CACHE_KEY) is None
    assert nearest_coordinators(group)[0].distance_km < 5


def test_no_coordinator_at_all(group):
    assert nearest_coordinators(group) == []


# The position on the mandate ------------------------------------------------------------------


def position(mandate) -> tuple[float | None, float | None]:
    mandate.refresh_from_db()
    return mandate.latitude, mandate.longitude


def place_position(postal_code):
    found = place(postal_code)
    return found.latitude, found.longitude


def test_a_new_mandate_takes_its_volunteers_position(coordination):
    volunteer = UserFactory(postal_code="6700")
    mandate = mandate_start(
        coordination=coordination, volunteer=volunteer, start_date=timezone.localdate()
    )
    assert position(mandate) == place_position("6700")
    nowhere = mandate_start(
        coordination=coordination,
        volunteer=UserFactory(postal_code=""),
        start_date=timezone.localdate(),
        role=Mandate.Role.MEMBER,
    )
    assert position(nowhere) == (None, None)
    unknown = MandateFactory(volunteer=UserFactory(postal_code="0999"))
    assert position(unknown) == (None, None)


def test_a_mandate_handed_to_another_volunteer_moves(coordination):
    mandate = MandateFactory(coordination=coordination, volunteer=UserFactory(postal_code="5000"))
    mandate = Mandate.objects.get(pk=mandate.pk)
    mandate.volunteer = UserFactory(postal_code="8400")
    mandate.save()
    assert position(mandate) == place_position("8400")


def test_a_volunteer_who_moves_takes_their_mandates_along(group, coordination, other_coordination):
    volunteer = UserFactory(postal_code="5000")
    first = MandateFactory(coordination=coordination, volunteer=volunteer)
    second = MandateFactory(coordination=other_coordination, volunteer=volunteer)
    someone_else = MandateFactory(volunteer=UserFactory(postal_code="5000"))

    volunteer.postal_code = "6700"
    volunteer.save()

    assert position(first) == position(second) == place_position("6700")
    assert position(someone_else) == place_position("5000")
    rows = nearest_coordinators(group)
    assert rows[0].mandate == someone_else  # Namur itself, then the two in Arlon
    assert rows[1].distance_km > 100

    volunteer.postal_code = ""
    volunteer.save(update_fields=["postal_code"])
    assert position(first) == (None, None)
    assert [row.mandate for row in nearest_coordinators(group)] == [someone_else]


def test_a_log_in_does_not_touch_the_mandates(client, coordinator):
    with CaptureQueriesContext(connection) as queries:
        client.force_login(coordinator)
    assert any("last_login" in q["sql"] for q in queries.captured_queries)
    assert not any("coordinations_mandate" in q["sql"] for q in queries.captured_queries)


def test_the_data_migration_fills_the_positions(coordination):
    placed = MandateFactory(coordination=coordination, volunteer=UserFactory(postal_code="4000"))
    nowhere = MandateFactory(volunteer=UserFactory(postal_code=""))
    Mandate.objects.update(latitude=None, longitude=None)

    migration = import_module("coordinations.migrations.0005_fill_mandate_positions")
    migration.fill_positions(apps, None)

    assert position(placed) == place_position("4000")
    assert position(nowhere) == (None, None)


def test_with_many_coordinations_the_filter_is_a_name_to_type(client, monkeypatch):
    """Beyond COORDINATION_SELECT_MAX coordinations, no drop-down list of thousands: the name
    of the coordination is typed, in any case, and a wrong name says so."""
    from groups import forms as group_forms
    from tests.coordinations.factories import MandateFactory
    from tests.groups.factories import LocalGroupFactory, MembershipFactory

    monkeypatch.setattr(group_forms, "COORDINATION_SELECT_MAX", 1)
    mandate = MandateFactory(coordination__name="Mexique", volunteer__postal_code="5000")
    MandateFactory(coordination__name="Rwanda", volunteer__postal_code="4000")
    group = LocalGroupFactory()
    leader = MembershipFactory(group=group, role="leader").volunteer
    client.force_login(leader)
    url = reverse("groups:coordinators", args=[group.slug])
    page = client.get(url).content.decode()
    assert "<select" not in page and 'name="coordination"' in page
    rows = client.get(url, {"coordination": "mexique"}).context["rows"]
    assert [row.mandate for row in rows] == [mandate]
    wrong = client.get(url, {"coordination": "Mexiko"})
    assert "Aucun coordinateur ne tient une coordination de ce nom" in wrong.content.decode()

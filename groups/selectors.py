"""Read queries of the local groups: places, the nearest groups and coordinators, My space."""

import math
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from config.pagecache import data_version
from coordinations.models import Coordination, Mandate
from groups import geo
from groups.models import (
    FRENCH_SPEAKING_PROVINCES,
    GroupFoundingRequest,
    GroupTask,
    JoinRequest,
    LocalGroup,
    Membership,
    Place,
    Province,
    VisitRequest,
)

NEAREST_GROUPS = 10
# The nearest coordinators listed when no coordination is chosen.
NEAREST_COORDINATORS = 20
COORDINATOR_EXTENT_CACHE_KEY = "groups:coordinator-positions-extent"
COORDINATOR_EXTENT_CACHE_SECONDS = 600
AUTOCOMPLETE_RESULTS = 10
# Rough areas (km²) over which the groups are spread: the first guess of the search radius.
AREA_KM2 = {
    None: 17_000.0,  # Wallonia and Brussels
    Province.BRUSSELS: 161.0,
    Province.BRABANT_WALLON: 1_091.0,
    Province.HAINAUT: 3_786.0,
    Province.LIEGE: 3_857.0,
    Province.LUXEMBOURG: 4_440.0,
    Province.NAMUR: 3_664.0,
}
DEFAULT_PROVINCE_AREA_KM2 = 2_500.0
# How many visit requests My space lists per person or group (the latest first).
RECENT_VISITS = 10


# Places ---------------------------------------------------------------------------------------


@dataclass
class PlaceLookup:
    """The answer to "where is <q>?": a place, or why none was found (a problem code)."""

    place: Place | None = None
    problem: str = ""  # "", "unknown_postal_code", "not_a_postal_code", "unknown_place", "nonsense"
    query: str = ""


POSTAL_CODE_RE = re.compile(r"^\s*(\d{4})(?:\s|$)")


def place_for_postal_code(postal_code: str) -> Place | None:
    """The place of a postal code (the first commune when a code has two)."""
    return Place.objects.filter(postal_code=postal_code).order_by("pk").first()


def find_place(query: str) -> PlaceLookup:
    """Resolve what a visitor typed: a postal code ("5000", "5000 Namur") or a commune or
    locality name ("Namur", "braine l'alleud"). One query at most; never an exception."""
    query = (query or "").strip()[:100]
    if not query:
        return PlaceLookup(query=query)
    match = POSTAL_CODE_RE.match(query)
    if match:
        place = place_for_postal_code(match.group(1))
        return PlaceLookup(place=place, problem="" if place else "unknown_postal_code", query=query)
    if query.isdigit():
        return PlaceLookup(problem="not_a_postal_code", query=query)
    key = geo.normalize(query)
    if len(key.replace(" ", "")) < 2 or not re.search(r"[a-z]", key):
        return PlaceLookup(problem="nonsense", query=query)
    candidates = list(Place.objects.filter(search_names__contains=f"|{key}")[:300])
    ranked = sorted(candidates, key=lambda place: (_name_rank(place, key), place.postal_code))
    if not ranked or _name_rank(ranked[0], key) > 2:
        return PlaceLookup(problem="unknown_place", query=query)
    return PlaceLookup(place=ranked[0], query=query)


def _name_rank(place: Place, key: str) -> int:
    """0: the commune's name; 1: the first locality of the postal code (its main town);
    2: another locality; 3: a name that only starts with the text typed."""
    if key in (geo.normalize(place.municipality_fr), geo.normalize(place.municipality_nl)):
        return 0
    localities = [geo.normalize(name) for name in place.locality_list]
    if localities and localities[0] == key:
        return 1
    if key in localities:
        return 2
    return 3


def places_autocomplete(query: str, limit: int = AUTOCOMPLETE_RESULTS) -> list[Place]:
    """Postal codes and communes that start with what was typed, for the autocomplete."""
    query = (query or "").strip()[:100]
    if not query:
        return []
    if query.isdigit():
        if len(query) > 4:
            return []
        return list(
            Place.objects.filter(postal_code__startswith=query).order_by("postal_code")[:limit]
        )
    key = geo.normalize(query)
    if not key:
        return []
    candidates = list(Place.objects.filter(search_names__contains=f"|{key}")[:300])
    candidates.sort(
        key=lambda place: (
            not geo.normalize(place.municipality_fr).startswith(key),
            _name_rank(place, key),
            place.municipality_fr,
            place.postal_code,
        )
    )
    return candidates[:limit]


# The nearest groups ---------------------------------------------------------------------------


def _active_groups(province: str | None = None) -> QuerySet[LocalGroup]:
    groups = LocalGroup.objects.active()
    if province:
        groups = groups.filter(province=province)
    return groups


def _fetch_positions(groups: QuerySet[LocalGroup]):
    """The fetch function of geo.nearest: the (pk, latitude, longitude) of groups in a box."""

    def fetch(box: geo.Box):
        in_longitude = Q()
        for west, east in geo.box_spans(box):
            in_longitude |= Q(longitude__gte=west, longitude__lte=east)
        return groups.filter(
            in_longitude, latitude__gte=box.south, latitude__lte=box.north
        ).values_list("pk", "latitude", "longitude")

    return fetch


def _cached_extent(queryset: QuerySet, key: str, seconds: int) -> dict:
    """How many rows of ``queryset`` and the box their positions fill (``count``, ``south``,
    ``north``, ``west``, ``east``), kept in the cache under ``key``: the first guess of a
    nearest search, which a stale answer serves as well (the search widens as needed). An
    empty answer is never kept: it would hide the first row added."""
    extent = cache.get(key)
    if extent is None:
        extent = queryset.aggregate(
            count=Count("pk"),
            south=Min("latitude"),
            north=Max("latitude"),
            west=Min("longitude"),
            east=Max("longitude"),
        )
        if extent["count"]:
            cache.set(key, extent, seconds)
    return dict(extent)


def _groups_extent(province: str | None) -> dict:
    """How many active groups (in a province) and the extent they cover, until a group changes
    (the data version of config.pagecache)."""
    key = f"groups-extent:{data_version()}:{province or ''}"
    return _cached_extent(_active_groups(province), key, 600)


def nearest_groups(
    latitude: float, longitude: float, *, province: str | None = None, limit: int = NEAREST_GROUPS
) -> list[LocalGroup]:
    """The ``limit`` active groups nearest to a point (in a province, when one is given),
    nearest first, each with ``distance_km``.

    A count of the groups (with the extent they cover; cached) sets the first search radius; a box
    around the point is then asked for the groups' positions (indexed columns) and widened until
    enough groups lie within the radius; the exact distances are computed in Python; the chosen
    groups are loaded with their commune. Usually two queries (three with the count), whatever
    the number of groups,
    one more for each widening (rare: at the edge of the country).
    """
    groups = _active_groups(province)
    extent = _groups_extent(province)
    count = extent.pop("count")
    if not count:
        return []
    if count <= limit:
        # Every group is wanted: one step, which asks for them all.
        radii = [geo.MAX_RADIUS_KM]
    else:
        # Start where about three times the groups wanted are expected, counted from the edge
        # of the area the groups cover when the point lies outside it (another province).
        area = AREA_KM2.get(province, DEFAULT_PROVINCE_AREA_KM2)
        first = geo.first_radius_km(count, limit, area)
        first += geo.distance_to_box_km(latitude, longitude, geo.Box(**extent))
        radii = geo.search_radii(first)
    ranked = geo.nearest((latitude, longitude), limit, _fetch_positions(groups), radii)
    by_pk = LocalGroup.objects.select_related("place").in_bulk([pk for pk, _d in ranked])
    result = []
    for pk, distance in ranked:
        group = by_pk[pk]
        group.distance_km = distance
        result.append(group)
    return result


def groups_in_province(province: str) -> QuerySet[LocalGroup]:
    """The active groups of a province by name, for browsing without a postal code."""
    return _active_groups(province).select_related("place").order_by("name")


def province_counts() -> list[dict]:
    """Each French-speaking province with its number of active groups (one query)."""
    counts = dict(
        LocalGroup.objects.active()
        .order_by()
        .values("province")
        .annotate(total=Count("pk"))
        .values_list("province", "total")
    )
    return [
        {"code": code, "label": Province(code).label, "count": counts.get(code, 0)}
        for code in FRENCH_SPEAKING_PROVINCES
    ]


# One group ------------------------------------------------------------------------------------


def group_for_page(slug: str) -> LocalGroup | None:
    """An active group with its commune and its number of members."""
    return (
        LocalGroup.objects.active()
        .select_related("place")
        .with_member_count()
        .filter(slug=slug)
        .first()
    )


def groups_led_by(user) -> QuerySet[LocalGroup]:
    """The groups this person leads (usually one)."""
    if not user.is_authenticated:
        return LocalGroup.objects.none()
    return LocalGroup.objects.filter(
        memberships__volunteer=user, memberships__role=Membership.Role.LEADER
    ).select_related("place")


def members_of(group: LocalGroup) -> list[Membership]:
    """The members of a group: the leader, the treasurer, then the others by seniority."""
    order = {role: index for index, role in enumerate(Membership.Role.values)}
    memberships = list(group.memberships.select_related("volunteer"))
    memberships.sort(key=lambda m: (order[m.role], m.since, m.volunteer.first_name, m.pk))
    return memberships


def pending_join_requests(group: LocalGroup) -> QuerySet[JoinRequest]:
    return (
        group.join_requests.filter(status=JoinRequest.Status.PENDING)
        .select_related("volunteer")
        .order_by("created_at")
    )


def membership_of(user, group: LocalGroup) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(volunteer=user, group=group).first()


def pending_join_request_of(user, group: LocalGroup) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return JoinRequest.objects.filter(
        volunteer=user, group=group, status=JoinRequest.Status.PENDING
    ).first()


# The nearest coordinators ---------------------------------------------------------------------


@dataclass
class CoordinatorRow:
    """What a group's leader sees of a coordinator: first name, coordination, distance."""

    mandate: Mandate
    first_name: str
    coordination: Coordination
    distance_km: float | None = None


def coordinations_with_coordinators() -> QuerySet[Coordination]:
    """Active coordinations held today by at least one mandate, by name (the page's filter)."""
    return (
        Coordination.objects.active()
        .filter(Exists(Mandate.objects.holding_on().filter(coordination=OuterRef("pk"))))
        .order_by("name")
    )


def coordination_filter_choices(limit: int) -> list[tuple[str, str]]:
    """(slug, name) of the coordinations the filter offers, at most ``limit`` + 1 (enough to
    know there are more): one query, then kept in the cache until the data changes."""
    # The day is part of the key: a mandate starting today changes the choices without a save.
    key = f"coordination-filter-choices:{data_version()}:{timezone.localdate()}:{limit}"
    choices = cache.get(key)
    if choices is None:
        choices = list(coordinations_with_coordinators().values_list("slug", "name")[: limit + 1])
        cache.set(key, choices, 600)
    return choices


def _coordinator_mandates() -> QuerySet[Mandate]:
    """The mandates the page lists: holding their coordination today (not the accepted ones
    that have not started yet), of an active volunteer and coordination."""
    # Closed coordinations are few: excluding them (an indexed look-up) is cheaper than joining
    # every coordination, which PostgreSQL does by reading the whole table.
    return (
        Mandate.objects.holding_on()
        .filter(volunteer__is_active=True)
        .exclude(coordination__in=Coordination.objects.filter(is_active=False))
    )


def coordinator_positions_extent() -> dict:
    """How many mandates holding today have a position, and the box they fill (``count``, ``south``,
    ``north``, ``west``, ``east``): the first guess of the nearest-coordinator search.

    Counting means reading every active mandate (several milliseconds at ten thousand), for a
    guess that a stale answer serves as well (the search widens as needed): so it is kept in
    the cache, and forgotten when a mandate or a coordinator's postal code changes
    (coordinations.signals).
    """
    # A mandate that starts today enters the extent when the entry expires (at most
    # COORDINATOR_EXTENT_CACHE_SECONDS after midnight): the extent is only the first guess.
    return _cached_extent(
        Mandate.objects.holding_on().filter(latitude__isnull=False, longitude__isnull=False),
        COORDINATOR_EXTENT_CACHE_KEY,
        COORDINATOR_EXTENT_CACHE_SECONDS,
    )


def _area_km2(box: geo.Box) -> float:
    """About the area of a latitude/longitude box (at least 100 km²: points may coincide)."""
    height = (box.north - box.south) * geo.KM_PER_DEGREE_LATITUDE
    width = (
        (box.east - box.west)
        * geo.KM_PER_DEGREE_LATITUDE
        * math.cos(math.radians((box.north + box.south) / 2))
    )
    return max(100.0, height * width)


def nearest_coordinators(
    group: LocalGroup,
    coordination: Coordination | None = None,
    limit: int = NEAREST_COORDINATORS,
) -> list[CoordinatorRow]:
    """The coordinators a group's leader may invite, with their distance from the group (from
    the position of their postal code, copied on the mandate).

    With a coordination: every active mandate of it (a few), nearest first, those whose
    position is unknown last; one query. Without: the ``limit`` nearest active mandates whose
    position is known, found as ``nearest_groups`` finds groups: the extent of the positions
    (cached) sets the first radius, a box is asked for the positions (an indexed search),
    widened until enough lie within the radius, then the chosen mandates are loaded with their
    volunteer and coordination. Usually two queries (three when the extent is not cached),
    whatever the number of mandates.
    """
    origin = (group.latitude, group.longitude)
    mandates = _coordinator_mandates()
    if coordination is not None:
        ranked = [
            (
                mandate,
                None
                if mandate.latitude is None or mandate.longitude is None
                else geo.haversine_km(*origin, mandate.latitude, mandate.longitude),
            )
            for mandate in mandates.filter(coordination=coordination).select_related(
                "volunteer", "coordination"
            )
        ]
    else:
        extent = coordinator_positions_extent()
        count = extent.pop("count")
        if not count:
            return []
        if count <= limit:
            radii = [geo.MAX_RADIUS_KM]  # every mandate is wanted: ask for them all at once
        else:
            box = geo.Box(**extent)
            first = geo.first_radius_km(count, limit, _area_km2(box))
            first += geo.distance_to_box_km(*origin, box)
            radii = geo.search_radii(first)
        nearest = geo.nearest(origin, limit, _fetch_positions(mandates.order_by()), radii)
        by_pk = Mandate.objects.select_related("volunteer", "coordination").in_bulk(
            [pk for pk, _distance in nearest]
        )
        ranked = [(by_pk[pk], distance) for pk, distance in nearest]
    rows = [
        CoordinatorRow(
            mandate=mandate,
            first_name=mandate.volunteer.display_name,
            coordination=mandate.coordination,
            distance_km=distance,
        )
        for mandate, distance in ranked
    ]
    rows.sort(
        key=lambda row: (
            row.distance_km is None,
            row.distance_km or 0.0,
            row.coordination.name,
            row.first_name,
        )
    )
    return rows


# My space -------------------------------------------------------------------------------------


MY_SPACE_FLAGS = ("member", "leader", "asking", "invited", "tasked", "founding")


def my_space_roles(user) -> dict[str, bool]:
    """Which of the groups' sections of My space apply to this person, in one query."""
    from accounts.models import User

    flags = (
        User.objects.filter(pk=user.pk)
        .annotate(
            member=Exists(Membership.objects.filter(volunteer=OuterRef("pk"))),
            leader=Exists(
                Membership.objects.filter(volunteer=OuterRef("pk"), role=Membership.Role.LEADER)
            ),
            asking=Exists(
                JoinRequest.objects.filter(
                    volunteer=OuterRef("pk"), status=JoinRequest.Status.PENDING
                )
            ),
            invited=Exists(
                VisitRequest.objects.filter(coordinator=OuterRef("pk")).exclude(
                    status=VisitRequest.Status.CANCELLED
                )
            ),
            tasked=Exists(GroupTask.objects.filter(assignees__volunteer=OuterRef("pk"))),
            founding=Exists(
                GroupFoundingRequest.objects.filter(
                    founder=OuterRef("pk"), status=GroupFoundingRequest.Status.PENDING
                )
            ),
        )
        .values(*MY_SPACE_FLAGS)
        .order_by()
        .first()
    )
    return flags or dict.fromkeys(MY_SPACE_FLAGS, False)


def memberships_for_my_space(user, *, with_tasks: bool = True) -> list[Membership]:
    """A person's groups, with the group's commune and ``my_tasks``, the group's tasks this
    person takes on (not asked for when the caller knows there are none)."""
    memberships = (
        Membership.objects.filter(volunteer=user)
        .select_related("group", "group__place")
        .order_by("group__name")
    )
    if not with_tasks:
        return list(memberships)
    return list(
        memberships.prefetch_related(
            Prefetch(
                "tasks",
                queryset=GroupTask.objects.order_by("kind", "label", "pk"),
                to_attr="my_tasks",
            )
        )
    )


def join_requests_of(user) -> list[JoinRequest]:
    """A person's own requests to join a group that still wait for an answer."""
    return list(
        JoinRequest.objects.filter(volunteer=user, status=JoinRequest.Status.PENDING)
        .select_related("group")
        .order_by("-created_at")
    )


def groups_for_leader_space(user) -> list[LocalGroup]:
    """The groups a person leads, each with ``waiting_requests`` (requests to join) and
    ``recent_visits`` (the latest visit requests with their coordinator and coordination)."""
    return list(
        groups_led_by(user)
        .with_member_count()
        .prefetch_related(
            Prefetch(
                "join_requests",
                queryset=JoinRequest.objects.filter(status=JoinRequest.Status.PENDING)
                .select_related("volunteer")
                .order_by("created_at"),
                to_attr="waiting_requests",
            ),
            Prefetch(
                "visit_requests",
                queryset=VisitRequest.objects.select_related(
                    "coordinator", "coordination"
                ).order_by("-created_at")[:RECENT_VISITS],
                to_attr="recent_visits",
            ),
        )
        .order_by("name")
    )


def visit_requests_received(user) -> list[VisitRequest]:
    """The visit requests addressed to a coordinator: those waiting first, then the latest."""
    visits = (
        VisitRequest.objects.filter(coordinator=user)
        .select_related("group", "group__place", "coordination", "requested_by")
        .order_by("-created_at")
    )
    pending = list(visits.filter(status=VisitRequest.Status.PENDING))
    answered = list(
        visits.filter(status__in=[VisitRequest.Status.ACCEPTED, VisitRequest.Status.DECLINED])[
            :RECENT_VISITS
        ]
    )
    return pending + answered


# Tasks ----------------------------------------------------------------------------------------


def tasks_of(group: LocalGroup) -> list[GroupTask]:
    """A group's tasks, each with its members in charge (and their names), in two queries."""
    return list(
        group.tasks.prefetch_related(
            Prefetch(
                "assignees",
                queryset=Membership.objects.select_related("volunteer").order_by(
                    "volunteer__first_name", "pk"
                ),
            )
        ).order_by("kind", "label", "pk")
    )


# Founding a group -----------------------------------------------------------------------------

# A group this close to a commune serves it: nobody is asked to found a second one there.
FOUNDING_RADIUS_KM = 15


def group_near(place: Place, radius_km: float = FOUNDING_RADIUS_KM) -> LocalGroup | None:
    """The nearest active group within ``radius_km`` of a commune, or None."""
    nearest = nearest_groups(place.latitude, place.longitude, limit=1)
    if nearest and nearest[0].distance_km <= radius_km:
        return nearest[0]
    return None


def founding_requests_of(user) -> list[GroupFoundingRequest]:
    """A person's requests to found a group, the latest first, with the commune and group."""
    if not user.is_authenticated:
        return []
    return list(
        GroupFoundingRequest.objects.filter(founder=user)
        .select_related("place", "group")
        .order_by("-created_at")
    )

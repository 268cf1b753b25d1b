"""The dashboard's map data: fetched apart from the page, and counted by area at scale."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from dashboard import figures
from groups.models import Membership
from tests.groups.factories import LocalGroupFactory, MembershipFactory, place

pytestmark = pytest.mark.django_db


def test_the_map_data_comes_from_its_own_address_for_staff_only(
    staff_client, volunteer, dataset, coordinator
):
    page = staff_client.get(reverse("dashboard:index")).content.decode()
    url = reverse("dashboard:map_data")
    assert f'data-source="{url}"' in page
    assert "dashboard-map-data" not in page  # no longer embedded in the page
    response = staff_client.get(url)
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert {g["name"] for g in data["groups"]} == {
        "Groupe de Liège",
        "Groupe de Mons",
        "Groupe de Namur",
    }
    assert coordinator.email not in response.content.decode()
    other = Client()
    other.force_login(volunteer)
    assert other.get(url).status_code == 404


def test_many_groups_are_counted_by_area_of_about_ten_kilometres(staff_client, monkeypatch):
    monkeypatch.setattr(figures, "MAP_GROUP_MARKERS_MAX", 4)
    namur = [
        LocalGroupFactory(
            name=f"Groupe {n}",
            coordinates_from_place=False,
            latitude=50.46 + n * 0.001,
            longitude=4.86,
            place=place("5000"),
        )
        for n in range(4)
    ]
    for group in namur[:3]:
        MembershipFactory(group=group, role=Membership.Role.LEADER)
    LocalGroupFactory(name="Groupe de Liège", place=place("4000"))  # another area
    LocalGroupFactory(name="Groupe en sommeil", is_active=False)  # not on the map
    data = json.loads(staff_client.get(reverse("dashboard:map_data")).content)
    assert data["by_area"]
    markers = sorted(data["groups"], key=lambda marker: marker["lat"])
    assert [marker["name"] for marker in markers] == ["4 groupes", "1 groupe"]
    assert markers[0]["missing"] == [
        "Pas de responsable\u00a0: 1",
        "Pas de trésorier ni trésorière\u00a0: 4",
    ]
    assert markers[0]["place"] == "5000 Namur"
    assert markers[0]["url"].startswith(reverse("groups:search") + "?lat=50.46&lon=4.86")
    figures_shown = staff_client.get(reverse("dashboard:index")).context["sections"]
    counted = {f.key: f.value for section in figures_shown for f in section["figures"]}
    assert counted["groups_active"] == 5
    assert counted["groups_without_leader"] == 2


def test_below_the_threshold_each_group_has_its_marker(staff_client):
    for n in range(4):
        LocalGroupFactory(name=f"Groupe {n}", place=place("5000"))
    data = json.loads(staff_client.get(reverse("dashboard:map_data")).content)
    assert not data["by_area"]
    assert sorted(marker["name"] for marker in data["groups"]) == [f"Groupe {n}" for n in range(4)]


def test_the_map_as_a_list_gives_way_to_the_exports_when_long(staff_client, dataset, monkeypatch):
    monkeypatch.setattr(figures, "MAP_LIST_MAX", 2)
    page = staff_client.get(reverse("dashboard:index")).content.decode()
    assert "La carte sous forme de liste" not in page
    assert reverse("dashboard:export_groups") in page


def test_long_lists_show_their_first_rows_and_a_link_to_all(staff_client, dataset, monkeypatch):
    monkeypatch.setattr(figures, "DASHBOARD_LIST_ROWS", 1)
    response = staff_client.get(reverse("dashboard:index"))
    page = response.content.decode()
    count = response.context["open_vacancies_count"]
    assert len(response.context["open_vacancies"]) == 1 < count
    assert len(response.context["vacant_coordinations"]) == 1
    assert response.context["vacant_coordinations_count"] > 1
    assert f"Toutes les {count} offres ouvertes" in page
    assert f"{reverse('coordinations:list')}?vacant=on" in page


def test_a_vacant_coordination_shows_when_its_coordinator_arrives(staff_client, clock):
    import datetime

    from django.utils import timezone

    from tests.coordinations.factories import CoordinationFactory, MandateFactory

    soon = timezone.localdate() + datetime.timedelta(days=20)
    awaited = CoordinationFactory(name="Birmanie")
    MandateFactory(coordination=awaited, start_date=soon)  # accepted, starts in 20 days
    held = CoordinationFactory(name="Mexique")
    MandateFactory(coordination=held)  # held today...
    MandateFactory(coordination=held, start_date=soon + datetime.timedelta(days=800))  # ...then
    response = staff_client.get(reverse("dashboard:index"))
    vacant = {row["name"]: row for row in response.context["vacant_coordinations"]}
    assert vacant["Birmanie"]["arrives_on"] == soon
    assert "Mexique" not in vacant
    assert f"arrive le {soon:%d/%m/%Y}" in response.content.decode()

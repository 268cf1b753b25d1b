"""The dashboard's map data: fetched apart from the page, and counted by area at scale."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from dashboard import figures

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


def _group(n: int, lat: float, lon: float, leader: bool = True) -> dict:
    return {
        "name": f"Groupe {n}",
        "slug": f"groupe-{n}",
        "latitude": lat,
        "longitude": lon,
        "place__postal_code": "5000",
        "place__municipality_fr": "Namur",
        "has_leader": leader,
        "has_treasurer": True,
    }


def test_many_groups_are_counted_by_area_of_about_ten_kilometres(monkeypatch):
    monkeypatch.setattr(figures, "MAP_GROUP_MARKERS_MAX", 4)
    groups = [_group(n, 50.46 + n * 0.001, 4.86, leader=n != 2) for n in range(4)]
    groups.append(_group(9, 50.63, 5.57))  # Liège, another area
    data = figures._map_data(groups, [])
    assert data["by_area"]
    markers = sorted(data["groups"], key=lambda marker: marker["lat"])
    assert [marker["name"] for marker in markers] == ["4 groupes", "1 groupe"]
    assert markers[0]["missing"] == ["Pas de responsable\u00a0: 1"]
    assert markers[0]["url"].startswith(reverse("groups:search") + "?lat=50.46&lon=4.86")
    # Below the threshold, one marker per group, as before.
    assert len(figures._map_data(groups[:4], [])["groups"]) == 4


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

"""Every figure of the dashboard is right on a known data set, and links to a list that shows
the same number of rows."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from config.dates import OUT_OF_RANGE_CODE as OUT_OF_RANGE
from dashboard.periods import Period
from recruitment.models import Application
from tests.clock import BRUSSELS, Moment, date_sensitive

pytestmark = pytest.mark.django_db

INDEX = reverse("dashboard:index")


def figures_of(response) -> dict:
    return {
        figure.key: figure
        for section in response.context["sections"]
        for figure in section["figures"]
    }


@date_sensitive
def test_every_figure_is_right(staff_client, dataset):
    response = staff_client.get(INDEX)
    assert response.status_code == 200
    values = {key: figure.value for key, figure in figures_of(response).items()}
    assert values == dataset.expected


def test_each_figure_is_a_link_on_the_page(staff_client, dataset):
    response = staff_client.get(INDEX)
    page = response.content.decode()
    for figure in figures_of(response).values():
        link = f'<a class="dashboard-number" href="{escape(figure.url)}">{figure.value}<'
        assert link in page, figure.key


def test_figures_that_need_someone_are_marked(staff_client, dataset):
    figures = figures_of(staff_client.get(INDEX))
    assert figures["coordinations_vacant"].needs_attention
    assert figures["groups_without_leader"].needs_attention
    assert not figures["groups_active"].needs_attention
    assert figures["applications_received"].in_period
    assert not figures["applications_waiting"].in_period


@date_sensitive
def test_mandates_by_next_milestone(staff_client, dataset):
    figure = figures_of(staff_client.get(INDEX))["mandates_milestone"]
    assert [(detail.key, detail.value) for detail in figure.details] == [
        ("milestone_0", 1),
        ("milestone_30", 1),
        ("milestone_90", 1),
        ("milestone_180", 1),
    ]
    assert [detail.label for detail in figure.details] == [
        "Fin de l’engagement",
        "30 jours avant la fin",
        "90 jours avant la fin",
        "180 jours avant la fin",
    ]


def test_application_pipeline_by_status(staff_client, dataset):
    figure = figures_of(staff_client.get(INDEX))["applications_received"]
    assert [detail.value for detail in figure.details] == [1, 1, 1, 1, 1, 1]
    assert [detail.label for detail in figure.details] == [
        str(label) for _value, label in Application.Status.choices
    ]


def _listed(client, url) -> int:
    """How many rows the list behind a figure shows (admin change list or an app's page)."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert "?e=1" not in response.get("Location", ""), url
    if "cl" in response.context:
        return response.context["cl"].result_count
    return response.context["page_obj"].paginator.count


@date_sensitive
def test_every_figure_links_to_a_list_of_as_many_rows(superuser_client, dataset):
    figures = figures_of(superuser_client.get(INDEX))
    checked = 0
    for figure in figures.values():
        for shown in [figure, *figure.details]:
            assert _listed(superuser_client, shown.url) == shown.value, (shown.label, shown.url)
            checked += 1
    assert checked == len(dataset.expected) + 4 + 6


@date_sensitive
def test_open_vacancies_nearest_deadline_first_with_waiting_applications(staff_client, dataset):
    response = staff_client.get(INDEX)
    vacancies = response.context["open_vacancies"]
    assert [v.title for v in vacancies] == [
        dataset.closing_vacancy.title,
        "Coordinateur ou coordinatrice : Mexique",
    ]
    closing, mexique = vacancies
    assert (closing.waiting, closing.received, closing.days_to_deadline) == (1, 1, 5)
    assert (mexique.waiting, mexique.received, mexique.days_to_deadline) == (2, 3, None)
    page = response.content.decode()
    assert reverse("recruitment:pipeline_vacancy", args=[mexique.slug]) in page
    assert reverse("dashboard:export_applications", args=[mexique.slug]) in page


def test_follow_up_of_the_latest_proposals(staff_client, dataset):
    rows = staff_client.get(INDEX).context["follow_up"]
    assert len(rows) == 4
    late = next(row for row in rows if row["pk"] == dataset.late_proposal.pk)
    assert (late["targeted"], late["done"], late["planned"], late["not_taken_up"]) == (3, 1, 1, 0)
    assert late["not_reported"] == 1
    # The letters of both reports (12 each, as the proposal's results page counts them).
    assert late["letters"] == 24


@date_sensitive
def test_charts_data_and_their_tables(staff_client, dataset):
    response = staff_client.get(INDEX)
    page = response.content.decode()
    charts = response.context["charts"]
    assert sum(charts["applications"]["datasets"][0]["data"]) == 6
    assert len(charts["applications"]["labels"]) == 12
    assert charts["coordinations"]["labels"] == ["Pays", "Région", "Thème"]
    assert [d["data"] for d in charts["coordinations"]["datasets"]] == [[1, 1, 0], [1, 0, 1]]
    assert len(charts["followUp"]["labels"]) == 4
    # The data go through json_script (no inline script) and each chart has its table.
    assert '<script id="dashboard-charts-data" type="application/json">' in page
    assert page.count("<details") >= 3
    assert "<script>" not in page
    assert 'style="' not in page


def test_map_shows_groups_and_coordinators_without_their_address(
    staff_client, dataset, coordinator
):
    # A last name no one else has (a random one may be another coordinator's first name).
    coordinator.last_name = "Vandenbroucke-Tielemans"
    coordinator.save()
    response = staff_client.get(INDEX)
    data = response.context["map_data"]
    assert {g["name"]: g["missing"] for g in data["groups"]} == {
        "Groupe de Liège": ["Pas de trésorier ni trésorière"],
        "Groupe de Mons": ["Pas de responsable"],
        "Groupe de Namur": [],
    }
    people = [p for point in data["coordinators"] for p in point["people"]]
    assert {"name": "Karim", "coordination": "Mexique"} in people
    assert {"name": "Nadia", "coordination": "Afrique des Grands Lacs"} in people
    # Eleven active mandates: two coordinators have no known postal code.
    assert len(people) == 9 and data["unplaced"] == 2
    assert len(data["coordinators"]) == 3  # the communes of 4000, 5000 and 6000
    # Of a coordinator, only the first name and the coordination leave the server.
    assert all(set(person) == {"name", "coordination"} for person in people)
    assert all(set(point) == {"lat", "lon", "people"} for point in data["coordinators"])
    published = json.dumps(data, ensure_ascii=False)
    assert coordinator.email not in published
    assert coordinator.last_name not in published
    page = response.content.decode()
    assert 'id="dashboard-map"' in page and "data-icon-url=" in page
    assert "vendor/leaflet/leaflet.js" in page and "js/dashboard-map.js" in page


def test_no_tile_server_by_default_but_the_offline_base_map(staff_client, dataset, settings):
    page = staff_client.get(INDEX).content.decode()
    assert 'data-tile-url=""' in page
    assert "openstreetmap" not in page
    # Belgium, its provinces and towns, from the portal's own static files.
    assert 'data-basemap-url="/static/geo/belgium.geo.json"' in page
    assert "css/portal-map.css" in page


def test_tile_server_from_the_settings(staff_client, dataset, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    page = staff_client.get(INDEX).content.decode()
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in page
    assert 'data-basemap-url="/static/geo/belgium.geo.json"' in page  # under the tiles


def test_vacant_coordinations_listed_beside_the_map(staff_client, dataset):
    response = staff_client.get(INDEX)
    assert [c["name"] for c in response.context["vacant_coordinations"]] == [
        "Chine",
        "Peine de mort",
    ]
    assert reverse("coordinations:detail", args=["peine-de-mort"]) in response.content.decode()


def test_empty_portal(staff_client):
    response = staff_client.get(INDEX)
    assert response.status_code == 200
    assert all(figure.value == 0 for figure in figures_of(response).values())
    page = response.content.decode()
    assert "Aucune offre n’est ouverte pour le moment." in page
    assert "Aucune proposition d’action n’a été publiée sur la période." in page
    assert "Chaque coordination a son coordinateur ou sa coordinatrice." in page


def test_english_page(staff_client, dataset):
    response = staff_client.get("/en/dashboard/")
    assert response.status_code == 200
    assert "Vacant coordinations" in response.content.decode()


# --- The period -------------------------------------------------------------------------------


@date_sensitive
def test_the_period_changes_the_time_based_figures(staff_client, dataset):
    the_period_changes_the_time_based_figures(staff_client, dataset)


# 400 days before 2026-12-06 is 1 November: the three days around it span two months (the day
# `make test` failed on a fresh clone).
@pytest.mark.parametrize(
    "clock",
    [Moment("2026-12-06", datetime.datetime(2026, 12, 6, 9, 0, tzinfo=BRUSSELS))],
    indirect=True,
    ids=str,
)
def test_the_period_changes_the_time_based_figures_across_two_months(staff_client, dataset):
    assert timezone.localtime(dataset.long_ago).day == 1
    the_period_changes_the_time_based_figures(staff_client, dataset)


def the_period_changes_the_time_based_figures(staff_client, dataset):
    day = dataset.long_ago.astimezone(datetime.UTC).date()
    start, end = day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
    response = staff_client.get(
        INDEX, {"period": "custom", "start": start.isoformat(), "end": end.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["period"] == Period("custom", start, end)
    figures = figures_of(response)
    assert figures["applications_received"].value == 1
    assert [d.value for d in figures["applications_received"].details] == [1, 0, 0, 0, 0, 0]
    assert figures["circulars_received"].value == 1
    assert figures["proposals_published"].value == 0
    assert figures["mandates_started"].value == 0
    assert response.context["follow_up"] == []
    # One application, in the month it was sent (the period may span two months).
    sent_in = timezone.localtime(dataset.long_ago).date().replace(day=1)
    per_month = {row["month"]: row["total"] for row in response.context["per_month"]}
    assert per_month == {
        month: int(month == sent_in) for month in response.context["period"].months()
    }
    # What needs someone now does not depend on the period.
    assert figures["applications_waiting"].value == 4
    assert figures["coordinations_vacant"].value == 2


@date_sensitive
@pytest.mark.parametrize("kind", ["month", "quarter", "year"])
def test_quick_periods_count_what_happened_this_month(staff_client, dataset, kind):
    response = staff_client.get(INDEX, {"period": kind})
    assert response.context["period"].kind == kind
    figures = figures_of(response)
    assert figures["applications_received"].value == 6
    assert figures["proposals_published"].value == 4


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"period": "custom"}, "start", "Indiquez le premier jour de la période."),
        (
            {"period": "custom", "start": "2026-01-01"},
            "end",
            "Indiquez le dernier jour de la période.",
        ),
        (
            {"period": "custom", "start": "2026-13-45", "end": "2026-01-01"},
            "start",
            "Saisissez une date valide.",
        ),
        (
            {"period": "custom", "start": "hier", "end": "demain"},
            "end",
            "Saisissez une date valide.",
        ),
        (
            {"period": "custom", "start": "2026-03-01", "end": "2026-02-01"},
            "end",
            "La fin de la période ne peut pas précéder son début.",
        ),
        (
            {"period": "custom", "start": "1900-01-01", "end": "1901-01-01"},
            "start",
            OUT_OF_RANGE,
        ),
        (
            {"period": "custom", "start": "9999-12-31", "end": "9999-12-31"},
            "end",
            OUT_OF_RANGE,
        ),
        (
            {"period": "custom", "start": "2000-01-01", "end": "2015-01-01"},
            "end",
            "Une période personnalisée couvre au plus dix ans.",
        ),
        ({"period": "next-century"}, "period", "Sélectionnez un choix valide."),
    ],
)
def test_bad_period_gives_a_field_error_and_the_default_period(
    staff_client, dataset, params, field, message
):
    response = staff_client.get(INDEX, params)
    assert response.status_code == 200
    form = response.context["form"]
    if message is OUT_OF_RANGE:  # the portal's message for every date (config.dates)
        assert OUT_OF_RANGE in [e.code for e in form.errors.as_data()[field]], form.errors
    else:
        assert any(message in error for error in form.errors[field]), form.errors
    assert response.context["period"].kind == "12m"
    assert figures_of(response)["applications_received"].value == 6
    assert "is-invalid" in response.content.decode() or field == "period"


def test_custom_period_form_keeps_what_was_typed(staff_client, dataset):
    page = staff_client.get(
        INDEX, {"period": "custom", "start": "2026-01-01", "end": "2026-03-31"}
    ).content.decode()
    assert 'value="2026-01-01"' in page and 'value="2026-03-31"' in page
    assert "1er janvier 2026 – 31 mars 2026" in page  # the French ordinal of the first day

"""Browser journey of the dashboard: the charts and the map draw from their JSON scripts with
no script or CSP error, the marker images load from their hashed static paths, a quick period
reloads the figures, and an export downloads a Belgian-spreadsheet CSV. Checked with axe-core."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from playwright.sync_api import expect

from groups.models import Place
from tests.actions.factories import PublishedProposalFactory, RecipientFactory, ReportFactory
from tests.e2e import conftest as e2e
from tests.factories import PASSWORD
from tests.recruitment.factories import ApplicationFactory

browser_type_launch_args = e2e.browser_type_launch_args
browser_context_args = e2e.browser_context_args
_chromium_is_installed = e2e._chromium_is_installed
journey = e2e.journey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _places(transactional_db):
    """The flush after each transactional test empties the places the data migration loaded."""
    if not Place.objects.exists():
        import_module("groups.migrations.0002_load_places").load_places(django_apps, None)


def errors_of(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    return errors


def real(errors: list[str]) -> list[str]:
    return [e for e in errors if not e.startswith("Failed to load resource")]


def test_the_secretariat_reads_its_dashboard(
    journey, staff, group, leader, other_group, coordinator, other_coordinator, vacancy, tmp_path
):
    ApplicationFactory(vacancy=vacancy)
    proposal = PublishedProposalFactory(coordination=vacancy.coordination)
    RecipientFactory(proposal=proposal, group=group)
    RecipientFactory(proposal=proposal, group=other_group)
    ReportFactory(proposal=proposal, group=group)

    page = journey.page
    errors = errors_of(page)
    journey.goto(reverse("account_login"))
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    e2e.type_second_factor(page, staff.email)
    page.wait_for_load_state()
    journey.goto(reverse("dashboard:index"))
    expect(page.get_by_role("heading", name="Tableau de bord", level=1)).to_be_visible()

    # Chart.js drew the three charts.
    e2e.wait_until(
        page,
        "['chart-applications', 'chart-coordinations', 'chart-follow-up']"
        ".every(id => window.Chart && Chart.getChart(id))",
    )
    # Leaflet drew both groups with their images, and the two coordinators' circles.
    markers = page.locator("#dashboard-map img.leaflet-marker-icon")
    markers.first.wait_for()
    assert markers.count() == 2
    # The images load after the markers are placed: wait for them (a broken one never loads).
    e2e.wait_until(
        page,
        "Array.from(document.querySelectorAll('#dashboard-map img.leaflet-marker-icon'))"
        ".every(img => img.complete && img.naturalWidth > 0)",
    )
    assert page.locator("#dashboard-map path.leaflet-interactive").count() == 2
    assert page.locator("#dashboard-map .leaflet-tile").count() == 0  # no tile server
    page.locator("details").first.locator("summary").click()
    journey.check("dashboard")
    assert real(errors) == []

    page.get_by_role("link", name="Ce mois-ci").click()
    page.wait_for_url("**/fr/dashboard/?period=month")
    expect(page.locator("a[aria-current=true]", has_text="Ce mois-ci")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Groupes et leurs responsables (CSV)").click()
    path = tmp_path / "groupes.csv"
    download.value.save_as(path)
    content = path.read_bytes()
    assert content.startswith("\ufeffGroupe;Code postal;".encode())
    assert download.value.suggested_filename.startswith("groupes-")
    assert real(errors) == []

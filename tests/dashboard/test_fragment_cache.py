"""The dashboard's figures are rendered once per counting and language, for all of staff.

The HTML of the figures, tables, charts and map is the same for every staff member who sees the
same counting: it is kept under the counting's key and time. What is personal (the header with
the person's name, the period form) is rendered for each request; a new counting, or another
language, is rendered anew.
"""

import pytest
from django.urls import reverse

from tests.coordinations.factories import CoordinationFactory
from tests.factories import StaffFactory
from tests.mfa import SecondFactorClient

pytestmark = pytest.mark.django_db

FIGURE = "dashboard/includes/figure.html"


def rendered(response) -> set[str]:
    return {t.name for t in response.templates if t.name}


@pytest.fixture
def colleague_client(db):
    colleague = StaffFactory(email="marc@example.org", first_name="Marc")
    client = SecondFactorClient()
    client.force_login(colleague)
    return client


def test_a_colleague_gets_the_figures_rendered_once_with_their_own_header(
    staff_client, colleague_client, dataset
):
    url = reverse("dashboard:index")
    first = staff_client.get(url)
    assert FIGURE in rendered(first)
    again = colleague_client.get(url)
    assert FIGURE not in rendered(again)  # the kept HTML, not a new rendering
    body = again.content.decode()
    assert "Marc" in body and "Sophie" not in body
    section = 'id="section-coordinations"'
    assert section in body
    start = first.content.decode().index(section)
    end = first.content.decode().index('id="exports-title"')
    assert (
        first.content.decode()[start:end]
        == body[body.index(section) : body.index('id="exports-title"')]
    )


def test_english_is_rendered_in_english(staff_client, dataset):
    staff_client.get(reverse("dashboard:index"))
    english = staff_client.get("/en/dashboard/")
    assert FIGURE in rendered(english)
    assert "Coordinations and mandates" in english.content.decode()
    assert "Coordinations et mandats" not in english.content.decode()
    french = staff_client.get("/fr/dashboard/")
    assert FIGURE not in rendered(french)
    assert "Coordinations et mandats" in french.content.decode()


def test_counting_again_shows_a_change_at_once(staff_client, colleague_client, dataset):
    url = reverse("dashboard:index")
    before = staff_client.get(url).context["sections"][0]["figures"][0]
    CoordinationFactory(name="Birmanie")
    counted = staff_client.get(url, {"refresh": "1"})
    assert FIGURE in rendered(counted)
    figure = counted.context["sections"][0]["figures"][0]
    assert figure.value == before.value + 1
    # The colleague opening the page next sees the new counting, not the kept HTML of the old.
    seen = colleague_client.get(url)
    assert FIGURE not in rendered(seen)
    shown = f'>{figure.value}<span class="visually-hidden"> – {figure.label}'
    assert shown in seen.content.decode()

"""The public pages: the list of coordinations, one coordination, and the home page."""

import re

import pytest
from django.urls import reverse

from coordinations import services
from coordinations.models import Coordination, Mandate
from tests.coordinations.factories import (
    CoordinationFactory,
    MandateFactory,
    ThemeCoordinationFactory,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogues")]

LIST_URL = reverse("coordinations:list")


def card_of(page: str, name: str) -> str:
    """The card of one coordination on a page of cards."""
    for card in re.findall(r"<article.*?</article>", page, flags=re.S):
        if f">{name}</a>" in card:
            return card
    raise AssertionError(f"no card for {name}")


def names_on(page: str) -> list[str]:
    return re.findall(r'class="stretched-link">([^<]+)</a>', page)


@pytest.fixture
def three_kinds(coordination, other_coordination, coordinator):
    """Mexique (country, held by Karim), the Great Lakes (region, vacant), a vacant theme."""
    return ThemeCoordinationFactory(
        name="Peine de mort", theme="Abolition de la peine de mort", is_recruiting=True
    )


# The list --------------------------------------------------------------------------------------


def test_list_groups_coordinations_by_kind(client, three_kinds):
    page = client.get(LIST_URL).content.decode()
    countries, regions, themes = (page.index(h) for h in (">Pays<", ">Régions<", ">Thèmes<"))
    assert countries < page.index(">Mexique<") < regions
    assert regions < page.index(">Afrique des Grands Lacs<") < themes
    assert themes < page.index(">Peine de mort<")
    assert "3 coordinations" in page


def test_list_marks_vacant_coordinations(client, three_kinds):
    page = client.get(LIST_URL).content.decode()
    assert "coord-badge-vacant" not in card_of(page, "Mexique")
    assert "Vacante" in card_of(page, "Afrique des Grands Lacs")
    # A vacant coordination that recruits says so too.
    theme = card_of(page, "Peine de mort")
    assert "Vacante" in theme and "On recrute" in theme
    assert "On recrute" not in card_of(page, "Afrique des Grands Lacs")


def test_list_shows_the_coordinators_first_name_only(client, three_kinds, coordinator):
    coordinator.last_name = "Benali"
    coordinator.save()
    page = client.get(LIST_URL).content.decode()
    assert "Karim" in card_of(page, "Mexique")
    assert "Benali" not in page
    assert coordinator.email not in page


def test_list_filters_by_kind(client, three_kinds):
    page = client.get(LIST_URL, {"kind": "region"}).content.decode()
    assert names_on(page) == ["Afrique des Grands Lacs"]


def test_list_filters_vacant_only(client, three_kinds):
    page = client.get(LIST_URL, {"vacant": "on"}).content.decode()
    assert names_on(page) == ["Afrique des Grands Lacs", "Peine de mort"]
    # An unticked box shows everything, not the filled ones only.
    assert len(names_on(client.get(LIST_URL, {"kind": ""}).content.decode())) == 3


def test_list_filters_by_country(client, three_kinds):
    CoordinationFactory(name="Congo-Brazzaville", countries=["CG"])
    page = client.get(LIST_URL, {"country": "CD"}).content.decode()
    # "CD" is one of BI,CD,RW; "CG" must not match by accident.
    assert names_on(page) == ["Afrique des Grands Lacs"]
    # The country menu lists only the countries that a coordination covers, by name.
    assert '<option value="CD" selected>République démocratique du Congo</option>' in page
    assert '<option value="FR">' not in page


def test_list_ignores_a_wrong_filter_value(client, three_kinds):
    response = client.get(LIST_URL, {"kind": "planet", "country": "ZZ", "page": "x"})
    assert response.status_code == 200
    assert len(names_on(response.content.decode())) == 3


def test_list_leaves_out_discontinued_coordinations(client, three_kinds, other_coordination):
    other_coordination.is_active = False
    other_coordination.save()
    page = client.get(LIST_URL).content.decode()
    assert "Afrique des Grands Lacs" not in page
    detail = reverse("coordinations:detail", args=[other_coordination.slug])
    assert client.get(detail).status_code == 404


def test_list_is_paginated_and_keeps_the_filters(client):
    CoordinationFactory.create_batch(40)
    page = client.get(LIST_URL, {"kind": "country"}).content.decode()
    assert len(names_on(page)) == 30
    assert "Page 1 sur 2" in page or "Page 1 of 2" in page
    assert "?kind=country&amp;page=2" in page
    second = client.get(LIST_URL, {"kind": "country", "page": 2}).content.decode()
    assert len(names_on(second)) == 10


def test_the_list_is_in_the_navigation(client):
    assert f'href="{LIST_URL}"' in client.get("/fr/").content.decode()


def make_coordinations(count: int) -> None:
    """A mix like real life: filled with a coordinator and a team member, vacant, themes."""
    for index in range(count):
        if index % 3 == 2:
            ThemeCoordinationFactory(name=f"Thème {index}", theme=f"Thème {index}")
            continue
        coordination = CoordinationFactory(countries=["MX", "GT"] if index % 2 else ["CN"])
        if index % 3 == 0:
            MandateFactory(coordination=coordination)
            MandateFactory(coordination=coordination, role="member", commitment_months=12)


@pytest.mark.parametrize("count", [5, 100])
def test_list_query_budget(client, django_assert_num_queries, count):
    make_coordinations(count)
    # Country menu, count, page, current coordinators: 4, whatever the number of coordinations.
    with django_assert_num_queries(4):
        response = client.get(LIST_URL, {"vacant": "", "kind": ""})
    assert response.status_code == 200


# One coordination ------------------------------------------------------------------------------


def detail_url(coordination) -> str:
    return reverse("coordinations:detail", args=[coordination.slug])


def test_detail_says_what_the_coordination_covers(client, other_coordination):
    other_coordination.working_languages = ["fr", "en"]
    other_coordination.summary = "Trois pays liés par leur histoire."
    other_coordination.description = "Suivre les défenseurs des droits humains."
    other_coordination.represents_on_platforms = True
    other_coordination.save()
    page = client.get(detail_url(other_coordination)).content.decode()
    assert "<h1" in page and page.count("<h1") == 1
    for text in ("Burundi", "Rwanda", "Congo", "Français, Anglais", "Trois pays liés"):
        assert text in page
    assert "Suivre les défenseurs des droits humains." in page
    assert "Représente l’organisation" in page
    assert "Vacante" in page


def test_detail_of_a_theme(client):
    theme = ThemeCoordinationFactory(name="Peine de mort", theme="Abolition de la peine de mort")
    page = client.get(detail_url(theme)).content.decode()
    assert "Abolition de la peine de mort" in page
    assert "Ne représente pas" in page


def test_detail_explains_the_tasks_and_the_24_months(client, coordination):
    page = client.get(detail_url(coordination)).content.decode()
    # Priority and optional tasks from the catalogue, in French.
    assert "Initier des actions pour les groupes" in page
    assert "Contact avec la diaspora" in page
    assert "24 mois" in page


def test_detail_in_english_uses_the_english_catalogue(client, coordination):
    url = reverse("coordinations:detail", args=[coordination.slug]).replace("/fr/", "/en/", 1)
    page = client.get(url).content.decode()
    assert "Initiate actions for the groups" in page
    assert "24 months" in page


def test_detail_names_the_current_coordinators_by_first_name_only(client, coordination):
    lead = UserFactory(first_name="Karim", last_name="Benali", email="karim.b@example.org")
    member = UserFactory(first_name="Zoé", last_name="Lambert", email="zoe.l@example.org")
    former = UserFactory(first_name="Oscar", last_name="Dupont")
    services.mandate_end(
        mandate=MandateFactory(coordination=coordination, volunteer=former), reason="Départ"
    )
    MandateFactory(coordination=coordination, volunteer=lead)
    MandateFactory(coordination=coordination, volunteer=member, role="member", commitment_months=6)
    page = client.get(detail_url(coordination)).content.decode()
    assert "Karim" in page and "Zoé" in page
    for hidden in ("Benali", "Lambert", "karim.b@example.org", "zoe.l@example.org", "Oscar"):
        assert hidden not in page
    assert "Vacante" not in page


@pytest.fixture
def coordinator_competency(db):
    from recruitment.models import Competency

    competency, _ = Competency.objects.update_or_create(
        code="knows-the-organisation",
        defaults={"name": "Bonne connaissance de l’organisation", "for_coordinations": True},
    )
    return competency


def test_detail_without_vacancy_lists_the_competencies_every_coordinator_needs(
    client, coordination, coordinator_competency
):
    response = client.get(detail_url(coordination))
    assert response.context["open_vacancy"] is None
    page = response.content.decode()
    assert "Postuler" not in page
    assert "Bonne connaissance de l’organisation" in page


def test_detail_with_an_open_vacancy_offers_to_apply(client, coordination, coordinator_competency):
    from tests.recruitment.factories import CoordinationVacancyFactory

    vacancy = CoordinationVacancyFactory(coordination=coordination)
    sought = coordinator_competency
    vacancy.competencies.set([sought])
    page = client.get(detail_url(coordination)).content.decode()
    assert f'href="{vacancy.get_absolute_url()}"' in page
    assert sought.label in page


def test_detail_of_an_unknown_coordination_is_404(client):
    assert client.get(reverse("coordinations:detail", args=["atlantide"])).status_code == 404


@pytest.mark.parametrize("count", [5, 100])
def test_detail_query_budget(client, django_assert_num_queries, count):
    make_coordinations(count)
    coordination = Coordination.objects.filter(mandates__isnull=False).first()
    # The coordination with its vacancy, its current coordinators, the task catalogue.
    with django_assert_num_queries(5):
        response = client.get(detail_url(coordination))
    assert response.status_code == 200


# The home page -------------------------------------------------------------------------------


def test_home_shows_vacant_recruiting_coordinations_first(client, three_kinds, coordination):
    coordination.is_recruiting = True  # recruiting, but filled: not on the home page
    coordination.save()
    page = client.get("/fr/").content.decode()
    section = page[page.index('id="vacant-coordinations"') : page.index('id="get-involved"')]
    assert names_on(section) == ["Peine de mort"]
    assert "Vacante" in section and "On recrute" in section
    assert detail_url(three_kinds) in section
    # Vacant but not recruiting (the Great Lakes here): not pushed on the home page.
    assert "Afrique des Grands Lacs" not in section


def test_home_links_to_all_vacant_ones_when_there_are_many(client):
    for index in range(8):
        CoordinationFactory(name=f"Pays vacant {index}", is_recruiting=True)
    page = client.get("/fr/").content.decode()
    assert len(names_on(page)) == 6
    assert f"{LIST_URL}?vacant=on" in page


def test_home_without_vacant_coordination_has_no_empty_section(client, coordinator):
    assert 'id="vacant-coordinations"' not in client.get("/fr/").content.decode()


@pytest.mark.parametrize("count", [5, 100])
def test_home_query_budget(client, django_assert_num_queries, count):
    make_coordinations(count)
    Coordination.objects.update(is_recruiting=True)
    with django_assert_num_queries(1):
        client.get("/fr/")


def test_a_renewed_or_handed_over_coordination_stays_off_the_vacant_lists(client, coordination):
    mandate = MandateFactory(coordination=coordination)
    coordination.is_recruiting = True
    coordination.save()
    services.mandate_hand_over(mandate=mandate, successor=UserFactory())
    assert Mandate.objects.active().count() == 1
    assert "Mexique" not in names_on(client.get(LIST_URL, {"vacant": "on"}).content.decode())
    assert "Mexique" not in names_on(client.get("/fr/").content.decode())

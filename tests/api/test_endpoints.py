"""Each endpoint answers what the public pages show, filtered as they filter, in pages."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.models import ActionProposal
from recruitment.models import Vacancy
from tests.groups.factories import LocalGroupFactory, place
from tests.recruitment.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def slugs(body) -> list[str]:
    return [row["slug"] for row in body["results"]]


# The index ---------------------------------------------------------------------------------------


def test_the_index_lists_the_endpoints_the_schema_and_the_feeds(client, public_data):
    body = get(client, "/api/v1/")
    assert body["openapi"] == "http://127.0.0.1:8000/api/v1/schema/"
    assert body["documentation"] == "http://127.0.0.1:8000/api/v1/docs/"
    assert body["endpoints"]["groups_near"] == "http://127.0.0.1:8000/api/v1/groups/near/"
    assert body["feeds"]["vacancies_atom"] == "http://127.0.0.1:8000/fr/vacancies/feed/"
    for url in body["endpoints"].values():
        path = url.removeprefix("http://127.0.0.1:8000")
        expected = 400 if path.endswith("/near/") else 200
        assert client.get(path).status_code == expected, path


# Vacancies ---------------------------------------------------------------------------------------


def test_vacancies_are_the_open_ones_of_the_board_newest_first(client, public_data):
    body = get(client, "/api/v1/vacancies/")
    assert slugs(body) == ["coordination-iran", "conseiller-juridique", "stands-0", "stands-1"]
    first = body["results"][0]
    assert first["kind"] == "coordination"
    assert first["coordination"] == {
        "slug": "iran",
        "name": "Iran",
        "url": "http://127.0.0.1:8000/fr/coordinations/iran/",
    }
    assert first["url"] == "http://127.0.0.1:8000/fr/vacancies/coordination-iran/"
    assert first["apply"] == {
        "method": "portal",
        "url": "http://127.0.0.1:8000/fr/vacancies/coordination-iran/apply/",
    }
    assert first["days_left"] == 10
    assert body["next"] is None and body["next_cursor"] is None


def test_a_vacancy_applied_for_by_e_mail_points_to_its_page_never_to_the_address(
    client, public_data
):
    body = get(client, "/api/v1/vacancies/conseiller-juridique/")
    assert body["apply"] == {
        "method": "email",
        "url": "http://127.0.0.1:8000/fr/vacancies/conseiller-juridique/",
    }
    assert "recrutement.juridique@example.org" not in str(body)
    assert body["how_to_apply"].startswith("Écrivez à (")
    assert body["salary"] == public_data["job"].salary_display()  # as the board writes it
    assert "600" in body["salary"] and "100" in body["salary"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=paid_job", ["conseiller-juridique"]),
        ("kind=PAID_JOB", ["conseiller-juridique"]),
        ("q=juridique", ["conseiller-juridique"]),
        ("country=ir", ["coordination-iran"]),  # the coordination's country, in any case
        ("closing_soon=true", ["coordination-iran"]),
        (
            "closing_soon=false",
            ["coordination-iran", "conseiller-juridique", "stands-0", "stands-1"],
        ),
    ],
)
def test_vacancies_are_filtered_as_on_the_board(client, public_data, query, expected):
    assert slugs(get(client, f"/api/v1/vacancies/?{query}")) == expected


def test_closed_draft_and_past_deadline_vacancies_are_not_there(client, public_data):
    VacancyFactory(slug="past", deadline=timezone.now() - datetime.timedelta(minutes=1))
    listed = slugs(get(client, "/api/v1/vacancies/"))
    for hidden in ("closed", "draft", "past"):
        assert hidden not in listed
        assert client.get(f"/api/v1/vacancies/{hidden}/").status_code == 404


def test_the_pages_of_a_list_follow_each_other_without_gap_or_repeat(client, public_data):
    seen, url, pages = [], "/api/v1/vacancies/?limit=1&kind=volunteer", 0
    VacancyFactory.create_batch(3, published_at=public_data["stands"][0].published_at)
    while url:
        body = get(client, url.removeprefix("http://127.0.0.1:8000"))
        seen += slugs(body)
        pages += 1
        url = body["next"]
        if url:
            assert "kind=volunteer" in url and "limit=1" in url
    expected = list(
        Vacancy.objects.open()
        .filter(kind="volunteer")
        .order_by("-published_at", "-pk")
        .values_list("slug", flat=True)
    )
    assert seen == expected and pages == len(expected) == 5


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("kind=manager", ["kind"]),
        ("limit=0", ["limit"]),
        ("limit=101", ["limit"]),
        ("limit=many", ["limit"]),
        ("limit=" + "9" * 5000, ["limit"]),
        ("country=Belgium", ["country"]),
        ("closing_soon=maybe", ["closing_soon"]),
        ("language=xx", ["language"]),
        ("lang=de", ["lang"]),
    ],
)
def test_a_wrong_parameter_is_a_400_that_names_it(client, public_data, query, fields):
    response = client.get(f"/api/v1/vacancies/?{query}")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_parameters"
    assert response.json()["fields"] == fields
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("cursor", "code"),
    [
        ("abc", "invalid_cursor"),
        ("W10:1aB2cD", "invalid_cursor"),
        ("a" * 700, "invalid_parameters"),
    ],
)
def test_a_cursor_the_api_did_not_give_is_a_400(client, public_data, cursor, code):
    response = client.get(f"/api/v1/vacancies/?cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["error"] == code
    assert response.json()["fields"] == ["cursor"]


def test_a_cursor_of_another_list_is_refused(client, public_data):
    cursor = get(client, "/api/v1/vacancies/?limit=1")["next_cursor"]
    response = client.get(f"/api/v1/groups/?cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_cursor"


def test_unknown_parameters_are_ignored(client, public_data):
    assert slugs(get(client, "/api/v1/vacancies/?utm_source=newsletter&kind=paid_job")) == [
        "conseiller-juridique"
    ]


# Coordinations -----------------------------------------------------------------------------------


def test_coordinations_say_whether_they_are_vacant_and_their_open_vacancy(client, public_data):
    body = get(client, "/api/v1/coordinations/")
    by_slug = {row["slug"]: row for row in body["results"]}
    assert list(by_slug) == ["iran", "mexique"]
    assert by_slug["iran"]["is_vacant"] is True
    assert by_slug["iran"]["open_vacancy"]["slug"] == "coordination-iran"
    assert by_slug["iran"]["working_languages"] == [
        {"code": "fr", "name": "Français"},
        {"code": "en", "name": "Anglais"},
    ]
    assert by_slug["mexique"]["is_vacant"] is False
    assert by_slug["mexique"]["open_vacancy"] is None
    assert slugs(get(client, "/api/v1/coordinations/?vacant=true")) == ["iran"]
    assert slugs(get(client, "/api/v1/coordinations/?country=MX")) == ["mexique"]
    assert slugs(get(client, "/api/v1/coordinations/?kind=thematic")) == []


# Local groups ------------------------------------------------------------------------------------


def test_groups_are_the_active_ones_by_name(client, public_data):
    body = get(client, "/api/v1/groups/")
    assert slugs(body) == ["liege", "namur"]
    namur = body["results"][1]
    assert namur["commune"] == {"postal_code": "5000", "name": "Namur"}
    assert namur["province"] == {"code": "namur", "name": "Namur"}
    assert namur["url"] == "http://127.0.0.1:8000/fr/groups/namur/"
    assert slugs(get(client, "/api/v1/groups/?province=liege")) == ["liege"]


def test_a_group_s_position_is_its_commune_s_to_about_a_kilometre(client, public_data):
    namur = public_data["namur"]
    namur.coordinates_from_place = False
    namur.latitude, namur.longitude = 50.466_789, 4.867_123
    namur.save()
    row = get(client, "/api/v1/groups/?province=namur")["results"][0]
    assert (row["latitude"], row["longitude"]) == (50.47, 4.87)


def test_groups_near_a_postal_code_nearest_first_with_distances(client, public_data):
    body = get(client, "/api/v1/groups/near/?q=5000")
    assert body["origin"]["label"] == "5000 Namur"
    assert slugs(body) == ["namur", "liege"]
    assert body["results"][0]["distance_km"] == 0.0
    assert 45 < body["results"][1]["distance_km"] < 60
    assert body["notice"] is None


def test_groups_near_a_commune_or_a_position(client, public_data):
    assert slugs(get(client, "/api/v1/groups/near/?q=Li%C3%A8ge"))[0] == "liege"
    body = get(client, "/api/v1/groups/near/?lat=50.64&lon=5.57&limit=1")
    assert slugs(body) == ["liege"]
    assert body["origin"]["label"] == "votre position"
    outside = get(client, "/api/v1/groups/near/?lat=48.85&lon=2.35")
    assert outside["notice"].startswith("Votre position semble se trouver hors de Belgique.")


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "missing_origin"),
        ("q=9999", "unknown_postal_code"),
        ("q=12", "not_a_postal_code"),
        ("q=Atlantis", "unknown_place"),
        ("q=%3F%3F", "nonsense"),
        ("lat=50.4", "invalid_parameters"),
        ("lat=north&lon=4", "invalid_parameters"),
        ("lat=91&lon=4", "invalid_parameters"),
        ("q=5000&limit=26", "invalid_parameters"),
    ],
)
def test_groups_near_says_what_it_could_not_read(client, public_data, query, code):
    response = client.get(f"/api/v1/groups/near/?{query}")
    assert response.status_code == 400
    assert response.json()["error"] == code
    assert response.json()["detail"]


def test_groups_near_in_a_province_without_group(client, public_data):
    body = get(client, "/api/v1/groups/near/?q=5000&province=hainaut")
    assert body["results"] == []
    assert body["notice"] == "Il n’y a pas encore de groupe actif dans cette province."


# Public actions ----------------------------------------------------------------------------------


def test_public_actions_with_their_participation_counts(client, public_data):
    body = get(client, "/api/v1/actions/")
    assert len(body["results"]) == 1
    action = body["results"][0]
    assert action["slug"] == public_data["action"].public_slug
    assert action["participant_count"] == 2
    assert action["case"] == {
        "title": "Une avocate détenue",
        "summary": "Arrêtée pour son travail.",
    }
    assert action["is_open"] is True
    assert action["url"].endswith(f"/fr/actions/act/{public_data['action'].public_slug}/")


def test_a_closed_action_stays_listed_unless_only_open_ones_are_asked(client, public_data):
    ActionProposal.objects.filter(pk=public_data["action"].pk).update(
        status=ActionProposal.Status.CLOSED
    )
    from config.pagecache import public_pages_changed

    public_pages_changed()
    assert get(client, "/api/v1/actions/")["results"][0]["is_open"] is False
    assert get(client, "/api/v1/actions/?open=true")["results"] == []


# Public events -----------------------------------------------------------------------------------


def test_public_events_to_come_soonest_first(client, public_data):
    body = get(client, "/api/v1/events/")
    assert slugs(body) == ["assemblee-generale", "stand-namur", "conference-annulee"]
    assembly, stand, cancelled = body["results"]
    assert assembly["places_left"] == 49
    assert assembly["organiser"] == {"kind": "secretariat", "name": "Le secrétariat"}
    assert assembly["commune"] == {"postal_code": "5000", "name": "Namur"}
    assert assembly["url"] == "http://127.0.0.1:8000/fr/events/assemblee-generale/"
    assert assembly["calendar_url"].endswith("/fr/events/assemblee-generale/event.ics")
    assert "helene.vanderlinden@example.org" not in assembly["description"]
    assert (stand["shift_places"], stand["shift_places_taken"], stand["places_left"]) == (
        3,
        1,
        None,
    )
    assert stand["organiser"] == {"kind": "group", "name": "Groupe de Namur"}
    assert stand["online"] is True and "video.example.org" not in str(body)
    assert cancelled["cancelled"] is True
    assert slugs(get(client, "/api/v1/events/?past=true")) == ["formation-passee"]
    assert slugs(get(client, "/api/v1/events/?kind=stand")) == ["stand-namur"]


def test_events_for_members_and_drafts_are_never_listed(client, public_data, volunteer):
    client.force_login(volunteer)  # the API answers the same to everybody
    listed = slugs(get(client, "/api/v1/events/")) + slugs(get(client, "/api/v1/events/?past=1"))
    assert "reunion-membres" not in listed and "brouillon" not in listed


def test_the_events_title_follows_the_language(client, public_data):
    assert get(client, "/api/v1/events/?lang=en")["results"][0]["title"] == "General assembly"


# The language ------------------------------------------------------------------------------------


def test_the_language_follows_lang_then_accept_language(client, public_data):
    french = get(client, "/api/v1/vacancies/?kind=paid_job")["results"][0]
    english = get(client, "/api/v1/vacancies/?kind=paid_job&lang=en")["results"][0]
    accepted = get(
        client, "/api/v1/vacancies/?kind=paid_job", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8"
    )["results"][0]
    assert french["kind_label"] == "Emploi rémunéré"
    assert english["kind_label"] == accepted["kind_label"] == "Paid job"
    assert english["url"] == "http://127.0.0.1:8000/en/vacancies/conseiller-juridique/"
    response = client.get("/api/v1/vacancies/", HTTP_ACCEPT_LANGUAGE="nl-BE, de")
    assert response["Content-Language"] == "fr"


def test_the_portal_s_language_cookie_does_not_choose_the_api_s_language(client, public_data):
    client.cookies["django_language"] = "en"
    assert get(client, "/api/v1/groups/")["results"][0]["province"]["name"] == "Liège"


# Queries -----------------------------------------------------------------------------------------

QUERY_BUDGET = {
    "/api/v1/vacancies/": 2,  # the vacancies with their coordination, their languages
    "/api/v1/vacancies/coordination-iran/": 6,  # and each relation its page shows
    "/api/v1/coordinations/": 2,  # the coordinations, their open vacancies
    "/api/v1/groups/": 1,
    "/api/v1/groups/near/?q=5000": 4,  # the place, the extent, the box, the groups
    "/api/v1/actions/": 1,
    "/api/v1/events/": 1,  # with their counts, in subqueries
}


@pytest.mark.parametrize("url", sorted(QUERY_BUDGET))
def test_each_endpoint_has_a_fixed_number_of_queries_then_none(client, public_data, url):
    for number in range(30):
        LocalGroupFactory(name=f"Groupe supplémentaire {number}", place=place("1000"))
        VacancyFactory(slug=f"more-{number}")
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert len(cold) == QUERY_BUDGET[url], [query["sql"] for query in cold.captured_queries]
    assert len(warm) == 0

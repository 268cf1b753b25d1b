"""The people search against a town whose answers are known (tests/people/conftest.py): each
filter alone, then combined; through the page, the form and the CSV export alike."""

import csv
import datetime
import io
import json
import logging

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinations.models import Mandate
from people.forms import PeopleFilterForm
from people.selectors import people_search, search_page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EVERYBODY = {"alice", "bruno", "chloe", "david", "emma", "farid", "gaelle", "ivan", "staff"}


def found(town, **filters) -> set[str]:
    """The people the search finds for ``filters``, by the key of their address."""
    data = {name: _raw(town, value) for name, value in filters.items()}
    form = PeopleFilterForm(data=data)
    assert form.is_valid(), form.errors
    people = people_search(form.cleaned_data, today=town.today)
    return {person.email.split("@")[0] for person in people}


def _raw(town, value):
    """Values as a query string carries them (objects by slug, code or number)."""
    if callable(value):
        value = value(town)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


IN_20_DAYS = lambda t: t.today + datetime.timedelta(days=20)  # noqa: E731
PROPOSAL = lambda t: t.proposal.pk  # noqa: E731
PRESSE = lambda t: [t.presse.pk]  # noqa: E731
COMPETENCY = lambda t: t.competency.code  # noqa: E731

ALONE = [
    ({}, EVERYBODY),
    ({"q": "lambert"}, {"alice"}),
    ({"q": "emma jans"}, {"emma"}),
    ({"q": "ALICE@EXAMPLE"}, {"alice"}),
    ({"place": "4000"}, {"alice", "chloe"}),
    ({"place": "Liège"}, {"alice", "chloe"}),  # the commune: all its postal codes
    ({"place": "5000 Namur"}, {"bruno", "emma"}),
    ({"province": "liege"}, {"alice", "chloe"}),  # where they live
    ({"province": "namur"}, {"bruno", "emma"}),
    ({"province": "hainaut"}, {"farid", "ivan"}),
    ({"language": "en"}, {"bruno", "emma"}),
    ({"speaks": "es"}, {"alice"}),
    ({"speaks": "de"}, {"chloe"}),  # from a withdrawn application too
    ({"competency": COMPETENCY}, {"alice"}),  # rated 4; Chloé's 2 does not count
    ({"role": "leader"}, {"alice", "bruno"}),
    ({"role": "treasurer"}, {"emma"}),
    ({"role": "member"}, {"alice", "bruno", "chloe", "emma"}),  # Henri's account is closed
    ({"role": "coordinator"}, {"david", "emma", "ivan"}),  # in office today, overdue included
    ({"role": "applicant"}, {"alice"}),  # Chloé withdrew
    ({"mandate": "active"}, {"emma"}),
    ({"mandate": "ending"}, {"david"}),
    ({"mandate": "overdue"}, {"ivan"}),
    ({"mandate": "upcoming"}, {"gaelle"}),
    ({"mandate": "ended"}, {"farid"}),
    ({"mandate_ends_before": IN_20_DAYS}, {"david", "ivan"}),
    ({"tags": PRESSE}, {"alice", "emma"}),
    ({"tags": lambda t: [t.presse.pk, t.formation.pk]}, {"alice", "emma"}),  # any of them
    ({"tags": lambda t: [t.formation.pk]}, {"emma"}),
    ({"news": "yes"}, {"alice", "farid"}),
    ({"news": "no"}, EVERYBODY - {"alice", "farid"}),
    ({"not_reported_on": PROPOSAL}, {"alice"}),  # Liège has not reported, Namur has
]

COMBINED = [
    # With a group role, the province is the group's: Chloé lives in Liège but is in Namur.
    ({"role": "leader", "province": "liege"}, {"alice"}),
    ({"role": "member", "province": "namur"}, {"bruno", "chloe", "emma"}),
    ({"role": "member", "group": "namur", "language": "en"}, {"bruno", "emma"}),
    ({"role": "leader", "group": "liege"}, {"alice"}),
    ({"role": "coordinator", "coordination": "mexique"}, {"david"}),
    ({"role": "coordinator", "mandate_ends_before": IN_20_DAYS}, {"david", "ivan"}),
    (
        {"role": "coordinator", "coordination": "mexique", "mandate_ends_before": IN_20_DAYS},
        {"david"},
    ),
    ({"role": "coordinator", "mandate": "upcoming"}, {"gaelle"}),
    ({"role": "coordinator", "mandate": "ended"}, {"farid"}),
    ({"role": "coordinator", "tags": PRESSE}, {"emma"}),
    ({"place": "5000", "role": "treasurer"}, {"emma"}),
    ({"news": "yes", "province": "hainaut"}, {"farid"}),
    ({"language": "fr", "province": "liege"}, {"alice", "chloe"}),
    ({"language": "fr", "province": "liege", "news": "no"}, {"chloe"}),
    (
        {
            "role": "applicant",
            "vacancy": "coordination-mexique",
            "speaks": "es",
            "news": "yes",
            "competency": COMPETENCY,
        },
        {"alice"},
    ),
    ({"role": "applicant", "coordination": "chili"}, set()),  # Chloé's is withdrawn
    ({"not_reported_on": PROPOSAL, "language": "en"}, set()),
    ({"q": "a", "role": "leader", "province": "namur", "language": "en"}, {"bruno"}),
]


def case_id(filters: dict) -> str:
    """A stable test id (the same in every xdist worker): the filters' names and plain values;
    a value computed from the data set (a function) by its name only."""
    return ",".join(
        f"{key}={'(computed)' if callable(value) else value}" for key, value in filters.items()
    )


@pytest.mark.parametrize("filters, expected", ALONE, ids=[case_id(f) for f, _ in ALONE])
def test_each_filter_alone(town, filters, expected):
    assert found(town, **filters) == expected


@pytest.mark.parametrize("filters, expected", COMBINED, ids=[case_id(f) for f, _ in COMBINED])
def test_filters_combined(town, filters, expected):
    assert found(town, **filters) == expected


def test_the_page_shows_the_count_and_the_people_found(town, staff_client):
    response = staff_client.get(reverse("people:search"), {"role": "leader", "province": "liege"})
    assert response.status_code == 200
    assert response.context["page_obj"].count == 1
    assert [p.email for p in response.context["people"]] == ["alice@example.org"]
    page = response.content.decode()
    assert 'id="result-count"' in page and "Alice Lambert" in page
    assert "Bruno" not in page


@pytest.mark.parametrize(
    "filters, field",
    [
        ({"group": "namur"}, "group"),  # a group needs a group role
        ({"role": "coordinator", "group": "namur"}, "group"),
        ({"vacancy": "coordination-mexique"}, "vacancy"),
        ({"coordination": "mexique", "role": "leader"}, "coordination"),
        ({"place": "9999"}, "place"),
        ({"place": "Atlantis"}, "place"),
        ({"group": "nowhere", "role": "leader"}, "group"),
        ({"not_reported_on": "99999999999999999999999"}, "not_reported_on"),
        ({"tags": ["99999999999999999999999"]}, "tags"),
        ({"mandate_ends_before": "9999-12-31"}, "mandate_ends_before"),
        ({"mandate": "forever"}, "mandate"),
    ],
)
def test_wrong_filters_are_said_and_find_nobody(town, staff_client, filters, field):
    response = staff_client.get(reverse("people:search"), filters)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["people"] == []


def test_pages_are_read_by_key_and_cover_everybody_once(town, rf):
    for number in range(7):
        UserFactory(email=f"extra{number}@example.org", last_name="Lambert", first_name="Zoé")
    people = people_search({}, today=town.today)
    seen, params, pages = [], {}, 0
    while True:
        page = search_page(people, params, per_page=4, today=town.today)
        seen += [p.pk for p in page.rows]
        pages += 1
        if not page.next_cursor:
            break
        params = {"after": page.next_cursor}
    assert pages == 4 and page.count == 16
    assert seen == list(people.values_list("pk", flat=True))
    # And back: the page before the last is the third one.
    back = search_page(people, {"before": page.previous_cursor}, per_page=4, today=town.today)
    assert [p.pk for p in back.rows] == seen[8:12]
    # A cursor nobody made is the first page.
    assert [p.pk for p in search_page(people, {"after": "%%%"}, per_page=4).rows] == seen[:4]


def test_the_search_costs_the_same_queries_whatever_the_data(
    town, staff_client, django_assert_num_queries
):
    url = reverse("people:search")
    query = {"role": "member", "province": "namur", "tags": [town.presse.pk]}
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(url, query).status_code == 200
    for number in range(40):
        person = UserFactory(email=f"more{number}@example.org")
        town.presse.people.add(person)
        from tests.groups.factories import MembershipFactory

        MembershipFactory(group=town.namur, volunteer=person)
    cache.clear()  # nothing kept (people/views.py): the page and its lists are read anew
    with CaptureQueriesContext(connection) as large:
        response = staff_client.get(url, query)
    assert response.context["page_obj"].count == 41  # Emma and the forty
    assert len(large) == len(small)
    # session, user, second factor; how long the lists of coordinations, groups and vacancies
    # are (a text box beyond 500: people/forms.py); the form's lists (competencies,
    # coordinations, groups, vacancies, tags, proposals); the tags chosen; the count, the page,
    # the page's tags; the segments. Kept, the page costs the first three
    # (tests/people/test_people_speed.py).
    assert len(large) <= 17


def test_the_export_gives_everybody_found_and_is_logged(town, staff_client, staff, caplog):
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = staff_client.get(
            reverse("people:export"), {"role": "member", "province": "namur"}
        )
        content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert len(rows) == 1 + 3
    by_email = {row[2]: row for row in rows[1:]}
    assert set(by_email) == {"bruno@example.org", "chloe@example.org", "emma@example.org"}
    assert "Presse" in by_email["emma@example.org"][11]
    assert "Grands Lacs" in by_email["emma@example.org"]
    [event] = [
        json.loads(r.getMessage())
        for r in caplog.records
        if r.name == "portal.security" and '"export"' in r.getMessage()
    ]
    assert event["export"] == "people" and event["rows"] == 3 and event["user"] == staff.pk
    assert "province" in event["object"] and "namur" not in event["object"]


def test_an_export_with_wrong_filters_exports_nothing(town, staff_client):
    response = staff_client.get(reverse("people:export"), {"place": "Atlantis"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("people:search"))


@pytest.mark.parametrize("phase", [p for p, _label in Mandate.Phase.choices])
def test_the_phase_filter_says_what_each_mandate_says_of_itself(town, phase):
    """Mandate.phase_on (the pages) and phase_condition (the search) agree, around each
    boundary of each mandate of the town."""
    mandates = list(Mandate.objects.all())
    days = {town.today}
    for mandate in mandates:
        for date in (mandate.start_date, mandate.end_date, mandate.ended_on):
            if date:
                days |= {date + datetime.timedelta(days=d) for d in (-31, -30, -1, 0, 1)}
    for day in sorted(days):
        expected = {m.pk for m in mandates if m.phase_on(day) == phase}
        assert set(Mandate.objects.in_phase(phase, day).values_list("pk", flat=True)) == expected

"""Sorting follows the language: "Égypte" and "États-Unis" come before "Inde", on SQLite and on
PostgreSQL alike, in the portal's lists, its drop-downs and the admin (config/collation.py).

Run on SQLite by default; with DATABASE_URL pointing to PostgreSQL, the same tests check the
ICU collation of the server."""

import re

import pytest
from django import forms
from django.db import connection
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from config.collation import by_name, sort_key, sorted_by_name
from coordinations.models import Coordination
from groups.models import LocalGroup, Place
from recruitment.models import Vacancy
from tests.coordinations.factories import CoordinationFactory
from tests.factories import UserFactory
from tests.groups.factories import LocalGroupFactory
from tests.recruitment.factories import VacancyFactory

pytestmark = pytest.mark.django_db

# In the order a French reader expects them.
NAMES = ["Afrique des Grands-Lacs", "Égypte", "Eswatini", "États-Unis", "Inde", "Iran", "Zimbabwe"]
SHUFFLED = [
    "Zimbabwe",
    "Iran",
    "États-Unis",
    "Inde",
    "Afrique des Grands-Lacs",
    "Eswatini",
    "Égypte",
]


@pytest.fixture
def coordinations():
    for index, name in enumerate(SHUFFLED):
        CoordinationFactory(name=name, slug=f"c{index}", countries=["BE"])
    return NAMES


def test_the_python_key_agrees_with_the_examples():
    assert sorted(SHUFFLED, key=sort_key) == NAMES
    # Case and accents only break ties; spaces and punctuation come before letters.
    assert sorted(["eve", "Ève", "Eve", "Evere"], key=sort_key) == ["eve", "Eve", "Ève", "Evere"]
    assert sorted(["Saint-Ghislain", "Saint Anne", "Sainte-Ode"], key=sort_key) == [
        "Saint Anne",
        "Saint-Ghislain",
        "Sainte-Ode",
    ]
    assert sorted_by_name(["Œuvre", "Oeuf", "Ohain"]) == ["Oeuf", "Œuvre", "Ohain"]


def test_coordinations_are_sorted_as_people_read_them(coordinations):
    assert list(Coordination.objects.values_list("name", flat=True)) == NAMES  # Meta.ordering
    assert (
        list(Coordination.objects.order_by("-name").values_list("name", flat=True)) == (NAMES[::-1])
    )


def test_the_collation_sorts_across_relations_and_any_column(coordinations):
    for name in SHUFFLED:
        VacancyFactory(title=name)
    titles = Vacancy.objects.order_by(by_name("title")).values_list("title", flat=True)
    assert list(titles) == NAMES
    descending = Vacancy.objects.order_by(by_name("title", descending=True))
    assert list(descending.values_list("title", flat=True)) == NAMES[::-1]


def test_a_name_is_still_found_exactly_and_unique(coordinations):
    # The collation sorts; equality stays exact (a deterministic collation on both databases).
    assert Coordination.objects.filter(name="Égypte").count() == 1
    assert Coordination.objects.filter(name="Egypte").count() == 0
    assert Coordination.objects.filter(name__icontains="TATS-unis").count() == 1
    CoordinationFactory(name="Egypte", slug="egypte-sans-accent", countries=["EG"])
    assert Coordination.objects.filter(name__in=["Égypte", "Egypte"]).count() == 2


def test_people_and_groups_are_sorted_as_people_read_them():
    for last_name in ["Zeller", "Évrard", "Dubois", "Eyskens", "Éloy"]:
        UserFactory(last_name=last_name, first_name="Camille")
    people = User.objects.filter(first_name="Camille").values_list("last_name", flat=True)
    assert list(people) == ["Dubois", "Éloy", "Évrard", "Eyskens", "Zeller"]
    for name in ["Groupe d’Ixelles", "Groupe d’Écaussinnes", "Groupe d’Etterbeek"]:
        LocalGroupFactory(name=name)
    names = LocalGroup.objects.filter(name__startswith="Groupe d’").values_list("name", flat=True)
    assert list(names) == ["Groupe d’Écaussinnes", "Groupe d’Etterbeek", "Groupe d’Ixelles"]


def test_communes_are_sorted_as_people_read_them():
    """The postal codes the migrations load: Hélécine and Héron among the He's, not after
    Huy as a byte-wise order puts them."""
    communes = ["Huy", "Héron", "Herve", "Hélécine", "Hastière"]
    found = (
        Place.objects.filter(municipality_fr__in=communes)
        .order_by("municipality_fr")
        .values_list("municipality_fr", flat=True)
        .distinct()
    )
    assert list(found) == ["Hastière", "Hélécine", "Héron", "Herve", "Huy"]


def test_the_admin_sorts_coordinations_by_name(coordinations, secretariat_client):
    url = reverse("admin:coordinations_coordination_changelist")
    page = secretariat_client.get(url).content.decode()
    listed = re.findall(r'<th class="field-\w+"><a href="[^"]+">([^<]+)</a>', page)
    assert listed == NAMES
    # Sorting on the column, both ways.
    first_column = secretariat_client.get(url, {"o": "-1"}).content.decode()
    listed = re.findall(r'<th class="field-\w+"><a href="[^"]+">([^<]+)</a>', first_column)
    assert listed == NAMES[::-1]


def test_the_coordination_drop_downs_follow_the_collation(coordinations):
    field = forms.ModelChoiceField(queryset=Coordination.objects.order_by("name"))
    assert [label for _value, label in list(field.choices)[1:]] == NAMES


def test_the_country_drop_down_sorts_accented_names_in_french():
    form_class = forms.modelform_factory(Coordination, fields=["countries"])
    with translation.override("fr"):
        labels = [str(label) for _code, label in form_class().fields["countries"].choices]
    egypt, ecuador, india = labels.index("Égypte"), labels.index("Équateur"), labels.index("Inde")
    assert labels.index("Dominique") < egypt < ecuador < india
    assert labels.index("Estonie") < labels.index("Éthiopie") < labels.index("Fidji")
    assert labels[-1] != "Égypte" and not labels[-1].startswith("É")


def test_sqlite_and_postgresql_agree(coordinations):
    """The same order on both databases: the database's own (the ICU collation on PostgreSQL,
    the registered function on SQLite) equals Python's key."""
    names = list(Coordination.objects.order_by("name").values_list("name", flat=True))
    assert names == sorted(names, key=sort_key)
    assert connection.vendor in {"sqlite", "postgresql"}

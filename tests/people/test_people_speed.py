"""The people search and a person's page are kept (people/views.py, config/versions.py), and
so are the search's long drop-down lists (people/forms.py, ``RowsSelect``).

What the secretariat sees must be what the data says, at once: every kept page names the
areas it reads (checked here against the SQL it runs), a change shows on the next page whether
it came from a form, an update or an insert, one search or person never shows another's rows,
each language has its own page, and a warm page costs a fixed handful of queries.
"""

import re

import pytest
from django import forms
from django.core.cache import cache
from django.forms.models import ModelChoiceField, ModelChoiceIterator
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from config import widgets
from config.widgets import KeptSelect
from groups.models import LocalGroup, Membership
from messaging.models import OutgoingMessage
from messaging.services import message_queue
from people import selectors, views
from people.forms import PeopleFilterForm, RowsSelect
from people.models import Note, Segment, Tag
from tests.factories import StaffFactory
from tests.fragments import assert_areas_named
from tests.groups.factories import LocalGroupFactory, MembershipFactory
from tests.mfa import SecondFactorClient
from tests.people.factories import NoteFactory, TagFactory
from tests.people.test_person_page import life

pytestmark = pytest.mark.django_db
SEARCH = reverse("people:search")
LEADERS_OF_LIEGE = {"role": "leader", "province": "liege"}
# A warm page: the session, the person logged in and their second factor; the rest is kept.
WARM_SEARCH = 3
WARM_PERSON = WARM_SEARCH + 1  # and the person shown (the page is theirs, or a 404)


def cold():
    """Nothing kept: no page, no drop-down list."""
    cache.clear()
    widgets.kept.clear()


def staff_request(staff, path, params=None):
    request = RequestFactory().get(path, params or {})
    request.user = staff
    return request


def page(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def person_url(person) -> str:
    return reverse("people:person", args=[person.pk])


def tag_checked(html: str, tag) -> bool:
    """Whether the person's page has ``tag``'s box checked."""
    boxes = re.findall(r'<input type="checkbox"[^>]* name="tags"[^>]*>', html)
    assert boxes, "the page has no tag boxes"
    return any(f'value="{tag.pk}"' in box and " checked" in box for box in boxes)


# Every area read is named ----------------------------------------------------------------------


def searches(town) -> list[dict]:
    """Queries reaching every filter, the pages and a segment."""
    segment = Segment.objects.create(name="Presse", filters={"tags": [town.presse.pk]})
    return [
        {},
        LEADERS_OF_LIEGE,
        {"q": "lambert", "place": "Liège", "language": "fr", "news": "yes"},
        {"role": "applicant", "vacancy": "coordination-mexique", "speaks": "es"},
        {"competency": town.competency.code, "tags": [town.presse.pk, town.formation.pk]},
        {"role": "coordinator", "coordination": "mexique", "mandate": "ending"},
        {"role": "member", "group": "namur"},
        {"mandate_ends_before": "2026-12-31", "not_reported_on": town.proposal.pk},
        {"role": "leader", "group": "nowhere"},  # an error
        {"segment": segment.pk},
        {"after": selectors._encode(town.alice)},  # a page further on
        {"before": selectors._encode(town.ivan)},  # and back
    ]


def test_the_search_names_every_area_it_reads(town, staff):
    for params in searches(town):
        cold()
        request = staff_request(staff, SEARCH, params)
        assert_areas_named(lambda request=request: views.search_body(request), views.SEARCH_AREAS)


def test_each_kept_list_names_every_area_it_reads(town):
    form = PeopleFilterForm()
    kept = {
        name: field for name, field in form.fields.items() if isinstance(field.widget, RowsSelect)
    }
    assert set(kept) == {
        "competency",
        "coordination",
        "group",
        "vacancy",
        "tags",
        "not_reported_on",
    }
    for field in kept.values():
        assert_areas_named(lambda field=field: list(field.choices), field.widget.areas)


def test_a_persons_page_names_every_area_it_reads(staff, group, other_group, volunteer, catalogues):
    life(volunteer, group, other_group, staff, marker="Lucas")
    TagFactory(name="Presse").people.add(volunteer)
    _entries, older = selectors.person_timeline(volunteer, limit=5)
    for before in (None, selectors.parse_cursor(older)):
        request = staff_request(staff, person_url(volunteer))
        assert_areas_named(
            lambda before=before, request=request: views.person_body(request, volunteer, before),
            views.PERSON_AREAS,
        )


# Warm pages cost a fixed handful of queries --------------------------------------------------


def test_a_warm_search_reads_nothing_again(town, staff_client, django_assert_num_queries):
    first = page(staff_client, SEARCH, LEADERS_OF_LIEGE)
    with django_assert_num_queries(WARM_SEARCH):
        again = page(staff_client, SEARCH, LEADERS_OF_LIEGE)
    # The same search with its filters in another order is the same page.
    with django_assert_num_queries(WARM_SEARCH):
        reordered = page(staff_client, SEARCH + "?province=liege&role=leader")
    assert "Alice Lambert" in again and "Bruno" not in again
    assert again.count("<option") == first.count("<option") == reordered.count("<option")


def test_a_search_after_a_change_reads_no_list_again(town, staff_client, django_assert_num_queries):
    """A change to people retires the page, not the drop-down lists: they stay kept."""
    page(staff_client, SEARCH, LEADERS_OF_LIEGE)
    User.objects.filter(pk=town.alice.pk).update(first_name="Alicia")
    # And then: the count, the page and its tags, the segments.
    with django_assert_num_queries(WARM_SEARCH + 4):
        assert "Alicia Lambert" in page(staff_client, SEARCH, LEADERS_OF_LIEGE)


def test_a_warm_persons_page_reads_nothing_again(
    staff_client, staff, group, other_group, volunteer, catalogues, django_assert_num_queries
):
    life(volunteer, group, other_group, staff, marker="Lucas")
    first = page(staff_client, person_url(volunteer))
    with django_assert_num_queries(WARM_PERSON):
        again = page(staff_client, person_url(volunteer))
    assert again.count("data-kind=") == first.count("data-kind=") > 10


def plain_form(data) -> PeopleFilterForm:
    """The search's form with Django's own lists: each option an object, rendered each time."""
    form = PeopleFilterForm(data)
    for field in form.fields.values():
        if isinstance(field.widget, KeptSelect):
            if isinstance(field, ModelChoiceField):
                field.iterator = ModelChoiceIterator
            multiple = isinstance(field.widget, forms.SelectMultiple)
            field.widget = (forms.SelectMultiple if multiple else forms.Select)()
            field.widget.choices = field.choices
    return form


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"role": "member", "group": "namur", "competency": "(computed)", "tags": "(computed)"},
        {"role": "applicant", "vacancy": "coordination-mexique", "not_reported_on": "(computed)"},
        {"role": "leader", "group": "nowhere", "mandate": "forever"},  # errors
    ],
)
def test_the_kept_lists_are_the_lists_django_renders(town, data):
    """A list kept is the list itself, options and choice, byte for byte."""
    computed = {
        "competency": town.competency.code,
        "tags": [town.presse.pk],
        "not_reported_on": town.proposal.pk,
    }
    data = {name: computed.get(name, value) for name, value in data.items()}
    plain = str(plain_form(data))
    assert plain.count("<option") > 20
    cold()
    assert str(PeopleFilterForm(data)) == plain  # rendered and kept
    assert str(PeopleFilterForm(data)) == plain  # kept
    errors = plain_form(data).errors
    for name, value in data.items():
        if name in ("group", "vacancy", "competency", "not_reported_on") and name not in errors:
            assert f'<option value="{value}" selected>' in plain, name
    assert bool(errors) == ("errorlist" in plain)


# A change shows at once --------------------------------------------------------------------------


def test_a_change_to_the_people_found_shows_at_once(town, staff_client):
    assert "Alice Lambert" in page(staff_client, SEARCH, LEADERS_OF_LIEGE)
    User.objects.filter(pk=town.alice.pk).update(last_name="Lambertine")  # an update
    found = page(staff_client, SEARCH, LEADERS_OF_LIEGE)
    assert "Alice Lambertine" in found and "Alice Lambert<" not in found
    Membership.objects.filter(group=town.liege, volunteer=town.alice).delete()  # a deletion
    MembershipFactory(group=town.liege, volunteer=town.chloe, role="leader")  # an insert
    found = page(staff_client, SEARCH, LEADERS_OF_LIEGE)
    assert "Chloé Dubois" in found and "Alice Lambertine" not in found
    tagged = {"tags": [town.presse.pk]}
    assert ">Presse</span>" in page(staff_client, SEARCH, tagged)
    Tag.objects.filter(pk=town.presse.pk).update(name="Contacts presse")  # a tag renamed
    assert ">Contacts presse</span>" in page(staff_client, SEARCH, tagged)


def test_a_tag_given_shows_at_once(town, staff_client):
    """A many-to-many add: INSERT ... ON CONFLICT DO NOTHING on PostgreSQL, INSERT OR IGNORE
    on SQLite."""
    assert ">Presse</span>" not in page(staff_client, SEARCH, {"q": "chloe"})
    assert not tag_checked(page(staff_client, person_url(town.chloe)), town.presse)
    town.presse.people.add(town.chloe)
    assert ">Presse</span>" in page(staff_client, SEARCH, {"q": "chloe"})
    assert tag_checked(page(staff_client, person_url(town.chloe)), town.presse)


def test_a_change_to_a_list_of_the_filters_shows_at_once(town, staff_client):
    assert "Groupe de Namur" in page(staff_client, SEARCH)
    LocalGroup.objects.filter(pk=town.namur.pk).update(name="Groupe namurois")
    LocalGroupFactory(name="Groupe de Dinant", slug="dinant")
    options = page(staff_client, SEARCH)
    assert "Groupe namurois" in options and "Groupe de Dinant" in options
    assert "Groupe de Namur" not in options


def test_a_change_to_a_segment_shows_at_once(town, staff_client):
    segment = Segment.objects.create(name="Presse", filters={"tags": [town.presse.pk]})
    shown = page(staff_client, SEARCH, {"segment": segment.pk})
    assert "Alice Lambert" in shown and "Emma Janssens" in shown
    Segment.objects.filter(pk=segment.pk).update(
        name="Formation", filters={"tags": [town.formation.pk]}
    )
    shown = page(staff_client, SEARCH, {"segment": segment.pk}).replace("\N{NO-BREAK SPACE}", " ")
    assert "Segment : Formation" in shown and "Segment : Presse" not in shown
    assert "Emma Janssens" in shown and "Alice Lambert" not in shown


def test_a_change_to_a_person_shows_at_once(staff_client, staff, volunteer):
    note = NoteFactory(person=volunteer, author=staff, body="Disponible le samedi")
    message_queue(to=volunteer.email, subject="Bienvenue", text="…", kind="t", recipient=volunteer)
    shown = page(staff_client, person_url(volunteer))
    assert "Disponible le samedi" in shown and "Échec" not in shown
    # Each change alone, each from an update (no save(), no signal).
    Note.objects.filter(pk=note.pk).update(body="Disponible le dimanche")
    shown = page(staff_client, person_url(volunteer))
    assert "Disponible le dimanche" in shown and "Disponible le samedi" not in shown
    OutgoingMessage.objects.update(status=OutgoingMessage.Status.FAILED, last_error="Refusé")
    shown = page(staff_client, person_url(volunteer))
    assert "Échec" in shown and "Refusé" in shown
    User.objects.filter(pk=volunteer.pk).update(phone="+32 470 12 34 56")
    assert "+32 470 12 34 56" in page(staff_client, person_url(volunteer))
    TagFactory(name="Presse")
    assert "Presse" in page(staff_client, person_url(volunteer))  # a new tag to choose


def test_a_note_refused_is_never_kept(staff_client, volunteer):
    response = staff_client.post(reverse("people:note_add", args=[volunteer.pk]), {"body": ""})
    assert response.status_code == 200 and response.context["note_form"].errors
    assert 'class="invalid-feedback' not in page(staff_client, person_url(volunteer))


# To the right people only -----------------------------------------------------------------------


def test_each_search_has_its_own_page(town, staff_client):
    assert "Alice Lambert" in page(staff_client, SEARCH, LEADERS_OF_LIEGE)
    namur = page(staff_client, SEARCH, {"role": "leader", "province": "namur"})
    assert "Bruno Martin" in namur and "Alice Lambert" not in namur
    assert "Alice Lambert" in page(staff_client, SEARCH, LEADERS_OF_LIEGE)


def test_each_person_has_their_own_page(
    staff_client, staff, group, other_group, volunteer, other_volunteer, catalogues
):
    life(volunteer, group, other_group, staff, marker="Lucas")
    life(other_volunteer, other_group, group, staff, marker="Emma")
    lucas = page(staff_client, person_url(volunteer))
    emma = page(staff_client, person_url(other_volunteer))
    assert "Note Lucas" in lucas and "Note Emma" not in lucas
    assert "Note Emma" in emma and "Note Lucas" not in emma
    # An older page of the timeline is a page of its own.
    _entries, cursor = selectors.person_timeline(volunteer, limit=3)
    further = page(staff_client, person_url(volunteer), {"before": cursor})
    assert "Revenir aux plus récentes" in further
    assert "Revenir aux plus récentes" not in page(staff_client, person_url(volunteer))
    assert 0 < further.count("data-kind=") < lucas.count("data-kind=")


def test_a_kept_page_is_still_the_secretariats_only(town, staff_client, client, volunteer):
    url = person_url(town.alice)
    page(staff_client, SEARCH, LEADERS_OF_LIEGE)
    page(staff_client, url)
    client.force_login(volunteer)
    assert client.get(SEARCH, LEADERS_OF_LIEGE).status_code == 404
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_forms_of_a_kept_page_carry_each_sessions_token(town, staff):
    """Two members of the secretariat: each one's forms pass their own CSRF check."""
    other = StaffFactory(email="other-staff@example.org")
    browsers = {}
    for person in (staff, other):  # the first renders the page, the second has it kept
        browser = SecondFactorClient(enforce_csrf_checks=True)
        browser.force_login(person)
        shown = page(browser, person_url(town.alice))
        browsers[person] = browser, shown.split('csrfmiddlewaretoken" value="')[1].split('"')[0]
    for person, (browser, token) in browsers.items():
        response = browser.post(
            reverse("people:note_add", args=[town.alice.pk]),
            {"csrfmiddlewaretoken": token, "body": f"Note de {person.email}"},
        )
        assert response.status_code == 302
    assert Note.objects.filter(person=town.alice).count() == 2


# In the right language -------------------------------------------------------------------------


def test_each_language_has_its_own_pages(town, staff_client):
    url = person_url(town.alice)
    french = page(staff_client, "/fr" + SEARCH[3:], LEADERS_OF_LIEGE)
    english = page(staff_client, "/en" + SEARCH[3:], LEADERS_OF_LIEGE)
    assert "1 personne trouvée" in french and "Toutes les coordinations" in french
    assert "1 person found" in english and "Any coordination" in english
    assert "trouvée" not in english and "Any coordination" not in french
    french, english = page(staff_client, url), page(staff_client, "/en" + url[3:])
    assert "Chronologie" in french and "Timeline" not in french
    assert "Timeline" in english and "Chronologie" not in english
    assert "Chronologie" in page(staff_client, url)


def test_beyond_five_hundred_groups_the_group_is_typed(town, staff_client, monkeypatch):
    """A drop-down list of a hundred thousand groups is megabytes nobody can choose from."""
    from people import forms as people_forms

    assert '<select name="group"' in page(staff_client, SEARCH)
    monkeypatch.setattr(people_forms, "LIST_MAX", 1)
    cache.clear()
    shown = page(staff_client, SEARCH, {"role": "leader", "group": "groupe de namur"})
    assert '<select name="group"' not in shown and 'name="group"' in shown
    assert "Tapez le nom exact." in shown
    # Typed in any case, the group is found; its leader is listed, the other group's is not.
    leaders = page(staff_client, SEARCH, {"role": "leader", "group": town.namur.name.upper()})
    assert "Bruno Martin" in leaders and "Alice Lambert" not in leaders
    # The address a segment or a link carries (the slug) still works.
    by_slug = page(staff_client, SEARCH, {"role": "leader", "group": town.liege.slug})
    assert "Alice Lambert" in by_slug and "Bruno Martin" not in by_slug


def test_a_cold_search_costs_as_many_queries_with_short_or_long_lists(
    town, staff_client, monkeypatch
):
    """Whether a list is a drop-down or a text box is found out by reading its first options:
    the same queries at the section's scale and at the movement's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from people import forms as people_forms

    def cold_queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(SEARCH).status_code == 200
        return len(queries)

    short = cold_queries()
    monkeypatch.setattr(people_forms, "LIST_MAX", 1)
    assert cold_queries() == short
    assert '<select name="group"' not in staff_client.get(SEARCH).content.decode()

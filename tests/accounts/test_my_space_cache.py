"""My space keeps each section per person (accounts/myspace.py, config/versions.py).

What a person sees must be what the data says, at once: every kept section names the areas it
reads (checked here against the SQL it runs), a change shows on the next page whether it came
from a form, an update or a bulk insert, two people never see each other's sections, and each
language has its own.
"""

import datetime

import pytest
from django.template import RequestContext
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts import myspace
from coordinations.models import Mandate
from groups.models import Membership
from tests.accounts.test_my_space import en, needs
from tests.fragments import areas_read
from tests.groups.factories import MembershipFactory
from tests.recruitment.factories import ApplicationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogues")]
ME = reverse("accounts:me")
KEPT = [entry for entry in myspace._sections if entry.areas]


@pytest.fixture
def everyone(coordinator, mandate, group, vacancy, volunteer, leader, staff):
    """People between them reaching every section: the coordinator is also a member of a group
    and has applied to a vacancy; a leader; a volunteer with an application; staff."""
    MembershipFactory(group=group, volunteer=coordinator, role=Membership.Role.MEMBER)
    ApplicationFactory(vacancy=vacancy, applicant=coordinator, commitment_confirmed=True)
    ApplicationFactory(vacancy=vacancy, applicant=volunteer, commitment_confirmed=True)
    return [coordinator, leader, volunteer, staff]


def render_from_scratch(entry, person):
    request = RequestFactory().get(ME)
    request.user = person
    context = entry.context(request)
    if context is not None:
        shown = myspace.Shown(entry, "", None, context, [])
        myspace.render_section(shown, RequestContext(request, {"user": person}))


def test_nearly_every_section_is_kept():
    assert [entry.name for entry in myspace._sections if not entry.areas] == []


@pytest.mark.parametrize("entry", KEPT, ids=[f"{e.name}:{e.page}" for e in KEPT])
def test_each_kept_section_names_every_area_it_reads(everyone, entry):
    read = set()
    for person in everyone:
        read |= areas_read(lambda person=person: render_from_scratch(entry, person))
    assert read - set(entry.areas) == set(), f"{entry.name} reads areas it does not name"


def test_a_second_visit_reads_no_section_again(client, everyone, django_assert_max_num_queries):
    coordinator = everyone[0]
    client.force_login(coordinator)
    first = client.get(ME).content.decode()
    # The session and the person; the rest comes from the cache.
    with django_assert_max_num_queries(2):
        second = client.get(ME).content.decode()
    assert second.count("<section") == first.count("<section") > 5


@pytest.mark.usefixtures("clock")
def test_a_change_shows_at_once_whatever_made_it(coordinator_client, mandate, coordination):
    from actions.models import Circular
    from tests.actions.factories import AssignmentFactory, CircularFactory, today

    assert "UA 11/26" not in coordinator_client.get(ME).content.decode()
    late = CircularFactory(reference="UA 11/26", priority=Circular.Priority.URGENT)
    assignment = AssignmentFactory(
        circular=late, coordination=coordination, relay_due_on=today() + datetime.timedelta(9)
    )
    card = needs(coordinator_client.get(en("accounts:me")).content.decode())
    assert "UA 11/26" in card and "Overdue" not in card
    # An update sends no signal; the page shows it all the same.
    type(assignment).objects.filter(pk=assignment.pk).update(
        relay_due_on=today() - datetime.timedelta(1)
    )
    assert "Overdue" in needs(coordinator_client.get(en("accounts:me")).content.decode())

    over = timezone.localdate() - datetime.timedelta(days=800)
    Mandate.objects.filter(pk=mandate.pk).update(
        start_date=over, end_date=over + datetime.timedelta(days=730)
    )
    card = needs(coordinator_client.get(en("accounts:me")).content.decode())
    assert "Your commitment for Mexique is over: renew or hand over?" in card


def test_two_coordinators_see_their_own(client, coordinator, other_coordinator):
    pages = {}
    for person in (coordinator, other_coordinator, coordinator, other_coordinator):
        client.force_login(person)
        pages.setdefault(person.email, []).append(client.get(en("accounts:me")).content.decode())
    mexique, lakes = pages["coordinator@example.org"], pages["other.coordinator@example.org"]
    assert all("My mandate: Mexique" in page and "Grands Lacs" not in page for page in mexique)
    assert all("Grands Lacs" in page and "Mexique" not in page for page in lakes)
    assert all("Karim" in page for page in mexique) and all("Nadia" in page for page in lakes)


def test_each_language_has_its_own(coordinator_client, mandate):
    french = coordinator_client.get("/fr/me/").content.decode()
    english = coordinator_client.get("/en/me/").content.decode()
    again = coordinator_client.get("/fr/me/").content.decode()
    assert "Mon mandat\N{NO-BREAK SPACE}: Mexique" in french
    assert "Mon mandat\N{NO-BREAK SPACE}: Mexique" in again
    assert "My mandate: Mexique" in english and "Mon mandat" not in english


def test_the_forms_of_a_kept_page_carry_this_sessions_token(client, coordinator, mandate):
    """The same person in two browsers: each one's forms pass its own CSRF check."""
    from django.test import Client

    url = en("accounts:me_activity")
    browsers = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    for browser in browsers:
        browser.force_login(coordinator)
        page = browser.get(url).content.decode()
        token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        form = {
            "csrfmiddlewaretoken": token,
            "kind": "group_visit",
            "date": timezone.localdate().isoformat(),
            "note": "Réunion avec le groupe de Namur",
            "next": url,
        }
        response = browser.post(reverse("coordinations:activity_create", args=[mandate.pk]), form)
        assert response.status_code == 302, response.content.decode()[:300]
    assert mandate.activities.count() == 2

"""The circular registry and the coordinators' inbox are kept against the data they read
(actions/views.py, config/versions.py).

The registry's filters and rows are the same for every staff member: kept once per normalised
query string and language. The inbox is kept per person. Either way, what is shown must be what
the data says, at once: each fragment names every area it reads (checked against its SQL), a
change shows on the next visit whether it came from a form, a save or ``QuerySet.update()``,
two people never see each other's inbox, each language has its own, and a warm visit reads
nothing but the visitor's session.
"""

import datetime
import re

import pytest
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from actions import views
from actions.models import Circular, CircularAssignment
from coordinations.models import Coordination, Mandate
from tests.actions.factories import (
    AssignmentFactory,
    CircularFactory,
    PublishedProposalFactory,
    ThemeFactory,
    today,
)
from tests.coordinations.factories import CoordinationFactory
from tests.factories import StaffFactory
from tests.fragments import assert_areas_named

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
LIST = reverse("actions:circular_list")
INBOX = reverse("actions:inbox")


def en(name: str) -> str:
    with translation.override("en"):
        return reverse(name)


def main(response) -> str:
    """The page's own content, without the layout around it (whose forms carry a token masked
    anew at each request)."""
    html = response.content.decode()
    return TOKEN.sub("", html[html.index("<main") : html.index("</main>")])


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def registry(coordination, other_coordination):
    """Circulars in every state the registry shows: themes, an update, a late relay, a closed
    one, one relayed, one nobody holds the coordination of (vacant)."""
    death_penalty = ThemeFactory(
        code="death-penalty", name="Peine de mort", name_en="Death penalty"
    )
    refugees = ThemeFactory(code="refugees", name="Réfugiés", name_en="Refugees")
    CoordinationFactory(name="Rwanda", slug="rwanda", countries=["RW"])  # nobody holds it
    late = CircularFactory(
        reference="UA 1/26",
        countries=["MX", "RW"],
        themes=[death_penalty, refugees],
        priority=Circular.Priority.URGENT,
        received_on=today() - days(20),
        issued_on=today() - days(21),
    )
    AssignmentFactory(circular=late, coordination=coordination)
    CircularFactory(parent=late, reference="UA 1/26 bis")
    relayed = CircularFactory(reference="UA 2/26", countries=["BI"])
    AssignmentFactory(circular=relayed, coordination=other_coordination)
    PublishedProposalFactory(coordination=other_coordination, circular=relayed)
    CircularFactory(reference="UA 3/26", closed_on=today(), outcome=Circular.Outcome.OTHER)
    CircularFactory(reference="CAMP 4/26", kind=Circular.Kind.CAMPAIGN, themes=[refugees])
    return late


# --- What the fragments read --------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["", "status=assigned", "overdue=on&country=MX", "q=UA&kind=campaign", "page=2"]
)
def test_the_registry_names_every_area_it_reads(registry, query):
    params = views.normalised_query(QueryDict(query), views.REGISTRY_PARAMS)
    assert_areas_named(lambda: views.registry_html(params), views.REGISTRY_AREAS)


@pytest.mark.parametrize("query", ["", "show=all"])
def test_the_inbox_names_every_area_it_reads(coordinator, registry, query):
    request = RequestFactory().get(INBOX)
    request.user = coordinator
    params = views.normalised_query(QueryDict(query), views.INBOX_PARAMS)
    assert_areas_named(lambda: views.inbox_html(request, params), views.INBOX_AREAS)


# --- The registry ---------------------------------------------------------------------------


def test_a_warm_registry_reads_only_the_visitors_session(
    staff_client, registry, django_assert_num_queries
):
    first = main(staff_client.get(LIST))
    # The session, the person and their second factor; the list comes from the cache.
    with django_assert_num_queries(3):
        second = main(staff_client.get(LIST))
    assert second == first
    assert "UA 1/26" in second and "Coordination vacante" in second and "En retard" in second


def test_the_registry_is_kept_once_for_every_staff_member(
    client, staff, registry, django_assert_num_queries
):
    client.force_login(staff)
    client.get(LIST, {"status": "assigned"})
    client.force_login(StaffFactory(email="another.staff@example.org"))
    with django_assert_num_queries(3):
        page = client.get(LIST, {"status": "assigned"}).content.decode()
    assert "UA 1/26" in page and "UA 2/26" not in page


def test_the_same_filters_in_any_order_are_one_list(
    staff_client, registry, django_assert_num_queries
):
    staff_client.get(f"{LIST}?status=assigned&overdue=on")
    # Another order, empty filters and a parameter the registry does not read: the same list.
    with django_assert_num_queries(3):
        page = staff_client.get(f"{LIST}?q=&kind=&overdue=on&utm=x&status=assigned")
    assert "UA 1/26" in main(page) and "utm" not in main(page)
    # Another filter is another list.
    other = staff_client.get(LIST, {"status": "closed"}).content.decode()
    assert "UA 3/26" in other and "UA 1/26" not in other


def test_a_change_shows_at_once_in_the_registry(staff_client, registry, coordination):
    assert "UA 1/26" in staff_client.get(LIST).content.decode()
    # An update sends no signal; the registry shows it all the same.
    Circular.objects.filter(pk=registry.pk).update(title="Un titre changé")
    assert "Un titre changé" in staff_client.get(LIST).content.decode()
    # Relayed now: no longer overdue.
    PublishedProposalFactory(coordination=coordination, circular=registry)
    page = staff_client.get(LIST, {"overdue": "on"}).content.decode()
    assert "UA 1/26" not in page
    # A new circular, through the registration's own save.
    CircularFactory(reference="UA 99/26")
    assert "UA 99/26" in staff_client.get(LIST).content.decode()


def test_a_coordination_filled_or_left_shows_at_once(
    staff_client, registry, coordinator, other_coordinator
):
    assert "Coordination vacante" in staff_client.get(LIST, {"country": "RW"}).content.decode()
    Coordination.objects.filter(slug="rwanda").update(is_active=False)
    assert "Coordination vacante" not in staff_client.get(LIST, {"country": "RW"}).content.decode()
    # The coordinator of Mexique leaves (an update of the mandate): Mexique is vacant now.
    assert "Coordination vacante" not in staff_client.get(LIST, {"country": "MX"}).content.decode()
    Mandate.objects.filter(volunteer=coordinator).update(
        status=Mandate.Status.ENDED, ended_on=today()
    )
    page = staff_client.get(LIST, {"country": "MX"}).content.decode()
    assert "Coordination vacante" in page and "Mexique" in page


def test_the_registry_becomes_overdue_at_midnight(staff_client, coordination, clock):
    circular = CircularFactory(reference="UA 5/26")
    AssignmentFactory(circular=circular, coordination=coordination, relay_due_on=today())
    assert "UA 5/26" not in staff_client.get(LIST, {"overdue": "on"}).content.decode()
    clock.shift(days(1))
    assert "UA 5/26" in staff_client.get(LIST, {"overdue": "on"}).content.decode()


def test_each_language_has_its_own_registry(staff_client, registry):
    french = main(staff_client.get("/fr/actions/circulars/"))
    english = main(staff_client.get("/en/actions/circulars/"))
    again = main(staff_client.get("/fr/actions/circulars/"))
    assert "Circulaires du Secrétariat international" in french
    assert "Peine de mort" in french and "En retard" in french
    assert "Circulars from the International Secretariat" in english
    assert "Death penalty" in english and "Overdue" in english
    assert "Peine de mort" not in english and "Circulaires" not in english
    assert again == french


def test_the_registry_still_pages(staff_client):
    CircularFactory.create_batch(30)
    first = staff_client.get(LIST).content.decode()
    assert "Page 1 sur 2" in first
    link = first.split('href="?')[-1].split('"')[0].replace("&amp;", "&")
    second = staff_client.get(f"{LIST}?{link}").content.decode()
    assert "Page 2 sur 2" in second
    assert second.count('class="text-nowrap">\n          <a href="/fr/actions/circulars/') == 5


# --- The inbox ------------------------------------------------------------------------------


def test_a_warm_inbox_reads_only_the_visitors_session(
    coordinator_client, assigned_circular, django_assert_num_queries
):
    first = main(coordinator_client.get(INBOX))
    # The session and the person; the inbox (and the navigation's count) from the cache.
    with django_assert_num_queries(2):
        second = main(coordinator_client.get(INBOX))
    assert "UA 123/26" in second
    assert second == first


def test_two_coordinators_see_their_own_inbox(
    client, coordinator, other_coordinator, coordination, other_coordination
):
    AssignmentFactory(circular=CircularFactory(reference="UA 10/26"), coordination=coordination)
    AssignmentFactory(
        circular=CircularFactory(reference="UA 20/26"), coordination=other_coordination
    )
    pages = {}
    for person in (coordinator, other_coordinator, coordinator, other_coordinator):
        client.force_login(person)
        pages.setdefault(person.email, []).append(client.get(INBOX).content.decode())
    mexique, lakes = pages["coordinator@example.org"], pages["other.coordinator@example.org"]
    assert all("UA 10/26" in page and "UA 20/26" not in page for page in mexique)
    assert all("UA 20/26" in page and "UA 10/26" not in page for page in lakes)


def test_a_change_shows_at_once_in_the_inbox(coordinator_client, coordinator, coordination):
    assignment = AssignmentFactory(
        circular=CircularFactory(reference="UA 30/26"),
        coordination=coordination,
        relay_due_on=today() + days(3),
    )
    page = coordinator_client.get(INBOX).content.decode()
    assert "UA 30/26" in page and "À confirmer" in page and "En retard" not in page
    # Updates send no signal; the inbox shows them all the same.
    CircularAssignment.objects.filter(pk=assignment.pk).update(
        acknowledged_at=timezone.now(), relay_due_on=today() - days(1)
    )
    page = coordinator_client.get(INBOX).content.decode()
    assert "Réception confirmée" in page and "En retard" in page
    # Acknowledged through the page's own form: the form is gone from the next page.
    other = AssignmentFactory(
        circular=CircularFactory(reference="UA 31/26"), coordination=coordination
    )
    assert "UA 31/26" in coordinator_client.get(INBOX).content.decode()
    coordinator_client.post(reverse("actions:assignment_acknowledge", args=[other.pk]))
    assert reverse("actions:assignment_acknowledge", args=[other.pk]) not in (
        coordinator_client.get(INBOX).content.decode()
    )
    # The mandate ends: no circular, no button to propose.
    Mandate.objects.filter(volunteer=coordinator).update(
        status=Mandate.Status.ENDED, ended_on=today()
    )
    page = coordinator_client.get(INBOX).content.decode()
    assert "UA 30/26" not in page and "Proposer une action" not in page


def test_the_inbox_tabs_are_kept_apart(coordinator_client, coordination):
    relayed = CircularFactory(reference="UA 40/26")
    AssignmentFactory(circular=relayed, coordination=coordination)
    PublishedProposalFactory(coordination=coordination, circular=relayed)
    assert "UA 40/26" not in coordinator_client.get(INBOX).content.decode()
    assert "UA 40/26" in coordinator_client.get(INBOX, {"show": "all"}).content.decode()
    # Any other value of "show" is the To do tab.
    assert "UA 40/26" not in coordinator_client.get(INBOX, {"show": "x"}).content.decode()


def test_each_language_has_its_own_inbox(coordinator_client, assigned_circular):
    french = coordinator_client.get("/fr/actions/inbox/").content.decode()
    english = coordinator_client.get("/en/actions/inbox/").content.decode()
    again = coordinator_client.get("/fr/actions/inbox/").content.decode()
    assert "Circulaires à relayer" in french and "Proposer aux groupes" in french
    assert "Circulars to relay" in english and "Propose to groups" in english
    assert "Proposer aux groupes" not in english
    assert "Proposer aux groupes" in again


def test_the_forms_of_a_kept_inbox_carry_this_sessions_token(coordinator, coordination):
    """The same person in two browsers: each one's acknowledge form passes its own CSRF check."""
    assignments = [
        AssignmentFactory(circular=CircularFactory(), coordination=coordination) for _ in range(2)
    ]
    browsers = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    for browser in browsers:
        browser.force_login(coordinator)
        page = browser.get(INBOX).content.decode()
        token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert token
    for browser, assignment in zip(browsers, assignments, strict=True):
        page = browser.get(INBOX).content.decode()
        token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        response = browser.post(
            reverse("actions:assignment_acknowledge", args=[assignment.pk]),
            {"csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302, response.content.decode()[:300]
    assert CircularAssignment.objects.filter(acknowledged_at__isnull=False).count() == 2

"""Each person finds their work, on a phone: a coordinator, a group leader, a volunteer and a
member of the secretariat (with their authenticator app) log in at 390 × 844 and open every page
of their navigation and of My space. Every page passes axe-core (nothing serious or critical)
and nothing sticks out sideways (tests/e2e/conftest.py: ``assert_fits``); what needs the
coordinator now is on the first screen of My space. Screenshots of the coordinator's My space at
1280 and 390 px are kept in test-output/e2e/.

The pages are found by their addresses and ids, not by their words: the journey holds whatever
the language files say.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Circular
from groups.models import Membership
from messaging.models import OutgoingMessage
from recruitment.models import Interview
from tests.actions.factories import (
    AssignmentFactory,
    CircularFactory,
    PublishedProposalFactory,
    RecipientFactory,
)
from tests.e2e.conftest import PHONE, assert_fits
from tests.factories import PASSWORD
from tests.groups.factories import JoinRequestFactory, MembershipFactory
from tests.mfa import current_code
from tests.security.test_permission_matrix import liaison_signalement

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ME = "/fr/me/"


@pytest.fixture
def work(
    catalogues,
    coordinator,
    mandate,
    assigned_circular,
    group,
    leader,
    volunteer,
    other_volunteer,
    application,
    secretariat,
):
    """Something waiting for each of them: an urgent circular past its relay date for the
    coordinator, a proposal to report on and a request to join for Namur's leader, an interview
    for the volunteer (a member of Namur)."""
    today = timezone.localdate()
    late = CircularFactory(
        reference="UA 099/26",
        title="Un journaliste menacé de mort à Veracruz",
        priority=Circular.Priority.URGENT,
        issued_on=today - datetime.timedelta(days=6),
        received_on=today - datetime.timedelta(days=5),
    )
    AssignmentFactory(
        circular=late, coordination=mandate.coordination, relay_due_on=today - datetime.timedelta(1)
    )
    proposal = PublishedProposalFactory(
        coordination=mandate.coordination, proposed_by=coordinator, title="Écrire au gouverneur"
    )
    RecipientFactory(proposal=proposal, group=group)
    MembershipFactory(group=group, volunteer=volunteer, role=Membership.Role.MEMBER)
    JoinRequestFactory(group=group, volunteer=other_volunteer)
    # For the secretariat's queues: a signalement of the coordinator's, a message that failed.
    liaison_signalement(coordinator=coordinator, coordination=mandate.coordination)
    OutgoingMessage.objects.create(
        kind="actions.proposal_published",
        to_email=leader.email,
        subject="Une nouvelle action pour votre groupe",
        text="Écrire au gouverneur.",
        status="failed",
        attempts=5,
        last_error="Le serveur de courrier a refusé la connexion.",
    )
    starts = timezone.now() + datetime.timedelta(days=3)
    Interview.objects.create(
        application=application,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        place="Secrétariat, rue Berckmans 9, Bruxelles",
    )
    return {
        "proposal": proposal,
        "circular": late,
        "coordinator": coordinator,
        "leader": leader,
        "volunteer": volunteer,
        "staff": secretariat,
    }


def sign_in(page, person):
    """The log-in form, then the authenticator's code for staff, by the fields' names."""
    main = page.locator("main")
    main.locator("input[name=login]").fill(person.email)
    main.locator("input[name=password]").fill(PASSWORD)
    main.locator("form:has(input[name=password]) button[type=submit]").click()
    code = current_code(person)
    if code is not None:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        main.locator("input[name=code]").fill(code)
        main.locator("form:has(input[name=code]) button[type=submit]").first.click()


def navigation_paths(page) -> list[str]:
    """The addresses of the main navigation (folded on a phone: read from the page)."""
    return page.eval_on_selector_all(
        "#main-nav a.nav-link", "links => links.map(link => link.getAttribute('href'))"
    )


def my_space_paths(page) -> list[str]:
    """My space's own pages that the overview links to (its sections and the profile)."""
    hrefs = page.eval_on_selector_all(
        "main a[href^='/fr/me/']", "links => links.map(link => link.getAttribute('href'))"
    )
    paths = {href.split("#")[0] for href in hrefs}
    # Personal data and consents have their own journeys; the sections' pages are what matter.
    return sorted(path for path in paths if path != ME and "/data/" not in path)


def open_the_menu_and_check(journey, label: str):
    """On a phone the menu folds: unfold it, check it fits and reads well, fold it again."""
    page = journey.page
    toggler = page.locator(".navbar-toggler")
    toggler.click()
    page.locator("#main-nav.show").wait_for()
    page.wait_for_timeout(400)  # the unfolding's transition
    journey.check(label)
    toggler.click()
    page.locator("#main-nav.collapsing, #main-nav.show").first.wait_for(state="detached")


def visit_everything(journey, person, *, lands_on: str, also=()) -> list[str]:
    """Log in on a phone, then open every page of the navigation and of My space, and ``also``
    (pages with tables, one click further); returns the addresses visited."""
    page = journey.page
    page.set_viewport_size(PHONE)
    journey.goto("/fr/accounts/login/")
    sign_in(page, person)
    page.wait_for_url(f"**{lands_on}")
    journey.check("landing")
    open_the_menu_and_check(journey, "menu")
    visited = [lands_on]
    for path in navigation_paths(page):
        path = path.split("#")[0]
        if path in visited:
            continue
        journey.goto(path)
        journey.check(path)
        visited.append(path)
    journey.goto(ME)
    for path in [*my_space_paths(page), *also]:
        if path in visited:
            continue
        journey.goto(path)
        journey.check(path)
        visited.append(path)
    return visited


def test_the_coordinator_finds_the_urgent_circular_first_on_a_phone(journey, work):
    page = journey.page
    proposal = work["proposal"]
    visited = visit_everything(
        journey,
        work["coordinator"],
        lands_on=ME,
        also=[
            "/fr/actions/proposals/",
            f"/fr/actions/proposals/{proposal.pk}/",
            f"/fr/actions/circulars/{work['circular'].pk}/",
            "/fr/me/signalements/",
        ],
    )
    assert "/fr/actions/inbox/" in visited
    for section in ("mandate", "tasks", "onboarding", "activity", "handover", "profile"):
        assert f"/fr/me/{section}/" in visited

    # The count in the navigation: two circulars, one of them urgent and late (red).
    inbox = page.locator("#main-nav a[href='/fr/actions/inbox/']")
    assert inbox.locator(".nav-count").inner_text() == "2"
    assert "text-bg-danger" in inbox.locator(".nav-count").get_attribute("class")
    assert inbox.locator(".visually-hidden").inner_text().strip()

    # My space: what needs them now is on the first screen, the late circular first.
    journey.goto(ME)
    needs = page.locator("section.me-needs")
    first = needs.locator("li").first
    assert "UA 099/26" in first.inner_text()
    box = first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], f"below the fold: {box}"
    journey.shot("my space 390")
    page.set_viewport_size({"width": 1280, "height": 900})
    journey.check("my space 1280")

    # The inbox at 390: its rows stacked, the buttons in reach.
    page.set_viewport_size(PHONE)
    journey.goto("/fr/actions/inbox/")
    page.locator("a[href^='/fr/actions/proposals/new/?circular=']").first.wait_for()
    assert_fits(page)
    rows = page.locator("table.table-stack tbody tr")
    assert rows.count() == 2
    assert "UA 099/26" in rows.first.inner_text(), "the pressing one first"


def test_the_leader_finds_the_report_to_make_on_a_phone(journey, work, group):
    page = journey.page
    visited = visit_everything(
        journey,
        work["leader"],
        lands_on=ME,
        also=[f"/fr/groups/{group.slug}/members/", f"/fr/groups/{group.slug}/coordinators/"],
    )
    proposals = f"/fr/actions/groups/{group.slug}/"
    assert proposals in visited and f"/fr/groups/{group.slug}/" in visited
    link = page.locator(f"#main-nav a[href='{proposals}']")
    assert link.locator(".nav-count").inner_text() == "1"
    journey.goto(ME)
    needs = page.locator("section.me-needs").inner_text()
    assert "Écrire au gouverneur" in needs


def test_the_volunteer_finds_the_interview_on_a_phone(journey, work, application):
    page = journey.page
    visited = visit_everything(journey, work["volunteer"], lands_on=ME)
    assert "/fr/actions/inbox/" not in visited
    journey.goto(ME)
    expect(
        page.locator(f"section.me-needs a[href='/fr/vacancies/applications/{application.pk}/']")
    ).to_be_visible()


def test_the_secretariat_lands_on_the_dashboard_on_a_phone(journey, work):
    visited = visit_everything(
        journey,
        work["staff"],
        lands_on="/fr/dashboard/",
        also=["/fr/dashboard/signalements/", "/fr/dashboard/outbox/"],
    )
    for path in ("/fr/dashboard/", "/fr/vacancies/pipeline/", "/fr/actions/circulars/", ME):
        assert path in visited
    assert not any(re.match(r"/fr/me/(mandate|tasks|onboarding)/", path) for path in visited)
    # On a wide screen, the secretariat's longer menu stays within the page too.
    page = journey.page
    page.set_viewport_size({"width": 1280, "height": 900})
    journey.goto("/fr/dashboard/")
    journey.check("dashboard 1280")
    brand = page.locator(".navbar-brand").bounding_box()
    for link in page.locator("#main-nav a.nav-link").all():
        box = link.bounding_box()
        assert box["height"] < 2 * brand["height"], f"{link.inner_text()} breaks over two lines"

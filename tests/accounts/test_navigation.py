"""The main navigation gives each person their daily work, with a count of what waits."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from actions.models import Circular
from tests.actions.factories import (
    AssignmentFactory,
    CircularFactory,
    PublishedProposalFactory,
    RecipientFactory,
    ReportFactory,
    today,
)
from tests.factories import PASSWORD, StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def navigation(client, path: str | None = None) -> str:
    """The main navigation of a page (the English privacy page by default)."""
    page = client.get(path or en("privacy")).content.decode()
    return re.search(r'<ul class="navbar-nav me-auto">.*?</ul>', page, re.S).group(0)


def links(nav: str) -> list[str]:
    return re.findall(r'<a class="nav-link[^"]*" href="([^"]+)"', nav)


def badge(nav: str, url: str) -> tuple[str, str, str]:
    """(the badge's colour class, its figure, its text for screen readers) on the link to url."""
    link = re.search(rf'href="{re.escape(url)}".*?</a>', nav, re.S).group(0)
    found = re.search(
        r'class="badge rounded-pill nav-count (\S+)" aria-hidden="true">(\d+)</span>'
        r'<span class="visually-hidden"> \(([^)]*)\)</span>',
        link,
    )
    return found.groups() if found else None


def test_a_visitor_sees_the_public_pages_only(client):
    nav = navigation(client)
    assert links(nav) == [
        en("coordinations:list"),
        en("recruitment:vacancy_list"),
        en("groups:search"),
        en("events:list"),
    ]


def test_a_volunteer_has_my_space_and_no_work_list(volunteer_client, assigned_circular):
    assert links(navigation(volunteer_client))[4:] == [en("accounts:me")]


def test_a_coordinator_has_the_circulars_with_what_waits(
    coordinator_client, coordination, assigned_circular
):
    nav = navigation(coordinator_client)
    assert en("actions:inbox") in links(nav)
    assert badge(nav, en("actions:inbox")) == (
        "text-bg-warning",
        "1",
        "1 circular waits for you",
    )


def test_an_overdue_or_urgent_circular_turns_the_count_red(coordinator_client, coordination):
    late = CircularFactory(
        received_on=today() - datetime.timedelta(days=10),
        issued_on=today() - datetime.timedelta(days=11),
    )
    AssignmentFactory(circular=late, coordination=coordination)
    AssignmentFactory(
        circular=CircularFactory(priority=Circular.Priority.URGENT), coordination=coordination
    )
    AssignmentFactory(circular=CircularFactory(), coordination=coordination)
    assert badge(navigation(coordinator_client), en("actions:inbox")) == (
        "text-bg-danger",
        "3",
        "3 circulars wait for you, 2 overdue or urgent",
    )


def test_the_inbox_lists_the_pressing_circulars_first(coordinator_client, coordination):
    calm = CircularFactory(reference="UA 1/26")
    AssignmentFactory(circular=calm, coordination=coordination, relay_due_on=today())
    urgent = CircularFactory(reference="UA 2/26", priority=Circular.Priority.URGENT)
    AssignmentFactory(
        circular=urgent, coordination=coordination, relay_due_on=today() + datetime.timedelta(2)
    )
    late = CircularFactory(reference="UA 3/26")
    AssignmentFactory(
        circular=late, coordination=coordination, relay_due_on=today() - datetime.timedelta(1)
    )
    page = coordinator_client.get(reverse("actions:inbox")).content.decode()
    assert page.index("UA 3/26") < page.index("UA 2/26") < page.index("UA 1/26")


def test_nothing_waiting_shows_a_grey_zero(coordinator_client, coordination, assigned_circular):
    PublishedProposalFactory(coordination=coordination, circular=assigned_circular)
    assert badge(navigation(coordinator_client), en("actions:inbox")) == (
        "text-bg-secondary",
        "0",
        "0 circulars wait for you",
    )


def test_a_leader_has_the_group_and_the_proposals_to_report(leader_client, group, other_group):
    waiting = PublishedProposalFactory(title="Lettres pour Mexico")
    RecipientFactory(proposal=waiting, group=group)
    reported = RecipientFactory(group=group).proposal
    ReportFactory(proposal=reported, group=group)
    RecipientFactory(group=other_group)  # another group's
    nav = navigation(leader_client)
    proposals = en("actions:group_proposals", group.slug)
    assert links(nav)[5:] == [en("groups:detail", group.slug), proposals]
    assert badge(nav, proposals) == ("text-bg-warning", "1", "1 proposal waits for your report")


def test_a_leader_of_two_groups_is_sent_to_my_space(leader_client, leader, other_group):
    from groups.models import Membership
    from tests.groups.factories import MembershipFactory

    MembershipFactory(group=other_group, volunteer=leader, role=Membership.Role.LEADER)
    me = en("accounts:me")
    assert links(navigation(leader_client))[5:] == [f"{me}#groups-led", f"{me}#me-group-actions"]


def test_staff_have_the_dashboard_the_pipeline_and_the_registry(staff_client):
    nav = navigation(staff_client)
    assert links(nav)[4:7] == [
        en("accounts:me"),
        en("dashboard:index"),
        en("recruitment:pipeline_index"),
    ]
    assert links(nav)[7:] == [en("actions:circular_list"), en("people:search")]
    assert "nav-count" not in nav


def test_the_current_section_is_marked_once(staff_client):
    nav = navigation(staff_client, en("recruitment:pipeline_index"))
    assert nav.count('aria-current="page"') == 1
    assert re.search(
        rf'class="nav-link active" href="{en("recruitment:pipeline_index")}" aria-current="page"',
        nav,
    )


# The count's cost and freshness ------------------------------------------------------------------


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def test_the_count_costs_one_query_then_none(coordinator_client, assigned_circular):
    first = queries(coordinator_client, en("privacy"))
    assert queries(coordinator_client, en("privacy")) == first - 1


def test_staff_and_visitors_pay_no_query_for_the_navigation(client, staff_client):
    # Session, user, second factor: the same as a page without the navigation would.
    assert queries(staff_client, en("privacy")) == 3
    from django.test import Client

    assert queries(Client(), en("privacy")) == 0


def test_a_change_shows_at_once(coordinator_client, coordination, assigned_circular):
    url = en("actions:inbox")
    assert badge(navigation(coordinator_client), url)[1] == "1"
    assignment = AssignmentFactory(circular=CircularFactory(), coordination=coordination)
    assert badge(navigation(coordinator_client), url)[1] == "2"
    PublishedProposalFactory(coordination=coordination, circular=assignment.circular)
    assert badge(navigation(coordinator_client), url)[1] == "1"
    assigned_circular.assignments.all().delete()
    assert badge(navigation(coordinator_client), url)[1] == "0"


def test_a_report_takes_the_proposal_off_the_count(leader_client, group):
    proposal = RecipientFactory(group=group).proposal
    url = en("actions:group_proposals", group.slug)
    assert badge(navigation(leader_client), url)[1] == "1"
    ReportFactory(proposal=proposal, group=group)
    assert badge(navigation(leader_client), url)[1] == "0"


def test_the_day_is_part_of_the_key(coordinator_client, coordination, clock):
    AssignmentFactory(circular=CircularFactory(), coordination=coordination, relay_due_on=today())
    assert badge(navigation(coordinator_client), en("actions:inbox"))[0] == "text-bg-warning"
    clock.shift(datetime.timedelta(days=1))
    assert badge(navigation(coordinator_client), en("actions:inbox"))[0] == "text-bg-danger"


# Where people land after logging in ------------------------------------------------------------


def log_in(client, email: str, next_url: str = ""):
    from accounts.models import User
    from tests.mfa import current_code

    data = {"login": email, "password": PASSWORD}
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, data)
    code = current_code(User.objects.get(email=email))
    if code is not None:
        response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_staff_land_on_the_dashboard():
    from django.test import Client

    StaffFactory(email="secretariat@example.org")
    response = log_in(Client(), "secretariat@example.org")
    assert response.url == reverse("dashboard:index")


def test_an_explicit_next_wins_for_staff():
    from django.test import Client

    StaffFactory(email="secretariat@example.org")
    response = log_in(
        Client(), "secretariat@example.org", next_url=reverse("actions:circular_list")
    )
    assert response.url == reverse("actions:circular_list")


def test_volunteers_land_in_my_space(volunteer):
    from django.test import Client

    assert log_in(Client(), volunteer.email).url == reverse("accounts:me")

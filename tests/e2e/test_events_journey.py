"""Journey: on a phone (390×844), a member of Namur signs up for a shift of the group's
10 December stand; two days before, the reminder task (run on a fixed clock) sends the reminder
with its calendar file; on the day, the leader marks the member present, and the hours appear on
the group's page and in the member's schedule. Every page checked with axe, no CSP violation."""

import datetime

import icalendar
import pytest
import time_machine
from django.utils import timezone

from events.models import Event, Participation
from events.tasks import send_event_reminders
from tests.e2e.conftest import PHONE, Journey
from tests.events.factories import ShiftFactory, StandFactory
from tests.factories import PASSWORD, UserFactory
from tests.groups.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def stand(group, leader):
    """Namur's stand in three days, for its members: three shifts of two people."""
    day = timezone.localdate() + datetime.timedelta(days=3)
    at = lambda hour: datetime.datetime.combine(  # noqa: E731
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )
    stand = StandFactory(
        title="Stand bougies du 10 décembre",
        slug="stand-bougies-namur",
        group=group,
        audience=Event.Audience.GROUP,
        starts_at=at(10),
        ends_at=at(16),
        venue="Place d'Armes",
    )
    for hour, role in ((10, "Montage et vente"), (12, "Vente de bougies"), (14, "Rangement")):
        ShiftFactory(event=stand, role=role, starts_at=at(hour), ends_at=at(hour + 2))
    return stand


def log_in(page, email: str) -> None:
    """Through allauth's log-in form, by its fields' names (whatever the page's language)."""
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def csp_violations(page) -> list:
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_a_member_signs_up_for_a_shift_is_reminded_and_gets_the_hours(
    journey, browser, live_server, group, leader, stand, mailoutbox
):
    member = UserFactory(email="lea@example.org", first_name="Léa", last_name="Martin")
    MembershipFactory(group=group, volunteer=member)
    page = journey.page
    page.set_viewport_size(PHONE)
    violations = csp_violations(page)

    # The member logs in and finds the stand among the events.
    journey.goto("/fr/accounts/login/")
    log_in(page, member.email)
    journey.goto("/en/events/")
    journey.check("events on a phone")
    page.get_by_role("link", name="Stand bougies du 10 décembre").click()
    page.wait_for_url("**/en/events/stand-bougies-namur/")
    journey.check("the stand and its shifts")
    shift = stand.shifts.get(role="Vente de bougies")
    page.locator(f"#shift-{shift.pk}").get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/en/events/stand-bougies-namur/")
    assert "Your place is confirmed" in page.locator("main").inner_text()
    journey.check("signed up")
    participation = Participation.objects.get(person=member)
    assert participation.shift == shift and participation.status == "confirmed"
    confirmation = next(m for m in mailoutbox if m.to == [member.email])
    assert confirmation.attachments

    # Two days before the shift, the hourly task sends the reminder, once.
    moment = shift.starts_at - datetime.timedelta(days=2) + datetime.timedelta(minutes=5)
    assert send_event_reminders(now=moment.isoformat()) == 1
    assert send_event_reminders(now=moment.isoformat()) == 0
    reminders = [m for m in mailoutbox if m.to == [member.email] and m is not confirmation]
    assert len(reminders) == 1
    reminder = reminders[0]
    assert "Stand bougies du 10 décembre" in reminder.subject
    assert "Vente de bougies" in reminder.body and "Place d'Armes" in reminder.body
    [(name, content, _mimetype)] = reminder.attachments
    [vevent] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert vevent.decoded("dtstart") == shift.starts_at

    # On the day, the leader marks the member present from their phone.
    with time_machine.travel(shift.ends_at + datetime.timedelta(minutes=10), tick=True):
        context = browser.new_context(viewport=PHONE, locale="fr-BE")
        leader_page = context.new_page()
        leader_journey = Journey(leader_page, live_server, "leader marks attendance")
        leader_journey.goto("/fr/accounts/login/")
        log_in(leader_page, leader.email)
        leader_journey.goto("/en/events/stand-bougies-namur/manage/")
        leader_journey.check("the organisers' page")
        row = leader_page.get_by_role("row", name="Léa Martin")
        row.get_by_label("Came").check()
        leader_page.get_by_role("button", name="Save the attendance").click()
        leader_page.wait_for_url("**/en/events/stand-bougies-namur/manage/")
        assert "1 attendance recorded" in leader_page.locator("main").inner_text()
        leader_journey.check("attendance saved")

        # The hours appear on the group's page, for its leader.
        leader_journey.goto("/en/events/groups/namur/")
        leader_journey.check("the group's hours")
        member_row = leader_page.get_by_role("row", name="Léa Martin")
        assert member_row.locator("td").last.inner_text() == "2.0"
        context.close()

    participation.refresh_from_db()
    assert participation.attended is True and participation.credited_minutes == 120
    journey.goto("/en/events/me/")
    assert "2.0 hours recorded" in page.locator("main").inner_text()
    journey.check("my schedule and hours")
    assert violations == []

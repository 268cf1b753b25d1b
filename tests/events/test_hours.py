"""Attendance to hours: marked by the organisers or by a check-in code; totals per person,
group, coordination and campaign; the leaders' time log and the coordinators' activities; the
CSV export, audited; nothing of a person's hours is public."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from events import selectors, services
from events.models import Event, Participation
from tests.coordinations.factories import ActivityFactory
from tests.events.factories import EventFactory, ParticipationFactory, ShiftFactory
from tests.groups.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def at_the_stand(clock, stand):
    clock.move_to(stand.shifts.first().starts_at + datetime.timedelta(minutes=30))


def test_attendance_to_hours_totals(
    clock, stand, group, leader, volunteer, other_volunteer, coordination, mandate
):
    from actions.models import Circular
    from tests.actions.factories import CircularFactory

    campaign = CircularFactory(kind=Circular.Kind.CAMPAIGN, title="Écrire pour les droits")
    Event.objects.filter(pk=stand.pk).update(campaign=campaign)
    first, second, _third = stand.shifts.all()
    a = services.participation_take(event=stand, shift=first, person=volunteer)
    b = services.participation_take(event=stand, shift=second, person=volunteer)
    c = services.participation_take(event=stand, shift=first, person=other_volunteer)
    at_the_stand(clock, stand)
    services.attendance_mark_many(
        event=stand, marks={a.pk: True, b.pk: True, c.pk: False}, actor=leader
    )
    # A coordination's conference, attended by the volunteer: 2 hours.
    conference = EventFactory(
        organiser=Event.Organiser.COORDINATION,
        coordination=coordination,
        starts_at=clock.now - datetime.timedelta(hours=3),
        ends_at=clock.now - datetime.timedelta(hours=1),
    )
    talk = ParticipationFactory(event=conference, person=volunteer)
    services.attendance_mark(participation=talk, attended=True, actor=leader)
    # Time the leader logged, and a coordinator's activity with a duration.
    MembershipFactory(group=group, volunteer=volunteer)
    services.volunteer_time_log(
        group=group,
        person=volunteer,
        date=clock.today,
        minutes=90,
        description="Préparation des bougies",
        logged_by=leader,
    )
    ActivityFactory(mandate=mandate, duration_minutes=45)

    totals = selectors.hours_totals()
    assert totals.by["person"][volunteer.pk] == 2 * 60 + 2 * 60 + 2 * 60 + 90
    assert other_volunteer.pk not in totals.by["person"]  # did not come
    assert totals.by["person"][mandate.volunteer_id] == 45
    assert totals.by["group"][group.pk] == 4 * 60 + 90
    assert totals.by["coordination"][coordination.pk] == 2 * 60 + 45
    assert totals.by["campaign"][campaign.pk] == 4 * 60
    assert totals.minutes == 4 * 60 + 2 * 60 + 90 + 45
    # A period that ends before today counts none of it.
    yesterday = clock.today - datetime.timedelta(days=1)
    assert selectors.hours_totals(start=yesterday, end=yesterday).minutes == 0
    # Unmarking takes the hours back.
    services.attendance_mark(participation=a, attended=None, actor=leader)
    assert selectors.hours_totals().by["group"][group.pk] == 2 * 60 + 90


def test_attendance_is_not_marked_before_the_day(stand, leader, volunteer):
    participation = services.participation_take(
        event=stand, shift=stand.shifts.first(), person=volunteer
    )
    with pytest.raises(ValidationError) as refused:
        services.attendance_mark(participation=participation, attended=True, actor=leader)
    assert refused.value.code == "too_early"


def test_check_in_with_the_code_on_the_day(clock, client, stand, volunteer):
    first, second, third = stand.shifts.all()
    services.participation_take(event=stand, shift=first, person=volunteer)
    services.participation_take(event=stand, shift=third, person=volunteer)
    client.force_login(volunteer)
    with translation.override("en"):
        url = reverse("events:check_in", args=[stand.slug])
    # Not on the day yet.
    response = client.post(url, {"code": stand.check_in_code})
    assert "You have no confirmed place at this event today" in response.content.decode()
    at_the_stand(clock, stand)
    response = client.post(url, {"code": "WRONG1"})
    assert "This is not the code of this event" in response.content.decode()
    assert not Participation.objects.filter(attended=True).exists()
    response = client.post(url, {"code": f" {stand.check_in_code.lower()} "})
    assert response.status_code == 302
    places = Participation.objects.filter(person=volunteer)
    assert {p.attended for p in places} == {True}
    assert all(p.checked_in_at for p in places)
    assert selectors.hours_totals(person=volunteer).minutes == 4 * 60


def test_the_leader_marks_attendance_on_the_organisers_page(clock, leader_client, stand, volunteer):
    participation = services.participation_take(
        event=stand, shift=stand.shifts.first(), person=volunteer
    )
    at_the_stand(clock, stand)
    page = leader_client.get(reverse("events:manage", args=[stand.slug])).content.decode()
    assert stand.check_in_code in page
    leader_client.post(
        reverse("events:attendance", args=[stand.slug]), {f"p{participation.pk}": "yes"}
    )
    participation.refresh_from_db()
    assert participation.attended is True and participation.credited_minutes == 120


def test_the_group_page_of_hours_is_the_leaders_and_staffs(
    client, stand, group, leader, other_leader, volunteer, staff
):
    url = reverse("events:group_hours", args=[group.slug])
    assert client.get(url).status_code == 302  # visitors log in
    for outsider in (volunteer, other_leader):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    MembershipFactory(group=group, volunteer=volunteer)
    client.force_login(leader)
    response = client.post(
        reverse("events:time_log", args=[group.slug]),
        {
            "person": volunteer.pk,
            "date": "2026-11-20",
            "hours": "1,5",  # the Belgian way, on the French page
            "description": "Lettres pour un prisonnier",
        },
    )
    assert response.status_code == 302, response.context["time_form"].errors
    assert selectors.hours_totals(group=group).by["person"][volunteer.pk] == 90
    page = client.get(url).content.decode()
    assert "Lettres pour un prisonnier" in page
    client.force_login(staff)
    assert client.get(url).status_code == 200
    # Nothing about hours on the public pages.
    client.logout()
    public = client.get(group.get_absolute_url()).content.decode()
    assert "Lettres pour un prisonnier" not in public


def test_the_leader_logs_time_only_for_the_groups_members(leader, group, other_volunteer):
    with pytest.raises(ValidationError):
        services.volunteer_time_log(
            group=group,
            person=other_volunteer,
            date=datetime.date(2026, 11, 20),
            minutes=60,
            description="x",
            logged_by=leader,
        )


def test_the_hours_export_is_staffs_and_audited(
    clock, client, staff, volunteer, stand, leader, caplog
):
    participation = services.participation_take(
        event=stand, shift=stand.shifts.first(), person=volunteer
    )
    at_the_stand(clock, stand)
    services.attendance_mark(participation=participation, attended=True, actor=leader)
    url = reverse("events:hours_export")
    client.force_login(volunteer)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    with caplog.at_level("INFO", logger="portal.security"):
        response = client.get(url, {"period": "year"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[1][0] == volunteer.get_full_name() and rows[1][-1] == "2,00"
    assert any(
        '"event": "export"' in record.getMessage()
        and '"export": "volunteer_hours_by_person"' in record.getMessage()
        for record in caplog.records
    )
    by_group = client.get(url, {"by": "group"})
    content = b"".join(by_group.streaming_content).decode("utf-8-sig")
    assert "Groupe de Namur;2,00" in content


def test_the_staff_hours_page(staff_client, stand, volunteer, leader, clock):
    participation = services.participation_take(
        event=stand, shift=ShiftFactory(event=stand, capacity=1), person=volunteer
    )
    clock.move_to(participation.shift.starts_at)
    services.attendance_mark(participation=participation, attended=True, actor=leader)
    page = staff_client.get(reverse("events:hours")).content.decode()
    assert "Groupe de Namur" in page and volunteer.get_full_name() in page

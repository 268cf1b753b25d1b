"""Registering, the waiting list and its promotion, signing up for shifts, cancelling."""

import datetime

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from events import services
from events.models import Event, Participation
from messaging.models import OutgoingMessage
from tests.events.factories import EventFactory, ParticipationFactory, ShiftFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
Status = Participation.Status


def messages_to(person, kind):
    return OutgoingMessage.objects.filter(recipient=person, kind=kind)


def ics_of(message) -> icalendar.Calendar:
    [item] = message.attachments
    assert item["mimetype"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(item["content"])


def test_a_registration_is_confirmed_with_an_ics_by_e_mail(event, volunteer):
    participation = services.participation_take(event=event, person=volunteer)
    assert participation.status == Status.CONFIRMED
    [message] = messages_to(volunteer, "events.confirmed")
    assert "Soirée d'information" in message.subject
    [vevent] = ics_of(message).walk("VEVENT")
    assert vevent.decoded("dtstart") == event.starts_at
    assert str(vevent["summary"]) == "Soirée d'information"
    # Taking it again changes nothing and sends nothing.
    assert services.participation_take(event=event, person=volunteer) == participation
    assert messages_to(volunteer, "events.confirmed").count() == 1


def test_the_last_place_then_the_waiting_list_then_the_promotion(event, volunteer, other_volunteer):
    Event.objects.filter(pk=event.pk).update(capacity=1)
    event.refresh_from_db()
    first = services.participation_take(event=event, person=volunteer)
    second = services.participation_take(event=event, person=other_volunteer)
    third_person = UserFactory(first_name="Zoé")
    third = services.participation_take(event=event, person=third_person)
    assert (first.status, second.status, third.status) == (
        Status.CONFIRMED,
        Status.WAITING,
        Status.WAITING,
    )
    assert messages_to(other_volunteer, "events.waiting").count() == 1

    promoted = services.participation_cancel(participation=first, actor=volunteer)

    assert promoted == [second]  # the first in line, not the last
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Status.CONFIRMED and second.confirmed_at is not None
    assert third.status == Status.WAITING
    [message] = messages_to(other_volunteer, "events.promoted")
    assert "place" in message.text and ics_of(message).walk("VEVENT")
    assert not messages_to(third_person, "events.promoted").exists()


def test_a_full_event_without_waiting_list_refuses(event, volunteer, other_volunteer):
    Event.objects.filter(pk=event.pk).update(capacity=1, waiting_list=False)
    event.refresh_from_db()
    services.participation_take(event=event, person=volunteer)
    with pytest.raises(ValidationError) as refused:
        services.participation_take(event=event, person=other_volunteer)
    assert refused.value.code == "full"
    assert not Participation.objects.filter(person=other_volunteer).exists()


def test_places_added_go_to_the_people_waiting(event, volunteer, other_volunteer):
    Event.objects.filter(pk=event.pk).update(capacity=1)
    event.refresh_from_db()
    services.participation_take(event=event, person=volunteer)
    waiting = services.participation_take(event=event, person=other_volunteer)
    Event.objects.filter(pk=event.pk).update(capacity=2)
    assert services.slot_fill(event=event) == [waiting]
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_registrations_close_at_the_deadline(clock, event, volunteer):
    event.registration_deadline = clock.now + datetime.timedelta(hours=1)
    event.save()
    clock.shift(datetime.timedelta(hours=2))
    with pytest.raises(ValidationError) as refused:
        services.participation_take(event=event, person=volunteer)
    assert refused.value.code == "deadline"


def test_a_draft_or_cancelled_event_takes_nobody(volunteer, places):
    for status in (Event.Status.DRAFT, Event.Status.CANCELLED):
        event = EventFactory(status=status)
        with pytest.raises(ValidationError):
            services.participation_take(event=event, person=volunteer)
    assert not Participation.objects.exists()


def test_cancelling_is_possible_until_the_notice(clock, event, volunteer):
    participation = services.participation_take(event=event, person=volunteer)
    clock.move_to(event.starts_at - datetime.timedelta(hours=event.cancel_notice_hours - 1))
    with pytest.raises(ValidationError) as refused:
        services.participation_cancel(participation=participation, actor=volunteer)
    assert refused.value.code == "too_late"
    participation.refresh_from_db()
    assert participation.status == Status.CONFIRMED


def test_the_organisers_cancel_at_any_time(clock, stand, leader, volunteer):
    shift = stand.shifts.first()
    participation = services.participation_take(event=stand, shift=shift, person=volunteer)
    clock.move_to(shift.starts_at - datetime.timedelta(hours=1))
    services.participation_cancel(participation=participation, actor=leader)
    participation.refresh_from_db()
    assert participation.status == Status.CANCELLED


def test_shifts_one_or_several_but_never_two_at_once(stand, volunteer):
    first, second, third = stand.shifts.all()
    services.participation_take(event=stand, shift=first, person=volunteer)
    services.participation_take(event=stand, shift=second, person=volunteer)
    overlapping = ShiftFactory(
        event=stand, role="Accueil", starts_at=first.starts_at, ends_at=first.ends_at
    )
    with pytest.raises(ValidationError) as refused:
        services.participation_take(event=stand, shift=overlapping, person=volunteer)
    assert refused.value.code == "overlap"
    assert Participation.objects.filter(person=volunteer, status=Status.CONFIRMED).count() == 2
    # An event with shifts takes no registration for the whole event.
    with pytest.raises(ValidationError) as refused:
        services.participation_take(event=stand, person=volunteer)
    assert refused.value.code == "by_shift"


def test_a_shift_keeps_its_own_capacity_and_waiting_list(stand, volunteer, other_volunteer):
    shift = stand.shifts.first()
    ParticipationFactory.create_batch(2, event=stand, shift=shift)
    waiting = services.participation_take(event=stand, shift=shift, person=volunteer)
    assert waiting.status == Status.WAITING
    other = services.participation_take(
        event=stand, shift=stand.shifts.last(), person=other_volunteer
    )
    assert other.status == Status.CONFIRMED


# Through the pages ------------------------------------------------------------------------------


def test_register_through_the_page(volunteer_client, volunteer, event):
    with translation.override("en"):
        url = reverse("events:register", args=[event.slug])
        page = reverse("events:detail", args=[event.slug])
    # Opened by GET (a reload, a bookmark), the address shows the event's page with its button.
    opened = volunteer_client.get(url)
    assert opened.status_code == 302 and opened.url == page
    assert f'action="{url}"' in volunteer_client.get(page).content.decode()
    response = volunteer_client.post(url, follow=True)
    assert response.status_code == 200
    assert "Your place is confirmed" in response.content.decode()
    assert Participation.objects.get(person=volunteer).status == Status.CONFIRMED


def test_visitors_are_sent_to_log_in_and_nothing_is_saved(client, event):
    response = client.post(reverse("events:register", args=[event.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Participation.objects.exists()


def test_nobody_cancels_someone_elses_place(client, event, volunteer, other_volunteer):
    participation = services.participation_take(event=event, person=volunteer)
    client.force_login(other_volunteer)
    response = client.post(reverse("events:cancel", args=[participation.pk]))
    assert response.status_code == 404
    participation.refresh_from_db()
    assert participation.status == Status.CONFIRMED


def test_sign_up_for_a_shift_and_cancel_from_the_schedule(client, stand, group, volunteer):
    from tests.groups.factories import MembershipFactory

    MembershipFactory(group=group, volunteer=volunteer)
    client.force_login(volunteer)
    shift = stand.shifts.first()
    client.post(reverse("events:shift_signup", args=[stand.slug, shift.pk]))
    participation = Participation.objects.get(person=volunteer, shift=shift)
    page = client.get(reverse("events:my_schedule")).content.decode()
    assert "Stand bougies du 10 décembre" in page and "Vente de bougies" in page
    client.post(reverse("events:cancel", args=[participation.pk]))
    participation.refresh_from_db()
    assert participation.status == Status.CANCELLED

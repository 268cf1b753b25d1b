"""Registrations, shifts, the waiting list, attendance, trainings and volunteering time.

Capacity under concurrency: two people taking the last place at the same instant must not both
get it. Every change to who holds a place runs in a transaction that first locks the person's
row, then the slot's (the shift's, or the event's for a registration), always in that order so
that two operations never wait for each other in a circle; the count of confirmed places is
read only once the slot is locked. The second of two simultaneous sign-ups therefore waits for
the first to commit, then counts its place and goes to the waiting list. The waiting list is
served under the same lock, in the order people joined it. (On SQLite, whose writes are
serialised anyway, ``select_for_update`` is a no-op.)
"""

import datetime
import hmac

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import notifications
from events.models import (
    CalendarFeed,
    Event,
    Participation,
    Shift,
    Training,
    TrainingCompletion,
    VolunteerTime,
    new_check_in_code,
    new_feed_token,
)

Status = Participation.Status


# Locks ---------------------------------------------------------------------------------------


def _lock(person, event: Event, shift: Shift | None):
    """Lock the person's row, then the slot's (see the module's docstring); return the slot
    as it stands now."""
    get_user_model().objects.select_for_update().filter(pk=person.pk).first()
    if shift is not None:
        return Shift.objects.select_for_update().select_related("event").get(pk=shift.pk)
    return Event.objects.select_for_update().get(pk=event.pk)


def _lock_slot(event: Event, shift: Shift | None):
    if shift is not None:
        return Shift.objects.select_for_update().select_related("event").get(pk=shift.pk)
    return Event.objects.select_for_update().get(pk=event.pk)


def _slot_participations(event: Event, shift: Shift | None):
    if shift is not None:
        return Participation.objects.filter(shift=shift)
    return Participation.objects.filter(event=event, shift__isnull=True)


def _capacity(event: Event, shift: Shift | None) -> int | None:
    return shift.capacity if shift is not None else event.capacity


def free_places(event: Event, shift: Shift | None = None) -> int | None:
    """Places left in a slot (None: no limit). Read it under the slot's lock to act on it."""
    capacity = _capacity(event, shift)
    if capacity is None:
        return None
    return max(capacity - _slot_participations(event, shift).confirmed().count(), 0)


# Taking a place ------------------------------------------------------------------------------


def _check_open(event: Event, shift: Shift | None, now: datetime.datetime) -> None:
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("This event does not take registrations."), code="closed")
    if shift is None:
        if not event.takes_registrations:
            raise ValidationError(_("This event does not take registrations."), code="closed")
        if event.shifts.exists():
            raise ValidationError(
                _("This event takes sign-ups by shift: choose a shift."), code="by_shift"
            )
    elif shift.event_id != event.pk:
        raise ValidationError(_("This shift belongs to another event."), code="other_event")
    closes = (shift or event).registrations_close_at()
    if now >= closes:
        raise ValidationError(_("Registrations are closed."), code="deadline")


def _overlapping_shift(person, shift: Shift):
    """The person's other place on a shift of the same event at the same time, if any."""
    return (
        Participation.objects.active()
        .filter(
            person=person,
            event_id=shift.event_id,
            shift__starts_at__lt=shift.ends_at,
            shift__ends_at__gt=shift.starts_at,
        )
        .exclude(shift=shift)
        .select_related("shift")
        .first()
    )


@transaction.atomic
def participation_take(
    *, event: Event, person, shift: Shift | None = None, now: datetime.datetime | None = None
) -> Participation:
    """Register for an event (``shift`` None) or sign up for one of its shifts: a confirmed
    place while there is one, else a place on the waiting list (or a refusal when the event
    keeps none). Taking a place one already has changes nothing."""
    now = now or timezone.now()
    slot = _lock(person, event, shift)
    if shift is not None:
        shift, event = slot, slot.event
    else:
        event = slot
    _check_open(event, shift, now)
    participation = _slot_participations(event, shift).filter(person=person).first()
    if participation is not None and participation.status != Status.CANCELLED:
        return participation
    if shift is not None:
        clash = _overlapping_shift(person, shift)
        if clash is not None:
            raise ValidationError(
                _("You already have a shift at that time: %(shift)s.")
                % {"shift": clash.shift.label},
                code="overlap",
            )
    places = free_places(event, shift)
    if places is None or places > 0:
        status = Status.CONFIRMED
    elif event.waiting_list:
        status = Status.WAITING
    else:
        raise ValidationError(_("There is no place left."), code="full")
    if participation is None:
        participation = Participation(event=event, shift=shift, person=person)
    participation.status = status
    participation.registered_at = now
    participation.cancelled_at = None
    participation.attended = None
    participation.credited_minutes = 0
    participation.confirmed_at = now if status == Status.CONFIRMED else None
    participation.waiting_since = now if status == Status.WAITING else None
    participation.save()
    if status == Status.CONFIRMED:
        notifications.notify_confirmed(participation)
    else:
        notifications.notify_waiting(participation)
    return participation


@transaction.atomic
def participation_cancel(
    *, participation: Participation, actor, now: datetime.datetime | None = None
) -> list[Participation]:
    """Give up a place (or leave the waiting list); the first people waiting move up into
    freed places and are told. Returns those promoted. A person cancels their own place until
    the event's notice before the start; the organisers at any time."""
    from events.permissions import manages

    now = now or timezone.now()
    event, shift = participation.event, participation.shift
    _lock(participation.person, event, shift)
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.status == Status.CANCELLED:
        return []
    if (
        participation.status == Status.CONFIRMED
        and not manages(actor, event)
        and now >= participation.cancellable_until()
    ):
        raise ValidationError(
            _("It is too late to cancel online: please tell the organisers."), code="too_late"
        )
    was_confirmed = participation.status == Status.CONFIRMED
    participation.status = Status.CANCELLED
    participation.cancelled_at = now
    participation.waiting_since = None
    participation.attended = None
    participation.credited_minutes = 0
    participation.save()
    if not was_confirmed:
        return []
    return _promote(event, shift, now)


def _promote(event: Event, shift: Shift | None, now: datetime.datetime) -> list[Participation]:
    """Move the first people waiting into the free places of a locked slot, and tell them."""
    slot = shift or event
    if slot.starts_at <= now or not event.waiting_list:
        return []
    places = free_places(event, shift)
    if places is not None and places <= 0:
        return []
    waiting = _slot_participations(event, shift).in_waiting_order().select_related("person")
    promoted = list(waiting if places is None else waiting[:places])
    for participation in promoted:
        participation.status = Status.CONFIRMED
        participation.confirmed_at = now
        participation.waiting_since = None
        participation.save(update_fields=["status", "confirmed_at", "waiting_since"])
        notifications.notify_promoted(participation)
    return promoted


@transaction.atomic
def slot_fill(
    *, event: Event, shift: Shift | None = None, now: datetime.datetime | None = None
) -> list[Participation]:
    """After places were added to an event or a shift: promote from its waiting list."""
    slot = _lock_slot(event, shift)
    if shift is not None:
        shift, event = slot, slot.event
    else:
        event = slot
    return _promote(event, shift, now or timezone.now())


def event_fill_all(*, event: Event, now: datetime.datetime | None = None) -> int:
    """``slot_fill`` for the event and each of its shifts; how many people moved up."""
    promoted = len(slot_fill(event=event, now=now))
    for shift in event.shifts.all():
        promoted += len(slot_fill(event=event, shift=shift, now=now))
    return promoted


# Attendance and hours ------------------------------------------------------------------------


def _can_mark(participation: Participation, now: datetime.datetime) -> None:
    if participation.status != Status.CONFIRMED:
        raise ValidationError(
            _("Only people with a confirmed place can be marked present."), code="not_confirmed"
        )
    if timezone.localdate(participation.starts_at) > timezone.localdate(now):
        raise ValidationError(
            _("Attendance is marked from the day of the event."), code="too_early"
        )


def _set_attendance(
    participation: Participation, attended: bool | None, actor, now: datetime.datetime
) -> Participation:
    participation.attended = attended
    participation.attendance_marked_by = actor
    participation.credited_minutes = participation.slot.attendance_minutes() if attended else 0
    participation.save(update_fields=["attended", "attendance_marked_by", "credited_minutes"])
    event = participation.event
    if event.training_id:
        completed_on = timezone.localdate(event.ends_at)
        if attended:
            training_completion_record(
                person=participation.person,
                training=event.training,
                completed_on=min(completed_on, timezone.localdate(now)),
                event=event,
                recorded_by=actor,
            )
        else:
            TrainingCompletion.objects.filter(event=event, person=participation.person).delete()
    return participation


@transaction.atomic
def attendance_mark(
    *,
    participation: Participation,
    attended: bool | None,
    actor,
    now: datetime.datetime | None = None,
) -> Participation:
    """The organiser marks whether someone came (None: not marked yet); the hours of the shift
    or the event are recorded with it, and a training attended is recorded as completed."""
    now = now or timezone.now()
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    _can_mark(participation, now)
    return _set_attendance(participation, attended, actor, now)


@transaction.atomic
def attendance_mark_many(
    *, event: Event, marks: dict[int, bool | None], actor, now: datetime.datetime | None = None
) -> int:
    """Mark the attendance of several participations of one event; how many changed."""
    now = now or timezone.now()
    changed = 0
    participations = (
        Participation.objects.select_for_update(of=("self",))
        .filter(event=event, pk__in=list(marks))
        .select_related("event", "shift", "person", "event__training")
    )
    for participation in participations:
        wanted = marks[participation.pk]
        if participation.attended == wanted:
            continue
        _can_mark(participation, now)
        _set_attendance(participation, wanted, actor, now)
        changed += 1
    return changed


def check_in_code_matches(event: Event, code: str) -> bool:
    typed = "".join(str(code).split()).upper()
    return hmac.compare_digest(typed.encode(), event.check_in_code.encode())


@transaction.atomic
def participation_check_in(
    *, event: Event, person, code: str, now: datetime.datetime | None = None
) -> list[Participation]:
    """On the day, a person types the code the organisers give out: their places of that day
    (the event, or their shifts of the day) are marked attended."""
    now = now or timezone.now()
    if not check_in_code_matches(event, code):
        raise ValidationError(_("This is not the code of this event."), code="wrong_code")
    today = timezone.localdate(now)
    places = [
        participation
        for participation in Participation.objects.select_for_update(of=("self",))
        .filter(event=event, person=person, status=Status.CONFIRMED)
        .select_related("event", "shift", "event__training")
        if timezone.localdate(participation.starts_at)
        <= today
        <= timezone.localdate(participation.ends_at)
    ]
    if not places:
        raise ValidationError(
            _("You have no confirmed place at this event today."), code="no_place_today"
        )
    for participation in places:
        participation.checked_in_at = now
        participation.save(update_fields=["checked_in_at"])
        if participation.attended is not True:
            _set_attendance(participation, True, person, now)
    return places


@transaction.atomic
def check_in_code_renew(*, event: Event) -> str:
    """A new check-in code (the old one was shared too widely)."""
    event.check_in_code = new_check_in_code()
    event.save(update_fields=["check_in_code", "updated_at"])
    return event.check_in_code


# Trainings -----------------------------------------------------------------------------------


@transaction.atomic
def training_completion_record(
    *,
    person,
    training: Training,
    completed_on: datetime.date,
    event: Event | None = None,
    recorded_by=None,
) -> TrainingCompletion:
    """Record that a person completed a training; the onboarding steps that require it are
    ticked on the person's mandates in progress."""
    from coordinations.models import Mandate, OnboardingProgress, OnboardingStep
    from coordinations.services import onboarding_step_tick

    completion, _created = TrainingCompletion.objects.update_or_create(
        training=training,
        person=person,
        completed_on=completed_on,
        defaults={"event": event, "recorded_by": recorded_by},
    )
    steps = list(OnboardingStep.objects.filter(required_training=training))
    if steps:
        for mandate in Mandate.objects.active().filter(volunteer=person):
            done = set(
                OnboardingProgress.objects.filter(mandate=mandate).values_list("step", flat=True)
            )
            for step in steps:
                if step.pk not in done:
                    onboarding_step_tick(
                        mandate=mandate,
                        step=step,
                        done_on=completed_on,
                        ticked_by=recorded_by or person,
                        note=training.label,
                    )
    return completion


# Volunteering time ---------------------------------------------------------------------------


@transaction.atomic
def volunteer_time_log(
    *,
    group,
    person,
    date: datetime.date,
    minutes: int,
    description: str,
    logged_by,
    campaign=None,
) -> VolunteerTime:
    """A group's leader logs time a member gave outside the portal's events."""
    from groups.models import Membership

    if not Membership.objects.filter(group=group, volunteer=person).exists():
        raise ValidationError(_("This person is not a member of the group."), code="not_member")
    entry = VolunteerTime(
        group=group,
        person=person,
        date=date,
        minutes=minutes,
        description=description,
        campaign=campaign,
        logged_by=logged_by,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def volunteer_time_delete(*, entry: VolunteerTime) -> None:
    entry.delete()


# The personal calendar -----------------------------------------------------------------------


def calendar_feed_of(person) -> CalendarFeed:
    """The person's private calendar address (made the first time it is asked for)."""
    feed, _created = CalendarFeed.objects.get_or_create(person=person)
    return feed


@transaction.atomic
def calendar_feed_reset(*, person) -> CalendarFeed:
    """A new secret: the old address stops working at once."""
    feed = calendar_feed_of(person)
    feed.token = new_feed_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


# Calls for help ------------------------------------------------------------------------------


def call_for_help_audience(shift: Shift):
    """Who is asked when a shift still needs people: the group's members for a group's event,
    the coordination's coordinators for a coordination's, every coordinator in office for an
    event for coordinators, else the people who took another shift of the event; never those
    already on this shift, nor anyone who may not see the event."""
    from coordinations.models import Mandate
    from groups.models import Membership

    event = shift.event
    User = get_user_model()
    people = User.objects.filter(is_active=True)
    today = timezone.localdate()
    if event.group_id:
        people = people.filter(
            pk__in=Membership.objects.filter(group=event.group_id).values("volunteer")
        )
    elif event.organiser == Event.Organiser.COORDINATION:
        people = people.filter(
            pk__in=Mandate.objects.holding_on(today)
            .filter(coordination=event.coordination_id)
            .values("volunteer")
        )
    elif event.audience == Event.Audience.COORDINATORS:
        people = people.filter(pk__in=Mandate.objects.holding_on(today).values("volunteer"))
    else:
        people = people.filter(
            pk__in=Participation.objects.filter(event=event, shift__isnull=False)
            .exclude(status=Status.CANCELLED)
            .values("person")
        )
    already = Participation.objects.filter(shift=shift).exclude(status=Status.CANCELLED)
    return people.exclude(pk__in=already.values("person"))


@transaction.atomic
def shift_call_for_help(*, shift: Shift, actor, now: datetime.datetime | None = None) -> int:
    """Ask the shift's audience (``call_for_help_audience``) to take the places still free:
    one message each through the outbox, at most one per person and shift a day (a second
    click sends nothing twice). How many messages were recorded."""
    now = now or timezone.now()
    missing = free_places(shift.event, shift)
    if not missing:
        raise ValidationError(_("This shift has all the people it needs."), code="full")
    if shift.starts_at <= now:
        raise ValidationError(_("This shift has already started."), code="started")
    recorded = 0
    for person in call_for_help_audience(shift).order_by("pk"):
        if notifications.notify_call_for_help(shift=shift, person=person, missing=missing, now=now):
            recorded += 1
    return recorded


# Reminders -----------------------------------------------------------------------------------


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Record the reminders due at ``now`` (see ``selectors.reminders_due``), each exactly once
    (the outbox's deduplication key); how many this run recorded."""
    from events.selectors import reminders_due

    now = now or timezone.now()
    recorded = 0
    for participation in reminders_due(now):
        with transaction.atomic():
            if notifications.notify_reminder(participation):
                recorded += 1
    return recorded

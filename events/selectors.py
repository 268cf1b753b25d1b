"""Reads shared by the events' pages, the reminders, My space, the dashboard and the exports.

Every list is read in a fixed number of queries: counts come from subqueries, never from one
query per row.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.models import (
    Event,
    Participation,
    Shift,
    Training,
    TrainingCompletion,
    VolunteerTime,
    valid_completion_condition,
)

Status = Participation.Status
# A reminder goes this long before the start of an event or a shift.
REMINDER_BEFORE = datetime.timedelta(days=2)
LIST_PAGE_SIZE = 20


def _count(queryset, outer: str = "pk", on: str = "event"):
    """A subquery counting the rows of ``queryset`` for the outer row."""
    counted = (
        queryset.filter(**{on: OuterRef(outer)})
        .order_by()
        .values(on)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _confirmed_registrations():
    return Participation.objects.filter(status=Status.CONFIRMED, shift__isnull=True)


def with_counts(events):
    """Events with ``taken`` (confirmed registrations), ``waiting``, ``shift_count``,
    ``shift_places`` (people the shifts need) and ``shift_taken`` (confirmed on shifts)."""
    places = (
        Shift.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(total=Sum("capacity"))
        .values("total")
    )
    return events.annotate(
        taken=_count(_confirmed_registrations()),
        waiting=_count(Participation.objects.filter(status=Status.WAITING, shift__isnull=True)),
        shift_count=_count(Shift.objects.all()),
        shift_places=Coalesce(Subquery(places, output_field=IntegerField()), 0),
        shift_taken=_count(
            Participation.objects.filter(status=Status.CONFIRMED, shift__isnull=False)
        ),
    )


def events_for_list(user, *, kind: str | None = None, past: bool = False, now=None):
    """The events this person may see, upcoming first (or the past ones, latest first)."""
    now = now or timezone.now()
    events = Event.objects.visible_to(user).listed()
    if kind:
        events = events.filter(kind=kind)
    if past:
        events = events.past(now).order_by("-starts_at", "-pk")
    else:
        events = events.upcoming(now).order_by("starts_at", "pk")
    return with_counts(events.select_related("place", "coordination", "group"))


def event_for_page(user, slug: str):
    """One event, if this person may see it (a queryset: ``.get()`` it)."""
    return with_counts(
        Event.objects.visible_to(user)
        .filter(slug=slug)
        .select_related("place", "coordination", "group", "training", "campaign")
    )


def shifts_of(event: Event):
    """The event's shifts with ``taken`` and ``waiting``, in time order."""
    return Shift.objects.filter(event=event).annotate(
        taken=_count(Participation.objects.filter(status=Status.CONFIRMED), on="shift"),
        waiting=_count(Participation.objects.filter(status=Status.WAITING), on="shift"),
    )


def places_of(user, event: Event) -> list[Participation]:
    """This person's places (confirmed or waiting) at this event."""
    if not user.is_authenticated:
        return []
    return list(
        Participation.objects.active().filter(event=event, person=user).select_related("shift")
    )


def waiting_position(participation: Participation) -> int:
    """1 for the first in line."""
    if participation.status != Status.WAITING:
        return 0
    line = Participation.objects.waiting().filter(
        event=participation.event_id, shift=participation.shift_id
    )
    return (
        line.filter(
            Q(waiting_since__lt=participation.waiting_since)
            | Q(waiting_since=participation.waiting_since, pk__lt=participation.pk)
        ).count()
        + 1
    )


def participants_of(event: Event):
    """Everybody with a place or in line, by shift then name, for the organisers."""
    return (
        Participation.objects.active()
        .filter(event=event)
        .select_related("person", "shift")
        .order_by(
            F("shift__starts_at").asc(nulls_first=True),
            "shift_id",
            "status",
            "waiting_since",
            "person__last_name",
            "person__first_name",
            "pk",
        )
    )


@dataclass
class DaySchedule:
    day: datetime.date
    shifts: list = field(default_factory=list)


def shifts_by_day(shifts) -> list[DaySchedule]:
    """Shifts grouped by their day in Brussels, with ``missing`` (people still needed)."""
    days: dict[datetime.date, DaySchedule] = {}
    for shift in shifts:
        shift.missing = max(shift.capacity - shift.taken, 0)
        day = timezone.localdate(shift.starts_at)
        days.setdefault(day, DaySchedule(day)).shifts.append(shift)
    return list(days.values())


def schedule_of(person, *, now=None, past_days: int = 60):
    """A person's places, from ``past_days`` ago on: events and shifts, in time order."""
    now = now or timezone.now()
    return (
        Participation.objects.active()
        .with_start()
        .filter(person=person, slot_end__gte=now - datetime.timedelta(days=past_days))
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event", "shift", "event__place")
        .order_by("slot_start", "pk")
    )


def feed_participations(person, *, now=None):
    """What a person's calendar feed holds: their confirmed places of the last year and ahead."""
    now = now or timezone.now()
    return (
        Participation.objects.confirmed()
        .with_start()
        .filter(person=person, slot_end__gte=now - datetime.timedelta(days=365))
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event", "shift", "event__place")
        .order_by("slot_start", "pk")
    )


def public_feed_events(*, now=None):
    now = now or timezone.now()
    return (
        Event.objects.public()
        .filter(ends_at__gte=now - datetime.timedelta(days=90))
        .select_related("place", "coordination", "group")
        .order_by("starts_at", "pk")
    )


def reminders_due(now: datetime.datetime):
    """Confirmed places whose event or shift starts within two days and that were confirmed
    before the reminder's moment (whoever took a place later has just had its confirmation),
    not reminded yet. A run that was missed is caught up as long as the start is ahead."""
    from messaging.models import OutgoingMessage

    reminded = OutgoingMessage.objects.filter(
        kind="events.reminder",
        concerns_type=Participation._meta.label_lower,
        concerns_id=OuterRef("pk"),
    )
    return (
        Participation.objects.confirmed()
        .with_start()
        .filter(
            event__status=Event.Status.PUBLISHED,
            slot_start__gt=now,
            slot_start__lte=now + REMINDER_BEFORE,
            confirmed_at__lte=F("slot_start") - REMINDER_BEFORE,
            person__is_active=True,
        )
        .exclude(Exists(reminded))
        .select_related("event", "shift", "person", "event__place")
        .order_by("slot_start", "pk")
    )


# Trainings -----------------------------------------------------------------------------------


def trainings_of(person, today: datetime.date | None = None) -> list[TrainingCompletion]:
    """A person's completed trainings, latest first, each with ``valid_now``."""
    today = today or timezone.localdate()
    completions = list(
        TrainingCompletion.objects.filter(person=person).select_related("training", "event")
    )
    for completion in completions:
        completion.valid_now = completion.is_valid_on(today)
    return completions


def training_needs(today: datetime.date | None = None, *, expiring_days: int = 60) -> list[dict]:
    """For the training lead: for each training an onboarding step requires, the coordinators
    in office (or about to start) without a valid completion, and the completions that expire
    within ``expiring_days``."""
    from coordinations.models import Mandate, OnboardingStep

    today = today or timezone.localdate()
    required = Training.objects.filter(
        pk__in=OnboardingStep.objects.filter(required_training__isnull=False).values(
            "required_training"
        )
    )
    trainings = list(Training.objects.all())
    needs = []
    soon = today + datetime.timedelta(days=expiring_days)
    valid = TrainingCompletion.objects.filter(valid_completion_condition(today))
    required_ids = set(required.values_list("pk", flat=True))
    mandates = list(
        Mandate.objects.active()
        .select_related("volunteer", "coordination")
        .order_by("coordination__name", "volunteer__last_name", "pk")
    )
    holders = {(c.training_id, c.person_id) for c in valid.filter(training__in=required_ids)}
    expiring = list(
        TrainingCompletion.objects.filter(valid_until__gte=today, valid_until__lte=soon)
        .select_related("person", "training")
        .order_by("valid_until", "pk")
    )
    for training in trainings:
        missing = []
        if training.pk in required_ids:
            missing = [m for m in mandates if (training.pk, m.volunteer_id) not in holders]
        needs.append(
            {
                "training": training,
                "required": training.pk in required_ids,
                "missing": missing,
                "expiring": [c for c in expiring if c.training_id == training.pk],
            }
        )
    return needs


def training_sessions(today: datetime.date | None = None):
    """Upcoming training sessions, for the training lead."""
    return with_counts(
        Event.objects.filter(kind=Event.Kind.TRAINING)
        .listed()
        .upcoming()
        .select_related("training", "place")
        .order_by("starts_at", "pk")
    )


# Hours ---------------------------------------------------------------------------------------

DIMENSIONS = ("person", "group", "coordination", "campaign")


def _day_bounds(start: datetime.date | None, end: datetime.date | None):
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz) if start else None
    after = (
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        if end
        else None
    )
    return first, after


def hour_sources(
    *, start: datetime.date | None = None, end: datetime.date | None = None, group=None, person=None
):
    """One query: the volunteering minutes by (person, group, coordination, campaign), from
    the three sources of hours: attended events and shifts (the organising group, coordination
    and campaign of the event), the time leaders logged for their groups' members, and the
    durations of the coordinators' activity log. Rows of ``(who, grp, coord, camp, source,
    total)``; days in Brussels, both ends included."""
    from coordinations.models import Activity

    none = Value(None, output_field=IntegerField())
    first, after = _day_bounds(start, end)
    attended = Participation.objects.attended().with_start()
    if first:
        attended = attended.filter(slot_start__gte=first)
    if after:
        attended = attended.filter(slot_start__lt=after)
    logged = VolunteerTime.objects.all()
    activities = Activity.objects.filter(duration_minutes__isnull=False)
    if start:
        logged, activities = logged.filter(date__gte=start), activities.filter(date__gte=start)
    if end:
        logged, activities = logged.filter(date__lte=end), activities.filter(date__lte=end)
    if group is not None:
        attended = attended.filter(event__group=group)
        logged = logged.filter(group=group)
        activities = activities.none()
    if person is not None:
        attended = attended.filter(person=person)
        logged = logged.filter(person=person)
        activities = activities.filter(mandate__volunteer=person)
    events = (
        attended.order_by()
        .values(
            who=F("person"),
            grp=F("event__group"),
            coord=F("event__coordination"),
            camp=F("event__campaign"),
            source=Value("events"),
        )
        .annotate(total=Sum("credited_minutes"))
    )
    time_log = (
        logged.order_by()
        .values(
            who=F("person"), grp=F("group"), coord=none, camp=F("campaign"), source=Value("log")
        )
        .annotate(total=Sum("minutes"))
    )
    activity_log = (
        activities.order_by()
        .values(
            who=F("mandate__volunteer"),
            grp=none,
            coord=F("mandate__coordination"),
            camp=none,
            source=Value("activities"),
        )
        .annotate(total=Sum("duration_minutes"))
    )
    return events.union(time_log, activity_log, all=True)


@dataclass
class Totals:
    """Minutes by person, group, coordination and campaign, and by source."""

    minutes: int = 0
    by: dict = field(default_factory=lambda: {d: defaultdict(int) for d in DIMENSIONS})
    by_source: dict = field(default_factory=lambda: defaultdict(int))
    person_sources: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def people(self) -> int:
        return len(self.by["person"])


def hours_totals(**filters) -> Totals:
    """``hour_sources`` added up (one query)."""
    totals = Totals()
    for row in hour_sources(**filters):
        minutes = row["total"] or 0
        totals.minutes += minutes
        totals.by_source[row["source"]] += minutes
        totals.person_sources[row["who"]][row["source"]] += minutes
        for dimension, key in zip(DIMENSIONS, ("who", "grp", "coord", "camp"), strict=True):
            if row[key] is not None:
                totals.by[dimension][row[key]] += minutes
    return totals


def _named(model, ids, label) -> dict:
    return {obj.pk: label(obj) for obj in model._default_manager.filter(pk__in=list(ids))}


def hours_table(totals: Totals, dimension: str, *, limit: int | None = None) -> list[dict]:
    """Rows of ``{"id", "name", "minutes", "hours"}`` for one dimension, most hours first
    (one query for the names)."""
    from actions.models import Circular
    from coordinations.models import Coordination
    from groups.models import LocalGroup

    counts = totals.by[dimension]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if limit is not None:
        ranked = ranked[:limit]
    ids = [pk for pk, _minutes in ranked]
    if dimension == "person":
        names = _named(get_user_model(), ids, lambda u: u.get_full_name().strip() or u.display_name)
    elif dimension == "group":
        names = _named(LocalGroup, ids, str)
    elif dimension == "coordination":
        names = _named(Coordination, ids, str)
    else:
        names = _named(Circular, ids, lambda c: c.title)
    return [
        {"id": pk, "name": names.get(pk, "–"), "minutes": minutes, "hours": round(minutes / 60, 1)}
        for pk, minutes in ranked
    ]


def group_member_hours(group, *, start=None, end=None) -> list[dict]:
    """A group's members with their hours for the group (events of the group and time logged
    by its leader), most hours first; members without hours are listed too."""
    from groups.models import Membership

    totals = hours_totals(group=group, start=start, end=end)
    members = Membership.objects.filter(group=group).select_related("volunteer")
    rows = []
    for membership in members:
        person = membership.volunteer
        minutes = totals.by["person"].get(person.pk, 0)
        sources = totals.person_sources.get(person.pk, {})
        rows.append(
            {
                "person": person,
                "minutes": minutes,
                "hours": round(minutes / 60, 1),
                "events_hours": round(sources.get("events", 0) / 60, 1),
                "log_hours": round(sources.get("log", 0) / 60, 1),
            }
        )
    rows.sort(key=lambda row: (-row["minutes"], row["person"].last_name, row["person"].pk))
    return rows, totals


def dashboard_summary(*, start: datetime.date, end: datetime.date, now=None) -> dict:
    """The dashboard's section: the period's volunteering hours and people (one query), and
    the shifts of the coming fortnight that still need people (one query)."""
    now = now or timezone.now()
    totals = hours_totals(start=start, end=end)
    needing = (
        Shift.objects.filter(
            event__status=Event.Status.PUBLISHED,
            starts_at__gt=now,
            starts_at__lte=now + datetime.timedelta(days=14),
        )
        .annotate(taken=_count(Participation.objects.filter(status=Status.CONFIRMED), on="shift"))
        .filter(taken__lt=F("capacity"))
        .aggregate(shifts=Count("pk"), missing=Sum(F("capacity") - F("taken")))
    )
    return {
        "hours": totals.hours,
        "people": totals.people,
        "events_hours": round(totals.by_source.get("events", 0) / 60, 1),
        "log_hours": round(totals.by_source.get("log", 0) / 60, 1),
        "activities_hours": round(totals.by_source.get("activities", 0) / 60, 1),
        "shifts_needing_people": needing["shifts"] or 0,
        "people_missing": needing["missing"] or 0,
    }


def my_space_flags(person) -> dict:
    """Which of the events' sections of My space apply, in one query."""
    User = get_user_model()
    row = (
        User.objects.filter(pk=person.pk)
        .annotate(
            has_places=Exists(
                Participation.objects.active().filter(
                    person=OuterRef("pk"), event__ends_at__gte=timezone.now()
                )
            ),
            has_trainings=Exists(TrainingCompletion.objects.filter(person=OuterRef("pk"))),
        )
        .values("has_places", "has_trainings")
        .order_by()
        .first()
    )
    return row or {"has_places": False, "has_trainings": False}


def upcoming_places(person, *, now=None, limit: int = 5):
    now = now or timezone.now()
    return list(
        Participation.objects.active()
        .with_start()
        .filter(person=person, slot_end__gte=now)
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event", "shift")
        .order_by("slot_start", "pk")[:limit]
    )


def organised_by(user, *, now=None):
    """Upcoming events this person organises (as a coordinator or a group's leader)."""
    from coordinations.models import Mandate
    from groups.models import Membership

    now = now or timezone.now()
    holds = Mandate.objects.holding_on(timezone.localdate(now)).filter(volunteer=user)
    leads = Membership.objects.filter(volunteer=user, role=Membership.Role.LEADER)
    return with_counts(
        Event.objects.filter(
            Q(organiser=Event.Organiser.COORDINATION, coordination__in=holds.values("coordination"))
            | Q(organiser=Event.Organiser.GROUP, group__in=leads.values("group"))
        )
        .upcoming(now)
        .order_by("starts_at", "pk")
    )


def group_events(group, *, now=None):
    now = now or timezone.now()
    return with_counts(
        Event.objects.filter(group=group).upcoming(now).order_by("starts_at", "pk")
    ).prefetch_related(Prefetch("shifts", queryset=shifts_of_all()))


def shifts_of_all():
    return Shift.objects.annotate(
        taken=_count(Participation.objects.filter(status=Status.CONFIRMED), on="shift")
    )

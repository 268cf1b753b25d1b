"""Events, their shifts, who takes part, trainings completed and volunteering time.

An event is organised by the secretariat, a coordination or a local group, for an audience
(everyone, the members, the coordinators, or one group's members). People register for the
event, or sign up for one or several of its shifts when it has some (a stand from 10:00 to
12:00, 12:00 to 14:00...): both are a ``Participation``, confirmed or on the waiting list.
Attendance is marked on the participation, and the hours it brings are stored with it at that
moment. A training is an event of the kind "training" about one entry of the ``Training``
catalogue: attending it records a ``TrainingCompletion``, valid for the training's months.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.dates import DatesWithinRange, add_months
from config.translation import BilingualCatalogueEntry, localized

# An event longer than this counts this many hours per day it spans, unless its organiser says
# how many hours attending it is worth (a three-day summer university is not 72 hours of work).
LONG_EVENT_HOURS = 12
HOURS_PER_DAY_OF_A_LONG_EVENT = 8
# At most one day of volunteering in one entry of the time log.
MAX_MINUTES_PER_ENTRY = 24 * 60
CHECK_IN_CODE_LENGTH = 6
# Words of the events' own addresses (events/urls.py), which an event's address cannot be.
RESERVED_SLUGS = {"me", "calendar", "hours", "trainings", "new", "groups", "time", "places"}
# Letters and digits that cannot be mistaken for one another when read aloud or on a screen.
CHECK_IN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def real_minutes(start: datetime.datetime, end: datetime.datetime) -> int:
    """The minutes really elapsed: a shift across the change to winter time lasts an hour
    more than its wall clock says (two moments of the same zone subtract as wall times)."""
    return int(
        (end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC)).total_seconds() // 60
    )


def new_check_in_code() -> str:
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_CODE_LENGTH))


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class Training(BilingualCatalogueEntry):
    """A training of the catalogue (e.g. the training for new coordinators): the events of the
    kind "training" are its sessions."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Empty: a completed training never expires."),
    )

    class Meta(BilingualCatalogueEntry.Meta):
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def valid_until(self, completed_on: datetime.date) -> datetime.date | None:
        if not self.validity_months:
            return None
        return add_months(completed_on, self.validity_months)


class EventQuerySet(models.QuerySet):
    def public(self):
        """THE definition of what anybody, logged in or not, may see: events for everyone that
        are published or cancelled (a cancelled event keeps its page, which says so). The
        public list, pages, calendar feed and the public API all ask this."""
        return self.filter(audience=Event.Audience.PUBLIC).exclude(status=Event.Status.DRAFT)

    def visible_to(self, user):
        """The events this person may see: the public ones, those of their audience (members,
        coordinators in office, a group's members), those they take part in, and those they
        organise (drafts included); staff see every event."""
        if not (user.is_authenticated and user.is_active):
            return self.public()
        if user.is_staff:
            return self.all()
        from coordinations.models import Mandate
        from groups.models import Membership

        holds = Mandate.objects.holding_on(timezone.localdate()).filter(volunteer=user)
        member_of = Membership.objects.filter(volunteer=user).values("group")
        leads = Membership.objects.filter(volunteer=user, role=Membership.Role.LEADER).values(
            "group"
        )
        audience = (
            Q(audience__in=[Event.Audience.PUBLIC, Event.Audience.MEMBERS])
            | (Q(audience=Event.Audience.COORDINATORS) & Exists(holds))
            | Q(audience=Event.Audience.GROUP, group__in=member_of)
        )
        taking_part = Q(pk__in=Participation.objects.filter(person=user).values("event"))
        organised = Q(
            organiser=Event.Organiser.COORDINATION, coordination__in=holds.values("coordination")
        ) | Q(organiser=Event.Organiser.GROUP, group__in=leads)
        return self.filter((~Q(status=Event.Status.DRAFT) & (audience | taking_part)) | organised)

    def listed(self):
        return self.exclude(status=Event.Status.DRAFT)

    def upcoming(self, now=None):
        """Events not over yet."""
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


class Event(DatesWithinRange, models.Model):
    """An assembly, a training, a meeting, a stand, a conference, a visit..."""

    class Kind(models.TextChoices):
        ASSEMBLY = "assembly", _("Assembly")
        TRAINING = "training", _("Training")
        MEETING = "meeting", _("Meeting")
        STAND = "stand", _("Stand")
        CONFERENCE = "conference", _("Conference or debate")
        VISIT = "visit", _("Visit")

    class Organiser(models.TextChoices):
        SECRETARIAT = "secretariat", _("The secretariat")
        COORDINATION = "coordination", _("A coordination")
        GROUP = "group", _("A local group")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Members (people with an account)")
        COORDINATORS = "coordinators", _("Coordinators")
        GROUP = "group", _("The members of the group")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("address"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    description = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    organiser = models.CharField(
        _("organised by"), max_length=16, choices=Organiser.choices, default=Organiser.SECRETARIAT
    )
    coordination = models.ForeignKey(
        "coordinations.Coordination",
        verbose_name=_("coordination"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("The organising coordination."),
    )
    group = models.ForeignKey(
        "local_groups.LocalGroup",
        verbose_name=_("local group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("The organising group, or the group whose members the event is for."),
    )
    audience = models.CharField(
        _("for"), max_length=16, choices=Audience.choices, default=Audience.PUBLIC, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("For example: Maison de la Laïcité.")
    )
    address = models.CharField(_("street address"), max_length=300, blank=True)
    place = models.ForeignKey(
        "local_groups.Place",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The postal code and commune: the event is shown there on the map."),
    )
    video_url = models.URLField(
        _("video link"), blank=True, help_text=_("For an event online, or also online.")
    )
    takes_registrations = models.BooleanField(
        _("takes registrations"),
        default=True,
        help_text=_(
            "Untick for an event people simply come to. An event with shifts takes sign-ups by "
            "shift."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When the event is full, people join a waiting list and move up in turn."),
    )
    registration_deadline = models.DateTimeField(
        _("registrations close"),
        null=True,
        blank=True,
        help_text=_("Empty: when the event (or the shift) starts."),
    )
    cancel_notice_hours = models.PositiveSmallIntegerField(
        _("cancellation notice (hours)"),
        default=24,
        validators=[MaxValueValidator(24 * 30)],
        help_text=_("People may cancel online until this many hours before the start."),
    )
    credited_minutes = models.PositiveIntegerField(
        _("volunteering time counted (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_MINUTES_PER_ENTRY * 14)],
        help_text=_(
            "What attending the event counts for. Empty: its duration, or 8 hours per day for "
            "an event of more than 12 hours."
        ),
    )
    training = models.ForeignKey(
        Training,
        verbose_name=_("training"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        help_text=_("For a training: attending it records the training as completed."),
    )
    campaign = models.ForeignKey(
        "actions.Circular",
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"kind": "campaign"},
        related_name="events",
    )
    check_in_code = models.CharField(
        _("check-in code"),
        max_length=CHECK_IN_CODE_LENGTH,
        default=new_check_in_code,
        editable=False,
        help_text=_("Given out on the day: people who came type it to record their attendance."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["audience", "status", "ends_at"], name="event_listing"),
            models.Index(fields=["group", "starts_at"], name="event_group_start"),
            models.Index(fields=["coordination", "starts_at"], name="event_coordination_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("An event ends after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(organiser="coordination") | Q(coordination__isnull=False),
                name="event_by_a_coordination_names_it",
            ),
            models.CheckConstraint(
                condition=~Q(organiser="group") | Q(group__isnull=False),
                name="event_by_a_group_names_it",
            ),
            models.CheckConstraint(
                condition=~Q(audience="group") | Q(group__isnull=False),
                name="event_for_a_group_names_it",
            ),
            models.CheckConstraint(
                condition=~Q(kind="training") | Q(training__isnull=False),
                name="training_event_names_its_training",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_at_least_one",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is taken by a page of the portal: choose another.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("An event ends after it starts.")
        if self.organiser == self.Organiser.COORDINATION and not self.coordination_id:
            errors["coordination"] = _("Choose the organising coordination.")
        if self.organiser == self.Organiser.GROUP and not self.group_id:
            errors["group"] = _("Choose the organising group.")
        if self.audience == self.Audience.GROUP and not self.group_id:
            errors["group"] = _("Choose the group whose members the event is for.")
        if self.kind == self.Kind.TRAINING and not self.training_id:
            errors["training"] = _("Choose the training this session is about.")
        if not (self.place_id or self.venue or self.address or self.video_url):
            errors["place"] = _("Give the place of the event, or its video link.")
        if (
            self.registration_deadline
            and self.ends_at
            and self.registration_deadline > self.ends_at
        ):
            errors["registration_deadline"] = _("Registrations close before the event ends.")
        if errors:
            raise ValidationError(errors)

    # Text in the page's language ----------------------------------------------------------

    @property
    def name(self) -> str:
        return localized(self, "title")

    @property
    def text(self) -> str:
        return localized(self, "description")

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC and self.status != self.Status.DRAFT

    @property
    def is_online(self) -> bool:
        return bool(self.video_url)

    @property
    def is_on_site(self) -> bool:
        return bool(self.place_id or self.venue or self.address)

    @property
    def organiser_name(self) -> str:
        if self.organiser == self.Organiser.COORDINATION and self.coordination_id:
            return self.coordination.name
        if self.organiser == self.Organiser.GROUP and self.group_id:
            return self.group.name
        return str(_("The secretariat"))

    @property
    def places_left(self) -> int | None:
        """Free places (None: no limit), from the ``taken`` count the selectors annotate."""
        if self.capacity is None:
            return None
        return max(self.capacity - getattr(self, "taken", 0), 0)

    def spans_several_days(self) -> bool:
        return timezone.localdate(self.starts_at) != timezone.localdate(self.ends_at)

    def attendance_minutes(self) -> int:
        """What attending the whole event counts for (see ``credited_minutes``)."""
        if self.credited_minutes is not None:
            return self.credited_minutes
        minutes = real_minutes(self.starts_at, self.ends_at)
        if minutes <= LONG_EVENT_HOURS * 60:
            return minutes
        days = (timezone.localdate(self.ends_at) - timezone.localdate(self.starts_at)).days + 1
        return days * HOURS_PER_DAY_OF_A_LONG_EVENT * 60

    def registrations_close_at(self) -> datetime.datetime:
        return self.registration_deadline or self.starts_at


class Shift(DatesWithinRange, models.Model):
    """A slot of an event that a few people take on: a stand from 10:00 to 12:00, say."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="shifts"
    )
    role = models.CharField(
        _("role (French)"), max_length=150, help_text=_("For example: selling candles.")
    )
    role_en = models.CharField(_("role (English)"), max_length=150, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(
        _("people needed"), default=2, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="shift_ends_after_it_starts",
                violation_error_message=_("A shift ends after it starts."),
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="shift_needs_someone"),
        ]

    def __str__(self):
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return f"{self.role} {start:%d/%m %H:%M}–{end:%H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A shift ends after it starts.")})

    @property
    def label(self) -> str:
        return localized(self, "role")

    def attendance_minutes(self) -> int:
        return real_minutes(self.starts_at, self.ends_at)

    def registrations_close_at(self) -> datetime.datetime:
        deadline = self.event.registration_deadline
        return min(deadline, self.starts_at) if deadline else self.starts_at


class ParticipationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Participation.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Participation.Status.WAITING)

    def active(self):
        """Confirmed or waiting: not cancelled."""
        return self.exclude(status=Participation.Status.CANCELLED)

    def attended(self):
        return self.filter(status=Participation.Status.CONFIRMED, attended=True)

    def in_waiting_order(self):
        return self.waiting().order_by("waiting_since", "pk")

    def with_start(self):
        """Each with ``slot_start`` and ``slot_end``: its shift's times, else its event's."""
        return self.annotate(
            slot_start=models.functions.Coalesce("shift__starts_at", "event__starts_at"),
            slot_end=models.functions.Coalesce("shift__ends_at", "event__ends_at"),
        )


class Participation(DatesWithinRange, models.Model):
    """One person registered for an event, or signed up for one of its shifts."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations"
    )
    shift = models.ForeignKey(
        Shift,
        verbose_name=_("shift"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="event_participations",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("place confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended = models.BooleanField(_("came"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance marked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    credited_minutes = models.PositiveIntegerField(
        _("volunteering time (minutes)"),
        default=0,
        help_text=_("Recorded when the attendance is marked."),
    )

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["registered_at", "pk"]
        indexes = [
            models.Index(fields=["event", "status"], name="participation_event_status"),
            models.Index(fields=["shift", "status"], name="participation_shift_status"),
            models.Index(fields=["person", "status"], name="participation_person_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(shift__isnull=True),
                name="one_registration_per_event_and_person",
            ),
            models.UniqueConstraint(
                fields=["shift", "person"], name="one_signup_per_shift_and_person"
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_since__isnull=False),
                name="waiting_participation_has_a_place_in_line",
            ),
        ]

    def __str__(self):
        return f"{self.event} – {self.shift or ''} – {self.get_status_display()}"

    @property
    def slot(self):
        """The shift, or the event itself for a registration."""
        return self.shift if self.shift_id else self.event

    @property
    def starts_at(self) -> datetime.datetime:
        return self.slot.starts_at

    @property
    def ends_at(self) -> datetime.datetime:
        return self.slot.ends_at

    def cancellable_until(self) -> datetime.datetime:
        return self.starts_at - datetime.timedelta(hours=self.event.cancel_notice_hours)


class TrainingCompletion(DatesWithinRange, models.Model):
    """A person completed a training on a date; valid until a date when the training expires."""

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.PROTECT, related_name="completions"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="training_completions",
    )
    completed_on = models.DateField(_("completed on"))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Computed from the training's validity; empty: does not expire."),
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    derived_dates = ("valid_until",)

    class Meta:
        verbose_name = _("training completed")
        verbose_name_plural = _("trainings completed")
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "person", "completed_on"],
                name="one_completion_per_training_person_and_day",
            )
        ]

    def __str__(self):
        return f"{self.training} – {self.completed_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        # The end of validity is derived from the training, never typed.
        if self.training_id and self.completed_on:
            self.valid_until = self.training.valid_until(self.completed_on)
        super().save(*args, **kwargs)

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.completed_on <= day and (self.valid_until is None or day <= self.valid_until)


def valid_completion_condition(day: datetime.date, prefix: str = "") -> Q:
    """Completions valid on ``day`` (the lookup ``prefix`` leads to the completion)."""
    return Q(**{f"{prefix}completed_on__lte": day}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


class VolunteerTime(DatesWithinRange, models.Model):
    """Volunteering time outside the portal's events, logged for a group member by its leader
    (a coordinator logs theirs in their activity log, with a duration)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="volunteer_time",
    )
    group = models.ForeignKey(
        "local_groups.LocalGroup",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="volunteer_time",
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(
        _("time (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    description = models.CharField(_("what was done"), max_length=300)
    campaign = models.ForeignKey(
        "actions.Circular",
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"kind": "campaign"},
        related_name="+",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteering time")
        verbose_name_plural = _("volunteering time")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["group", "-date"], name="volunteer_time_group_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=24 * 60),
                name="volunteer_time_within_a_day",
            )
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.minutes} min"


class CalendarFeed(models.Model):
    """A person's private calendar address (webcal): whoever has the token reads their events
    and shifts, so it can be replaced at any time, which ends the old address."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(
        _("secret"), max_length=64, unique=True, default=new_feed_token, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("personal calendar")
        verbose_name_plural = _("personal calendars")

    def __str__(self):
        return str(_("Personal calendar"))

"""Coordinations (country, region or theme), the mandates of the volunteers who hold them, and
what a coordinator does: responsibilities, onboarding, activities, the hand-over file."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from config.collation import NAME_COLLATION
from config.dates import ANY_DATE, DatesWithinRange, add_months
from config.translation import BilingualCatalogueEntry

# The organisation's rule: a lead coordinator commits for at least 24 months.
MINIMUM_LEAD_COMMITMENT_MONTHS = 24
# Co-coordinators: never more than this many at the same time, whatever a coordination says.
MAX_LEADS = 5
# The PostgreSQL constraint behind "one coordinator per place at any date" (migration 0006).
ONE_LEAD_CONSTRAINT = "one_active_lead_per_place_at_a_time"

WORKING_LANGUAGES = [
    ("fr", _("French")),
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("zh", _("Chinese")),
    ("sw", _("Swahili")),
]


class CoordinationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Coordination(models.Model):
    """A permanent volunteer structure for a country, a region or a theme."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        THEMATIC = "thematic", _("Theme")

    # Sorted as people read it: "Égypte" before "Inde" (config/collation.py).
    name = models.CharField(_("name"), max_length=150, unique=True, db_collation=NAME_COLLATION)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    countries = CountryField(_("countries covered"), multiple=True, blank=True)
    theme = models.CharField(
        _("theme"), max_length=150, blank=True, help_text=_("For a thematic coordination.")
    )
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    working_languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        help_text=_("Language codes, e.g. fr, en."),
    )
    is_recruiting = models.BooleanField(_("recruiting"), default=False, db_index=True)
    represents_on_platforms = models.BooleanField(
        _("represents the organisation on outside platforms"), default=False
    )
    secretariat_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretariat contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_staff": True},
        related_name="coordinations_followed",
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Unticked when the coordination is discontinued.")
    )
    # Usually one coordinator at a time; a co-lead arrangement is decided, not an accident of two
    # vacancies accepting a candidate each (coordinations.services.mandate_start).
    max_leads = models.PositiveSmallIntegerField(
        _("coordinators at the same time"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LEADS)],
        help_text=_("1 unless the coordination is held by co-coordinators."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CoordinationQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordination")
        verbose_name_plural = _("coordinations")
        ordering = ["name"]
        # The public listing filters on is_active and sorts by kind, then name.
        indexes = [models.Index(fields=["is_active", "kind", "name"], name="coordination_listing")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="thematic") | ~Q(theme=""),
                name="thematic_coordination_has_a_theme",
                violation_error_message=_("A thematic coordination needs a theme."),
            ),
            models.CheckConstraint(
                condition=Q(max_leads__gte=1, max_leads__lte=MAX_LEADS),
                name="coordination_max_leads_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("coordinations:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.kind == self.Kind.THEMATIC and not self.theme:
            raise ValidationError({"theme": _("A thematic coordination needs a theme.")})
        if self.kind in (self.Kind.COUNTRY, self.Kind.REGION) and not self.countries:
            raise ValidationError(
                {"countries": _("Choose the country or the countries this coordination covers.")}
            )
        unknown = set(self.working_languages or []) - {code for code, _label in WORKING_LANGUAGES}
        if unknown:
            raise ValidationError(
                {
                    "working_languages": _("Unknown language code: %(codes)s")
                    % {"codes": ", ".join(sorted(unknown))}
                }
            )

    def working_language_labels(self) -> list[str]:
        labels = dict(WORKING_LANGUAGES)
        return [str(labels.get(code, code)) for code in self.working_languages]


class Responsibility(BilingualCatalogueEntry):
    """One task of the coordinator's catalogue: priority (always) or optional (chosen)."""

    class Kind(models.TextChoices):
        PRIORITY = "priority", _("Priority")
        OPTIONAL = "optional", _("Optional")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    class Meta(BilingualCatalogueEntry.Meta):
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")


def holding_condition(day: datetime.date) -> Q:
    """THE definition of "this mandate holds its coordination on ``day``": every page, list,
    routing and search asks it, through ``Mandate.objects.holding_on`` (or a subquery of it).

    A mandate holds from its start date (before: *upcoming*, the coordination is vacant) until
    someone ends it: past the end of its commitment it still holds until staff renew, hand
    over or end it (it is *overdue*, listed for them to decide). One ended by staff holds until
    ``ended_on``, the first day without (``mandate_end``, ``mandate_renew``, whose renewal
    starts that day), except after a hand-over, whose ``ended_on`` is the outgoing
    coordinator's last day (the successor starts the next day). ``Mandate.holds_on`` says the
    same for one mandate (tests/coordinations/test_mandate_phases.py keeps them in step).
    """
    return Q(start_date__lte=day) & (
        Q(status="active") | Q(ended_on__gt=day) | Q(end_kind="handed_over", ended_on=day)
    )


def ending_days() -> int:
    """A mandate is *ending* when this many days or fewer are left: the last milestone before
    its end (MANDATE_MILESTONE_DAYS, 30 by default)."""
    positive = [days for days in settings.MANDATE_MILESTONE_DAYS if days > 0]
    return min(positive) if positive else 0


def phase_condition(phase: str, day: datetime.date) -> Q:
    """``Mandate.phase_on`` as a database condition: the mandates in ``phase`` on ``day`` (the
    people search filters on it; tests/people/test_search.py keeps the two in step)."""
    upcoming = Q(status="active", start_date__gt=day)
    if phase == "upcoming":
        return upcoming
    holding = holding_condition(day)
    if phase == "ended":
        return ~holding & ~upcoming
    ending_from = day + datetime.timedelta(days=ending_days())
    if phase == "overdue":
        return holding & Q(end_date__lt=day)
    if phase == "ending":
        return holding & Q(end_date__gte=day, end_date__lte=ending_from)
    if phase == "active":
        return holding & Q(end_date__gt=ending_from)
    raise ValueError(f"Unknown mandate phase {phase!r}.")


class MandateQuerySet(models.QuerySet):
    def in_phase(self, phase: str, day: datetime.date | None = None):
        """The mandates in ``phase`` (``Mandate.Phase``) on ``day`` (today by default)."""
        return self.filter(phase_condition(phase, day or timezone.localdate()))

    def active(self):
        """Not ended by anyone (upcoming ones included): the mandates a person looks after in
        My space. Who holds a coordination on a day is ``holding_on``."""
        return self.filter(status=Mandate.Status.ACTIVE)

    def holding_on(self, day: datetime.date | None = None):
        """The mandates that hold their coordination on ``day`` (today by default)."""
        return self.filter(holding_condition(day or timezone.localdate()))

    def upcoming_on(self, day: datetime.date | None = None):
        """Accepted mandates that have not started yet on ``day``."""
        return self.active().filter(start_date__gt=day or timezone.localdate())

    def leads(self):
        return self.filter(role=Mandate.Role.LEAD)

    def ending_between(self, first: datetime.date, last: datetime.date):
        return self.active().filter(end_date__range=(first, last))


class Mandate(DatesWithinRange, models.Model):
    """One volunteer's commitment to one coordination, for a number of months from a start date."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Coordinator")
        MEMBER = "member", _("Team member")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    class EndKind(models.TextChoices):
        COMPLETED = "completed", _("Commitment completed")
        RENEWED = "renewed", _("Renewed")
        HANDED_OVER = "handed_over", _("Handed over")
        STEPPED_DOWN = "stepped_down", _("Stepped down early")
        OTHER = "other", _("Other")

    coordination = models.ForeignKey(
        Coordination,
        verbose_name=_("coordination"),
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.LEAD)
    start_date = models.DateField(_("start date"))
    commitment_months = models.PositiveSmallIntegerField(
        _("commitment (months)"), default=MINIMUM_LEAD_COMMITMENT_MONTHS
    )
    end_date = models.DateField(
        _("end of the commitment"), help_text=_("Computed from the start date and the commitment.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_kind = models.CharField(
        _("how it ended"), max_length=16, choices=EndKind.choices, blank=True
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)
    # Which of the coordination's coordinator places an active lead mandate holds: 1, or up to
    # Coordination.max_leads for co-coordinators. On PostgreSQL an exclusion constraint refuses
    # two active lead mandates of one coordination in the same place on overlapping dates
    # (migration 0006): the rule holds even for two acceptances at the same instant.
    lead_seat = models.PositiveSmallIntegerField(
        _("coordinator place"),
        default=1,
        editable=False,  # allotted by Mandate.clean, never typed
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LEADS)],
        help_text=_("1 unless the coordination has co-coordinators."),
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
    )
    optional_responsibilities = models.ManyToManyField(
        Responsibility,
        verbose_name=_("optional tasks taken on"),
        blank=True,
        limit_choices_to={"kind": Responsibility.Kind.OPTIONAL},
        related_name="mandates",
    )
    # The position of the volunteer's postal code, copied here so that the nearest
    # coordinators are found with an indexed box search (kept in step by coordinations.signals
    # when the volunteer's postal code changes). None: no postal code, or an unknown one.
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MandateQuerySet.as_manager()
    derived_dates = ("end_date",)  # computed from the start date (config.dates)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["-start_date"]
        indexes = [
            models.Index(
                fields=["coordination", "role", "status"], name="mandate_coord_role_status"
            ),
            models.Index(fields=["status", "end_date"], name="mandate_status_end"),
            models.Index(fields=["volunteer", "status"], name="mandate_volunteer_status"),
            models.Index(
                fields=["latitude", "longitude"],
                condition=Q(status="active"),
                name="mandate_active_position",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(role="member")
                | Q(commitment_months__gte=MINIMUM_LEAD_COMMITMENT_MONTHS),
                name="lead_mandate_at_least_24_months",
                violation_error_message=_(
                    "A coordinator commits for at least 24 months: choose 24 months or more."
                ),
            ),
            models.CheckConstraint(
                condition=Q(commitment_months__gte=1), name="mandate_lasts_at_least_a_month"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="mandate_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | Q(status="ended", ended_on__isnull=False),
                name="ended_mandate_has_an_end_date",
            ),
        ]

    def __str__(self):
        return f"{self.coordination} – {self.volunteer} ({self.start_date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        # The end date is derived, never typed: keep it in step with start and commitment.
        if self.start_date and self.commitment_months:
            self.end_date = add_months(self.start_date, self.commitment_months)
        # The position is derived too, from the volunteer's postal code: set just before the
        # row is written by coordinations.signals.place_mandate (which reads the groups' places;
        # a model does not reach into another app's read layer).
        super().save(*args, **kwargs)
        self._loaded_volunteer_id = self.volunteer_id

    @classmethod
    def from_db(cls, db, field_names, values):
        mandate = super().from_db(db, field_names, values)
        mandate._loaded_volunteer_id = mandate.__dict__.get("volunteer_id")
        return mandate

    _loaded_volunteer_id = None

    def needs_placing(self, update_fields=None) -> bool:
        """Whether a save must (re)compute the position: the mandate is new or changes hands (a
        save of chosen fields leaves it alone)."""
        return (
            update_fields is None
            and self.volunteer_id is not None
            and (self._state.adding or self.volunteer_id != self._loaded_volunteer_id)
        )

    def clean(self):
        errors = {}
        if (
            self.role == self.Role.LEAD
            and (self.commitment_months or 0) < MINIMUM_LEAD_COMMITMENT_MONTHS
        ):
            errors["commitment_months"] = _(
                "A coordinator commits for at least 24 months: choose 24 months or more."
            )
        if self.start_date and self.commitment_months and self.start_date_in_range():
            self.end_date = add_months(self.start_date, self.commitment_months)
            if (
                self.role == self.Role.LEAD
                and self.coordination_id
                and self.volunteer_id
                and self.overlapping_lead_mandates().exists()
            ):
                errors["start_date"] = _(
                    "This volunteer already holds a lead mandate on this coordination for part of this period."
                )
            elif (
                self.role == self.Role.LEAD
                and self.status == self.Status.ACTIVE
                and self.coordination_id
                and not self.allot_lead_seat()
            ):
                errors["start_date"] = ValidationError(
                    self.no_free_lead_seat_message(), code="lead_taken"
                )
        if errors:
            raise ValidationError(errors)

    def leads_of_the_coordination_meanwhile(self):
        """The other active lead mandates of this coordination on dates that overlap this one's."""
        return (
            Mandate.objects.active()
            .leads()
            .filter(
                coordination_id=self.coordination_id,
                start_date__lt=self.end_date,
                end_date__gt=self.start_date,
            )
            .exclude(pk=self.pk)
        )

    def allot_lead_seat(self) -> bool:
        """Give this lead mandate a coordinator place that nobody holds on its dates: its own if
        it is free, else the first free one (co-coordinators). False if all are taken."""
        taken = set(self.leads_of_the_coordination_meanwhile().values_list("lead_seat", flat=True))
        places = range(1, self.coordination.max_leads + 1)
        if self.lead_seat in places and self.lead_seat not in taken:
            return True
        free = [place for place in places if place not in taken]
        if not free:
            return False
        self.lead_seat = free[0]
        return True

    def no_free_lead_seat_message(self) -> str:
        holder = (
            self.leads_of_the_coordination_meanwhile()
            .select_related("volunteer")
            .order_by("-end_date", "pk")
            .first()
        )
        if holder is None:  # taken since: the database's constraint refused it
            return _("%(coordination)s already has its coordinator for part of this period.") % {
                "coordination": self.coordination
            }
        return _(
            "%(coordination)s already has its coordinator for part of this period: %(name)s, "
            "until %(end)s. End or hand over that mandate first, or start on %(end)s or later."
        ) % {
            "coordination": self.coordination,
            "name": holder.volunteer.get_full_name() or holder.volunteer.email,
            "end": date_format(holder.end_date, "SHORT_DATE_FORMAT"),
        }

    def start_date_in_range(self) -> bool:
        """Whether the start date can be counted from (clean_fields says what is wrong)."""
        try:
            ANY_DATE.check(self.start_date)
        except ValidationError:
            return False
        return True

    def overlapping_lead_mandates(self):
        """Other active lead mandates of the same volunteer on the same coordination that overlap."""
        return (
            Mandate.objects.active()
            .leads()
            .filter(
                coordination_id=self.coordination_id,
                volunteer_id=self.volunteer_id,
                start_date__lt=self.end_date,
                end_date__gt=self.start_date,
            )
            .exclude(pk=self.pk)
        )

    @property
    def is_active(self) -> bool:
        """Not ended by anyone (it may not have started yet: see ``phase_on``)."""
        return self.status == self.Status.ACTIVE

    class Phase(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        ACTIVE = "active", _("In office")
        ENDING = "ending", _("Ending soon")
        OVERDUE = "overdue", _("Commitment over, to be decided")
        ENDED = "ended", _("Ended")

    def holds_on(self, day: datetime.date | None = None) -> bool:
        """``holding_condition`` for this one mandate (a test keeps the two in step)."""
        day = day or timezone.localdate()
        if day < self.start_date:
            return False
        return (
            self.status == self.Status.ACTIVE
            or (self.ended_on is not None and self.ended_on > day)
            or (self.end_kind == self.EndKind.HANDED_OVER and self.ended_on == day)
        )

    def phase_on(self, day: datetime.date | None = None) -> str:
        """Upcoming before its start; active; ending within the last milestone before the end
        of the commitment; overdue past it while nobody has decided (it still holds); ended."""
        day = day or timezone.localdate()
        if self.status == self.Status.ACTIVE and day < self.start_date:
            return self.Phase.UPCOMING
        if not self.holds_on(day):
            return self.Phase.ENDED
        left = (self.end_date - day).days  # 0: the commitment ends today (the last milestone)
        if left < 0:
            return self.Phase.OVERDUE
        if left <= ending_days():
            return self.Phase.ENDING
        return self.Phase.ACTIVE

    def days_until_start(self, today: datetime.date | None = None) -> int:
        today = today or timezone.localdate()
        return (self.start_date - today).days

    def days_remaining(self, today: datetime.date | None = None) -> int:
        """Days left in office: counted from the start for an upcoming mandate (the whole
        commitment), never from before it."""
        today = today or timezone.localdate()
        return (self.end_date - max(today, self.start_date)).days

    def progress_percent(self, today: datetime.date | None = None) -> int:
        """How far through the commitment we are, from 0 to 100."""
        today = today or timezone.localdate()
        total = (self.end_date - self.start_date).days
        done = (min(max(today, self.start_date), self.end_date) - self.start_date).days
        return round(100 * done / total) if total else 100


class OnboardingStep(BilingualCatalogueEntry):
    """A step every new coordinator goes through with the coordination support team."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    # A step done by completing a training (events.Training): ticked when the training is
    # recorded as completed, and the training lead sees who still needs it.
    required_training = models.ForeignKey(
        "events.Training",
        verbose_name=_("training required"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="onboarding_steps",
    )

    class Meta(BilingualCatalogueEntry.Meta):
        verbose_name = _("onboarding step")
        verbose_name_plural = _("onboarding steps")


class OnboardingProgress(DatesWithinRange, models.Model):
    """A step ticked for one mandate: when, and by whom (the coordinator or the support team)."""

    mandate = models.ForeignKey(
        Mandate, verbose_name=_("mandate"), on_delete=models.CASCADE, related_name="onboarding"
    )
    step = models.ForeignKey(
        OnboardingStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="progress"
    )
    done_on = models.DateField(_("done on"))
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ticked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("onboarding progress")
        verbose_name_plural = _("onboarding progress")
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "step"], name="one_tick_per_step_and_mandate"
            )
        ]

    def __str__(self):
        return f"{self.mandate} – {self.step}"


class Activity(DatesWithinRange, models.Model):
    """Something a coordinator did for their coordination."""

    class Kind(models.TextChoices):
        PRESS = "press", _("Press interview")
        CONFERENCE = "conference", _("Conference or round table")
        LOBBYING = "lobbying", _("Lobbying visit")
        GROUP_VISIT = "group_visit", _("Visit to a group meeting")
        BLOG = "blog", _("Blog post")
        NGO_PLATFORM = "ngo_platform", _("NGO platform meeting")
        TRAINING = "training", _("Training followed")
        OTHER = "other", _("Other")

    mandate = models.ForeignKey(
        Mandate, verbose_name=_("mandate"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Counted in the volunteering hours (events.selectors.hour_sources); empty: not counted.
    duration_minutes = models.PositiveIntegerField(
        _("time spent (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["mandate", "-date"], name="activity_mandate_date")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.date:%d/%m/%Y})"


class HandoverNote(models.Model):
    """Knowledge that belongs to the coordination, kept for whoever holds it next."""

    class Topic(models.TextChoices):
        SI_CONTACTS = "si_contacts", _("Contacts at the International Secretariat")
        NGO_CONTACTS = "ngo_contacts", _("Contacts in NGOs")
        PLATFORMS = "platforms", _("Platforms where we represent the organisation")
        CASES = "cases", _("Ongoing cases")
        DOCUMENTS = "documents", _("Useful documents")
        OTHER = "other", _("Other")

    coordination = models.ForeignKey(
        Coordination,
        verbose_name=_("coordination"),
        on_delete=models.CASCADE,
        related_name="handover_notes",
    )
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("notes"), blank=True)
    link = models.URLField(_("link"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("hand-over note")
        verbose_name_plural = _("hand-over file")
        ordering = ["topic", "title"]

    def __str__(self):
        return self.title


class MandateRequest(DatesWithinRange, models.Model):
    """A coordinator's wish to renew their mandate or to hand it over, for the secretariat."""

    class Kind(models.TextChoices):
        RENEW = "renew", _("I wish to renew")
        HAND_OVER = "hand_over", _("I wish to hand over")

    mandate = models.ForeignKey(
        Mandate, verbose_name=_("mandate"), on_delete=models.CASCADE, related_name="requests"
    )
    kind = models.CharField(_("request"), max_length=16, choices=Kind.choices)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("renewal or hand-over request")
        verbose_name_plural = _("renewal and hand-over requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.mandate}"

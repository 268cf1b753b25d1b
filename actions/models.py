"""SI circulars, their assignment to coordinations, the action proposals coordinators make to
local groups from them, and the follow-up the groups report.

A circular's status is never stored: it follows from what happened to it (see
``CircularQuerySet.with_status``).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from actions.storage import attachment_path, private_storage
from actions.validators import content_type_of, document_kind, validate_circular_document
from config.dates import DatesWithinRange
from config.translation import BilingualCatalogueEntry
from coordinations.models import WORKING_LANGUAGES, Coordination
from groups.models import LocalGroup, Province

# How long a coordination has to relay a circular to the groups, counted from its receipt.
RELAY_DAYS = 7
URGENT_RELAY_DAYS = 2


class Theme(BilingualCatalogueEntry):
    """A theme a circular is about (death penalty, refugees...): a small catalogue staff edit."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    aliases = models.CharField(
        _("other words for it"),
        max_length=300,
        blank=True,
        help_text=_(
            "Separated by commas, e.g. asylum, migrants: a thematic coordination whose theme "
            "contains one of them is proposed for circulars on this theme."
        ),
    )

    class Meta(BilingualCatalogueEntry.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class CircularStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    RELAYED = "relayed", _("Relayed to groups")
    CLOSED = "closed", _("Closed")


def relaying_proposals(circular, parent, **filters) -> Q:
    """Published proposals made from the outer circular or from the original it follows.

    An update counts as relayed once its original was: the groups that received the original's
    proposal are sent the update (see notifications.notify_update).

    Two EXISTS joined by OR, not one EXISTS over ``circular = x OR circular = parent``: the
    latter cannot use the index on the proposal's circular and hashes every proposal (the
    registry's overdue test slowed from 0.3 ms to 7.4 ms at national scale).
    """
    published = {"status__in": [ActionProposal.Status.PUBLISHED, ActionProposal.Status.CLOSED]}
    return Q(Exists(ActionProposal.objects.filter(circular=circular, **published, **filters))) | Q(
        Exists(ActionProposal.objects.filter(circular=parent, **published, **filters))
    )


class CircularQuerySet(models.QuerySet):
    def originals(self):
        return self.filter(parent__isnull=True)

    def with_status(self, today: datetime.date | None = None):
        """Annotate ``status`` and ``is_overdue``: the one place where both are decided.

        closed   – an outcome is known (for an update: on it or on the original it follows);
        relayed  – a coordination published an action proposal from it;
        assigned – staff assigned it to at least one coordination;
        received – none of these yet.
        Overdue: not closed, and a coordination it is assigned to has passed its relay due date
        without publishing a proposal from it.
        """
        today = today or timezone.localdate()
        is_closed = Q(closed_on__isnull=False) | Q(parent__closed_on__isnull=False)
        late_assignments = CircularAssignment.objects.filter(
            circular=OuterRef("pk"), relay_due_on__lt=today
        ).exclude(
            relaying_proposals(
                OuterRef("circular"),
                OuterRef(OuterRef("parent")),
                coordination=OuterRef("coordination"),
            )
        )
        return self.annotate(
            status=Case(
                When(is_closed, then=Value(CircularStatus.CLOSED)),
                When(
                    relaying_proposals(OuterRef("pk"), OuterRef("parent")),
                    then=Value(CircularStatus.RELAYED),
                ),
                When(
                    Exists(CircularAssignment.objects.filter(circular=OuterRef("pk"))),
                    then=Value(CircularStatus.ASSIGNED),
                ),
                default=Value(CircularStatus.RECEIVED),
                output_field=models.CharField(max_length=16, choices=CircularStatus.choices),
            ),
            is_overdue=Case(
                When(is_closed, then=Value(False)),
                When(Exists(late_assignments), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )


class Circular(DatesWithinRange, models.Model):
    """Action material from the International Secretariat, as registered by the secretariat."""

    class Kind(models.TextChoices):
        URGENT_ACTION = "urgent_action", _("Urgent Action")
        COUNTRY_ACTION = "country_action", _("Country action")
        CAMPAIGN = "campaign", _("Campaign")
        ACTION_FILE = "action_file", _("Action file")
        RAN_ACTION = "ran_action", _("Regional action network action")
        INDIVIDUAL_CASE = "individual_case", _("Individual case")
        INFORMATION = "information", _("Information document")

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")

    class Outcome(models.TextChoices):
        RELEASED = "released", _("Person released")
        CHARGES_DROPPED = "charges_dropped", _("Charges dropped")
        SENTENCE_COMMUTED = "sentence_commuted", _("Sentence commuted")
        IMPROVEMENT = "improvement", _("Situation improved")
        ACTION_STOPPED = "action_stopped", _("Action stopped by the International Secretariat")
        NO_FURTHER_ACTION = "no_further_action", _("No further action needed")
        OTHER = "other", _("Other outcome")

    Status = CircularStatus

    reference = models.CharField(
        _("reference"),
        max_length=60,
        unique=True,
        help_text=_("The Urgent Action number or the document's index, e.g. UA 123/26."),
    )
    index_number = models.CharField(
        _("index number"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("The International Secretariat's document index, e.g. AMR 41/1234/2026."),
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="circulars"
    )
    issued_on = models.DateField(_("issue date"), db_index=True)
    received_on = models.DateField(_("date received"), db_index=True)
    action_deadline = models.DateField(
        _("action deadline"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("After this date the action no longer makes sense."),
    )
    summary = models.TextField(_("summary"))
    letter_text = models.TextField(
        _("letter text"),
        blank=True,
        max_length=6000,
        help_text=_(
            "The letter the groups send, as the circular suggests it: it goes into the letters "
            "the portal prepares for them, below the salutation."
        ),
    )
    language = models.CharField(
        _("language of the document"), max_length=8, choices=WORKING_LANGUAGES, default="en"
    )
    link = models.URLField(_("link"), blank=True, help_text=_("Where the document is online."))
    priority = models.CharField(
        _("priority"),
        max_length=8,
        choices=Priority.choices,
        default=Priority.NORMAL,
        db_index=True,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("further information on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        help_text=_("For an update: the original circular it follows."),
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, db_index=True
    )
    outcome_note = models.TextField(_("about the outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CircularQuerySet.as_manager()

    class Meta:
        verbose_name = _("SI circular")
        verbose_name_plural = _("SI circulars")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["-received_on", "-id"], name="circular_received")]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__gte=F("issued_on")),
                name="circular_received_after_issue",
                violation_error_message=_("A circular cannot be received before it is issued."),
            ),
            models.CheckConstraint(
                condition=Q(action_deadline__isnull=True) | Q(action_deadline__gte=F("issued_on")),
                name="circular_deadline_after_issue",
                violation_error_message=_("The action deadline comes after the issue date."),
            ),
            models.CheckConstraint(
                condition=Q(outcome="", closed_on__isnull=True)
                | (~Q(outcome="") & Q(closed_on__isnull=False)),
                name="circular_closed_with_an_outcome",
                violation_error_message=_("A closed circular has an outcome, and only then."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def get_absolute_url(self):
        return reverse("actions:circular_detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.issued_on and self.received_on and self.received_on < self.issued_on:
            errors["received_on"] = _("A circular cannot be received before it is issued.")
        if self.issued_on and self.action_deadline and self.action_deadline < self.issued_on:
            errors["action_deadline"] = _("The action deadline comes after the issue date.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("A circular cannot follow itself.")
        if bool(self.outcome) != bool(self.closed_on):
            errors["outcome"] = _("A closed circular has an outcome, and only then.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_urgent(self) -> bool:
        return self.priority == self.Priority.URGENT

    @property
    def root(self) -> "Circular":
        return self.parent or self

    def default_relay_due_on(self) -> datetime.date:
        """A week after receipt, two days when the circular is urgent."""
        days = URGENT_RELAY_DAYS if self.is_urgent else RELAY_DAYS
        return (self.received_on or timezone.localdate()) + datetime.timedelta(days=days)

    def get_status_display(self) -> str:
        """The label of the annotated status (load circulars through ``with_status``)."""
        return CircularStatus(self.status).label


class ActionTarget(models.Model):
    """An authority the action writes to, with the address to put on the letter."""

    circular = models.ForeignKey(
        Circular, verbose_name=_("circular"), on_delete=models.CASCADE, related_name="targets"
    )
    authority = models.CharField(
        _("authority"), max_length=200, help_text=_("E.g. Minister of Justice.")
    )
    salutation = models.CharField(
        _("salutation"), max_length=120, blank=True, help_text=_("E.g. Dear Minister,")
    )
    address = models.TextField(_("postal address"))
    email = models.EmailField(_("e-mail address"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target of the action")
        verbose_name_plural = _("targets of the action")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.authority


# What a letter template may contain, filled in for each target and group (actions/letters.py).
LETTER_PLACEHOLDERS = (
    "target_name",
    "target_address",
    "salutation",
    "date",
    "group_name",
    "signatory",
)
LETTER_PLACEHOLDERS_HELP = _(
    "A PDF, or a letter template as a Word (.docx) document. In a Word template, these "
    "placeholders are filled in for each group and authority: {{ target_name }}, "
    "{{ target_address }}, {{ salutation }}, {{ date }}, {{ group_name }}, {{ signatory }}."
)


class CircularAttachment(models.Model):
    """A document of the circular (its PDF, a letter template...), kept in private storage and
    served by views that check access."""

    circular = models.ForeignKey(
        Circular, verbose_name=_("circular"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=attachment_path,
        max_length=200,
        validators=[validate_circular_document],
        help_text=LETTER_PLACEHOLDERS_HELP,
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title or self.original_name or self.circular.reference

    def get_absolute_url(self):
        return reverse(
            "actions:attachment_download", kwargs={"pk": self.circular_id, "attachment": self.pk}
        )

    @property
    def kind(self) -> str:
        """The kind ("pdf", "docx" or "odt"), from the stored (generated) name."""
        return document_kind(self.file.name)

    @property
    def content_type(self) -> str:
        return content_type_of(self.kind)

    @property
    def download_name(self) -> str:
        return self.original_name or f"{self.circular.reference}.{self.kind}"


class CircularAssignmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """The assignments of the coordinations ``user`` holds today (an accepted coordinator
        who has not started yet does not receive circulars: the secretariat does)."""
        from coordinations.models import Mandate

        return self.filter(
            coordination__in=Mandate.objects.holding_on()
            .filter(volunteer=user)
            .values("coordination")
        )

    def with_relay(self):
        """Annotate ``is_relayed``: the coordination published a proposal from the circular."""
        return self.annotate(
            is_relayed=ExpressionWrapper(
                relaying_proposals(
                    OuterRef("circular"),
                    OuterRef("circular__parent"),
                    coordination=OuterRef("coordination"),
                ),
                output_field=models.BooleanField(),
            )
        )


class CircularAssignment(DatesWithinRange, models.Model):
    """A circular given to a coordination to relay to the groups by a due date."""

    circular = models.ForeignKey(
        Circular, verbose_name=_("circular"), on_delete=models.CASCADE, related_name="assignments"
    )
    coordination = models.ForeignKey(
        Coordination,
        verbose_name=_("coordination"),
        on_delete=models.PROTECT,
        related_name="circular_assignments",
    )
    relay_due_on = models.DateField(_("relay due by"), db_index=True)
    note = models.CharField(_("note for the coordinator"), max_length=500, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CircularAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["relay_due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["circular", "coordination"],
                name="one_assignment_per_circular_and_coordination",
                violation_error_message=_(
                    "This circular is already assigned to this coordination."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["coordination", "acknowledged_at"], name="assignment_coord_ack"),
        ]

    def __str__(self):
        return f"{self.circular.reference} → {self.coordination}"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class ActionProposal(DatesWithinRange, models.Model):
    """What a coordination asks the local groups to do, from a circular or on its own idea."""

    class Target(models.TextChoices):
        ALL = "all", _("All groups")
        PROVINCES = "provinces", _("The groups of some provinces")
        CHOSEN = "chosen", _("Chosen groups")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Follow-up closed")

    coordination = models.ForeignKey(
        Coordination,
        verbose_name=_("coordination"),
        on_delete=models.PROTECT,
        related_name="action_proposals",
    )
    circular = models.ForeignKey(
        Circular,
        verbose_name=_("circular"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        help_text=_("Empty for an action the coordination proposes on its own initiative."),
    )
    title = models.CharField(_("title"), max_length=200)
    request = models.TextField(
        _("what the groups are asked to do"),
        help_text=_("E.g. write to the authorities, collect signatures, hold a stand."),
    )
    target = models.CharField(
        _("groups targeted"), max_length=16, choices=Target.choices, default=Target.ALL
    )
    provinces = models.JSONField(
        _("provinces"),
        default=list,
        blank=True,
        help_text=_("Province codes, when the proposal targets the groups of some provinces."),
    )
    chosen_groups = models.ManyToManyField(
        LocalGroup, verbose_name=_("chosen groups"), blank=True, related_name="+"
    )
    # What of the circular the groups get: the coordinator chooses when proposing. The other
    # documents and targets stay with the circular, for staff and its coordinators.
    documents = models.ManyToManyField(
        CircularAttachment,
        verbose_name=_("documents for the groups"),
        blank=True,
        related_name="proposals",
        help_text=_("The circular's documents the groups can download (a letter template...)."),
    )
    targets = models.ManyToManyField(
        ActionTarget,
        verbose_name=_("authorities to write to"),
        blank=True,
        related_name="proposals",
        help_text=_("The circular's targets shown to the groups, with their addresses."),
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), db_index=True)
    follow_up_due_on = models.DateField(_("follow-up due by"), db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("follow-up closed"), null=True, blank=True)
    # A published proposal can be opened to the public (actions/public.py says why the proposal
    # and not the circular): a page without log-in where anybody says they have acted.
    is_public = models.BooleanField(
        _("public action page"),
        default=False,
        help_text=_(
            "Anybody can open the action's public page, without logging in, and say they "
            "have acted. Only for a published proposal."
        ),
    )
    # Given the first time the proposal is made public and kept afterwards, so that a link
    # shared on social media keeps its address if the page is closed and opened again.
    public_slug = models.SlugField(
        _("public address"), max_length=80, unique=True, null=True, blank=True
    )
    public_since = models.DateTimeField(_("public since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("action proposal")
        verbose_name_plural = _("action proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["coordination", "status"], name="proposal_coord_status"),
            models.Index(fields=["circular", "coordination", "status"], name="proposal_relay"),
            models.Index(fields=["status", "follow_up_due_on"], name="proposal_follow_up_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="proposal_ends_after_start",
                violation_error_message=_("The end date comes after the start date."),
            ),
            models.CheckConstraint(
                condition=Q(follow_up_due_on__gte=F("starts_on")),
                name="proposal_follow_up_after_start",
                violation_error_message=_("The follow-up is due after the start date."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True)
                | (~Q(status="draft") & Q(published_at__isnull=False)),
                name="published_proposal_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | (~Q(status="draft") & Q(public_slug__isnull=False)),
                name="public_proposal_is_published_with_an_address",
                violation_error_message=_("Only a published proposal can be made public."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The address and the date follow the flag wherever it is set (the admin, the proposal
        # page): one place, so that a public proposal always has both.
        if self.is_public:
            if not self.public_slug:
                from actions.public import new_public_slug

                self.public_slug = new_public_slug(self.title)
            if self.public_since is None:
                self.public_since = timezone.now()
        else:
            self.public_since = None
        if kwargs.get("update_fields") is not None and "is_public" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "public_slug", "public_since"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actions:proposal_results", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date comes after the start date.")
        if self.starts_on and self.follow_up_due_on and self.follow_up_due_on < self.starts_on:
            errors["follow_up_due_on"] = _("The follow-up is due after the start date.")
        unknown = set(self.provinces or []) - set(Province.values)
        if unknown:
            errors["provinces"] = _("Unknown province: %(codes)s") % {
                "codes": ", ".join(sorted(unknown))
            }
        if self.target == self.Target.PROVINCES and not self.provinces:
            errors["provinces"] = _("Choose at least one province.")
        if self.is_public and self.status == self.Status.DRAFT:
            errors["is_public"] = _("Only a published proposal can be made public.")
        if errors:
            raise ValidationError(errors)

    def get_public_url(self) -> str:
        return reverse("actions:public_action", kwargs={"slug": self.public_slug})

    @property
    def is_open(self) -> bool:
        """Reports can be made or changed while the proposal is published and not closed."""
        return self.status == self.Status.PUBLISHED

    def province_labels(self) -> list[str]:
        labels = dict(Province.choices)
        return [str(labels.get(code, code)) for code in self.provinces]

    def targeted_groups(self):
        """The active groups this proposal is for, as its target says (before publishing)."""
        groups = LocalGroup.objects.active()
        if self.target == self.Target.PROVINCES:
            return groups.filter(province__in=self.provinces)
        if self.target == self.Target.CHOSEN:
            return groups.filter(pk__in=self.chosen_groups.values("pk"))
        return groups


class ProposalRecipient(models.Model):
    """A group a published proposal went to: fixed when it is published."""

    proposal = models.ForeignKey(
        ActionProposal,
        verbose_name=_("action proposal"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    group = models.ForeignKey(
        LocalGroup,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="action_proposals_received",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("group targeted")
        verbose_name_plural = _("groups targeted")
        ordering = ["group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "group"], name="one_recipient_row_per_proposal_and_group"
            )
        ]
        indexes = [models.Index(fields=["group", "proposal"], name="recipient_group")]

    def __str__(self):
        return f"{self.proposal} → {self.group}"


class FollowUpReport(DatesWithinRange, models.Model):
    """What one group did about one proposal: one report per group and proposal."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Carried out")
        NOT_TAKEN_UP = "not_taken_up", _("Not taken up")

    proposal = models.ForeignKey(
        ActionProposal,
        verbose_name=_("action proposal"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    group = models.ForeignKey(
        LocalGroup,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="follow_up_reports",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, db_index=True)
    letters_sent = models.PositiveIntegerField(_("letters sent"), default=0)
    signatures_collected = models.PositiveIntegerField(_("signatures collected"), default=0)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    events_held = models.PositiveIntegerField(_("events held"), default=0)
    funds_raised = models.DecimalField(
        _("funds raised (euros)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("What a sale or a collection brought in, if any."),
    )
    materials_used = models.CharField(
        _("materials used"),
        max_length=300,
        blank=True,
        help_text=_("For example: 120 candles, 300 stickers."),
    )
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    created_at = models.DateTimeField(_("first reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        ordering = ["-reported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "group"],
                name="one_report_per_group_and_proposal",
                violation_error_message=_("This group has already reported on this proposal."),
            ),
            models.CheckConstraint(
                condition=Q(funds_raised__isnull=True) | Q(funds_raised__gte=0),
                name="report_funds_not_negative",
                violation_error_message=_("Funds raised cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["group", "-reported_at"], name="report_group_date")]

    def __str__(self):
        return f"{self.group} – {self.proposal} ({self.get_status_display()})"


class PublicParticipation(models.Model):
    """Somebody who says, on the public page, that they have acted.

    Counted once per e-mail address (whatever its case: the constraint below); without an
    address, once per browser (a signed cookie, actions/public.py). An address is kept only with
    the person's consent, recorded with the version of the privacy notice they agreed to.
    """

    proposal = models.ForeignKey(
        ActionProposal,
        verbose_name=_("action proposal"),
        on_delete=models.CASCADE,
        related_name="public_participations",
    )
    first_name = models.CharField(_("first name"), max_length=80)
    postal_code = models.CharField(_("postal code"), max_length=4)
    email = models.EmailField(_("e-mail address"), blank=True)
    consent = models.BooleanField(_("consented to keeping the e-mail address"), default=False)
    consent_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("consented"), null=True, blank=True)
    created_at = models.DateTimeField(_("acted"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("public participation")
        verbose_name_plural = _("public participations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "proposal",
                Lower("email"),
                condition=~Q(email=""),
                name="one_public_participation_per_email",
                violation_error_message=_("This address has already been counted."),
            ),
            models.CheckConstraint(
                condition=Q(email="")
                | (Q(consent=True) & ~Q(consent_version="") & Q(consented_at__isnull=False)),
                name="public_participation_email_with_consent",
                violation_error_message=_("An e-mail address is kept only with consent."),
            ),
        ]
        indexes = [models.Index(fields=["proposal", "created_at"], name="participation_action")]

    def __str__(self):
        return f"{self.first_name} ({self.postal_code}) – {self.proposal}"

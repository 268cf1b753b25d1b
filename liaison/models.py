"""Who's who at the secretariat, and the coordinators' channel to it ("signalements").

The directory lists the secretariat's contacts by role (a campaigner for a region or a theme,
the lobbying lead and the Dutch-speaking section's counterpart, training, press, the
individuals-at-risk team, group support). A signalement is something a coordinator sends the
secretariat; it is routed by its kind to one contact of the directory, who answers in its
thread and moves it through its statuses.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.storage import private_storage
from config.dates import DatesWithinRange
from liaison.storage import signalement_attachment_path


class Role(models.TextChoices):
    CAMPAIGNER = "campaigner", _("Campaigner")
    LOBBYING = "lobbying", _("Lobbying lead")
    LOBBYING_NL = "lobbying_nl", _("Lobbying counterpart (Dutch-speaking section)")
    TRAINING = "training", _("Training lead")
    PRESS = "press", _("Press officer")
    INDIVIDUALS_AT_RISK = "individuals_at_risk", _("Individuals at risk team")
    GROUP_SUPPORT = "group_support", _("Group support")


class SecretariatContactQuerySet(models.QuerySet):
    def listed(self):
        """The entries shown to volunteers: active, held by an active staff member."""
        return self.filter(active=True, user__is_active=True, user__is_staff=True)


class SecretariatContact(models.Model):
    """One entry of the directory: a staff member in one role (a person may hold several)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_staff": True},
        related_name="secretariat_roles",
        help_text=_("Empty while the role waits for someone: it is then not shown."),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, db_index=True)
    area = models.CharField(
        _("region or theme"),
        max_length=150,
        blank=True,
        help_text=_("For a campaigner: the region or the theme they follow, e.g. Africa."),
    )
    coordinations = models.ManyToManyField(
        "coordinations.Coordination",
        verbose_name=_("coordinations followed"),
        blank=True,
        related_name="directory_contacts",
        help_text=_("The coordinations whose signalements this contact receives first."),
    )
    work_email = models.EmailField(
        _("work e-mail"), blank=True, help_text=_("Empty: the staff member's own address.")
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("fr", _("French")), ("nl", _("Dutch"))],
        default="fr",
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SecretariatContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("secretariat contact")
        verbose_name_plural = _("secretariat directory")
        ordering = ["order", "role", "pk"]

    def __str__(self):
        who = self.user.first_name if self.user_id else _("vacant")
        return f"{who} — {self.get_role_display()}" + (f" ({self.area})" if self.area else "")

    @property
    def email(self) -> str:
        """Where the contact is written to: the work address, else the staff member's own."""
        if self.work_email:
            return self.work_email
        return self.user.email if self.user_id else ""

    @property
    def display_name(self) -> str:
        # Volunteers see a first name and a role, never the staff member's full name.
        return self.user.first_name if self.user_id else ""


class SignalementKind(models.TextChoices):
    URGENT_SI_INFO = "urgent_si_info", _("Urgent information from the International Secretariat")
    PUBLIC_ACTION = "public_action", _("Public action idea")
    BLOG_POST = "blog_post", _("Blog post proposal")
    MEDIA_REQUEST = "media_request", _("Media request to answer")
    INDIVIDUAL_AT_RISK = "individual_at_risk", _("Case for the individuals-at-risk team")
    OTHER = "other", _("Something else")


# Days the secretariat has to answer, by kind; past them a signalement still open is overdue.
DUE_DAYS = {
    SignalementKind.URGENT_SI_INFO: 2,
    SignalementKind.MEDIA_REQUEST: 2,
    SignalementKind.INDIVIDUAL_AT_RISK: 5,
    SignalementKind.PUBLIC_ACTION: 10,
    SignalementKind.BLOG_POST: 10,
    SignalementKind.OTHER: 10,
}

# The role a kind goes to when no SignalementRoute says otherwise.
DEFAULT_ROLES = {
    SignalementKind.URGENT_SI_INFO: Role.CAMPAIGNER,
    SignalementKind.PUBLIC_ACTION: Role.CAMPAIGNER,
    SignalementKind.BLOG_POST: Role.PRESS,
    SignalementKind.MEDIA_REQUEST: Role.PRESS,
    SignalementKind.INDIVIDUAL_AT_RISK: Role.INDIVIDUALS_AT_RISK,
    SignalementKind.OTHER: Role.CAMPAIGNER,
}


class SignalementRoute(models.Model):
    """Staff's routing of one kind of signalement: to a role (the contact of that role who
    follows the coordination, else the first of the directory), or to one contact by name."""

    kind = models.CharField(_("kind"), max_length=32, choices=SignalementKind.choices, unique=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    contact = models.ForeignKey(
        SecretariatContact,
        verbose_name=_("always to this contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="routes",
        help_text=_("Empty: the contact of the role who follows the coordination."),
    )

    class Meta:
        verbose_name = _("signalement route")
        verbose_name_plural = _("signalement routes")
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.get_role_display()}"


class SignalementStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


OPEN_STATUSES = (SignalementStatus.RECEIVED, SignalementStatus.IN_PROGRESS)


def overdue_condition(day: datetime.date) -> Q:
    """The one definition of "overdue": still open and past its due date."""
    return Q(status__in=OPEN_STATUSES, due_on__lt=day)


class SignalementQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, day: datetime.date | None = None):
        return self.filter(overdue_condition(day or timezone.localdate()))

    def in_queue_order(self, day: datetime.date | None = None):
        """Overdue first, then open by due date, then the closed ones, newest first."""
        day = day or timezone.localdate()
        return self.annotate(
            queue_rank=Case(
                When(overdue_condition(day), then=Value(0)),
                When(status__in=OPEN_STATUSES, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("queue_rank", "due_on", "-created_at", "-pk")


class Signalement(DatesWithinRange, models.Model):
    """Something a coordinator sends the secretariat, routed to one contact by its kind."""

    Kind = SignalementKind
    Status = SignalementStatus

    coordination = models.ForeignKey(
        "coordinations.Coordination",
        verbose_name=_("coordination"),
        on_delete=models.PROTECT,
        related_name="signalements",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signalements",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=SignalementKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    draft = models.TextField(
        _("draft"), blank=True, help_text=_("For a blog post proposal: the draft text.")
    )
    attachment = models.FileField(
        _("attachment"),
        storage=private_storage,
        upload_to=signalement_attachment_path,
        blank=True,
        max_length=200,
    )
    attachment_name = models.CharField(_("attachment's name"), max_length=200, blank=True)
    contact = models.ForeignKey(
        SecretariatContact,
        verbose_name=_("secretariat contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signalements",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SignalementStatus.choices,
        default=SignalementStatus.RECEIVED,
        db_index=True,
    )
    due_on = models.DateField(_("answer due by"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SignalementQuerySet.as_manager()

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="signalement_queue")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("liaison:my_detail", kwargs={"pk": self.pk})

    def get_staff_url(self):
        return reverse("liaison:staff_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, day: datetime.date | None = None) -> bool:
        return self.is_open and self.due_on < (day or timezone.localdate())


class SignalementReply(models.Model):
    """One message of a signalement's thread, from the coordinator or from the secretariat."""

    signalement = models.ForeignKey(
        Signalement, verbose_name=_("signalement"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signalement_replies",
    )
    # Which side wrote it, kept when the author's account is erased.
    from_secretariat = models.BooleanField(_("from the secretariat"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.signalement} #{self.pk}"

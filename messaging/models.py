"""The outbox: every e-mail the portal sends is a row here first.

A message is written in the transaction of the event that causes it, then delivered by a worker
(messaging.services). The row is the truth: a lost publish, a broker that was down, a worker
killed while sending or a mail server refusing for hours delay a message, never lose it, and
staff see what failed and why.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.dates import DatesWithinRange


def claimable_condition(now) -> Q:
    """Rows a worker may take now: pending and due, or "sending" under an expired lease (the
    worker that held it died)."""
    return Q(status="pending", next_attempt_at__lte=now) | Q(status="sending", lease_until__lt=now)


def stuck_condition(now, after) -> Q:
    """Rows that should have moved and did not: a lease that expired, or a pending message due
    for longer than ``after`` (no worker or no relay is running)."""
    return Q(status="sending", lease_until__lt=now) | Q(
        status="pending", next_attempt_at__lt=now - after
    )


def retrying_condition(now) -> Q:
    """Pending messages that failed for a passing reason and wait for their next attempt."""
    return Q(status="pending", attempts__gt=0, next_attempt_at__gte=now)


class OutgoingMessageQuerySet(models.QuerySet):
    def claimable(self, now):
        return self.filter(claimable_condition(now))

    def to_relay(self, now, requeue_after):
        """Rows to hand to the worker again: claimable and either never handed over (the
        publish failed, or the process died before it), handed over ``requeue_after`` ago and
        still not taken (the task was lost with the broker), or left by a dead worker."""
        return self.claimable(now).filter(
            Q(status="sending") | Q(queued_at__isnull=True) | Q(queued_at__lt=now - requeue_after)
        )

    def stuck(self, now, after):
        return self.filter(stuck_condition(now, after))

    def needing_attention(self, now, stuck_after):
        """Failed or stuck: what the dashboard counts and the staff page lists first."""
        return self.filter(Q(status="failed") | stuck_condition(now, stuck_after))

    def retrying(self, now):
        return self.filter(retrying_condition(now))


class OutgoingMessage(models.Model):
    """One e-mail to one address: what to send, why, and how its delivery went.

    ``dedup_key`` is unique: where a message must go out once (a reminder's milestone), a
    second sweep, a concurrent one, or a re-run cannot record it twice. Delivery claims the row
    with a lease before talking to the mail server; ``uuid`` is its Message-ID, so that a mail
    server or client can recognise the same message should it ever arrive twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(_("message id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=64)
    # What the message is about, as "app_label.model" and its id (a reminder's mandate, an
    # application...): a plain reference, so that deleting the object keeps the outbox's record.
    concerns_type = models.CharField(_("about (type)"), max_length=64, blank=True)
    concerns_id = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    milestone = models.CharField(_("milestone"), max_length=64, blank=True)
    dedup_key = models.CharField(
        _("deduplication key"), max_length=500, unique=True, null=True, blank=True
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_messages",
    )
    to_email = models.EmailField(_("to"), max_length=254)
    language = models.CharField(_("language"), max_length=8, blank=True)
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    # Small files only (an .ics invitation): [{"filename", "content", "mimetype", "base64"}].
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    essential = models.BooleanField(
        _("essential"), default=True, help_text=_("Essential messages have no unsubscribe link.")
    )

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    retry_until = models.DateTimeField(
        _("retried until"),
        null=True,
        blank=True,
        help_text=_("A message the mail server keeps refusing for a passing reason fails then."),
    )
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    queued_at = models.DateTimeField(_("handed to the worker"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    batch = models.UUIDField(_("sweep"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    claimed_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutgoingMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The relay's and the staff page's questions, over the few rows not sent yet.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="message_pending_due",
            ),
            models.Index(
                fields=["lease_until"], condition=Q(status="sending"), name="message_sending_lease"
            ),
            models.Index(fields=["status", "created_at"], name="message_status_created"),
            models.Index(fields=["kind", "concerns_type", "concerns_id"], name="message_concerns"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.to_email}"

    @property
    def message_id(self) -> str:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
        return f"<{self.uuid}@{domain}>"


# Messages to several people -----------------------------------------------------------------


class Mailing(DatesWithinRange, models.Model):
    """A message staff write once to many people: a segment, a list of people, or the leaders
    of the groups that have not reported on a proposal (a follow-up reminder).

    It becomes one outbox row per recipient (messaging.mailings): the recipients are fixed
    (``MailingRecipient``) when it is sent, each once, each in their language.
    """

    class Kind(models.TextChoices):
        NEWS = "news", _("News (only to those who opted in; with an unsubscribe link)")
        SERVICE = "service", _("Service message (to everyone chosen)")
        FOLLOW_UP = "follow_up", _("Follow-up reminder")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Being recorded")
        SENT = "sent", _("Sent")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SERVICE)
    subject_fr = models.CharField(_("subject (French)"), max_length=200)
    body_fr = models.TextField(_("message (French)"), max_length=20000)
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_en = models.TextField(_("message (English)"), max_length=20000)
    segment = models.ForeignKey(
        "people.Segment",
        verbose_name=_("segment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mailings",
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people chosen"),
        blank=True,
        related_name="+",
        help_text=_("When the message goes to a list of people rather than a segment."),
    )
    # The proposal a follow-up reminder is about, or the one a segment's filter names: the
    # personal link is then the leader's signed report link.
    proposal = models.ForeignKey(
        "actions.ActionProposal",
        verbose_name=_("action proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The segment's filters as they were when the message was sent (the segment may change).
    filters = models.JSONField(_("filters when sent"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    # Recording the outbox rows: claimed like a message (a worker that dies leaves it to the
    # next relay once the lease has run out, which records the rest and nothing twice).
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True, editable=False)
    recipients_fixed_at = models.DateTimeField(
        _("recipients fixed"), null=True, blank=True, editable=False
    )
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True, editable=False)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0, editable=False)
    # People of the segment left out because a news message needs their consent.
    without_consent = models.PositiveIntegerField(
        _("left out without consent"), default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("message to several people")
        verbose_name_plural = _("messages to several people")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "send_at"], name="mailing_due"),
            models.Index(fields=["proposal", "kind"], name="mailing_proposal"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(send_at__isnull=False),
                name="scheduled_mailing_has_a_time",
            ),
        ]

    def __str__(self):
        return self.subject_fr

    @property
    def essential(self) -> bool:
        """Only news can be refused: everything else is part of what people took on."""
        return self.kind != self.Kind.NEWS

    @property
    def is_editable(self) -> bool:
        """Staff change a message until it goes (a follow-up reminder is written by the
        portal and goes at once)."""
        return self.kind != self.Kind.FOLLOW_UP and self.status in (
            self.Status.DRAFT,
            self.Status.SCHEDULED,
        )


class MailingRecipient(models.Model):
    """One person a mailing goes to, fixed when it is sent, and their outbox row (whose state
    is the delivery's: waiting, sent, failed).

    Once per mailing and person (and group, for a follow-up reminder to the leader of two
    groups): the unique constraint, and the outbox's deduplication key built from the same
    parts, keep a resend or a recording started again from writing to anyone twice.
    """

    mailing = models.ForeignKey(
        Mailing, verbose_name=_("message"), on_delete=models.CASCADE, related_name="recipients"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="mailings_received",
    )
    # The group the message is about, for a follow-up reminder (its report link) or a message
    # naming a proposal; empty otherwise.
    group = models.ForeignKey(
        "local_groups.LocalGroup",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    key = models.CharField(_("key"), max_length=40, blank=True, default="")
    language = models.CharField(_("language"), max_length=8)
    outgoing = models.OneToOneField(
        OutgoingMessage,
        verbose_name=_("outgoing message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mailing_recipient",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("fixed"), default=timezone.now)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["mailing", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "person", "key"], name="one_mailing_per_person"
            )
        ]
        indexes = [
            models.Index(fields=["group", "created_at"], name="mailing_recipient_group"),
            models.Index(fields=["person", "created_at"], name="mailing_recipient_person"),
        ]

    def __str__(self):
        return f"{self.mailing} → {self.person}"

    @property
    def dedup_key(self) -> str:
        """The outbox's deduplication key of this recipient's message."""
        return f"mailing:{self.mailing_id}:{self.person_id}" + (f":{self.key}" if self.key else "")

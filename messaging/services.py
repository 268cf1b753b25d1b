"""Writing messages to the outbox and delivering them.

``message_queue`` records a message in the caller's transaction and hands it to the worker once
that transaction commits. Handing over (publishing to the broker) may fail, the worker may die,
the mail server may refuse for hours: none of it loses the message, because the row stays
pending and the relay (Celery beat, every minute, and every morning sweep) hands over again
whatever is due and not taken.

Delivery claims the row with a conditional UPDATE before the mail server is contacted (pending
and due, or "sending" under an expired lease). On PostgreSQL a concurrent claim waits for the
first to commit and then finds the row no longer claimable; on SQLite writes are serialised. A
task delivered twice, a relay racing a resend, two workers: one of them sends.

The lease is longer than the task's time limit, so a worker that is alive has always finished or
been stopped before its lease runs out; a row "sending" whose lease expired belongs to a worker
that died, and is sent again. The message carries its own Message-ID (the row's uuid), so that
if the dead worker's message did reach the server, the copy is recognisable as the same.
"""

import base64
import datetime
import logging
import smtplib
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from messaging.models import OutgoingMessage

logger = logging.getLogger(__name__)
Status = OutgoingMessage.Status

# The relay hands at most this many messages to the worker per run (it runs every minute).
RELAY_BATCH = 1000
# A message handed to the worker and still pending this long after was lost with the broker's
# queue (Redis restarted without its data): the relay hands it over again. A duplicate task is
# harmless, the claim lets one through.
REQUEUE_AFTER = datetime.timedelta(minutes=15)
# A pending message due for longer than this shows on the staff page as stuck: no worker or no
# relay is running.
STUCK_AFTER = datetime.timedelta(minutes=15)
# Publishing waits little for the broker: a request must not hang on it, and the relay hands
# over what could not be published.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}


def concerns_of(obj) -> tuple[str, int | None]:
    """The outbox's reference to the object a message is about."""
    if obj is None:
        return "", None
    return obj._meta.label_lower, obj.pk


def message_build(
    *,
    to: str,
    subject: str,
    text: str,
    kind: str,
    html: str = "",
    language: str = "",
    recipient=None,
    concerns=None,
    milestone: str = "",
    dedup_key: str | None = None,
    from_email: str = "",
    reply_to: Iterable[str] = (),
    headers: dict | None = None,
    attachments: Iterable[dict] = (),
    essential: bool = True,
    batch=None,
) -> OutgoingMessage:
    """An unsaved outbox row (``message_queue`` saves one; the reminders insert them in bulk)."""
    concerns_type, concerns_id = concerns_of(concerns)
    return OutgoingMessage(
        kind=kind,
        concerns_type=concerns_type,
        concerns_id=concerns_id,
        milestone=milestone,
        dedup_key=dedup_key or None,
        recipient=recipient,
        to_email=to,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        from_email=from_email,
        reply_to=[address for address in reply_to if address],
        headers=headers or {},
        subject=" ".join(str(subject).split())[:300],
        text=text,
        html=html,
        attachments=list(attachments),
        essential=essential,
        batch=batch,
    )


def message_queue(**fields) -> OutgoingMessage | None:
    """Record one message in the current transaction; the worker gets it after the commit.

    Takes the arguments of ``message_build``. With a ``dedup_key`` that is already recorded,
    nothing is recorded and None is returned: that message exists, once.
    """
    message = message_build(**fields)
    if message.dedup_key:
        try:
            # A savepoint: the caller's transaction survives the duplicate.
            with transaction.atomic():
                message.save()
        except IntegrityError:
            return None
    else:
        message.save()
    messages_publish_on_commit([message.pk])
    return message


def attachment(filename: str, content: str | bytes, mimetype: str) -> dict:
    """An attachment as the outbox stores it (text as is, anything else in base64)."""
    if isinstance(content, bytes):
        return {
            "filename": filename,
            "content": base64.b64encode(content).decode("ascii"),
            "mimetype": mimetype,
            "base64": True,
        }
    return {"filename": filename, "content": content, "mimetype": mimetype, "base64": False}


def message_queue_email(
    email: EmailMessage,
    *,
    kind: str,
    recipient=None,
    concerns=None,
    language: str = "",
    essential: bool = True,
) -> list[OutgoingMessage]:
    """Record a message already rendered as a Django EmailMessage (allauth renders its own):
    one row per address it goes to."""
    html = ""
    if isinstance(email, EmailMultiAlternatives):
        html = next((content for content, mime in email.alternatives if mime == "text/html"), "")
    files = []
    for item in email.attachments:
        filename, content, mimetype = item  # a MIME part would not fit the outbox: refuse it
        files.append(attachment(filename, content, mimetype or "application/octet-stream"))
    # The default sender is left to the setting at sending time (it may change meanwhile).
    sender = "" if email.from_email == settings.DEFAULT_FROM_EMAIL else email.from_email
    rows = []
    for address in [*email.to, *email.cc, *email.bcc]:
        rows.append(
            message_queue(
                to=address,
                subject=str(email.subject),
                text=email.body,
                html=html,
                kind=kind,
                language=language,
                recipient=recipient,
                concerns=concerns,
                from_email=sender,
                reply_to=email.reply_to,
                headers={str(k): str(v) for k, v in email.extra_headers.items()},
                attachments=files,
                essential=essential,
            )
        )
    return rows


# Handing over --------------------------------------------------------------------------------


def messages_publish_on_commit(ids: Sequence[int]) -> None:
    """Hand these messages to the worker once the current transaction commits."""
    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: messages_publish(ids))


def messages_publish(ids: Sequence[int]) -> int:
    """Hand these messages to the worker; return how many were handed over.

    A broker that cannot be reached is logged and the rest left to the relay: the request or the
    sweep that recorded them goes on. In eager mode (no broker) the worker is this process, and
    the messages are delivered before this returns.
    """
    from config.celery import app
    from messaging.tasks import deliver_message

    eager = app.conf.task_always_eager
    published = []
    for pk in ids:
        try:
            deliver_message.apply_async(
                args=[pk],
                queue=settings.CELERY_MAIL_QUEUE,
                retry=True,
                retry_policy=PUBLISH_RETRY,
            )
        except Exception:
            if eager:
                raise  # not the broker: a fault of the delivery itself
            logger.warning(
                "outbox: the broker is unreachable, the relay will hand the messages over",
                extra={"not_published": len(ids) - len(published)},
                exc_info=True,
            )
            break
        published.append(pk)
    if published and not eager:
        OutgoingMessage.objects.filter(
            pk__in=published, status=Status.PENDING, next_attempt_at__lte=timezone.now()
        ).update(queued_at=timezone.now())
    return len(published)


def messages_relay(*, limit: int = RELAY_BATCH) -> int:
    """Hand to the worker every message that is due and not taken: never handed over, lost
    with the broker, due again after a failure, or left "sending" by a worker that died."""
    now = timezone.now()
    ids = list(
        OutgoingMessage.objects.to_relay(now, REQUEUE_AFTER)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return 0
    published = messages_publish(ids)
    logger.info("outbox relay", extra={"due": len(ids), "published": published})
    return published


# Delivery ------------------------------------------------------------------------------------


def message_as_email(message: OutgoingMessage) -> EmailMultiAlternatives:
    """The e-mail of an outbox row, with the row's Message-ID."""
    email = EmailMultiAlternatives(
        message.subject,
        message.text,
        message.from_email or None,
        [message.to_email],
        reply_to=message.reply_to or None,
        headers={**message.headers, "Message-ID": message.message_id},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for item in message.attachments:
        content = item["content"]
        if item.get("base64"):
            content = base64.b64decode(content)
        email.attach(item["filename"], content, item["mimetype"])
    return email


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the ``attempts``-th failed attempt: doubling from
    MESSAGE_RETRY_FIRST_SECONDS up to MESSAGE_RETRY_MAX_SECONDS."""
    seconds = settings.MESSAGE_RETRY_FIRST_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.MESSAGE_RETRY_MAX_SECONDS))


def is_permanent(error: BaseException) -> bool:
    """Whether the mail server's answer means the message can never be delivered as it is.

    5xx answers to the message or its address are permanent; 4xx answers, lost connections and
    time-outs pass. A refused log-in is the portal's configuration, not the message's: it is
    retried while staff fix it. An address or header Django refuses is permanent.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    if isinstance(error, smtplib.SMTPException | OSError):
        return False
    return isinstance(error, ValueError)


def describe(error: BaseException) -> str:
    """The reason staff read on the failed messages' page."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{address}: {code} {_text(answer)}"
            for address, (code, answer) in error.recipients.items()
        ]
        reason = "Recipient refused: " + "; ".join(parts)
    elif isinstance(error, smtplib.SMTPResponseException):
        reason = f"{type(error).__name__}: {error.smtp_code} {_text(error.smtp_error)}"
    else:
        reason = f"{type(error).__name__}: {error}"
    return reason[:500]


def _text(answer) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)


def _claim(message_id: int, now: datetime.datetime) -> tuple[int, bool]:
    """Claim the row for this worker: (rows claimed, whether it was taken from a dead worker)."""
    lease = datetime.timedelta(seconds=settings.MESSAGE_LEASE_SECONDS)
    window = datetime.timedelta(hours=settings.MESSAGE_RETRY_HOURS)
    claim = {
        "status": Status.SENDING,
        "lease_until": now + lease,
        "claimed_at": now,
        "attempts": F("attempts") + 1,
        # Transient failures are retried for MESSAGE_RETRY_HOURS from the first attempt.
        "retry_until": Coalesce(F("retry_until"), now + window),
    }
    rows = OutgoingMessage.objects.filter(
        pk=message_id, status=Status.PENDING, next_attempt_at__lte=now
    ).update(**claim)
    if rows:
        return rows, False
    rows = OutgoingMessage.objects.filter(
        pk=message_id, status=Status.SENDING, lease_until__lt=now
    ).update(**claim)
    return rows, bool(rows)


def message_deliver(*, message_id: int) -> str:
    """Send one outbox message if it is due and nobody else is sending it; say what happened."""
    now = timezone.now()
    claimed, from_dead_worker = _claim(message_id, now)
    if not claimed:
        return "not due"  # sent, failed, being sent, or waiting for its next attempt
    message = OutgoingMessage.objects.get(pk=message_id)
    if from_dead_worker:
        logger.warning(
            "outbox: a worker stopped while sending; sending again",
            extra={"message_id": message_id, "attempts": message.attempts},
        )
        if message.retry_until and now >= message.retry_until:
            # A message that kills its worker every time must not do so forever.
            return _close(
                message,
                "failed",
                status=Status.FAILED,
                last_error="The worker stopped while sending, until the retry time ran out.",
            )
    try:
        message_as_email(message).send()
    except Exception as error:
        return _failed_attempt(message, error)
    return _close(message, "sent", status=Status.SENT, sent_at=timezone.now(), last_error="")


def _failed_attempt(message: OutgoingMessage, error: BaseException) -> str:
    now = timezone.now()
    reason = describe(error)
    if is_permanent(error) or (message.retry_until and now >= message.retry_until):
        logger.warning(
            "outbox: message failed",
            extra={"message_id": message.pk, "kind": message.kind, "reason": reason},
        )
        return _close(message, "failed", status=Status.FAILED, last_error=reason)
    if not isinstance(error, smtplib.SMTPException | OSError):
        logger.exception("outbox: unexpected error while sending", extra={"message_id": message.pk})
    next_attempt = now + retry_delay(message.attempts)
    if message.retry_until:
        # The last attempt is made when the retry time runs out, not skipped.
        next_attempt = min(next_attempt, message.retry_until)
    return _close(
        message,
        "retry",
        status=Status.PENDING,
        next_attempt_at=next_attempt,
        queued_at=None,  # the relay hands it over when it is due
        last_error=reason,
    )


def _close(message: OutgoingMessage, outcome: str, **fields) -> str:
    """Record the attempt's outcome, unless the lease ran out and another worker took over."""
    updated = OutgoingMessage.objects.filter(
        pk=message.pk, status=Status.SENDING, attempts=message.attempts
    ).update(lease_until=None, **fields)
    if not updated:
        logger.warning(
            "outbox: the lease ran out during the attempt", extra={"message_id": message.pk}
        )
    return outcome


# Staff ---------------------------------------------------------------------------------------


def resendable(now: datetime.datetime) -> Q:
    """Messages staff may send again: failed, waiting for a retry, or left by a dead worker.
    Never one that is sent or being sent."""
    return (
        Q(status=Status.FAILED)
        | Q(status=Status.PENDING)
        | Q(status=Status.SENDING, lease_until__lt=now)
    )


@transaction.atomic
def messages_resend(*, messages: QuerySet) -> int:
    """Put these messages back in the queue for an attempt now; return how many."""
    now = timezone.now()
    ids = list(messages.filter(resendable(now)).values_list("pk", flat=True))
    count = (
        OutgoingMessage.objects.filter(pk__in=ids)
        .filter(resendable(now))
        .update(
            status=Status.PENDING,
            next_attempt_at=now,
            retry_until=None,
            lease_until=None,
            queued_at=None,
            last_error="",
        )
    )
    messages_publish_on_commit(ids)
    logger.info("outbox: messages resent", extra={"count": count})
    return count

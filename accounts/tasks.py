import datetime
import logging
import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

# A failing mail server is tried at most this many times, with exponential back-off.
MAX_DELIVERY_ATTEMPTS = 5
MAIL_ERRORS = (smtplib.SMTPException, OSError)


@shared_task(
    bind=True,
    autoretry_for=MAIL_ERRORS,
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=MAX_DELIVERY_ATTEMPTS - 1,
    acks_late=True,
)
def send_email(
    self,
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    from_email: str = "",
    reply_to: list[str] | None = None,
    attachments: list[list[str]] | None = None,
):
    """Deliver one rendered message; a failing mail server is retried with back-off.

    ``reply_to`` lets people answer each other without the portal showing an address;
    ``attachments`` are text files as [file name, content, MIME type] (an .ics invitation).
    """
    message = EmailMultiAlternatives(subject, body, from_email or None, to, reply_to=reply_to)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()


def _backoff(retries: int) -> int:
    # 30 s, 1 min, 2 min, 4 min: always far below the broker's visibility timeout.
    return min(30 * 2**retries, 1800)


@shared_task(bind=True, acks_late=True, max_retries=MAX_DELIVERY_ATTEMPTS - 1)
def deliver_reminder(self, reminder_id: int) -> str:
    """Send one recorded reminder, once.

    The row is claimed (pending → sending) by a conditional UPDATE before the mail server is
    contacted: a task delivered twice, or a resend racing a retry, finds nothing to claim.
    """
    from accounts.models import Reminder

    now = timezone.now()
    claimed = Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now
    )
    if not claimed:
        return "not pending"
    reminder = Reminder.objects.get(pk=reminder_id)
    message = EmailMultiAlternatives(
        reminder.subject, reminder.body, None, [reminder.recipient_email]
    )
    if reminder.html:
        message.attach_alternative(reminder.html, "text/html")
    try:
        message.send()
    except MAIL_ERRORS as error:
        failed = reminder.attempts >= MAX_DELIVERY_ATTEMPTS
        Reminder.objects.filter(pk=reminder_id).update(
            status=Reminder.Status.FAILED if failed else Reminder.Status.PENDING,
            last_error=f"{type(error).__name__}: {error}"[:500],
        )
        if failed:
            logger.warning("reminder failed", extra={"reminder": reminder_id})
            return "failed"
        # throw=False: the retry is a new message (and, in eager mode, runs at once).
        return self.retry(exc=error, countdown=_backoff(self.request.retries), throw=False)
    Reminder.objects.filter(pk=reminder_id).update(
        status=Reminder.Status.SENT, sent_at=timezone.now()
    )
    return "sent"


@shared_task(acks_late=True)
def run_daily_sweeps(day: str | None = None) -> dict:
    """The beat's daily entry: every registered sweep for today (Europe/Brussels)."""
    from accounts.reminders import reminders_run

    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    release_stale_claims()
    return reminders_run(today)


def release_stale_claims(older_than: datetime.timedelta = datetime.timedelta(hours=1)) -> int:
    """A worker that died while sending leaves a row 'sending': mark it failed for staff to
    check and resend, rather than risk sending it twice."""
    from accounts.models import Reminder

    return Reminder.objects.filter(
        status=Reminder.Status.SENDING, claimed_at__lt=timezone.now() - older_than
    ).update(
        status=Reminder.Status.FAILED,
        last_error="The worker stopped while sending; check whether it arrived before resending.",
    )

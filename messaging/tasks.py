"""The outbox's tasks: deliver one message, relay what is due (beat, every minute), and the
morning sweeps of reminders (beat, every morning)."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from messaging import mailings, services
from messaging.sweeps import reminders_run

# A worker stopped by its time limit has given up before its lease runs out: a row "sending"
# under an expired lease then always belongs to a worker that died.
_LEASE = settings.MESSAGE_LEASE_SECONDS


@shared_task(
    acks_late=True,
    soft_time_limit=min(settings.CELERY_TASK_SOFT_TIME_LIMIT, _LEASE // 2),
    time_limit=min(settings.CELERY_TASK_TIME_LIMIT, _LEASE * 3 // 4),
)
def deliver_message(message_id: int) -> str:
    """Send one outbox message (its retries are rows in the database, not Celery retries)."""
    return services.message_deliver(message_id=message_id)


@shared_task(acks_late=True)
def relay_messages() -> int:
    """Record the messages to several people whose time has come (or that a dead worker left
    half recorded), then hand to the worker every message due and not taken (Celery beat,
    every minute)."""
    mailings.mailings_record_due()
    return services.messages_relay()


@shared_task(
    acks_late=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def record_mailing(mailing_id: int) -> str:
    """Fix the recipients of a message to several people and write their messages to the
    outbox (messaging.mailings); its lease lets the relay finish a recording a worker left."""
    return mailings.mailing_record(mailing_id=mailing_id)


@shared_task(acks_late=True)
def run_daily_sweeps(day: str | None = None) -> dict:
    """The beat's morning entry: every registered sweep for today (Europe/Brussels), then the
    relay, so that whatever an earlier run left behind goes out with today's reminders."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    results = reminders_run(today)
    services.messages_relay()
    return results


# Tasks queued under their former names before an upgrade still find a worker: no message that
# waited in the broker during the upgrade is lost.


@shared_task(name="accounts.tasks.send_email", acks_late=True)
def legacy_send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    from_email: str = "",
    reply_to: list[str] | None = None,
    attachments: list[list[str]] | None = None,
) -> None:
    for address in to:
        services.message_queue(
            to=address,
            subject=subject,
            text=body,
            html=html,
            kind="legacy",
            from_email=from_email,
            reply_to=reply_to or (),
            attachments=[services.attachment(*item) for item in attachments or []],
        )


@shared_task(name="accounts.tasks.deliver_reminder", acks_late=True)
def legacy_deliver_reminder(reminder_id: int) -> int:
    # Reminders became outbox rows (with new ids) when the outbox was installed: relay them all.
    return services.messages_relay()

"""The events' periodic task: the reminders two days before (Celery beat, every hour)."""

import datetime

from celery import shared_task

from events import services


@shared_task(acks_late=True)
def send_event_reminders(now: str | None = None) -> int:
    """Record the reminders due (each once: the outbox's deduplication key), then the worker
    sends them. ``now`` (ISO 8601) runs the task as at another moment, for a catch-up or a test;
    by default, the clock's."""
    moment = datetime.datetime.fromisoformat(now) if now else None
    return services.reminders_send(now=moment)

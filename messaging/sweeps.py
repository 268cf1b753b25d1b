"""Reminders: each recorded in the outbox exactly once, then delivered like any message.

Each app declares its daily sweeps in its own ``reminders.py``::

    @sweep("mandate_milestones")
    def mandate_milestones(today: date) -> Iterable[Due]:
        ...

A sweep finds what is due **on or before** ``today`` and not recorded yet, within
REMINDER_CATCH_UP_DAYS (the date is passed in, never read from the clock), and describes each
message; ``reminders_record`` stores them in the outbox under the unique deduplication key and
hands them to the worker after commit. A missed morning, a beat that was stopped or a restored
backup is caught up by the next run, and a run repeated, or two at once, records nothing twice.
Far-future work is never scheduled through the broker: the next daily sweep finds it in the
database.

Memory stays flat whatever the number of reminders due: sweeps yield lazily (their querysets are
read with ``.iterator(chunk_size=QUERY_CHUNK)``) and the run records them ``REMINDER_BATCH`` at
a time, each batch in its own transaction.
"""

import datetime
import functools
import itertools
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import translation

from accounts.models import User
from config.pagecache import public_pages_changed
from messaging.models import OutgoingMessage
from messaging.services import message_build, messages_publish_on_commit

# UNSUBSCRIBE_SALT was defined here first: importers of it from here still find it.
from messaging.unsubscribe import UNSUBSCRIBE_SALT, unsubscribe_headers  # noqa: F401
from messaging.unsubscribe import unsubscribe_url as _unsubscribe_url

logger = logging.getLogger(__name__)

Sweep = Callable[[datetime.date], Iterable["Due"]]
_sweeps: dict[str, Sweep] = {}
_daily_jobs: dict[str, Callable[[datetime.date], int]] = {}
# Reminders recorded per transaction by reminders_run, and rows a sweep reads from the database at
# a time: both bound the memory of the morning run.
REMINDER_BATCH = 500
QUERY_CHUNK = 500


def catch_up_days() -> int:
    """How many days late a reminder is still sent (REMINDER_CATCH_UP_DAYS)."""
    return settings.REMINDER_CATCH_UP_DAYS


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` items taken in order from ``iterable`` (the last one may be shorter)."""
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def sweep(name: str) -> Callable[[Sweep], Sweep]:
    """Register a daily sweep under a name (used by run_reminders and the beat task)."""

    def register(func: Sweep) -> Sweep:
        _sweeps[name] = func
        return func

    return register


def daily_job(name: str):
    """Register a change the morning run makes before the sweeps (e.g. closing vacancies past
    their deadline); it returns how many objects it changed. A dry run skips it."""

    def register(func):
        _daily_jobs[name] = func
        return func

    return register


def registered_daily_jobs() -> dict[str, Callable[[datetime.date], int]]:
    return dict(sorted(_daily_jobs.items()))


def registered_sweeps() -> dict[str, Sweep]:
    return dict(sorted(_sweeps.items()))


@dataclass
class Due:
    """One reminder that is due: what it is about, for whom, and how to write it."""

    kind: str
    obj: object
    milestone: str
    template: str  # e.g. "coordinations/email/milestone": _subject.txt, .txt and .html
    context: dict = field(default_factory=dict)
    recipient: User | None = None
    email: str = ""  # for a recipient without an account (e.g. the secretariat's address)
    essential: bool = True

    @property
    def recipient_email(self) -> str:
        return self.recipient.email if self.recipient else self.email

    @property
    def key(self) -> str:
        """The outbox's deduplication key: one message per object, milestone and address."""
        return reminder_key(
            self.kind, self.obj._meta.label_lower, self.obj.pk, self.milestone, self.recipient_email
        )


def reminder_key(kind: str, object_type: str, object_id, milestone: str, email: str) -> str:
    return f"reminder:{kind}:{object_type}:{object_id}:{milestone}:{email}"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def address_in(language: str, name: str, **kwargs) -> str:
    """The full address of the page ``name`` (with ``kwargs``) in ``language``, for an e-mail.

    An address without arguments is remembered per language: a morning run writes the same few
    in tens of thousands of reminders, and each reverse in another language costs a switch of
    the active language. One with arguments (a personal link's token) is not kept."""
    if kwargs:
        with translation.override(language):
            return absolute(reverse(name, kwargs=kwargs))
    return _address_in(language, name, settings.SITE_URL, get_script_prefix())


@functools.lru_cache(maxsize=256)
def _address_in(language: str, name: str, site_url: str, prefix: str) -> str:
    with translation.override(language):
        return site_url + reverse(name)


@receiver(setting_changed)
def _forget_addresses(**kwargs) -> None:
    _address_in.cache_clear()  # another URLconf or language list (tests)


def unsubscribe_url(user: User) -> str:
    """The link that stops the summaries (messaging.unsubscribe)."""
    return _unsubscribe_url(user)


def _language(due: Due) -> str:
    return due.recipient.preferred_language if due.recipient else settings.LANGUAGE_CODE


def render_message(due: Due) -> tuple[str, str, str]:
    """Subject, text and HTML of a reminder, in the recipient's language."""
    with translation.override(_language(due)):
        context = {"site_url": settings.SITE_URL, "recipient": due.recipient, **due.context}
        if not due.essential and due.recipient:
            context["unsubscribe_url"] = unsubscribe_url(due.recipient)
        subject = " ".join(render_to_string(f"{due.template}_subject.txt", context).split())
        body = render_to_string(f"{due.template}.txt", context)
        try:
            html = render_to_string(f"{due.template}.html", context)
        except TemplateDoesNotExist:
            html = ""
    return subject, body, html


@transaction.atomic
def reminders_record(
    dues: Iterable[Due], *, dry_run: bool = False, seen: set | None = None
) -> list[Due]:
    """Record the reminders not recorded yet and queue their delivery; return those that this
    call recorded (a concurrent run may have recorded some of them first: they are not counted
    twice).

    Meant for one batch (reminders_run passes REMINDER_BATCH at a time): a constant number of
    queries, one to read the keys already recorded, the bulk insert, one to read back the rows
    this call inserted. A key recorded by an earlier batch is found in the database; a dry run
    records nothing, so it passes the same ``seen`` set to every batch to count each key once.
    """
    dues = [
        d
        for d in dues
        if d.recipient_email and (d.essential or not d.recipient or d.recipient.receives_digests)
    ]
    if not dues:
        return []
    existing = set(
        OutgoingMessage.objects.filter(dedup_key__in={d.key for d in dues}).values_list(
            "dedup_key", flat=True
        )
    )
    fresh = []
    seen = set() if seen is None else seen
    for due in dues:
        if due.key in existing or due.key in seen:
            continue
        seen.add(due.key)
        fresh.append(due)
    if dry_run or not fresh:
        return fresh
    batch = uuid.uuid4()
    rows = []
    for due in fresh:
        subject, body, html = render_message(due)
        rows.append(
            message_build(
                to=due.recipient_email,
                subject=subject,
                text=body,
                html=html,
                kind=due.kind,
                language=_language(due),
                recipient=due.recipient,
                concerns=due.obj,
                milestone=due.milestone,
                dedup_key=due.key,
                essential=due.essential,
                # Not essential: the reader's mail program offers to stop them in one click.
                headers=(
                    unsubscribe_headers(unsubscribe_url(due.recipient))
                    if not due.essential and due.recipient
                    else None
                ),
                batch=batch,
            )
        )
    # A concurrent sweep may have recorded some of them since we looked: the unique key keeps
    # one row per reminder, and only the rows this call inserted are counted and queued by it.
    OutgoingMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    public_pages_changed()  # the dashboard counts messages; bulk inserts send no signal
    inserted = dict(OutgoingMessage.objects.filter(batch=batch).values_list("dedup_key", "pk"))
    # One callback for the batch: a run inside an outer transaction keeps a few bytes per
    # reminder until it commits, not a closure each.
    messages_publish_on_commit(list(inserted.values()))
    logger.info("reminders recorded", extra={"count": len(inserted), "batch": str(batch)})
    return [due for due in fresh if due.key in inserted]


def reminders_run(
    today: datetime.date, *, only: str | None = None, dry_run: bool = False
) -> dict[str, int]:
    """Run every registered sweep (or one) for ``today``; return how many reminders each recorded.

    Each sweep's reminders are recorded REMINDER_BATCH at a time, each batch committed on its own:
    a run that fails halfway keeps what it recorded, and the next run records the rest.
    """
    results = {}
    if not dry_run:
        for name, job in registered_daily_jobs().items():
            if only is None or only == name:
                results[name] = job(today)
    for name, find_due in registered_sweeps().items():
        if only and name != only:
            continue
        # Only a dry run needs the keys of earlier batches (nothing reaches the database).
        seen = set() if dry_run else None
        results[name] = sum(
            len(reminders_record(batch, dry_run=dry_run, seen=seen))
            for batch in batched(find_due(today), REMINDER_BATCH)
        )
    return results

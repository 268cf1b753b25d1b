"""Declined and withdrawn applications are kept APPLICATION_RETENTION_MONTHS after their last
change (12 by default), then purged with their CV by the morning run.

The last change is ``updated_at``: a decision, a withdrawal or an erasure all save the
application. The rows go, with their history, notes, interviews, languages and self-ratings:
the dashboard counts applications over the last twelve months by default, which the retention
period covers. The CV files are deleted once the deletion is committed, so that a failed run
never leaves a row whose file is gone; a second run finds nothing left to do.
"""

import datetime
import logging
import zoneinfo

from django.conf import settings
from django.db import transaction

from accounts.security import security_event
from config.dates import add_months
from messaging.sweeps import daily_job
from recruitment.models import Application

logger = logging.getLogger(__name__)

PURGED_STATUSES = (Application.Status.DECLINED, Application.Status.WITHDRAWN)


def retention_cutoff(today: datetime.date) -> datetime.datetime:
    """Applications last changed before this instant (midnight, Brussels time) are purged."""
    day = add_months(today, -settings.APPLICATION_RETENTION_MONTHS)
    return datetime.datetime.combine(
        day, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def expired_applications(today: datetime.date):
    return Application.objects.filter(
        status__in=PURGED_STATUSES, updated_at__lt=retention_cutoff(today)
    )


@daily_job("application_retention")
@transaction.atomic
def applications_purge(today: datetime.date) -> int:
    """Delete the declined and withdrawn applications past the retention period, and their CVs;
    return how many applications were deleted."""
    expired = expired_applications(today).select_for_update()
    files = [(a.cv.storage, a.cv.name) for a in expired.only("pk", "cv") if a.cv]
    ids = list(expired.values_list("pk", flat=True))
    if not ids:
        return 0
    Application.objects.filter(pk__in=ids).delete()
    transaction.on_commit(lambda: _delete_files(files))
    security_event("retention.applications_purged", count=len(ids), files=len(files))
    return len(ids)


def _delete_files(files) -> None:
    for storage, name in files:
        storage.delete(name)

"""What staff read about the outbox: the dashboard's figure and the failed messages' page use
the same definitions (messaging.models)."""

import datetime

from django.db.models import Count, Q, QuerySet

from messaging.models import OutgoingMessage, retrying_condition, stuck_condition
from messaging.services import STUCK_AFTER

# The tabs of the staff page, in order.
VIEWS = ("attention", "retrying", "all")


def outbox_counts(now: datetime.datetime) -> dict:
    """How many messages failed, are stuck, need someone (either) and are waiting for a retry
    (one query)."""
    failed = Q(status=OutgoingMessage.Status.FAILED)
    stuck = stuck_condition(now, STUCK_AFTER)
    return OutgoingMessage.objects.aggregate(
        failed=Count("pk", filter=failed),
        stuck=Count("pk", filter=stuck),
        attention=Count("pk", filter=failed | stuck),
        retrying=Count("pk", filter=retrying_condition(now)),
    )


def messages_for_staff(*, view: str, now: datetime.datetime) -> QuerySet:
    """The messages of one tab of the staff page, newest first: those that need someone (failed
    or stuck), those waiting for a retry, or all of them."""
    messages = OutgoingMessage.objects.order_by("-created_at", "-pk").defer("text", "html")
    if view == "attention":
        return messages.needing_attention(now, STUCK_AFTER)
    if view == "retrying":
        return messages.retrying(now)
    return messages

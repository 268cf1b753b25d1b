"""Writes of the signalements: sending one (routed to a contact of the directory), answering
in its thread, changing its status. Each records its e-mail in the outbox in its transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_staff_member
from liaison import notifications, selectors
from liaison.models import (
    DUE_DAYS,
    Signalement,
    SignalementKind,
    SignalementReply,
    SignalementStatus,
)
from liaison.validators import validate_attachment


@transaction.atomic
def signalement_submit(
    *,
    author,
    coordination,
    kind: str,
    title: str,
    body: str,
    draft: str = "",
    attachment=None,
    today: datetime.date | None = None,
) -> Signalement:
    """A coordinator sends the secretariat a signalement: routed to the directory's contact for
    its kind and coordination, due in the kind's number of days, e-mailed to the contact."""
    if not selectors.sender_coordinations(author).filter(pk=coordination.pk).exists():
        raise ValidationError(
            _("Only a coordinator of this coordination may send it a signalement."),
            code="not_coordinator",
        )
    if kind not in SignalementKind.values:
        raise ValidationError(_("Choose what you are sending."), code="kind")
    today = today or timezone.localdate()
    signalement = Signalement(
        coordination=coordination,
        author=author,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        draft=draft.strip() if kind == SignalementKind.BLOG_POST else "",
        contact=selectors.route_for(kind=kind, coordination=coordination),
        due_on=today + datetime.timedelta(days=DUE_DAYS[kind]),
    )
    if attachment:
        # The form checked it already; the service checks whatever the road in (parsed once).
        validate_attachment(attachment)
        signalement.attachment_name = attachment.name[:200]
        signalement.attachment = attachment
    signalement.full_clean(exclude=["attachment"])
    signalement.save()
    notifications.notify_submitted(signalement)
    return signalement


@transaction.atomic
def signalement_reply(*, signalement: Signalement, author, body: str) -> SignalementReply:
    """A message in the thread; the other side is told by e-mail. The secretariat's first answer
    to a signalement just received takes it in hand."""
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a message."), code="empty")
    from_secretariat = is_staff_member(author)
    reply = SignalementReply.objects.create(
        signalement=signalement, author=author, body=body, from_secretariat=from_secretariat
    )
    if from_secretariat and signalement.status == SignalementStatus.RECEIVED:
        signalement.status = SignalementStatus.IN_PROGRESS
    signalement.save(update_fields=["status", "updated_at"])
    notifications.notify_reply(reply)
    return reply


@transaction.atomic
def signalement_set_status(
    *, signalement: Signalement, by, status: str, note: str = ""
) -> Signalement:
    """Staff move a signalement (received, in progress, done, declined); the coordinator is
    told, with the note when there is one (kept in the thread too)."""
    if not is_staff_member(by):
        raise ValidationError(_("Only the secretariat changes a status."), code="not_staff")
    if status not in SignalementStatus.values:
        raise ValidationError(_("Unknown status."), code="status")
    # Lock the row: two staff members answering at once do not both notify.
    signalement = Signalement.objects.select_for_update().get(pk=signalement.pk)
    if signalement.status == status:
        if note.strip():
            # Nothing to move: the note is an answer in the thread all the same.
            signalement_reply(signalement=signalement, author=by, body=note)
        return signalement
    signalement.status = status
    signalement.save(update_fields=["status", "updated_at"])
    note = note.strip()
    if note:
        SignalementReply.objects.create(
            signalement=signalement, author=by, body=note, from_secretariat=True
        )
    notifications.notify_status(signalement, note=note)
    return signalement

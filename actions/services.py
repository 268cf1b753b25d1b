"""Operations on circulars, proposals and follow-up reports, each in one transaction.

Rows that several people may change at once (a proposal being published or closed while a group
reports) are locked with select_for_update first, so that the checks below see the latest state.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from actions import notifications
from actions.models import (
    ActionProposal,
    ActionTarget,
    Circular,
    CircularAssignment,
    CircularAttachment,
    FollowUpReport,
    ProposalRecipient,
    Theme,
)
from actions.validators import document_kind, validate_circular_document
from coordinations.models import Coordination


@transaction.atomic
def attachment_add(
    *, circular: Circular, file: UploadedFile, title: str = "", uploaded_by: User | None = None
) -> CircularAttachment:
    """Keep a document of the circular (a PDF, a letter template) in private storage, under a
    generated name."""
    validate_circular_document(file)
    attachment = CircularAttachment(
        circular=circular,
        title=title,
        original_name=(file.name or "")[-255:],
        size=file.size,
        uploaded_by=uploaded_by,
    )
    attachment.file.save(f"document.{document_kind(file.name)}", file, save=False)
    try:
        attachment.save()
    except Exception:
        # The file is written before the row: a refused row leaves no file behind (a killed
        # request's file is removed by the daily sweep, config/private_media.py).
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: CircularAttachment) -> None:
    """Remove an attachment; its file goes once the removal is committed."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def circular_register(
    *,
    circular: Circular,
    registered_by: User | None,
    themes: Iterable[Theme] = (),
    targets: Iterable[ActionTarget] = (),
    attachments: Iterable[tuple[UploadedFile, str]] = (),
) -> Circular:
    """Register a circular received from the International Secretariat.

    An update ("further information") is attached to the original of its thread, assigned to
    the coordinations the original was assigned to, and announced to everyone who received or
    relayed the original.
    """
    if circular.parent_id:
        circular.parent = circular.parent.root
    circular.registered_by = registered_by
    circular.full_clean()
    circular.save()
    circular.themes.set(themes)
    for order, target in enumerate(targets):
        target.circular = circular
        target.order = order
        target.full_clean()
        target.save()
    for file, title in attachments:
        attachment_add(circular=circular, file=file, title=title, uploaded_by=registered_by)
    if circular.parent_id:
        original = circular.parent
        coordinations = Coordination.objects.filter(circular_assignments__circular=original)
        circular_assign(circular=circular, coordinations=coordinations, assigned_by=registered_by)
        notifications.notify_update(circular)
    return circular


@transaction.atomic
def circular_update(
    *,
    circular: Circular,
    themes: Iterable[Theme] | None = None,
    targets: Iterable[ActionTarget] | None = None,
) -> Circular:
    """Save changes to a circular; when given, the targets replace the previous ones."""
    circular.full_clean()
    circular.save()
    if themes is not None:
        circular.themes.set(themes)
    if targets is not None:
        kept = []
        for order, target in enumerate(targets):
            target.circular = circular
            target.order = order
            target.full_clean()
            target.save()
            kept.append(target.pk)
        circular.targets.exclude(pk__in=kept).delete()
    return circular


@transaction.atomic
def circular_assign(
    *,
    circular: Circular,
    coordinations: Iterable[Coordination],
    assigned_by: User | None,
    relay_due_on: datetime.date | None = None,
    note: str = "",
) -> list[CircularAssignment]:
    """Give a circular to coordinations to relay; their coordinators are told.

    A coordination that already has it is left as it is. The due date defaults to a week after
    receipt, two days when the circular is urgent.
    """
    if circular.closed_on or (circular.parent_id and circular.parent.closed_on):
        raise ValidationError(_("This circular is closed: it can no longer be assigned."))
    relay_due_on = relay_due_on or circular.default_relay_due_on()
    if relay_due_on < circular.received_on:
        raise ValidationError(
            {"relay_due_on": _("The relay due date cannot come before the circular was received.")}
        )
    already = set(circular.assignments.values_list("coordination_id", flat=True))
    created = [
        CircularAssignment.objects.create(
            circular=circular,
            coordination=coordination,
            relay_due_on=relay_due_on,
            note=note,
            assigned_by=assigned_by,
        )
        for coordination in coordinations
        if coordination.pk not in already
    ]
    notifications.notify_assignments(created)
    return created


@transaction.atomic
def assignment_acknowledge(*, assignment: CircularAssignment, user: User) -> CircularAssignment:
    """The coordinator confirms they have the circular in hand (only the first time counts)."""
    updated = CircularAssignment.objects.filter(
        pk=assignment.pk, acknowledged_at__isnull=True
    ).update(acknowledged_at=timezone.now(), acknowledged_by=user)
    if updated:
        assignment.refresh_from_db(fields=["acknowledged_at", "acknowledged_by"])
    return assignment


@transaction.atomic
def circular_close(
    *,
    circular: Circular,
    outcome: str,
    note: str = "",
    closed_on: datetime.date | None = None,
) -> Circular:
    """Record the outcome of a case, which closes its whole thread (original and updates)."""
    if outcome not in Circular.Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    closed_on = closed_on or timezone.localdate()
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    to_close = [circular]
    if circular.parent_id:
        original = Circular.objects.select_for_update().get(pk=circular.parent_id)
        if not original.closed_on:
            to_close.append(original)
    for item in to_close:
        item.outcome, item.outcome_note, item.closed_on = outcome, note, closed_on
        item.save(update_fields=["outcome", "outcome_note", "closed_on", "updated_at"])
    return circular


@transaction.atomic
def circular_reopen(*, circular: Circular) -> Circular:
    """Undo a closure recorded by mistake."""
    circular.outcome, circular.outcome_note, circular.closed_on = "", "", None
    circular.save(update_fields=["outcome", "outcome_note", "closed_on", "updated_at"])
    return circular


@transaction.atomic
def proposal_save(
    *,
    proposal: ActionProposal,
    chosen_groups: Iterable = (),
    documents: Iterable | None = None,
    targets: Iterable | None = None,
) -> ActionProposal:
    """Create or change a draft proposal (a published one is no longer edited).

    ``documents`` and ``targets``: what of the circular the groups get; only the circular's own
    are kept. None leaves them as they are (all of the circular's, for a new proposal)."""
    if proposal.pk:
        current = ActionProposal.objects.select_for_update().get(pk=proposal.pk)
        if current.status != ActionProposal.Status.DRAFT:
            raise ValidationError(_("A published proposal can no longer be changed."))
    if proposal.target != ActionProposal.Target.PROVINCES:
        proposal.provinces = []
    created = proposal.pk is None
    proposal.full_clean()
    proposal.save()
    proposal.chosen_groups.set(
        chosen_groups if proposal.target == ActionProposal.Target.CHOSEN else []
    )
    _set_circular_material(proposal, documents, targets, created=created)
    return proposal


def _set_circular_material(proposal, documents, targets, *, created: bool) -> None:
    circular_id = proposal.circular_id
    if circular_id is None:
        proposal.documents.clear()
        proposal.targets.clear()
        return
    own_documents = CircularAttachment.objects.filter(circular_id=circular_id)
    own_targets = ActionTarget.objects.filter(circular_id=circular_id)
    if documents is None and created:
        documents = own_documents
    if targets is None and created:
        targets = own_targets
    if documents is not None:
        proposal.documents.set(own_documents.filter(pk__in=[d.pk for d in documents]))
    if targets is not None:
        proposal.targets.set(own_targets.filter(pk__in=[t.pk for t in targets]))


@transaction.atomic
def proposal_publish(*, proposal: ActionProposal, published_by: User | None) -> list:
    """Send a draft to the groups it targets: their leaders get an e-mail with a report link.

    The targeted groups are fixed now; a group created later is not added to this proposal.
    """
    proposal = ActionProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ActionProposal.Status.DRAFT:
        raise ValidationError(_("This proposal has already been published."))
    groups = list(proposal.targeted_groups())
    if not groups:
        raise ValidationError(_("No active group matches this target: choose other groups."))
    recipients = ProposalRecipient.objects.bulk_create(
        [ProposalRecipient(proposal=proposal, group=group) for group in groups]
    )
    proposal.status = ActionProposal.Status.PUBLISHED
    proposal.published_at = timezone.now()
    proposal.published_by = published_by
    proposal.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    notifications.notify_proposal_published(proposal, groups)
    return recipients


@transaction.atomic
def proposal_close(*, proposal: ActionProposal) -> ActionProposal:
    """Stop the follow-up: the reports can no longer be changed."""
    proposal = ActionProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ActionProposal.Status.PUBLISHED:
        raise ValidationError(_("Only a published proposal can be closed."))
    proposal.status = ActionProposal.Status.CLOSED
    proposal.closed_at = timezone.now()
    proposal.save(update_fields=["status", "closed_at", "updated_at"])
    return proposal


@transaction.atomic
def report_save(
    *,
    proposal: ActionProposal,
    group,
    reported_by: User | None,
    status: str,
    letters_sent: int = 0,
    signatures_collected: int = 0,
    people_reached: int = 0,
    events_held: int = 0,
    funds_raised: Decimal | None = None,
    materials_used: str = "",
    comment: str = "",
) -> FollowUpReport:
    """Record (or correct) a group's follow-up of a proposal, while the proposal is open.

    The proposal row is locked so that two leaders of the same group reporting at the same
    moment are served one after the other (the second one corrects the first report).
    """
    proposal = ActionProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ActionProposal.Status.PUBLISHED:
        raise ValidationError(_("The follow-up of this proposal is closed."))
    if not ProposalRecipient.objects.filter(proposal=proposal, group=group).exists():
        raise ValidationError(_("This proposal was not sent to this group."))
    report = FollowUpReport.objects.filter(proposal=proposal, group=group).first()
    report = report or FollowUpReport(proposal=proposal, group=group)
    report.status = status
    report.letters_sent = letters_sent
    report.signatures_collected = signatures_collected
    report.people_reached = people_reached
    report.events_held = events_held
    report.funds_raised = funds_raised
    report.materials_used = materials_used.strip()
    report.comment = comment
    report.reported_by = reported_by
    report.reported_at = timezone.now()
    report.full_clean()
    report.save()
    return report

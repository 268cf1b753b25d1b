"""Operations that change mandates, each in one transaction.

A coordination's row is locked (select_for_update) while its lead mandates change, so that two
staff members accepting two candidates at once cannot both succeed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from coordinations.models import (
    ONE_LEAD_CONSTRAINT,
    Activity,
    Coordination,
    HandoverNote,
    Mandate,
    MandateRequest,
    OnboardingProgress,
    OnboardingStep,
    Responsibility,
)

# PostgreSQL's SQLSTATE for "deadlock detected".
DEADLOCK_DETECTED = "40P01"


def _lock(coordination: Coordination) -> None:
    """Hold the coordination until the transaction ends, so that two acceptances for it at the
    same moment check and write one after the other."""
    if connection.vendor == "sqlite":
        # SQLite has no row locks (select_for_update does nothing): a write takes the database's
        # write lock now, and a concurrent transaction waits here until this one commits.
        Coordination.objects.filter(pk=coordination.pk).update(max_leads=F("max_leads"))
    else:
        Coordination.objects.select_for_update().filter(pk=coordination.pk).first()


def _save_new_mandate(mandate: Mandate) -> None:
    """Save a checked mandate; the database's own rule (PostgreSQL) has the last word."""
    try:
        with transaction.atomic():
            mandate.save()
    except IntegrityError as error:
        if ONE_LEAD_CONSTRAINT not in str(error):
            raise
        # Another lead mandate took the place between the check and the save (outside this
        # service, which locks the coordination first): the same clear message, no 500.
        raise _lead_taken(mandate) from error
    except OperationalError as error:
        # Two overlapping lead mandates inserted at the same instant: each may wait for the
        # other's row while PostgreSQL checks the exclusion constraint, and PostgreSQL then
        # aborts one of them as a deadlock rather than as a violation. The other keeps the place.
        if getattr(error.__cause__, "sqlstate", None) != DEADLOCK_DETECTED:
            raise
        raise _lead_taken(mandate) from error


def _lead_taken(mandate: Mandate) -> ValidationError:
    return ValidationError(
        {"start_date": ValidationError(mandate.no_free_lead_seat_message(), code="lead_taken")}
    )


@transaction.atomic
def mandate_start(
    *,
    coordination: Coordination,
    volunteer: User,
    start_date: datetime.date,
    commitment_months: int = 24,
    role: str = Mandate.Role.LEAD,
    optional_responsibilities=(),
    renews: Mandate | None = None,
) -> Mandate:
    """Start a volunteer's mandate; a lead mandate is refused under 24 months or if it overlaps."""
    _lock(coordination)
    mandate = Mandate(
        coordination=coordination,
        volunteer=volunteer,
        role=role,
        start_date=start_date,
        commitment_months=commitment_months,
        renews=renews,
    )
    # Checks the 24 months, the overlaps and allots a coordinator place (Mandate.clean).
    mandate.full_clean(exclude=["end_date"])
    _save_new_mandate(mandate)
    if optional_responsibilities:
        mandate.optional_responsibilities.set(
            [r for r in optional_responsibilities if r.kind == Responsibility.Kind.OPTIONAL]
        )
    return mandate


@transaction.atomic
def mandate_end(
    *,
    mandate: Mandate,
    ended_on: datetime.date | None = None,
    end_kind: str = Mandate.EndKind.STEPPED_DOWN,
    reason: str = "",
) -> Mandate:
    """End an active mandate on a date (today by default), with how and why it ended."""
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if mandate.status != Mandate.Status.ACTIVE:
        raise ValidationError(_("This mandate has already ended."))
    ended_on = ended_on or timezone.localdate()
    if ended_on < mandate.start_date:
        raise ValidationError(_("A mandate cannot end before it starts."))
    if end_kind == Mandate.EndKind.STEPPED_DOWN and not reason.strip():
        raise ValidationError(_("Say why the mandate ends early."))
    mandate.status = Mandate.Status.ENDED
    mandate.ended_on = ended_on
    mandate.end_kind = end_kind
    mandate.end_reason = reason
    mandate.save(update_fields=["status", "ended_on", "end_kind", "end_reason", "updated_at"])
    MandateRequest.objects.filter(mandate=mandate, handled_at__isnull=True).update(
        handled_at=timezone.now()
    )
    if mandate.role == Mandate.Role.LEAD and end_kind not in (
        Mandate.EndKind.RENEWED,
        Mandate.EndKind.HANDED_OVER,
    ):
        # The reason typed for ending stays on the mandate (it may be personal): the vacancy's
        # note refers to the mandate, never to the person (see accounts.gdpr).
        _prepare_vacancy(
            mandate,
            reason=_("The coordinator's mandate ended (%(how)s): see mandate #%(mandate)s.")
            % {"how": mandate.get_end_kind_display(), "mandate": mandate.pk},
        )
    return mandate


def _prepare_vacancy(mandate: Mandate, *, reason: str) -> None:
    """A lead leaving: a draft vacancy, prefilled from the coordination, waits for staff."""
    from recruitment.services import vacancy_draft_for_coordination

    vacancy_draft_for_coordination(coordination=mandate.coordination, reason=reason)


@transaction.atomic
def mandate_renew(*, mandate: Mandate, commitment_months: int = 24) -> Mandate:
    """Renew a mandate: a new period starting on the old end date, with the same optional tasks."""
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if mandate.status != Mandate.Status.ACTIVE:
        raise ValidationError(_("Only an active mandate can be renewed."))
    start = mandate.end_date
    mandate.status = Mandate.Status.ENDED
    mandate.ended_on = start
    mandate.end_kind = Mandate.EndKind.RENEWED
    mandate.save(update_fields=["status", "ended_on", "end_kind", "updated_at"])
    renewal = mandate_start(
        coordination=mandate.coordination,
        volunteer=mandate.volunteer,
        start_date=start,
        commitment_months=commitment_months,
        role=mandate.role,
        optional_responsibilities=list(mandate.optional_responsibilities.all()),
        renews=mandate,
    )
    MandateRequest.objects.filter(mandate=mandate, handled_at__isnull=True).update(
        handled_at=timezone.now()
    )
    return renewal


@transaction.atomic
def mandate_hand_over(
    *,
    mandate: Mandate,
    successor: User,
    last_day: datetime.date | None = None,
    commitment_months: int = 24,
    reason: str = "",
) -> Mandate:
    """End a mandate on its last day and start the successor's on the next day, all or nothing."""
    last_day = last_day or timezone.localdate()
    if successor.pk == mandate.volunteer_id:
        raise ValidationError(_("The successor must be another volunteer."))
    mandate_end(
        mandate=mandate,
        ended_on=last_day,
        end_kind=Mandate.EndKind.HANDED_OVER,
        reason=reason,
    )
    return mandate_start(
        coordination=mandate.coordination,
        volunteer=successor,
        start_date=last_day + datetime.timedelta(days=1),
        commitment_months=commitment_months,
        role=mandate.role,
    )


@transaction.atomic
def mandate_request_create(*, mandate: Mandate, kind: str, message: str = "") -> MandateRequest:
    """Record a coordinator's wish to renew or hand over and tell their secretariat contact."""
    from coordinations.notifications import notify_mandate_request

    if mandate.status != Mandate.Status.ACTIVE:
        raise ValidationError(_("This mandate has already ended."))
    request = MandateRequest.objects.create(mandate=mandate, kind=kind, message=message)
    notify_mandate_request(request)
    if kind == MandateRequest.Kind.HAND_OVER and mandate.role == Mandate.Role.LEAD:
        _prepare_vacancy(
            mandate,
            reason=_("The coordinator asked to hand over: see mandate #%(mandate)s.")
            % {"mandate": mandate.pk},
        )
    return request


@transaction.atomic
def mandate_optional_tasks_set(*, mandate: Mandate, responsibilities) -> Mandate:
    """Record which optional tasks the coordinator takes on (priority tasks are never chosen)."""
    mandate.optional_responsibilities.set(
        [r for r in responsibilities if r.kind == Responsibility.Kind.OPTIONAL]
    )
    return mandate


@transaction.atomic
def onboarding_step_tick(
    *,
    mandate: Mandate,
    step: OnboardingStep,
    done_on: datetime.date,
    ticked_by: User,
    note: str = "",
) -> OnboardingProgress:
    """Mark an onboarding step as done on a date; ticking it again corrects the date."""
    progress, _created = OnboardingProgress.objects.update_or_create(
        mandate=mandate,
        step=step,
        defaults={"done_on": done_on, "ticked_by": ticked_by, "note": note},
    )
    return progress


@transaction.atomic
def onboarding_step_untick(*, progress: OnboardingProgress) -> None:
    """Take back a tick (ticked by mistake)."""
    progress.delete()


@transaction.atomic
def activity_create(
    *,
    mandate: Mandate,
    kind: str,
    date: datetime.date,
    note: str = "",
    duration_minutes: int | None = None,
) -> Activity:
    """Add an entry to a mandate's activity log (its duration counts in the volunteering
    hours)."""
    activity = Activity(
        mandate=mandate, kind=kind, date=date, note=note, duration_minutes=duration_minutes
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    kind: str,
    date: datetime.date,
    note: str = "",
    duration_minutes: int | None = None,
) -> Activity:
    """Correct an entry of the activity log."""
    activity.kind, activity.date, activity.note = kind, date, note
    activity.duration_minutes = duration_minutes
    activity.full_clean()
    activity.save(update_fields=["kind", "date", "note", "duration_minutes"])
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    activity.delete()


@transaction.atomic
def handover_note_create(
    *,
    coordination: Coordination,
    author: User,
    topic: str,
    title: str,
    body: str = "",
    link: str = "",
) -> HandoverNote:
    """Add a note to a coordination's hand-over file, kept for whoever holds it next."""
    note = HandoverNote(
        coordination=coordination, author=author, topic=topic, title=title, body=body, link=link
    )
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def handover_note_update(
    *,
    note: HandoverNote,
    author: User,
    topic: str,
    title: str,
    body: str = "",
    link: str = "",
) -> HandoverNote:
    """Rewrite a note of the hand-over file; the last person who wrote it is recorded."""
    note.topic, note.title, note.body, note.link, note.author = topic, title, body, link, author
    note.full_clean()
    note.save()
    return note

"""The application pipeline: the one place that knows which moves are allowed.

    submitted → in review → interview → accepted
    submitted, in review, interview → declined (by staff, with a reason)
    submitted, in review, interview → withdrawn (by the applicant only)
    accepted, declined, withdrawn: final, nothing moves out of them.

Every move locks the application's row, writes an ApplicationEvent (from, to, who, when, internal
note, message sent) and may e-mail the applicant in their language. Accepting a candidate for a
coordination starts their mandate and fills the vacancy in the same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_staff_member
from config.dates import INTERVIEW_DATES, MANDATE_START_DATES
from coordinations.models import MINIMUM_LEAD_COMMITMENT_MONTHS
from coordinations.services import mandate_start
from recruitment import notifications
from recruitment.models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    DeclineReason,
    Interview,
    Vacancy,
)

Status = Application.Status

# The allowed moves: status → the statuses it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset({Status.IN_REVIEW, Status.DECLINED, Status.WITHDRAWN}),
    Status.IN_REVIEW: frozenset({Status.INTERVIEW, Status.DECLINED, Status.WITHDRAWN}),
    Status.INTERVIEW: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}),
    Status.ACCEPTED: frozenset(),
    Status.DECLINED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
# Moves only the applicant makes; every other move is staff's.
APPLICANT_MOVES = frozenset({Status.WITHDRAWN})


def allowed_moves(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


def staff_moves(status: str) -> list[str]:
    """The moves staff may offer from this status, in pipeline order."""
    allowed = allowed_moves(status) - APPLICANT_MOVES
    return [value for value in Status.values if value in allowed]


def _check_move(application: Application, to_status: str, actor: User) -> None:
    if to_status not in allowed_moves(application.status):
        raise ValidationError(
            _("An application cannot move from “%(from)s” to “%(to)s”.")
            % {"from": Status(application.status).label, "to": Status(to_status).label},
            code="forbidden_move",
        )
    if to_status in APPLICANT_MOVES:
        if actor.pk != application.applicant_id:
            raise ValidationError(
                _("Only the applicant can withdraw their application."), code="not_applicant"
            )
    elif not is_staff_member(actor):
        raise ValidationError(
            _("Only the secretariat moves applications along the pipeline."), code="not_staff"
        )


def _locked(application: Application) -> Application:
    return (
        # Lock the application's row only, not the vacancy's or the person's it is joined to.
        Application.objects.select_for_update(of=("self",))
        .select_related("vacancy", "applicant")
        .get(pk=application.pk)
    )


def _move(
    application: Application,
    *,
    to_status: str,
    actor: User,
    note: str = "",
    message: str = "",
    notify: bool = True,
    extra_fields: dict | None = None,
) -> ApplicationEvent:
    """Change the status of a locked application, record the event, queue the e-mail."""
    _check_move(application, to_status, actor)
    event = ApplicationEvent.objects.create(
        application=application,
        from_status=application.status,
        to_status=to_status,
        actor=actor,
        created_at=timezone.now(),
        note=note.strip(),
        message=message.strip() if notify else "",
    )
    application.status = to_status
    for field, value in (extra_fields or {}).items():
        setattr(application, field, value)
    application.save(update_fields=["status", "updated_at", *(extra_fields or {})])
    if notify:
        notifications.notify_move(application, event)
    if to_status in (Status.DECLINED, Status.WITHDRAWN):
        _cancel_upcoming_interviews(application, actor)
    return event


def _cancel_upcoming_interviews(application: Application, actor: User) -> None:
    """A declined or withdrawn application has no interview ahead: the ones still planned are
    cancelled, and the candidate's calendar told, so that neither their page nor their calendar
    shows a meeting that will not take place. (An accepted candidate may still be met: staff
    cancel that interview themselves if it is no longer needed.)"""
    upcoming = application.interviews.select_for_update().filter(
        cancelled_at__isnull=True, starts_at__gt=timezone.now()
    )
    for interview in upcoming:
        interview.cancelled_at = timezone.now()
        interview.cancelled_by = actor
        interview.sequence += 1
        interview.save(update_fields=["cancelled_at", "cancelled_by", "sequence"])
        notifications.notify_interview(interview, change=notifications.CANCELLED)


@transaction.atomic
def application_move(
    *,
    application: Application,
    to_status: str,
    actor: User,
    note: str = "",
    message: str = "",
    notify: bool = True,
) -> Application:
    """Move an application one step (to review). Interviews, decisions and withdrawals have
    their own service because they carry more than a status."""
    application = _locked(application)
    if to_status in {Status.INTERVIEW, Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}:
        # Check first, so that a forbidden move says so rather than "use the other form".
        _check_move(application, to_status, actor)
        raise ValidationError(
            _("Use the interview, decision or withdrawal form for this move."), code="use_form"
        )
    _move(
        application,
        to_status=to_status,
        actor=actor,
        note=note,
        message=message,
        notify=notify,
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor: User, note: str = "") -> Application:
    """The applicant withdraws their own application while it is still open."""
    application = _locked(application)
    _move(application, to_status=Status.WITHDRAWN, actor=actor, note=note, notify=False)
    return application


@transaction.atomic
def application_decline(
    *,
    application: Application,
    actor: User,
    reason: DeclineReason,
    note: str = "",
    personal_message: str = "",
    notify: bool = True,
) -> Application:
    """Decline an open application with a reason; the applicant receives its courteous message."""
    application = _locked(application)
    message = ""
    if notify:
        with translation.override(application.applicant.preferred_language):
            message = reason.message_for(
                first_name=application.applicant.first_name,
                vacancy=application.vacancy.title,
            )
        if personal_message.strip():
            message = f"{message}\n\n{personal_message.strip()}"
    _move(
        application,
        to_status=Status.DECLINED,
        actor=actor,
        note=note,
        message=message,
        notify=notify,
        extra_fields={"decline_reason": reason},
    )
    return application


def check_interview_start(starts_at: datetime.datetime) -> None:
    """An interview starts within INTERVIEW_DATES and not before now: the candidate receives an
    invitation to it, and an invitation to a moment already gone would be a mistake."""
    # The range first: a moment near year 1 or 9999 gets the range's message, not this one.
    INTERVIEW_DATES.check(starts_at)
    if starts_at < timezone.now():
        raise ValidationError(_("An interview cannot be scheduled in the past."), code="past")


def _check_interview(*, starts_at, ends_at, place, video_url, interviewers) -> list[User]:
    """What scheduling and rescheduling both check; returns the interviewers as a list.

    Checked here too, not only in the form: the admin and the demo call the services, and the
    invitation's times are converted to UTC (an extreme date would overflow).
    """
    check_interview_start(starts_at)
    INTERVIEW_DATES.check(ends_at)
    if ends_at <= starts_at:
        raise ValidationError(_("The interview must end after it starts."), code="times")
    if not (place.strip() or video_url.strip()):
        raise ValidationError(_("Give a place or a video link."), code="where")
    interviewers = list(interviewers)
    if not interviewers or not all(is_staff_member(person) for person in interviewers):
        raise ValidationError(_("Choose the interviewers among the staff."), code="interviewers")
    return interviewers


def _locked_interview(interview: Interview, actor: User) -> Interview:
    if not is_staff_member(actor):
        raise ValidationError(
            _("Only the secretariat reschedules or cancels interviews."), code="not_staff"
        )
    interview = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__vacancy", "application__applicant")
        .get(pk=interview.pk)
    )
    if interview.is_cancelled:
        raise ValidationError(_("This interview has been cancelled."), code="cancelled")
    return interview


@transaction.atomic
def interview_reschedule(
    *,
    interview: Interview,
    actor: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    interviewers,
    place: str = "",
    video_url: str = "",
) -> Interview:
    """Move an interview to another time, place or set of interviewers; the candidate receives
    the updated invitation (same UID, next SEQUENCE), which replaces the event in their
    calendar."""
    interview = _locked_interview(interview, actor)
    if interview.application.status != Status.INTERVIEW:
        raise ValidationError(
            _("Only the interview of an application at the interview stage can be rescheduled."),
            code="not_at_interview",
        )
    interviewers = _check_interview(
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        interviewers=interviewers,
    )
    interview.starts_at = starts_at
    interview.ends_at = ends_at
    interview.place = place.strip()
    interview.video_url = video_url.strip()
    interview.sequence += 1
    interview.save(update_fields=["starts_at", "ends_at", "place", "video_url", "sequence"])
    interview.interviewers.set(interviewers)
    notifications.notify_interview(interview, change=notifications.RESCHEDULED)
    return interview


@transaction.atomic
def interview_cancel(*, interview: Interview, actor: User) -> Interview:
    """Cancel an interview that has not started; the candidate receives the cancellation
    (METHOD:CANCEL, same UID, next SEQUENCE), which removes the event from their calendar.
    The application stays where it is: staff decide the next step."""
    interview = _locked_interview(interview, actor)
    if interview.starts_at <= timezone.now():
        raise ValidationError(
            _("This interview has already started: it can no longer be cancelled."),
            code="started",
        )
    interview.cancelled_at = timezone.now()
    interview.cancelled_by = actor
    interview.sequence += 1
    interview.save(update_fields=["cancelled_at", "cancelled_by", "sequence"])
    notifications.notify_interview(interview, change=notifications.CANCELLED)
    return interview


@transaction.atomic
def interview_schedule(
    *,
    application: Application,
    actor: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    interviewers,
    place: str = "",
    video_url: str = "",
    note: str = "",
) -> Interview:
    """Schedule an interview and send the applicant an invitation with an .ics attachment.

    From "in review" this moves the application to "interview"; in "interview" it adds another
    one (a second round).
    """
    application = _locked(application)
    if application.status == Status.INTERVIEW:
        if not is_staff_member(actor):
            raise ValidationError(_("Only the secretariat schedules interviews."), code="not_staff")
    else:
        _check_move(application, Status.INTERVIEW, actor)
    interviewers = _check_interview(
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        interviewers=interviewers,
    )
    interview = Interview.objects.create(
        application=application,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        video_url=video_url.strip(),
        created_by=actor,
    )
    interview.interviewers.set(interviewers)
    if application.status != Status.INTERVIEW:
        # The invitation is the message: no separate "moved" e-mail.
        _move(application, to_status=Status.INTERVIEW, actor=actor, note=note, notify=False)
    notifications.notify_interview(interview)
    return interview


@transaction.atomic
def application_accept(
    *,
    application: Application,
    actor: User,
    start_date: datetime.date,
    note: str = "",
    message: str = "",
    notify: bool = True,
) -> Application:
    """Accept a candidate after their interview.

    For a coordination vacancy, in one transaction: their lead mandate starts on the date staff
    chose, the vacancy is marked filled and the event is recorded. If any step fails, none of
    them remains. Other kinds are filled once as many candidates as sought are accepted.
    """
    application = _locked(application)
    vacancy = (
        Vacancy.objects.select_for_update(of=("self",))
        .select_related("coordination")
        .get(pk=application.vacancy_id)
    )
    _check_move(application, Status.ACCEPTED, actor)
    # The mandate's end is counted from this date: checked before any arithmetic.
    MANDATE_START_DATES.check(start_date)
    if vacancy.status == Vacancy.Status.FILLED:
        raise ValidationError(_("This vacancy is already filled."), code="filled")
    extra = {"start_date": start_date}
    if vacancy.kind == Vacancy.Kind.COORDINATION:
        mandate = mandate_start(
            coordination=vacancy.coordination,
            volunteer=application.applicant,
            start_date=start_date,
            commitment_months=max(
                vacancy.minimum_commitment_months or 0, MINIMUM_LEAD_COMMITMENT_MONTHS
            ),
        )
        extra["mandate"] = mandate
    _move(
        application,
        to_status=Status.ACCEPTED,
        actor=actor,
        note=note,
        message=message,
        notify=notify,
        extra_fields=extra,
    )
    accepted = vacancy.applications.filter(status=Status.ACCEPTED).count()
    if accepted >= vacancy.positions:
        vacancy_mark_filled(vacancy=vacancy)
    return application


def vacancy_mark_filled(*, vacancy: Vacancy) -> Vacancy:
    """Mark a (locked) vacancy filled: it leaves the board and takes no more applications."""
    vacancy.status = Vacancy.Status.FILLED
    if not vacancy.published_at:
        vacancy.published_at = timezone.now()
    vacancy.save(update_fields=["status", "published_at", "updated_at"])
    return vacancy


@transaction.atomic
def applications_decline_remaining(
    *,
    vacancy: Vacancy,
    actor: User,
    reason: DeclineReason,
    note: str = "",
    notify: bool = True,
) -> int:
    """Decline, in one step, every application of the vacancy still open; each applicant
    receives the reason's courteous message. Returns how many were declined."""
    if not is_staff_member(actor):
        raise ValidationError(_("Only the secretariat moves applications along the pipeline."))
    remaining = list(
        vacancy.applications.in_progress().select_for_update().order_by("submitted_at", "pk")
    )
    for application in remaining:
        application_decline(
            application=application, actor=actor, reason=reason, note=note, notify=notify
        )
    return len(remaining)


@transaction.atomic
def application_note_add(
    *, application: Application, author: User, body: str, rating: int | None = None
) -> ApplicationNote:
    """Staff's internal note, with an optional rating from 1 to 5; never shown to the applicant."""
    if not is_staff_member(author):
        raise ValidationError(_("Only the secretariat writes internal notes."))
    if not body.strip():
        raise ValidationError(_("Write the note."))
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError(_("A rating goes from 1 to 5."))
    return ApplicationNote.objects.create(
        application=application, author=author, body=body.strip(), rating=rating
    )

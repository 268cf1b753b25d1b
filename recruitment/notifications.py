"""Which e-mail about recruitment goes to whom, always in the recipient's language.

Messages are rendered now and recorded in the outbox in the same transaction: a move that rolls
back sends nothing, and one that commits is sent by the worker even if the broker was down.
"""

from email.utils import parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from messaging.services import attachment, message_queue
from recruitment.ics import interview_invitation


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _render(template: str, context: dict) -> tuple[str, str]:
    subject = render_to_string(f"recruitment/email/{template}_subject.txt", context)
    body = render_to_string(f"recruitment/email/{template}.txt", context)
    return " ".join(subject.split()), body


def _language_of(person) -> str:
    return getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE


def _localized_url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return _absolute(reverse(name, kwargs=kwargs))


def notify_application_received(application) -> None:
    """Confirm to the applicant; tell the vacancy's contact person (or the secretariat)."""
    applicant = application.applicant
    vacancy = application.vacancy
    language = _language_of(applicant)
    with translation.override(language):
        subject, body = _render(
            "application_received",
            {
                "application": application,
                "vacancy": vacancy,
                "person": applicant,
                "url": _localized_url(
                    "recruitment:application_detail", language, pk=application.pk
                ),
            },
        )
    message_queue(
        to=applicant.email,
        subject=subject,
        text=body,
        kind="recruitment.application_received",
        language=language,
        recipient=applicant,
        concerns=application,
    )

    contact = vacancy.contact_person
    language = _language_of(contact) if contact else settings.LANGUAGE_CODE
    with translation.override(language):
        subject, body = _render(
            "application_for_staff",
            {
                "application": application,
                "vacancy": vacancy,
                "url": _localized_url(
                    "recruitment:pipeline_application", language, pk=application.pk
                ),
            },
        )
    message_queue(
        to=contact.email if contact else settings.SECRETARIAT_EMAIL,
        subject=subject,
        text=body,
        kind="recruitment.application_for_staff",
        language=language,
        recipient=contact,
        concerns=application,
    )


def notify_move(application, event) -> None:
    """Tell the applicant their application moved (with the message staff wrote, if any)."""
    applicant = application.applicant
    language = _language_of(applicant)
    with translation.override(language):
        subject, body = _render(
            f"moved_{event.to_status}",
            {
                "application": application,
                "vacancy": application.vacancy,
                "person": applicant,
                "event": event,
                "url": _localized_url(
                    "recruitment:application_detail", language, pk=application.pk
                ),
            },
        )
    message_queue(
        to=applicant.email,
        subject=subject,
        text=body,
        kind=f"recruitment.moved_{event.to_status}",
        language=language,
        recipient=applicant,
        concerns=application,
    )


# What happened to an interview: each has its e-mail and its calendar method.
INVITATION, RESCHEDULED, CANCELLED = "invitation", "rescheduled", "cancelled"
INTERVIEW_TEMPLATES = {
    INVITATION: "interview",
    RESCHEDULED: "interview_rescheduled",
    CANCELLED: "interview_cancelled",
}


def interview_reply_to() -> str:
    """The address a candidate's answer to an interview e-mail reaches: one the secretariat
    reads (the sender is the portal's, which nobody reads)."""
    return getattr(settings, "RECRUITMENT_REPLY_TO", "") or settings.SECRETARIAT_EMAIL


def notify_interview(interview, change: str = INVITATION) -> None:
    """Invite the applicant to the interview, or tell them it moved or is cancelled, with an
    .ics attachment that adds, updates or removes the event in their calendar."""
    application = interview.application
    applicant = application.applicant
    vacancy = application.vacancy
    language = _language_of(applicant)
    # First names only: the candidate meets people, the staff's full names stay internal.
    interviewers = interview.interviewer_first_names()
    reply_to = interview_reply_to()
    with translation.override(language):
        context = {
            "application": application,
            "vacancy": vacancy,
            "person": applicant,
            "interview": interview,
            "interviewers": interviewers,
            "reply_to": reply_to,
            "url": _localized_url("recruitment:application_detail", language, pk=application.pk),
        }
        subject, body = _render(INTERVIEW_TEMPLATES[change], context)
        summary = render_to_string("recruitment/email/interview_summary.txt", context).strip()
    organizer_name = parseaddr(settings.DEFAULT_FROM_EMAIL)[0]
    # A calendar sends the candidate's "accept" or "decline" to the organizer: an address read.
    organizer_email = reply_to
    contact = vacancy.contact_person
    if contact:
        organizer_name, organizer_email = contact.get_full_name(), contact.email
    cancelled = change == CANCELLED
    calendar = interview_invitation(
        uid=str(interview.uid),
        starts_at=interview.starts_at,
        ends_at=interview.ends_at,
        summary=summary,
        location=interview.place or interview.video_url,
        description=body,
        url=interview.safe_video_url,
        organizer_name=organizer_name,
        organizer_email=organizer_email,
        attendee_name=applicant.get_full_name(),
        attendee_email=applicant.email,
        sequence=interview.sequence,
        cancelled=cancelled,
    )
    method = "CANCEL" if cancelled else "REQUEST"
    message_queue(
        to=applicant.email,
        subject=subject,
        text=body,
        kind=f"recruitment.interview_{change}" if change != INVITATION else "recruitment.interview",
        language=language,
        recipient=applicant,
        concerns=interview,
        reply_to=[reply_to],
        attachments=[
            attachment("interview.ics", calendar, f"text/calendar; method={method}; charset=UTF-8")
        ],
    )


def notify_interest_match(person, vacancy, registrations) -> None:
    """Tell someone from the pool that a vacancy matching their interest has opened."""
    language = _language_of(person)
    with translation.override(language):
        subject, body = _render(
            "interest_match",
            {
                "person": person,
                "vacancy": vacancy,
                "registrations": registrations,
                "url": _localized_url("recruitment:vacancy_detail", language, slug=vacancy.slug),
                "me_url": _localized_url("accounts:me", language),
            },
        )
    message_queue(
        to=person.email,
        subject=subject,
        text=body,
        kind="recruitment.interest_match",
        language=language,
        recipient=person,
        concerns=vacancy,
    )

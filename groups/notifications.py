"""Which e-mail about local groups goes to whom, in the recipient's language.

Messages are rendered now and recorded in the outbox; the worker sends them after the
transaction commits. People never see
each other's address on a page; where they need to answer each other (the contact form, visit
requests), the message's reply-to carries the sender's address.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from groups.models import JoinRequest, LocalGroup, Membership, VisitRequest
from messaging.services import message_queue


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _render(template: str, language: str, context: dict) -> tuple[str, str]:
    with translation.override(language):
        context = {
            **context,
            "site_url": settings.SITE_URL,
            "my_space_url": _absolute(reverse("accounts:me")),
        }
        subject = render_to_string(f"groups/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"groups/email/{template}.txt", context)
    return " ".join(subject.split()), body


def _send(
    template: str,
    to_email: str,
    language: str,
    context: dict,
    reply_to: str = "",
    *,
    recipient=None,
    concerns=None,
) -> None:
    subject, body = _render(template, language, context)
    message_queue(
        to=to_email,
        subject=subject,
        text=body,
        kind=f"groups.{template}",
        language=language,
        recipient=recipient,
        concerns=concerns,
        reply_to=[reply_to],
    )


def _leader_of(group: LocalGroup):
    membership = (
        Membership.objects.filter(
            group=group, role=Membership.Role.LEADER, volunteer__is_active=True
        )
        .select_related("volunteer")
        .first()
    )
    return membership.volunteer if membership else None


def notify_contact_message(*, group: LocalGroup, name: str, email: str, message: str) -> None:
    """A visitor's message from the group's page: to the leader (or the secretariat when the
    group has no leader), with the visitor's address as reply-to."""
    leader = _leader_of(group)
    to_email = leader.email if leader else settings.SECRETARIAT_EMAIL
    language = leader.preferred_language if leader else settings.LANGUAGE_CODE
    context = {
        "group": group,
        "leader": leader,
        "sender_name": name,
        "message": message,
        "group_url": _absolute(group.get_absolute_url()),
    }
    _send(
        "contact_message",
        to_email,
        language,
        context,
        reply_to=email,
        recipient=leader,
        concerns=group,
    )


def notify_join_request(join_request: JoinRequest) -> None:
    """Tell the group's leader that someone asks to join."""
    leader = _leader_of(join_request.group)
    if leader is None:
        return
    context = {"join_request": join_request, "group": join_request.group, "leader": leader}
    _send(
        "join_request",
        leader.email,
        leader.preferred_language,
        context,
        recipient=leader,
        concerns=join_request,
    )


def notify_join_decision(join_request: JoinRequest) -> None:
    """Tell the volunteer whether the group accepted them."""
    volunteer = join_request.volunteer
    group = join_request.group
    context = {
        "join_request": join_request,
        "group": group,
        "volunteer": volunteer,
        "accepted": join_request.status == JoinRequest.Status.ACCEPTED,
        "group_url": _absolute(group.get_absolute_url()),
    }
    _send(
        "join_decision",
        volunteer.email,
        volunteer.preferred_language,
        context,
        recipient=volunteer,
        concerns=join_request,
    )


def notify_visit_requested(visit: VisitRequest) -> None:
    """Ask the coordinator; an answer by e-mail reaches the leader who asked."""
    coordinator = visit.coordinator
    leader = visit.requested_by
    context = {"visit": visit, "group": visit.group, "coordinator": coordinator, "leader": leader}
    _send(
        "visit_requested",
        coordinator.email,
        coordinator.preferred_language,
        context,
        reply_to=leader.email if leader else "",
        recipient=coordinator,
        concerns=visit,
    )


def notify_visit_answered(visit: VisitRequest) -> None:
    """Tell the leader the coordinator's answer; when accepted, confirm it to the coordinator."""
    coordinator = visit.coordinator
    leader = visit.requested_by
    accepted = visit.status == VisitRequest.Status.ACCEPTED
    context = {
        "visit": visit,
        "group": visit.group,
        "coordinator": coordinator,
        "leader": leader,
        "accepted": accepted,
    }
    if leader is not None and leader.is_active:
        _send(
            "visit_answered",
            leader.email,
            leader.preferred_language,
            context,
            reply_to=coordinator.email,
            recipient=leader,
            concerns=visit,
        )
    if accepted:
        _send(
            "visit_confirmed",
            coordinator.email,
            coordinator.preferred_language,
            context,
            reply_to=leader.email if leader else "",
            recipient=coordinator,
            concerns=visit,
        )


def notify_visit_cancelled(visit: VisitRequest) -> None:
    """Tell the coordinator that the group no longer needs the visit."""
    coordinator = visit.coordinator
    context = {"visit": visit, "group": visit.group, "coordinator": coordinator}
    _send(
        "visit_cancelled",
        coordinator.email,
        coordinator.preferred_language,
        context,
        recipient=coordinator,
        concerns=visit,
    )

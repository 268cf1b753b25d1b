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

from groups.models import GroupFoundingRequest, JoinRequest, LocalGroup, Membership, VisitRequest
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


# Founding a group -----------------------------------------------------------------------------


def _cofounders(founding: GroupFoundingRequest) -> list[tuple[str, str, object]]:
    """Each co-founder as (address, language, account or None): in their language when they
    have an account, else the portal's."""
    from accounts.models import User

    accounts = {
        user.email.lower(): user
        for user in User.objects.filter(email__in=founding.cofounder_emails, is_active=True)
    }
    rows = []
    for email in founding.cofounder_emails:
        account = accounts.get(email)
        language = account.preferred_language if account else settings.LANGUAGE_CODE
        rows.append((email, language, account))
    return rows


def _founding_context(founding: GroupFoundingRequest) -> dict:
    return {
        "founding": founding,
        "founder": founding.founder,
        "place": founding.place,
        "signup_url": _absolute(reverse("account_signup")),
    }


def notify_founding_submitted(founding: GroupFoundingRequest) -> None:
    """Tell the secretariat (who decides) and each co-founder (named by the founder, who can
    answer them directly)."""
    founder = founding.founder
    context = {
        **_founding_context(founding),
        "admin_url": _absolute(
            reverse("admin:local_groups_groupfoundingrequest_change", args=[founding.pk])
        ),
    }
    _send(
        "founding_submitted",
        settings.SECRETARIAT_EMAIL,
        settings.LANGUAGE_CODE,
        context,
        reply_to=founder.email,
        concerns=founding,
    )
    for email, language, account in _cofounders(founding):
        _send(
            "founding_cofounder",
            email,
            language,
            context,
            reply_to=founder.email,
            recipient=account,
            concerns=founding,
        )


def notify_founding_approved(founding: GroupFoundingRequest) -> None:
    """Tell the founder their group exists, and invite the co-founders to join it."""
    founder = founding.founder
    group = founding.group
    context = {
        **_founding_context(founding),
        "group": group,
        "group_url": _absolute(group.get_absolute_url()),
    }
    _send(
        "founding_approved",
        founder.email,
        founder.preferred_language,
        context,
        reply_to=settings.SECRETARIAT_EMAIL,
        recipient=founder,
        concerns=founding,
    )
    for email, language, account in _cofounders(founding):
        _send(
            "founding_invitation",
            email,
            language,
            {**context, "has_account": account is not None},
            reply_to=founder.email,
            recipient=account,
            concerns=founding,
        )


def notify_founding_refused(founding: GroupFoundingRequest) -> None:
    """Tell the founder, courteously and with the secretariat's reason."""
    founder = founding.founder
    _send(
        "founding_refused",
        founder.email,
        founder.preferred_language,
        _founding_context(founding),
        reply_to=settings.SECRETARIAT_EMAIL,
        recipient=founder,
        concerns=founding,
    )

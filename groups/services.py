"""Operations that change local groups: joining and leaving, roles, the group's page, the
contact form and visit requests. Each runs in a transaction and queues its e-mails on commit."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from coordinations.models import Mandate
from groups import notifications
from groups.models import JoinRequest, LocalGroup, Membership, VisitRequest

# The fields of its page a group's leader may change (the rest is the secretariat's, in the
# admin: name, slug, commune, coordinates, active).
LEADER_EDITABLE_FIELDS = [
    "description",
    "meeting_rhythm",
    "meeting_address",
    "individuals_at_risk",
    "themes",
    "countries",
    "website",
    "founded_in",
]


@transaction.atomic
def group_update(*, group: LocalGroup, changes: dict) -> LocalGroup:
    """Change what a leader may change on their group's page."""
    unknown = set(changes) - set(LEADER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable by a group's leader: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(group, name, value)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_set_active(*, group: LocalGroup, active: bool) -> LocalGroup:
    """The secretariat records that a group stopped meeting, or started again. An inactive
    group disappears from the search and its page; its members and history are kept."""
    if group.is_active != active:
        group.is_active = active
        group.save(update_fields=["is_active", "updated_at"])
    return group


# Joining and leaving --------------------------------------------------------------------------


@transaction.atomic
def join_request_create(*, volunteer: User, group: LocalGroup, message: str = "") -> JoinRequest:
    """A volunteer asks to join a group; its leader is told by e-mail."""
    if not group.is_active:
        raise ValidationError(_("This group no longer meets."))
    if Membership.objects.filter(volunteer=volunteer, group=group).exists():
        raise ValidationError(_("You are already a member of this group."))
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                volunteer=volunteer, group=group, message=message.strip()
            )
    except IntegrityError:
        # The partial unique constraint: a pending request already exists (double click).
        raise ValidationError(_("You have already asked to join this group.")) from None
    notifications.notify_join_request(join_request)
    return join_request


def _lock_pending(join_request: JoinRequest) -> JoinRequest:
    locked = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("volunteer", "group")
        .get(pk=join_request.pk)
    )
    if locked.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    return locked


@transaction.atomic
def join_request_accept(*, join_request: JoinRequest, decided_by: User) -> Membership:
    """The leader welcomes the volunteer: they become a member from today."""
    join_request = _lock_pending(join_request)
    membership, _created = Membership.objects.get_or_create(
        volunteer=join_request.volunteer,
        group=join_request.group,
        defaults={"role": Membership.Role.MEMBER, "since": timezone.localdate()},
    )
    join_request.status = JoinRequest.Status.ACCEPTED
    join_request.decided_at = timezone.now()
    join_request.decided_by = decided_by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    notifications.notify_join_decision(join_request)
    return membership


@transaction.atomic
def join_request_decline(*, join_request: JoinRequest, decided_by: User) -> JoinRequest:
    """The leader declines; the volunteer is told kindly by e-mail."""
    join_request = _lock_pending(join_request)
    join_request.status = JoinRequest.Status.DECLINED
    join_request.decided_at = timezone.now()
    join_request.decided_by = decided_by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    notifications.notify_join_decision(join_request)
    return join_request


@transaction.atomic
def join_request_withdraw(*, join_request: JoinRequest) -> JoinRequest:
    """The volunteer changes their mind before the leader answers."""
    join_request = _lock_pending(join_request)
    join_request.status = JoinRequest.Status.WITHDRAWN
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_at"])
    return join_request


@transaction.atomic
def membership_leave(*, membership: Membership) -> None:
    """A member leaves the group. The leader hands over the leadership first."""
    if membership.role == Membership.Role.LEADER:
        raise ValidationError(
            _("You lead this group: hand the leadership over to another member before leaving.")
        )
    membership.delete()


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """The leader (or the secretariat) takes a member off the group's list."""
    if membership.role == Membership.Role.LEADER:
        raise ValidationError(_("The leader cannot be removed: hand the leadership over first."))
    membership.delete()


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> Membership:
    """Give a member a role. A new leader or treasurer takes over from the current one, who
    stays in the group as a member (the database allows one of each per group)."""
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a role from the list."))
    # Lock the group's memberships so that two changes at once cannot both swap the same role.
    current = {
        m.pk: m
        for m in Membership.objects.select_for_update(of=("self",)).filter(
            group_id=membership.group_id
        )
    }
    membership = current[membership.pk]
    if membership.role == role:
        return membership
    if membership.role == Membership.Role.LEADER:
        raise ValidationError(
            _("To change the leader, give the leader role to another member of the group.")
        )
    if role in (Membership.Role.LEADER, Membership.Role.TREASURER):
        for other in current.values():
            if other.role == role and other.pk != membership.pk:
                other.role = Membership.Role.MEMBER
                other.save(update_fields=["role"])
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


# The contact form -----------------------------------------------------------------------------


@transaction.atomic
def contact_message_send(*, group: LocalGroup, name: str, email: str, message: str) -> None:
    """Forward a visitor's message to the group's leader; nothing is stored."""
    notifications.notify_contact_message(group=group, name=name, email=email, message=message)


# Visit requests -------------------------------------------------------------------------------


@transaction.atomic
def visit_request_create(
    *,
    group: LocalGroup,
    mandate: Mandate,
    requested_by: User,
    first_date: datetime.date,
    second_date: datetime.date | None = None,
    third_date: datetime.date | None = None,
    topic: str,
    message: str = "",
) -> VisitRequest:
    """A group's leader asks a coordinator to come to a meeting on one of the proposed dates."""
    if mandate.status != Mandate.Status.ACTIVE:
        raise ValidationError(_("This coordinator no longer holds this mandate."))
    today = timezone.localdate()
    if any(d and d < today for d in (first_date, second_date, third_date)):
        raise ValidationError(_("Propose dates from today on."))
    visit = VisitRequest.objects.create(
        group=group,
        coordinator=mandate.volunteer,
        coordination=mandate.coordination,
        requested_by=requested_by,
        first_date=first_date,
        second_date=second_date,
        third_date=third_date,
        topic=topic.strip(),
        message=message.strip(),
    )
    notifications.notify_visit_requested(visit)
    return visit


def _lock_pending_visit(visit: VisitRequest) -> VisitRequest:
    locked = (
        VisitRequest.objects.select_for_update(of=("self",))
        .select_related("group", "coordinator", "coordination", "requested_by")
        .get(pk=visit.pk)
    )
    if locked.status != VisitRequest.Status.PENDING:
        raise ValidationError(_("This visit request has already been answered or cancelled."))
    return locked


@transaction.atomic
def visit_request_accept(
    *, visit: VisitRequest, chosen_date: datetime.date, answer: str = ""
) -> VisitRequest:
    """The coordinator comes on one of the proposed dates; both sides get an e-mail."""
    visit = _lock_pending_visit(visit)
    if chosen_date not in visit.proposed_dates:
        raise ValidationError(_("Choose one of the dates the group proposed."))
    visit.status = VisitRequest.Status.ACCEPTED
    visit.chosen_date = chosen_date
    visit.answer = answer.strip()
    visit.answered_at = timezone.now()
    visit.save(update_fields=["status", "chosen_date", "answer", "answered_at"])
    notifications.notify_visit_answered(visit)
    return visit


@transaction.atomic
def visit_request_decline(*, visit: VisitRequest, answer: str = "") -> VisitRequest:
    """The coordinator cannot come; the leader is told, with the coordinator's words."""
    visit = _lock_pending_visit(visit)
    visit.status = VisitRequest.Status.DECLINED
    visit.answer = answer.strip()
    visit.answered_at = timezone.now()
    visit.save(update_fields=["status", "answer", "answered_at"])
    notifications.notify_visit_answered(visit)
    return visit


@transaction.atomic
def visit_request_cancel(*, visit: VisitRequest) -> VisitRequest:
    """The leader withdraws a request that has not been answered yet."""
    visit = _lock_pending_visit(visit)
    visit.status = VisitRequest.Status.CANCELLED
    visit.answered_at = timezone.now()
    visit.save(update_fields=["status", "answered_at"])
    notifications.notify_visit_cancelled(visit)
    return visit

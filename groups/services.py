"""Operations that change local groups: joining and leaving, roles, the group's page, the
contact form, visit requests, the group's tasks and the requests to found a group. Each runs in
a transaction and queues its e-mails on commit."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from config.typography import elide
from coordinations.models import Mandate
from groups import notifications, selectors
from groups.models import (
    GroupFoundingRequest,
    GroupTask,
    JoinRequest,
    LocalGroup,
    Membership,
    Place,
    VisitRequest,
)

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
    if not mandate.holds_on():
        raise ValidationError(_("This coordinator does not hold this mandate today."))
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


# The group's tasks ----------------------------------------------------------------------------


@transaction.atomic
def task_create(*, group: LocalGroup, kind: str, label: str = "") -> GroupTask:
    """The leader records something the group carries on (a case followed, the candle sale)."""
    task = GroupTask(group=group, kind=kind, label=label.strip())
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_assign(*, task: GroupTask, memberships) -> GroupTask:
    """The leader sets who takes the task on: members of the task's group only."""
    chosen = list(memberships)
    if any(membership.group_id != task.group_id for membership in chosen):
        raise ValidationError(_("Only the group's members can take on its tasks."))
    task.assignees.set(chosen)
    return task


@transaction.atomic
def task_delete(*, task: GroupTask) -> None:
    """The group no longer carries this task; its members are freed of it."""
    task.delete()


# Founding a group -----------------------------------------------------------------------------

# Words a group's slug may not be: the fixed addresses under /groups/.
RESERVED_SLUGS = {"found", "members", "join-requests", "visits", "tasks"}
MAX_COFOUNDERS = 10


def _clean_cofounder_emails(emails, founder: User) -> list[str]:
    cleaned = []
    for email in emails:
        email = email.strip().lower()
        if email and email not in cleaned:
            cleaned.append(email)
    if not cleaned:
        raise ValidationError(_("Give the e-mail address of at least one co-founder."))
    if founder.email.lower() in cleaned:
        raise ValidationError(_("A co-founder is someone else: leave your own address out."))
    if len(cleaned) > MAX_COFOUNDERS:
        raise ValidationError(
            ngettext(
                "Give at most %(count)d address: the others can join once the group exists.",
                "Give at most %(count)d addresses: the others can join once the group exists.",
                MAX_COFOUNDERS,
            )
            % {"count": MAX_COFOUNDERS}
        )
    return cleaned


@transaction.atomic
def founding_request_submit(
    *, founder: User, place: Place, description: str, cofounder_emails
) -> GroupFoundingRequest:
    """A volunteer with no group nearby asks to found one. The secretariat is told, and each
    co-founder is told who named them and that the secretariat will answer."""
    emails = _clean_cofounder_emails(cofounder_emails, founder)
    nearby = selectors.group_near(place)
    if nearby is not None:
        raise ValidationError(
            _("The group %(group)s already meets near %(place)s: you are welcome to join it.")
            % {"group": nearby.name, "place": place.label}
        )
    try:
        with transaction.atomic():
            founding = GroupFoundingRequest.objects.create(
                founder=founder,
                place=place,
                description=description.strip(),
                cofounder_emails=emails,
            )
    except IntegrityError:
        # The partial unique constraint: a pending request already exists (double click).
        raise ValidationError(
            _("You have already asked to found a group: the secretariat will answer you soon.")
        ) from None
    notifications.notify_founding_submitted(founding)
    return founding


def _lock_pending_founding(founding: GroupFoundingRequest) -> GroupFoundingRequest:
    locked = (
        GroupFoundingRequest.objects.select_for_update(of=("self",))
        .select_related("founder", "place")
        .get(pk=founding.pk)
    )
    if locked.status != GroupFoundingRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    return locked


def _free_name_and_slug(place: Place) -> tuple[str, str]:
    """ "Groupe de Namur", or with the postal code (then a number) when the name is taken."""
    # In the portal's language, whatever the deciding staff member's: the name is public.
    with translation.override(settings.LANGUAGE_CODE):
        commune = place.municipality_fr
        base = elide(_("Group of %(commune)s") % {"commune": commune}, commune)  # d’Ixelles
    candidates = [base, f"{base} ({place.postal_code})"]
    candidates += [f"{base} ({place.postal_code}) {n}" for n in range(2, 100)]
    for name in candidates:
        slug = slugify(name)[:160]
        if slug in RESERVED_SLUGS:
            continue
        taken = LocalGroup.objects.filter(name=name).exists() or (
            LocalGroup.objects.filter(slug=slug).exists()
        )
        if not taken:
            return name, slug
    raise ValidationError(_("No free name for a group in this commune: create it in the admin."))


@transaction.atomic
def founding_request_approve(
    *, founding: GroupFoundingRequest, decided_by: User
) -> GroupFoundingRequest:
    """The secretariat approves: the group is created in the commune, active (so it shows in
    the finder), with the founder as its leader and the deciding staff member as its contact;
    the founder and the co-founders are told (the co-founders are invited to join)."""
    founding = _lock_pending_founding(founding)
    name, slug = _free_name_and_slug(founding.place)
    group = LocalGroup(
        name=name,
        slug=slug,
        place=founding.place,
        description=founding.description,
        founded_in=timezone.localdate().year,
        secretariat_contact=decided_by if decided_by.is_staff else None,
    )
    group.full_clean()
    group.save()
    Membership.objects.create(
        volunteer=founding.founder,
        group=group,
        role=Membership.Role.LEADER,
        since=timezone.localdate(),
    )
    founding.status = GroupFoundingRequest.Status.APPROVED
    founding.group = group
    founding.decided_at = timezone.now()
    founding.decided_by = decided_by
    founding.save(update_fields=["status", "group", "decided_at", "decided_by"])
    notifications.notify_founding_approved(founding)
    return founding


@transaction.atomic
def founding_request_refuse(
    *, founding: GroupFoundingRequest, decided_by: User, reason: str
) -> GroupFoundingRequest:
    """The secretariat refuses, with a reason the founder reads in a courteous e-mail."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the founder the reason: they will read it."))
    founding = _lock_pending_founding(founding)
    founding.status = GroupFoundingRequest.Status.REFUSED
    founding.reason = reason
    founding.decided_at = timezone.now()
    founding.decided_by = decided_by
    founding.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    notifications.notify_founding_refused(founding)
    return founding

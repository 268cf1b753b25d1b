"""Who may do what with local groups.

A group's leader runs the group's page, its members and its requests, and looks for the
nearest coordinators; staff may do all of it. The group's members see its meeting address. A
coordinator answers the visit requests addressed to them. Everybody else is answered 404 by
``get_for_user_or_404``, the leader of another group included.
"""

from accounts.permissions import is_staff_member, rule
from groups.models import JoinRequest, Membership, VisitRequest


def is_group_leader(user, group=None) -> bool:
    """The leader of a group (of this group, when one is given)."""
    if not (user.is_authenticated and user.is_active):
        return False
    memberships = Membership.objects.filter(volunteer=user, role=Membership.Role.LEADER)
    if group is not None:
        memberships = memberships.filter(group=group)
    return memberships.exists()


def is_group_member(user, group) -> bool:
    """Any member of this group, whatever their role."""
    if not (user.is_authenticated and user.is_active):
        return False
    return Membership.objects.filter(volunteer=user, group=group).exists()


@rule("groups.manage_group")
def _manage_group(user, group) -> bool:
    """Edit the page, manage members and requests, find and ask coordinators."""
    return is_staff_member(user) or is_group_leader(user, group)


@rule("groups.see_private_details")
def _see_private_details(user, group) -> bool:
    """The meeting address is for the members and the secretariat."""
    return is_staff_member(user) or is_group_member(user, group)


@rule("groups.manage_membership")
def _manage_membership(user, membership) -> bool:
    return _manage_group(user, membership.group)


@rule("groups.leave_group")
def _leave_group(user, membership) -> bool:
    """Members leave on their own; nobody leaves for someone else."""
    return membership.volunteer_id == user.pk


@rule("groups.decide_join_request")
def _decide_join_request(user, join_request) -> bool:
    return _manage_group(user, join_request.group)


@rule("groups.withdraw_join_request")
def _withdraw_join_request(user, join_request) -> bool:
    return (
        join_request.volunteer_id == user.pk and join_request.status == JoinRequest.Status.PENDING
    )


@rule("groups.answer_visit")
def _answer_visit(user, visit) -> bool:
    """Only the coordinator asked answers; the secretariat can correct it in the admin."""
    return visit.coordinator_id == user.pk


@rule("groups.cancel_visit")
def _cancel_visit(user, visit) -> bool:
    return visit.status == VisitRequest.Status.PENDING and _manage_group(user, visit.group)


@rule("groups.manage_task")
def _manage_task(user, task) -> bool:
    """The group's leader (and staff) keep its tasks and who takes them on."""
    return _manage_group(user, task.group)

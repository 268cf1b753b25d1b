"""The local groups' sections of My space: invitations a coordinator received, the groups a
person leads, and the groups they belong to.

One query tells which of them apply to this person (``selectors.my_space_roles``); the details
are loaded only for the sections that do, so a volunteer without a group costs one query.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.myspace import Need, section
from groups import selectors
from groups.forms import VisitAcceptForm, VisitDeclineForm
from groups.models import VisitRequest


def _roles(request) -> dict:
    # The three sections share one look-up per request.
    if not hasattr(request, "_groups_my_space_roles"):
        request._groups_my_space_roles = selectors.my_space_roles(request.user)
    return request._groups_my_space_roles


@section(
    order=22, template="groups/includes/me_visits_received.html", areas=("accounts", "local_groups")
)
def visits_received(request):
    """For coordinators: the groups' invitations, to accept or decline."""
    if not _roles(request)["invited"]:
        return None
    visits = selectors.visit_requests_received(request.user)
    return {
        "items": [
            {
                "visit": visit,
                "accept_form": VisitAcceptForm(visit=visit),
                "decline_form": VisitDeclineForm(visit=visit),
            }
            for visit in visits
        ],
        "needs": [
            Need(
                text=_("%(group)s invites you: %(topic)s")
                % {"group": visit.group.name, "topic": visit.topic},
                url=f"#visit-{visit.pk}-title",
                tag=_("To answer"),
                level="warning",
                detail=visit.coordination.name,
                due=visit.first_date,
            )
            for visit in visits
            if visit.status == VisitRequest.Status.PENDING
        ],
    }


@section(
    order=24,
    template="groups/includes/me_leader.html",
    areas=("accounts", "coordinations", "local_groups"),
)
def groups_led(request):
    """For group leaders: the page, members, requests to join and invitations of their group."""
    if not _roles(request)["leader"]:
        return None
    groups = selectors.groups_for_leader_space(request.user)
    return {
        "groups": groups,
        "next": reverse("accounts:me"),
        "needs": [
            Need(
                text=ngettext(
                    "%(count)d request to join %(group)s",
                    "%(count)d requests to join %(group)s",
                    len(group.waiting_requests),
                )
                % {"count": len(group.waiting_requests), "group": group.name},
                url=f"#led-group-{group.pk}",
                tag=_("To decide"),
                level="warning",
            )
            for group in groups
            if group.waiting_requests
        ],
    }


@section(
    order=26,
    template="groups/includes/me_groups.html",
    areas=("accounts", "local_groups"),
)
def my_groups(request):
    """Everyone: the groups I belong to with my tasks there, my requests to join (or a link to
    find one), and whether my request to found a group waits for the secretariat."""
    roles = _roles(request)
    return {
        "memberships": selectors.memberships_for_my_space(request.user, with_tasks=roles["tasked"])
        if roles["member"]
        else [],
        "join_requests": selectors.join_requests_of(request.user) if roles["asking"] else [],
        "founding_pending": roles["founding"],
    }

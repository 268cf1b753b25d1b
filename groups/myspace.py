"""The local groups' sections of My space: invitations a coordinator received, the groups a
person leads, and the groups they belong to.

One query tells which of them apply to this person (``selectors.my_space_roles``); the details
are loaded only for the sections that do, so a volunteer without a group costs one query.
"""

from django.urls import reverse

from accounts.myspace import section
from groups import selectors
from groups.forms import VisitAcceptForm, VisitDeclineForm


def _roles(request) -> dict:
    # The three sections share one look-up per request.
    if not hasattr(request, "_groups_my_space_roles"):
        request._groups_my_space_roles = selectors.my_space_roles(request.user)
    return request._groups_my_space_roles


@section(order=22, template="groups/includes/me_visits_received.html")
def visits_received(request):
    """For coordinators: the groups' invitations, to accept or decline."""
    if not _roles(request)["invited"]:
        return None
    return {
        "items": [
            {
                "visit": visit,
                "accept_form": VisitAcceptForm(visit=visit),
                "decline_form": VisitDeclineForm(visit=visit),
            }
            for visit in selectors.visit_requests_received(request.user)
        ]
    }


@section(order=24, template="groups/includes/me_leader.html")
def groups_led(request):
    """For group leaders: the page, members, requests to join and invitations of their group."""
    if not _roles(request)["leader"]:
        return None
    return {
        "groups": selectors.groups_for_leader_space(request.user),
        "next": reverse("accounts:me"),
    }


@section(order=26, template="groups/includes/me_groups.html")
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

"""My space sections: the circulars waiting for a coordinator, and the actions proposed to the
group a leader runs. Each shows only to the people concerned; for everyone else the two
sections cost one query together."""

from django.db.models import Exists, OuterRef

from accounts.models import User
from accounts.myspace import section
from actions import selectors

# How many items a section lists before the link to the full page.
SHOWN = 5


def _roles(request) -> dict:
    """Whether this person holds a mandate, leads a group, is a (non-leading) member of one: one
    query, kept for the request."""
    if not hasattr(request, "_actions_roles"):
        from coordinations.models import Mandate
        from groups.models import Membership

        request._actions_roles = User.objects.filter(pk=request.user.pk).annotate(
            coordinator=Exists(Mandate.objects.holding_on().filter(volunteer=OuterRef("pk"))),
            leader=Exists(
                Membership.objects.filter(volunteer=OuterRef("pk"), role=Membership.Role.LEADER)
            ),
            member=Exists(
                Membership.objects.filter(volunteer=OuterRef("pk")).exclude(
                    role=Membership.Role.LEADER
                )
            ),
        ).values("coordinator", "leader", "member").first() or {
            "coordinator": False,
            "leader": False,
            "member": False,
        }
    return request._actions_roles


@section(order=30, template="actions/includes/me_inbox.html")
def circulars_to_relay(request):
    """For a coordinator in office: the circulars assigned to their coordinations, still open."""
    if not _roles(request)["coordinator"]:
        return None
    assignments = list(selectors.inbox_for(request.user)[: SHOWN + 1])
    return {"assignments": assignments[:SHOWN], "more": len(assignments) > SHOWN}


@section(order=45, template="actions/includes/me_group_proposals.html")
def group_proposals(request):
    """For a group leader: the proposals their group has not reported on yet."""
    if not _roles(request)["leader"]:
        return None
    from groups.selectors import groups_led_by

    groups = list(groups_led_by(request.user).order_by("name"))
    return {"groups": selectors.awaiting_report(groups, limit=SHOWN)}


@section(order=46, template="actions/includes/me_member_actions.html")
def member_actions(request):
    """For the members of a group (who do not lead it): the open actions proposed to their
    groups, each leading to its action page (addresses, documents, letters). One query."""
    if not _roles(request)["member"]:
        return None
    from actions.models import ActionProposal, ProposalRecipient
    from groups.models import Membership

    recipients = list(
        ProposalRecipient.objects.filter(
            group__in=Membership.objects.filter(volunteer=request.user)
            .exclude(role=Membership.Role.LEADER)
            .values("group"),
            proposal__status=ActionProposal.Status.PUBLISHED,
        )
        .select_related("proposal", "group")
        .order_by("proposal__ends_on", "pk")[: SHOWN + 1]
    )
    return {"recipients": recipients[:SHOWN], "more": len(recipients) > SHOWN}

"""Who may do what with circulars, proposals and follow-up reports.

Staff may do everything. A coordinator sees the circulars assigned to their coordination and
proposes actions from them; the proposing coordination follows its proposal's results; a group
leader reports only for their own group. Everyone else is answered 404 by the views.
"""

from accounts.permissions import is_staff_member, rule
from coordinations.permissions import is_coordinator
from groups.permissions import is_group_leader


def holds_assignment(user, circular) -> bool:
    """The circular (or, for an update, its original) is assigned to a coordination of ``user``."""
    from actions.models import CircularAssignment

    circulars = [circular.pk] + ([circular.parent_id] if circular.parent_id else [])
    return CircularAssignment.objects.for_user(user).filter(circular__in=circulars).exists()


@rule("actions.manage_circulars")
def _manage_circulars(user, obj) -> bool:
    """Register, edit, assign and close circulars: the secretariat's job."""
    return is_staff_member(user)


@rule("actions.view_circular")
def _view_circular(user, circular) -> bool:
    return is_staff_member(user) or holds_assignment(user, circular)


@rule("actions.acknowledge")
def _acknowledge(user, assignment) -> bool:
    return is_staff_member(user) or is_coordinator(user, assignment.coordination)


@rule("actions.propose")
def _propose(user, obj) -> bool:
    """Make an action proposal of one's own: any coordinator in office."""
    return is_staff_member(user) or is_coordinator(user)


@rule("actions.propose_from")
def _propose_from(user, circular) -> bool:
    """Turn a circular into a proposal: only from a circular assigned to one's coordination."""
    return is_staff_member(user) or holds_assignment(user, circular)


@rule("actions.manage_proposal")
def _manage_proposal(user, proposal) -> bool:
    """Edit, publish, close a proposal and read its results: its coordination, and staff."""
    return is_staff_member(user) or is_coordinator(user, proposal.coordination)


@rule("actions.view_group_proposals")
def _view_group_proposals(user, group) -> bool:
    """The list of what was proposed to a group: its people (each proposal opens its action
    page; only leaders report), and staff."""
    from groups.permissions import is_group_member

    return is_staff_member(user) or is_group_member(user, group)


@rule("actions.report")
def _report(user, recipient) -> bool:
    """Report follow-up for a group the proposal went to: that group's leader, or staff."""
    return is_staff_member(user) or is_group_leader(user, recipient.group)


# --- The action page of a group a proposal was sent to ----------------------------------------


def may_act_for(user, recipient) -> bool:
    """The people of a group a published proposal went to (leader, treasurer, member alike),
    the proposing coordination's coordinators, and staff."""
    from groups.permissions import is_group_member

    return (
        is_staff_member(user)
        or is_group_member(user, recipient.group)
        or is_coordinator(user, recipient.proposal.coordination)
    )


@rule("actions.view_action_page")
def _view_action_page(user, recipient) -> bool:
    """Read what a group is asked to do, download the documents chosen for the groups and make
    letters from them: see ``may_act_for``."""
    return may_act_for(user, recipient)


def recipient_for_user_or_404(user, *, group: str, proposal: int, queryset=None):
    """The row "this published proposal went to this group", for someone who may act on it;
    404 for anybody else, and for a draft, a group it did not go to, an unknown proposal."""
    from accounts.permissions import get_for_user_or_404
    from actions.models import ActionProposal, ProposalRecipient

    if queryset is None:
        queryset = ProposalRecipient.objects.select_related(
            "proposal__coordination", "proposal__circular", "group"
        )
    return get_for_user_or_404(
        user,
        "actions.view_action_page",
        queryset.exclude(proposal__status=ActionProposal.Status.DRAFT),
        group__slug=group,
        proposal_id=proposal,
    )

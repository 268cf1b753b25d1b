"""My space sections: the circulars waiting for a coordinator, and the actions proposed to the
group a leader runs. Each shows only to the people concerned; for everyone else the two
sections cost one query together."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.myspace import Need, section
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


@section(
    order=15,
    template="actions/includes/me_inbox.html",
    areas=("accounts", "actions", "coordinations", "local_groups"),
)
def circulars_to_relay(request):
    """For a coordinator in office: the circulars assigned to their coordinations, still open,
    the pressing ones (overdue or urgent) first and among what needs them now."""
    if not _roles(request)["coordinator"]:
        return None
    from config.navigation import waiting

    today = timezone.localdate()
    assignments = list(selectors.inbox_for(request.user, today=today)[: SHOWN + 1])
    counts = waiting(request)  # the navigation's figures (cached), the same definitions
    needs = [
        Need(
            text=f"{assignment.circular.reference} – {assignment.circular.title}",
            url=assignment.circular.get_absolute_url(),
            tag=_("Overdue") if assignment.relay_due_on < today else _("Urgent"),
            level="danger" if assignment.relay_due_on < today else "warning",
            detail=_("%(coordination)s · relay by %(date)s")
            % {
                "coordination": assignment.coordination.name,
                "date": date_format(assignment.relay_due_on, "SHORT_DATE_FORMAT"),
            },
            due=assignment.relay_due_on,
        )
        for assignment in assignments[:SHOWN]
        if assignment.is_pressing
    ]
    if counts["pressing"] > len(needs):
        needs.append(
            Need(
                text=ngettext(
                    "All %(count)d overdue or urgent circular",
                    "All %(count)d overdue or urgent circulars",
                    counts["pressing"],
                )
                % {"count": counts["pressing"]},
                url=reverse("actions:inbox"),
                tag=_("Urgent"),
                level="warning",
            )
        )
    return {
        "assignments": assignments[:SHOWN],
        "more": len(assignments) > SHOWN,
        "counts": counts,
        "today": today,
        "needs": needs,
    }


@section(
    order=25,
    template="actions/includes/me_group_proposals.html",
    areas=("accounts", "actions", "coordinations", "local_groups"),
)
def group_proposals(request):
    """For a group leader: the proposals their group has not reported on yet, each among what
    needs them now."""
    if not _roles(request)["leader"]:
        return None
    from groups.selectors import groups_led_by

    today = timezone.localdate()
    groups = list(groups_led_by(request.user).order_by("name"))
    waiting = selectors.awaiting_report(groups, limit=SHOWN)
    needs = [
        Need(
            text=proposal.title,
            url=reverse("actions:report_edit", args=[entry["group"].slug, proposal.pk]),
            tag=_("To report"),
            level="danger" if proposal.follow_up_due_on < today else "warning",
            detail=_("%(group)s · report by %(date)s")
            % {
                "group": entry["group"].name,
                "date": date_format(proposal.follow_up_due_on, "SHORT_DATE_FORMAT"),
            },
            due=proposal.follow_up_due_on,
        )
        for entry in waiting
        for proposal in entry["proposals"]
    ]
    return {"groups": waiting, "needs": needs}


@section(
    order=46,
    template="actions/includes/me_member_actions.html",
    areas=("accounts", "actions", "coordinations", "local_groups"),
)
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

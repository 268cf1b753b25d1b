"""Which e-mail about circulars and proposals goes to whom.

Every message is written in its recipient's language, with absolute links, and recorded in the
outbox in the transaction that causes it (the worker sends it once that transaction commits).
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from messaging.services import message_queue


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def send(user, template: str, context: Callable[[], dict], *, concerns=None) -> None:
    """Render ``template``_subject.txt and .txt for one person in their language, then record
    the message in the outbox (its kind is the template's name, e.g. "actions.assignment").

    ``context`` is called inside the language switch, so that the links it reverses carry the
    recipient's language prefix.
    """
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        data = {"recipient": user, "site_url": settings.SITE_URL, **context()}
        subject = " ".join(render_to_string(f"{template}_subject.txt", data).split())
        body = render_to_string(f"{template}.txt", data)
    message_queue(
        to=user.email,
        subject=subject,
        text=body,
        kind=template.replace("/email/", "."),
        language=language,
        recipient=user,
        concerns=concerns,
    )


def coordinators_of(coordination_ids: Iterable[int]) -> dict[int, list]:
    """The people in office today in these coordinations, by coordination id (one query)."""
    from coordinations.models import Mandate

    people: dict[int, list] = {}
    for mandate in (
        Mandate.objects.holding_on()
        .filter(coordination_id__in=list(coordination_ids))
        .select_related("volunteer")
        .order_by("pk")
    ):
        if mandate.volunteer.is_active:
            people.setdefault(mandate.coordination_id, []).append(mandate.volunteer)
    return people


def leaders_of(group_ids: Iterable[int]) -> dict[int, list]:
    """The leaders of these local groups, by group id (one query)."""
    from groups.models import Membership

    people: dict[int, list] = {}
    for membership in (
        Membership.objects.filter(group_id__in=list(group_ids), role=Membership.Role.LEADER)
        .select_related("volunteer")
        .order_by("pk")
    ):
        if membership.volunteer.is_active:
            people.setdefault(membership.group_id, []).append(membership.volunteer)
    return people


def notify_assignments(assignments) -> None:
    """Tell the coordinators that a circular now waits for them.

    A coordination nobody holds today (vacant, or its accepted coordinator has not started
    yet) has nobody to tell: an urgent circular then goes to its secretariat contact, flagged
    as reaching a vacant coordination, so that someone acts on it in time.
    """
    if not assignments:
        return
    people = coordinators_of(a.coordination_id for a in assignments)
    for assignment in assignments:
        circular = assignment.circular
        holders = people.get(assignment.coordination_id, [])
        if not holders and circular.is_urgent:
            _notify_vacant_assignment(assignment)
        for person in holders:
            send(
                person,
                "actions/email/assignment",
                lambda assignment=assignment, circular=circular: {
                    "assignment": assignment,
                    "circular": circular,
                    "circular_url": absolute(circular.get_absolute_url()),
                    "inbox_url": absolute(reverse("actions:inbox")),
                },
                concerns=assignment,
            )


def _notify_vacant_assignment(assignment) -> None:
    """The urgent circular of a vacant coordination, for its secretariat contact."""
    from coordinations.selectors import coordinations_with_vacancy

    coordination = (
        coordinations_with_vacancy()
        .select_related("secretariat_contact")
        .get(pk=assignment.coordination_id)
    )
    contact = coordination.secretariat_contact
    if contact is None or not contact.is_active:
        return
    circular = assignment.circular
    send(
        contact,
        "actions/email/assignment_vacant",
        lambda: {
            "assignment": assignment,
            "coordination": coordination,
            "circular": circular,
            "circular_url": absolute(circular.get_absolute_url()),
        },
        concerns=assignment,
    )


def notify_update(update) -> None:
    """Further information reaches everyone who received or relayed the original circular.

    The coordinators of the coordinations it was assigned to and the authors of the proposals
    made from it read it on the portal; the leaders of the groups those proposals went to get
    its summary and a link to their group's proposals.
    """
    from actions.models import ActionProposal, CircularAssignment, ProposalRecipient

    original = update.parent
    coordination_ids = set(
        CircularAssignment.objects.filter(circular=original).values_list(
            "coordination_id", flat=True
        )
    )
    proposals = list(
        ActionProposal.objects.filter(circular=original)
        .exclude(status=ActionProposal.Status.DRAFT)
        .select_related("proposed_by")
    )
    readers = {}
    for people in coordinators_of(coordination_ids).values():
        for person in people:
            readers[person.pk] = person
    for proposal in proposals:
        if proposal.proposed_by and proposal.proposed_by.is_active:
            readers.setdefault(proposal.proposed_by.pk, proposal.proposed_by)
    for person in readers.values():
        send(
            person,
            "actions/email/update",
            lambda: {
                "update": update,
                "original": original,
                "link": absolute(update.get_absolute_url()),
            },
            concerns=update,
        )
    groups = {
        recipient.group_id: recipient.group
        for recipient in ProposalRecipient.objects.filter(
            proposal__in=[p.pk for p in proposals]
        ).select_related("group")
    }
    for group_id, people in leaders_of(groups).items():
        group = groups[group_id]
        for person in people:
            if person.pk in readers:
                continue
            readers[person.pk] = person
            send(
                person,
                "actions/email/update",
                lambda group=group: {
                    "update": update,
                    "original": original,
                    "group": group,
                    "link": absolute(
                        reverse("actions:group_proposals", kwargs={"group": group.slug})
                    ),
                },
                concerns=update,
            )


def notify_proposal_published(proposal, groups) -> None:
    """Each leader of each targeted group gets the proposal and a signed link to report."""
    from actions.links import report_token

    by_id = {group.pk: group for group in groups}
    for group_id, people in leaders_of(by_id).items():
        group = by_id[group_id]
        for person in people:
            token = report_token(proposal_id=proposal.pk, group_id=group.pk, leader_id=person.pk)
            send(
                person,
                "actions/email/proposal",
                lambda group=group, token=token: {
                    "proposal": proposal,
                    "group": group,
                    "report_url": absolute(reverse("actions:report_by_link", args=[token])),
                    # Everything needed to act (documents, addresses, letters): after log-in.
                    "action_url": absolute(
                        reverse(
                            "actions:action_page", kwargs={"group": group.slug, "pk": proposal.pk}
                        )
                    ),
                    "group_url": absolute(
                        reverse("actions:group_proposals", kwargs={"group": group.slug})
                    ),
                },
                concerns=proposal,
            )

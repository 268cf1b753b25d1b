"""The demo circulars: every kind, assigned, relayed, reported on, some overdue; idempotent."""

import pytest
from django.core.management import call_command

from actions import demo
from actions.models import (
    ActionProposal,
    Circular,
    CircularAssignment,
    FollowUpReport,
    ProposalRecipient,
)
from groups.models import LocalGroup

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(
            Circular.objects.with_status().values_list(
                "reference", "status", "is_overdue", "received_on", "parent__reference"
            )
        ),
        sorted(CircularAssignment.objects.values_list("circular__reference", "coordination__slug")),
        sorted(ActionProposal.objects.values_list("title", "status", "coordination__slug")),
        ProposalRecipient.objects.count(),
        sorted(
            FollowUpReport.objects.values_list(
                "proposal__title", "group__slug", "status", "letters_sent"
            )
        ),
    )


def test_demo_circulars_are_complete_and_idempotent(capsys):
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    assert "actions: " in capsys.readouterr().out

    circulars = Circular.objects.with_status()
    assert 35 <= circulars.count() <= 45
    assert set(circulars.values_list("kind", flat=True)) == set(Circular.Kind.values)
    assert set(circulars.values_list("status", flat=True)) == set(Circular.Status.values)
    assert circulars.filter(is_overdue=True).exists()
    assert circulars.filter(parent__isnull=False).exists()
    assert FollowUpReport.objects.exists()
    # The demo coordinator (Colombie) has circulars waiting in their inbox.
    assert CircularAssignment.objects.filter(
        coordination__slug="colombie", acknowledged_at__isnull=True
    ).exists()


def test_demo_without_groups_skips_the_proposals(capsys):
    call_command("load_demo")
    ActionProposal.objects.all().delete()
    LocalGroup.objects.update(is_active=False)

    class Out:
        lines: list[str] = []

        def write(self, line):
            self.lines.append(line)

    out = Out()
    demo.load(out)
    assert "proposals skipped" in out.lines[-1]
    assert not ActionProposal.objects.exists()


def test_demo_groups_download_a_letter_template_and_see_two_authorities(client):
    """A published proposal of the demo carries a letter template and two authorities: its
    group's leader opens the action page, downloads the template and a filled-in letter."""
    import io

    from django.urls import reverse
    from docx import Document

    from groups.models import Membership

    call_command("load_demo")
    call_command("load_demo")  # the template is attached once
    proposal = next(
        proposal
        for proposal in ActionProposal.objects.filter(status=ActionProposal.Status.PUBLISHED)
        if proposal.documents.filter(title="Modèle de lettre").exists()
    )
    assert proposal.targets.count() >= 2
    assert proposal.circular.attachments.filter(title="Modèle de lettre").count() == 1
    recipient = proposal.recipients.select_related("group").first()
    leader = Membership.objects.get(group=recipient.group, role=Membership.Role.LEADER).volunteer
    client.force_login(leader)
    args = {"group": recipient.group.slug, "pk": proposal.pk}
    page = client.get(reverse("actions:action_page", kwargs=args))
    assert page.status_code == 200
    template = proposal.documents.get(title="Modèle de lettre")
    download = client.get(
        reverse("actions:action_document", kwargs={**args, "document": template.pk})
    )
    assert download.status_code == 200
    target = proposal.targets.first()
    letter = client.get(reverse("actions:action_letter", kwargs={**args, "target": target.pk}))
    assert letter.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert recipient.group.name in text

"""'Remind the groups that have not reported', from a proposal's results: one message per
leader of each such group, with their own signed report link, through a mailing; refused for
a group reminded less than 48 hours ago (by hand or by the morning sweep)."""

import datetime
import re

import pytest
from django.urls import reverse

from messaging.models import Mailing, MailingRecipient
from messaging.services import message_queue
from tests.actions.factories import PublishedProposalFactory, RecipientFactory, ReportFactory
from tests.factories import UserFactory
from tests.groups.factories import LocalGroupFactory, MembershipFactory, place

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def proposal(coordination, group, other_group, leader, other_leader, places):
    """To Namur (has reported), Liège (has not; Julien leads it), Huy (has not; Inès, who
    reads English, leads it) and Arlon (has not; nobody leads it)."""
    proposal = PublishedProposalFactory(coordination=coordination, title="Lettres pour Mexico")
    huy = LocalGroupFactory(name="Groupe de Huy", slug="huy", place=place("4500"))
    arlon = LocalGroupFactory(name="Groupe d'Arlon", slug="arlon", place=place("6700"))
    ines = UserFactory(email="ines@example.org", first_name="Inès", preferred_language="en")
    MembershipFactory(group=huy, volunteer=ines, role="leader")
    for target in (group, other_group, huy, arlon):
        RecipientFactory(proposal=proposal, group=target)
    ReportFactory(proposal=proposal, group=group, reported_by=leader)
    proposal.huy = huy
    return proposal


def remind(client, proposal, capture):
    with capture(execute=True):
        return client.post(reverse("actions:proposal_remind", args=[proposal.pk]), follow=True)


def test_each_leader_of_a_group_that_has_not_reported_gets_their_own_link(
    coordinator_client, proposal, other_leader, mailoutbox, django_capture_on_commit_callbacks
):
    response = remind(coordinator_client, proposal, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    by_address = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_address) == ["ines@example.org", "other.leader@example.org"]
    julien, ines = by_address["other.leader@example.org"], by_address["ines@example.org"]
    # Each in their language: Julien in French, Inès in English, with their name and group.
    languages = dict(MailingRecipient.objects.values_list("person__email", "language"))
    assert languages == {"other.leader@example.org": "fr", "ines@example.org": "en"}
    assert "Julien" in julien.body and "Groupe de Liège" in julien.body
    assert "Groupe de Huy" not in julien.body
    assert ines.body.startswith("Hello Inès,") and "Groupe de Huy" in ines.body
    assert "List-Unsubscribe" not in julien.extra_headers  # essential: part of the commitment
    # Their own signed link opens their group's report form, without logging in.
    link = re.search(r"http://[^/\s]+(/fr/actions/report/\S+/)", julien.body).group(1)
    opened = type(coordinator_client)().get(link)
    assert opened.status_code == 200 and "Groupe de Liège" in opened.content.decode()
    mailing = Mailing.objects.get()
    assert (mailing.kind, mailing.proposal, mailing.status) == ("follow_up", proposal, "sent")
    assert sorted(MailingRecipient.objects.values_list("group__slug", flat=True)) == [
        "huy",
        "liege",
    ]
    page = response.content.decode()
    assert "2 groupes" in page or "2 groups" in page


def test_a_second_reminder_within_48_hours_is_refused(
    coordinator_client, proposal, mailoutbox, django_capture_on_commit_callbacks, clock
):
    remind(coordinator_client, proposal, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    clock.shift(datetime.timedelta(hours=47))
    response = remind(coordinator_client, proposal, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2 and Mailing.objects.count() == 1
    assert "48" in response.content.decode()
    clock.shift(datetime.timedelta(hours=2))
    remind(coordinator_client, proposal, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 4 and Mailing.objects.count() == 2


def test_a_group_reminded_lately_is_left_out_and_the_others_reminded(
    secretariat_client,
    proposal,
    other_group,
    other_leader,
    mailoutbox,
    django_capture_on_commit_callbacks,
    clock,
):
    # The morning sweep reminded Liège's leader two hours ago.
    recipient = proposal.recipients.get(group=other_group)
    message_queue(
        to=other_leader.email,
        subject="Suivi en retard",
        text="…",
        kind="follow_up_reminder",
        recipient=other_leader,
        concerns=recipient,
    )
    mailoutbox.clear()
    clock.shift(datetime.timedelta(hours=2))
    remind(secretariat_client, proposal, django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [["ines@example.org"]]
    # Then Huy reports; Liège, past its 48 hours, is the only one left.
    ReportFactory(proposal=proposal, group=proposal.huy)
    clock.shift(datetime.timedelta(hours=47))
    mailoutbox.clear()
    remind(secretariat_client, proposal, django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [[other_leader.email]]


def test_the_results_page_offers_it_and_says_when_each_group_was_reminded(
    coordinator_client, proposal, django_capture_on_commit_callbacks
):
    url = reverse("actions:proposal_results", args=[proposal.pk])
    page = coordinator_client.get(url).content.decode()
    assert reverse("actions:proposal_remind", args=[proposal.pk]) in page
    remind(coordinator_client, proposal, django_capture_on_commit_callbacks)
    response = coordinator_client.get(url)
    missing = {g.slug: g.last_reminded for g in response.context["missing"]}
    assert missing["liege"] and missing["huy"] and missing["arlon"] is None


def test_only_the_proposals_coordination_and_staff_remind(
    other_coordinator_client, leader_client, proposal, mailoutbox
):
    url = reverse("actions:proposal_remind", args=[proposal.pk])
    assert other_coordinator_client.post(url).status_code == 404
    assert leader_client.post(url).status_code == 404
    # A GET sends nobody anything: it leads to the results page (config/form_pages.py).
    assert leader_client.get(url).status_code == 302
    assert not Mailing.objects.exists() and mailoutbox == []


def test_a_closed_proposal_is_not_reminded(coordinator_client, proposal, mailoutbox):
    proposal.status = "closed"
    proposal.save()
    coordinator_client.post(reverse("actions:proposal_remind", args=[proposal.pk]))
    assert not Mailing.objects.exists() and mailoutbox == []

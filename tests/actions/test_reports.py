"""Follow-up reports: one per group and proposal; a leader reports only for their own group,
from their space or from the signed link of the e-mail."""

import datetime

import pytest
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse

from actions import services
from actions.forms import ReportForm
from actions.links import REPORT_LINK_MAX_AGE, report_token
from actions.models import FollowUpReport
from groups.models import Membership
from tests.actions.factories import (
    ProposalFactory,
    PublishedProposalFactory,
    RecipientFactory,
    ReportFactory,
)
from tests.groups.factories import LocalGroupFactory

# Dates relative to today, on the fixed clock of tests/clock.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

REPORT = {
    "status": "done",
    "letters_sent": "14",
    "signatures_collected": "52",
    "people_reached": "80",
    "events_held": "1",
    "comment": "Stand au marché du samedi, beaucoup d’intérêt.",
}


@pytest.fixture
def proposal(coordination, group, other_group):
    proposal = PublishedProposalFactory(coordination=coordination)
    RecipientFactory(proposal=proposal, group=group)
    RecipientFactory(proposal=proposal, group=other_group)
    return proposal


def report_url(group, proposal):
    return reverse("actions:report_edit", kwargs={"group": group.slug, "pk": proposal.pk})


def link(proposal, group, leader):
    token = report_token(proposal_id=proposal.pk, group_id=group.pk, leader_id=leader.pk)
    return reverse("actions:report_by_link", args=[token])


# --- one report per group and proposal --------------------------------------------------------


def test_the_database_keeps_one_report_per_group_and_proposal(proposal, group):
    ReportFactory(proposal=proposal, group=group)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(proposal=proposal, group=group)
    assert FollowUpReport.objects.count() == 1


def test_the_form_refuses_a_second_report(proposal, group):
    ReportFactory(proposal=proposal, group=group)
    form = ReportForm(REPORT, proposal=proposal, group=group)
    assert not form.is_valid()
    assert "déjà fait rapport" in str(form.non_field_errors())


def test_reporting_again_corrects_the_report(proposal, group, leader, other_leader):
    services.report_save(proposal=proposal, group=group, reported_by=leader, status="planned")
    services.report_save(
        proposal=proposal, group=group, reported_by=leader, status="done", letters_sent=9
    )
    report = FollowUpReport.objects.get()
    assert (report.status, report.letters_sent) == ("done", 9)


# --- the leader's pages -----------------------------------------------------------------------


def test_leader_reports_for_their_group(leader_client, leader, proposal, group):
    response = leader_client.post(report_url(group, proposal), REPORT)
    assert response.status_code == 302
    assert response.url == reverse("actions:group_proposals", kwargs={"group": group.slug})
    report = FollowUpReport.objects.get()
    assert (report.group, report.status, report.letters_sent, report.signatures_collected) == (
        group,
        "done",
        14,
        52,
    )
    assert report.reported_by == leader


def test_leader_corrects_the_report_with_the_same_form(leader_client, proposal, group):
    ReportFactory(proposal=proposal, group=group, letters_sent=1)
    page = leader_client.get(report_url(group, proposal))
    assert page.context["form"].instance.letters_sent == 1
    leader_client.post(report_url(group, proposal), REPORT)
    assert FollowUpReport.objects.get().letters_sent == 14


def test_leader_cannot_report_for_another_group(leader_client, proposal, other_group):
    response = leader_client.post(report_url(other_group, proposal), REPORT)
    assert response.status_code == 404
    assert not FollowUpReport.objects.exists()


def test_leader_cannot_report_on_a_proposal_not_sent_to_the_group(
    leader_client, coordination, group
):
    elsewhere = PublishedProposalFactory(coordination=coordination)
    RecipientFactory(proposal=elsewhere, group=LocalGroupFactory())
    assert leader_client.get(report_url(group, elsewhere)).status_code == 404


def test_no_report_on_a_draft(leader_client, coordination, group):
    draft = ProposalFactory(coordination=coordination)
    RecipientFactory(proposal=draft, group=group)
    assert leader_client.get(report_url(group, draft)).status_code == 404


@pytest.mark.parametrize("who", ["volunteer", "coordinator"])
def test_others_get_404(client, request, proposal, group, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(report_url(group, proposal), REPORT).status_code == 404
    assert not FollowUpReport.objects.exists()


def test_anonymous_is_sent_to_log_in(client, proposal, group):
    assert client.post(report_url(group, proposal), REPORT).status_code == 302
    assert not FollowUpReport.objects.exists()


def test_bad_figures_are_refused(leader_client, proposal, group):
    response = leader_client.post(
        report_url(group, proposal), {**REPORT, "letters_sent": "-3", "status": "maybe"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"letters_sent", "status"}
    assert not FollowUpReport.objects.exists()


def test_report_form_refuses_other_methods(leader_client, proposal, group):
    assert leader_client.put(report_url(group, proposal)).status_code == 405


def test_a_closed_follow_up_can_no_longer_be_changed(leader_client, proposal, group):
    ReportFactory(proposal=proposal, group=group, letters_sent=1)
    services.proposal_close(proposal=proposal)
    page = leader_client.get(report_url(group, proposal)).content.decode()
    assert "ne peut plus être modifié" in page
    leader_client.post(report_url(group, proposal), REPORT)
    assert FollowUpReport.objects.get().letters_sent == 1
    with pytest.raises(Exception, match="clôturé"):
        services.report_save(proposal=proposal, group=group, reported_by=None, status="done")


def test_the_group_page_lists_what_was_proposed(leader_client, proposal, group, coordination):
    ProposalFactory(coordination=coordination, title="Brouillon secret")
    response = leader_client.get(reverse("actions:group_proposals", kwargs={"group": group.slug}))
    page = response.content.decode()
    assert response.status_code == 200
    assert proposal.title in page and "Brouillon secret" not in page
    assert "En attente de votre rapport" in page


def test_the_group_page_is_for_its_leader_and_staff(client, leader, other_leader, staff, group):
    url = reverse("actions:group_proposals", kwargs={"group": group.slug})
    assert client.get(url).status_code == 302
    client.force_login(other_leader)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


def test_unknown_group_is_404(leader_client):
    assert (
        leader_client.get(
            reverse("actions:group_proposals", kwargs={"group": "nowhere"})
        ).status_code
        == 404
    )


def test_my_space_shows_the_proposals_waiting_for_a_report(leader_client, proposal, group):
    page = leader_client.get(reverse("accounts:me")).content.decode()
    assert "Actions proposées à mon groupe" in page and proposal.title in page


@pytest.mark.parametrize("proposals", [5, 40])
def test_group_page_query_count_does_not_grow(
    leader_client, coordination, group, django_assert_num_queries, proposals
):
    for index in range(proposals):
        item = PublishedProposalFactory(coordination=coordination)
        RecipientFactory(proposal=item, group=group)
        if index % 2:
            ReportFactory(proposal=item, group=group)
    # session, user, group, member check (its people read the page), leader check (only
    # leaders report), count, recipients, their reports, and the navigation's count of what
    # waits (config/navigation.py, then cached)
    with django_assert_num_queries(9):
        assert (
            leader_client.get(
                reverse("actions:group_proposals", kwargs={"group": group.slug})
            ).status_code
            == 200
        )


# --- the signed link of the e-mail ------------------------------------------------------------


def test_a_valid_link_opens_the_form_without_logging_in(client, proposal, group, leader):
    url = link(proposal, group, leader)
    response = client.get(url)
    assert response.status_code == 200
    assert group.name in response.content.decode()
    response = client.post(url, REPORT)
    assert response.status_code == 302 and response.url == url
    report = FollowUpReport.objects.get()
    assert (report.group, report.reported_by, report.letters_sent) == (group, leader, 14)


def test_a_tampered_link_is_404(client, proposal, group, other_group, leader):
    token = report_token(proposal_id=proposal.pk, group_id=group.pk, leader_id=leader.pk)
    payload, timestamp, signature = token.rsplit(":", 2)
    forged = signing.TimestampSigner(salt="x").sign_object(
        {"p": proposal.pk, "g": other_group.pk, "u": leader.pk}
    )
    for bad in (
        f"{payload}:{timestamp}:{signature[:-2]}aa",
        forged,
        signing.dumps({"p": proposal.pk, "g": group.pk, "u": leader.pk}),
        "nonsense",
    ):
        response = client.post(reverse("actions:report_by_link", args=[bad]), REPORT)
        assert response.status_code == 404, bad
    assert not FollowUpReport.objects.exists()


def test_an_expired_link_is_refused_with_a_way_forward(
    client, proposal, group, leader, monkeypatch
):
    url = link(proposal, group, leader)
    later = datetime.datetime.now().timestamp() + REPORT_LINK_MAX_AGE.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(url, REPORT)
    assert response.status_code == 410
    assert "expiré" in response.content.decode()
    assert not FollowUpReport.objects.exists()


def test_a_link_still_valid_the_day_before_it_expires(client, proposal, group, leader, monkeypatch):
    url = link(proposal, group, leader)
    later = datetime.datetime.now().timestamp() + REPORT_LINK_MAX_AGE.total_seconds() - 86400
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(url).status_code == 200


def test_the_link_of_someone_who_no_longer_leads_the_group_is_404(client, proposal, group, leader):
    url = link(proposal, group, leader)
    Membership.objects.filter(volunteer=leader).update(role=Membership.Role.MEMBER)
    assert client.get(url).status_code == 404


def test_a_link_for_another_groups_leader_is_404(client, proposal, group, other_leader):
    # Correctly signed, but this person does not lead the group it names.
    assert client.get(link(proposal, group, other_leader)).status_code == 404


def test_a_link_once_the_follow_up_is_closed_shows_the_report(client, proposal, group, leader):
    ReportFactory(proposal=proposal, group=group)
    services.proposal_close(proposal=proposal)
    url = link(proposal, group, leader)
    assert "ne peut plus être modifié" in client.get(url).content.decode()
    assert client.post(url, REPORT).status_code == 302
    assert FollowUpReport.objects.get().letters_sent == 12


def test_the_link_refuses_other_methods(client, proposal, group, leader):
    assert client.delete(link(proposal, group, leader)).status_code == 405

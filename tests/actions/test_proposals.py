"""Action proposals: a coordinator proposes only from circulars assigned to their coordination;
publishing tells the targeted groups' leaders; the results page adds up the follow-up."""

import datetime
import re

import pytest
from django.urls import reverse

from actions.links import read_report_token
from actions.models import ActionProposal, FollowUpReport, ProposalRecipient
from actions.selectors import proposals_for_results
from tests.actions.factories import (
    CircularFactory,
    LeaderFactory,
    ProposalFactory,
    PublishedProposalFactory,
    RecipientFactory,
    ReportFactory,
    today,
)
from tests.factories import UserFactory
from tests.groups.factories import LocalGroupFactory, place

# Dates relative to today, on the fixed clock of tests/clock.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

CREATE = reverse("actions:proposal_create")


def proposal_data(coordination, **overrides):
    data = {
        "coordination": coordination.pk,
        "title": "Écrire au gouverneur pour Ana",
        "request": "Une lettre par membre, en espagnol ou en français, avant le 15.",
        "target": "all",
        "starts_on": today().isoformat(),
        "ends_on": (today() + datetime.timedelta(days=20)).isoformat(),
        "follow_up_due_on": (today() + datetime.timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def results(proposal):
    return reverse("actions:proposal_results", args=[proposal.pk])


# --- creating ---------------------------------------------------------------------------------


def test_the_form_is_prefilled_from_the_circular(coordinator_client, assigned_circular):
    response = coordinator_client.get(CREATE, {"circular": assigned_circular.pk})
    assert response.status_code == 200
    assert response.context["form"].initial["title"] == assigned_circular.title


def test_coordinator_proposes_from_an_assigned_circular(
    coordinator_client, coordinator, coordination, assigned_circular
):
    response = coordinator_client.post(
        CREATE + f"?circular={assigned_circular.pk}", proposal_data(coordination)
    )
    proposal = ActionProposal.objects.get()
    assert response.status_code == 302 and response.url == results(proposal)
    assert (proposal.circular, proposal.coordination, proposal.proposed_by) == (
        assigned_circular,
        coordination,
        coordinator,
    )
    assert proposal.status == "draft"


def test_coordinator_cannot_propose_from_a_circular_assigned_elsewhere(
    client, other_coordinator, other_coordination, assigned_circular
):
    client.force_login(other_coordinator)
    url = CREATE + f"?circular={assigned_circular.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, proposal_data(other_coordination)).status_code == 404
    assert not ActionProposal.objects.exists()


def test_coordinator_cannot_propose_in_the_name_of_another_coordination(
    coordinator_client, other_coordination, assigned_circular
):
    response = coordinator_client.post(
        CREATE + f"?circular={assigned_circular.pk}", proposal_data(other_coordination)
    )
    assert response.status_code == 200
    assert "coordination" in response.context["form"].errors
    assert not ActionProposal.objects.exists()


def test_coordinator_proposes_an_idea_of_their_own(coordinator_client, coordination):
    response = coordinator_client.post(CREATE, proposal_data(coordination))
    assert response.status_code == 302
    assert ActionProposal.objects.get().circular is None


def test_a_volunteer_cannot_propose(volunteer_client, coordination):
    assert volunteer_client.get(CREATE).status_code == 404
    assert volunteer_client.post(CREATE, proposal_data(coordination)).status_code == 404
    assert not ActionProposal.objects.exists()


def test_anonymous_cannot_propose(client):
    assert client.get(CREATE).status_code == 302


def test_proposal_form_refuses_other_methods(coordinator_client):
    assert coordinator_client.delete(CREATE).status_code == 405


def test_bad_dates_and_missing_targets_are_refused(coordinator_client, coordination):
    data = proposal_data(
        coordination,
        ends_on=(today() - datetime.timedelta(days=1)).isoformat(),
        target="chosen",
    )
    response = coordinator_client.post(CREATE, data)
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert "ends_on" in errors and "chosen_groups" in errors
    response = coordinator_client.post(CREATE, proposal_data(coordination, target="provinces"))
    assert "provinces" in response.context["form"].errors
    assert not ActionProposal.objects.exists()


def test_circular_id_that_is_not_a_number_is_404(coordinator_client):
    assert coordinator_client.get(CREATE, {"circular": "abc"}).status_code == 404


def test_staff_may_propose_from_any_circular(staff_client, coordination, assigned_circular):
    response = staff_client.post(
        CREATE + f"?circular={assigned_circular.pk}", proposal_data(coordination)
    )
    assert response.status_code == 302


# --- editing a draft --------------------------------------------------------------------------


def test_coordinator_edits_a_draft(coordinator_client, coordination, group, other_group):
    proposal = ProposalFactory(coordination=coordination)
    url = reverse("actions:proposal_edit", args=[proposal.pk])
    data = proposal_data(coordination, target="chosen", chosen_groups=[group.pk], title="Modifiée")
    assert coordinator_client.post(url, data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Modifiée"
    assert list(proposal.targeted_groups()) == [group]


def test_a_published_proposal_is_no_longer_edited(coordinator_client, coordination):
    proposal = PublishedProposalFactory(coordination=coordination)
    url = reverse("actions:proposal_edit", args=[proposal.pk])
    response = coordinator_client.post(url, proposal_data(coordination, title="Non"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title != "Non"


def test_another_coordinator_cannot_edit(client, other_coordinator, coordination):
    proposal = ProposalFactory(coordination=coordination)
    client.force_login(other_coordinator)
    assert client.get(reverse("actions:proposal_edit", args=[proposal.pk])).status_code == 404


# --- publishing -------------------------------------------------------------------------------


def test_publishing_tells_each_targeted_leader_with_a_signed_link(
    coordinator_client,
    coordination,
    group,
    leader,
    other_group,
    other_leader,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    other_leader.preferred_language = "en"
    other_leader.save()
    LocalGroupFactory(name="Groupe en pause", is_active=False)
    proposal = ProposalFactory(coordination=coordination)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("actions:proposal_publish", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "published" and proposal.published_at
    assert set(ProposalRecipient.objects.values_list("group", flat=True)) == {
        group.pk,
        other_group.pk,
    }
    by_person = {message.to[0]: message for message in mailoutbox}
    assert set(by_person) == {leader.email, other_leader.email}
    french, english = by_person[leader.email], by_person[other_leader.email]
    assert french.subject.startswith("Action proposée à votre groupe")
    assert english.subject.startswith("Action proposed to your group")
    token = re.search(r"/fr/actions/report/([^/]+)/", french.body).group(1)
    link = read_report_token(token)
    assert (link.proposal_id, link.group_id, link.leader_id) == (proposal.pk, group.pk, leader.pk)
    assert "/en/actions/report/" in english.body


def test_publishing_to_some_provinces(coordinator_client, coordination, group, other_group):
    proposal = ProposalFactory(coordination=coordination, target="provinces", provinces=["namur"])
    coordinator_client.post(reverse("actions:proposal_publish", args=[proposal.pk]))
    assert list(ProposalRecipient.objects.values_list("group", flat=True)) == [group.pk]


def test_publishing_without_any_group_is_refused(coordinator_client, coordination):
    proposal = ProposalFactory(
        coordination=coordination, target="provinces", provinces=["luxembourg"]
    )
    response = coordinator_client.post(
        reverse("actions:proposal_publish", args=[proposal.pk]), follow=True
    )
    assert "Aucun groupe actif" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "draft"


def test_publish_refuses_get_and_outsiders(client, other_coordinator, coordination, group):
    proposal = ProposalFactory(coordination=coordination)
    url = reverse("actions:proposal_publish", args=[proposal.pk])
    assert client.post(url).status_code == 302  # anonymous: log in
    client.force_login(other_coordinator)
    assert client.post(url).status_code == 404
    # By GET: sent to the proposal's page, which is closed to them as well.
    assert client.get(url).url == reverse("actions:proposal_results", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.status == "draft"


def test_closing_the_follow_up(coordinator_client, coordination):
    proposal = PublishedProposalFactory(coordination=coordination)
    url = reverse("actions:proposal_close", args=[proposal.pk])
    assert coordinator_client.get(url).url == reverse(
        "actions:proposal_results", args=[proposal.pk]
    )
    assert coordinator_client.post(url).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "closed" and proposal.closed_at


def test_another_coordinator_cannot_close(client, other_coordinator, coordination):
    proposal = PublishedProposalFactory(coordination=coordination)
    client.force_login(other_coordinator)
    assert client.post(reverse("actions:proposal_close", args=[proposal.pk])).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "published"


# --- results ----------------------------------------------------------------------------------


@pytest.fixture
def reported_proposal(coordination, group, other_group):
    proposal = PublishedProposalFactory(coordination=coordination)
    third = LocalGroupFactory(name="Groupe de Wavre", place=place("1300"))
    for target in (group, other_group, third):
        RecipientFactory(proposal=proposal, group=target)
    ReportFactory(
        proposal=proposal,
        group=group,
        status="done",
        letters_sent=12,
        signatures_collected=40,
        people_reached=60,
        events_held=1,
    )
    ReportFactory(
        proposal=proposal,
        group=other_group,
        status="planned",
        letters_sent=3,
        signatures_collected=0,
        people_reached=25,
        events_held=2,
    )
    return proposal


def test_totals_are_right(reported_proposal, group, other_group):
    data = proposals_for_results(reported_proposal)
    assert data["totals"] == {
        "letters_sent": 15,
        "signatures_collected": 40,
        "people_reached": 85,
        "events_held": 3,
        "funds_raised": 0,
        "reports": 2,
        "done": 1,
        "planned": 1,
        "not_taken_up": 0,
    }
    assert [g.name for g in data["missing"]] == ["Groupe de Wavre"]
    per_group = {r.group.name: report for r, report in data["rows"]}
    assert per_group["Groupe de Namur"].letters_sent == 12
    assert per_group["Groupe de Wavre"] is None


def test_totals_of_a_proposal_nobody_reported_on_are_zero(coordination, group):
    proposal = PublishedProposalFactory(coordination=coordination)
    RecipientFactory(proposal=proposal, group=group)
    totals = proposals_for_results(proposal)["totals"]
    assert totals["letters_sent"] == 0 and totals["reports"] == 0


def test_results_page_for_the_proposing_coordinator(coordinator_client, reported_proposal, group):
    response = coordinator_client.get(results(reported_proposal))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Groupe de Wavre" in page and "Groupes qui n’ont pas fait rapport" in page
    assert "85" in page


def test_results_page_for_staff(staff_client, reported_proposal):
    assert staff_client.get(results(reported_proposal)).status_code == 200


@pytest.mark.parametrize("who", ["other_coordinator", "volunteer", "leader"])
def test_results_are_hidden_from_others(client, request, reported_proposal, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(results(reported_proposal)).status_code == 404


def test_results_need_a_login(client, reported_proposal):
    assert client.get(results(reported_proposal)).status_code == 302


def test_results_refuse_post(coordinator_client, reported_proposal):
    assert coordinator_client.post(results(reported_proposal)).status_code == 405


def test_results_show_only_first_names(coordinator_client, reported_proposal, group):
    reporter = UserFactory(first_name="Bénédicte", last_name="Vandeput", email="b@example.org")
    FollowUpReport.objects.filter(group=group).update(reported_by=reporter)
    page = coordinator_client.get(results(reported_proposal)).content.decode()
    assert "Bénédicte" in page
    assert "Vandeput" not in page and "b@example.org" not in page


@pytest.mark.parametrize("groups", [10, 200])
def test_results_query_count_does_not_grow(
    coordinator_client, coordination, django_assert_num_queries, groups
):
    proposal = PublishedProposalFactory(
        coordination=coordination, circular=CircularFactory(), target="chosen"
    )
    batch = LocalGroupFactory.create_batch(groups)
    proposal.chosen_groups.set(batch)
    for index, target in enumerate(batch):
        RecipientFactory(proposal=proposal, group=target)
        if index % 2:
            ReportFactory(
                proposal=proposal, group=target, reported_by=LeaderFactory(group=target).volunteer
            )
    # session, user, proposal, chosen groups, permission (mandate), recipients, reports, totals,
    # and when the groups that have not reported were last reminded (by hand, by the sweep), and
    # the navigation's count of what waits (config/navigation.py, then cached)
    with django_assert_num_queries(11):
        assert coordinator_client.get(results(proposal)).status_code == 200


# --- the list of proposals --------------------------------------------------------------------


def test_my_proposals(coordinator_client, coordination, other_coordination):
    ProposalFactory(coordination=coordination, title="La mienne")
    ProposalFactory(coordination=other_coordination, title="Pas la mienne")
    page = coordinator_client.get(reverse("actions:proposal_list")).content.decode()
    assert "La mienne" in page and "Pas la mienne" not in page


def test_proposal_list_is_for_coordinators_and_staff(client, volunteer, staff):
    url = reverse("actions:proposal_list")
    assert client.get(url).status_code == 302
    client.force_login(volunteer)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


def test_a_draft_says_how_many_groups_will_receive_it(
    coordinator_client, coordination, group, other_group
):
    proposal = ProposalFactory(coordination=coordination)
    page = coordinator_client.get(results(proposal)).content.decode()
    assert "Elle sera envoyée à 2 groupes." in page
    assert "Publier auprès des groupes" in page

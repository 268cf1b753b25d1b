"""Follow-up reports record the funds a sale raised and the materials it used (candles,
stickers): optional, never negative, shown on the proposal's results with their total."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import FollowUpReport
from tests.actions.factories import PublishedProposalFactory, RecipientFactory, ReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

REPORT = {
    "status": "done",
    "letters_sent": "0",
    "signatures_collected": "0",
    "people_reached": "120",
    "events_held": "1",
    "comment": "Stand du 10 décembre.",
}


@pytest.fixture
def proposal(coordination, group, other_group):
    proposal = PublishedProposalFactory(coordination=coordination, proposed_by=None)
    RecipientFactory(proposal=proposal, group=group)
    RecipientFactory(proposal=proposal, group=other_group)
    return proposal


def report_url(group, proposal):
    return reverse("actions:report_edit", kwargs={"group": group.slug, "pk": proposal.pk})


def test_a_report_records_funds_and_materials(leader_client, group, proposal):
    data = {**REPORT, "funds_raised": "342.50", "materials_used": "120 candles, 300 stickers"}
    response = leader_client.post(report_url(group, proposal), data)
    assert response.status_code == 302
    report = FollowUpReport.objects.get()
    assert report.funds_raised == Decimal("342.50")
    assert report.materials_used == "120 candles, 300 stickers"


def test_funds_and_materials_are_optional(leader_client, group, proposal):
    assert leader_client.post(report_url(group, proposal), REPORT).status_code == 302
    report = FollowUpReport.objects.get()
    assert (report.funds_raised, report.materials_used) == (None, "")


def test_negative_funds_are_refused(leader_client, group, proposal):
    response = leader_client.post(report_url(group, proposal), {**REPORT, "funds_raised": "-5"})
    assert response.status_code == 400
    assert response.context["form"].errors["funds_raised"]
    assert not FollowUpReport.objects.exists()


def test_the_results_show_the_funds_and_their_total(
    staff_client, proposal, group, other_group, django_assert_max_num_queries
):
    ReportFactory(
        proposal=proposal, group=group, funds_raised=Decimal("100.25"), materials_used="80 bougies"
    )
    ReportFactory(proposal=proposal, group=other_group, funds_raised=Decimal("50"))
    url = reverse("actions:proposal_results", args=[proposal.pk])
    response = staff_client.get("/en" + url[3:])
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["totals"]["funds_raised"] == Decimal("150.25")
    assert "80 bougies" in page and "150.25" in page

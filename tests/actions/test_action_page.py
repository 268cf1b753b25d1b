"""The action page of a group a proposal was sent to: its people (leader and members alike) find
what to do, why, whom to write to and the documents the coordinator chose; everybody else gets
404, whatever they guess."""

import pytest
from django.urls import reverse

from actions import services
from actions.forms import ProposalForm
from groups.models import Membership
from tests.actions.factories import (
    ProposalFactory,
    PublishedProposalFactory,
    RecipientFactory,
    TargetFactory,
    pdf_upload,
)
from tests.actions.letter_files import DOCX_TYPE, TEMPLATE_LINES, docx_bytes, docx_upload
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def member(group):
    user = UserFactory(email="member@example.org", first_name="Louise")
    MembershipFactory(group=group, volunteer=user, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def treasurer(group):
    user = UserFactory(email="treasurer@example.org", first_name="Marc")
    MembershipFactory(group=group, volunteer=user, role=Membership.Role.TREASURER)
    return user


@pytest.fixture
def other_member(other_group):
    user = UserFactory(email="liege.member@example.org", first_name="Nina")
    MembershipFactory(group=other_group, volunteer=user, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def material(assigned_circular, secretariat):
    """The circular's documents and targets; the coordinator gives the groups some of them."""
    assigned_circular.summary = "Détenu depuis trois semaines sans accès à un avocat."
    assigned_circular.outcome_note = ""
    assigned_circular.save()
    assignment = assigned_circular.assignments.get()
    assignment.note = "NOTE INTERNE : source protégée, ne pas diffuser."
    assignment.save()
    return {
        "template": services.attachment_add(
            circular=assigned_circular,
            file=docx_upload(),
            title="Modèle de lettre",
            uploaded_by=secretariat,
        ),
        "pdf": services.attachment_add(
            circular=assigned_circular,
            file=pdf_upload(),
            title="Circulaire",
            uploaded_by=secretariat,
        ),
        "internal": services.attachment_add(
            circular=assigned_circular,
            file=pdf_upload("internal.pdf"),
            title="Briefing interne du SI",
            uploaded_by=secretariat,
        ),
        "target": TargetFactory(
            circular=assigned_circular,
            authority="Procureur général de la République",
            salutation="Monsieur le Procureur,",
            address="Avenida de la Reforma 211\nCiudad de México",
            email="fiscalia@example.mx",
        ),
        "other_target": TargetFactory(
            circular=assigned_circular,
            authority="Ambassade du Mexique",
            address="Avenue Franklin Roosevelt 94\n1050 Bruxelles",
        ),
    }


@pytest.fixture
def proposal(coordination, coordinator, assigned_circular, group, other_group, material):
    """Proposed to Namur only, with the template and the PDF but not the internal briefing, and
    one of the two targets."""
    proposal = ProposalFactory(
        coordination=coordination,
        circular=assigned_circular,
        proposed_by=coordinator,
        target="chosen",
        request="Écrivez au procureur avant la fin du mois.",
    )
    services.proposal_save(
        proposal=proposal,
        chosen_groups=[group],
        documents=[material["template"], material["pdf"]],
        targets=[material["target"]],
    )
    services.proposal_publish(proposal=proposal, published_by=coordinator)
    return proposal


def page_url(group, proposal):
    return reverse("actions:action_page", kwargs={"group": group.slug, "pk": proposal.pk})


def document_url(group, proposal, document):
    return reverse(
        "actions:action_document",
        kwargs={"group": group.slug, "pk": proposal.pk, "document": document.pk},
    )


def letter_url(group, proposal, target):
    return reverse(
        "actions:action_letter",
        kwargs={"group": group.slug, "pk": proposal.pk, "target": target.pk},
    )


# --- the group's people -------------------------------------------------------------------


@pytest.mark.parametrize("person", ["leader", "member", "treasurer"])
def test_the_groups_people_find_everything_needed_to_act(
    client, request, person, group, proposal, material
):
    client.force_login(request.getfixturevalue(person))
    response = client.get("/en" + page_url(group, proposal)[3:])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Écrivez au procureur avant la fin du mois." in page  # what to do
    assert "Détenu depuis trois semaines sans accès à un avocat." in page  # why
    assert "Procureur général de la République" in page
    assert "Avenida de la Reforma 211<br>Ciudad de México" in page
    assert "fiscalia@example.mx" in page
    assert "Monsieur le Procureur," in page
    assert document_url(group, proposal, material["template"]) in page
    assert document_url(group, proposal, material["pdf"]) in page
    assert letter_url(group, proposal, material["target"]) in page
    assert "target_address" in page  # the placeholders are documented


@pytest.mark.parametrize("person", ["leader", "member"])
def test_a_leader_and_a_member_download_the_template(
    client, request, person, group, proposal, material
):
    client.force_login(request.getfixturevalue(person))
    response = client.get(document_url(group, proposal, material["template"]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == docx_bytes(*TEMPLATE_LINES)


def test_the_proposing_coordinator_and_staff_download_it_too(
    client, coordinator, staff, group, proposal, material
):
    for person in (coordinator, staff):
        client.force_login(person)
        assert client.get(document_url(group, proposal, material["template"])).status_code == 200
        assert client.get(page_url(group, proposal)).status_code == 200


# --- everybody else: 404 ------------------------------------------------------------------


@pytest.mark.parametrize(
    "person", ["other_member", "other_leader", "volunteer", "other_coordinator"]
)
def test_anybody_else_gets_404(client, request, person, group, proposal, material):
    client.force_login(request.getfixturevalue(person))
    for url in (
        page_url(group, proposal),
        document_url(group, proposal, material["template"]),
        letter_url(group, proposal, material["target"]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_visitor_is_sent_to_log_in_and_gets_no_file(client, group, proposal, material):
    response = client.get(document_url(group, proposal, material["template"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not response.content


def test_the_other_group_cannot_read_it_through_its_own_slug(
    client, other_leader, other_group, proposal, material
):
    """Liège was not sent the proposal: its slug in the URL changes nothing."""
    client.force_login(other_leader)
    assert client.get(page_url(other_group, proposal)).status_code == 404
    assert client.get(document_url(other_group, proposal, material["pdf"])).status_code == 404


def test_what_the_coordinator_did_not_choose_stays_out(
    client, leader, group, proposal, material, assigned_circular
):
    client.force_login(leader)
    page = client.get(page_url(group, proposal)).content.decode()
    assert "Briefing interne du SI" not in page
    assert "Ambassade du Mexique" not in page
    assert "NOTE INTERNE" not in page  # the assignment's note is for the coordinator
    assert assigned_circular.index_number not in page
    assert client.get(document_url(group, proposal, material["internal"])).status_code == 404
    assert client.get(letter_url(group, proposal, material["other_target"])).status_code == 404
    # Not even staff get it by this road (they read it on the circular's page).
    assert reverse("actions:circular_detail", kwargs={"pk": assigned_circular.pk}) not in page


def test_a_draft_has_no_action_page(client, leader, group, coordination):
    draft = ProposalFactory(coordination=coordination)
    RecipientFactory(proposal=draft, group=group)  # cannot happen, but even then
    client.force_login(leader)
    assert client.get(page_url(group, draft)).status_code == 404


# --- reporting from the page -----------------------------------------------------------------


def test_the_leader_reports_from_the_page_and_comes_back_to_it(client, leader, group, proposal):
    client.force_login(leader)
    url = page_url(group, proposal)
    page = client.get(url).content.decode()
    report_url = reverse("actions:report_edit", kwargs={"group": group.slug, "pk": proposal.pk})
    assert f'action="{report_url}"' in page
    response = client.post(
        report_url,
        {
            "status": "done",
            "letters_sent": "9",
            "signatures_collected": "0",
            "people_reached": "0",
            "events_held": "0",
            "next": url,
        },
    )
    assert response.status_code == 302 and response.url == url
    assert proposal.reports.get(group=group).letters_sent == 9


def test_a_member_sees_the_page_without_the_report_form(client, member, group, proposal):
    """Who reports is unchanged: the group's leader (and staff)."""
    client.force_login(member)
    page = client.get(page_url(group, proposal)).content.decode()
    report_url = reverse("actions:report_edit", kwargs={"group": group.slug, "pk": proposal.pk})
    assert report_url not in page
    assert client.post(report_url, {"status": "done"}).status_code == 404


# --- how people get there ----------------------------------------------------------------------


def test_the_email_links_to_the_action_page(
    coordination,
    coordinator,
    assigned_circular,
    group,
    leader,
    mailoutbox,
    material,
    django_capture_on_commit_callbacks,
):
    proposal = ProposalFactory(
        coordination=coordination, circular=assigned_circular, target="chosen"
    )
    services.proposal_save(proposal=proposal, chosen_groups=[group])
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_publish(proposal=proposal, published_by=coordinator)
    (message,) = [m for m in mailoutbox if m.to == [leader.email]]
    assert page_url(group, proposal).split("/", 2)[2] in message.body


def test_my_space_and_the_group_page_lead_members_to_it(client, member, group, proposal):
    client.force_login(member)
    url = page_url(group, proposal)
    assert url in client.get(reverse("accounts:me")).content.decode()
    group_page = client.get(reverse("groups:detail", kwargs={"slug": group.slug})).content
    proposals_url = reverse("actions:group_proposals", kwargs={"group": group.slug})
    assert proposals_url in group_page.decode()
    assert url in client.get(proposals_url).content.decode()


def test_my_space_leads_the_leader_to_it(client, leader, group, proposal):
    client.force_login(leader)
    assert page_url(group, proposal) in client.get(reverse("accounts:me")).content.decode()


# --- the coordinator chooses what the groups get -------------------------------------------------


def test_the_proposal_form_offers_the_circulars_material_all_ticked(
    coordinator, assigned_circular, material
):
    form = ProposalForm(user=coordinator, circular=assigned_circular)
    assert set(form.initial["documents"]) == {
        material["template"].pk,
        material["pdf"].pk,
        material["internal"].pk,
    }
    assert set(form.initial["targets"]) == {material["target"].pk, material["other_target"].pk}


def test_the_coordinator_cannot_give_another_circulars_document(
    client, coordinator, coordination, assigned_circular, material, secretariat, group
):
    from tests.actions.factories import AssignmentFactory, CircularFactory

    elsewhere = CircularFactory()
    AssignmentFactory(circular=elsewhere, coordination=coordination)
    foreign = services.attachment_add(
        circular=elsewhere, file=pdf_upload(), uploaded_by=secretariat
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("actions:proposal_create") + f"?circular={assigned_circular.pk}",
        {
            "coordination": coordination.pk,
            "title": "Écrire au procureur",
            "request": "Une lettre par membre.",
            "target": "all",
            "starts_on": "2026-11-23",
            "ends_on": "2026-12-20",
            "follow_up_due_on": "2026-12-31",
            "documents": [material["pdf"].pk, foreign.pk],
            "targets": [material["target"].pk],
        },
    )
    assert response.status_code == 200  # the form comes back with the error
    assert not assigned_circular.proposals.exists()


def test_a_proposal_keeps_the_coordinators_choice(
    client, coordinator, coordination, assigned_circular, material
):
    client.force_login(coordinator)
    response = client.post(
        reverse("actions:proposal_create") + f"?circular={assigned_circular.pk}",
        {
            "coordination": coordination.pk,
            "title": "Écrire au procureur",
            "request": "Une lettre par membre.",
            "target": "all",
            "starts_on": "2026-11-23",
            "ends_on": "2026-12-20",
            "follow_up_due_on": "2026-12-31",
            "documents": [material["template"].pk],
            "targets": [material["target"].pk],
        },
    )
    assert response.status_code == 302
    proposal = assigned_circular.proposals.get()
    assert list(proposal.documents.all()) == [material["template"]]
    assert list(proposal.targets.all()) == [material["target"]]


# --- cost ------------------------------------------------------------------------------------


def test_the_action_page_keeps_its_query_budget(
    client, leader, group, proposal, assigned_circular, secretariat, django_assert_max_num_queries
):
    client.force_login(leader)
    # With the navigation's count of what waits (config/navigation.py), kept in the cache after.
    with django_assert_max_num_queries(9):
        assert client.get(page_url(group, proposal)).status_code == 200
    # More documents and targets cost nothing more.
    for number in range(4):
        proposal.targets.add(
            TargetFactory(circular=assigned_circular, authority=f"Autorité {number}")
        )
        proposal.documents.add(
            services.attachment_add(
                circular=assigned_circular, file=pdf_upload(), uploaded_by=secretariat
            )
        )
    with django_assert_max_num_queries(9):
        assert client.get(page_url(group, proposal)).status_code == 200


def test_the_downloads_keep_their_query_budget(
    client, member, group, proposal, material, django_assert_max_num_queries
):
    client.force_login(member)
    with django_assert_max_num_queries(6):
        assert client.get(document_url(group, proposal, material["pdf"])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(letter_url(group, proposal, material["target"])).status_code == 200


def test_published_proposal_without_circular_has_a_page(client, leader, group, coordination):
    proposal = PublishedProposalFactory(coordination=coordination)
    RecipientFactory(proposal=proposal, group=group)
    client.force_login(leader)
    response = client.get(page_url(group, proposal))
    assert response.status_code == 200


def test_the_admin_offers_only_the_circulars_own_material(
    admin_client, proposal, material, secretariat
):
    from tests.actions.factories import CircularFactory

    foreign = services.attachment_add(
        circular=CircularFactory(),
        file=pdf_upload("foreign.pdf"),
        title="Autre circulaire",
        uploaded_by=secretariat,
    )
    response = admin_client.get(reverse("admin:actions_actionproposal_change", args=[proposal.pk]))
    assert response.status_code == 200
    documents = response.context["adminform"].form.fields["documents"].queryset
    assert set(documents) == {material["template"], material["pdf"], material["internal"]}
    assert foreign not in documents

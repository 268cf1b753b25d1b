import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
ME = reverse("accounts:me")


def test_my_space_needs_a_login(client):
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_space_shows_and_saves_the_profile(volunteer_client, volunteer):
    assert reverse("accounts:me_profile") in volunteer_client.get(ME).content.decode()
    page = volunteer_client.get(reverse("accounts:me_profile")).content.decode()
    assert 'value="Lucas"' in page
    response = volunteer_client.post(
        reverse("accounts:me_profile"),
        {
            "first_name": "Luc",
            "last_name": "Peeters",
            "preferred_language": "en",
            "phone": "+32 470 12 34 56",
            "postal_code": "1300",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:me_profile")
    volunteer.refresh_from_db()
    assert (volunteer.first_name, volunteer.preferred_language, volunteer.postal_code) == (
        "Luc",
        "en",
        "1300",
    )


def test_my_space_keeps_what_was_typed_when_a_field_is_wrong(volunteer_client, volunteer):
    response = volunteer_client.post(
        reverse("accounts:me_profile"),
        {
            "first_name": "Luc",
            "last_name": "Peeters",
            "preferred_language": "fr",
            "postal_code": "12",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "quatre chiffres" in page
    assert 'value="Luc"' in page
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Lucas"


def test_dashboard_link_only_for_staff(volunteer_client, client, staff):
    assert "/admin/" not in volunteer_client.get(reverse("accounts:me")).content.decode()
    client.force_login(staff)
    assert "/admin/" in client.get(reverse("accounts:me")).content.decode()


@pytest.mark.parametrize(
    ("person", "budget"),
    # Staff: one more, their second factor (accounts/middleware.py). Everybody but staff: one
    # more, the navigation's count of what waits (config/navigation.py; then cached).
    [("volunteer", 9), ("staff", 9), ("leader", 15), ("coordinator", 16)],
)
def test_my_space_query_budget(client, request, person, budget, django_assert_max_num_queries):
    """Each app adds its section to My space; the whole page keeps a fixed budget per role."""
    client.force_login(request.getfixturevalue(person))
    with django_assert_max_num_queries(budget):
        assert client.get(reverse("accounts:me")).status_code == 200


def test_my_space_does_not_grow_with_a_coordinators_history(client, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.coordinations.factories import ActivityFactory

    client.force_login(coordinator)
    mandate = coordinator.mandates.get()

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("accounts:me"))
        return len(queries)

    count()  # the navigation's count of what waits is then in the cache, for both below
    ActivityFactory(mandate=mandate)
    few = count()
    ActivityFactory.create_batch(30, mandate=mandate)
    assert count() == few


# The overview: what needs me now first, the long sections on their own pages -------------------


def en(name: str, *args) -> str:
    from django.utils import translation

    with translation.override("en"):
        return reverse(name, args=args)


def needs(page: str) -> str:
    """The "What needs me now" card of the overview."""
    start = page.index('aria-labelledby="needs-title"')
    return page[start : page.index("</section>", start)]


def test_nothing_needs_a_volunteer_without_work(volunteer_client):
    page = volunteer_client.get(en("accounts:me")).content.decode()
    assert "Nothing needs you right now." in needs(page)


@pytest.mark.usefixtures("clock")
def test_an_overdue_urgent_circular_comes_first(coordinator_client, coordination, catalogues):
    import datetime

    from actions.models import Circular
    from tests.actions.factories import AssignmentFactory, CircularFactory, today

    AssignmentFactory(circular=CircularFactory(reference="UA 10/26"), coordination=coordination)
    late = CircularFactory(reference="UA 11/26", priority=Circular.Priority.URGENT)
    AssignmentFactory(
        circular=late, coordination=coordination, relay_due_on=today() - datetime.timedelta(1)
    )
    page = coordinator_client.get(en("accounts:me")).content.decode()
    card = needs(page)
    assert "UA 11/26" in card and "Overdue" in card
    assert "UA 10/26" not in card, "neither urgent nor late: in the circulars' card only"
    # Before anything else of the page: the mandate, the circulars' card.
    assert page.index('id="needs-title"') < page.index("My mandate: Mexique")
    assert page.index('id="needs-title"') < page.index('id="me-circulars-title"')


@pytest.mark.usefixtures("clock")
def test_the_next_onboarding_step_while_the_mandate_is_new(coordinator_client, mandate, catalogues):
    import datetime

    from django.utils import timezone

    mandate.start_date = timezone.localdate() - datetime.timedelta(days=30)
    mandate.save()
    card = needs(coordinator_client.get(en("accounts:me")).content.decode())
    assert "Onboarding, next step: Meeting with the coordination support team" in card
    assert en("accounts:me_onboarding") in card
    assert "renew or hand over" not in card


@pytest.mark.usefixtures("clock")
def test_a_commitment_ending_then_over(coordinator_client, mandate, catalogues):
    import datetime

    from django.utils import timezone

    from coordinations.models import MandateRequest

    mandate.start_date = timezone.localdate() - datetime.timedelta(days=720)
    mandate.save()
    card = needs(coordinator_client.get(en("accounts:me")).content.decode())
    assert "Your commitment for Mexique ends soon: renew or hand over?" in card
    assert en("accounts:me_mandate") in card
    # Long in office: the onboarding waits on its page, not among what needs them now.
    assert "Onboarding, next step" not in card
    mandate.start_date = timezone.localdate() - datetime.timedelta(days=800)
    mandate.save()
    card = needs(coordinator_client.get(en("accounts:me")).content.decode())
    assert "Your commitment for Mexique is over: renew or hand over?" in card
    # Once they asked the secretariat, it no longer waits for them.
    MandateRequest.objects.create(mandate=mandate, kind="renew")
    card = needs(coordinator_client.get(en("accounts:me")).content.decode())
    assert "renew or hand over" not in card


def test_the_overview_leaves_the_long_sections_to_their_pages(coordinator_client, mandate):
    page = coordinator_client.get(en("accounts:me")).content.decode()
    for form in ("mandate_tasks", "activity_create", "onboarding_tick", "handover_note_create"):
        assert f"/coordinations/mandates/{mandate.pk}/" not in page or form not in page
    assert 'name="tasks"' not in page and 'name="done_on"' not in page
    for name in ("me_mandate", "me_tasks", "me_onboarding", "me_activity", "me_handover"):
        assert en(f"accounts:{name}") in page


@pytest.mark.parametrize(
    ("name", "marker"),
    [
        ("me_mandate", "Send to the secretariat"),
        ("me_tasks", "Save my tasks"),
        ("me_onboarding", 'name="done_on"'),
        ("me_activity", "Add an activity"),
        ("me_handover", "Add a note"),
    ],
)
def test_each_page_has_its_forms_coming_back_to_it(coordinator_client, mandate, name, marker):
    url = en(f"accounts:{name}")
    page = coordinator_client.get(url).content.decode()
    assert marker in page
    assert f'name="next" value="{url}#' in page
    assert 'aria-current="page"' in page.split('aria-label="My mandate, page by page"')[1]


@pytest.mark.parametrize(
    "name", ["me_mandate", "me_tasks", "me_onboarding", "me_activity", "me_handover"]
)
def test_the_pages_are_for_coordinators(client, volunteer, staff, name):
    url = reverse(f"accounts:{name}")
    assert client.get(url).url.startswith(reverse("account_login"))
    for person in (volunteer, staff):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 405


def test_the_overview_only_reads(volunteer_client):
    assert volunteer_client.post(ME, {"first_name": "Luc"}).status_code == 405


def test_a_leader_sees_the_reports_and_the_requests_waiting(leader_client, group, other_volunteer):
    from tests.actions.factories import PublishedProposalFactory, RecipientFactory
    from tests.groups.factories import JoinRequestFactory

    proposal = PublishedProposalFactory(title="Lettres pour Mexico")
    RecipientFactory(proposal=proposal, group=group)
    JoinRequestFactory(volunteer=other_volunteer, group=group)
    card = needs(leader_client.get(en("accounts:me")).content.decode())
    assert "Lettres pour Mexico" in card
    assert en("actions:report_edit", group.slug, proposal.pk) in card
    assert "1 request to join Groupe de Namur" in card


def test_a_coordinator_is_asked_to_answer_an_invitation(coordinator_client, mandate, group, leader):
    from tests.security.test_permission_matrix import VisitRequestFactory_for

    visit = VisitRequestFactory_for(group=group, mandate=mandate, requested_by=leader)
    card = needs(coordinator_client.get(en("accounts:me")).content.decode())
    assert "Groupe de Namur invites you: La situation au Mexique" in card
    assert f'href="#visit-{visit.pk}-title"' in card


def test_an_applicant_sees_the_interview_to_come(volunteer_client, application):
    import datetime

    from django.utils import timezone

    from recruitment.models import Interview

    starts = timezone.now() + datetime.timedelta(days=2)
    Interview.objects.create(
        application=application,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        place="Secrétariat",
    )
    card = needs(volunteer_client.get(en("accounts:me")).content.decode())
    assert "Interview for" in card and application.vacancy.title in card
    assert en("recruitment:application_detail", application.pk) in card

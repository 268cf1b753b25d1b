"""The coordinator's part of My space, and every verb it posts to."""

import datetime

import pytest
from django.urls import reverse

from accounts import myspace
from accounts.permissions import can
from coordinations import services
from coordinations.models import (
    Activity,
    HandoverNote,
    Mandate,
    MandateRequest,
    OnboardingProgress,
    OnboardingStep,
    Responsibility,
)
from coordinations.myspace import progress_step
from tests.clock import FIXED
from tests.coordinations.factories import (
    ActivityFactory,
    HandoverNoteFactory,
    MandateFactory,
    OnboardingProgressFactory,
)
from tests.factories import StaffFactory, UserFactory

# On the fixed clock of tests/clock.py, whose day TODAY is.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogues", "clock")]
ME = reverse("accounts:me")
# The coordinator's pages of My space.
MANDATE = reverse("accounts:me_mandate")
TASKS = reverse("accounts:me_tasks")
ONBOARDING = reverse("accounts:me_onboarding")
ACTIVITY = reverse("accounts:me_activity")
HANDOVER = reverse("accounts:me_handover")
PAGES = (MANDATE, TASKS, ONBOARDING, ACTIVITY, HANDOVER)
TODAY = FIXED.at.date()


@pytest.fixture(autouse=True)
def _only_the_coordination_sections(monkeypatch):
    # My space gathers every app's sections; these tests look at ours alone, so that neither
    # their content nor their query counts depend on what the other apps show.
    monkeypatch.setattr(
        myspace,
        "_sections",
        [s for s in myspace._sections if s.template.startswith("coordinations/")],
    )


def step(code: str) -> OnboardingStep:
    return OnboardingStep.objects.get(code=code)


def task(code: str) -> Responsibility:
    return Responsibility.objects.get(code=code)


# The section ---------------------------------------------------------------------------------


def test_the_section_shows_the_mandate(coordinator_client, mandate):
    mandate.start_date = TODAY - datetime.timedelta(days=365)
    mandate.save()
    page = coordinator_client.get(MANDATE).content.decode()
    assert "Mon mandat\u00a0: Mexique" in page
    assert reverse("coordinations:detail", args=["mexique"]) in page
    assert mandate.start_date.strftime("%Y") in page
    assert f"{mandate.days_remaining()} jours" in page
    assert f'class="progress-bar coord-w-{progress_step(mandate.progress_percent())}"' in page
    assert 'aria-valuenow="50"' in page or 'aria-valuenow="49"' in page
    assert "style=" not in page.split('id="mandate-', 1)[1]


@pytest.mark.parametrize(
    ("percent", "step_class"), [(0, 0), (2, 0), (3, 5), (52, 50), (53, 55), (100, 100), (130, 100)]
)
def test_the_progress_bar_moves_in_steps_of_five(percent, step_class):
    assert progress_step(percent) == step_class


def test_past_the_24_months_the_section_says_so(coordinator_client, mandate):
    mandate.start_date = datetime.date(2020, 1, 1)
    mandate.save()
    page = coordinator_client.get(MANDATE).content.decode()
    assert "La période d’engagement est terminée" in page
    assert "coord-w-100" in page


def test_nothing_shows_for_a_volunteer_without_mandate(volunteer_client):
    page = volunteer_client.get(ME).content.decode()
    assert "Mon mandat" not in page


def test_an_ended_mandate_is_not_shown(coordinator_client, mandate):
    services.mandate_end(mandate=mandate, reason="Déménagement")
    assert "Mon mandat" not in coordinator_client.get(ME).content.decode()


def test_the_section_lists_tasks_onboarding_activities_and_notes(coordinator_client, mandate):
    mandate.optional_responsibilities.add(task("diaspora"))
    OnboardingProgressFactory(mandate=mandate, step=step("support-team-meeting"))
    ActivityFactory(mandate=mandate, note="Interview à la RTBF")
    HandoverNoteFactory(coordination=mandate.coordination, title="Contact au SI")
    page = "".join(coordinator_client.get(url).content.decode() for url in PAGES)
    assert 'value="' + str(task("diaspora").pk) + '"' in page
    assert "checked" in page.split(f'value="{task("diaspora").pk}"', 1)[1][:60]
    assert "Fait" in page and "Rencontre avec l" in page
    assert "Interview à la RTBF" in page
    assert "Contact au SI" in page


def test_a_pending_request_is_displayed(coordinator_client, mandate):
    MandateRequest.objects.create(mandate=mandate, kind="renew")
    page = coordinator_client.get(ME).content.decode()
    assert "Votre demande «\u202fJe souhaite renouveler\u202f»" in page


def test_the_latest_20_activities_and_a_link_to_the_rest(coordinator_client, mandate):
    for days in range(20):
        ActivityFactory(
            mandate=mandate, date=TODAY - datetime.timedelta(days=days), note=f"n{days}"
        )
    full_list = f'href="{reverse("coordinations:activity_list", args=[mandate.pk])}"'
    page = coordinator_client.get(ACTIVITY).content.decode()
    assert full_list not in page
    ActivityFactory(mandate=mandate, date=TODAY - datetime.timedelta(days=50), note="oldest")
    page = coordinator_client.get(ACTIVITY).content.decode()
    assert full_list in page
    assert "oldest" not in page and "n19" in page


def test_the_incoming_coordinator_finds_the_hand_over_file(client, mandate, volunteer):
    HandoverNoteFactory(coordination=mandate.coordination, title="Plateforme Mexique")
    services.mandate_hand_over(mandate=mandate, successor=volunteer)
    client.force_login(volunteer)
    assert "Mon mandat\u00a0: Mexique" in client.get(ME).content.decode()
    assert "Plateforme Mexique" in client.get(HANDOVER).content.decode()


def test_a_team_member_has_the_section_too(client, coordination, volunteer):
    MandateFactory(
        coordination=coordination, volunteer=volunteer, role="member", commitment_months=6
    )
    client.force_login(volunteer)
    page = client.get(ME).content.decode()
    assert "Mon mandat\u00a0: Mexique" in page and "Membre" in page


def fill(mandate, count):
    for index in range(count):
        ActivityFactory(mandate=mandate, note=f"activité {index}")
        HandoverNoteFactory(coordination=mandate.coordination, topic="cases")
        MandateRequest.objects.create(mandate=mandate, kind="renew" if index % 2 else "hand_over")
    mandate.optional_responsibilities.set(Responsibility.objects.filter(kind="optional"))
    for onboarding_step in OnboardingStep.objects.all()[: min(count, 5)]:
        OnboardingProgressFactory(mandate=mandate, step=onboarding_step)


@pytest.mark.parametrize("count", [2, 30])
def test_my_space_query_budget_for_a_coordinator(
    coordinator_client, mandate, django_assert_num_queries, count
):
    fill(mandate, count)
    # Session, user, the mandates and their five prefetches, the onboarding catalogue, and the
    # navigation's count of what waits (config/navigation.py, then cached): the same whatever
    # the amount of data. The forms and the contacts are on the pages below.
    with django_assert_num_queries(10):
        assert coordinator_client.get(ME).status_code == 200


@pytest.mark.parametrize("count", [2, 30])
@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # Session, user, the mandates and their five prefetches, the navigation's count, and:
        (MANDATE, 10),  # the contacts at the secretariat (liaison)
        (TASKS, 10),  # the optional tasks' choices
        (ONBOARDING, 10),  # the onboarding catalogue
        (ACTIVITY, 9),
        (HANDOVER, 9),
    ],
)
def test_the_pages_of_my_mandate_have_a_fixed_budget(
    coordinator_client, mandate, django_assert_num_queries, count, url, budget
):
    fill(mandate, count)
    with django_assert_num_queries(budget):
        assert coordinator_client.get(url).status_code == 200


def test_my_space_costs_one_query_for_a_volunteer(volunteer_client, django_assert_num_queries):
    # Session, user, "any active mandate?", and the navigation's count of what waits.
    with django_assert_num_queries(4):
        assert volunteer_client.get(ME).status_code == 200


# The verbs: who may post -----------------------------------------------------------------------


def verbs(mandate) -> dict:
    """Every POST of the section, with a valid input, against objects of ``mandate``."""
    activity = ActivityFactory(mandate=mandate, note="Conférence à Namur")
    progress = OnboardingProgressFactory(mandate=mandate, step=step("support-team-meeting"))
    note = HandoverNoteFactory(coordination=mandate.coordination, title="Contacts ONG")
    today = TODAY.isoformat()
    activity_data = {"date": today, "kind": "lobbying", "note": "Visite à l’ambassade"}
    note_data = {"topic": "cases", "title": "Dossier en cours", "body": "À suivre", "link": ""}
    return {
        "mandate_request": (
            reverse("coordinations:mandate_request", args=[mandate.pk]),
            {"kind": "renew", "message": "Je continue."},
        ),
        "mandate_tasks": (
            reverse("coordinations:mandate_tasks", args=[mandate.pk]),
            {"tasks": [task("lobbying").pk]},
        ),
        "onboarding_tick": (
            reverse("coordinations:onboarding_tick", args=[mandate.pk]),
            {"step": step("coordinator-training").pk, "done_on": today},
        ),
        "onboarding_untick": (reverse("coordinations:onboarding_untick", args=[progress.pk]), {}),
        "activity_create": (
            reverse("coordinations:activity_create", args=[mandate.pk]),
            activity_data,
        ),
        "activity_update": (
            reverse("coordinations:activity_update", args=[activity.pk]),
            activity_data,
        ),
        "activity_delete": (reverse("coordinations:activity_delete", args=[activity.pk]), {}),
        "handover_note_create": (
            reverse("coordinations:handover_note_create", args=[mandate.coordination.slug]),
            note_data,
        ),
        "handover_note_update": (
            reverse("coordinations:handover_note_update", args=[note.pk]),
            note_data,
        ),
    }


VERBS = [
    "mandate_request",
    "mandate_tasks",
    "onboarding_tick",
    "onboarding_untick",
    "activity_create",
    "activity_update",
    "activity_delete",
    "handover_note_create",
    "handover_note_update",
]


def snapshot():
    """Everything the verbs could change."""
    return (
        sorted(MandateRequest.objects.values_list("mandate", "kind", "message")),
        sorted(OnboardingProgress.objects.values_list("mandate", "step", "done_on")),
        sorted(Activity.objects.values_list("mandate", "kind", "date", "note")),
        sorted(HandoverNote.objects.values_list("coordination", "topic", "title", "body")),
        sorted(
            Mandate.optional_responsibilities.through.objects.values_list(
                "mandate", "responsibility"
            )
        ),
    )


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_refuses_get(coordinator_client, mandate, verb):
    url, _data = verbs(mandate)[verb]
    before = snapshot()
    # By GET (a reload, a language switch): the page with the verb's form, and nothing done.
    response = coordinator_client.get(url, follow=True)
    assert response.status_code == 200 and response.redirect_chain
    assert response.redirect_chain[-1][0] != url
    assert snapshot() == before


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_sends_visitors_to_log_in(client, mandate, verb):
    url, data = verbs(mandate)[verb]
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert snapshot() == before


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_is_404_for_another_coordinator(client, mandate, other_coordinator, verb):
    url, data = verbs(mandate)[verb]
    before = snapshot()
    client.force_login(other_coordinator)
    assert client.post(url, data).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_is_404_for_a_volunteer(client, mandate, volunteer, verb):
    url, data = verbs(mandate)[verb]
    before = snapshot()
    client.force_login(volunteer)
    assert client.post(url, data).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_works_for_the_coordinator(coordinator_client, mandate, verb):
    url, data = verbs(mandate)[verb]
    before = snapshot()
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    assert response.url.startswith(ME)
    assert snapshot() != before


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_works_for_staff(client, staff, mandate, verb):
    url, data = verbs(mandate)[verb]
    before = snapshot()
    client.force_login(staff)
    assert client.post(url, data).status_code == 302
    assert snapshot() != before


@pytest.mark.parametrize("verb", [v for v in VERBS if not v.startswith("handover")])
def test_a_former_coordinator_can_no_longer_post(client, mandate, coordinator, verb):
    url, data = verbs(mandate)[verb]
    services.mandate_end(mandate=mandate, reason="Départ")
    before = snapshot()
    client.force_login(coordinator)
    assert client.post(url, data).status_code == 404
    assert snapshot() == before


# The verbs: what they save -------------------------------------------------------------------


def test_request_to_renew_is_recorded_and_sent(
    coordinator_client, mandate, staff, mailoutbox, django_capture_on_commit_callbacks
):
    mandate.coordination.secretariat_contact = staff
    mandate.coordination.save()
    url = reverse("coordinations:mandate_request", args=[mandate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url, {"kind": "hand_over", "message": "Je pars à l’étranger."}, follow=True
        )
    request = MandateRequest.objects.get()
    assert (request.mandate, request.kind, request.message) == (
        mandate,
        "hand_over",
        "Je pars à l’étranger.",
    )
    assert mailoutbox[0].to == [staff.email]
    page = response.content.decode()
    assert "Votre demande a été envoyée au secrétariat" in page
    assert "Votre demande «\u202fJe souhaite passer le relais\u202f»" in page


def test_the_same_request_twice_is_refused(coordinator_client, mandate):
    url = reverse("coordinations:mandate_request", args=[mandate.pk])
    coordinator_client.post(url, {"kind": "renew"})
    response = coordinator_client.post(url, {"kind": "renew"})
    assert response.status_code == 200
    assert "Vous avez déjà envoyé cette demande" in response.content.decode()
    assert MandateRequest.objects.count() == 1


def test_a_request_needs_a_known_kind(coordinator_client, mandate):
    url = reverse("coordinations:mandate_request", args=[mandate.pk])
    response = coordinator_client.post(url, {"kind": "retire"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not MandateRequest.objects.exists()


def test_staff_asking_for_an_ended_mandate_gets_a_message_not_an_error(client, staff, mandate):
    services.mandate_end(mandate=mandate, reason="Départ")
    client.force_login(staff)
    url = reverse("coordinations:mandate_request", args=[mandate.pk])
    response = client.post(url, {"kind": "renew"})
    assert response.status_code == 200
    assert "déjà terminé" in response.content.decode()
    assert not MandateRequest.objects.exists()


def test_optional_tasks_are_saved(coordinator_client, mandate):
    mandate.optional_responsibilities.add(task("media"))
    url = reverse("coordinations:mandate_tasks", args=[mandate.pk])
    response = coordinator_client.post(url, {"tasks": [task("lobbying").pk, task("diaspora").pk]})
    assert response.status_code == 302
    assert set(mandate.optional_responsibilities.values_list("code", flat=True)) == {
        "lobbying",
        "diaspora",
    }
    coordinator_client.post(url, {})
    assert not mandate.optional_responsibilities.exists()


def test_a_priority_task_cannot_be_chosen(coordinator_client, mandate):
    mandate.optional_responsibilities.add(task("media"))
    url = reverse("coordinations:mandate_tasks", args=[mandate.pk])
    response = coordinator_client.post(url, {"tasks": [task("initiate-actions").pk]})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert list(mandate.optional_responsibilities.values_list("code", flat=True)) == ["media"]


def test_ticking_a_step_records_the_date_and_who(coordinator_client, coordinator, mandate):
    url = reverse("coordinations:onboarding_tick", args=[mandate.pk])
    day = TODAY - datetime.timedelta(days=3)
    response = coordinator_client.post(
        url, {"step": step("coordinator-training").pk, "done_on": day.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302
    assert response.url == f"{ONBOARDING}#onboarding-{mandate.pk}"
    tick = OnboardingProgress.objects.get()
    assert (tick.mandate, tick.step.code, tick.done_on, tick.ticked_by) == (
        mandate,
        "coordinator-training",
        day,
        coordinator,
    )
    # Ticking again corrects the date; it does not add a second tick.
    coordinator_client.post(url, {"step": step("coordinator-training").pk, "done_on": TODAY})
    assert OnboardingProgress.objects.get().done_on == TODAY


@pytest.mark.parametrize(
    "data",
    [
        {"done_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
        {"done_on": "31/02/2026"},
        {"done_on": ""},
        {"step": 9999},
    ],
)
def test_a_wrong_tick_is_refused(coordinator_client, mandate, data):
    url = reverse("coordinations:onboarding_tick", args=[mandate.pk])
    response = coordinator_client.post(
        url, {"step": step("coordinator-training").pk, "done_on": TODAY.isoformat(), **data}
    )
    assert response.status_code == 200
    assert "Rien n’a été enregistré" in response.content.decode()
    assert not OnboardingProgress.objects.exists()


def test_unticking_removes_the_tick(coordinator_client, mandate):
    tick = OnboardingProgressFactory(mandate=mandate)
    response = coordinator_client.post(reverse("coordinations:onboarding_untick", args=[tick.pk]))
    assert response.status_code == 302
    assert not OnboardingProgress.objects.exists()


def test_adding_an_activity(coordinator_client, mandate):
    url = reverse("coordinations:activity_create", args=[mandate.pk])
    day = TODAY - datetime.timedelta(days=2)
    response = coordinator_client.post(
        url, {"date": day.isoformat(), "kind": "press", "note": "Interview au Soir"}
    )
    assert response.url == f"{ACTIVITY}#activities-{mandate.pk}"
    activity = Activity.objects.get()
    assert (activity.mandate, activity.date, activity.kind, activity.note) == (
        mandate,
        day,
        "press",
        "Interview au Soir",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": (TODAY + datetime.timedelta(days=1)).isoformat()}, "dans le futur"),
        ({"date": "2001-01-01"}, "précède le début du mandat"),
        ({"kind": "picnic"}, "is-invalid"),
        ({"kind": ""}, "is-invalid"),
        ({"note": "x" * 501}, "is-invalid"),
    ],
)
def test_a_wrong_activity_is_refused(coordinator_client, mandate, data, message):
    url = reverse("coordinations:activity_create", args=[mandate.pk])
    response = coordinator_client.post(
        url, {"date": TODAY.isoformat(), "kind": "press", "note": "", **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_editing_and_deleting_an_activity(coordinator_client, mandate):
    activity = ActivityFactory(mandate=mandate, kind="press", note="Radio")
    url = reverse("coordinations:activity_update", args=[activity.pk])
    coordinator_client.post(url, {"date": TODAY.isoformat(), "kind": "blog", "note": "Billet"})
    activity.refresh_from_db()
    assert (activity.kind, activity.note) == ("blog", "Billet")
    response = coordinator_client.post(url, {"date": "", "kind": "press", "note": "Changé"})
    assert response.status_code == 200
    activity.refresh_from_db()
    assert (activity.kind, activity.note) == ("blog", "Billet")
    coordinator_client.post(reverse("coordinations:activity_delete", args=[activity.pk]))
    assert not Activity.objects.exists()


def test_adding_and_editing_a_hand_over_note(coordinator_client, coordinator, mandate):
    url = reverse("coordinations:handover_note_create", args=[mandate.coordination.slug])
    response = coordinator_client.post(
        url,
        {
            "topic": "platforms",
            "title": "Plateforme Mexique",
            "body": "Réunion mensuelle",
            "link": "https://example.org/plateforme",
        },
    )
    assert response.url == f"{HANDOVER}#handover-{mandate.coordination.pk}"
    note = HandoverNote.objects.get()
    assert (note.coordination, note.topic, note.title, note.author) == (
        mandate.coordination,
        "platforms",
        "Plateforme Mexique",
        coordinator,
    )
    update = reverse("coordinations:handover_note_update", args=[note.pk])
    coordinator_client.post(update, {"topic": "platforms", "title": "Plateforme", "body": ""})
    note.refresh_from_db()
    assert (note.title, note.body) == ("Plateforme", "")


@pytest.mark.parametrize(
    "data", [{"title": ""}, {"topic": "gossip"}, {"link": "pas un lien"}, {"title": "x" * 201}]
)
def test_a_wrong_hand_over_note_is_refused(coordinator_client, mandate, data):
    url = reverse("coordinations:handover_note_create", args=[mandate.coordination.slug])
    response = coordinator_client.post(url, {"topic": "cases", "title": "Dossier", **data})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not HandoverNote.objects.exists()


def test_a_successor_edits_the_notes_of_the_predecessor(client, mandate, volunteer):
    note = HandoverNoteFactory(coordination=mandate.coordination, author=mandate.volunteer)
    services.mandate_hand_over(mandate=mandate, successor=volunteer)
    client.force_login(volunteer)
    url = reverse("coordinations:handover_note_update", args=[note.pk])
    client.post(url, {"topic": note.topic, "title": "Repris", "body": "Mis à jour"})
    note.refresh_from_db()
    assert (note.title, note.author) == ("Repris", volunteer)


def test_next_brings_back_to_the_page_only_when_it_is_ours(client, staff, mandate):
    client.force_login(staff)
    page = reverse("coordinations:onboarding", args=[mandate.pk])
    url = reverse("coordinations:onboarding_tick", args=[mandate.pk])
    data = {"step": step("coordinator-training").pk, "done_on": TODAY.isoformat()}
    assert client.post(url, {**data, "next": page}).url == page
    assert client.post(url, {**data, "next": "https://evil.example/"}).url.startswith(ME)


# The onboarding page for the support team, and the full activity log -----------------------


def test_staff_see_and_tick_any_onboarding(client, staff, mandate):
    client.force_login(staff)
    page_url = reverse("coordinations:onboarding", args=[mandate.pk])
    page = client.get(page_url).content.decode()
    assert "Accueil\u00a0: Mexique" in page
    assert "Formation des nouveaux coordinateurs" in page
    response = client.post(
        reverse("coordinations:onboarding_tick", args=[mandate.pk]),
        {"step": step("support-team-meeting").pk, "done_on": TODAY.isoformat(), "next": page_url},
        follow=True,
    )
    tick = OnboardingProgress.objects.get()
    assert tick.ticked_by == staff
    assert response.redirect_chain[-1][0] == page_url
    assert "coché par Sophie" in response.content.decode()


def test_the_coordinator_sees_their_own_onboarding_page(coordinator_client, mandate):
    assert (
        coordinator_client.get(reverse("coordinations:onboarding", args=[mandate.pk])).status_code
        == 200
    )


@pytest.mark.parametrize("url_name", ["coordinations:onboarding", "coordinations:activity_list"])
def test_mandate_pages_are_404_for_outsiders_and_ask_visitors_to_log_in(
    client, mandate, other_coordinator, url_name
):
    url = reverse(url_name, args=[mandate.pk])
    assert client.get(url).url.startswith(reverse("account_login"))
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("count", [3, 60])
def test_the_full_activity_log_is_paginated(
    coordinator_client, mandate, django_assert_num_queries, count
):
    for index in range(count):
        ActivityFactory(mandate=mandate, note=f"activité {index}")
    url = reverse("coordinations:activity_list", args=[mandate.pk])
    # Session, user, mandate, count, page, and the navigation's count of what waits.
    with django_assert_num_queries(6):
        page = coordinator_client.get(url).content.decode()
    assert page.count('data-confirm="') == min(count, 25)


# Rules -----------------------------------------------------------------------------------------


def test_the_rules(mandate, coordinator, other_coordinator, volunteer, staff):
    activity = ActivityFactory(mandate=mandate)
    tick = OnboardingProgressFactory(mandate=mandate)
    note = HandoverNoteFactory(coordination=mandate.coordination)
    checks = [
        ("coordinations.manage_mandate", mandate),
        ("coordinations.edit_activity", activity),
        ("coordinations.edit_onboarding", tick),
        ("coordinations.edit_handover", mandate.coordination),
        ("coordinations.edit_handover_note", note),
    ]
    for action, obj in checks:
        assert can(coordinator, action, obj), action
        assert can(staff, action, obj), action
        assert not can(other_coordinator, action, obj), action
        assert not can(volunteer, action, obj), action
        assert not can(StaffFactory(is_active=False), action, obj), action

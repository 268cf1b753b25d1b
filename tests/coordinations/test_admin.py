"""The admin of coordinations and mandates, used by a member of the Secretariat group (staff,
not a superuser): filters, search, inlines and the actions that call the services."""

import datetime
import re

import pytest
from django.contrib.admin import helpers
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from config.dates import add_months
from coordinations import services
from coordinations.models import (
    Coordination,
    HandoverNote,
    Mandate,
    OnboardingProgress,
    OnboardingStep,
)
from tests.clock import date_sensitive
from tests.coordinations.factories import (
    CoordinationFactory,
    MandateFactory,
    ThemeCoordinationFactory,
)
from tests.factories import UserFactory

# On the fixed clock of tests/clock.py; the filters by commitment at each awkward moment too.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogues", "clock")]
COORDINATIONS = reverse("admin:coordinations_coordination_changelist")
MANDATES = reverse("admin:coordinations_mandate_changelist")


def listed(page: str) -> list[str]:
    """The first column of an admin change list."""
    return re.findall(r'<th class="field-\w+"><a href="[^"]+">([^<]+)</a>', page)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def today() -> datetime.date:
    return timezone.localdate()


def starting_ending_in(days: int) -> datetime.date:
    return add_months(today() + datetime.timedelta(days=days), -24)


@pytest.fixture
def stages(coordination, other_coordination):
    """Mexique ends within 90 days; the Great Lakes are past their 24 months; a theme is
    vacant; Syria is halfway."""
    MandateFactory(coordination=coordination, start_date=starting_ending_in(30))
    MandateFactory(coordination=other_coordination, start_date=add_months(today(), -26))
    ThemeCoordinationFactory(name="Peine de mort")
    syria = CoordinationFactory(name="Syrie", countries=["SY"])
    MandateFactory(coordination=syria, start_date=add_months(today(), -12))
    return coordination


# Lists, filters and search -------------------------------------------------------------------


def test_secretariat_staff_reach_the_admin_lists(secretariat_client, stages):
    for url in (
        COORDINATIONS,
        MANDATES,
        reverse("admin:coordinations_activity_changelist"),
        reverse("admin:coordinations_handovernote_changelist"),
        reverse("admin:coordinations_mandaterequest_changelist"),
        reverse("admin:coordinations_responsibility_changelist"),
        reverse("admin:coordinations_onboardingstep_changelist"),
    ):
        assert secretariat_client.get(url).status_code == 200, url


@date_sensitive
def test_coordinations_filtered_by_vacancy(secretariat_client, stages):
    vacant = listed(secretariat_client.get(COORDINATIONS, {"vacant": "yes"}).content.decode())
    assert vacant == ["Peine de mort"]
    filled = listed(secretariat_client.get(COORDINATIONS, {"vacant": "no"}).content.decode())
    assert filled == ["Afrique des Grands Lacs", "Mexique", "Syrie"]


@date_sensitive
def test_coordinations_filtered_by_their_coordinators_commitment(secretariat_client, stages):
    ending = secretariat_client.get(COORDINATIONS, {"commitment": "ending"}).content.decode()
    assert listed(ending) == ["Mexique"]
    past = secretariat_client.get(COORDINATIONS, {"commitment": "past"}).content.decode()
    assert listed(past) == ["Afrique des Grands Lacs"]


def test_coordinations_filtered_by_kind(secretariat_client, stages):
    page = secretariat_client.get(COORDINATIONS, {"kind__exact": "thematic"}).content.decode()
    assert listed(page) == ["Peine de mort"]


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("Mexique", ["Mexique"]),
        ("rwanda", ["Afrique des Grands Lacs"]),
        ("SY", ["Syrie"]),
        ("syr", ["Syrie"]),
        ("Grands", ["Afrique des Grands Lacs"]),
        ("peine", ["Peine de mort"]),
    ],
)
def test_coordinations_searched_by_name_or_country(secretariat_client, stages, term, found):
    page = secretariat_client.get(COORDINATIONS, {"q": term}).content.decode()
    assert listed(page) == found


@date_sensitive
def test_mandates_filtered_by_commitment(secretariat_client, stages):
    ending = secretariat_client.get(MANDATES, {"commitment": "ending"})
    assert [str(m.coordination) for m in ending.context["cl"].result_list] == ["Mexique"]
    past = secretariat_client.get(MANDATES, {"commitment": "past"})
    assert [str(m.coordination) for m in past.context["cl"].result_list] == [
        "Afrique des Grands Lacs"
    ]


# Inlines -------------------------------------------------------------------------------------


def mandate_form_data(mandate, **extra):
    data = {
        "coordination": mandate.coordination_id,
        "volunteer": mandate.volunteer_id,
        "role": mandate.role,
        "start_date": mandate.start_date.isoformat(),
        "commitment_months": mandate.commitment_months,
        "onboarding-TOTAL_FORMS": 0,
        "onboarding-INITIAL_FORMS": 0,
        "activities-TOTAL_FORMS": 0,
        "activities-INITIAL_FORMS": 0,
    }
    data.update(extra)
    return data


def test_the_support_team_ticks_onboarding_in_the_mandate_admin(
    secretariat_client, secretariat, mandate
):
    url = reverse("admin:coordinations_mandate_change", args=[mandate.pk])
    assert secretariat_client.get(url).status_code == 200
    step = OnboardingStep.objects.get(code="support-team-meeting")
    response = secretariat_client.post(
        url,
        mandate_form_data(
            mandate,
            **{
                "onboarding-TOTAL_FORMS": 1,
                "onboarding-0-step": step.pk,
                "onboarding-0-done_on": "02/03/2026",
                "onboarding-0-note": "Rencontre au secrétariat",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tick = OnboardingProgress.objects.get()
    assert (tick.mandate, tick.step, tick.done_on, tick.ticked_by) == (
        mandate,
        step,
        datetime.date(2026, 3, 2),
        secretariat,
    )


def test_the_mandate_admin_refuses_a_short_lead_mandate(secretariat_client, mandate):
    url = reverse("admin:coordinations_mandate_change", args=[mandate.pk])
    response = secretariat_client.post(url, mandate_form_data(mandate, commitment_months=12))
    assert response.status_code == 200
    assert "au moins 24 mois" in response.content.decode()
    mandate.refresh_from_db()
    assert mandate.commitment_months == 24


def test_hand_over_notes_are_kept_in_the_coordination_admin(
    secretariat_client, secretariat, coordination
):
    url = reverse("admin:coordinations_coordination_change", args=[coordination.pk])
    assert secretariat_client.get(url).status_code == 200
    response = secretariat_client.post(
        url,
        {
            "name": coordination.name,
            "slug": coordination.slug,
            "kind": coordination.kind,
            "countries": ["MX"],
            "summary": coordination.summary,
            "working_languages": ["fr", "es"],
            "is_active": "on",
            "max_leads": 1,
            "handover_notes-TOTAL_FORMS": 1,
            "handover_notes-INITIAL_FORMS": 0,
            "handover_notes-0-topic": "si_contacts",
            "handover_notes-0-title": "Chargée de campagne Mexique",
            "handover_notes-0-body": "Appel mensuel",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    note = HandoverNote.objects.get()
    assert (note.coordination, note.title, note.author) == (
        coordination,
        "Chargée de campagne Mexique",
        secretariat,
    )
    coordination.refresh_from_db()
    assert coordination.working_languages == ["fr", "es"]


# Actions -------------------------------------------------------------------------------------


def action(name, *mandates, **data):
    return {
        "action": name,
        helpers.ACTION_CHECKBOX_NAME: [m.pk for m in mandates],
        **data,
    }


def test_end_asks_for_the_reason_on_a_confirmation_page(secretariat_client, mandate):
    response = secretariat_client.post(MANDATES, action("end_mandates", mandate))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mettre fin à ces mandats" in page and "Mexique" in page
    mandate.refresh_from_db()
    assert mandate.status == "active"


def test_end_through_the_service(secretariat_client, mandate, other_mandate):
    response = secretariat_client.post(
        MANDATES,
        action(
            "end_mandates",
            mandate,
            other_mandate,
            apply="yes",
            ended_on=today().isoformat(),
            end_kind="stepped_down",
            reason="Réorganisation",
        ),
    )
    assert response.status_code == 302
    assert "2 mandats terminés." in messages_of(response)
    for ended in (mandate, other_mandate):
        ended.refresh_from_db()
        assert (ended.status, ended.ended_on, ended.end_kind, ended.end_reason) == (
            "ended",
            today(),
            "stepped_down",
            "Réorganisation",
        )


def test_end_without_a_reason_shows_the_form_again(secretariat_client, mandate):
    response = secretariat_client.post(
        MANDATES,
        action(
            "end_mandates",
            mandate,
            apply="yes",
            ended_on=today().isoformat(),
            end_kind="stepped_down",
            reason=" ",
        ),
    )
    assert response.status_code == 200
    assert "Indiquez pourquoi" in response.content.decode()
    mandate.refresh_from_db()
    assert mandate.status == "active"


def test_a_refused_end_is_a_message_not_an_error(secretariat_client, mandate, other_mandate):
    services.mandate_end(mandate=other_mandate, reason="Départ")
    response = secretariat_client.post(
        MANDATES,
        action(
            "end_mandates",
            mandate,
            other_mandate,
            apply="yes",
            ended_on=today().isoformat(),
            end_kind="completed",
            reason="",
        ),
    )
    assert response.status_code == 302
    shown = messages_of(response)
    assert any("déjà terminé" in m for m in shown)
    assert "1 mandat terminé." in shown
    mandate.refresh_from_db()
    assert (mandate.status, mandate.end_kind) == ("ended", "completed")


def test_renew_through_the_service(secretariat_client, mandate):
    response = secretariat_client.post(MANDATES, action("renew_mandates", mandate))
    assert response.status_code == 302
    assert "1 mandat renouvelé." in messages_of(response)
    renewal = Mandate.objects.get(renews=mandate)
    assert (renewal.start_date, renewal.status) == (mandate.end_date, "active")


def test_renewing_an_ended_mandate_is_a_message(secretariat_client, mandate):
    services.mandate_end(mandate=mandate, reason="Départ")
    response = secretariat_client.post(MANDATES, action("renew_mandates", mandate))
    assert response.status_code == 302
    assert any("en cours peut être renouvelé" in m for m in messages_of(response))
    assert Mandate.objects.count() == 1


def test_hand_over_picks_the_successor_on_a_second_page(secretariat_client, mandate):
    response = secretariat_client.post(MANDATES, action("hand_over_mandate", mandate))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="successor"' in page and 'name="last_day"' in page


def test_hand_over_through_the_service(secretariat_client, mandate, volunteer):
    last_day = today() + datetime.timedelta(days=10)
    response = secretariat_client.post(
        MANDATES,
        action(
            "hand_over_mandate",
            mandate,
            apply="yes",
            successor=volunteer.pk,
            last_day=last_day.isoformat(),
            commitment_months=24,
            reason="Passation",
        ),
    )
    assert response.status_code == 302
    assert any("Mexique passe à" in m for m in messages_of(response))
    mandate.refresh_from_db()
    assert (mandate.status, mandate.ended_on, mandate.end_kind) == (
        "ended",
        last_day,
        "handed_over",
    )
    successor = Mandate.objects.get(volunteer=volunteer)
    assert successor.start_date == last_day + datetime.timedelta(days=1)


@pytest.mark.parametrize("data", [{"commitment_months": 12}, {"successor": "self"}])
def test_a_refused_hand_over_changes_nothing_and_says_why(
    secretariat_client, mandate, volunteer, data
):
    if data.get("successor") == "self":
        data = {"successor": mandate.volunteer_id}
    fields = {"successor": volunteer.pk, "last_day": today().isoformat(), "commitment_months": 24}
    response = secretariat_client.post(
        MANDATES, action("hand_over_mandate", mandate, apply="yes", **{**fields, **data})
    )
    assert response.status_code == 200
    assert messages_of(response)
    mandate.refresh_from_db()
    assert mandate.status == "active"
    assert Mandate.objects.count() == 1


def test_hand_over_takes_one_mandate_at_a_time(secretariat_client, mandate, other_mandate):
    response = secretariat_client.post(
        MANDATES, action("hand_over_mandate", mandate, other_mandate)
    )
    assert response.status_code == 302
    assert "Choisissez un seul mandat" in messages_of(response)[0]


def test_a_volunteer_cannot_reach_the_admin(client, volunteer, mandate):
    client.force_login(volunteer)
    response = client.post(MANDATES, action("renew_mandates", mandate))
    assert response.status_code == 302
    assert Mandate.objects.count() == 1


def test_the_coordination_admin_query_count_does_not_grow(
    secretariat_client, django_assert_max_num_queries
):
    for index in range(30):
        coordination = CoordinationFactory()
        if index % 2:
            MandateFactory(coordination=coordination, volunteer=UserFactory())
    with django_assert_max_num_queries(12):
        secretariat_client.get(COORDINATIONS)
    assert Coordination.objects.count() == 30

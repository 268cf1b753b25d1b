"""The demo coordinations: every stage of a mandate, and loading twice changes nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from coordinations import selectors
from coordinations.models import (
    Activity,
    Coordination,
    HandoverNote,
    Mandate,
    MandateRequest,
    OnboardingProgress,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogues")]


def snapshot():
    return {
        "coordinations": sorted(
            (
                c.slug,
                c.name,
                c.kind,
                tuple(str(x) for x in c.countries),
                c.theme,
                tuple(c.working_languages),
                c.is_recruiting,
                c.represents_on_platforms,
                c.summary,
                c.secretariat_contact.email if c.secretariat_contact else None,
            )
            for c in Coordination.objects.select_related("secretariat_contact")
        ),
        "mandates": sorted(
            Mandate.objects.values_list(
                "coordination__slug",
                "volunteer__email",
                "role",
                "start_date",
                "end_date",
                "status",
                "ended_on",
                "end_kind",
                "end_reason",
                "renews__volunteer__email",
            )
        ),
        "tasks": sorted(
            Mandate.optional_responsibilities.through.objects.values_list(
                "mandate__coordination__slug", "responsibility__code"
            )
        ),
        "onboarding": sorted(
            OnboardingProgress.objects.values_list(
                "mandate__coordination__slug", "step__code", "done_on", "ticked_by__email"
            )
        ),
        "activities": sorted(
            Activity.objects.values_list("mandate__coordination__slug", "kind", "date", "note")
        ),
        "notes": sorted(HandoverNote.objects.values_list("coordination__slug", "topic", "title")),
        "requests": sorted(
            MandateRequest.objects.values_list("mandate__coordination__slug", "kind")
        ),
        "people": sorted(
            User.objects.values_list("email", "first_name", "last_name", "postal_code")
        ),
    }


@pytest.fixture
def demo(capsys):
    call_command("load_demo")
    return capsys.readouterr().out


def test_loading_the_demo_twice_gives_the_same_data(demo):
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    assert "coordinations: 28 coordinations" in demo


def test_the_three_coordinations_of_the_call_are_vacant_and_recruiting(demo):
    vacant = {c.slug: c for c in selectors.coordinations_to_fill()}
    assert {"etats-unis", "afrique-des-grands-lacs", "mexique"} <= set(vacant)
    assert vacant["etats-unis"].working_languages == ["fr", "en"]
    assert sorted(str(c) for c in vacant["afrique-des-grands-lacs"].countries) == ["BI", "CD", "RW"]


def test_every_kind_and_about_28_coordinations(demo):
    kinds = set(Coordination.objects.values_list("kind", flat=True))
    assert kinds == {"country", "region", "thematic"}
    assert 25 <= Coordination.objects.count() <= 32
    for coordination in Coordination.objects.all():
        coordination.full_clean()  # theme for themes, countries for the others, known languages


def test_the_demo_coordinator_holds_colombia_halfway(demo):
    mandate = Mandate.objects.active().get(volunteer__email="coordinator@example.org")
    assert (mandate.coordination.slug, mandate.role) == ("colombie", "lead")
    assert 40 <= mandate.progress_percent() <= 60
    assert mandate.onboarding.count() == 3
    assert mandate.activities.count() >= 3
    assert mandate.optional_responsibilities.exists()
    assert mandate.coordination.handover_notes.count() >= 3


def test_mandates_at_every_stage(demo):
    today = timezone.localdate()
    active = Mandate.objects.active().leads()
    assert active.filter(start_date__gt=today - datetime.timedelta(days=60)).exists()  # new
    assert selectors.mandates_ending_within(90).exists()
    assert selectors.mandates_past_their_end().exists()
    halfway = [m for m in active if 40 <= m.progress_percent() <= 60]
    assert len(halfway) >= 3
    stepped_down = Mandate.objects.filter(end_kind="stepped_down")
    assert stepped_down.exists() and all(m.end_reason for m in stepped_down)
    handed = Mandate.objects.get(end_kind="handed_over")
    successor = Mandate.objects.active().get(coordination=handed.coordination, role="lead")
    assert successor.start_date == handed.ended_on + datetime.timedelta(days=1)
    renewed = Mandate.objects.get(end_kind="renewed")
    assert Mandate.objects.active().get(renews=renewed).start_date == renewed.end_date
    assert Mandate.objects.active().filter(role="member").exists()


def test_demo_coordinators_live_across_wallonia_and_brussels(demo):
    holders = User.objects.filter(mandates__isnull=False).distinct()
    codes = set(holders.values_list("postal_code", flat=True))
    assert len(codes) >= 15
    assert all(code and code[0] in "1234567" for code in codes)
    assert all(email.endswith("@example.org") for email in holders.values_list("email", flat=True))


def test_the_staff_demo_user_follows_many_coordinations(demo):
    staff = User.objects.get(email="staff@example.org")
    assert staff.coordinations_followed.count() >= 20

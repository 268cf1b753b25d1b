"""A mandate exists in time: upcoming until its start date, active from it, ending within the
last milestone before the end of its commitment, overdue past it until someone decides, then
ended. On each side of each boundary (fixed clock), the vacancy of the coordination (listing,
page, dashboard), the routing of an urgent circular, the nearest-coordinator search, My space
and the milestones say the same thing, because they all ask Mandate.objects.holding_on."""

import ast
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from actions.models import Circular
from actions.services import circular_assign
from coordinations import selectors, services
from coordinations.models import Mandate, OnboardingProgress, OnboardingStep, ending_days
from coordinations.reminders import _mandates_at_a_milestone
from dashboard.selectors import active_coordinations, coordination_counts, coordinators_for_map
from groups.selectors import coordinations_with_coordinators, nearest_coordinators
from messaging.models import OutgoingMessage
from tests.actions.factories import CircularFactory
from tests.clock import BRUSSELS
from tests.factories import StaffFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

# The case: accepted on the fixed clock's day (23 November 2026), starting next year.
START = datetime.date(2027, 1, 1)
END = datetime.date(2029, 1, 1)  # 24 months later: the first day after the commitment


def day(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(10, 0), tzinfo=BRUSSELS)


@pytest.fixture
def contact(db):
    return StaffFactory(email="contact@example.org", first_name="Sophie")


@pytest.fixture
def amina(db):
    return UserFactory(email="amina@example.org", first_name="Amina", postal_code="4000")


@pytest.fixture
def accepted(coordination, contact, amina, places):
    """Mexique, followed by Sophie, is vacant; Amina is accepted to start on 1 January 2027."""
    coordination.secretariat_contact = contact
    coordination.is_recruiting = True
    coordination.save()
    return services.mandate_start(coordination=coordination, volunteer=amina, start_date=START)


def vacant(coordination) -> bool:
    return selectors.coordinations_with_vacancy().get(pk=coordination.pk).is_vacant


def listed_as_vacant(client, coordination) -> bool:
    page = client.get("/en/coordinations/?vacant=on").content.decode()
    return f'href="/en/coordinations/{coordination.slug}/"' in page


def dashboard_vacant(coordination) -> bool:
    rows = active_coordinations()
    assert coordination_counts(rows)["vacant"] == sum(1 for row in rows if row["is_vacant"])
    return next(row for row in rows if row["pk"] == coordination.pk)["is_vacant"]


def nearest_first_names(group) -> list[str]:
    return [row.first_name for row in nearest_coordinators(group)]


def routed_to(coordination, staff) -> list[tuple[str, str]]:
    """(kind, address) of the e-mails an urgent circular for the coordination causes today."""
    OutgoingMessage.objects.all().delete()
    circular = CircularFactory(
        priority=Circular.Priority.URGENT, received_on=timezone.localdate(), countries=["MX"]
    )
    circular_assign(circular=circular, coordinations=[coordination], assigned_by=staff)
    return sorted(OutgoingMessage.objects.values_list("kind", "to_email"))


VACANT_ROUTE = [("actions.assignment_vacant", "contact@example.org")]
HELD_ROUTE = [("actions.assignment", "amina@example.org")]


def everything_says(client, coordination, group, staff, *, held: bool):
    assert vacant(coordination) is (not held)
    assert listed_as_vacant(client, coordination) is (not held)
    assert dashboard_vacant(coordination) is (not held)
    assert ("Amina" in nearest_first_names(group)) is held
    assert (coordination in coordinations_with_coordinators()) is held
    assert any(row["volunteer__first_name"] == "Amina" for row in coordinators_for_map()) is held
    assert routed_to(coordination, staff) == (HELD_ROUTE if held else VACANT_ROUTE)


def test_the_day_before_the_start_the_coordination_is_vacant_everywhere(
    clock, client, accepted, coordination, group, contact
):
    clock.move_to(day(START - datetime.timedelta(days=1)))
    assert accepted.phase_on() == Mandate.Phase.UPCOMING
    assert not accepted.holds_on()
    everything_says(client, coordination, group, contact, held=False)
    # The secretariat contact's e-mail says why it comes to them, and when help arrives.
    contact.preferred_language = "en"
    contact.save()
    routed_to(coordination, contact)
    message = OutgoingMessage.objects.get()
    assert message.subject.startswith("Urgent – vacant coordination Mexique: UA ")
    assert "which has no coordinator today" in message.text
    assert "Its new coordinator arrives on 01/01/2027." in message.text  # day first in English too


def test_on_the_acceptance_day_the_page_says_who_arrives_and_when(client, accepted, coordination):
    page = client.get(f"/en/coordinations/{coordination.slug}/").content.decode()
    assert "This coordination has no coordinator at the moment." in page
    assert "Its new coordinator arrives on 1 January 2027." in page
    assert "Amina" not in page
    card = client.get("/en/coordinations/").content.decode()
    assert "Coordinator arrives on 01/01/2027" in card
    # Nor is it "looking for a coordinator" on the home page any more.
    assert coordination not in selectors.coordinations_to_fill()


def test_on_the_start_date_it_is_held_everywhere(
    clock, client, accepted, coordination, group, contact
):
    clock.move_to(day(START))
    assert accepted.phase_on() == Mandate.Phase.ACTIVE
    everything_says(client, coordination, group, contact, held=True)
    page = client.get(f"/en/coordinations/{coordination.slug}/").content.decode()
    assert "Amina" in page and "arrives on" not in page


def test_the_public_page_changes_on_the_start_date_without_a_save(clock, client, accepted):
    """The page cache's key holds the day: yesterday's copy (vacant) is not served today."""
    clock.move_to(day(START - datetime.timedelta(days=1)))
    first = client.get("/en/coordinations/mexique/")
    assert first["X-Page-Cache"] == "miss"
    assert "arrives on" in first.content.decode() and "Amina" not in first.content.decode()
    assert client.get("/en/coordinations/mexique/")["X-Page-Cache"] == "hit"
    clock.move_to(day(START))
    after = client.get("/en/coordinations/mexique/")
    assert after["X-Page-Cache"] == "miss"
    assert "Amina" in after.content.decode() and "arrives on" not in after.content.decode()


def test_ending_within_the_last_milestone_still_holds(
    clock, client, accepted, coordination, group, contact
):
    last = ending_days()
    assert last == min(d for d in settings.MANDATE_MILESTONE_DAYS if d > 0)
    clock.move_to(day(END - datetime.timedelta(days=last + 1)))
    assert accepted.phase_on() == Mandate.Phase.ACTIVE
    clock.move_to(day(END - datetime.timedelta(days=last)))
    assert accepted.phase_on() == Mandate.Phase.ENDING
    everything_says(client, coordination, group, contact, held=True)
    clock.move_to(day(END - datetime.timedelta(days=1)))
    assert accepted.phase_on() == Mandate.Phase.ENDING


def test_past_its_end_it_holds_until_someone_decides_then_it_is_ended(
    clock, client, accepted, coordination, group, contact
):
    clock.move_to(day(END))
    assert accepted.phase_on() == Mandate.Phase.ENDING  # its last day: "ends today"
    clock.move_to(day(END + datetime.timedelta(days=1)))
    assert accepted.phase_on() == Mandate.Phase.OVERDUE
    assert accepted in selectors.mandates_past_their_end()
    everything_says(client, coordination, group, contact, held=True)
    services.mandate_end(
        mandate=accepted, end_kind=Mandate.EndKind.COMPLETED, reason="Engagement rempli"
    )
    accepted.refresh_from_db()
    assert accepted.phase_on() == Mandate.Phase.ENDED
    everything_says(client, coordination, group, contact, held=False)


def test_milestones_count_from_the_real_dates(clock, accepted):
    assert accepted.end_date == END
    # Accepted 39 days before the start: the whole commitment is still ahead, not 769 days.
    assert accepted.days_remaining() == (END - START).days
    assert accepted.progress_percent() == 0
    first = max(settings.MANDATE_MILESTONE_DAYS)
    clock.move_to(day(END - datetime.timedelta(days=first + 1)))
    assert accepted not in _mandates_at_a_milestone(timezone.localdate())
    clock.move_to(day(END - datetime.timedelta(days=first)))
    reached = _mandates_at_a_milestone(timezone.localdate()).get()
    assert (reached, reached.milestone) == (accepted, str(first))


def test_my_space_says_when_it_starts_and_the_onboarding_can_begin(client, accepted, amina):
    client.force_login(amina)
    overview = client.get("/en/me/").content.decode()
    assert "starts in 39 days" in overview
    page = client.get("/en/me/mandate/").content.decode()
    assert "Starts in 39 days" in page
    assert "You can already begin your onboarding." in page
    assert "731 days" in page  # the whole commitment, from the start date
    step = OnboardingStep.objects.order_by("order").first()
    response = client.post(
        f"/en/coordinations/mandates/{accepted.pk}/onboarding/tick/",
        {"step": step.pk, "done_on": timezone.localdate().isoformat(), "note": ""},
    )
    assert response.status_code == 302
    assert OnboardingProgress.objects.filter(mandate=accepted, step=step).exists()
    # Not a coordinator yet: no circular inbox, and the circulars go to the secretariat.
    assert not Mandate.objects.holding_on().filter(volunteer=amina).exists()


def test_the_upcoming_coordinator_cannot_ask_a_visit_yet(accepted, coordination, group):
    from django.core.exceptions import ValidationError

    from groups.services import visit_request_create

    with pytest.raises(ValidationError):
        visit_request_create(
            group=group,
            mandate=accepted,
            requested_by=UserFactory(),
            first_date=timezone.localdate() + datetime.timedelta(days=3),
            topic="Campagne",
        )


def test_a_hand_over_keeps_the_coordination_held_every_day(clock, coordination, amina, volunteer):
    mandate = services.mandate_start(coordination=coordination, volunteer=amina, start_date=START)
    last_day = START + datetime.timedelta(days=100)
    successor = services.mandate_hand_over(mandate=mandate, successor=volunteer, last_day=last_day)
    mandate.refresh_from_db()
    for date, holder in (
        (last_day, mandate),
        (last_day + datetime.timedelta(days=1), successor),
    ):
        clock.move_to(day(date))
        assert list(Mandate.objects.holding_on()) == [holder]
        assert not vacant(coordination)


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_the_query_and_the_python_say_the_same(coordination, amina, volunteer, offset):
    """holding_on (the database) and holds_on (one mandate) around every boundary."""
    renewed = services.mandate_start(coordination=coordination, volunteer=amina, start_date=START)
    renewal = services.mandate_renew(mandate=renewed)
    other = services.mandate_start(
        coordination=coordination,
        volunteer=volunteer,
        start_date=START,
        role=Mandate.Role.MEMBER,
        commitment_months=6,
    )
    services.mandate_end(mandate=other, ended_on=START + datetime.timedelta(days=20), reason="x")
    mandates = list(Mandate.objects.all())
    for boundary in (START, START + datetime.timedelta(days=20), END):
        date = boundary + datetime.timedelta(days=offset)
        in_database = set(Mandate.objects.holding_on(date))
        in_python = {m for m in mandates if m.holds_on(date)}
        assert in_database == in_python, date
    assert renewal.start_date == END


def test_no_model_imports_a_selectors_module():
    """Models are the bottom layer: they import no read layer (selectors), of any app."""
    offenders = []
    for path in sorted(Path(settings.BASE_DIR).glob("*/models.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(alias.name for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(name.split(".")[-1] == "selectors" for name in names):
                offenders.append(f"{path.parent.name}/models.py:{node.lineno}")
    assert offenders == []


def test_a_mandate_still_takes_its_coordinators_position(coordination, amina, places):
    mandate = services.mandate_start(coordination=coordination, volunteer=amina, start_date=START)
    assert mandate.latitude is not None and 50.5 < mandate.latitude < 50.7  # Liège


def test_staff_see_that_an_accepted_mandate_has_not_started(
    secretariat_client, secretariat, coordination, amina
):
    """The issue's case: accepted today to start on 1 January, the application page said "the
    mandate has started"; it says when it starts."""
    from recruitment.pipeline import application_accept
    from tests.recruitment.factories import ApplicationFactory, CoordinationVacancyFactory

    application = ApplicationFactory(
        vacancy=CoordinationVacancyFactory(coordination=coordination),
        applicant=amina,
        commitment_confirmed=True,
        status="interview",
    )
    application_accept(application=application, actor=secretariat, start_date=START)
    page = secretariat_client.get(
        f"/en/vacancies/pipeline/applications/{application.pk}/"
    ).content.decode()
    assert "the mandate starts in 39 days" in page
    assert "the mandate has started" not in page
    assert vacant(coordination)

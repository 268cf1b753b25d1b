"""Trainings: attending a session records the completion and its validity; the onboarding step
that requires it is ticked; the training lead sees who needs which; My space shows them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from coordinations.models import OnboardingProgress, OnboardingStep
from events import services
from events.models import Event, Training, TrainingCompletion
from tests.events.factories import (
    EventFactory,
    ParticipationFactory,
    TrainingCompletionFactory,
    TrainingFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock", "catalogues")]


@pytest.fixture
def new_coordinators(db):
    """The training the onboarding step "coordinator-training" requires (migration events 0002,
    put back here should a transactional test have flushed it)."""
    training, _created = Training.objects.get_or_create(
        code="new-coordinators", defaults={"name": "Formation des nouveaux coordinateurs"}
    )
    OnboardingStep.objects.filter(code="coordinator-training").update(required_training=training)
    return training


def session_of(training, clock):
    return EventFactory(
        kind=Event.Kind.TRAINING,
        training=training,
        starts_at=clock.now - datetime.timedelta(hours=3),
        ends_at=clock.now - datetime.timedelta(hours=1),
    )


def test_attending_a_session_completes_the_training_and_ticks_onboarding(
    clock, new_coordinators, mandate, coordinator, staff, places
):
    session = session_of(new_coordinators, clock)
    participation = ParticipationFactory(event=session, person=coordinator)
    services.attendance_mark(participation=participation, attended=True, actor=staff)
    completion = TrainingCompletion.objects.get(person=coordinator)
    assert completion.training == new_coordinators and completion.valid_until is None
    tick = OnboardingProgress.objects.get(mandate=mandate, step__code="coordinator-training")
    assert tick.done_on == clock.today and tick.ticked_by == staff
    # Marked absent after all: the completion goes.
    services.attendance_mark(participation=participation, attended=False, actor=staff)
    assert not TrainingCompletion.objects.filter(person=coordinator).exists()


def test_a_completion_expires_with_its_training(volunteer):
    training = TrainingFactory(validity_months=24)
    completion = TrainingCompletionFactory(
        training=training, person=volunteer, completed_on=datetime.date(2024, 2, 29)
    )
    assert completion.valid_until == datetime.date(2026, 2, 28)
    assert completion.is_valid_on(datetime.date(2026, 2, 28))
    assert not completion.is_valid_on(datetime.date(2026, 3, 1))


def test_the_training_lead_sees_who_needs_which(
    client, new_coordinators, coordinator, other_coordinator, staff, volunteer
):
    TrainingCompletionFactory(training=new_coordinators, person=other_coordinator)
    url = reverse("events:training_needs")
    client.force_login(volunteer)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    with translation.override("en"):
        response = client.get(reverse("events:training_needs"))
    [need] = [n for n in response.context["needs"] if n["training"] == new_coordinators]
    assert [m.volunteer for m in need["missing"]] == [coordinator]
    assert coordinator.first_name in response.content.decode()


def test_my_space_shows_my_trainings_and_my_next_places(client, volunteer, event):
    training = TrainingFactory(name="Tenir un stand", validity_months=36)
    TrainingCompletionFactory(training=training, person=volunteer)
    services.participation_take(event=event, person=volunteer)
    client.force_login(volunteer)
    page = client.get(reverse("accounts:me")).content.decode()
    assert "Tenir un stand" in page and "Soirée d&#x27;information" in page


def test_my_space_sections_cost_one_query_when_they_do_not_apply(
    volunteer, django_assert_num_queries
):
    from events.myspace import my_events, my_trainings

    class Request:
        user = volunteer

    request = Request()
    with django_assert_num_queries(1):
        assert my_events(request) is None and my_trainings(request) is None

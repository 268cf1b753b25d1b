"""One coordinator at a time, by the database: two vacancies of one coordination cannot each
give it a coordinator for the same period; co-coordinators are a decision on the coordination."""

import contextlib
import datetime
import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connections, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from coordinations import services
from coordinations.models import ONE_LEAD_CONSTRAINT, Mandate
from recruitment import pipeline
from recruitment.models import Application
from tests import conftest
from tests.coordinations.factories import MandateFactory
from tests.factories import StaffFactory, UserFactory
from tests.recruitment.factories import ApplicationFactory, CoordinationVacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogues", "clock")]
D = datetime.date
START = D(2026, 12, 1)


def interviewed(coordination, first_name: str) -> Application:
    """An application at the interview stage, for its own vacancy of ``coordination``."""
    vacancy = CoordinationVacancyFactory(
        coordination=coordination, slug=f"coordination-{coordination.slug}-{first_name.lower()}"
    )
    application = ApplicationFactory(
        vacancy=vacancy,
        applicant=UserFactory(first_name=first_name),
        commitment_confirmed=True,
    )
    Application.objects.filter(pk=application.pk).update(status=Application.Status.INTERVIEW)
    application.refresh_from_db()
    return application


def lead_of(coordination) -> Mandate:
    """Karim, coordinator of ``coordination`` from 1 March 2026 to 1 March 2028."""
    return services.mandate_start(
        coordination=coordination,
        volunteer=UserFactory(first_name="Karim", last_name="Benali"),
        start_date=D(2026, 3, 1),
    )


# The rule in the service (both databases) -------------------------------------------------


def test_a_second_coordinator_for_the_same_period_is_refused_clearly(coordination):
    karim = lead_of(coordination)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.mandate_start(
            coordination=coordination, volunteer=UserFactory(first_name="Emma"), start_date=START
        )
    [refusal] = error.value.error_dict["start_date"]
    assert refusal.code == "lead_taken"
    with translation.override("en"):
        until = date_format(D(2028, 3, 1), "SHORT_DATE_FORMAT")  # the end of Karim's 24 months
    assert refusal.messages == [
        f"Mexique already has its coordinator for part of this period: Karim Benali, until "
        f"{until}. End or hand over that mandate first, or start on {until} or later."
    ]
    assert list(Mandate.objects.all()) == [karim]


def test_the_successor_may_start_when_the_coordinator_s_commitment_ends(coordination):
    karim = lead_of(coordination)
    successor = services.mandate_start(
        coordination=coordination, volunteer=UserFactory(), start_date=karim.end_date
    )
    assert successor.lead_seat == 1


def test_a_team_member_is_not_a_second_coordinator(coordination):
    lead_of(coordination)
    services.mandate_start(
        coordination=coordination,
        volunteer=UserFactory(),
        start_date=START,
        role=Mandate.Role.MEMBER,
        commitment_months=12,
    )
    assert Mandate.objects.count() == 2


def test_an_ended_mandate_frees_the_place(coordination):
    karim = lead_of(coordination)
    services.mandate_end(mandate=karim, ended_on=START, reason="Déménagement")
    services.mandate_start(coordination=coordination, volunteer=UserFactory(), start_date=START)
    assert Mandate.objects.active().leads().count() == 1


def test_co_coordinators_are_decided_on_the_coordination(coordination):
    coordination.max_leads = 2
    coordination.save()
    first = lead_of(coordination)
    second = services.mandate_start(
        coordination=coordination, volunteer=UserFactory(), start_date=START
    )
    assert (first.lead_seat, second.lead_seat) == (1, 2)
    with pytest.raises(ValidationError) as error:
        services.mandate_start(coordination=coordination, volunteer=UserFactory(), start_date=START)
    assert error.value.error_dict["start_date"][0].code == "lead_taken"
    # The place of one who leaves is taken again.
    services.mandate_end(mandate=first, ended_on=START, reason="Déménagement")
    third = services.mandate_start(
        coordination=coordination, volunteer=UserFactory(), start_date=START
    )
    assert third.lead_seat == 1


def test_the_admin_form_says_it_too(coordination, client):
    lead_of(coordination)
    client.force_login(StaffFactory(is_superuser=True))
    response = client.post(
        reverse("admin:coordinations_mandate_add"),
        {
            "coordination": coordination.pk,
            "volunteer": UserFactory().pk,
            "role": "lead",
            "start_date": "2026-12-01",
            "commitment_months": 24,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Mexique already has its coordinator for part of this period" in (
        response.content.decode()
    )
    assert Mandate.objects.count() == 1


# Two vacancies of one coordination, through the pipeline ----------------------------------


def test_two_vacancies_of_one_coordination_accept_one_coordinator(coordination):
    staff = StaffFactory()
    first, second = interviewed(coordination, "Lucas"), interviewed(coordination, "Emma")
    pipeline.application_accept(application=first, actor=staff, start_date=START)
    with pytest.raises(ValidationError) as error:
        pipeline.application_accept(application=second, actor=staff, start_date=START)
    assert error.value.error_dict["start_date"][0].code == "lead_taken"
    second.refresh_from_db()
    assert second.status == Application.Status.INTERVIEW  # nothing of the refusal remains
    assert Mandate.objects.count() == 1


def test_the_pipeline_page_shows_the_refusal(coordination, client):
    staff = StaffFactory()
    client.force_login(staff)
    first, second = interviewed(coordination, "Lucas"), interviewed(coordination, "Emma")
    pipeline.application_accept(application=first, actor=staff, start_date=START)
    response = client.post(
        reverse("recruitment:pipeline_accept", args=[second.pk]).replace("/fr/", "/en/", 1),
        {"start_date": "2026-12-01", "notify": ""},
    )
    assert response.status_code == 200
    assert "Mexique already has its coordinator for part of this period" in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert Mandate.objects.count() == 1


# The database's own rule (PostgreSQL) -------------------------------------------------------


def require_postgresql():
    conftest.require_postgresql("the exclusion constraint is PostgreSQL's")


@pytest.mark.services
def test_the_database_refuses_a_second_coordinator_written_past_the_service(coordination):
    require_postgresql()
    MandateFactory(coordination=coordination, start_date=D(2026, 3, 1))
    with pytest.raises(IntegrityError, match=ONE_LEAD_CONSTRAINT), transaction.atomic():
        MandateFactory(coordination=coordination, start_date=START)
    # Places, roles and statuses the rule leaves alone.
    MandateFactory(coordination=coordination, start_date=START, lead_seat=2)
    MandateFactory(coordination=coordination, start_date=START, role=Mandate.Role.MEMBER)
    MandateFactory(
        coordination=coordination, start_date=START, status="ended", ended_on=D(2027, 1, 1)
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locked", [True, False], ids=["with-the-lock", "without-the-lock"])
def test_two_acceptances_at_the_same_instant_give_one_coordinator(coordination, locked):
    """Two members of staff accept two candidates for two vacancies of Mexique at once. With the
    service's lock, the second waits and is refused; without it (a path that forgot it), both
    pass the check and the database's constraint refuses the second: one mandate, one clear
    error, never a server error."""
    require_postgresql()
    staff = StaffFactory()
    applications = [interviewed(coordination, "Lucas"), interviewed(coordination, "Emma")]
    both_checked = threading.Barrier(2, timeout=10)
    save = services._save_new_mandate

    def save_together(mandate):
        if not locked:
            both_checked.wait()  # both have checked, neither has written
        save(mandate)

    outcomes = {}

    def accept(application):
        try:
            pipeline.application_accept(application=application, actor=staff, start_date=START)
            outcomes[application.pk] = "accepted"
        except ValidationError as error:
            outcomes[application.pk] = error.error_dict["start_date"][0].code
        finally:
            connections.close_all()

    with contextlib.ExitStack() as patches:
        patches.enter_context(mock.patch.object(services, "_save_new_mandate", save_together))
        if not locked:
            patches.enter_context(mock.patch.object(services, "_lock", lambda coordination: None))
        threads = [threading.Thread(target=accept, args=(a,)) for a in applications]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert sorted(outcomes.values()) == ["accepted", "lead_taken"], outcomes
    assert Mandate.objects.filter(coordination=coordination).count() == 1
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == [Application.Status.ACCEPTED, Application.Status.INTERVIEW]


class _Deadlock(Exception):
    """What psycopg raises when PostgreSQL aborts a transaction caught in a deadlock."""

    sqlstate = services.DEADLOCK_DETECTED


def _aborted_as_a_deadlock(mandate):
    try:
        raise _Deadlock("deadlock detected")
    except _Deadlock as cause:
        raise OperationalError("deadlock detected") from cause


def test_a_deadlock_while_checking_the_place_is_the_same_clear_refusal(coordination):
    """Two overlapping lead mandates inserted at the same instant can each wait for the other
    while PostgreSQL checks the exclusion constraint; PostgreSQL then aborts one as a deadlock
    (seen in CI when the service's lock is bypassed). That one gets the refusal a violation
    gets, never a server error; any other database error still goes up."""
    staff = StaffFactory()
    application = interviewed(coordination, "Lucas")
    deadlock = mock.patch.object(Mandate, "save", _aborted_as_a_deadlock)
    with deadlock, pytest.raises(ValidationError) as refused:
        pipeline.application_accept(application=application, actor=staff, start_date=START)
    assert refused.value.error_dict["start_date"][0].code == "lead_taken"
    application.refresh_from_db()
    assert application.status == Application.Status.INTERVIEW
    assert not Mandate.objects.filter(coordination=coordination).exists()

    def other_error(mandate):
        raise OperationalError("server closed the connection unexpectedly")

    with mock.patch.object(Mandate, "save", other_error), pytest.raises(OperationalError):
        pipeline.application_accept(application=application, actor=staff, start_date=START)

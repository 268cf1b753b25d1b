"""The 24-month rule, vacancy, and the mandate services."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from coordinations import selectors, services
from coordinations.forms import MandateForm
from coordinations.models import Mandate, Responsibility
from tests.coordinations.factories import CoordinationFactory, MandateFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogues")]
D = datetime.date


# The 24-month rule at its three levels -----------------------------------------------------


def test_form_refuses_a_lead_mandate_under_24_months(coordination, volunteer):
    form = MandateForm(
        data={
            "coordination": coordination.pk,
            "volunteer": volunteer.pk,
            "role": "lead",
            "start_date": "2026-01-01",
            "commitment_months": 12,
        }
    )
    assert not form.is_valid()
    assert "24 mois" in str(form.errors["commitment_months"])


def test_form_accepts_a_short_team_membership(coordination, volunteer):
    form = MandateForm(
        data={
            "coordination": coordination.pk,
            "volunteer": volunteer.pk,
            "role": "member",
            "start_date": "2026-01-01",
            "commitment_months": 12,
        }
    )
    assert form.is_valid(), form.errors


def test_clean_refuses_a_lead_mandate_under_24_months(coordination, volunteer):
    mandate = Mandate(
        coordination=coordination,
        volunteer=volunteer,
        role="lead",
        start_date=D(2026, 1, 1),
        commitment_months=23,
    )
    with pytest.raises(ValidationError) as error:
        mandate.full_clean(exclude=["end_date"])
    assert "commitment_months" in error.value.message_dict


def test_service_refuses_a_lead_mandate_under_24_months(coordination, volunteer):
    with pytest.raises(ValidationError):
        services.mandate_start(
            coordination=coordination,
            volunteer=volunteer,
            start_date=D(2026, 1, 1),
            commitment_months=18,
        )
    assert not Mandate.objects.exists()


def test_database_refuses_a_lead_mandate_under_24_months(coordination, volunteer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Mandate.objects.create(
            coordination=coordination,
            volunteer=volunteer,
            role="lead",
            start_date=D(2026, 1, 1),
            commitment_months=12,
        )


def test_end_date_is_derived_from_start_and_commitment(coordination, volunteer):
    mandate = services.mandate_start(
        coordination=coordination,
        volunteer=volunteer,
        start_date=D(2026, 1, 31),
        commitment_months=25,
    )
    assert mandate.end_date == D(2028, 2, 29)


# Vacancy -------------------------------------------------------------------------------------


def vacancy_of(coordination):
    return selectors.coordinations_with_vacancy().get(pk=coordination.pk).is_vacant


def test_a_coordination_without_mandate_is_vacant(coordination):
    assert vacancy_of(coordination) is True


def test_an_active_lead_mandate_fills_the_coordination(coordination):
    MandateFactory(coordination=coordination)
    assert vacancy_of(coordination) is False


def test_a_team_member_alone_does_not_fill_the_coordination(coordination):
    MandateFactory(coordination=coordination, role="member", commitment_months=6)
    assert vacancy_of(coordination) is True


def test_an_ended_lead_mandate_leaves_the_coordination_vacant(coordination):
    mandate = MandateFactory(coordination=coordination)
    services.mandate_end(mandate=mandate, reason="Déménagement à l'étranger")
    assert vacancy_of(coordination) is True


def test_a_renewed_mandate_keeps_the_coordination_filled(coordination):
    services.mandate_renew(mandate=MandateFactory(coordination=coordination))
    assert vacancy_of(coordination) is False


def test_a_handed_over_mandate_keeps_the_coordination_filled(coordination, volunteer):
    services.mandate_hand_over(
        mandate=MandateFactory(coordination=coordination), successor=volunteer
    )
    assert vacancy_of(coordination) is False


def test_a_lead_past_24_months_still_fills_until_someone_decides(coordination):
    MandateFactory(coordination=coordination, start_date=D(2020, 1, 1))
    assert vacancy_of(coordination) is False


def test_vacancy_for_many_coordinations_is_one_query(django_assert_num_queries):
    for index in range(10):
        coordination = CoordinationFactory()
        if index % 2:
            MandateFactory(coordination=coordination)
    with django_assert_num_queries(1):
        flags = [c.is_vacant for c in selectors.coordinations_with_vacancy()]
    assert flags.count(True) == 5


# Services ------------------------------------------------------------------------------------


def test_renew_starts_a_new_period_from_the_old_end_date(coordination):
    mandate = MandateFactory(coordination=coordination, start_date=D(2024, 3, 1))
    lobbying = Responsibility.objects.get(code="lobbying")
    mandate.optional_responsibilities.add(lobbying)
    renewal = services.mandate_renew(mandate=mandate, commitment_months=24)
    mandate.refresh_from_db()
    assert (mandate.status, mandate.end_kind, mandate.ended_on) == (
        "ended",
        "renewed",
        D(2026, 3, 1),
    )
    assert (renewal.start_date, renewal.end_date, renewal.renews) == (
        D(2026, 3, 1),
        D(2028, 3, 1),
        mandate,
    )
    assert list(renewal.optional_responsibilities.all()) == [lobbying]


def test_end_needs_a_reason_when_stepping_down(coordination):
    mandate = MandateFactory(coordination=coordination)
    with pytest.raises(ValidationError):
        services.mandate_end(mandate=mandate, reason="  ")
    mandate.refresh_from_db()
    assert mandate.status == "active"


def test_an_ended_mandate_cannot_end_again(coordination):
    mandate = services.mandate_end(
        mandate=MandateFactory(coordination=coordination), reason="Santé"
    )
    with pytest.raises(ValidationError):
        services.mandate_end(mandate=mandate, reason="Encore")


def test_hand_over_ends_one_and_starts_the_successor_next_day(coordination, volunteer):
    mandate = MandateFactory(coordination=coordination, start_date=D(2025, 1, 1))
    successor = services.mandate_hand_over(
        mandate=mandate, successor=volunteer, last_day=D(2026, 6, 30)
    )
    mandate.refresh_from_db()
    assert (mandate.status, mandate.ended_on, mandate.end_kind) == (
        "ended",
        D(2026, 6, 30),
        "handed_over",
    )
    assert (successor.volunteer, successor.start_date, successor.end_date) == (
        volunteer,
        D(2026, 7, 1),
        D(2028, 7, 1),
    )


def test_a_failed_hand_over_leaves_nothing_half_done(coordination, volunteer):
    mandate = MandateFactory(coordination=coordination)
    with (
        mock.patch.object(services, "mandate_start", side_effect=IntegrityError("boom")),
        pytest.raises(IntegrityError),
    ):
        services.mandate_hand_over(mandate=mandate, successor=volunteer)
    mandate.refresh_from_db()
    assert mandate.status == "active" and mandate.ended_on is None
    assert Mandate.objects.count() == 1


def test_hand_over_to_a_short_commitment_is_refused_entirely(coordination, volunteer):
    mandate = MandateFactory(coordination=coordination)
    with pytest.raises(ValidationError):
        services.mandate_hand_over(mandate=mandate, successor=volunteer, commitment_months=6)
    mandate.refresh_from_db()
    assert mandate.status == "active"


def test_no_two_overlapping_lead_mandates_for_the_same_person(coordination, volunteer):
    services.mandate_start(coordination=coordination, volunteer=volunteer, start_date=D(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.mandate_start(
            coordination=coordination, volunteer=volunteer, start_date=D(2027, 1, 1)
        )
    assert "start_date" in error.value.message_dict
    # The same person may follow on after the first period.
    services.mandate_start(coordination=coordination, volunteer=volunteer, start_date=D(2028, 1, 1))
    assert Mandate.objects.count() == 2


def test_a_request_to_hand_over_notifies_the_secretariat_contact(
    coordination, staff, mailoutbox, django_capture_on_commit_callbacks
):
    coordination.secretariat_contact = staff
    coordination.save()
    mandate = MandateFactory(coordination=coordination, volunteer=UserFactory(first_name="Karim"))
    with django_capture_on_commit_callbacks(execute=True):
        services.mandate_request_create(
            mandate=mandate, kind="hand_over", message="Je pars en mission."
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [staff.email]
    assert "Je pars en mission." in mailoutbox[0].body
    assert "/admin/coordinations/mandate/" in mailoutbox[0].body


def test_progress_and_days_remaining(coordination):
    mandate = MandateFactory(coordination=coordination, start_date=D(2026, 1, 1))
    assert mandate.progress_percent(today=D(2027, 1, 1)) == 50
    assert mandate.days_remaining(today=D(2027, 12, 31)) == 1
    assert mandate.progress_percent(today=D(2030, 1, 1)) == 100


# Recruitment takes over when a coordinator leaves --------------------------------------------


def test_a_lead_stepping_down_leaves_a_draft_vacancy_for_staff(coordination):
    from recruitment.models import Vacancy

    services.mandate_end(mandate=MandateFactory(coordination=coordination), reason="Santé")
    vacancy = Vacancy.objects.get(coordination=coordination)
    assert vacancy.status == "draft"
    assert vacancy.minimum_commitment_months == 24


def test_a_hand_over_request_leaves_a_draft_vacancy_and_a_renewal_none(
    coordination, other_coordination
):
    from recruitment.models import Vacancy

    services.mandate_request_create(
        mandate=MandateFactory(coordination=coordination), kind="hand_over"
    )
    services.mandate_renew(mandate=MandateFactory(coordination=other_coordination))
    assert list(Vacancy.objects.values_list("coordination__slug", "status")) == [
        (coordination.slug, "draft")
    ]

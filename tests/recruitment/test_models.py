"""The vacancy's rules live in the database first, with clear messages from clean()."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from recruitment.models import Vacancy
from tests.recruitment.factories import (
    CoordinationVacancyFactory,
    PaidJobFactory,
    VacancyFactory,
)

# Dates relative to today, on the fixed clock of tests/clock.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def refused_by_database(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        VacancyFactory(**fields)


def test_a_coordination_vacancy_needs_its_coordination():
    refused_by_database(kind=Vacancy.Kind.COORDINATION, minimum_commitment_months=24)
    vacancy = VacancyFactory.build(kind=Vacancy.Kind.COORDINATION, minimum_commitment_months=24)
    with pytest.raises(ValidationError) as caught:
        vacancy.full_clean()
    assert "coordination" in caught.value.message_dict


def test_other_kinds_name_no_coordination(coordination):
    refused_by_database(kind=Vacancy.Kind.PAID_JOB, coordination=coordination)


def test_a_coordination_vacancy_asks_24_months(coordination):
    refused_by_database(
        kind=Vacancy.Kind.COORDINATION, coordination=coordination, minimum_commitment_months=12
    )
    vacancy = CoordinationVacancyFactory.build(
        coordination=coordination, minimum_commitment_months=12
    )
    with pytest.raises(ValidationError) as caught:
        vacancy.full_clean()
    assert "24 mois" in caught.value.message_dict["minimum_commitment_months"][0]


def test_a_coordination_vacancy_asks_24_months_by_default(coordination):
    vacancy = CoordinationVacancyFactory.build(
        coordination=coordination, minimum_commitment_months=None
    )
    vacancy.full_clean()
    assert vacancy.minimum_commitment_months == 24


def test_one_draft_per_coordination(coordination):
    CoordinationVacancyFactory(coordination=coordination, status="draft", published_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoordinationVacancyFactory(
            coordination=coordination, slug="autre", status="draft", published_at=None
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"salary_min": Decimal("4100"), "salary_max": Decimal("3600")},
        {"start_kind": "date", "start_date": None},
        {"apply_method": "email", "apply_email": ""},
        {"apply_method": "web", "apply_url": ""},
        {"workload_unit": "percent", "workload_value": 120},
        {"status": "published", "published_at": None},
        {"positions": 0},
    ],
)
def test_the_database_refuses_inconsistent_vacancies(fields):
    refused_by_database(**fields)


@pytest.mark.parametrize("slug", ["feed", "pipeline", "interest", "applications"])
def test_reserved_addresses_cannot_be_slugs(slug):
    with pytest.raises(ValidationError) as caught:
        VacancyFactory.build(slug=slug).full_clean()
    assert "slug" in caught.value.message_dict


def test_open_means_published_and_before_the_deadline():
    now = timezone.now()
    open_ones = {
        VacancyFactory(deadline=None),
        VacancyFactory(deadline=now + datetime.timedelta(minutes=5)),
    }
    VacancyFactory(deadline=now - datetime.timedelta(minutes=5))
    VacancyFactory(status="draft", published_at=None)
    VacancyFactory(status="closed")
    VacancyFactory(status="filled")
    assert set(Vacancy.objects.open()) == open_ones
    assert all(vacancy.is_open for vacancy in open_ones)


def test_days_left_count_in_brussels_time():
    # Days are counted between Brussels dates, whatever the time zone of the moment given.
    vacancy = VacancyFactory.build(
        deadline=datetime.datetime(2026, 12, 12, 23, 59, tzinfo=BRUSSELS)
    )
    late_evening = datetime.datetime(2026, 12, 10, 23, 30, tzinfo=BRUSSELS)
    assert vacancy.days_left(late_evening) == 2
    just_after_midnight = datetime.datetime(2026, 12, 10, 23, 30, tzinfo=datetime.UTC)  # 00:30 BXL
    assert vacancy.days_left(just_after_midnight) == 1
    assert VacancyFactory.build(deadline=None).days_left() is None


def test_facts_are_displayed_the_belgian_way():
    job = PaidJobFactory.build(
        salary_min=Decimal("3600"),
        salary_max=Decimal("4100"),
        start_kind="asap",
        duration_months=None,
    )
    # Thousands apart by a narrow no-break space, the euro sign after a no-break space.
    assert job.salary_display() == "de 3\u202f600\u00a0€ à 4\u202f100\u00a0€ par mois"
    assert job.workload_display() == "100 % d’un temps plein"
    assert job.start_display() == "Dès que possible"
    assert job.duration_display() == "Durée indéterminée"
    posting = VacancyFactory.build(
        start_kind="month",
        start_date=datetime.date(2027, 3, 1),
        duration_months=12,
        workload_unit="hours_week",
        workload_value=6,
    )
    assert posting.start_display() == "mars 2027"
    assert posting.duration_display() == "1 an"
    assert posting.workload_display() == "6 heures par semaine"
    with translation.override("en"):
        assert job.salary_display() == "€3,600 to €4,100 per month"


def test_employment_types_for_schema_org():
    assert PaidJobFactory.build(workload_value=100).employment_type() == "FULL_TIME"
    assert PaidJobFactory.build(workload_value=80).employment_type() == "PART_TIME"
    assert VacancyFactory.build(kind="internship").employment_type() == "INTERN"
    assert VacancyFactory.build(kind="cooperation").employment_type() == "VOLUNTEER"

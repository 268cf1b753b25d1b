"""The recruitment part of the cast: the coordination vacancy of Mexique, the volunteer's
application to it (Lucas), and another volunteer's application (Emma)."""

import pytest

from recruitment.models import DeclineReason
from tests.recruitment.factories import ApplicationFactory, CoordinationVacancyFactory


@pytest.fixture
def vacancy(coordination):
    return CoordinationVacancyFactory(coordination=coordination, slug="coordination-mexique")


@pytest.fixture
def application(vacancy, volunteer):
    return ApplicationFactory(vacancy=vacancy, applicant=volunteer, commitment_confirmed=True)


@pytest.fixture
def other_application(vacancy, other_volunteer):
    return ApplicationFactory(vacancy=vacancy, applicant=other_volunteer, commitment_confirmed=True)


@pytest.fixture
def decline_reason(db):
    # Seeded by the migration: staff may edit the catalogue, the tests use it as seeded.
    return DeclineReason.objects.get(code="position-filled")

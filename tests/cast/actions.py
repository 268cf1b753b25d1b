"""The actions part of the cast: a circular received by the secretariat, and one assigned to the
coordinator's coordination (``coordination``: Mexique)."""

import pytest

from tests.actions.factories import AssignmentFactory, CircularFactory


@pytest.fixture
def circular(db):
    return CircularFactory(reference="UA 123/26", countries=["MX"])


@pytest.fixture
def assigned_circular(circular, coordination):
    AssignmentFactory(circular=circular, coordination=coordination)
    return circular

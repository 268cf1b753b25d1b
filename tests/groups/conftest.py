"""The groups' tests read the places that the data migration loads."""

import pytest


@pytest.fixture(autouse=True)
def _places_for_db_tests(request):
    """A transactional test elsewhere in the suite flushes the database, and the places with
    it: every test of this folder that uses the database finds them all the same."""
    if request.node.get_closest_marker("django_db") is None and not {
        "db",
        "transactional_db",
    } & set(request.fixturenames):
        return
    request.getfixturevalue("places")

"""Every documented endpoint answers what the schema says (schemathesis, a few examples each).

The schema is read from the running application (its WSGI app, through the URL that serves
it), with the public data of conftest.py in the database; schemathesis then generates requests
for each operation from its parameters, and checks each answer: no server error, a documented
status and content type, a body and headers that match the schema.

The operations are driven from a plain test (schemathesis' strategy under hypothesis) rather
than its pytest plugin, whose lazy fixture loader reads pytest internals that pytest 9 removed.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application

pytestmark = pytest.mark.django_db

# Each operation of the schema (test_schema.py checks that this is all of them).
OPERATIONS = [
    "/api/v1/",
    "/api/v1/vacancies/",
    "/api/v1/vacancies/{slug}/",
    "/api/v1/coordinations/",
    "/api/v1/groups/",
    "/api/v1/groups/near/",
    "/api/v1/actions/",
    "/api/v1/events/",
]
MAX_EXAMPLES = 12
# "A postal code or commune, or a position" cannot be said in OpenAPI: a request with neither,
# or with a postal code nobody uses, is valid by the schema and still answered 400.
EXCLUDED_CHECKS = {"/api/v1/groups/near/": [positive_data_acceptance]}


@pytest.fixture
def api_schema(public_data, settings):
    # Schemathesis sends more requests in a minute than one address may.
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "api": (1_000_000, 60)}
    # The WSGI handler closes the database connection after each request (Django's test
    # client does not): it would close the test's transaction, and its data with it.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_the_list_of_operations_is_the_schema(api_schema):
    assert sorted(OPERATIONS) == sorted(api_schema.raw_schema["paths"])


@pytest.mark.parametrize("path", OPERATIONS)
def test_every_endpoint_answers_as_documented(api_schema, path):
    operation = api_schema[path]["GET"]
    answered = []

    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        # A cursor is valid only when the API gave it (it is signed): an invented one is refused
        # with 400 although the schema can only call it a string. test_endpoints.py follows the
        # cursors the API gives.
        if case.query:
            case.query.pop("cursor", None)
        response = case.call_and_validate(excluded_checks=EXCLUDED_CHECKS.get(path, []))
        answered.append(response.status_code)

    check()
    assert answered, f"no request was made to {path}"

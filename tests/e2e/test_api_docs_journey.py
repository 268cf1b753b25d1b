"""A developer reads the API's documentation: Swagger UI, from the portal's own files, shows
every endpoint of the schema, and the Content Security Policy refuses nothing on the way."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_documentation_shows_every_endpoint_under_the_policy(journey, vacancy):
    page = journey.page
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused" in message.text else None,
    )
    journey.goto("/api/v1/docs/")
    # In the browser's language (French), or in English until the catalogue has it.
    title = re.compile(r"^(API publique|Public API)$")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    for path in (
        "/api/v1/vacancies/",
        "/api/v1/vacancies/{slug}/",
        "/api/v1/coordinations/",
        "/api/v1/groups/near/",
        "/api/v1/actions/",
    ):
        expect(page.locator(".opblock-summary-path", has_text=path).first).to_be_visible()
    journey.shot("the documentation")
    # Open one endpoint: its parameters are documented.
    page.locator(".opblock-summary-path", has_text="/api/v1/groups/near/").first.click()
    expect(page.locator(".parameters").get_by_text("lat", exact=True)).to_be_visible()
    journey.shot("groups near, opened")
    assert refused == [], refused

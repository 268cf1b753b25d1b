"""The OpenAPI schema: valid OpenAPI 3, complete, and served as the API serves everything."""

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

from api.v1 import ENDPOINTS, QUERY_PARAMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.has_header("ETag")
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)  # raises on any error


def test_every_endpoint_is_documented_with_the_parameters_it_reads(schema):
    documented = {}
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, f"{path}: the API only reads"
        documented[path] = {
            parameter["name"]
            for parameter in operations["get"]["parameters"]
            if parameter["in"] == "query"
        }
    for name, params in QUERY_PARAMS.items():
        if name == "openapi-json":
            continue
        path = reverse(f"api_v1:{name}", kwargs={"slug": "x"} if name == "vacancy" else {})
        path = path.replace("/x/", "/{slug}/")
        # The normalisers (the cache key) and the documented parameters are the same list.
        assert documented.pop(path) == {"lang", *params}, path
    assert documented == {}, f"documented but not served: {sorted(documented)}"
    assert set(ENDPOINTS) <= set(QUERY_PARAMS)


def test_every_endpoint_documents_its_cache_answers_and_the_rate_limit(schema):
    for path, operations in schema["paths"].items():
        answers = operations["get"]["responses"]
        assert {"200", "304", "429"} <= set(answers), path
        assert "Retry-After" in answers["429"]["headers"], path
        assert "ETag" in answers["200"]["headers"], path


def test_the_schema_links_to_the_feeds(schema):
    feed = "http://127.0.0.1:8000/fr/vacancies/feed/"
    assert schema["externalDocs"]["url"] == feed
    assert feed in schema["info"]["description"]


def test_the_feeds_follow_the_language(client):
    schema = client.get("/api/v1/schema/?lang=en").json()
    assert "http://127.0.0.1:8000/en/vacancies/feed/" in schema["info"]["description"]


def test_optional_parameters_are_not_documented_as_null(schema):
    for operations in schema["paths"].values():
        for parameter in operations["get"]["parameters"]:
            assert "anyOf" not in parameter["schema"], parameter
            assert parameter["required"] is (parameter["in"] == "path"), parameter

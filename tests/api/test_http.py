"""What every answer of the API goes through (api/http.py): conditional requests, the shared
cache and its data version, CORS, the methods, the rate limit."""

import datetime

import pytest
from django.urls import resolve
from django.utils.http import http_date, parse_http_date

from api import http as api_http
from tests.recruitment.factories import VacancyFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/vacancies/"


# Conditional requests ----------------------------------------------------------------------------


def test_an_unchanged_answer_is_a_304_for_its_etag(client, public_data):
    first = client.get(URL)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=60"
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(URL, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert client.get(URL, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_an_unchanged_answer_is_a_304_since_its_last_modified(client, public_data):
    first = client.get(URL)
    since = first["Last-Modified"]
    assert client.get(URL, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    earlier = http_date(parse_http_date(since) - 1)
    assert client.get(URL, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110).
    assert (
        client.get(URL, HTTP_IF_NONE_MATCH='"other"', HTTP_IF_MODIFIED_SINCE=since).status_code
        == 200
    )


def test_a_change_shows_at_once_with_a_new_etag(client, public_data):
    first = client.get(URL)
    assert client.get(URL)["X-Page-Cache"] == "hit"
    VacancyFactory(slug="new-one")
    changed = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert "new-one" in changed.content.decode()


def test_a_change_elsewhere_gives_the_same_etag_for_the_same_answer(client, public_data):
    first = client.get("/api/v1/groups/")
    VacancyFactory(slug="new-one")  # a new data version, nothing new among the groups
    again = client.get("/api/v1/groups/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["X-Page-Cache"] == "miss"


def test_each_language_has_its_own_answer_and_etag(client, public_data):
    french = client.get(URL)
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert french["ETag"] != english["ETag"]
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]
    assert client.get(URL + "?lang=en", HTTP_IF_NONE_MATCH=english["ETag"]).status_code == 304


def test_spellings_of_the_same_question_share_one_cache_entry(client, public_data):
    client.get(URL + "?kind=paid_job")
    for spelling in ("?kind=PAID_JOB", "?kind=paid_job&utm_source=x", "?kind=%20paid_job%20"):
        assert client.get(URL + spelling)["X-Page-Cache"] == "hit", spelling


def remembered(url: str) -> dict:
    return resolve(url).func.known_queries


def test_each_endpoint_remembers_how_it_read_an_address_within_bounds(
    client, public_data, monkeypatch
):
    assert client.get(URL + "?kind=PAID_JOB&utm_source=x").status_code == 200
    assert remembered(URL)["kind=PAID_JOB&utm_source=x"] == "kind=paid_job"
    again = client.get(URL + "?kind=PAID_JOB&utm_source=x")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == client.get(URL + "?kind=paid_job").content
    # A wrong value is remembered as it came, and refused each time.
    for _ in range(2):
        assert client.get(URL + "?kind=manager").status_code == 400
    # Another endpoint reads the same address with its own parameters.
    near = "/api/v1/groups/near/"
    assert "kind=PAID_JOB&utm_source=x" not in remembered(near)
    assert client.get(near + "?kind=PAID_JOB&utm_source=x").status_code == 400  # no origin
    assert remembered(near)["kind=PAID_JOB&utm_source=x"] == ""
    # A long address is answered but not remembered, and the memory is bounded.
    long = "?kind=paid_job&" + "x" * 300
    assert client.get(URL + long).status_code == 200
    assert long[1:] not in remembered(URL)
    monkeypatch.setattr(api_http, "KNOWN_QUERIES", 3)
    remembered(URL).clear()  # what earlier tests in this process asked
    for page in range(1, 6):
        client.get(URL + f"?limit={page}")
        assert len(remembered(URL)) <= 3


def test_errors_are_never_kept(client, public_data):
    for _ in range(2):
        response = client.get(URL + "?kind=manager")
        assert response.status_code == 400
        assert "X-Page-Cache" not in response
        assert not response.has_header("ETag")


def test_logged_in_people_get_the_same_answer_never_stored(client, public_data, volunteer):
    anonymous = client.get(URL)
    client.force_login(volunteer)
    logged_in = client.get(URL)
    assert logged_in.content == anonymous.content
    assert "no-store" in logged_in["Cache-Control"]


# CORS and methods --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/", URL, "/api/v1/schema/", "/api/v1/docs/"])
def test_any_origin_may_read_without_credentials(client, public_data, url):
    response = client.get(url, HTTP_ORIGIN="https://www.example.be")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    head = client.head(url, HTTP_ORIGIN="https://www.example.be")
    assert head.status_code == 200
    assert head["Access-Control-Allow-Origin"] == "*"
    assert head.content == b""
    if url != "/api/v1/docs/":  # an HTML page, whose CSRF token differs at each request
        assert head["Content-Length"] == str(len(response.content))
        assert head["ETag"] == response["ETag"]


def test_the_preflight_allows_reading_with_conditional_headers(client, public_data):
    response = client.options(
        URL,
        HTTP_ORIGIN="https://www.example.be",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in client.get(URL)["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_only_reads(client, public_data, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_other_addresses_are_a_json_404_or_the_same_with_its_slash(client, public_data):
    response = client.get("/api/v1/volunteers/")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert response["Access-Control-Allow-Origin"] == "*"
    redirect = client.get("/api/v1/vacancies?kind=paid_job")
    assert redirect.status_code == 301
    assert redirect["Location"] == "/api/v1/vacancies/?kind=paid_job"


# The rate limit ----------------------------------------------------------------------------------


@pytest.fixture
def three_a_minute(settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "api": (3, 60)}


def test_too_many_requests_from_one_address_are_a_429_with_retry_after(
    client, public_data, three_a_minute, caplog
):
    for _ in range(3):
        assert client.get(URL).status_code == 200
    refused = client.get(URL)
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert refused["Cache-Control"] == "no-store"
    # Another address is served; conditional requests count as well.
    assert client.get(URL, REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get(URL, HTTP_IF_NONE_MATCH="*").status_code == 429
    assert sum("rate_limited" in record.getMessage() for record in caplog.records) == 1


def test_the_limit_counts_the_client_behind_our_proxy_never_the_header_it_sends(
    client, public_data, three_a_minute, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(4):
        # Each request claims another address in front of our proxy: only the last entry counts.
        forwarded = f"203.0.113.{number}, 198.51.100.9"
        response = client.get(URL, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == 429
    other = client.get(URL, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.10")
    assert other.status_code == 200


def test_the_window_ends_and_the_address_is_served_again(
    client, public_data, three_a_minute, clock
):
    for _ in range(4):
        response = client.get(URL)
    assert response.status_code == 429
    clock.shift(datetime.timedelta(seconds=int(response["Retry-After"]) + 1))
    assert client.get(URL).status_code == 200

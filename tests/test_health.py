from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_unreachable(client, settings):
    settings.REDIS_URL = ""
    with mock.patch("config.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["database"] == "unreachable"


def test_healthz_reports_the_broker_and_still_answers_200_without_it(client, settings):
    # Without the broker, messages wait in the outbox: the portal still serves.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "ok", "broker": "unreachable"},
    }


def test_healthz_reports_an_unreachable_cache_and_still_answers_200(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"] == "unreachable"


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_passes_in_production_whatever_the_host_and_scheme(client, settings):
    """The container's check calls http://127.0.0.1:8000/healthz: neither that Host nor plain
    HTTP is accepted anywhere else in production."""
    settings.REDIS_URL = ""
    settings.ALLOWED_HOSTS = ["portail.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # Every other address still checks the Host, and still sends plain HTTP to HTTPS.
    assert client.get("/fr/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    assert client.get("/healthz/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    assert client.get("/fr/", HTTP_HOST="portail.example.org").status_code == 301
    assert client.post("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 405


def test_healthz_passes_with_the_production_settings(tmp_path):
    """The same, with the settings production really loads (DJANGO_ENV=production)."""
    from tests.test_settings import run

    result = run(
        "import django; django.setup(); from django.test import Client; "
        "client = Client(); "
        "print(client.get('/healthz', HTTP_HOST='127.0.0.1:8000').status_code, "
        "client.get('/fr/', HTTP_HOST='127.0.0.1:8000').status_code, "
        "client.get('/fr/', HTTP_HOST='portal.example.org').status_code)",
        DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}",
        REDIS_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "400", "301"]

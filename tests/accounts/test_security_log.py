import json
import logging

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def events(caplog):
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.security"]


def test_login_success_and_failure_are_logged_without_the_password(client, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    user = UserFactory(email="lucas@example.org")
    client.post(
        reverse("account_login"), {"login": "lucas@example.org", "password": "wrong-secret-123"}
    )
    client.post(reverse("account_login"), {"login": "lucas@example.org", "password": PASSWORD})
    logged = events(caplog)
    assert [e["event"] for e in logged] == ["login.failure", "login.success"]
    assert logged[1]["user"] == user.pk
    everything = caplog.text
    assert "wrong-secret-123" not in everything and PASSWORD not in everything
    assert "lucas@example.org" not in everything


def test_denied_staff_page_is_logged(volunteer_client, volunteer, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    from accounts.permissions import staff_required

    @staff_required
    def view(request):  # pragma: no cover - never reached by a volunteer
        raise AssertionError

    from django.http import Http404
    from django.test import RequestFactory

    request = RequestFactory().get("/fr/dashboard/")
    request.user = volunteer
    with pytest.raises(Http404):
        view(request)
    assert '"event": "denied"' in caplog.text


def test_pages_for_logged_in_people_are_not_stored(volunteer_client, client):
    response = volunteer_client.get(reverse("accounts:me"))
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert "no-store" not in client.get("/fr/").get("Cache-Control", "")

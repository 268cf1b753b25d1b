"""Brute force and abuse: allauth's limits on log-in, sign-up and password reset; the portal's
own limits on applications, contact messages and visit requests; the trap for robots."""

import datetime
import json
import logging
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import VisitRequest
from recruitment.models import Application, InterestRegistration
from tests.factories import PASSWORD, UserFactory
from tests.recruitment.factories import VacancyFactory

pytestmark = pytest.mark.django_db

LETTER = (
    "Je suis l’actualité mexicaine depuis des années et je voudrais mettre ce que je sais au "
    "service des groupes locaux."
)
TOO_OFTEN = "Vous avez envoyé ce formulaire plusieurs fois en peu de temps"
TRAP_MESSAGE = "Votre envoi n’a pas pu être accepté"
MESSAGE = {
    "name": "Claire",
    "email": "claire@example.org",
    "message": "Bonjour, je voudrais rejoindre votre groupe.",
    "website": "",
}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


def security_events(caplog, event):
    return [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "portal.security" and f'"event": "{event}"' in record.getMessage()
    ]


def limit(settings, scope, count):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, scope: (count, 3600)}


def apply_url(vacancy):
    return reverse("recruitment:vacancy_apply", args=[vacancy.slug])


def visit_url(group, mandate):
    return reverse("groups:visit_request", args=[group.slug, mandate.pk])


def visit_data(**changes):
    day = timezone.localdate() + datetime.timedelta(days=20)
    return {"first_date": day.isoformat(), "topic": "La situation au Mexique", **changes}


# allauth ---------------------------------------------------------------------------------------


def test_failed_logins_on_one_address_are_stopped_even_with_the_right_password(client):
    UserFactory(email="lucas@example.org")
    url = reverse("account_login")
    for _ in range(5):
        response = client.post(url, {"login": "lucas@example.org", "password": "faux-" * 3})
        assert response.status_code == 200
    response = client.post(url, {"login": "lucas@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    # allauth answers the form again, with its message on the form.
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()


def test_many_logins_from_one_address_get_429(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    url = reverse("account_login")
    statuses = [
        client.post(url, {"login": f"p{n}@example.org", "password": "x" * 12}).status_code
        for n in range(4)
    ]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429


def test_sign_ups_from_one_address_are_limited(client):
    url = reverse("account_signup")
    # allauth's own limit: 20 a minute per address.
    statuses = [client.post(url, {"email": f"robot{n}@example.org"}).status_code for n in range(21)]
    assert set(statuses[:20]) == {200}
    assert statuses[20] == 429


def test_password_resets_for_one_address_are_limited(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="lucas@example.org")
    url = reverse("account_reset_password")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            assert client.post(url, {"email": "lucas@example.org"}).status_code == 302
        response = client.post(url, {"email": "lucas@example.org"})
    assert response.status_code == 429
    assert len(mailoutbox) == 5


def test_the_limits_use_the_shared_cache(settings):
    # Locmem on one machine; REDIS_URL switches every limit to Redis (see config/settings.py).
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"]
    assert settings.CACHES["default"]["BACKEND"].endswith(("LocMemCache", "RedisCache"))


# The portal's forms ----------------------------------------------------------------------------


def test_applications_beyond_the_limit_are_refused(client, volunteer, settings, caplog):
    limit(settings, "application", 2)
    client.force_login(volunteer)
    vacancies = [VacancyFactory() for _ in range(3)]
    for vacancy in vacancies[:2]:
        data = {"motivation": LETTER, "consent": "on"}
        assert client.post(apply_url(vacancy), data).status_code == 302
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = client.post(apply_url(vacancies[2]), {"motivation": LETTER, "consent": "on"})
    assert response.status_code == 429
    assert TOO_OFTEN in response.content.decode()
    assert Application.objects.count() == 2
    [event] = security_events(caplog, "rate_limited")
    assert event["scope"] == "application" and event["user"] == volunteer.pk


def test_a_form_with_mistakes_does_not_use_up_the_allowance(client, volunteer, vacancy, settings):
    limit(settings, "application", 1)
    client.force_login(volunteer)
    for _ in range(3):
        assert client.post(apply_url(vacancy), {"motivation": "trop court"}).status_code == 200
    data = {"motivation": LETTER, "consent": "on", "commitment_confirmed": "on"}
    assert client.post(apply_url(vacancy), data).status_code == 302


def test_contact_messages_beyond_the_limit_are_refused(
    client, group, leader, settings, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    limit(settings, "contact", 2)
    url = reverse("groups:contact", args=[group.slug])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert client.post(url, MESSAGE).status_code == 302
        with caplog.at_level(logging.INFO, logger="portal.security"):
            response = client.post(url, MESSAGE)
    assert response.status_code == 429
    assert "Merci d’attendre une heure" in response.content.decode()
    assert len(mailoutbox) == 2
    [event] = security_events(caplog, "rate_limited")
    assert event["scope"] == "contact" and event["ip"] == "127.0.0.1"


def test_visit_requests_beyond_the_limit_are_refused(
    leader_client, leader, group, coordinator, settings, caplog
):
    limit(settings, "visit_request", 2)
    url = visit_url(group, coordinator.mandates.get())
    for _ in range(2):
        assert leader_client.post(url, visit_data()).status_code == 302
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = leader_client.post(url, visit_data())
    assert response.status_code == 429
    assert TOO_OFTEN in response.content.decode()
    assert VisitRequest.objects.count() == 2
    [event] = security_events(caplog, "rate_limited")
    assert event["scope"] == "visit_request" and event["user"] == leader.pk


def test_the_limit_is_per_person(client, volunteer, other_volunteer, settings):
    limit(settings, "application", 1)
    first, second = VacancyFactory(), VacancyFactory()
    client.force_login(volunteer)
    assert client.post(apply_url(first), {"motivation": LETTER, "consent": "on"}).status_code == 302
    assert (
        client.post(apply_url(second), {"motivation": LETTER, "consent": "on"}).status_code == 429
    )
    client.force_login(other_volunteer)
    assert client.post(apply_url(first), {"motivation": LETTER, "consent": "on"}).status_code == 302


# The trap for robots ---------------------------------------------------------------------------


def test_a_filled_trap_on_the_application_form_stores_nothing(
    client, volunteer, vacancy, caplog, mailoutbox, private_media
):
    client.force_login(volunteer)
    data = {"motivation": LETTER, "consent": "on", "commitment_confirmed": "on"}
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = client.post(apply_url(vacancy), {**data, "website": "http://spam.example"})
    assert response.status_code == 200
    assert TRAP_MESSAGE in response.content.decode()
    assert not Application.objects.exists()
    assert mailoutbox == []
    [event] = security_events(caplog, "honeypot")
    assert event["form"] == "ApplicationForm" and event["user"] == volunteer.pk


def test_a_filled_trap_on_the_contact_form_sends_nothing(
    client, group, leader, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    url = reverse("groups:contact", args=[group.slug])
    with (
        django_capture_on_commit_callbacks(execute=True),
        caplog.at_level(logging.INFO, logger="portal.security"),
    ):
        response = client.post(url, {**MESSAGE, "website": "http://spam.example"})
    # The robot is told nothing useful: it sees the usual thanks.
    assert response.status_code == 302
    assert mailoutbox == []
    [event] = security_events(caplog, "honeypot")
    assert event["form"] == "ContactForm"


def test_a_filled_trap_on_the_visit_request_sends_nothing(
    leader_client, group, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    url = visit_url(group, coordinator.mandates.get())
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(url, visit_data(website="x"))
    assert response.status_code == 200
    assert TRAP_MESSAGE in response.content.decode()
    assert not VisitRequest.objects.exists()
    assert mailoutbox == []


def test_a_filled_trap_on_the_interest_form_keeps_nothing(volunteer_client, coordination):
    response = volunteer_client.post(
        reverse("recruitment:interest_register"),
        {
            "kind": "coordination",
            "coordination": coordination.slug,
            "consent": "on",
            "website": "win",
        },
    )
    assert response.status_code == 200
    assert TRAP_MESSAGE in response.content.decode()
    assert not InterestRegistration.objects.exists()


class TrapFinder(HTMLParser):
    """Finds the trap's input and the elements around it."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr", "area", "col", "base"}

    def __init__(self):
        super().__init__()
        self.stack, self.found, self.labels = [], None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "website":
            self.found = (attrs, [dict(a) for _t, a in self.stack])
        if tag == "label" and attrs.get("for") == "id_website":
            self.labels.append([dict(a) for _t, a in self.stack])
        if tag not in self.VOID:
            self.stack.append((tag, list(attrs.items())))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break


def trap_on(page: str):
    finder = TrapFinder()
    finder.feed(page)
    assert finder.found, "the trap is missing"
    return finder


@pytest.mark.parametrize("page", ["apply", "contact", "visit", "interest"])
def test_the_trap_is_there_but_hidden_from_people(
    client, volunteer, leader, vacancy, group, coordinator, page
):
    if page == "apply":
        client.force_login(volunteer)
        url = apply_url(vacancy)
    elif page == "contact":
        url = reverse("groups:detail", args=[group.slug])
    elif page == "visit":
        client.force_login(leader)
        url = visit_url(group, coordinator.mandates.get())
    else:
        client.force_login(volunteer)
        url = reverse("recruitment:interest_register")
    response = client.get(url)
    assert response.status_code == 200
    finder = trap_on(response.content.decode())
    attrs, ancestors = finder.found
    assert attrs["type"] == "text"
    assert attrs["tabindex"] == "-1"  # never reached with the keyboard
    assert attrs["autocomplete"] == "off"  # never filled in by the browser
    wrapper = next(a for a in reversed(ancestors) if a.get("aria-hidden") == "true")
    assert set(wrapper["class"].split()) & {"visually-hidden", "groups-hp"}
    # Its only label is inside the hidden block: nothing for a screen reader to announce.
    assert finder.labels and all(
        any(a.get("aria-hidden") == "true" for a in label) for label in finder.labels
    )

"""The security log: one structured JSON line on ``portal.security`` per event, with who, what
and from where; never a password, never the content of a CV, whatever logger writes."""

import json
import logging

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.recruitment.files import pdf_with

pytestmark = pytest.mark.django_db

# Distinctive values: if any of them shows up in any log record, something leaked.
SECRET_PASSWORD = "Zq8-unique-Mot2Passe-ne-jamais-journaliser"
WRONG_PASSWORD = "Xk4-autre-Mot2Passe-faux-et-unique"
CV_MARKER = b"CV-CONTENT-7f3a9c-DO-NOT-LOG"
# A real one-page PDF (the validator parses it) that carries the marker in its text.
CV_CONTENT = pdf_with(b"<</Length %d>>stream\n%s\nendstream" % (len(CV_MARKER), CV_MARKER))
LETTER = (
    "Je suis l’actualité mexicaine depuis des années et je voudrais mettre ce que je sais au "
    "service des groupes locaux."
)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


def events(caplog) -> list[dict]:
    """The security lines, each parsed: a line that is not JSON fails the test here."""
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.security"]


def one_event(caplog, name) -> dict:
    found = [event for event in events(caplog) if event["event"] == name]
    assert len(found) == 1, events(caplog)
    return found[0]


def test_a_log_in_writes_one_line(client, caplog):
    user = UserFactory(email="lucas@example.org")
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = client.post(
            reverse("account_login"), {"login": "lucas@example.org", "password": PASSWORD}
        )
    assert response.status_code == 302
    event = one_event(caplog, "login.success")
    assert event["user"] == user.pk
    assert event["ip"] == "127.0.0.1"
    assert event["path"] == reverse("account_login")


def test_a_failed_log_in_writes_one_line_without_the_address(client, caplog):
    UserFactory(email="lucas@example.org")
    with caplog.at_level(logging.INFO, logger="portal.security"):
        client.post(
            reverse("account_login"), {"login": "lucas@example.org", "password": WRONG_PASSWORD}
        )
    event = one_event(caplog, "login.failure")
    assert event["user"] is None
    assert event["ip"] == "127.0.0.1"
    assert len(event["login_hash"]) == 12
    line = json.dumps(event)
    assert "lucas@example.org" not in line and WRONG_PASSWORD not in line


def test_a_denied_request_writes_one_line(client, other_volunteer, application, caplog):
    client.force_login(other_volunteer)
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = client.get(reverse("recruitment:application_detail", args=[application.pk]))
    assert response.status_code == 404
    event = one_event(caplog, "denied")
    assert event["user"] == other_volunteer.pk
    assert event["action"] == "recruitment.view_application"
    assert event["object"] == f"recruitment.application#{application.pk}"


def test_a_staff_only_page_refused_writes_one_line(volunteer_client, volunteer, caplog):
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = volunteer_client.get(reverse("dashboard:export_groups"))
    assert response.status_code == 404
    event = one_event(caplog, "denied")
    assert event["user"] == volunteer.pk and event["action"] == "staff"
    assert event["path"] == reverse("dashboard:export_groups")


def test_a_csv_export_writes_one_line(staff_client, staff, group, caplog):
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = staff_client.get(reverse("dashboard:export_groups"))
        b"".join(response.streaming_content)
    assert response.status_code == 200
    event = one_event(caplog, "export")
    assert event["user"] == staff.pk
    assert event["export"] and event["rows"] >= 1
    assert event["ip"] == "127.0.0.1"


def with_cv(application):
    application.cv.save("cv.pdf", ContentFile(CV_CONTENT), save=False)
    application.cv_name = "Mon CV.pdf"
    application.save()
    return application


def test_a_cv_download_by_staff_writes_one_line_without_the_content(
    staff_client, staff, application, caplog
):
    with_cv(application)
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = staff_client.get(reverse("recruitment:application_cv", args=[application.pk]))
        assert b"".join(response.streaming_content) == CV_CONTENT
    event = one_event(caplog, "cv_download")
    assert (event["application"], event["vacancy"], event["user"]) == (
        application.pk,
        application.vacancy_id,
        staff.pk,
    )
    assert event["ip"] == "127.0.0.1"
    line = json.dumps(event)
    assert CV_MARKER.decode() not in line and "Mon CV" not in line


def all_logs(caplog) -> str:
    """Every record of every logger, message and arguments, as one text."""
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        parts.append(repr(getattr(record, "request", "")))
        if record.exc_text:
            parts.append(record.exc_text)
    return "\n".join(parts)


def test_no_password_and_no_cv_content_ever_reaches_a_log(
    client, staff, vacancy, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)  # the root logger: every logger of every library
    with django_capture_on_commit_callbacks(execute=True):
        # Sign up with a distinctive password, then log in right and wrong.
        client.post(
            reverse("account_signup"),
            {
                "first_name": "Amina",
                "last_name": "Diallo",
                "email": "amina@example.org",
                "postal_code": "1060",
                "password1": SECRET_PASSWORD,
                "password2": SECRET_PASSWORD,
            },
        )
        client.post(
            reverse("account_login"), {"login": "amina@example.org", "password": WRONG_PASSWORD}
        )
        user = UserFactory(email="lucas@example.org", password=SECRET_PASSWORD)
        client.post(
            reverse("account_login"), {"login": "lucas@example.org", "password": SECRET_PASSWORD}
        )
        assert client.session.get("_auth_user_id") == str(user.pk)
        # Apply with a CV that carries a marker, then download it as staff.
        response = client.post(
            reverse("recruitment:vacancy_apply", args=[vacancy.slug]),
            {
                "motivation": LETTER,
                "consent": "on",
                "commitment_confirmed": "on",
                "cv": ContentFile(CV_CONTENT, name="cv.pdf"),
            },
        )
        assert response.status_code == 302
        application = user.vacancy_applications.get()
        client.force_login(staff)
        download = client.get(reverse("recruitment:application_cv", args=[application.pk]))
        assert CV_MARKER in b"".join(download.streaming_content)
        # A hostile upload refused, with the marker inside.
        client.force_login(user)
        client.post(
            reverse("recruitment:vacancy_apply", args=[vacancy.slug]),
            {"motivation": LETTER, "consent": "on", "cv": ContentFile(b"MZ" + CV_MARKER, "x.pdf")},
        )
    logged = all_logs(caplog)
    assert len(caplog.records) >= 5  # the flows did log: this test is watching
    assert SECRET_PASSWORD not in logged
    assert WRONG_PASSWORD not in logged
    assert CV_MARKER.decode() not in logged

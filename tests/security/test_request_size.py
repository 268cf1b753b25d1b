"""Request bodies have a size limit (MAX_REQUEST_BYTES), enforced before anything reads them.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count the files of a form, and files are written to
disk as they come: without the limit, one upload could fill the disk. The forms' own limits stay
in charge below it: a CV of just over 5 MB gets the form's message, not this page
(tests/recruitment/test_apply.py::test_a_bad_cv_is_refused_with_a_message_and_nothing_is_saved).
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from actions.models import CircularAttachment
from actions.validators import MAX_ATTACHMENT_BYTES
from recruitment.models import Application
from tests.recruitment.factories import PaidJobFactory
from tests.recruitment.files import pdf_bytes

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOUNDARY = "limit-test-boundary"


class StreamedBody:
    """A multipart body of ``size`` bytes made as it is read, counting what was read."""

    def __init__(self, size: int):
        head = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="message"\r\n\r\n').encode()
        self.size = size
        self.head = head
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        remaining = self.size - self.read_bytes
        size = remaining if size is None or size < 0 else min(size, remaining)
        start = self.read_bytes
        self.read_bytes += size
        chunk = self.head[start : start + size]
        return chunk + b"x" * (size - len(chunk))

    def readline(self, size: int = -1) -> bytes:
        return self.read(size if size and size > 0 else 64 * 1024)


def post_streamed(client: Client, url: str, size: int):
    body = StreamedBody(size)
    response = client.generic(
        "POST",
        url,
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": body},
    )
    return response, body


def test_an_oversized_body_is_refused_before_it_is_read(group, leader, mailoutbox, caplog):
    caplog.set_level("INFO", logger="portal.security")
    visitor = Client()
    url = reverse("groups:contact", args=[group.slug])
    response, body = post_streamed(visitor, f"/en{url.removeprefix('/fr')}", 7 * MB)
    assert response.status_code == 413
    assert body.read_bytes == 0
    page = response.content.decode()
    assert "What you sent is too large" in page and "6.0\xa0MB" in page
    assert mailoutbox == []
    # A page of the portal like any other: its headers, in the visitor's language.
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"
    french, _body = post_streamed(visitor, url, 7 * MB)
    assert french.status_code == 413 and '<html lang="fr"' in french.content.decode()
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.security"]
    assert [(e["event"], e["size"], e["limit"]) for e in events] == [
        ("request.too_large", 7 * MB, 6 * MB)
    ] * 2


def test_a_body_within_the_limit_reaches_the_form(group, leader):
    response, body = post_streamed(Client(), reverse("groups:contact", args=[group.slug]), 5 * MB)
    assert response.status_code != 413
    assert body.read_bytes > 0


def test_a_cv_larger_than_the_limit_gets_the_page_and_nothing_is_saved(
    volunteer_client, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    job = PaidJobFactory()
    response = volunteer_client.post(
        reverse("recruitment:vacancy_apply", args=[job.slug]),
        {
            "motivation": "Je voudrais mettre ce que je sais au service des groupes locaux. " * 3,
            "consent": "on",
            "cv": SimpleUploadedFile("cv.pdf", pdf_bytes(7 * MB)),
        },
    )
    assert response.status_code == 413
    assert not Application.objects.exists()
    assert not (tmp_path / "private-media").exists() or not any(
        (tmp_path / "private-media").rglob("*.*")
    )


def test_the_limit_is_a_setting(group, leader, settings):
    settings.MAX_REQUEST_BYTES = 100 * 1024
    response, body = post_streamed(Client(), reverse("groups:contact", args=[group.slug]), 200_000)
    assert response.status_code == 413 and body.read_bytes == 0


def test_staff_attach_a_circular_of_ten_megabytes(staff_client, circular, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    url = reverse("actions:attachment_upload", args=[circular.pk])
    document = SimpleUploadedFile(
        "UA-123-26.pdf", pdf_bytes(MAX_ATTACHMENT_BYTES), content_type="application/pdf"
    )
    response = staff_client.post(url, {"file": document, "title": "Rapport complet"})
    assert response.status_code == 302
    assert CircularAttachment.objects.get().title == "Rapport complet"


def test_a_volunteer_cannot_send_what_staff_may(volunteer_client, circular):
    url = reverse("actions:attachment_upload", args=[circular.pk])
    response, body = post_streamed(volunteer_client, url, 11 * MB)
    assert response.status_code == 413 and body.read_bytes == 0

"""A CV or an attachment whose row never got saved (a refused, failed or killed request) does not
stay on disk: the services remove it when they see the failure, a daily sweep removes what they
could not see, and nothing a row points to is ever touched."""

import os
import time
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from actions import services as action_services
from actions.models import CircularAttachment
from config.private_media import remove_orphan_files
from recruitment import services
from recruitment.models import Application
from recruitment.tasks import cleanup_orphan_files
from tests.actions.factories import CircularFactory, pdf_upload
from tests.recruitment.conftest import stored_files
from tests.recruitment.factories import ApplicationFactory
from tests.recruitment.files import pdf_bytes

pytestmark = pytest.mark.django_db
TWO_DAYS = 2 * 24 * 3600


def age(path, seconds: int = TWO_DAYS) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def write(root, name: str) -> object:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 orphan")
    return path


def test_the_sweep_removes_old_files_that_no_row_points_to(private_media, volunteer):
    application = ApplicationFactory(applicant=volunteer)
    application.cv.save("cv.pdf", ContentFile(pdf_bytes()))
    attachment = CircularAttachment(circular=CircularFactory(), title="UA")
    attachment.file.save("document.pdf", ContentFile(pdf_bytes()))
    kept = [private_media / application.cv.name, private_media / attachment.file.name]
    for path in kept:
        age(path)  # old, but a row points to them
    old_cv = write(private_media, "cvs/2026/10/0123456789abcdef.pdf")
    old_attachment = write(private_media, "circulars/2026/10/fedcba9876543210.pdf")
    recent = write(private_media, "cvs/2026/11/being-uploaded-now.pdf")
    elsewhere = write(private_media, "notes/readme.txt")  # not an upload folder: never touched
    for path in (old_cv, old_attachment, elsewhere):
        age(path)

    assert cleanup_orphan_files() == 2

    assert stored_files(private_media) == sorted([*kept, recent, elsewhere])


def test_a_dry_run_removes_nothing(private_media):
    orphan = write(private_media, "cvs/2026/10/orphan.pdf")
    age(orphan)
    result = remove_orphan_files(dry_run=True)
    assert (result.removed, orphan.exists()) == (1, True)


def test_without_any_upload_folder_the_sweep_has_nothing_to_do(private_media):
    assert cleanup_orphan_files() == 0


def test_an_application_rolled_back_after_its_cv_was_written_is_swept(
    private_media, volunteer, vacancy
):
    """The request dies after the service returned (the transaction around it rolls back): the
    CV written for it stays on disk until the sweep, a day later, removes it."""
    with pytest.raises(RuntimeError), transaction.atomic():
        services.application_submit(
            vacancy=vacancy,
            applicant=volunteer,
            motivation="x" * 200,
            consent=True,
            commitment_confirmed=True,
            cv=pdf_upload("cv.pdf", pdf_bytes()),
        )
        raise RuntimeError("the worker was killed")
    assert not Application.objects.exists()
    [orphan] = stored_files(private_media)
    assert cleanup_orphan_files() == 0  # too recent to judge: its request may still be running
    age(orphan)
    assert cleanup_orphan_files() == 1
    assert stored_files(private_media) == []


def test_a_refused_attachment_leaves_no_file(private_media, staff):
    circular = CircularFactory()
    with (
        mock.patch.object(CircularAttachment, "save", side_effect=RuntimeError("refused")),
        pytest.raises(RuntimeError),
    ):
        action_services.attachment_add(circular=circular, file=pdf_upload(), uploaded_by=staff)
    assert stored_files(private_media) == []

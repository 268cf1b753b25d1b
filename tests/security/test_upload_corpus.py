"""The upload corpus (tests/security/upload_corpus/, built by its build.py): every file through
the real application form, through the circulars' document upload for the PDFs, and through
``validate_cv``. A refused file shows the form again with its message and leaves no row and no
file behind; an accepted one is stored. Real-world CVs (pandoc, docutils, Word-, LibreOffice-,
pdfTeX- and print-driver-like PDFs) are in it, so that the filter is shown to let CVs through."""

import csv
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from recruitment.documents import MESSAGES
from recruitment.models import Application
from recruitment.validators import validate_cv

CORPUS = Path(__file__).parent / "upload_corpus"
with open(CORPUS / "MANIFEST.csv", encoding="utf-8", newline="") as manifest:
    ROWS = list(csv.DictReader(manifest))
IDS = [row["file"] for row in ROWS]
# Codes raised by the validator itself rather than by the inspection (name, size, kind).
VALIDATOR_CODES = {
    "executable",
    "html",
    "not_pdf",
    "not_docx",
    "not_odt",
    "zip_bomb",
    "zip_entries",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
LETTER = (
    "Je suis l’actualité mexicaine depuis des années et je voudrais mettre ce que je sais au "
    "service des groupes locaux."
)


def content_of(row) -> bytes:
    return (CORPUS / row["file"]).read_bytes()


def upload(row) -> SimpleUploadedFile:
    extension = row["file"].rsplit(".", 1)[1]
    return SimpleUploadedFile(row["file"], content_of(row), content_type=CONTENT_TYPES[extension])


def stored_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


def test_the_corpus_has_sixty_files_or_more_each_with_its_reason():
    assert len(ROWS) >= 60
    assert len(set(IDS)) == len(IDS)
    on_disk = {path.name for path in CORPUS.iterdir()} - {"MANIFEST.csv", "build.py"}
    assert on_disk == set(IDS), "every file is listed in the manifest, and only those"
    for row in ROWS:
        assert row["verdict"] in ("accept", "refuse"), row
        assert len(row["reason"].split()) >= 5, f"{row['file']}: say why, in words"
        if row["verdict"] == "refuse":
            assert row["code"] in MESSAGES or row["code"] in VALIDATOR_CODES, row
        else:
            assert row["code"] == "", row
    verdicts = [row["verdict"] for row in ROWS]
    assert verdicts.count("accept") >= 15 and verdicts.count("refuse") >= 45
    for extension in ("pdf", "docx", "odt"):
        kinds = {row["verdict"] for row in ROWS if row["file"].endswith(f".{extension}")}
        assert kinds == {"accept", "refuse"}, extension


def test_the_corpus_stays_small():
    assert sum((CORPUS / name).stat().st_size for name in IDS) < 2 * 1024 * 1024


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_the_validator_gives_the_expected_verdict(row):
    if row["verdict"] == "accept":
        assert validate_cv(upload(row)) == row["file"].rsplit(".", 1)[1]
        return
    with pytest.raises(ValidationError) as caught:
        validate_cv(upload(row))
    assert caught.value.code == row["code"]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_each_file_through_the_real_application_form(
    client, volunteer, vacancy, private_media, row
):
    client.force_login(volunteer)
    data = {"motivation": LETTER, "consent": "on", "cv": upload(row)}
    if vacancy.minimum_commitment_months:
        data["commitment_confirmed"] = "on"
    response = client.post(reverse("recruitment:vacancy_apply", args=[vacancy.slug]), data)
    if row["verdict"] == "accept":
        assert response.status_code == 302, response.context and response.context["form"].errors
        application = Application.objects.get(applicant=volunteer)
        assert application.cv_name == row["file"]
        [stored] = stored_files(private_media)
        assert stored.read_bytes() == content_of(row)
        return
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data().get("cv", [])
    assert [error.code for error in errors] == [row["code"]]
    # The person reads why, under the field.
    [message] = response.context["form"].errors["cv"]
    assert escape(message) in response.content.decode()
    assert not Application.objects.exists()
    assert stored_files(private_media) == []


PDF_ROWS = [row for row in ROWS if row["file"].endswith(".pdf")]


@pytest.mark.django_db
@pytest.mark.parametrize("row", PDF_ROWS, ids=[row["file"] for row in PDF_ROWS])
def test_each_pdf_through_the_circulars_document_upload(staff_client, circular, private_media, row):
    """The circulars' documents get the same inspection: the attachment filter too."""
    url = reverse("actions:attachment_upload", args=[circular.pk])
    response = staff_client.post(url, {"file": upload(row), "title": "Complément"})
    if row["verdict"] == "accept":
        assert response.status_code == 302
        assert circular.attachments.count() == 1
        return
    assert response.status_code == 400
    # Renamed programs and web pages are first refused there as "not a PDF".
    expected = row["code"] if content_of(row).startswith(b"%PDF-") else "not_pdf"
    errors = response.context["attachment_form"].errors.as_data()["file"]
    assert [error.code for error in errors] == [expected]
    assert not circular.attachments.exists()
    assert stored_files(private_media) == []

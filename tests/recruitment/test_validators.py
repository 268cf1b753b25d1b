"""The CV checks, by content: each trick is refused with a clear message."""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import translation

from recruitment import documents
from recruitment.validators import validate_cv, validate_cv_name
from tests.recruitment.files import (
    FIVE_MB,
    docx_bytes,
    many_entries_bytes,
    odt_bytes,
    pdf_bytes,
    pdf_with,
    upload,
    zip_bomb_bytes,
)


def refusal(file, name=None) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_cv(file, name)
    return caught.value


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("cv.pdf", pdf_bytes(), "pdf"),
        ("CV Lucas.PDF", pdf_bytes(), "pdf"),
        ("cv.docx", docx_bytes(), "docx"),
        ("cv.odt", odt_bytes(), "odt"),
    ],
)
def test_real_documents_are_accepted(name, content, kind):
    assert validate_cv(upload(name, content)) == kind


def test_exactly_five_megabytes_is_accepted():
    file = upload("cv.pdf", pdf_bytes(FIVE_MB))
    assert file.size == 5 * 1024 * 1024
    assert validate_cv(file) == "pdf"


def test_one_byte_more_than_five_megabytes_is_refused():
    error = refusal(upload("cv.pdf", pdf_bytes(FIVE_MB + 1)))
    assert error.code == "too_large"
    assert error.messages == [
        "Ce fichier dépasse 5,0\xa0Mio, le poids maximum d’un CV\xa0: allégez-le."
    ]


def test_an_empty_file_is_refused():
    error = refusal(upload("cv.pdf", b""))
    assert error.code == "empty"
    assert error.messages == ["Le fichier est vide."]


@pytest.mark.parametrize(
    "content", [b"MZ\x90\x00\x03" + b"\0" * 200, b"\x7fELF\x02\x01\x01" + b"\0" * 200]
)
@pytest.mark.parametrize("name", ["cv.pdf", "cv.docx", "cv.odt"])
def test_a_renamed_program_is_refused(name, content):
    error = refusal(upload(name, content))
    assert error.code == "executable"
    assert "programme" in error.messages[0]


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"\xef\xbb\xbf  <html><body>CV</body></html>",
        b"<svg onload=alert(1)>",
    ],
)
def test_a_web_page_named_pdf_is_refused(content):
    error = refusal(upload("cv.pdf", content))
    assert error.code == "html"
    assert "page web" in error.messages[0]


def test_a_text_file_named_pdf_is_refused():
    assert refusal(upload("cv.pdf", b"just text")).code == "not_pdf"


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/cv.pdf",
        "..\\..\\cv.pdf",
        "/tmp/cv.pdf",
        "dossier／cv.pdf",  # a full-width solidus survives Django's own clean-up
        "dossier∕cv.pdf",
    ],
)
def test_a_path_in_the_name_is_refused(name):
    error = refusal(File(io.BytesIO(pdf_bytes()), name=name))
    assert error.code == "path_in_name"
    assert "chemin" in error.messages[0]


@pytest.mark.parametrize("name", ["cv\x00.pdf", "cv\x07.pdf", "cv\u202egpj.pdf", "cv\n.pdf"])
def test_control_characters_in_the_name_are_refused(name):
    assert refusal(File(io.BytesIO(pdf_bytes()), name=name)).code == "control_characters"


@pytest.mark.parametrize("name", ["cv.exe", "cv.html", "cv", "cv.pdf.exe", "cv.doc"])
def test_other_extensions_are_refused(name):
    assert refusal(upload(name, pdf_bytes())).code == "extension"


def test_a_pdf_named_docx_is_refused():
    assert refusal(upload("cv.docx", pdf_bytes())).code == "not_docx"


def test_a_zip_without_the_word_structure_is_refused():
    assert refusal(upload("cv.docx", odt_bytes())).code == "not_docx"


def test_an_odt_with_the_wrong_mimetype_is_refused():
    content = odt_bytes("application/vnd.oasis.opendocument.spreadsheet")
    assert refusal(upload("cv.odt", content)).code == "not_odt"


def test_a_corrupt_zip_is_refused():
    assert refusal(upload("cv.docx", docx_bytes()[:40])).code == "not_docx"


def test_a_zip_bomb_is_refused_without_being_opened():
    content = zip_bomb_bytes()
    assert len(content) < 1024 * 1024
    assert refusal(upload("cv.docx", content)).code == "zip_bomb"


def test_a_zip_with_thousands_of_entries_is_refused():
    assert refusal(upload("cv.docx", many_entries_bytes())).code == "zip_entries"


def test_messages_follow_the_language():
    with translation.override("en"):
        assert refusal(upload("cv.pdf", b"")).messages == ["The file is empty."]


def test_the_name_check_returns_the_kind():
    assert validate_cv_name("Mon CV (2026).Docx") == "docx"


# The structural inspection (recruitment.documents): its rules and bounds -----------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://www.linkedin.com/in/camille",
        "http://example.org",
        "mailto:camille@example.org",
        "tel:+3281000000",
        "#experience",
        "www.linkedin.com/in/camille",
    ],
)
def test_links_a_cv_holds_are_safe(target):
    assert documents.is_safe_link(target)


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "file:///C:/Windows/System32/cmd.exe",
        "\\\\server\\share\\cv.pdf",
        "C:\\Windows\\notepad.exe",
        "ms-msdt:/id PCWDiagnostic",
        "mhtml:http://example.org/x!x-usc:http://example.org/x",
        "vnd.sun.star.script:Standard.Module1.Main",
        "cv.pdf",
        "http://example.org/\x00",
    ],
)
def test_links_to_files_or_programs_are_not(target):
    assert not documents.is_safe_link(target)


@pytest.mark.parametrize(
    ("target", "local"),
    [
        ("file:///C:/Users/camille/AppData/Roaming/Microsoft/Templates/CV.dotx", True),
        ("C:\\Users\\camille\\Templates\\CV.dotx", True),
        ("../../.config/libreoffice/4/user/template/CV.ott", True),
        ("file:///Users/camille/Library/CV.dotx", True),
        ("file://server/share/t.dotm", False),
        ("file:////server/share/t.dotm", False),
        ("\\\\server\\share\\t.dotm", False),
        ("//server/share/t.dotm", False),
        ("\\/server/share/t.dotm", False),
        ("https://example.org/t.dotm", False),
        ("mhtml:http://example.org/t!x", False),
    ],
)
def test_a_template_path_is_local_or_a_network_one(target, local):
    assert documents.is_local_path(target) is local


def test_a_pdf_with_more_objects_than_the_bound_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_PDF_OBJECTS", 2)
    assert refusal(upload("cv.pdf", pdf_bytes())).code == "pdf_too_complex"


def test_a_pdf_with_more_items_than_the_bound_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_PDF_ITEMS", 5)
    content = pdf_with(b"<</Kids[" + b"<</A 1>>" * 10 + b"]>>")
    assert refusal(upload("cv.pdf", content)).code == "pdf_too_complex"


def test_qpdf_decompresses_a_bounded_amount():
    limits = pikepdf.settings.get_qpdf_limits()
    assert 0 < limits["flate_max_memory"] <= documents.QPDF_LIMITS["flate_max_memory"]
    assert 0 < limits["parser_max_container_size"] <= 1_000_000


def test_a_null_object_written_as_null_is_not_damage():
    assert validate_cv(upload("cv.pdf", pdf_with(b"null"))) == "pdf"


def test_a_javascript_action_left_unclosed_is_refused_as_damaged():
    content = pdf_with(b"<</S/JavaScript/JS(app.alert(1))")
    assert refusal(upload("cv.pdf", content)).code == "pdf_damaged"


def test_a_docx_part_bigger_than_it_declares_is_refused():
    """A part that inflates past the size its zip directory declares (to slip under the zip
    bomb bound): its reading stops at the declared size and the checksum fails."""
    content = bytearray(docx_bytes())
    record = content.index(b"PK\x01\x02")  # the central directory's records
    while not content[record + 46 :].startswith(b"word/document.xml"):
        record = content.index(b"PK\x01\x02", record + 4)
    content[record + 24 : record + 28] = (10).to_bytes(4, "little")  # uncompressed size
    assert refusal(upload("cv.docx", bytes(content))).code == "not_docx"


def test_an_upload_is_parsed_once_though_form_and_service_both_check_it(monkeypatch):
    calls = []
    inspect = documents.inspect_pdf
    monkeypatch.setattr(
        documents, "inspect_pdf", lambda content: calls.append(1) or inspect(content)
    )
    file = upload("cv.pdf", pdf_bytes())
    assert validate_cv(file) == "pdf"
    assert validate_cv(file) == "pdf"
    assert calls == [1]

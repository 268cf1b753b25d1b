"""Word files for the letter tests, made with python-docx (what docxtpl itself uses)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TEMPLATE_LINES = (
    "{{ group_name }}",
    "{{ target_name }}",
    "{{ target_address }}",
    "{{ date }}",
    "{{ salutation }}",
    "We, members of Amnesty International, urge you to release him.",
    "{{ signatory }}",
)


def docx_bytes(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_upload(name="lettre-type.docx", lines=TEMPLATE_LINES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes(*lines), content_type=DOCX_TYPE)


def docx_text(content: bytes) -> str:
    """Every paragraph's text (line breaks included) of a Word document."""
    document = Document(io.BytesIO(content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)

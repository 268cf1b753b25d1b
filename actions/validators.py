from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# The CVs' checks (for a zip: structure, size once opened, then recruitment.documents'
# inspection of every part): the same road in for every document the portal accepts.
from recruitment.validators import (
    EXECUTABLE_SIGNATURES,
    check_zip_document,
    validate_pdf_content,
)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"
# What a circular's document may be, by the extension of its name, with the type it is served
# as. A letter template is a Word or OpenDocument text that the groups fill in.
DOCUMENT_KINDS = {
    ".pdf": ("pdf", "application/pdf"),
    ".docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".odt": ("odt", "application/vnd.oasis.opendocument.text"),
}
ACCEPTED_TYPES = ",".join([*DOCUMENT_KINDS, *(mime for _kind, mime in DOCUMENT_KINDS.values())])


def document_kind(name: str) -> str:
    """The kind ("pdf", "docx" or "odt") from a file name; "pdf" for a name without a known extension
    (the documents stored before letter templates were accepted are all PDFs)."""
    lowered = (name or "").lower()
    for extension, (kind, _mime) in DOCUMENT_KINDS.items():
        if lowered.endswith(extension):
            return kind
    return "pdf"


def content_type_of(kind: str) -> str:
    return dict(DOCUMENT_KINDS.values())[kind]


def _check_size(file) -> None:
    if file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("This file weighs %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(MAX_ATTACHMENT_BYTES),
            },
        )


def _head(file, size: int) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head


def validate_pdf(file) -> None:
    """A PDF of at most 10 MB, judged by its content: a renamed file is refused, and so is a PDF
    that would run or fetch something once opened (the CVs' inspection). Every road in (the
    forms, the service, the admin's inline) goes through this model validator."""
    if getattr(file, "_committed", False):
        return  # already stored, so already checked when it was uploaded
    _check_size(file)
    if _head(file, len(PDF_SIGNATURE)) != PDF_SIGNATURE:
        raise ValidationError(_("Only PDF documents are accepted."), code="not_pdf")
    validate_pdf_content(file)


def validate_circular_document(file) -> None:
    """A circular's document: a PDF, or a letter template as a Word (.docx) or OpenDocument
    (.odt) text, at most 10 MB. The extension must agree with the content, and the content goes
    through the CVs' inspection (no macro, script, embedded object or link to another file)."""
    if getattr(file, "_committed", False):
        return
    kind = document_kind(getattr(file, "name", ""))
    if kind == "pdf":
        validate_pdf(file)
        return
    _check_size(file)
    head = _head(file, 8)
    if head.startswith(EXECUTABLE_SIGNATURES) or not head.startswith(ZIP_SIGNATURE):
        raise ValidationError(
            _("Only PDF documents and Word (.docx) or OpenDocument (.odt) texts are accepted."),
            code=f"not_{kind}",
        )
    check_zip_document(file, kind)

"""Checks on a signalement's attachment: the CVs' inspection (recruitment.validators), which
judges a PDF, Word (.docx) or OpenDocument (.odt) file by its content and refuses what would
run or fetch something once opened."""

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from recruitment.validators import ALLOWED_EXTENSIONS, validate_cv

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def validate_attachment(file) -> str:
    """Return the document's kind ("pdf", "docx", "odt") or raise ValidationError."""
    # The CV check's message about the extension speaks of a CV: say it for an attachment first.
    extension = os.path.splitext(file.name or "")[1].lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Attach a PDF, Word (.docx) or OpenDocument (.odt) file."), code="extension"
        )
    return validate_cv(file)

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from recruitment.validators import validate_pdf_content

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"


def validate_pdf(file) -> None:
    """A PDF of at most 10 MB, judged by its content: a renamed file is refused, and so is a PDF
    that would run or fetch something once opened (the CVs' inspection). Every road in (the
    forms, the service, the admin's inline) goes through this model validator."""
    if getattr(file, "_committed", False):
        return  # already stored, so already checked when it was uploaded
    if file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("This file weighs %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(MAX_ATTACHMENT_BYTES),
            },
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(len(PDF_SIGNATURE))
    file.seek(position)
    if head != PDF_SIGNATURE:
        raise ValidationError(_("Only PDF documents are accepted."), code="not_pdf")
    validate_pdf_content(file)

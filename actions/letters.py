"""Letters ready to sign: a circular's Word template, or the portal's own, filled in for one group
and one authority, rendered on the server with docxtpl (python-docx and Jinja).

A template uploaded with a circular is a user's file: it is rendered in Jinja's sandbox (no
attribute of a Python object can be reached from a placeholder) with every value escaped for
XML, and the letter that comes out goes through the same inspection as any uploaded Word file
before anyone downloads it. A PDF, an OpenDocument text, or a Word document without any of the
placeholders below gets the portal's letter instead (letter_templates/base_letter.docx, written
by letter_templates/make_base_letter.py), with the authority's address block, the date, the
salutation, the circular's letter text if it has one, and the group's name.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate, Listing
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from actions.models import LETTER_PLACEHOLDERS
from actions.validators import check_zip_document
from config.l10n import date_format  # "1er mars 2026"

BASE_TEMPLATE = Path(__file__).resolve().parent / "letter_templates" / "base_letter.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The languages whose month names Django spells (all the working languages are).
LETTER_DATE_FORMAT = "j F Y"  # 6 décembre 2026: the Belgian order, whatever the language


class LetterError(Exception):
    """The letter could not be made (the template is broken); the page says so."""


@dataclass(frozen=True)
class Letter:
    content: bytes
    filename: str
    content_type: str = DOCX_TYPE


def letter_language(circular) -> str:
    """The circular's language when there is one, the portal's default otherwise."""
    from django.conf import settings

    return getattr(circular, "language", "") or settings.LANGUAGE_CODE


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def template_placeholders(handle) -> set[str]:
    """The letter placeholders a Word template uses (empty for one that uses none, or that
    cannot be read as a template)."""
    try:
        template = DocxTemplate(handle)
        found = template.get_undeclared_template_variables(_environment())
    except Exception:  # any template that cannot be read gets the portal's letter
        return set()
    return found & set(LETTER_PLACEHOLDERS)


def letter_context(*, proposal, group, target, signatory: str, language: str) -> dict:
    """The values of the placeholders, in the letter's language."""
    circular = proposal.circular
    with translation.override(language):
        today = date_format(timezone.localdate(), LETTER_DATE_FORMAT)
        closing = _("Yours faithfully,")
        default_salutation = _("Dear Sir or Madam,")
        subject = (
            _("Re: %(title)s (%(reference)s)")
            % {"title": circular.title, "reference": circular.reference}
            if circular
            else proposal.title
        )
    return {
        "target_name": target.authority,
        # Listing keeps the address's line breaks as breaks in the letter (and escapes it).
        "target_address": Listing(target.address.strip()),
        "salutation": target.salutation or default_salutation,
        "date": today,
        "group_name": group.name,
        "signatory": signatory,
        "subject": subject,
        "body": Listing(getattr(circular, "letter_text", "") or ""),
        "closing": closing,
    }


def _render(template_source, context: dict) -> bytes:
    template = DocxTemplate(template_source)
    template.render(context, jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _checked(content: bytes) -> bytes:
    """The letter passes the uploads' inspection, as any Word file that reaches a person does."""
    upload = SimpleUploadedFile("letter.docx", content, content_type=DOCX_TYPE)
    try:
        check_zip_document(upload, "docx")
    except ValidationError as error:
        raise LetterError(" ".join(error.messages)) from error
    return content


def render_letter(*, proposal, group, target, signatory: str, template=None) -> Letter:
    """The letter for one group to one authority: from ``template`` (a CircularAttachment) when
    it is a Word document using the placeholders, from the portal's letter otherwise."""
    language = letter_language(proposal.circular)
    context = letter_context(
        proposal=proposal, group=group, target=target, signatory=signatory, language=language
    )
    content = None
    if template is not None and template.kind == "docx":
        try:
            with template.file.open("rb") as handle:
                source = io.BytesIO(handle.read())
        except FileNotFoundError:
            source = None
        if source is not None and template_placeholders(source):
            source.seek(0)
            try:
                content = _render(source, context)
            except (TemplateError, ValueError, KeyError) as error:
                raise LetterError(str(error)) from error
    if content is None:
        content = _render(str(BASE_TEMPLATE), context)
    name = "-".join(part for part in (slugify(group.name), slugify(target.authority)[:40]) if part)
    return Letter(content=_checked(content), filename=f"{name or 'letter'}.docx")


def is_letter_template(attachment) -> bool:
    """A Word document of the circular that uses at least one placeholder."""
    if attachment.kind != "docx":
        return False
    try:
        with attachment.file.open("rb") as handle:
            return bool(template_placeholders(io.BytesIO(handle.read())))
    except FileNotFoundError:
        return False

"""Checks on an uploaded CV, by its content and not only by its name.

A CV is a PDF, a Word (DOCX) or an OpenDocument (ODT) text of at most 5 MB. The extension must
agree with what the bytes are: a PDF starts with ``%PDF-``; DOCX and ODT are zip archives whose
structure is checked (without extracting them, so that a zip bomb cannot fill the disk or the
memory). What the document would run or fetch once opened is then found by parsing it
(``recruitment.documents``). The circulars' PDFs go through ``validate_pdf_content``, the same
PDF inspection.
"""

import contextlib
import os
import re
import unicodedata
import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from recruitment import documents

MAX_CV_BYTES = 5 * 1024 * 1024
# Limits on what a DOCX or ODT declares inside: a real CV is far below both.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 1000
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

ALLOWED_EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".odt": "odt"}
# Characters that separate folders on some system, including look-alikes that survive
# Django's own clean-up of uploaded names.
PATH_SEPARATORS = {"/", "\\", "\u2215", "\u2044", "\uff0f", "\uff3c", "\u29f8", "\u29f9"}
EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"#!")
HTML_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<")
# Markup a browser would act on, found in the first bytes of a "PDF": a PDF/HTML polyglot.
HTML_MARKERS = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<svg",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<?php",
)
# Parts of a Word or OpenDocument file that hold macros, by their usual names (the inspection
# also finds them under any other name).
MACRO_PARTS = re.compile(r"(^|/)((vbaProject\.bin|vbaData\.xml)$|(Basic|Scripts)/)", re.IGNORECASE)


def _error(message, code, **params):
    return ValidationError(message, code=code, params=params or None)


def validate_cv_name(name: str) -> str:
    """Refuse names with a folder in them or invisible characters; return the extension's kind."""
    if not name or not name.strip():
        raise _error(_("The file has no name."), "no_name")
    if any(separator in name for separator in PATH_SEPARATORS) or name in {".", ".."}:
        raise _error(
            _("The file name must not contain a folder path: rename the file and try again."),
            "path_in_name",
        )
    if any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in name):
        raise _error(
            _("The file name contains invisible control characters: rename the file."),
            "control_characters",
        )
    if len(name) > 200:
        raise _error(_("The file name is too long (200 characters at most)."), "name_too_long")
    extension = os.path.splitext(name)[1].lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise _error(
            _("Send your CV as a PDF, Word (.docx) or OpenDocument (.odt) file."), "extension"
        )
    return ALLOWED_EXTENSIONS[extension]


def _read_head(file, size: int = 1024) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def check_zip_document(file, kind: str) -> None:
    wrong = {
        "docx": _("This file is not a real Word document (.docx)."),
        "odt": _("This file is not a real OpenDocument text (.odt)."),
    }[kind]
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise _error(_("This document has too many parts to be a CV."), "zip_entries")
            if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
                raise _error(
                    _("This document would take more than %(limit)s once opened: it is refused."),
                    "zip_bomb",
                    limit=filesizeformat(MAX_UNCOMPRESSED_BYTES),
                )
            names = [entry.filename for entry in entries]
            if len({name.lower() for name in names}) != len(names):
                # Two parts under one name (OPC names ignore case): this code and Word could
                # each read a different one.
                raise documents.refuse("damaged")
            if any(
                name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/")
                for name in names
            ):
                raise _error(wrong, f"not_{kind}")
            if any(MACRO_PARTS.search(name) for name in names):
                raise documents.refuse("macros")
            if kind == "docx":
                if not {"[Content_Types].xml", "word/document.xml"} <= set(names):
                    raise _error(wrong, "not_docx")
            else:
                if "mimetype" not in names:
                    raise _error(wrong, "not_odt")
                # Read a few bytes only, whatever size the archive declares for this entry.
                with archive.open("mimetype") as entry:
                    if entry.read(len(ODT_MIMETYPE) + 1).strip() != ODT_MIMETYPE:
                        raise _error(wrong, "not_odt")
            documents.inspect_package(archive, kind)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, OSError):
        raise _error(wrong, f"not_{kind}") from None
    except (RuntimeError, ValueError, zlib.error):
        # A part that cannot be decompressed or decoded (a zip password, a bad encoding...).
        raise documents.refuse("damaged") from None
    finally:
        file.seek(0)


def _check_pdf(file, head: bytes) -> None:
    """Refuse a PDF that is also a web page or an archive, or that would run or fetch something
    once opened."""
    if any(marker in head.lower() for marker in HTML_MARKERS):
        raise _error(_("This file is a web page renamed as a PDF: it is refused."), "html")
    file.seek(0)
    try:
        if zipfile.is_zipfile(file):
            raise documents.refuse("pdf_polyglot")
        file.seek(0)
        content = file.read()
    finally:
        file.seek(0)
    documents.inspect_pdf(content)


def _already_checked(file, check: str) -> bool:
    """The form and then the service check the same upload: parse it once per request. The
    mark is on the uploaded object itself, which only the server creates."""
    return getattr(file, "_portal_checked_as", None) == (check, file.size)


def _mark_checked(file, check: str) -> None:
    with contextlib.suppress(AttributeError):
        file._portal_checked_as = (check, file.size)


def validate_pdf_content(file) -> None:
    """For other PDFs sent to the portal (circulars' documents): no web page, archive, script,
    outside link or embedded file in a file that starts like a PDF. A stored file was checked
    when it came."""
    if getattr(file, "_committed", False) or not file or _already_checked(file, "pdf_content"):
        return
    head = _read_head(file)
    if head.startswith(b"%PDF-"):
        _check_pdf(file, head)
        _mark_checked(file, "pdf_content")


def validate_cv(file, name: str | None = None) -> str:
    """Check an uploaded CV; return its kind ("pdf", "docx" or "odt") or raise ValidationError.

    ``name`` is the name the person gave the file (its ``name`` attribute by default).
    """
    kind = validate_cv_name(file.name if name is None else name)
    if _already_checked(file, f"cv_{kind}"):
        return kind
    size = file.size
    if not size:
        raise _error(_("The file is empty."), "empty")
    if size > MAX_CV_BYTES:
        raise _error(
            _("This file is larger than %(limit)s, the most a CV may weigh: make it lighter."),
            "too_large",
            limit=filesizeformat(MAX_CV_BYTES),
        )
    head = _read_head(file)
    if head.startswith(EXECUTABLE_SIGNATURES):
        raise _error(_("This file is a program, not a document: it is refused."), "executable")
    if kind == "pdf":
        if not head.startswith(b"%PDF-"):
            if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(HTML_STARTS):
                raise _error(_("This file is a web page renamed as a PDF: it is refused."), "html")
            raise _error(_("This file is not a real PDF document."), "not_pdf")
        _check_pdf(file, head)
        _mark_checked(file, f"cv_{kind}")
        return kind
    if not head.startswith(b"PK\x03\x04"):
        # A zip with something in front of it (a self-extracting program...) is not a document.
        raise _error(
            _("This file is not a real Word document (.docx).")
            if kind == "docx"
            else _("This file is not a real OpenDocument text (.odt)."),
            f"not_{kind}",
        )
    check_zip_document(file, kind)
    _mark_checked(file, f"cv_{kind}")
    return kind

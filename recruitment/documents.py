"""What a document would run or fetch when opened, found by parsing it, not by searching bytes.

A byte search misses what a reader decompresses: a PDF keeps most of its objects in compressed
object streams, and a Word document's outside links live in relationship files, not in the text.
So each format is read the way its reader reads it:

- PDF: pikepdf (qpdf, maintained and fuzzed) opens the file and every object is walked, those in
  object streams included, with names decoded (``/J#61vaScript`` is ``/JavaScript``). Anything
  that runs or fetches something is refused: JavaScript, Launch, go-to another file, form
  submission or data import, multimedia, embedded files, XFA forms, links to files or programs.
  What PDF printers write passes: an opening destination (``/OpenAction [page /Fit]``) and links
  to web pages or e-mail addresses (a CV links to its author's LinkedIn).
- DOCX: ``[Content_Types].xml``, every relationship file and every XML part are parsed. Refused:
  any outside target other than a web or e-mail hyperlink (attached template, frame, linked
  object or picture, sub-document, ``mhtml:``...), macro projects and ActiveX controls whatever
  their part's name (by content type, relationship type, or the OLE signature of the part),
  embedded objects, and field codes that run or include something (DDE, DDEAUTO, INCLUDETEXT...).
- ODT: the manifest and every XML part: macro libraries and event scripts, DDE connections,
  embedded OLE objects, applets, and outside targets other than hyperlinks.

XML is parsed with expat, refusing any document type declaration (so no entity expansion), and
every part is read with a size cap: a zip bomb cannot fill the memory.
"""

import io
import logging
import re
import zipfile
import zlib
from urllib.parse import urlsplit
from xml.parsers import expat

import pikepdf
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# PDF bounds. A CV has a few thousand objects; the limits only stop files built to exhaust the
# server. qpdf's own limits are process-wide: they are set once, here, and only made stricter.
MAX_PDF_OBJECTS = 200_000
MAX_PDF_ITEMS = 2_000_000  # dictionary values and array items looked at, over all objects
MAX_OBJECT_STREAM_BYTES = 32 * 1024 * 1024  # all object streams together, decompressed
QPDF_LIMITS = {
    "flate_max_memory": 16 * 1024 * 1024,  # any one compressed stream qpdf decodes
    "parser_max_container_size": 1_000_000,  # items in one array or dictionary
    "doc_max_warnings": 500,
}

# Zip bounds (the archive's declared total is checked by the validator before this module).
MAX_PART_BYTES = 20 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream that holds VBA code in an OLE file, as its UTF-16 directory entry spells it.
VBA_STREAM_NAME = "_VBA_PROJECT".encode("utf-16-le")

SCRIPT_OR_FILE = _("This PDF contains a script or another file: save it again as a plain PDF.")
OUTSIDE_LINK = _(
    "This file has a link that opens another file or a program, not a web page or an e-mail "
    "address: remove the link and send the file again."
)
MESSAGES = {
    "pdf_damaged": _(
        "This PDF is damaged and cannot be read: export it again from your word processor."
    ),
    "pdf_encrypted": _(
        "This PDF is protected by a password: save a copy without the password and send that."
    ),
    "pdf_too_complex": _(
        "This PDF has far too many parts to be a CV: export it again from your word processor."
    ),
    "pdf_polyglot": SCRIPT_OR_FILE,
    "pdf_javascript": SCRIPT_OR_FILE,
    "pdf_launch": SCRIPT_OR_FILE,
    "pdf_embedded_file": SCRIPT_OR_FILE,
    "pdf_remote_document": OUTSIDE_LINK,
    "unsafe_link": OUTSIDE_LINK,
    "pdf_form_data": _(
        "This PDF has a form that sends or imports data: print it to a new PDF and send that."
    ),
    "pdf_xfa": _("This PDF is a dynamic (XFA) form: print it to a new PDF and send that."),
    "pdf_rich_media": _(
        "This PDF contains multimedia or 3D content: save it again as a plain PDF."
    ),
    "damaged": _(
        "This document is damaged or malformed: save it again from your word processor, or "
        "send a PDF."
    ),
    "encrypted": _(
        "This document is protected by a password: save a copy without the password and send that."
    ),
    "macros": _("This document contains macros: save it without them, or as a PDF."),
    "embedded_object": _(
        "This document contains an object or a control from another program: replace it with a "
        "picture, or send a PDF."
    ),
    "external_content": _(
        "This document loads content from outside itself (a template, a frame, a linked object "
        "or picture): save a self-contained copy, or send a PDF."
    ),
    "field_code": _(
        "This document contains fields that run a program or include other files (DDE, "
        "INCLUDETEXT, LINK...): remove them, or send a PDF."
    ),
}


def refuse(code: str) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code)


# Links --------------------------------------------------------------------------------------

SAFE_LINK_SCHEMES = {"http", "https", "mailto", "tel"}


def is_safe_link(target: str) -> bool:
    """A link a CV may hold: a web page, an e-mail address, a phone number, or a place inside
    the document. Not a file (``file:``, ``C:\\``, ``\\\\server\\share``), not a program or a
    script (``javascript:``, ``ms-msdt:``, ``mhtml:``...)."""
    target = target.strip()
    if not target or target.startswith("#"):
        return True
    if any(ord(char) < 32 for char in target) or "\\" in target:
        return False
    try:
        scheme = urlsplit(target).scheme.lower()
    except ValueError:
        return False
    if scheme:
        return scheme in SAFE_LINK_SCHEMES
    # Word and LibreOffice add "http://"; "www.example.org" typed by hand is still a web page.
    return target.lower().startswith("www.")


def is_local_path(target: str) -> bool:
    """A path on the author's own disk, as Word and LibreOffice remember the template a CV was
    made from (``file:///C:/Users/.../CV.dotx``, ``../Templates/CV.ott``). On the reader's
    computer it names a local file at most: no server is contacted. A network path
    (``\\\\server\\share``, ``//server``, ``file://server/``, ``file:////server``) or an
    address is not local."""
    path = target.strip()
    if not path or any(ord(char) < 32 for char in path):
        return False
    if path[:5].lower() == "file:":
        # file:///C:/... and file:///Users/... are local; a fourth slash makes a network path.
        return path[5:8] == "///" and path[8:9] not in ("", "/", "\\")
    if re.match(r"[a-z][a-z0-9+.-]*:", path, re.IGNORECASE) and not re.match(
        r"[a-z]:[\\\\/]", path, re.IGNORECASE
    ):
        return False  # an address (http:, mhtml:...), not a drive letter
    # Two separators at the start make a network path on Windows: \\server, //server, \/x.
    return path[:2].replace("\\", "/") != "//"


# PDF ----------------------------------------------------------------------------------------


def _apply_qpdf_limits() -> None:
    current = pikepdf.settings.get_qpdf_limits()
    stricter = {
        name: value
        for name, value in QPDF_LIMITS.items()
        if not current.get(name) or current[name] > value
    }
    if stricter:
        pikepdf.settings.set_qpdf_limits(**stricter)


_apply_qpdf_limits()

# The action types (/S) that run or fetch something, and what each is refused as.
PDF_ACTIONS = {
    "/JavaScript": "pdf_javascript",
    "/Launch": "pdf_launch",
    "/GoToR": "pdf_remote_document",
    "/GoToE": "pdf_remote_document",
    "/SubmitForm": "pdf_form_data",
    "/ImportData": "pdf_form_data",
    "/RichMediaExecute": "pdf_rich_media",
    "/Rendition": "pdf_rich_media",
    "/Movie": "pdf_rich_media",
    "/Sound": "pdf_rich_media",
    "/GoTo3DView": "pdf_rich_media",
}
# Annotation (and stream) subtypes that play or carry something.
PDF_SUBTYPES = {
    "/FileAttachment": "pdf_embedded_file",
    "/RichMedia": "pdf_rich_media",
    "/Movie": "pdf_rich_media",
    "/Sound": "pdf_rich_media",
    "/Screen": "pdf_rich_media",
    "/3D": "pdf_rich_media",
}
# Keys whose mere presence is refused, wherever they are.
PDF_KEYS = {
    "/JS": "pdf_javascript",  # the script of an action, or of a rendition
    "/JavaScript": "pdf_javascript",  # the document's name tree of scripts
    "/EmbeddedFiles": "pdf_embedded_file",
    "/EF": "pdf_embedded_file",  # a file specification that carries the file
    "/RichMediaContent": "pdf_rich_media",
    "/RichMediaSettings": "pdf_rich_media",
    "/XFA": "pdf_xfa",
}


def _pdf_name(dictionary, key: str) -> str:
    value = dictionary.get(key)
    return str(value) if isinstance(value, pikepdf.Name) else ""


def _pdf_text(value) -> str:
    if isinstance(value, pikepdf.String):
        return bytes(value).decode("latin-1")
    return str(value) if isinstance(value, str) else ""


def _check_pdf_dictionary(dictionary) -> None:
    keys = set(dictionary.keys())
    if found := sorted(keys & PDF_KEYS.keys()):
        raise refuse(PDF_KEYS[found[0]])
    if _pdf_name(dictionary, "/Type") == "/EmbeddedFile":
        raise refuse("pdf_embedded_file")
    subtype = _pdf_name(dictionary, "/Subtype")
    if subtype in PDF_SUBTYPES:
        raise refuse(PDF_SUBTYPES[subtype])
    action = _pdf_name(dictionary, "/S")
    if action in PDF_ACTIONS:
        raise refuse(PDF_ACTIONS[action])
    if action == "/URI" and not is_safe_link(_pdf_text(dictionary.get("/URI"))):
        raise refuse("unsafe_link")
    if action == "/Thread" and "/F" in keys:  # an article thread in another file
        raise refuse("pdf_remote_document")
    if _pdf_name(dictionary, "/FS") == "/URL":  # a file specification that is an address
        raise refuse("pdf_remote_document")


def _object_stream_sizes_are_bounded(pdf, xref) -> None:
    """qpdf decompresses an object stream whole; a few megabytes can claim gigabytes. Measure
    them all, with a bound, before any object inside one is read."""
    budget = MAX_OBJECT_STREAM_BYTES
    for number in {entry.obj_stream_number for entry in xref.values() if entry.type == 2}:
        stream = pdf.get_object(number, 0)
        if not isinstance(stream, pikepdf.Stream):
            raise refuse("pdf_damaged")
        filters = stream.stream_dict.get("/Filter")
        if isinstance(filters, pikepdf.Array):
            filters = filters[0] if len(filters) == 1 else filters
        raw = stream.read_raw_bytes()
        if filters is None:
            budget -= len(raw)
        elif filters == pikepdf.Name.FlateDecode:
            decompressor = zlib.decompressobj()
            try:
                budget -= len(decompressor.decompress(raw, budget + 1))
            except zlib.error:
                raise refuse("pdf_damaged") from None
        else:  # every PDF writer compresses object streams with Flate alone
            raise refuse("pdf_damaged")
        if budget < 0:
            raise refuse("pdf_too_complex")


# An indirect object that is null on purpose ("7 0 obj null endobj"), not one qpdf gave up on.
NULL_OBJECT = re.compile(rb"\s*\d+\s+\d+\s+obj\s*null\s*endobj")


def _walk_pdf(pdf, content: bytes, *, complete: bool) -> None:
    """Look at every object of the cross-reference table, and inside each at every dictionary
    and array written in it. ``complete``: an object qpdf could not read is a refusal (a more
    lenient reader might read it: "<</S/JavaScript/JS(...)" without its closing ">>")."""
    xref = pdf.get_xref_table()
    entries = [(objgen, entry) for objgen, entry in xref.items() if entry.type in (1, 2)]
    if len(entries) > MAX_PDF_OBJECTS:
        raise refuse("pdf_too_complex")
    _object_stream_sizes_are_bounded(pdf, xref)
    items = 0
    for (number, generation), entry in entries:
        obj = pdf.get_object(number, generation)
        if obj is None:
            deliberate = entry.type == 1 and NULL_OBJECT.match(content, entry.offset)
            if complete and not deliberate:
                raise refuse("pdf_damaged")
            continue
        stack = [obj]
        while stack:
            current = stack.pop()
            if isinstance(current, pikepdf.Stream):
                _check_pdf_dictionary(current.stream_dict)
                children = current.stream_dict.values()
            elif isinstance(current, pikepdf.Dictionary):
                _check_pdf_dictionary(current)
                children = current.values()
            elif isinstance(current, pikepdf.Array):
                children = current
            else:
                continue
            for child in children:
                items += 1
                # Other indirect objects are walked from the table, not followed from here.
                if isinstance(child, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)) and (
                    not child.is_indirect
                ):
                    stack.append(child)
            if items > MAX_PDF_ITEMS:
                raise refuse("pdf_too_complex")


def inspect_pdf(content: bytes) -> None:
    """Refuse a PDF that cannot be read, needs a password, or would run or fetch something."""
    try:
        pdf = pikepdf.open(io.BytesIO(content))
    except pikepdf.PasswordError:
        raise refuse("pdf_encrypted") from None
    except Exception as error:
        # Whatever stops qpdf reading the file: what a reader would make of it is unknown.
        logger.info("An uploaded PDF could not be read: %s", error)
        raise refuse("pdf_damaged") from None
    with pdf:
        _walk_or_refuse(pdf, content, complete=True)
    # Second reading, as a reader repairing the file would: every object found in the bytes,
    # those the cross-reference table leaves out (earlier revisions, orphans, an object number
    # defined twice) included. If qpdf cannot rebuild the file so, the first reading stands; if
    # it can, all it finds is inspected.
    rebuilt = content.replace(b"startxref", b"startxrex")
    try:
        pdf = pikepdf.open(io.BytesIO(rebuilt))
    except Exception:
        logger.debug("A PDF could not be read as a repairing reader would", exc_info=True)
        return
    with pdf:
        _walk_or_refuse(pdf, rebuilt, complete=False)


def _walk_or_refuse(pdf, content: bytes, *, complete: bool) -> None:
    try:
        _walk_pdf(pdf, content, complete=complete)
    except ValidationError:
        raise
    except Exception as error:
        logger.info("An uploaded PDF could not be inspected: %s", error)
        raise refuse("pdf_damaged") from None


# XML ----------------------------------------------------------------------------------------


class _XMLScanner:
    """Feed one part to expat; subclasses look at elements. A DTD is refused outright: a word
    processor never writes one, and entities are how XML bombs and outside reads work."""

    def __init__(self):
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.parser.ExternalEntityRefHandler = lambda *args: 0
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    @staticmethod
    def _doctype(*args):
        raise refuse("damaged")

    def feed(self, chunk: bytes, final: bool = False) -> None:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError:
            raise refuse("damaged") from None

    def start(self, name: str, attributes: dict) -> None:
        self.check_attributes(attributes)

    @staticmethod
    def check_attributes(attributes: dict, judged: str = "") -> None:
        """Any attribute, whatever its element, that names a network path or a dangerous
        scheme; ``judged`` is an attribute the caller has already looked at more closely."""
        for key, value in attributes.items():
            if key != judged and _reaches_outside(value):
                raise refuse("external_content")

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


# Attribute values no word processor writes, that make Windows fetch or run something: a UNC
# path (which sends the reader's Windows credentials to that server) or a dangerous scheme.
OUTSIDE_PREFIX = re.compile(
    r"^\s*(\\\\|file:|mhtml:|javascript:|vbscript:|ms-[a-z-]+:|search-ms:)", re.IGNORECASE
)


def _reaches_outside(value: str) -> bool:
    return bool(OUTSIDE_PREFIX.match(value))


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


# Zip packages -------------------------------------------------------------------------------


def _read_part(archive, info, limit: int = MAX_PART_BYTES):
    """Yield a part's bytes in chunks; never more than it declared, nor than ``limit``."""
    if info.file_size > limit:
        raise refuse("damaged")
    read = 0
    with archive.open(info) as entry:
        while chunk := entry.read(64 * 1024):
            read += len(chunk)
            if read > info.file_size:
                raise refuse("damaged")
            yield chunk


def _scan_xml(archive, info, scanner: _XMLScanner) -> _XMLScanner:
    empty = True
    for chunk in _read_part(archive, info):
        empty = empty and not chunk.strip()
        scanner.feed(chunk)
    if not empty:
        scanner.feed(b"", final=True)
    return scanner


def _check_ole(archive, info) -> None:
    """An OLE compound file inside the package is a macro project or an embedded object,
    whatever the part is called."""
    with archive.open(info) as entry:
        if entry.read(len(OLE_SIGNATURE)) != OLE_SIGNATURE:
            return
    tail = b""
    for chunk in _read_part(archive, info):
        if VBA_STREAM_NAME in tail + chunk:
            raise refuse("macros")
        tail = chunk[-len(VBA_STREAM_NAME) :]
    raise refuse("embedded_object")


def inspect_package(archive: zipfile.ZipFile, kind: str) -> None:
    """Parse every part of a DOCX or ODT whose zip structure was already checked."""
    parts = [info for info in archive.infolist() if not info.is_dir()]
    for info in parts:
        if info.flag_bits & 0x1:  # a zip-level password: nothing can be inspected
            raise refuse("encrypted")
    for info in parts:
        _check_ole(archive, info)
    if kind == "docx":
        _inspect_docx(archive, parts)
    else:
        _inspect_odt(archive, parts)


# DOCX ---------------------------------------------------------------------------------------

# Content types (lower case) of parts that hold or drive macros, or embed other programs.
MACRO_CONTENT_TYPES = ("vbaproject", "vbadata", "macroenabled", "attachedtoolbars")
EMBEDDED_CONTENT_TYPES = ("activex", "oleobject")
# Relationship types (the last segment of the type's address, lower case).
MACRO_RELATIONSHIPS = {"vbaproject", "wordvbadata", "vbaprojectsignature", "attachedtoolbars"}
EMBEDDED_RELATIONSHIPS = {"oleobject", "package", "control", "activexcontrolbinary", "afchunk"}
# Fields that run a program or pull in another file's content. INCLUDE and IMPORT are the old
# names of INCLUDETEXT and INCLUDEPICTURE; DATABASE queries an outside data source.
RISKY_FIELDS = {
    "DDE",
    "DDEAUTO",
    "INCLUDETEXT",
    "INCLUDEPICTURE",
    "INCLUDE",
    "IMPORT",
    "LINK",
    "DATABASE",
}
NESTED_FIELD = "\x00"  # stands for a field inside another field's instruction


class _ContentTypes(_XMLScanner):
    def __init__(self):
        super().__init__()
        self.defaults: dict[str, str] = {}
        self.overrides: dict[str, str] = {}

    def start(self, name, attributes):
        super().start(name, attributes)
        content_type = attributes.get("ContentType", "").lower()
        if _local(name) == "Default":
            self.defaults[attributes.get("Extension", "").lower()] = content_type
        elif _local(name) == "Override":
            self.overrides[attributes.get("PartName", "").lstrip("/").lower()] = content_type


class _Relationships(_XMLScanner):
    def start(self, name, attributes):
        if _local(name) == "Relationship":
            self.relationship(attributes)
            self.check_attributes(attributes, judged="Target")
        else:
            super().start(name, attributes)

    def relationship(self, attributes):
        kind = attributes.get("Type", "").rstrip("/").rsplit("/", 1)[-1].lower()
        target = attributes.get("Target", "")
        # A target with a scheme or a server is outside the package whatever TargetMode says
        # (Word follows "mhtml:http://..." either way).
        outside = attributes.get("TargetMode", "").lower() == "external" or bool(
            re.match(r"^\s*([a-z][a-z0-9+.-]*:|\\\\|//)", target, re.IGNORECASE)
        )
        if outside:
            # Only a hyperlink waits for a click; any other outside part (template, frame,
            # linked object or picture, sub-document, mail-merge source) is fetched on opening.
            # Except the template a CV was made from, remembered by its path on the author's
            # disk (Word's own CV templates do it): a local path reaches no server.
            if kind == "attachedtemplate" and is_local_path(target):
                return
            if kind != "hyperlink":
                raise refuse("external_content")
            if not is_safe_link(target):
                raise refuse("unsafe_link")
        elif kind in MACRO_RELATIONSHIPS:
            raise refuse("macros")
        elif kind in EMBEDDED_RELATIONSHIPS:
            raise refuse("embedded_object")


class _WordPart(_XMLScanner):
    """A Word XML part: the fields, simple or complex, are read as Word reads them. A complex
    field's instruction may be cut across many runs ("DD", "EAUTO"), and hold other fields."""

    def __init__(self):
        super().__init__()
        self.fields: list[dict] = []  # the open complex fields, innermost last
        self.in_instruction = False

    def start(self, name, attributes):
        super().start(name, attributes)
        local = _local(name)
        values = {_local(key): value for key, value in attributes.items()}
        if local == "fldSimple":
            _check_field(values.get("instr", ""))
        elif local == "fldChar":
            kind = values.get("fldCharType", "")
            if kind == "begin":
                if self.fields and not self.fields[-1]["done"]:
                    self.fields[-1]["instruction"].append(NESTED_FIELD)
                self.fields.append({"instruction": [], "done": False})
            elif kind in ("separate", "end") and self.fields:
                field = self.fields[-1]
                if not field["done"]:
                    field["done"] = True
                    _check_field("".join(field["instruction"]))
                if kind == "end":
                    self.fields.pop()
        elif local in ("instrText", "delInstrText"):
            self.in_instruction = True

    def end(self, name):
        if _local(name) in ("instrText", "delInstrText"):
            self.in_instruction = False

    def text(self, data):
        if self.in_instruction and self.fields and not self.fields[-1]["done"]:
            self.fields[-1]["instruction"].append(data)

    def close(self):
        for field in self.fields:  # a field never closed still runs in some readers
            if not field["done"]:
                _check_field("".join(field["instruction"]))


def _check_field(instruction: str) -> None:
    instruction = instruction.strip()
    if not instruction:
        return
    if instruction.startswith(NESTED_FIELD):
        # The field's name is the result of another field ({ {QUOTE 68 68 69} ... }): Word
        # builds it when the document opens, so nothing here can say what it runs.
        raise refuse("field_code")
    keyword = instruction.split(None, 1)[0].split("\\", 1)[0].strip('"').upper()
    if keyword in RISKY_FIELDS:
        raise refuse("field_code")
    if keyword == "HYPERLINK":
        quoted = re.search(r'"([^"]*)"', instruction)
        target = quoted[1] if quoted else instruction[len(keyword) :].split("\\", 1)[0]
        if "\\l" not in instruction.split('"', 1)[0] and not is_safe_link(target):
            raise refuse("unsafe_link")


def _inspect_docx(archive, parts) -> None:
    by_name = {info.filename: info for info in parts}
    types = _scan_xml(archive, by_name["[Content_Types].xml"], _ContentTypes())
    used_extensions = {name.rsplit(".", 1)[-1].lower() for name in by_name if "." in name}
    declared = list(types.overrides.values()) + [
        content_type
        for extension, content_type in types.defaults.items()
        if extension in used_extensions
    ]
    for content_type in declared:
        if any(marker in content_type for marker in MACRO_CONTENT_TYPES):
            raise refuse("macros")
        if any(marker in content_type for marker in EMBEDDED_CONTENT_TYPES):
            raise refuse("embedded_object")
    for name, info in by_name.items():
        lowered = name.lower()
        if lowered.endswith(".rels"):
            _scan_xml(archive, info, _Relationships())
        elif lowered.endswith(".xml") and name != "[Content_Types].xml":
            _scan_xml(archive, info, _WordPart()).close()


# ODT ----------------------------------------------------------------------------------------

ODF_MACRO_ELEMENTS = {"event-listener", "script", "execute-macro"}
ODF_DDE_ELEMENTS = {"dde-connection-decl", "dde-connection", "dde-source", "dde-link"}
ODF_EMBEDDED_ELEMENTS = {"object-ole", "applet", "plugin"}
# Elements whose xlink:href is a link the reader follows only when clicked.
ODF_HYPERLINKS = {"a"}
XLINK = "http://www.w3.org/1999/xlink"


class _ODFPart(_XMLScanner):
    def start(self, name, attributes):
        self.element(_local(name), attributes)
        self.check_attributes(attributes, judged=f"{XLINK} href")

    def element(self, local, attributes):
        if local in ODF_MACRO_ELEMENTS:
            raise refuse("macros")
        if local in ODF_DDE_ELEMENTS:
            raise refuse("field_code")
        if local in ODF_EMBEDDED_ELEMENTS:
            raise refuse("embedded_object")
        target = attributes.get(f"{XLINK} href")
        if target is None:
            return
        if local in ODF_HYPERLINKS:
            if not is_safe_link(target):
                raise refuse("unsafe_link")
        elif local == "template":
            # meta:template, the template the text was made from: as Word's attached template.
            if not is_local_path(target):
                raise refuse("external_content")
        elif not _inside_package(target):
            # A linked section, picture, object or frame, a form's submission address...
            raise refuse("external_content")


def _inside_package(target: str) -> bool:
    target = target.strip()
    if target.startswith("#"):
        return True
    path = target[2:] if target.startswith("./") else target
    if not path or "\\" in path or path.startswith("/") or ":" in path.split("/", 1)[0]:
        return False
    return ".." not in path.split("/")


class _ODFManifest(_XMLScanner):
    def start(self, name, attributes):
        super().start(name, attributes)
        local = _local(name)
        if local == "encryption-data":
            raise refuse("encrypted")
        if local != "file-entry":
            return
        values = {_local(key): value for key, value in attributes.items()}
        path, media_type = values.get("full-path", ""), values.get("media-type", "").lower()
        # Macro libraries, at the top or in an embedded sub-document ("Object 1/Basic/...").
        if re.search(r"(^|/)(basic|scripts)(/|$)", path, re.IGNORECASE):
            raise refuse("macros")
        if "basic" in media_type or "script" in media_type:
            raise refuse("macros")
        if "oleobject" in media_type:
            raise refuse("embedded_object")


def _inspect_odt(archive, parts) -> None:
    for info in parts:
        name = info.filename
        if name == "META-INF/manifest.xml":
            _scan_xml(archive, info, _ODFManifest())
        elif name.lower().endswith((".xml", ".rdf")):
            _scan_xml(archive, info, _ODFPart())

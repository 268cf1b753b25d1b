"""Write base_letter.docx, the portal's own letter template, with python-docx.

Run once, from the project's folder, when the layout changes (the .docx is committed):

    .venv/bin/python actions/letter_templates/make_base_letter.py

The placeholders are docxtpl's (Jinja) and are filled in by actions/letters.py for one group
and one authority. Each placeholder sits in a run of its own, so that Word's spelling marks
can never split one across runs. The closing words come from the context, so the same file
serves every language.
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
TARGET = HERE / "base_letter.docx"


def paragraph(document, *placeholders: str, align=None, space_after: int = 0):
    para = document.add_paragraph()
    for placeholder in placeholders:
        para.add_run(placeholder)
    if align is not None:
        para.alignment = align
    para.paragraph_format.space_after = Pt(space_after)
    return para


def build() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)

    # The sender: the group (and the person who signs).
    paragraph(document, "{{ group_name }}")
    paragraph(document, "{{ signatory }}", space_after=24)
    # The authority's address block, on the right as a windowed envelope wants it.
    paragraph(document, "{{ target_name }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ target_address }}", align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=24)
    paragraph(document, "{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=24)
    paragraph(document, "{{ subject }}", space_after=12).runs[0].bold = True
    paragraph(document, "{{ salutation }}", space_after=12)
    paragraph(document, "{{ body }}", space_after=12)
    paragraph(document, "{{ closing }}", space_after=36)
    paragraph(document, "{{ signatory }}")
    paragraph(document, "{{ group_name }}")
    core = document.core_properties
    core.author = core.last_modified_by = "Portal"
    core.title = "Letter"
    core.comments = ""
    return document


if __name__ == "__main__":
    build().save(TARGET)
    print(f"Written: {TARGET}")

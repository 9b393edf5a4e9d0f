"""House templates as organisations have them, made for the tests with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Mm, Pt, RGBColor
from PIL import Image

from .conftest import DEFAULT_DOCX

HOUSE_HEADER = "Westshire County Council"
HOUSE_FOOTER = "Internal use"
LACKING = ("Heading 1", "List Number", "Quote", "List Bullet")


def house_template(path: Path) -> Path:
    """A council's own template: Georgia headings, Verdana text, its name and logo in the
    header, "Internal use" in the footer, wider margins."""
    doc = docx.Document(str(DEFAULT_DOCX))
    heading = doc.styles["Heading 1"].font
    heading.name, heading.size, heading.color.rgb = "Georgia", Pt(20), RGBColor(0x8B, 0, 0)
    doc.styles["Normal"].font.name = "Verdana"
    doc.styles["Quote"].font.italic = True
    section = doc.sections[0]
    section.left_margin = Mm(30)
    logo = path.with_suffix(".png")
    Image.new("RGB", (240, 60), "#8b0000").save(logo)
    header = section.header.paragraphs[0]
    header.add_run(HOUSE_HEADER + " ")
    header.add_run().add_picture(str(logo), height=Mm(8))
    section.footer.paragraphs[0].add_run(HOUSE_FOOTER)
    doc.save(str(path))
    return path


def lacking_template(path: Path) -> Path:
    """A template as another word processor saves it: without Heading 1, List Number, Quote
    or List Bullet (and with its page set to A4, its own choice)."""
    doc = docx.Document()
    for name in LACKING:
        doc.styles[name].delete()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    doc.save(str(path))
    return path


BARE_KEEPS = ("Normal", "Default Paragraph Font", "Normal Table", "No List")
"""The styles every WordprocessingML document has: a bare template has these alone."""


def bare_template(path: Path, keep: tuple[str, ...] = BARE_KEEPS) -> Path:
    """A template with nothing but the styles every document has (or only `keep`), and no
    numbering at all: every built-in style the briefing uses, and what each is based on or
    linked to, must be added, and its list numbering with it."""
    doc = docx.Document()
    for style in list(doc.styles):
        if style.name not in keep:
            style.element.getparent().remove(style.element)
    numbering = doc.part.numbering_part.element
    for definition in list(numbering):
        numbering.remove(definition)
    doc.save(str(path))
    return path

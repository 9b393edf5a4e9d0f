"""Make the default reference template the briefing takes its styles from.

Run `python -m generators.formats.briefing.reference [PATH]` to rebuild it (by default, the copy
shipped inside the package).
An organisation can replace the file with its own Word template: the briefing uses only
built-in style names, so whatever those styles look like there is what the briefing looks like.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from ...build.output import write_atomic
from ...theme.loader import REFERENCE_DOCX, packaged
from ...theme.model import AA_CONTRAST, contrast
from .wordml import FIXED_EPOCH, package_bytes, set_proofing_language

FONT = "Arial"
"""GOV.UK's document font: on every Windows and Mac machine, metric-compatible elsewhere."""
TEXT = RGBColor(0x0B, 0x0C, 0x0C)
MUTED = RGBColor(0x50, 0x5A, 0x5F)
BLUE = RGBColor(0x1D, 0x70, 0xB8)
RULE = "B1B4B6"
HEADER_FILL = "F3F2F1"


def _theme_fonts(doc: DocxDocument, typeface: str) -> None:
    """Point the theme's heading and body fonts at `typeface`, as Word's Design > Fonts does."""
    for part in doc.part.package.iter_parts():
        if part.partname.endswith("/theme/theme1.xml"):
            xml = part.blob.decode("utf-8")
            xml = re.sub(
                r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*"', rf'\g<1>{typeface}"', xml
            )
            part._blob = xml.encode("utf-8")


def _paragraph_style(
    doc: DocxDocument,
    name: str,
    size: float,
    *,
    bold: bool = False,
    colour: RGBColor = TEXT,
    before: float = 0,
    after: float = 6,
    italic: bool = False,
    keep_with_next: bool = False,
) -> ParagraphStyle:
    style = cast(ParagraphStyle, doc.styles[name])
    font = style.font
    font.size, font.bold, font.italic = Pt(size), bold, italic
    font.color.rgb = colour
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.keep_with_next = keep_with_next
    return style


def _border(element: BaseOxmlElement, side: str, colour: str, size: int, space: int) -> None:
    border = OxmlElement(f"w:{side}")
    for key, value in (
        ("val", "single"),
        ("sz", str(size)),
        ("space", str(space)),
        ("color", colour),
    ):
        border.set(qn(f"w:{key}"), value)
    element.append(border)


def _quote_border(style: ParagraphStyle) -> None:
    """A blue rule down the left of quotations, as on GOV.UK's inset text."""
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    _border(borders, "left", "1D70B8", size=24, space=8)
    ppr.insert_element_before(
        borders,
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )


def _accessible_colours(doc: DocxDocument) -> None:
    """Darken every style colour below WCAG AA on white, so whatever style a colleague picks
    (Heading 4, Intense Quote...) passes Word's accessibility checker."""
    for colour in doc.styles.element.iter(qn("w:color")):
        value = colour.get(qn("w:val"))
        if value and value != "auto" and contrast(f"#{value}", "#ffffff") < AA_CONTRAST:
            colour.set(qn("w:val"), str(BLUE))
            for theme_attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
                colour.attrib.pop(qn(theme_attribute), None)


def _table_grid(doc: DocxDocument) -> None:
    """Table Grid with light rules and a shaded, bold header row (the `firstRow` condition)."""
    style = doc.styles["Table Grid"]
    borders = style.element.find(qn("w:tblPr") + "/" + qn("w:tblBorders"))
    if borders is not None:
        for border in borders:
            border.set(qn("w:color"), RULE)
    header = OxmlElement("w:tblStylePr")
    header.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    tcpr = OxmlElement("w:tcPr")
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", HEADER_FILL)):
        shading.set(qn(f"w:{key}"), value)
    tcpr.append(shading)
    header.extend([rpr, tcpr])
    style.element.append(header)


def _prune(doc: DocxDocument) -> None:
    """Drop what python-docx's starting document carries that a briefing does not need.

    Its thumbnail of a blank page (shown as every briefing's preview), `stylesWithEffects.xml`
    (a 438 KB copy of the styles for Word 2010), and a hundred table styles that Word has
    built in anyway: left in, every briefing would compress them again.
    """
    for rels, ending in (
        (doc.part.package.rels, "/metadata/thumbnail"),
        (doc.part.rels, "/stylesWithEffects"),
    ):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.endswith(ending):
                rels.pop(rel_id)
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in (
            "TableNormal",
            "TableGrid",
        ):
            styles.remove(style)


def make_reference_docx() -> bytes:
    """The reference template's bytes; the same every time."""
    doc = Document()
    _theme_fonts(doc, FONT)
    set_proofing_language(doc, "en-GB")
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(16)
    section.header_distance = section.footer_distance = Mm(8)

    normal = _paragraph_style(doc, "Normal", 11)
    normal.paragraph_format.line_spacing = 1.1
    _paragraph_style(doc, "Title", 22, bold=True, after=4)
    title = doc.styles["Title"].element.get_or_add_pPr()
    for child in title.findall(qn("w:pBdr")):  # python-docx's Title has a rule under it
        title.remove(child)
    _paragraph_style(doc, "Subtitle", 13, colour=MUTED)
    _paragraph_style(
        doc, "Heading 1", 14, bold=True, colour=BLUE, before=12, after=3, keep_with_next=True
    )
    _paragraph_style(doc, "Heading 2", 12.5, bold=True, before=10, after=3, keep_with_next=True)
    _paragraph_style(doc, "Heading 3", 11, bold=True, before=8, after=2, keep_with_next=True)
    _paragraph_style(doc, "List Bullet", 11, after=3)
    _paragraph_style(doc, "List Number", 11, after=3)
    quote = _paragraph_style(doc, "Quote", 11, before=2, after=4)
    quote.paragraph_format.left_indent = Mm(6)
    quote.paragraph_format.right_indent = Mm(0)
    _quote_border(quote)
    for name in ("Header", "Footer"):
        style = _paragraph_style(doc, name, 9, colour=MUTED, after=0)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    link = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.base_style = doc.styles["Default Paragraph Font"]
    link.font.color.rgb = BLUE
    link.font.underline = True
    link.unhide_when_used = True
    link.priority = 99
    _table_grid(doc)
    _accessible_colours(doc)

    doc.add_paragraph("Briefing title", "Title")
    doc.add_paragraph("Subject · Review type", "Subtitle")
    doc.add_paragraph("Heading 1", "Heading 1")
    doc.add_paragraph(
        "Body text in the Normal style. Change any style here and every briefing "
        "made with this template follows it.",
        "Normal",
    )
    doc.add_paragraph("Heading 2", "Heading 2")
    doc.add_paragraph("A bulleted point", "List Bullet")
    doc.add_paragraph("A numbered point", "List Number")
    doc.add_paragraph("Heading 3", "Heading 3")
    doc.add_paragraph("“A quotation from the inspector.”", "Quote")

    props = doc.core_properties
    props.title = "Precis briefing reference template"
    props.author = props.last_modified_by = "Precis"
    props.subject = "Styles for Precis briefings"
    props.keywords = "Precis, reference template"
    props.comments = "Made by generators/formats/briefing/reference.py"
    props.language = "en-GB"
    props.revision = 1
    props.created = props.modified = props.last_printed = FIXED_EPOCH
    _prune(doc)
    return package_bytes(doc, FIXED_EPOCH)


USAGE = (
    "usage: python -m generators.formats.briefing.reference [OUTPUT.docx]  "
    "(default: the template shipped with Precis)"
)


def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and (argv[0].startswith("-") or not argv[0].endswith(".docx"))):
        print(USAGE, file=sys.stderr)
        return 0 if argv[0] in ("-h", "--help") else 2
    target = Path(argv[0]) if argv else packaged(REFERENCE_DOCX)
    write_atomic(target, make_reference_docx())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The editable Word briefing (python-docx).

Everything in the summary, in full, in the order a reader wants it (headline, summary, key
facts, findings, next steps, quotes, the review's details, contact), styled only through
Word's built-in style names taken from the reference template, so a colleague's own template
restyles it all. The template's header and footer stay as the house made them: Precis adds
its lines to them (the marking above the header's own, the document's identity and page
number below the footer's own), and deletes nothing.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from ...content.addresses import mailto_uri, web_uri
from ...content.model import Point, Quote, Summary
from ...theme.labels import Wording, wording
from ...theme.loader import REFERENCE_DOCX, packaged
from ...theme.model import Theme
from .template import open_template
from .wordml import (
    FIXED_EPOCH,
    StyleMap,
    add_text,
    fixed_timestamp,
    hyperlink,
    keep_with_next,
    package_bytes,
    restart_numbering,
    set_new_paragraph_style,
    set_table_property,
)

PAGE_SIZES_MM = {"A4": (210, 297), "Letter": (215.9, 279.4)}
LABEL_SHARE = 0.3
"""The review-details table's label column: a third of the width, less, is enough."""
BLACK = RGBColor(0, 0, 0)


class _Writer:
    """Adds styled blocks to one document; every paragraph gets its style by resolved id."""

    def __init__(self, doc: DocxDocument, styles: StyleMap) -> None:
        self.doc = doc
        self.styles = styles

    def paragraph(
        self, text: str = "", style: str = "Normal", container: object = None
    ) -> Paragraph:
        paragraph: Paragraph = (container or self.doc).add_paragraph()  # type: ignore[attr-defined]
        set_new_paragraph_style(paragraph, self.styles.id(style))
        if text:
            add_text(paragraph, text)
        return paragraph

    def heading(self, text: str, level: int = 1) -> None:
        """A heading kept with what follows, whatever the template's style says."""
        keep_with_next(self.paragraph(text, f"Heading {level}"))

    def points(self, items: list[Point], numbered: bool) -> None:
        style = "List Number" if numbered else "List Bullet"
        paragraphs = []
        for item in items:
            paragraph = self.paragraph(style=style)
            # Bold marks the point as a heading for its detail; a point alone is plain text.
            add_text(paragraph, item.point, bold=bool(item.detail))
            if item.detail:
                add_text(paragraph, ": " + item.detail.replace("\n\n", " "))
            paragraphs.append(paragraph)
        if numbered:
            restart_numbering(self.doc, paragraphs, self.styles.id(style))

    def table(
        self,
        rows: list[tuple[str, str]],
        description: str,
        header: tuple[str, str] | None = None,
        links: dict[int, str] | None = None,
    ) -> Table:
        """A two-column table with no merged cells, whose rows never break across pages and
        which stays on the page of the heading before it; a header row, marked to repeat, only
        when its columns have headings to give."""
        table = self.doc.add_table(rows=len(rows) + (1 if header else 0), cols=2)
        table._tbl.tblStyle_val = self.styles.id("Table Grid")
        # Each cell's one paragraph, row by row: the table's cells are read once, not once a row.
        cells = iter([cell.paragraphs[0] for cell in table._cells])
        if header:
            for text in header:
                add_text(next(cells), text, bold=True)
            table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for index, (label, value) in enumerate(rows):
            add_text(next(cells), label, bold=header is None)
            url = (links or {}).get(index)
            if url:
                hyperlink(next(cells), url, value, self.styles)
            else:
                add_text(next(cells), value)
        last = len(table.rows) - 1
        for index, row in enumerate(table.rows):
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell in row._tr.tc_lst:
                paragraph = Paragraph(cell.p_lst[0], table)
                # Body text's space after would pad each cell's foot, not its head; the
                # cell margins space the text evenly instead (a paragraph style outranks
                # the table style's, so this has to be said on the paragraph).
                paragraph.paragraph_format.space_after = 0
                if index < last:
                    keep_with_next(paragraph)
        for tag in ("w:tblCaption", "w:tblDescription"):
            element = OxmlElement(tag)
            element.set(qn("w:val"), description)
            set_table_property(table, element)
        if header is None:
            look = table._tbl.tblPr.find(qn("w:tblLook"))
            if look is not None:  # no header row for the style to format as one
                look.set(qn("w:firstRow"), "0")
                look.set(qn("w:val"), f"{int(look.get(qn('w:val'), '0'), 16) & ~0x20:04X}")
        made: Table = table
        return made


def _details(summary: Summary, wording: Wording) -> tuple[list[tuple[str, str]], dict[int, str]]:
    """The review's details: the report (a link to it when its address is known), who
    published it, and its previous inspection (its kind and date are in the subtitle)."""
    review, words = summary.review, wording.words
    rows = [
        (words.report, review.title),
        (words.publisher, review.publisher_full or review.publisher),
    ]
    links = {0: web_uri(review.url)} if review.url else {}
    if review.previous_inspection:
        rows.append(
            (words.previous_inspection.format(value="").strip(), review.previous_inspection)
        )
    return rows, links


def _widths(table: Table, text_width: int) -> None:
    """A narrow label column, room for the values, and cells with air in them."""
    label = int(text_width * LABEL_SHARE)
    grid = table._tbl.tblGrid
    for column, width in zip(
        grid.findall(qn("w:gridCol")), (label, text_width - label), strict=True
    ):
        column.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row._tr.tc_lst, (label, text_width - label), strict=True):
            cell.get_or_add_tcPr().get_or_add_tcW().set(qn("w:w"), str(width))
    margins = OxmlElement("w:tblCellMar")
    for side, space in (("top", 40), ("left", 108), ("bottom", 40), ("right", 108)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(space))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    set_table_property(table, margins)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A real Word field (PAGE, NUMPAGES) that Word and LibreOffice update on open and print."""
    run = paragraph.add_run()
    for kind in ("begin", None, "separate", "end"):
        if kind is None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        if kind == "separate":
            text = OxmlElement("w:t")
            text.text = "1"
            run._r.append(text)


def _is_empty(paragraph: Paragraph) -> bool:
    """A paragraph holding nothing: no text, no picture, no field."""
    return not paragraph.text and not paragraph._p.xpath(".//w:drawing|.//w:pict|.//w:fldChar")


def _marking(paragraph: Paragraph, marking: str) -> None:
    """The protective marking as the Government Security Classifications ask: black bold
    capitals, centred."""
    run = add_text(paragraph, marking.upper(), bold=True)
    run.font.color.rgb = BLACK
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _identity(summary: Summary, wording: Wording) -> str:
    """What the document is, for every page: its subject, publisher and date."""
    review = summary.review
    parts = [summary.subject, review.publisher]
    if review.published:
        parts.append(wording.long_date(review.published))
    return " · ".join(parts)


def _header_and_footer(writer: _Writer, summary: Summary, wording: Wording) -> None:
    """The marking at the top of every page, above the house's header; the document's
    identity and page X of Y at the foot, below the house's footer, then the marking again."""
    section = writer.doc.sections[0]
    header, footer = section.header, section.footer
    if summary.marking:
        house = header.paragraphs
        top = house[0] if house and _is_empty(house[0]) else None
        if top is None:
            top = writer.paragraph(style="Header", container=header)
            header._element.insert(0, top._p)
        _marking(top, summary.marking)
    house = footer.paragraphs
    line = house[-1] if house and _is_empty(house[-1]) and len(house) == 1 else None
    line = line or writer.paragraph(style="Footer", container=footer)
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, rest = wording.words.page.split("{page}")
    between, after = rest.split("{pages}")
    add_text(line, f"{_identity(summary, wording)} · {before}")
    _field(line, "PAGE")
    add_text(line, between)
    _field(line, "NUMPAGES")
    if after:
        add_text(line, after)
    if summary.marking:
        _marking(writer.paragraph(style="Footer", container=footer), summary.marking)


def _page(doc: DocxDocument, theme: Theme) -> None:
    """The theme's page size, unless the house template chose one: Precis's own template
    takes the theme's, as a template without a size does."""
    section = doc.sections[0]
    own = theme.reference_docx.resolve() == packaged(REFERENCE_DOCX).resolve()
    if own or section._sectPr.pgSz is None:
        width, height = PAGE_SIZES_MM[theme.settings.page.size]
        section.page_width, section.page_height = Mm(width), Mm(height)


def _core_properties(doc: DocxDocument, summary: Summary, wording: Wording) -> None:
    review, words = summary.review, wording.words
    props = doc.core_properties
    props.title = summary.title
    props.subject = f"{review.title}: {summary.subject}"
    props.author = review.publisher_full or review.publisher
    props.last_modified_by = review.publisher
    props.keywords = ", ".join(k for k in (summary.subject, review.publisher, review.type) if k)
    props.comments = words.made_with
    props.category = review.type or words.briefing
    props.language = wording.language
    props.revision = 1
    props.created = props.modified = fixed_timestamp(review.published)
    props.last_printed = FIXED_EPOCH
    props.identifier = props.content_status = props.version = ""


def _quotes(writer: _Writer, quotes: list[Quote], wording: Wording) -> None:
    """Every quote in full, each as one quotation (its paragraphs between one pair of
    marks); consecutive quotes by one speaker attributed once, after the last."""
    for index, quote in enumerate(quotes):
        paragraphs = quote.paragraphs
        for number, text in enumerate(paragraphs):
            opening = wording.marks.double[0] if number == 0 else ""
            closing = wording.marks.double[1] if number == len(paragraphs) - 1 else ""
            writer.paragraph(f"{opening}{text}{closing}", "Quote")
        following = quotes[index + 1] if index + 1 < len(quotes) else None
        if following and (following.speaker, following.role) == (quote.speaker, quote.role):
            continue
        who = writer.paragraph()
        add_text(who, quote.speaker, bold=True)
        if quote.role:
            add_text(who, f", {quote.role}")


def _body(writer: _Writer, summary: Summary, theme: Theme, wording: Wording) -> None:
    headings, words, review = wording.headings, wording.words, summary.review
    if theme.logo_png:
        picture = writer.paragraph().add_run().add_picture(str(theme.logo_png), height=Mm(14))
        picture._inline.docPr.set("descr", theme.settings.logo_alt or "")
    writer.paragraph(summary.title, "Title")
    published = wording.long_date(review.published) if review.published else None
    subtitle = " · ".join(p for p in (summary.unnamed_subject, review.type, published) if p)
    if subtitle:
        writer.paragraph(subtitle, "Subtitle")
    writer.heading(words.summary)
    for paragraph in summary.summary.split("\n\n"):
        writer.paragraph(paragraph)
    if summary.key_facts:
        writer.heading(headings["key_facts"])
        for fact in summary.key_facts:
            line = writer.paragraph(style="List Bullet")
            add_text(line, fact.value, bold=True)
            add_text(line, f" {fact.label}")
    if summary.judgements:
        writer.heading(headings["judgements"])
        writer.table(
            [(j.area, j.grade) for j in summary.judgements],
            headings["judgements"],
            header=(words.area, words.grade),
        )
    for key, items, numbered in (
        ("progress", summary.progress, False),
        ("concerns", summary.concerns, True),
        ("recommendations", summary.recommendations, True),
    ):
        if items:
            writer.heading(headings[key])
            writer.points(items, numbered)
    if summary.next_steps:
        writer.heading(headings["next_steps"])
        for step in summary.next_steps:
            writer.paragraph(step, "List Bullet")
    if summary.quotes:
        writer.heading(wording.quotes)
        _quotes(writer, summary.quotes, wording)
    writer.heading(words.about)
    rows, links = _details(summary, wording)
    table = writer.table(rows, words.about, links=links)
    section = writer.doc.sections[0]
    sizes = (section.page_width, section.left_margin, section.right_margin)
    page, left, right = (int(size or 0) for size in sizes)
    _widths(table, (page - left - right) // 635)  # twentieths of a point
    _contact(writer, summary, wording)


def _contact(writer: _Writer, summary: Summary, wording: Wording) -> None:
    contact, words = summary.contact, wording.words
    if not contact or not (contact.name or contact.phone or contact.email or contact.url):
        return
    writer.heading(words.contact)
    who = ", ".join(p for p in (contact.name, contact.phone) if p)
    if who:
        writer.paragraph(who)
    if contact.email:
        email = writer.paragraph(f"{words.email}: ")
        hyperlink(email, mailto_uri(contact.email), contact.email, writer.styles)
    if contact.url:
        label = words.website.format(name=contact.name or words.contact)
        hyperlink(writer.paragraph(), web_uri(contact.url), label, writer.styles)


def render(summary: Summary, theme: Theme) -> bytes:
    """The briefing as .docx bytes, identical for identical content and templates."""
    words = wording(theme.label_set(summary.language), summary)
    doc, styles, shared = open_template(theme.reference_docx, words.language)
    writer = _Writer(doc, styles)
    _page(doc, theme)
    _body(writer, summary, theme, words)
    _header_and_footer(writer, summary, words)
    _core_properties(doc, summary, words)
    return package_bytes(doc, fixed_timestamp(None), shared)

"""The editable Word briefing (python-docx).

Everything in the summary, in full, styled only through Word's built-in style names taken from
the reference template, so a colleague's own template or "apply house style" restyles it all.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from ...content.model import Point, Summary
from ...theme.labels import Wording, wording
from ...theme.model import Theme
from .template import LANGUAGE, open_template
from .wordml import (
    FIXED_EPOCH,
    StyleMap,
    add_text,
    fixed_timestamp,
    hyperlink,
    package_bytes,
    restart_numbering,
    set_new_paragraph_style,
)


class _Writer:
    """Adds styled blocks to one document; every paragraph gets its style by resolved id."""

    def __init__(self, doc: DocxDocument, styles: StyleMap) -> None:
        self.doc = doc
        self.styles = styles

    def paragraph(
        self,
        text: str = "",
        style: str = "Normal",
        container: object = None,
    ) -> Paragraph:
        paragraph: Paragraph = (container or self.doc).add_paragraph()  # type: ignore[attr-defined]
        style_id = self.styles.id(style) if style in self.styles.ids else None
        if style_id:
            set_new_paragraph_style(paragraph, style_id)
        if text:
            add_text(paragraph, text)
        return paragraph

    def heading(self, text: str, level: int = 1) -> None:
        self.paragraph(text, f"Heading {level}")

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
        header: tuple[str, str],
        rows: list[tuple[str, str]],
        links: dict[int, str] | None = None,
    ) -> None:
        """A two-column table with a repeating, marked header row and no merged cells."""
        table = self.doc.add_table(rows=1 + len(rows), cols=2)
        table_style = self.styles.id("Table Grid")
        if table_style:
            table._tbl.tblStyle_val = table_style
        # Each cell's one paragraph, row by row: the table's cells are read once, not once a row.
        cells = iter([cell.paragraphs[0] for cell in table._cells])
        for text in header:
            add_text(next(cells), text, bold=True)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for index, (label, value) in enumerate(rows):
            add_text(next(cells), label)
            url = (links or {}).get(index)
            if url:
                hyperlink(next(cells), url, value, self.styles)
            else:
                add_text(next(cells), value)
        description = f"{header[0]} and {header[1].lower()}"
        for tag in ("w:tblCaption", "w:tblDescription"):
            element = OxmlElement(tag)
            element.set(qn("w:val"), description)
            table._tbl.tblPr.append(element)


def _facts(summary: Summary, wording: Wording) -> tuple[list[tuple[str, str]], dict[int, str]]:
    review, words = summary.review, wording.words
    rows = [
        (words.subject, summary.subject),
        (words.report, review.title),
        (words.publisher, review.publisher_full or review.publisher),
    ]
    if review.type:
        rows.append((words.type, review.type))
    if review.published:
        rows.append((words.published.format(date="").strip(), wording.long_date(review.published)))
    if review.previous_inspection:
        rows.append(
            (words.previous_inspection.format(value="").strip(), review.previous_inspection)
        )
    links = {}
    if review.url:
        links[len(rows)] = review.url
        rows.append((words.link, words.read_full_report.format(title=review.title)))
    return rows, links


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


def _header_and_footer(writer: _Writer, summary: Summary, wording: Wording) -> None:
    """Page X of Y in the footer; the protective marking, centred in capitals, in both."""
    section = writer.doc.sections[0]
    marking = summary.marking.upper() if summary.marking else None
    header = section.header.paragraphs[0].clear()
    if marking:
        add_text(header, marking, bold=True)
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page = section.footer.paragraphs[0].clear()
    page.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, between = wording.words.page.split("{page}")
    between, after = between.split("{pages}")
    add_text(page, before)
    _field(page, "PAGE")
    add_text(page, between)
    _field(page, "NUMPAGES")
    if after:
        add_text(page, after)
    if marking:
        line = writer.paragraph(style="Footer", container=section.footer)
        add_text(line, marking, bold=True)
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _core_properties(doc: DocxDocument, summary: Summary) -> None:
    review = summary.review
    props = doc.core_properties
    props.title = summary.title
    props.subject = f"{review.title}: {summary.subject}"
    props.author = review.publisher_full or review.publisher
    props.last_modified_by = review.publisher
    props.keywords = ", ".join(k for k in (summary.subject, review.publisher, review.type) if k)
    props.comments = "Made with Precis from a structured summary."
    props.category = review.type or "Review briefing"
    props.language = LANGUAGE
    props.revision = 1
    props.created = props.modified = fixed_timestamp(review.published)
    props.last_printed = FIXED_EPOCH
    props.identifier = props.content_status = props.version = ""


def _body(writer: _Writer, summary: Summary, theme: Theme, wording: Wording) -> None:
    headings, words = wording.headings, wording.words
    if theme.logo_png:
        picture = writer.paragraph().add_run().add_picture(str(theme.logo_png), height=Mm(14))
        picture._inline.docPr.set("descr", theme.settings.logo_alt or "")
    writer.paragraph(summary.title, "Title")
    writer.paragraph(" · ".join(p for p in (summary.subject, summary.review.type) if p), "Subtitle")
    writer.table(("About the review", "Details"), *_facts(summary, wording))
    writer.heading(words.summary)
    for paragraph in summary.summary.split("\n\n"):
        writer.paragraph(paragraph)
    if summary.judgements:
        writer.heading(headings["judgements"])
        writer.table(("Area", "Grade"), [(j.area, j.grade) for j in summary.judgements])
    for key, items, numbered in (
        ("progress", summary.progress, False),
        ("concerns", summary.concerns, True),
        ("recommendations", summary.recommendations, True),
    ):
        if items:
            writer.heading(headings[key])
            writer.points(items, numbered)
    if summary.key_facts:
        writer.heading(headings["key_facts"])
        writer.table(
            ("Figure", "What it measures"), [(f.value, f.label) for f in summary.key_facts]
        )
    if summary.quotes:
        writer.heading(wording.quotes)
        for quote in summary.quotes:
            for paragraph in quote.paragraphs:
                writer.paragraph(f"“{paragraph}”", "Quote")
            who = writer.paragraph()
            add_text(who, quote.speaker, bold=True)
            if quote.role:
                add_text(who, f", {quote.role}")
    if summary.next_steps:
        writer.heading(headings["next_steps"])
        for step in summary.next_steps:
            writer.paragraph(step, "List Bullet")
    _contact(writer, summary, wording)
    writer.heading(words.source)
    review = summary.review
    source = writer.paragraph()
    if review.url:
        hyperlink(source, review.url, review.title, writer.styles)
    else:
        add_text(source, review.title)
    publisher = review.publisher_full or review.publisher
    if review.published:
        published = words.published.format(date=wording.long_date(review.published))
        add_text(source, f". {publisher}. {published}.")
    else:
        add_text(source, f". {publisher}.")


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
        hyperlink(email, f"mailto:{contact.email}", contact.email, writer.styles)
    if contact.url:
        label = words.website.format(name=contact.name or words.contact)
        hyperlink(writer.paragraph(), contact.url, label, writer.styles)


def render(summary: Summary, theme: Theme) -> bytes:
    """The briefing as .docx bytes, identical for identical content and templates."""
    doc, styles, shared = open_template(theme.reference_docx)
    writer = _Writer(doc, styles)
    words = wording(theme.label_set(LANGUAGE), summary)
    _body(writer, summary, theme, words)
    _header_and_footer(writer, summary, words)
    _core_properties(doc, summary)
    return package_bytes(doc, fixed_timestamp(None), shared)

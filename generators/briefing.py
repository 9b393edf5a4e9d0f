"""The editable Word briefing (python-docx).

Everything in the summary, in full, styled only through Word's built-in style names taken from
the reference template, so a colleague's own template or "apply house style" restyles it all.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from .errors import Problem
from .model import Point, Summary
from .theme import Theme
from .wordml import (
    StyleMap,
    deterministic_zip,
    fixed_timestamp,
    hyperlink,
    restart_numbering,
    set_proofing_language,
    style_substitutes,
)

LANGUAGE = "en-GB"


def _heading(doc: DocxDocument, styles: StyleMap, text: str, level: int = 1) -> None:
    doc.add_paragraph(text, styles.get(f"Heading {level}"))


def _points(doc: DocxDocument, styles: StyleMap, items: list[Point], numbered: bool) -> None:
    style = styles.get("List Number" if numbered else "List Bullet")
    paragraphs: list[Paragraph] = []
    for item in items:
        paragraph = doc.add_paragraph(style=style)
        # Bold marks the point as a heading for its detail; a point alone is plain text.
        paragraph.add_run(item.point).bold = bool(item.detail) or None
        if item.detail:
            paragraph.add_run(": " + item.detail.replace("\n\n", " "))
        paragraphs.append(paragraph)
    if numbered:
        restart_numbering(doc, paragraphs, style)


def _table(
    doc: DocxDocument,
    styles: StyleMap,
    header: tuple[str, str],
    rows: list[tuple[str, str]],
    links: dict[int, str] | None = None,
) -> None:
    """A two-column table with a repeating, marked header row and no merged cells."""
    table = doc.add_table(rows=1 + len(rows), cols=2)
    table.style = styles.get("Table Grid")
    table.autofit = True
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    header_row = table.rows[0]._tr.get_or_add_trPr()
    header_row.append(OxmlElement("w:tblHeader"))
    for index, (label, value) in enumerate(rows):
        cells = table.rows[index + 1].cells
        cells[0].paragraphs[0].add_run(label)
        url = (links or {}).get(index)
        if url:
            hyperlink(cells[1].paragraphs[0], url, value, styles)
        else:
            cells[1].paragraphs[0].add_run(value)
    caption = f"{header[0]} and {header[1].lower()}"
    properties = table._tbl.tblPr
    for tag, text in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), text)
        properties.append(element)


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _facts(summary: Summary) -> tuple[list[tuple[str, str]], dict[int, str]]:
    r = summary.review
    rows = [
        ("Subject", summary.subject),
        ("Report", r.title),
        ("Publisher", r.publisher_full or r.publisher),
    ]
    if r.type:
        rows.append(("Type", r.type))
    if r.published:
        rows.append(("Published", _long_date(r.published)))
    if r.previous_inspection:
        rows.append(("Previous inspection", r.previous_inspection))
    links = {}
    if r.url:
        links[len(rows)] = r.url
        rows.append(("Link", f"Read the full report: {r.title}"))
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


def _header_and_footer(doc: DocxDocument, summary: Summary, styles: StyleMap) -> None:
    section = doc.sections[0]
    marking = summary.marking.upper() if summary.marking else None
    header = section.header.paragraphs[0]
    header.text = marking or ""
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer
    lines = footer.paragraphs
    page = lines[0]
    page.text = ""
    page.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page.add_run("Page ")
    _field(page, "PAGE")
    page.add_run(" of ")
    _field(page, "NUMPAGES")
    if marking:
        mark = footer.add_paragraph(marking, styles.get("Footer"))
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for paragraph in (header, *footer.paragraphs):
        for run in paragraph.runs:
            run.bold = run.bold or (marking is not None and run.text == marking)


def _clear_body(doc: DocxDocument) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _core_properties(doc: DocxDocument, summary: Summary) -> None:
    r = summary.review
    props = doc.core_properties
    stamp = fixed_timestamp(r.published)
    props.title = summary.title
    props.subject = f"{r.title}: {summary.subject}"
    props.author = r.publisher_full or r.publisher
    props.last_modified_by = r.publisher
    props.keywords = ", ".join(k for k in (summary.subject, r.publisher, r.type) if k)
    props.comments = "Made with Precis from a structured summary."
    props.category = r.type or "Review briefing"
    props.language = LANGUAGE
    props.revision = 1
    props.created = props.modified = stamp
    props.last_printed = datetime(2000, 1, 1, tzinfo=UTC).replace(tzinfo=None)
    props.identifier = ""
    props.content_status = ""
    props.version = ""


def template_warnings(theme: Theme) -> list[Problem]:
    """What a reference template lacks: the briefing still builds, with fallback styles."""
    warnings = []
    for name, substitute in style_substitutes(Document(str(theme.reference_docx))).items():
        used = substitute if substitute == "direct formatting" else f"`{substitute}`"
        message = f"warning: style `{name}` is missing; the briefing uses {used} instead"
        warnings.append(Problem(str(theme.reference_docx), 1, 1, message))
    return warnings


def render(summary: Summary, theme: Theme) -> bytes:
    """The briefing as .docx bytes, identical for identical content and templates."""
    doc = Document(str(theme.reference_docx)) if theme.reference_docx.is_file() else Document()
    styles = StyleMap(doc)
    _clear_body(doc)
    set_proofing_language(doc, LANGUAGE)
    if theme.logo_png:
        picture = (
            doc.add_paragraph(style=styles.get("Normal"))
            .add_run()
            .add_picture(str(theme.logo_png), height=Mm(14))
        )
        doc_pr = picture._inline.docPr
        doc_pr.set("descr", theme.settings.logo_alt or "")
    doc.add_paragraph(summary.title, styles.get("Title"))
    subtitle = " · ".join(p for p in (summary.subject, summary.review.type) if p)
    doc.add_paragraph(subtitle, styles.get("Subtitle"))
    rows, links = _facts(summary)
    _table(doc, styles, ("About the review", "Details"), rows, links)

    _heading(doc, styles, "Summary")
    for paragraph in summary.summary.split("\n\n"):
        doc.add_paragraph(paragraph, styles.get("Normal"))
    if summary.judgements:
        _heading(doc, styles, "Judgements")
        _table(doc, styles, ("Area", "Grade"), [(j.area, j.grade) for j in summary.judgements])
    for title, items, numbered in (
        ("What has improved", summary.progress, False),
        ("What still needs to improve", summary.concerns, True),
        ("Recommendations", summary.recommendations, True),
    ):
        if items:
            _heading(doc, styles, title)
            _points(doc, styles, items, numbered)
    if summary.key_facts:
        _heading(doc, styles, "Key facts")
        _table(
            doc,
            styles,
            ("Figure", "What it measures"),
            [(f.value, f.label) for f in summary.key_facts],
        )
    if summary.quotes:
        _heading(
            doc,
            styles,
            "What the inspector said" if len(summary.quotes) == 1 else "What the inspectors said",
        )
        for quote in summary.quotes:
            for paragraph in quote.paragraphs:
                doc.add_paragraph(f"“{paragraph}”", styles.get("Quote"))
            who = doc.add_paragraph(style=styles.get("Normal"))
            who.add_run(quote.speaker).bold = True
            if quote.role:
                who.add_run(f", {quote.role}")
    if summary.next_steps:
        _heading(doc, styles, "Next steps")
        for step in summary.next_steps:
            doc.add_paragraph(step, styles.get("List Bullet"))
    contact = summary.contact
    if contact and (contact.name or contact.phone or contact.email or contact.url):
        _heading(doc, styles, "Contact")
        line = doc.add_paragraph(style=styles.get("Normal"))
        line.add_run(", ".join(p for p in (contact.name, contact.phone) if p))
        if contact.email:
            email = doc.add_paragraph(style=styles.get("Normal"))
            email.add_run("Email: ")
            hyperlink(email, f"mailto:{contact.email}", contact.email, styles)
        if contact.url:
            web = doc.add_paragraph(style=styles.get("Normal"))
            hyperlink(web, contact.url, f"{contact.name or 'Contact'} website", styles)
    _heading(doc, styles, "Source")
    r = summary.review
    source = doc.add_paragraph(style=styles.get("Normal"))
    if r.url:
        hyperlink(source, r.url, r.title, styles)
    else:
        source.add_run(r.title)
    by = r.publisher_full or r.publisher
    source.add_run(f", {by}" + (f", published {_long_date(r.published)}." if r.published else "."))

    _header_and_footer(doc, summary, styles)
    _core_properties(doc, summary)
    buffer = io.BytesIO()
    doc.save(buffer)
    return deterministic_zip(buffer.getvalue(), fixed_timestamp(r.published))

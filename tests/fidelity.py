"""What each document must show of a summary, derived from the summary alone, and the reading
of a document back into text to check it against.

The expected text is written from the content format's own rules (docs/content-format.md:
what goes where), never from a document Precis made. Text is compared with all white space
removed and typographic quotes and dashes folded, so line breaks and the sheet's typography
do not count; everything else does, character for character.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from generators.content.model import Point, Summary

from .conftest import tool

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u00ad": None,
    }
)


def flat(text: str) -> str:
    """Text as compared: NFC, typographic quotes and dashes folded, no white space, and no
    invisible format characters (the sheet leaves out those its font lacks)."""
    text = unicodedata.normalize("NFC", text).translate(_FOLD)
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def long_date(value: date) -> str:
    """The content format's date as both documents print it: 5 March 2024."""
    return f"{value.day} {value:%B} {value.year}"


@dataclass
class Section:
    """A heading (None: a part of the document without one) and the texts under it, in order."""

    heading: str | None
    texts: list[str] = field(default_factory=list)


def _point_texts(items: Iterable[Point]) -> list[str]:
    texts: list[str] = []
    for item in items:
        texts.append(item.point)
        if item.detail:
            texts += item.detail.split("\n\n")
    return texts


def sheet_sections(summary: Summary) -> list[Section]:
    """Everything the fact sheet must show, by section."""
    review = summary.review
    band = [review.publisher] + ([review.type] if review.type else [])
    if review.published:
        band.append(long_date(review.published))
    sections = [
        Section(None, band),
        Section(None, [summary.subject, summary.title, *summary.summary.split("\n\n")]),
    ]
    if summary.key_facts:
        sections.append(
            Section(None, [text for fact in summary.key_facts for text in (fact.value, fact.label)])
        )
    if summary.judgements:
        sections.append(
            Section("Judgements", [t for j in summary.judgements for t in (j.area, j.grade)])
        )
    for heading, items in (
        ("What has improved", summary.progress),
        ("What still needs to improve", summary.concerns),
        ("Recommendations", summary.recommendations),
    ):
        if items:
            sections.append(Section(heading, _point_texts(items)))
    if summary.next_steps:
        sections.append(Section("Next steps", list(summary.next_steps)))
    if summary.quotes:
        quote = summary.quotes[0]
        sections.append(
            Section(
                None, [quote.paragraphs[0], quote.speaker] + ([quote.role] if quote.role else [])
            )
        )
    footer = [review.title]
    if review.publisher_full:
        footer.append(review.publisher_full)
    if review.published:
        footer.append(long_date(review.published))
    if review.previous_inspection:
        footer.append(review.previous_inspection)
    if review.url:
        footer.append(review.url)
    if summary.contact:
        contact = summary.contact
        footer += [t for t in (contact.name, contact.phone, contact.email, contact.url) if t]
    sections.append(Section(None, footer))
    return sections


def briefing_sections(summary: Summary) -> list[Section]:
    """Everything the briefing must show, by section: all of the summary, in full."""
    review = summary.review
    details = [
        "Subject",
        summary.subject,
        "Report",
        review.title,
        "Publisher",
        review.publisher_full or review.publisher,
    ]
    if review.type:
        details += ["Type", review.type]
    if review.published:
        details += ["Published", long_date(review.published)]
    if review.previous_inspection:
        details += ["Previous inspection", review.previous_inspection]
    sections = [
        Section(None, [summary.title, summary.subject] + ([review.type] if review.type else [])),
        Section(None, details),
        Section("Summary", summary.summary.split("\n\n")),
    ]
    if summary.judgements:
        sections.append(
            Section("Judgements", [t for j in summary.judgements for t in (j.area, j.grade)])
        )
    for heading, items in (
        ("What has improved", summary.progress),
        ("What still needs to improve", summary.concerns),
        ("Recommendations", summary.recommendations),
    ):
        if items:
            sections.append(Section(heading, _point_texts(items)))
    if summary.key_facts:
        sections.append(
            Section(
                "Key facts", [t for fact in summary.key_facts for t in (fact.value, fact.label)]
            )
        )
    if summary.quotes:
        heading = (
            "What the inspectors said" if len(summary.quotes) > 1 else "What the inspector said"
        )
        texts: list[str] = []
        for quote in summary.quotes:
            texts += quote.paragraphs + [quote.speaker] + ([quote.role] if quote.role else [])
        sections.append(Section(heading, texts))
    if summary.next_steps:
        sections.append(Section("Next steps", list(summary.next_steps)))
    contact = summary.contact
    if contact and (contact.name or contact.phone or contact.email or contact.url):
        sections.append(
            Section("Contact", [t for t in (contact.name, contact.phone, contact.email) if t])
        )
    source = [review.title, review.publisher_full or review.publisher]
    if review.published:
        source.append(long_date(review.published))
    sections.append(Section("Source", source))
    return sections


def missing(text: str, sections: list[Section]) -> list[str]:
    """What of `sections` the document's text lacks: each text must follow its heading, in
    order, before the next heading of another section; headingless sections only in order.
    An empty list means everything is there."""
    body = flat(text)
    headings = {flat(s.heading) for s in sections if s.heading}
    problems: list[str] = []
    for section in sections:
        start, end = 0, len(body)
        if section.heading:
            wanted = flat(section.heading)
            start = body.find(wanted)
            if start < 0:
                problems.append(f"heading {section.heading!r} is missing")
                continue
            start += len(wanted)
            later = [body.find(h, start) for h in headings if h != wanted]
            end = min([at for at in later if at >= 0], default=len(body))
        for item in section.texts:
            found = body.find(flat(item), start, end)
            if found < 0:
                where = f"under {section.heading!r}" if section.heading else "in order"
                problems.append(f"{item[:60]!r} is missing {where}")
            else:
                start = found + len(flat(item))
    return problems


def pdf_text(data: bytes) -> str:
    """The sheet's text in drawing order (`pdftotext -raw`): the order a reader meets it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.pdf"
        path.write_bytes(data)
        return subprocess.run(
            [tool("pdftotext"), "-raw", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def docx_text(data: bytes) -> str:
    """The briefing's body text in document order, table cells row by row."""
    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts += [cell.text for row in block.rows for cell in row.cells]
    return "\n".join(parts)


def docx_header_footer(data: bytes) -> tuple[str, str]:
    section = docx.Document(io.BytesIO(data)).sections[0]
    return (
        "\n".join(p.text for p in section.header.paragraphs),
        "\n".join(p.text for p in section.footer.paragraphs),
    )


def count(text: str, wanted: str) -> int:
    return len(re.findall(re.escape(flat(wanted)), flat(text)))

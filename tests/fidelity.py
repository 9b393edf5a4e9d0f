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
from typing import Any

import docx
import yaml
from docx.table import Table
from docx.text.paragraph import Paragraph

from generators.content.model import Judgement, Point, Quote, Summary

from .conftest import ROOT, tool

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
    """Text as compared: NFC, typographic quotes and dashes folded (the sheet sets `--` as an
    en dash), no white space, and no invisible format characters (the sheet leaves out those
    its font lacks)."""
    text = re.sub("-+", "-", unicodedata.normalize("NFC", text).translate(_FOLD))
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


LABEL_SETS: dict[str, dict[str, Any]] = {
    data["language"]: data
    for data in (
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "generators" / "theme" / "labels").glob("*.yaml"))
    )
}
"""The shipped label sets by language, read as the data they are: the words and the headings
each kind of review gets."""
LABELS = LABEL_SETS["en-GB"]


def labels_of(tag: str) -> dict[str, Any]:
    """A language's label set: of its very tag, else of its language (`cy-GB` reads `cy`)."""
    language = tag.split("-")[0].lower()
    return LABEL_SETS.get(tag) or next(
        data for known, data in LABEL_SETS.items() if known.split("-")[0].lower() == language
    )


def labels_for(summary: Summary) -> dict[str, Any]:
    return labels_of(summary.language)


def headings(summary: Summary) -> dict[str, str]:
    """Each section's heading: the summary's own, else its kind's, else an inspection's, the
    kind being the first whose words `review.type` contains (docs/content-format.md)."""
    labels = labels_for(summary)
    review_type = (summary.review.type or "").lower()
    kind = next(
        (k for k, words in labels["kinds"].items() if any(w.lower() in review_type for w in words)),
        "inspection",
    )
    chosen = {**labels["sections"]["inspection"], **labels["sections"].get(kind, {})}
    own = summary.labels.model_dump(exclude_none=True) if summary.labels else {}
    return {**chosen, **own}


def is_overall(judgement: Judgement, summary: Summary) -> bool:
    """An area with the label set's word for "overall", whole, anywhere in it."""
    words = re.findall(r"\w+", judgement.area.lower())
    return any(word.lower() in words for word in labels_for(summary)["words"]["overall"])


def _five_word_runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[n : n + 5]) for n in range(len(words) - 4)}


def pull_quote(paragraph: str) -> str:
    """A paragraph as the sheet quotes it: its first whole sentences, 45 words at most (always
    the first sentence), docs/content-format.md."""
    sentences, start = [], 0
    for end in re.finditer(r"(?<=[.!?])[\"\u201d\u2019']?(?=\s+[\"\u201c\u2018']?(\w))", paragraph):
        if end.group(1).isupper() or end.group(1).isdigit():  # a capital in any alphabet
            sentences.append(paragraph[start : end.end()])
            start = len(paragraph) - len(paragraph[end.end() :].lstrip())
    sentences.append(paragraph[start:])
    kept = [sentences[0]]
    for sentence in sentences[1:]:
        if len(" ".join([*kept, sentence]).split()) > 45:
            break
        kept.append(sentence)
    return " ".join(kept)


def sheet_quote(summary: Summary) -> tuple[Quote, str] | None:
    """The quote words the sheet shows: of the paragraph marked `sheet: N`, else of the first
    that shares under half its five-word runs with the lede and findings, else of the one
    sharing fewest (docs/content-format.md)."""
    for quote in summary.quotes:
        if quote.sheet:
            return quote, pull_quote(quote.paragraphs[quote.sheet - 1])
    findings = [summary.summary] + [
        text
        for item in [*summary.progress, *summary.concerns, *summary.recommendations]
        for text in (item.point, item.detail or "")
    ]
    said = set().union(*(_five_word_runs(text) for text in findings))
    shares = []
    for quote in summary.quotes:
        for paragraph in quote.paragraphs:
            shown = pull_quote(paragraph)
            runs = _five_word_runs(shown)
            share = len(runs & said) / len(runs) if runs else 0.0
            if share < 0.5:
                return quote, shown
            shares.append((share, quote, shown))
    return min(shares, key=lambda found: found[0])[1:] if shares else None


def long_date(value: date, summary: Summary) -> str:
    """The content format's date as both documents print it, in the summary's language:
    5 March 2024, 5 Mawrth 2024."""
    labels = labels_for(summary)
    month = labels["months"][value.month - 1]
    return str(labels["date"].format(day=value.day, month=month, year=value.year))


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
    review, heading = summary.review, headings(summary)
    full, short = review.publisher_full, review.publisher
    band = [full, short] if full and short not in full else [full or short]
    if review.published:
        band.append(long_date(review.published, summary))
    top = [] if summary.subject.casefold() in summary.title.casefold() else [summary.subject]
    top += ([review.type] if review.type else []) + [summary.title, *summary.summary.split("\n\n")]
    graded = [j for j in summary.judgements if not is_overall(j, summary)]
    tiles = [j for j in summary.judgements if is_overall(j, summary)]
    tiles += graded if len(graded) == 1 else []
    top += [text for j in tiles for text in (j.area, j.grade)]
    sections = [Section(None, band), Section(None, top)]
    if summary.key_facts:
        sections.append(
            Section(None, [text for fact in summary.key_facts for text in (fact.value, fact.label)])
        )
    if len(graded) > 1:
        sections.append(
            Section(heading["judgements"], [t for j in graded for t in (j.grade, j.area)])
        )
    for key, items in (
        ("progress", summary.progress),
        ("concerns", summary.concerns),
        ("recommendations", summary.recommendations),
    ):
        if items:
            sections.append(Section(heading[key], _point_texts(items)))
    if summary.next_steps:
        sections.append(Section(heading["next_steps"], list(summary.next_steps)))
    chosen = sheet_quote(summary)
    if chosen:
        quote, paragraph = chosen
        sections.append(
            Section(None, [paragraph, quote.speaker] + ([quote.role] if quote.role else []))
        )
    footer = [review.title]
    if review.publisher_full:
        footer.append(review.publisher_full)
    if review.published:
        footer.append(long_date(review.published, summary))
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
    """Everything the briefing must show, by section: all of the summary, in full, in the
    order docs/content-format.md gives (headline, summary, key facts, findings, next steps,
    quotes, the review's details, contact)."""
    review, heading, words = summary.review, headings(summary), labels_for(summary)["words"]
    top = [summary.title]
    if summary.subject.casefold() not in summary.title.casefold():
        top.append(summary.subject)
    top += [
        part
        for part in (review.type, review.published and long_date(review.published, summary))
        if part
    ]
    sections = [Section(None, top), Section(words["summary"], summary.summary.split("\n\n"))]
    if summary.key_facts:
        sections.append(
            Section(
                heading["key_facts"], [t for f in summary.key_facts for t in (f.value, f.label)]
            )
        )
    if summary.judgements:
        sections.append(
            Section(
                heading["judgements"], [t for j in summary.judgements for t in (j.area, j.grade)]
            )
        )
    for key, items in (
        ("progress", summary.progress),
        ("concerns", summary.concerns),
        ("recommendations", summary.recommendations),
    ):
        if items:
            sections.append(Section(heading[key], _point_texts(items)))
    if summary.next_steps:
        sections.append(Section(heading["next_steps"], list(summary.next_steps)))
    if summary.quotes:
        speakers = list(dict.fromkeys(quote.speaker for quote in summary.quotes))
        own = summary.labels.quotes if summary.labels else None
        one = words["quote_by"].format(speaker=speakers[0])
        title = own or (one if len(speakers) == 1 else words["quotes"])
        texts: list[str] = []
        for index, quote in enumerate(summary.quotes):
            texts += quote.paragraphs
            following = summary.quotes[index + 1 : index + 2]
            if not following or (following[0].speaker, following[0].role) != (
                quote.speaker,
                quote.role,
            ):
                texts += [quote.speaker] + ([quote.role] if quote.role else [])  # once a run
        sections.append(Section(title, texts))
    details = [
        words["report"],
        review.title,
        words["publisher"],
        review.publisher_full or review.publisher,
    ]
    if review.previous_inspection:
        details += [words["previous_inspection"].format(value=""), review.previous_inspection]
    sections.append(Section(words["about"], details))
    contact = summary.contact
    if contact and (contact.name or contact.phone or contact.email or contact.url):
        sections.append(
            Section(
                words["contact"], [t for t in (contact.name, contact.phone, contact.email) if t]
            )
        )
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

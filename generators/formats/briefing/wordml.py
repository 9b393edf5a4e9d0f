"""The WordprocessingML that python-docx has no API for: styles by id, hyperlinks, list
restarts, pagination, proofing language, and a byte-stable package."""

from __future__ import annotations

import functools
import io
import os
import zipfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.part import Part
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FIXED_EPOCH = datetime(2000, 1, 1)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_ZIP_END = (2107, 12, 31, 23, 59, 58)
"""A zip entry's date is two bytes: 1980 to 2107. A review's date outside that is kept in the
document's properties; only the entry dates are clamped."""


@dataclass(frozen=True)
class StyleMap:
    """The style id of each style the briefing asks for by name, resolved once per template.

    python-docx looks a style up by name by scanning every style, for every paragraph; ids
    resolved up front and set directly make the briefing several times faster.
    """

    ids: dict[str, str]

    @classmethod
    def of(cls, doc: DocxDocument) -> StyleMap:
        return cls({s.name: s.style_id for s in doc.styles if s.name is not None})

    def id(self, name: str) -> str:
        """The id of a style the briefing uses: every one is there, the template's own or
        added from Word's definitions (builtin.py), so a missing one is a bug here."""
        return self.ids[name]


def set_new_paragraph_style(paragraph: Paragraph, style_id: str) -> None:
    """Give a paragraph that has no properties yet its style, by id.

    python-docx places each new element by searching for every element the schema allows
    after it, dozens per paragraph and run; a new paragraph's properties and a new run's
    are empty, so their first children go straight in (pStyle heads w:pPr, as w:pPr heads
    w:p and w:rPr heads w:r), here and in add_text.
    """
    properties = OxmlElement("w:pPr")
    properties.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
    paragraph._p.insert(0, properties)


def keep_with_next(paragraph: Paragraph) -> None:
    """Keep the paragraph on the page of the one after it: a heading with its text, a table's
    rows together."""
    paragraph.paragraph_format.keep_with_next = True


TABLE_PROPERTIES = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
)  # the order ECMA-376 (17.4.60) requires in w:tblPr; Word refuses a file out of it


def set_table_property(table: Table, element: BaseOxmlElement) -> None:
    """Put a table property in its schema place, replacing one already there."""
    properties = table._tbl.tblPr
    name = element.tag.rsplit("}", 1)[1]
    later = {qn(f"w:{tag}") for tag in TABLE_PROPERTIES[TABLE_PROPERTIES.index(name) + 1 :]}
    for child in properties.findall(element.tag):
        properties.remove(child)
    following = next((child for child in properties if child.tag in later), None)
    if following is None:
        properties.append(element)
    else:
        following.addprevious(element)


def add_text(paragraph: Paragraph, text: str, bold: bool = False) -> Run:
    """A run of plain text, bold if asked.

    python-docx's `run.text` reads text a character at a time to turn tabs and line breaks
    into elements, a fifth of a briefing's time; the model has already folded both into
    spaces, so the text goes in whole, as one w:t, unless it still holds one.
    """
    run = paragraph.add_run()
    if bold:
        properties = OxmlElement("w:rPr")
        properties.append(OxmlElement("w:b"))
        run._r.append(properties)
    if any(ch in text for ch in "\t\n\r"):
        run.text = text
    elif text:
        run._r.add_t(text)
    return run


def hyperlink(paragraph: Paragraph, url: str, text: str, styles: StyleMap) -> None:
    """A real, relationship-based hyperlink whose visible text is `text`."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), styles.id("Hyperlink"))
    properties.append(style)
    run.append(properties)
    label = OxmlElement("w:t")
    label.set(qn("xml:space"), "preserve")
    label.text = text
    run.append(label)
    link.append(run)
    paragraph._p.append(link)


def restart_numbering(
    doc: DocxDocument,
    paragraphs: list[Paragraph],
    style_id: str,
) -> None:
    """Make a numbered list start again at 1 instead of continuing the previous list.

    Word numbers every paragraph of a numbered style as one list; a fresh w:num pointing at the
    same abstract numbering with a start override begins a new one.
    """
    if not paragraphs:
        return
    style = doc.styles.element.get_by_id(style_id)
    style_numpr = style.find(qn("w:pPr") + "/" + qn("w:numPr")) if style is not None else None
    if style_numpr is None:
        return
    style_num = style_numpr.find(qn("w:numId")).get(qn("w:val"))
    numbering = doc.part.numbering_part.element
    abstract = None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == style_num:
            abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    if abstract is None:
        return
    new_id = str(max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), new_id)
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), abstract)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.extend([ref, override])
    numbering.append(num)
    for paragraph in paragraphs:
        numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = 0
        numpr.get_or_add_numId().val = int(new_id)


def set_proofing_language(doc: DocxDocument, language: str) -> None:
    """Set `w:lang` in the style defaults, the setting Word's spelling checker reads, and in
    every style that names a language of its own (a house template's Normal in en-US, say),
    which would outrank it. East Asian and complex-script languages are left as they are."""
    styles = doc.styles.element
    for named in styles.iter(qn("w:lang")):
        if named.get(qn("w:val")) is not None:
            named.set(qn("w:val"), language)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        later = [rpr.find(qn(t)) for t in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        successor = next((e for e in later if e is not None), None)
        if successor is None:
            rpr.append(lang)
        else:
            successor.addprevious(lang)
    lang.set(qn("w:val"), language)


def fixed_timestamp(published: date | None) -> datetime:
    """The document's date: SOURCE_DATE_EPOCH if set, else the review's date, else a constant."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
    if published:
        return datetime(published.year, published.month, published.day)
    return FIXED_EPOCH


def package_bytes(doc: DocxDocument, stamp: datetime, shared: Collection[Part] = ()) -> bytes:
    """The .docx package, written with fixed entry dates and attributes, so equal input gives
    equal bytes (python-docx's own save stamps each entry with the time of writing).

    `shared` names parts that are the very same objects in every document made from one
    template (its styles, theme, fonts and settings, which no briefing changes): they are
    serialised and compressed once per process, and each document's zip starts as a copy of
    that one and has its own parts appended. The package relationships go first, so tools
    that sniff the first entries still see a Word document.
    """
    package = doc.part.package
    parts = list(package.iter_parts())
    date_time = min(max(stamp.timetuple()[:6], _ZIP_EPOCH), _ZIP_END)
    common = tuple(part for part in parts if part in shared)
    out = io.BytesIO(_zip_of_parts(package.rels.xml, common, date_time))
    entries = [(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob)]  # type: ignore[no-untyped-call]
    entries += _entries(part for part in parts if part not in common)
    with zipfile.ZipFile(out, "a") as target:
        _write(target, entries, date_time)
    return out.getvalue()


@functools.lru_cache(maxsize=8)
def _zip_of_parts(rels: bytes, parts: tuple[Part, ...], date_time: tuple[int, ...]) -> bytes:
    """A zip of the package relationships and these parts, made once per process."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        _write(target, [(PACKAGE_URI.rels_uri.membername, rels), *_entries(parts)], date_time)
    return out.getvalue()


def _entries(parts: Iterable[Part]) -> list[tuple[str, bytes]]:
    entries = []
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    return entries


def _write(
    target: zipfile.ZipFile, entries: list[tuple[str, bytes]], date_time: tuple[int, ...]
) -> None:
    for name, data in entries:
        entry = zipfile.ZipInfo(name, date_time=date_time)  # type: ignore[arg-type]
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.create_system = 0
        entry.external_attr = 0
        target.writestr(entry, data, compresslevel=6)

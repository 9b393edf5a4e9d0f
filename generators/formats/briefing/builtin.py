"""Word's own definitions of the built-in styles a briefing uses, for templates that lack them.

Word saves only the styles a document uses, so a house template often lacks Heading 1 or List
Number, and a briefing made from it would have no headings and no numbering. Each style it
lacks is added as Word defines it: from python-docx's default template (written by Word), or,
for Hyperlink, which that lacks, as Word writes it; with the styles it is based on and linked
to, the numbering a list style uses, and its colours darkened where they miss AA contrast.
A style of the same name the template has is used as it is.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from ...theme.model import AA_CONTRAST, contrast

NEEDED = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Number",
    "Quote",
    "Caption",
    "Table Grid",
    "Hyperlink",
    "Header",
    "Footer",
)
"""Every style the briefing asks for by name."""

HYPERLINK = f"""<w:style {nsdecls("w")} w:type="character" w:styleId="Hyperlink">
  <w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/>
  <w:uiPriority w:val="99"/><w:unhideWhenUsed/>
  <w:rPr><w:color w:val="0563C1" w:themeColor="hyperlink"/><w:u w:val="single"/></w:rPr>
</w:style>"""
"""Word's Hyperlink character style, as Word writes it."""
DARK = "1D70B8"
"""What a colour below AA contrast on white becomes: the briefing's own blue."""


@functools.cache
def _word() -> DocxDocument:
    """python-docx's default template: Word's definitions of the built-in styles."""
    path = Path(docx.__file__).parent / "templates" / "default.docx"
    return docx.Document(str(path))


def _by_name(document: DocxDocument) -> dict[str, Any]:
    return {s.name: s.element for s in document.styles if s.name is not None}


def _by_id(document: DocxDocument) -> dict[str, Any]:
    return {s.style_id: s.element for s in document.styles}


def add_missing(document: DocxDocument) -> list[str]:
    """Add to `document` (a parsed template) each built-in style it lacks; their names."""
    have = _by_name(document)
    ids = set(_by_id(document))
    word, word_ids = _by_name(_word()), _by_id(_word())
    word["Hyperlink"] = parse_xml(HYPERLINK)
    added: list[str] = []
    for name in NEEDED:
        if name in have:
            continue
        _copy(word[name], document, word_ids, ids)
        added.append(name)
    return added


def _copy(element: Any, document: DocxDocument, word_ids: dict[str, Any], ids: set[str]) -> None:
    """One style and what it depends on that the document lacks."""
    style = copy.deepcopy(element)
    ids.add(style.get(qn("w:styleId")))
    for reference in ("w:basedOn", "w:link", "w:next"):
        found = style.find(qn(reference))
        target = found.get(qn("w:val")) if found is not None else None
        if target and target not in ids and target in word_ids:
            _copy(word_ids[target], document, word_ids, ids)
    number = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if number is not None:
        number.set(qn("w:val"), _copy_numbering(number.get(qn("w:val")), document))
    for colour in style.iter(qn("w:color")):
        value = colour.get(qn("w:val"))
        if value and value != "auto" and contrast(f"#{value}", "#ffffff") < AA_CONTRAST:
            colour.set(qn("w:val"), DARK)
            for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
                colour.attrib.pop(qn(attribute), None)
    document.styles.element.append(style)


def _copy_numbering(number: str, document: DocxDocument) -> str:
    """Word's numbering `number` (a w:num and its w:abstractNum) copied into the document's
    numbering under new ids, which it returns."""
    source = _word().part.numbering_part.element
    target = document.part.numbering_part.element
    num = next(n for n in source.findall(qn("w:num")) if n.get(qn("w:numId")) == number)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in source.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
    new_abstract = str(
        max(
            (int(a.get(qn("w:abstractNumId"))) for a in target.findall(qn("w:abstractNum"))),
            default=-1,
        )
        + 1
    )
    new_number = str(
        max((int(n.get(qn("w:numId"))) for n in target.findall(qn("w:num"))), default=0) + 1
    )
    abstract, num = copy.deepcopy(abstract), copy.deepcopy(num)
    abstract.set(qn("w:abstractNumId"), new_abstract)
    num.set(qn("w:numId"), new_number)
    num.find(qn("w:abstractNumId")).set(qn("w:val"), new_abstract)
    first_num = target.find(qn("w:num"))
    if first_num is None:  # every abstractNum comes before any num
        target.append(abstract)
    else:
        first_num.addprevious(abstract)
    target.append(num)
    return new_number

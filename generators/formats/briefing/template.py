"""The Word reference template: parsed once per worker, copied for each briefing.

A briefing starts as a copy of its template with the body emptied, so the template's styles,
page setup, headers and footers are the briefing's.
"""

from __future__ import annotations

import copy
import functools
import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.part import Part
from docx.oxml.ns import qn

from ...errors import Problem
from ...theme.model import Theme
from .wordml import StyleMap, set_proofing_language

LANGUAGE = "en-GB"


@functools.lru_cache(maxsize=4)
def _template(path: Path, size: int, mtime_ns: int) -> tuple[DocxDocument, StyleMap]:
    """A reference template parsed, emptied, set to British English and its styles resolved,
    once per worker per version (size and time of change key the cache, so `precis watch`
    sees a re-saved template). Nothing changes it afterwards."""
    document = Document(io.BytesIO(path.read_bytes()))
    _clear_body(document)
    set_proofing_language(document, LANGUAGE)
    return document, StyleMap.of(document)


def _cached_template(path: Path) -> tuple[DocxDocument, StyleMap]:
    info = path.stat()
    return _template(path, info.st_size, info.st_mtime_ns)


READ_ONLY_PARTS = (
    CT.WML_STYLES,
    CT.WML_SETTINGS,
    CT.WML_WEB_SETTINGS,
    CT.WML_FONT_TABLE,
    CT.OFC_THEME,
)
"""Template parts a briefing never changes: every copy of the template shares them."""


def open_template(path: Path) -> tuple[DocxDocument, StyleMap, list[Part]]:
    """A fresh copy of the template, and the parts it shares with the template.

    Deep-copying the parsed template is three times faster than parsing it again, and the
    parts no briefing changes (styles, theme, fonts, settings: two thirds of the copying)
    are shared, not copied; the package writer compresses those once, not per document.
    """
    template, styles = _cached_template(path)
    shared = [p for p in template.part.package.iter_parts() if p.content_type in READ_ONLY_PARTS]
    return copy.deepcopy(template, {id(part): part for part in shared}), styles, shared


def _clear_body(doc: DocxDocument) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def template_warnings(theme: Theme) -> list[Problem]:
    """What a reference template lacks: the briefing still builds, with fallback styles."""
    _, styles = _cached_template(theme.reference_docx)
    return [
        Problem(
            str(theme.reference_docx),
            1,
            1,
            f"warning: style `{name}` is missing; the briefing uses {substitute} instead",
        )
        for name, substitute in styles.substitutes.items()
    ]

"""The Word reference template: parsed once per worker, copied for each briefing.

A briefing starts as a copy of its template with the body emptied, so the template's styles,
page setup, headers and footers are the briefing's.
"""

from __future__ import annotations

import copy
import functools
import io
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.exceptions import PythonDocxError
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.part import Part
from docx.oxml.ns import qn

from ...content.model import DEFAULT_LANGUAGE
from ...errors import PrecisError, Problem
from ...theme.model import Theme
from ...theme.wordpackage import DAMAGED, clean_template
from .builtin import add_missing
from .wordml import StyleMap, set_proofing_language


@dataclass(frozen=True)
class Template:
    """A reference template parsed, emptied, set to proof in one language, given the built-in
    styles it lacked, and its styles resolved. Nothing changes it afterwards: each briefing
    starts as a copy."""

    document: DocxDocument
    styles: StyleMap
    added: list[str]
    """The built-in styles it lacked, added as Word defines them."""
    left_out: tuple[str, ...]
    """What reached outside the file or ran code, and was not copied (see wordpackage)."""


@functools.lru_cache(maxsize=8)
def _template(path: Path, size: int, mtime_ns: int, language: str) -> Template:
    """Made once per worker per version of the file and language (size and time of change
    key the cache, so `precis watch` sees a re-saved template). The language is in the styles
    part, which every briefing from the template shares."""
    clean = clean_template(path)
    try:
        document = Document(io.BytesIO(clean.data))
        _clear_body(document)
        set_proofing_language(document, language)
        added = add_missing(document)
        styles = StyleMap.of(document)
        _read_page(document)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, PythonDocxError) as exc:
        # Well-formed, but with values python-docx cannot read (a style of no known type, a
        # page width in words): said once, now, not as an internal error in every briefing.
        raise PrecisError.at(
            path, 1, 1, f"python-docx cannot read it ({type(exc).__name__}: {exc}); {DAMAGED}"
        ) from None
    return Template(document, styles, added, clean.left_out)


def _read_page(document: DocxDocument) -> None:
    """Read what each briefing reads of the page, which python-docx parses only when asked."""
    for section in document.sections:
        for size in (section.page_width, section.page_height, section.left_margin):
            int(size or 0)
        int(section.right_margin or 0)
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:  # it has one (asking for one would add it)
                _ = [paragraph.text for paragraph in part.paragraphs]


def cached_template(path: Path, language: str) -> Template:
    info = path.stat()
    return _template(path, info.st_size, info.st_mtime_ns, language)


READ_ONLY_PARTS = (
    CT.WML_STYLES,
    CT.WML_SETTINGS,
    CT.WML_WEB_SETTINGS,
    CT.WML_FONT_TABLE,
    CT.OFC_THEME,
)
"""Template parts a briefing never changes: every copy of the template shares them."""


def open_template(path: Path, language: str) -> tuple[DocxDocument, StyleMap, list[Part]]:
    """A fresh copy of the template, and the parts it shares with the template.

    Deep-copying the parsed template is three times faster than parsing it again, and the
    parts no briefing changes (styles, theme, fonts, settings: two thirds of the copying)
    are shared, not copied; the package writer compresses those once, not per document.
    """
    template = cached_template(path, language)
    parts = template.document.part.package.iter_parts()
    shared = [p for p in parts if p.content_type in READ_ONLY_PARTS]
    copied = copy.deepcopy(template.document, {id(part): part for part in shared})
    return copied, template.styles, shared


def _clear_body(doc: DocxDocument) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def template_warnings(theme: Theme) -> list[Problem]:
    """One warning naming the built-in styles the template lacked, and Precis added; one
    naming what it held that reaches outside the file or runs code, and Precis left out."""
    template = cached_template(theme.reference_docx, DEFAULT_LANGUAGE)
    where = str(theme.reference_docx)
    warnings = []
    if template.added:
        names = ", ".join(f"`{name}`" for name in template.added)
        warnings.append(
            Problem(
                where,
                1,
                1,
                f"warning: the template lacks {names}; Word's own definitions were added to the "
                "briefings, so headings stay headings and lists stay numbered (save the styles "
                "in the template to make them your own)",
            )
        )
    if template.left_out:
        shown = list(template.left_out[:LEFT_OUT_SHOWN])
        if len(template.left_out) > LEFT_OUT_SHOWN:
            shown.append(f"and {len(template.left_out) - LEFT_OUT_SHOWN} more")
        warnings.append(
            Problem(
                where,
                1,
                1,
                f"warning: the template holds what could fetch files or run code when a "
                f"briefing is opened, and it was left out of the briefings: {'; '.join(shown)} "
                "(remove them from the template to stop this warning)",
            )
        )
    return warnings


LEFT_OUT_SHOWN = 20
"""How many of the things left out the warning names."""

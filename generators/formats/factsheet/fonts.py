"""The sheet's fonts: registered once per process, embedded as subsets made once per process,
and the check that every character of a summary has a glyph in them."""

from __future__ import annotations

import functools
import hashlib
import io
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDocument,
    PDFName,
    PDFObject,
    PDFStream,
    PDFTrueTypeFont,
    PDFZCompress,
)
from reportlab.pdfbase.ttfonts import TTFont

from ...content.model import Summary
from ...errors import CannotRender
from ...theme.labels import LabelSet
from ...theme.model import Theme


@dataclass(frozen=True)
class Fonts:
    """The registered names of the two faces the sheet sets, and what they can print."""

    regular: str
    bold: str
    printable: frozenset[str] = frozenset()
    """Characters both faces have a glyph for: reportlab silently drops any other."""


SHEET_FACES = ("regular", "bold")
"""The sheet sets no italic text, so the theme's italic faces are never parsed here."""


@functools.cache
def register_fonts(files: tuple[tuple[str, Path], ...]) -> Fonts:
    """Register a theme's faces once per process, named by their bytes so themes never clash."""
    names: dict[str, str] = {}
    for style, path in files:
        if style not in SHEET_FACES:
            continue
        data = path.read_bytes()
        name = f"P{hashlib.sha256(data).hexdigest()[:10]}-{style}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(SubsetsMadeOnce(name, data))
        names[style] = name
    faces = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in names.values()]
    fonts = Fonts(**names, printable=frozenset(map(chr, set.intersection(*faces))))
    pdfmetrics.registerFontFamily(
        fonts.regular,
        normal=fonts.regular,
        bold=fonts.bold,
        italic=fonts.regular,
        boldItalic=fonts.bold,
    )
    return fonts


class SubsetsMadeOnce(TTFont):  # type: ignore[misc]
    """A TrueType font whose embedded subsets are made and compressed once per process.

    reportlab makes, deflates and formats a fresh subset of each font for every PDF, with its
    ToUnicode map and glyph widths: a quarter of a sheet's time. Yet its first subset holds
    all of ASCII plus, in order of first use, the few other characters a sheet uses (quotes,
    dashes, bullets), so sheets share a handful of subsets. Each is made once; each stream the
    font adds to a PDF is deflated once and handed over with its Filter named, which reportlab
    takes as "filters applied"; each subset's widths are formatted once. The deflated bytes
    are zlib.compress's, as reportlab's filter makes them: same PDF bytes.
    """

    KEPT = 32
    """Distinct subsets, and streams, kept per face: more than sheets in one theme produce."""

    def __init__(self, name: str, data: bytes) -> None:
        super().__init__(name, io.BytesIO(data))
        make = self.face.makeSubset
        made = functools.lru_cache(maxsize=self.KEPT)(lambda codes: make(list(codes)))
        self.face.makeSubset = lambda subset: made(tuple(subset))
        self.deflated: dict[str | bytes, bytes] = {}
        self.widths: dict[tuple[float, ...], bytes] = {}

    def addObjects(self, doc: PDFDocument) -> None:
        before = set(doc.idToObject)
        super().addObjects(doc)
        for name, added in doc.idToObject.items():
            if name in before:
                continue
            if isinstance(added, PDFTrueTypeFont) and isinstance(added.Widths, PDFArray):
                added.Widths = self._formatted(added.Widths, doc)
            elif isinstance(added, PDFStream) and doc.compression:
                self._deflate(added)

    def _deflate(self, stream: PDFStream) -> None:
        """A font file or ToUnicode map, deflated once per distinct content."""
        content = stream.content
        if "Filter" in stream.dictionary.dict or not isinstance(content, str | bytes):
            return
        deflated = self.deflated.get(content)
        if deflated is None:
            if len(self.deflated) >= 2 * self.KEPT:
                self.deflated.clear()
            raw = content.encode("utf8") if isinstance(content, str) else content
            deflated = self.deflated[content] = zlib.compress(raw)
        stream.content = deflated
        stream.dictionary["Filter"] = PDFArray([PDFName(PDFZCompress.pdfname)])

    def _formatted(self, value: PDFArray, doc: PDFDocument) -> PDFObject:
        """A subset's glyph widths (a hundred-odd numbers), formatted once per subset."""
        key = tuple(value.sequence)
        data = self.widths.get(key)
        if data is None:
            if len(self.widths) >= self.KEPT:
                self.widths.clear()
            data = self.widths[key] = value.format(doc)
        return Formatted(data)


class Formatted(PDFObject):  # type: ignore[misc]
    """A PDF value already formatted: reportlab writes what an object's format() returns."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: PDFDocument) -> bytes:
        return self.data


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def check_printable(summary: Summary, theme: Theme) -> str:
    """Refuse text the theme's font has no glyphs for, which would vanish from the sheet.

    Returns the invisible format characters (direction marks, zero-width joiners) among the
    ones it lacks: they print as nothing, so the sheet leaves them out rather than draw the
    font's missing-glyph box. The briefing is unaffected: Word falls back to another font.
    """
    fonts = register_fonts(tuple(sorted(theme.fonts.items())))
    unprinted: dict[str, None] = {}
    for key, value in summary.model_dump().items():
        absent = dict.fromkeys(  # in order of first use, for the message
            ch
            for text in _texts(value)
            if not fonts.printable.issuperset(text)
            for ch in text
            if ch not in fonts.printable
        )
        unprinted.update((ch, None) for ch in absent if unicodedata.category(ch) == "Cf")
        missing = [ch for ch in absent if unicodedata.category(ch) not in ("Cf", "Cc")]
        if missing:
            shown = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            raise CannotRender(
                key,
                f"`{key}` has characters the fact sheet's font ({theme.settings.font.family}) "
                f"cannot print: {shown}{more}; replace them, or choose a font that has them "
                "in the theme",
            )
    return "".join(unprinted)


def check_labels_printable(labels: LabelSet, theme: Theme) -> None:
    """Refuse a label set with letters the font lacks (a language's own, say): its words would
    print with gaps on every sheet in that language."""
    printable = register_fonts(tuple(sorted(theme.fonts.items()))).printable
    words = set().union(*(set(text) for text in _texts(labels.model_dump())))
    missing = sorted(ch for ch in words - printable if not ch.isspace())
    if missing:
        shown = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:5])
        raise CannotRender(
            "language",
            f"the `{labels.language}` label set has letters the fact sheet's font "
            f"({theme.settings.font.family}) cannot print: {shown}; choose a font that has "
            "them in the theme",
        )

"""The sheet's fonts: registered once per process, embedded as subsets made once per process,
and the check that every character of a summary has a glyph in them."""

from __future__ import annotations

import functools
import hashlib
import io
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDocument,
    PDFName,
    PDFStream,
    PDFTrueTypeFont,
    PDFZCompress,
)
from reportlab.pdfbase.ttfonts import TTFont

from ...content.model import Summary, texts
from ...errors import CannotRender
from ...theme.labels import LabelSet
from ...theme.model import Theme
from .serialise import Formatted


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
        glyphs = self.face.charToGlyph
        self.ascii = frozenset(chr(code) for code in range(32, 128) if code in glyphs)
        """The characters reportlab gives their own codes in a document's first subset."""

    def splitString(self, text: str | bytes, doc: PDFDocument, encoding: str = "utf-8") -> Any:
        """reportlab's, without looking up each character of ASCII text (most of a sheet,
        and a tenth of drawing it): reportlab's first subset holds ASCII at its own codes
        ("ASCII readable"), so that text is its own bytes in subset 0."""
        if (
            self._asciiReadable
            and isinstance(text, str)
            and text
            and text.isascii()
            and self.ascii.issuperset(text)
            and doc in self.state
        ):
            return [(0, text.encode("ascii"))]
        return super().splitString(text, doc, encoding)

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

    def _formatted(self, value: PDFArray, doc: PDFDocument) -> Formatted:
        """A subset's glyph widths (a hundred-odd numbers), formatted once per subset."""
        key = tuple(value.sequence)
        data = self.widths.get(key)
        if data is None:
            if len(self.widths) >= self.KEPT:
                self.widths.clear()
            data = self.widths[key] = value.format(doc)
        return Formatted(data)


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
            for text in texts(value)
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
    missing = sorted(ch for ch in labels.letters - printable if not ch.isspace())
    if missing:
        shown = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:5])
        raise CannotRender(
            "language",
            f"the `{labels.language}` label set has letters the fact sheet's font "
            f"({theme.settings.font.family}) cannot print: {shown}; choose a font that has "
            "them in the theme",
        )

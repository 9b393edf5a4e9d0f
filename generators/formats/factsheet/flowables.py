"""The boxes the fact sheet is built from: paragraphs, stacks, columns and vector logos.

Fit-to-page lays a sheet out two or three times, so each piece is made to cost little per
trial: paragraphs parsed once per process, and boxes that are measured once per trial and
drawn without being measured again.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus.paragraph import Paragraph as ReportlabParagraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags

_FRAGMENTS: dict[tuple[str, str, str, str], list[Any]] = {}
_FRAGMENTS_KEPT = 4096
"""Parsed paragraphs kept per process: a few sheets' worth, so memory stays flat."""


class Paragraph(ReportlabParagraph):  # type: ignore[misc]
    """reportlab's Paragraph, its markup parsed once per text and style, not once per fit
    trial (parsing was a fifth of a sheet's time). Trials differ only in type size, so the
    parsed fragments are copied at this style's size. Text without markup, most of a sheet,
    is not parsed at all: its one fragment is the style's, holding the text."""

    def __init__(self, text: str, style: ParagraphStyle, bulletText: str | None = None) -> None:
        if "<" in text or "&" in text or not text.strip():
            frags = [fragment.clone(fontSize=style.fontSize) for fragment in _parsed(text, style)]
        else:
            style_fragment = _parsed("plain", style)[0]
            frags = [style_fragment.clone(text=cleanBlockQuotedText(text), fontSize=style.fontSize)]
            textTransformFrags(frags, style)
        super().__init__(text, style, bulletText, frags=frags)


def _parsed(text: str, style: ParagraphStyle) -> list[Any]:
    key = (text, style.name, style.fontName, str(style.textColor))
    parsed = _FRAGMENTS.get(key)
    if parsed is None:
        parsed = ReportlabParagraph(text, style).frags
        if len(_FRAGMENTS) >= _FRAGMENTS_KEPT:
            _FRAGMENTS.clear()
        _FRAGMENTS[key] = parsed
    return parsed


@functools.cache
def svg_drawing(path: Path) -> Drawing:
    """An SVG logo parsed once per process into reportlab vector graphics."""
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(str(path))
    assert drawing is not None, "the theme loader checked that the SVG parses"
    return drawing


class Vector(Flowable):  # type: ignore[misc]
    """A vector drawing scaled to a height, sharing one parsed drawing across pages and scales."""

    def __init__(self, drawing: Drawing, height: float) -> None:
        super().__init__()
        self.drawing = drawing
        self.factor = height / drawing.height
        self.width, self.height = drawing.width * self.factor, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.scale(self.factor, self.factor)
        renderPDF.draw(self.drawing, self.canv, 0, 0)


@dataclass(frozen=True)
class Frame:
    """What a stack draws around its rows: a rule along the top, a bar down the left side, a
    background, and the padding that keeps its rows clear of them."""

    top: float = 0.0
    inset: float = 0.0
    rule: tuple[float, str] | None = None  # thickness, colour
    bar: tuple[float, str] | None = None
    background: str | None = None
    divider: tuple[float, str] | None = None
    """A line between rows, centred in the gap below each row but the last."""


NO_FRAME = Frame()
"""A stack with nothing around its rows."""


class Stack(Flowable):  # type: ignore[misc]
    """Rows one above another, `gaps[i]` points below row i, inside an optional frame.

    Measured once per fit trial and drawn without measuring again: a reportlab Table, the
    obvious tool, wraps every cell again when drawn and measures nested tables twice, which
    made it most of the cost of a sheet.
    """

    def __init__(self, rows: list[Flowable], width: float, gaps: list[float], frame: Frame) -> None:
        super().__init__()
        self.rows, self.gaps, self.frame = rows, gaps, frame
        self.width, self.height = width, 0.0
        self.heights: list[float] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        inner = self.width - 2 * self.frame.inset
        self.heights = [row.wrap(inner, available_height)[1] for row in self.rows]
        self.height = self.frame.top + sum(self.heights) + sum(self.gaps)
        return self.width, self.height

    def draw(self) -> None:
        frame = self.frame
        if frame.background:
            self._fill(frame.background, 0, 0, self.width, self.height)
        if frame.bar:
            thickness, colour = frame.bar
            self._fill(colour, 0, 0, thickness, self.height)
        if frame.rule:
            thickness, colour = frame.rule
            self._fill(colour, 0, self.height - thickness, self.width, thickness)
        y = self.height - frame.top
        last = len(self.rows) - 1
        rows = zip(self.rows, self.heights, self.gaps, strict=True)
        for n, (row, height, gap) in enumerate(rows):
            y -= height
            row.drawOn(self.canv, frame.inset, y)
            if frame.divider and n < last:
                thickness, colour = frame.divider
                self._fill(colour, 0, y - (gap + thickness) / 2, self.width, thickness)
            y -= gap

    def _fill(self, colour: str, x: float, y: float, width: float, height: float) -> None:
        self.canv.setFillColor(colors.HexColor(colour))
        self.canv.rect(x, y, width, height, stroke=0, fill=1)


class Columns(Flowable):  # type: ignore[misc]
    """Blocks side by side with a gutter, top-aligned or centred on each other (`middle`); a
    block narrower than its column sits at its left, or at its right if its hAlign says so.
    As light as Stack, for the same reason."""

    def __init__(
        self, cells: list[Flowable], widths: list[float], gutter: float, middle: bool = False
    ) -> None:
        super().__init__()
        self.cells, self.widths, self.gutter, self.middle = cells, widths, gutter, middle
        self.width = sum(widths) + gutter * (len(widths) - 1)
        self.height = 0.0
        self.sizes: list[tuple[float, float]] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.sizes = [
            cell.wrap(width, available_height)
            for cell, width in zip(self.cells, self.widths, strict=True)
        ]
        self.height = max(height for _, height in self.sizes)
        return self.width, self.height

    def draw(self) -> None:
        x = 0.0
        for cell, width, (used, height) in zip(self.cells, self.widths, self.sizes, strict=True):
            right = width - used if getattr(cell, "hAlign", "") == "RIGHT" else 0.0
            below = (self.height - height) / 2 if self.middle else self.height - height
            cell.drawOn(self.canv, x + right, below)
            x += width + self.gutter

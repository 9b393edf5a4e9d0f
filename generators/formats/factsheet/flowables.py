"""The boxes the fact sheet is built from: paragraphs, stacks, columns and vector logos.

Fit-to-page lays a sheet out two or three times, so each piece is made to cost little per
trial: paragraphs parsed and broken into lines once per process for each text, style and
width, and boxes that are measured once per trial and drawn without being measured again.

Each box says what it is for a screen reader: `tags`, the structure elements its content
belongs to (outermost first); its container draws it through `place`, which opens them.
Paragraphs, images and drawings are content; what a box paints itself (a background, a
rule, a bar) is decoration.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image
from reportlab.platypus.paragraph import Paragraph as ReportlabParagraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, split, strip, textTransformFrags

from ...errors import PrecisError
from ...theme.svg import logo_drawing, read_logo
from .fonts import Fonts
from .tagging import Tag, TaggedCanvas

SOFT_HYPHEN = "\xad"
"""Where reportlab may break a word: a paragraph with one is left to reportlab to count."""
KEPT = 4096
"""Paragraphs' parsed text, and their line breaks, kept per process: a few sheets' worth, so
memory stays flat."""
_FRAGMENTS: dict[tuple[str, ParagraphStyle], list[Any]] = {}
_PARSED: dict[tuple[str, str, str, str], list[Any]] = {}
_BREAKS: dict[tuple[str, ParagraphStyle, float], tuple[Any, float, list[float]]] = {}


class Paragraph(ReportlabParagraph):  # type: ignore[misc]
    """reportlab's Paragraph, its markup parsed and its lines broken once per text, style and
    width, not once per fit trial and measure: the same paragraph is measured several times
    in one trial (a list in two columns and in one, a headline at trial widths), and display
    text is the same at every step. Styles are made once per step (styles.styles_at) and
    never changed, so a style stands for its settings. Text without markup, most of a sheet,
    is not parsed at all: its one fragment is the style's, holding the text."""

    blPara: Any
    _wrapWidths: list[float]

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        bulletText: str | None = None,
        frags: list[Any] | None = None,
        *,
        marker: str | None = None,
        tags: tuple[Tag, ...] = (),
    ) -> None:
        if frags is None and text is not None:
            frags = _fragments(text, style)
        super().__init__(text, style, bulletText, frags=frags)
        self.marker = marker
        """A list item's number or bullet, hung in the indent: drawn apart from the text, as
        its own piece of content (a list label, to a screen reader)."""
        self.marker_tags: tuple[Tag, ...] = ()
        self.tags = tags

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """reportlab's wrap, its line breaks kept: reportlab reads them, and never changes
        them, when it draws."""
        if self.text is None or self.bulletText or availWidth <= 0:
            # The halves of a split, a bullet's width, no room: as reportlab does them.
            return super().wrap(availWidth, availHeight)  # type: ignore[no-any-return]
        key = (self.text, self.style, availWidth)
        kept = _BREAKS.get(key)
        if kept is None:
            width, height = super().wrap(availWidth, availHeight)
            if len(_BREAKS) >= KEPT:
                _BREAKS.clear()
            _BREAKS[key] = (self.blPara, height, self._wrapWidths)
            return width, height
        self.width = availWidth
        self.blPara, self.height, self._wrapWidths = kept
        return availWidth, kept[1]

    def lines(self, width: float) -> int:
        """How many lines this paragraph takes at `width`: counted as reportlab breaks plain
        text when it can be (balanced_width asks at seven or eight widths, and reportlab's
        breaking costs thirty times the count), else by reportlab's own breaking."""
        counted = self._count_lines(width)
        if counted is None:
            self.wrap(width, 10_000)
            return len(self.blPara.lines)
        return counted

    def _count_lines(self, width: float) -> int | None:
        """reportlab's first-fit breaking of one plain fragment (Paragraph.breakLines, kind
        0), word widths measured once; None where it would hyphenate, split a word too long
        for the line, or draw a bullet, which only reportlab does (tests/test_properties.py
        holds the count to reportlab's)."""
        if self._plain_words is None:
            return None
        widths, space = self._plain_words
        style = self.style
        later = width - style.leftIndent - style.rightIndent
        room = later - style.firstLineIndent
        shrink = style.spaceShrinkage * space
        lines, in_line, used = 0, 0, -space
        for word in widths:
            fits = used + space + word
            if fits > room + shrink * in_line:
                if style.splitLongWords and word > room:
                    return None
                if in_line:
                    lines, in_line, used, room = lines + 1, 1, word, later
                    continue
            in_line, used = in_line + 1, fits
        return lines + (1 if in_line else 0)

    @functools.cached_property
    def _plain_words(self) -> tuple[list[float], float] | None:
        """Each word's width and the space's, for a paragraph reportlab breaks as one plain
        fragment with nothing to hyphenate; None for any other."""
        style, frags = self.style, self.frags
        if (
            self.bulletText
            or len(frags) != 1
            or not hasattr(frags[0], "text")
            or hasattr(frags[0], "cbDefn")
            or hasattr(frags[0], "backColor")
            or style.endDots
            or style.shaping
            or style.wordWrap
            or getattr(style, "hyphenationLang", "")
            or style.uriWasteReduce
            or style.embeddedHyphenation
        ):
            return None
        fragment = frags[0]
        words = split(strip(fragment.text))
        if any(SOFT_HYPHEN in word for word in words):
            return None
        name, size = fragment.fontName, fragment.fontSize
        widths = [stringWidth(word, name, size, self.encoding) for word in words]
        return widths, stringWidth(" ", name, size, self.encoding)

    def draw_marker(self) -> None:
        """The marker at the first line's baseline, in the indent, where reportlab sets a
        bullet."""
        style, first = self.style, self.blPara
        if first.kind == 1:
            first = first.lines[0]
        baseline = self.height - getattr(first, "ascent", first.fontSize)
        self.canv.setFont(style.bulletFontName, style.bulletFontSize)
        self.canv.setFillColor(style.textColor)
        self.canv.drawString(style.bulletIndent, baseline, self.marker)


def _fragments(text: str, style: ParagraphStyle) -> list[Any]:
    """The paragraph's fragments at its style's size, made once per text and style; reportlab
    reads them, and never changes them, when it breaks lines."""
    key = (text, style)
    fragments = _FRAGMENTS.get(key)
    if fragments is None:
        if "<" in text or "&" in text or not text.strip():
            parsed = _parsed(text, style)
            fragments = [fragment.clone(fontSize=style.fontSize) for fragment in parsed]
        else:
            plain = _parsed("plain", style)[0]
            fragments = [plain.clone(text=cleanBlockQuotedText(text), fontSize=style.fontSize)]
            textTransformFrags(fragments, style)
        if len(_FRAGMENTS) >= KEPT:
            _FRAGMENTS.clear()
        _FRAGMENTS[key] = fragments
    return fragments


def _parsed(text: str, style: ParagraphStyle) -> list[Any]:
    """reportlab's parse, shared by every size of a style (the fit's steps)."""
    key = (text, style.name, style.fontName, str(style.textColor))
    parsed = _PARSED.get(key)
    if parsed is None:
        parsed = ReportlabParagraph(text, style).frags
        if len(_PARSED) >= KEPT:
            _PARSED.clear()
        _PARSED[key] = parsed
    return parsed


def svg_drawing(path: Path, fonts: Fonts) -> Drawing:
    """An SVG logo as reportlab vector graphics, its text in the sheet's faces; checked again
    as it is read, since the file may have changed since the theme was loaded."""
    drawing: Drawing | None = logo_drawing(read_logo(path), fonts.regular, fonts.bold)
    if drawing is None:
        raise PrecisError.at(path, 1, 1, "cannot be read as an SVG image; check the file")
    return drawing


F = TypeVar("F", bound=Flowable)


def tagged(flowable: F, *tags: Tag) -> F:
    """`flowable`, its content inside these structure elements, outermost first."""
    flowable.tags = tags
    return flowable


def place(canvas: TaggedCanvas, child: Flowable, x: float, y: float) -> None:
    """Draw `child` at x, y inside its structure elements: paragraphs, images and drawings
    as marked content, a list item's marker as its label, boxes open for their rows."""
    if getattr(child, "marker", None):
        opened = canvas.open(child.marker_tags)
        canvas.begin_content()
        canvas.saveState()
        canvas.translate(x, y)
        child.canv = canvas
        child.draw_marker()
        canvas.restoreState()
        canvas.end_marked()
        canvas.close(opened)
    opened = canvas.open(getattr(child, "tags", ()))
    if getattr(child, "artifact", False):
        marked = canvas.begin_artifact()
        child.drawOn(canvas, x, y)
        if marked:
            canvas.end_marked()
    elif isinstance(child, ReportlabParagraph | Image | Vector):
        canvas.begin_content()
        child.drawOn(canvas, x, y)
        canvas.end_marked()
    elif isinstance(child, Box):
        child.draw_at(canvas, x, y)
    else:
        child.drawOn(canvas, x, y)
    canvas.close(opened)


class Box(Flowable):  # type: ignore[misc]
    """A flowable made of others (Stack, Columns, Flow), drawn where it stands: `place`
    gives it its position, where reportlab's drawOn would save the graphics state and move
    the origin for it (a box adds nothing to the state), which cost more than the rest of a
    box's drawing."""

    def draw(self) -> None:  # reportlab's drawOn, for anyone who calls it
        self.draw_at(self.canv, 0.0, 0.0)

    def draw_at(self, canvas: TaggedCanvas, x: float, y: float) -> None:
        """Draw with the lower left corner at x, y."""
        raise NotImplementedError


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


class Stack(Box):
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

    def draw_at(self, canvas: TaggedCanvas, x: float, y: float) -> None:
        frame = self.frame
        if frame.background:
            _fill(canvas, frame.background, x, y, self.width, self.height)
        if frame.bar:
            thickness, colour = frame.bar
            _fill(canvas, colour, x, y, thickness, self.height)
        if frame.rule:
            thickness, colour = frame.rule
            _fill(canvas, colour, x, y + self.height - thickness, self.width, thickness)
        top = y + self.height - frame.top
        last = len(self.rows) - 1
        rows = zip(self.rows, self.heights, self.gaps, strict=True)
        for n, (row, height, gap) in enumerate(rows):
            top -= height
            place(canvas, row, x + frame.inset, top)
            if frame.divider and n < last:
                thickness, colour = frame.divider
                _fill(canvas, colour, x, top - (gap + thickness) / 2, self.width, thickness)
            top -= gap


def _fill(
    canvas: TaggedCanvas, colour: str, x: float, y: float, width: float, height: float
) -> None:
    """A rectangle of colour, as decoration."""
    marked = canvas.begin_artifact()
    canvas.setFillColor(colors.HexColor(colour))
    canvas.rect(x, y, width, height, stroke=0, fill=1)
    if marked:
        canvas.end_marked()


class Columns(Box):
    """Blocks side by side with a gutter, top-aligned or centred on each other (`middle`); a
    block narrower than its column sits at its left. As light as Stack, for the same reason."""

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

    def draw_at(self, canvas: TaggedCanvas, x: float, y: float) -> None:
        for cell, width, (_, height) in zip(self.cells, self.widths, self.sizes, strict=True):
            below = (self.height - height) / 2 if self.middle else self.height - height
            place(canvas, cell, x, y + below)
            x += width + self.gutter


@dataclass
class Row:
    """One paragraph of a list, the space below it, and whether it ends an item: a list is
    divided between columns only between items, never inside one."""

    paragraph: Flowable
    gap: float
    ends_item: bool = False


class Flow(Box):
    """A list in two columns, divided between two items where the columns come nearest to
    ending level, the first column the longer when they cannot; every gap as set.

    Drawn column by column, so what is read first is drawn first."""

    def __init__(self, rows: list[Row], width: float, gutter: float) -> None:
        super().__init__()
        self.rows, self.width, self.gutter = rows, width, gutter
        self.column_width = (width - gutter) / 2
        self.height = 0.0
        self.columns: tuple[list[Row], list[Row]] = (rows, [])
        self.heights: dict[int, float] = {}

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.heights = {id(r): r.paragraph.wrap(self.column_width, 10_000)[1] for r in self.rows}
        best: tuple[float, bool, float] | None = None
        for cut in range(1, len(self.rows)):
            if not self.rows[cut - 1].ends_item:
                continue
            first, second = self.rows[:cut], self.rows[cut:]
            one, two = self._height(first), self._height(second)
            score = (max(one, two), two > one + 0.5, abs(one - two))
            if best is None or score < best:
                best, self.columns = score, (first, second)
        self.height = max(self._height(column) for column in self.columns)
        return self.width, self.height

    @property
    def uneven(self) -> float:
        """How far apart the columns end."""
        return abs(self._height(self.columns[0]) - self._height(self.columns[1]))

    def _height(self, column: list[Row]) -> float:
        return sum(self.heights[id(r)] for r in column) + sum(r.gap for r in column[:-1])

    def draw_at(self, canvas: TaggedCanvas, x: float, y: float) -> None:
        second = x + self.column_width + self.gutter
        for left, column in ((x, self.columns[0]), (second, self.columns[1])):
            top = y + self.height
            for row in column:
                top -= self.heights[id(row)]
                place(canvas, row.paragraph, left, top)
                top -= row.gap

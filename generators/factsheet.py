"""The one-page PDF fact sheet (reportlab).

Every section is one flowable, measured with `wrap` before anything is drawn, so the sheet is
laid out on exactly one page by construction: the type scale is stepped down until the sections
fit, spare space is shared out between sections, and content that cannot fit at the smallest
readable size is refused with the overflow in millimetres instead of being clipped.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, Spacer

from .errors import CannotRender
from .flowables import (
    NO_FRAME,
    Columns,
    Fonts,
    Frame,
    Paragraph,
    Stack,
    Vector,
    register_fonts,
    svg_drawing,
)
from .model import Point, Summary
from .theme import Theme, ThemeSettings

MM = 72 / 25.4
PAGE_SIZES = {"A4": A4, "Letter": LETTER}
MIN_GAP, MAX_GAP = 10.0, 34.0
"""Space between sections in points at full scale: fit-to-page measures with the minimum, and a
short sheet's spare space widens the gaps up to the maximum."""
FIT_PRECISION = 0.025
"""Fit-to-page finds the type scale to within this fraction: 10 pt or 10.25 pt, unseen."""
GROWTH = 1.75
"""How a sheet's height grows with its type scale, as a power: measured on the test sheets."""
FIT_SLACK = (1 + FIT_PRECISION) ** GROWTH - 1
"""A fit leaving less than this share of the page spare (4.4%) is within FIT_PRECISION of the
largest scale that fits, so it is taken."""
KEY_FACTS_PER_ROW = 4


def _long_date(value: object) -> str:
    from datetime import date

    assert isinstance(value, date)
    return f"{value.day} {value:%B %Y}"


class _Styles:
    """Paragraph styles for one type scale; every size is floored at the minimum body size."""

    def __init__(self, theme: ThemeSettings, fonts: Fonts, scale: float) -> None:
        self.scale = scale
        self.theme = theme
        self._derived: dict[tuple[Any, ...], ParagraphStyle] = {}
        sizes, c = theme.sizes, theme.colours
        self.floor = sizes.min_body

        def style(
            name: str,
            size: float,
            font: str = fonts.regular,
            colour: str = c.text,
            leading: float = 1.3,
            **extra: object,
        ) -> ParagraphStyle:
            pt = max(size * scale, self.floor)
            return ParagraphStyle(
                name,
                fontName=font,
                fontSize=pt,
                leading=pt * leading,
                textColor=colors.HexColor(colour),
                splitLongWords=1,
                **extra,
            )

        self.eyebrow = style("eyebrow", sizes.small, fonts.bold, c.band_text)
        self.eyebrow_right = style(
            "eyebrow-r", sizes.small, fonts.regular, c.band_text, alignment=TA_RIGHT
        )
        self.caption = style("caption", sizes.lede, fonts.regular, c.muted)
        self.headline = style("headline", sizes.headline, fonts.bold, leading=1.12)
        self.lede = style("lede", sizes.lede, leading=1.35)
        self.heading = style("heading", sizes.heading, fonts.bold, leading=1.2)
        self.point = style("point", sizes.body, fonts.bold)
        self.body = style("body", sizes.body)
        self.fact = style("fact", sizes.fact, fonts.bold, c.accent, leading=1.1)
        self.fact_label = style("fact-label", sizes.body, leading=1.25)
        self.quote = style("quote", sizes.lede, leading=1.35)
        self.small = style("small", sizes.small, colour=c.text)
        self.marking = style("marking", sizes.small + 1, fonts.bold, c.marking, alignment=TA_CENTER)

    def pad(self, points: float) -> float:
        return points * self.scale

    def derived(self, name: str, parent: ParagraphStyle, **changes: Any) -> ParagraphStyle:
        """A style based on `parent`, made once at this scale however many paragraphs use it."""
        key = (name, parent.name, *sorted(changes.items()))
        style = self._derived.get(key)
        if style is None:
            style = self._derived[key] = ParagraphStyle(name, parent=parent, **changes)
        return style


LOGO_HEIGHT = 24.0
"""Logo height in points at full scale."""


def _halves(items: list[Point]) -> tuple[list[Point], list[Point]]:
    """Split a list into two columns of about equal length of text, keeping order."""
    sizes = [len(i.point) + len(i.detail or "") for i in items]
    total, running = sum(sizes), 0
    for cut, size in enumerate(sizes):
        if running + size / 2 >= total / 2:
            cut = max(cut, 1)
            return items[:cut], items[cut:]
        running += size
    return items, []


@dataclass
class _Block:
    """A measured section: its flowable, its height, and the content key it came from."""

    key: str
    flowable: Flowable
    height: float = 0.0


class _Sheet:
    """Builds the sections of one sheet at one type scale."""

    def __init__(
        self, summary: Summary, theme: Theme, fonts: Fonts, scale: float, unprinted: str = ""
    ) -> None:
        self.s = summary
        self.unprinted = {ord(ch): None for ch in unprinted}
        self.theme = theme
        self.t = theme.settings
        self.st = _Styles(self.t, fonts, scale)
        page_w = PAGE_SIZES[self.t.page.size][0]
        self.margin = self.t.page.margin_mm * MM
        self.width = page_w - 2 * self.margin
        self.gutter = 18.0

    # -- text ---------------------------------------------------------------------------------

    def text(self, value: str) -> str:
        """Text for reportlab's mini-markup: escaped, so `<b>` and `a < b` print literally, and
        without the invisible characters the font lacks, which would print as its missing-glyph
        box."""
        return escape(value.translate(self.unprinted) if self.unprinted else value)

    def link(self, url: str, label: str | None, colour: str) -> str:
        href = escape(url, {'"': "&quot;"})
        return f'<a href="{href}" color="{colour}"><u>{self.text(label or url)}</u></a>'

    # -- grid ---------------------------------------------------------------------------------

    def stack(
        self,
        rows: list[Flowable],
        width: float,
        gaps: list[float],
        frame: Frame = NO_FRAME,
    ) -> Flowable:
        """One column of flowables, `gaps[i]` points below row i: a section as one block."""
        return Stack(rows, width, gaps, frame)

    def columns(
        self, cells: list[Flowable], width: float, gutter: float, shares: list[float] | None = None
    ) -> Flowable:
        """Side-by-side blocks with a gutter; equal widths unless `shares` says otherwise."""
        shares = shares or [1 / len(cells)] * len(cells)
        free = width - gutter * (len(cells) - 1)
        return Columns(cells, [free * share for share in shares], gutter)

    # -- sections -------------------------------------------------------------------------------

    def band(self) -> Flowable:
        r, st, c = self.s.review, self.st, self.t.colours
        left = f"{self.text(r.publisher)}" + (f"  ·  {self.text(r.type)}" if r.type else "")
        right = f"Published {_long_date(r.published)}" if r.published else ""
        pad = st.pad(7)
        cells = Columns(
            [Paragraph(left, st.eyebrow), Paragraph(right, st.eyebrow_right)],
            [0.62 * self.width - 2.8 * pad, 0.38 * self.width - 2.8 * pad],
            gutter=2.8 * pad,
            middle=True,
        )
        frame = Frame(top=pad, inset=1.4 * pad, background=c.band)
        return self.stack([cells], self.width, [pad], frame)

    def logo(self) -> Flowable | None:
        """The theme's logo on white above the band, where any logo's colours stay legible."""
        if self.theme.logo is None:
            return None
        height = self.st.pad(LOGO_HEIGHT)
        if self.theme.logo.suffix.lower() == ".svg":
            logo: Flowable = Vector(svg_drawing(self.theme.logo), height)
        else:
            logo = Image(
                str(self.theme.logo), height=height, width=self.width / 2, kind="proportional"
            )
        logo.hAlign = "LEFT"
        return logo

    def heading(self) -> Flowable:
        st = self.st
        rows = [
            Paragraph(self.text(self.s.subject), st.caption),
            Paragraph(self.text(self.s.title), st.headline),
        ]
        rows += [Paragraph(self.text(p), st.lede) for p in self.s.summary.split("\n\n")]
        gaps = [st.pad(4), st.pad(10)] + [st.pad(5)] * (len(rows) - 2)
        gaps[-1] = 0
        return self.stack(rows, self.width, gaps)

    def _ruled(self, colour: str, thickness: float) -> Frame:
        """A rule across the top, the sheet's mark of a section."""
        return Frame(top=self.st.pad(6), rule=(thickness, colour))

    def _section(self, title: str, body: list[Flowable], width: float, colour: str) -> Flowable:
        st = self.st
        rows = [Paragraph(self.text(title), st.heading), *body]
        return self.stack(
            rows,
            width,
            [st.pad(7)] + [st.pad(7)] * (len(body) - 1) + [0],
            self._ruled(colour, st.pad(3)),
        )

    def _points(
        self, items: list[Point], width: float, numbered: bool = False, start: int = 1
    ) -> list[Flowable]:
        """Findings: a bold point over its detail; a point alone is plain text with a bullet.

        Numbers and bullets hang in the margin so wrapped lines align with the text.
        """
        st = self.st
        out: list[Flowable] = []
        for n, item in enumerate(items, start):
            marker = f"{n}." if numbered else None if item.detail else "•"
            indent = st.pad(14) if marker else 0
            parent = st.point if item.detail else st.body
            lead = st.derived(
                "lead",
                parent,
                leftIndent=indent,
                bulletIndent=0,
                bulletFontName=st.point.fontName,
                bulletFontSize=parent.fontSize,
            )
            rows: list[Flowable] = [Paragraph(self.text(item.point), lead, bulletText=marker)]
            if item.detail:
                detail = st.derived("detail", st.body, leftIndent=indent)
                rows += [Paragraph(self.text(p), detail) for p in item.detail.split("\n\n")]
            out.append(self.stack(rows, width, [st.pad(1.5)] * (len(rows) - 1) + [0]))
        return out

    def _list_section(
        self, title: str, items: list[Point], colour: str, numbered: bool = False
    ) -> Flowable:
        """A titled list, in two columns when it is long and has the width to itself."""
        if len(items) >= 4:
            half = (self.width - self.gutter) / 2
            first, second = _halves(items)
            cols = [
                self.stack(
                    self._points(part, half, numbered, start),
                    half,
                    [self.st.pad(7)] * (len(part) - 1) + [0],
                )
                for part, start in ((first, 1), (second, len(first) + 1))
                if part
            ]
            return self._section(
                title, [self.columns(cols, self.width, self.gutter)], self.width, colour
            )
        return self._section(title, self._points(items, self.width, numbered), self.width, colour)

    def findings(self) -> Flowable | None:
        c = self.t.colours
        sides = [
            (title, items, colour)
            for title, items, colour in (
                ("What has improved", self.s.progress, c.improved),
                ("What still needs to improve", self.s.concerns, c.concern),
            )
            if items
        ]
        if len(sides) == 1:
            title, items, colour = sides[0]
            return self._list_section(title, items, colour)
        half = (self.width - self.gutter) / 2
        return self.columns(
            [
                self._section(title, self._points(items, half), half, colour)
                for title, items, colour in sides
            ],
            self.width,
            self.gutter,
        )

    def chip(self, grade: str, room: float) -> Flowable:
        """A grade as a tag: the grade's words on its colour (never colour alone)."""
        chip, st = self.t.chip(grade), self.st
        style = st.derived("chip", st.small, fontName=st.point.fontName, textColor=chip.text)
        pad = st.pad(5)
        words = pdfmetrics.stringWidth(grade, style.fontName, style.fontSize)
        width = min(words + 2 * pad + 1, room)
        frame = Frame(top=st.pad(2), inset=pad, background=chip.fill)
        tag = self.stack([Paragraph(self.text(grade), style)], width, [st.pad(3.5)], frame)
        tag.hAlign = "RIGHT"
        return tag

    def judgements(self) -> Flowable:
        st, c = self.st, self.t.colours
        items = self.s.judgements
        per_col = (len(items) + 1) // 2 if len(items) >= 4 else len(items)
        ncols = 1 if per_col == len(items) else 2
        col_w = (self.width - self.gutter * (ncols - 1)) / ncols
        chip_w = min(col_w * 0.42, st.pad(120))
        gutter = st.pad(6)
        rule = Frame(top=st.pad(4), divider=(0.5, c.rule))
        grids = []
        for k in range(ncols):
            rows = [
                Columns(
                    [Paragraph(self.text(j.area), st.body), self.chip(j.grade, chip_w)],
                    [col_w - chip_w - gutter, chip_w],
                    gutter,
                    middle=True,
                )
                for j in items[k * per_col : (k + 1) * per_col]
            ]
            grids.append(self.stack(rows, col_w, [st.pad(8)] * (len(rows) - 1) + [st.pad(4)], rule))
        body = grids[0] if ncols == 1 else self.columns(grids, self.width, self.gutter)
        return self._section("Judgements", [body], self.width, c.accent)

    def key_facts(self) -> Flowable:
        st, c = self.st, self.t.colours
        facts = self.s.key_facts
        per_row = min(KEY_FACTS_PER_ROW, len(facts))
        gutter = st.pad(12)
        col = (self.width - gutter * (per_row - 1)) / per_row
        rows = []
        for start in range(0, len(facts), per_row):
            cells = [
                self.stack(
                    [
                        Paragraph(self.text(f.value), st.fact),
                        Paragraph(self.text(f.label), st.fact_label),
                    ],
                    col,
                    [st.pad(3), 0],
                    self._ruled(c.accent, st.pad(3)),
                )
                for f in facts[start : start + per_row]
            ]
            cells += [Spacer(col, 0)] * (per_row - len(cells))
            rows.append(self.columns(cells, self.width, gutter) if per_row > 1 else cells[0])
        return self.stack(rows, self.width, [st.pad(10)] * (len(rows) - 1) + [0])

    def recommendations(self) -> Flowable:
        return self._list_section(
            "Recommendations",
            self.s.recommendations,
            self.t.colours.accent,
            numbered=True,
        )

    def next_steps(self) -> Flowable:
        steps = [Point(point=step) for step in self.s.next_steps]
        return self._list_section("Next steps", steps, self.t.colours.accent)

    def quote(self) -> Flowable:
        st, c = self.st, self.t.colours
        q = self.s.quotes[0]
        who = f"<b>{self.text(q.speaker)}</b>" + (f", {self.text(q.role)}" if q.role else "")
        rows = [Paragraph(f"“{self.text(q.paragraphs[0])}”", st.quote), Paragraph(who, st.body)]
        pad = st.pad(10)
        frame = Frame(top=pad, inset=pad * 1.4, bar=(st.pad(4), c.accent), background=c.panel)
        return self.stack(rows, self.width, [st.pad(6), pad], frame)

    def footer(self) -> Flowable:
        st, r, c = self.st, self.s.review, self.t.colours
        source = [f"<b>Source:</b> {self.text(r.title)}"]
        if r.publisher_full:
            source.append(self.text(r.publisher_full))
        facts = []
        if r.published:
            facts.append(f"Published {_long_date(r.published)}")
        if r.previous_inspection:
            facts.append(f"Previous inspection {self.text(r.previous_inspection)}")
        if facts:
            source.append(". ".join(facts))
        left = [Paragraph(". ".join(source) + ".", st.small)]
        if r.url:
            left.append(Paragraph("Full report: " + self.link(r.url, None, c.link), st.small))
        shares = [0.62, 0.38] if self.s.contact else [1.0]
        left_w = (self.width - self.gutter * (len(shares) - 1)) * shares[0]
        cells: list[Flowable] = [self.stack(left, left_w, [st.pad(2)] * (len(left) - 1) + [0])]
        contact = self.s.contact
        if contact:
            parts = [self.text(p) for p in (contact.name, contact.phone) if p]
            if contact.email:
                parts.append(self.link("mailto:" + contact.email, contact.email, c.link))
            if contact.url:
                parts.append(self.link(contact.url, None, c.link))
            cells.append(Paragraph("<b>Contact:</b> " + "<br/>".join(parts), st.small))
        body = self.columns(cells, self.width, self.gutter, shares)
        return self.stack([body], self.width, [0], self._ruled(c.rule, 0.75))

    def marking(self) -> Flowable | None:
        return (
            Paragraph(self.text(self.s.marking.upper()), self.st.marking)
            if self.s.marking
            else None
        )

    # -- assembly -------------------------------------------------------------------------------

    def blocks(self) -> tuple[list[_Block], _Block]:
        """The body sections top to bottom and the footer, each measured at this scale."""
        s, st = self.s, self.st
        marking, logo = self.marking(), self.logo()
        rows = [row for row in (marking, logo, self.band()) if row is not None]
        top = self.stack(rows, self.width, [st.pad(6)] * (len(rows) - 1) + [0])
        body = [_Block("review", top), _Block("summary", self.heading())]
        if s.key_facts:
            body.append(_Block("key_facts", self.key_facts()))
        if s.judgements:
            body.append(_Block("judgements", self.judgements()))
        findings = self.findings()
        if findings is not None:
            longest = "concerns" if _chars(s.concerns) >= _chars(s.progress) else "progress"
            body.append(_Block(longest, findings))
        if s.recommendations:
            body.append(_Block("recommendations", self.recommendations()))
        if s.next_steps:
            body.append(_Block("next_steps", self.next_steps()))
        if s.quotes:
            body.append(_Block("quotes", self.quote()))
        bottom = self.footer()
        if marking:
            bottom = self.stack([bottom, marking], self.width, [st.pad(6), 0])
        footer = _Block("review", bottom)
        for block in [*body, footer]:
            block.height = block.flowable.wrap(self.width, 10_000)[1]
        return body, footer

    @property
    def min_gap(self) -> float:
        """The tightest space between sections: what fit-to-page measures with."""
        return self.st.pad(MIN_GAP)


def _chars(items: list[Point]) -> int:
    return sum(len(i.point) + len(i.detail or "") for i in items)


def _section_chars(summary: Summary) -> dict[str, int]:
    """Characters per content key, to name the section to shorten when a sheet overflows."""
    return {
        "summary": len(summary.summary),
        "progress": _chars(summary.progress),
        "concerns": _chars(summary.concerns),
        "recommendations": _chars(summary.recommendations),
        "judgements": sum(len(j.area) + len(j.grade) for j in summary.judgements),
        "key_facts": sum(len(f.value) + len(f.label) for f in summary.key_facts),
        "next_steps": sum(len(n) for n in summary.next_steps),
        "quotes": len(summary.quotes[0].paragraphs[0]) if summary.quotes else 0,
    }


@dataclass
class Layout:
    """A sheet that fits: its sections at the chosen scale, and the space left over."""

    sheet: _Sheet
    body: list[_Block]
    footer: _Block
    available: float
    spare: float


def _measure(summary: Summary, theme: Theme, fonts: Fonts, scale: float, unprinted: str) -> Layout:
    sheet = _Sheet(summary, theme, fonts, scale, unprinted)
    body, footer = sheet.blocks()
    page_h = PAGE_SIZES[theme.settings.page.size][1]
    available = page_h - 2 * sheet.margin
    used = sum(b.height for b in body) + footer.height + sheet.min_gap * len(body)
    return Layout(sheet, body, footer, available, available - used)


def fit(summary: Summary, theme: Theme, unprinted: str = "") -> Layout:
    """The largest type scale at which the sheet fits one page, or CannotRender saying by how much.

    Each trial lays out every section, so trials are few. The largest scale goes first: most
    sheets fit there at once. A sheet's height grows as a power of its scale, between 1 (short
    lines) and 2 (wrapped prose), so each next trial is aimed along the power law through the
    two latest trials (GROWTH after the first), at a height just inside the page.
    The search stops at a fit with less than FIT_SLACK of the page spare, or once the largest
    fit and the smallest overflow are within FIT_PRECISION of each other.
    """
    fonts = register_fonts(tuple(sorted(theme.fonts.items())))
    sizes = theme.settings.sizes
    low, high = sizes.min_body / sizes.body, sizes.max_scale
    trial = _measure(summary, theme, fonts, high, unprinted)
    if trial.spare >= 0:
        return trial
    goal = trial.available * (1 - FIT_SLACK / 2)
    best: Layout | None = None
    points = [(high, trial.available - trial.spare)]  # (scale, height used) of each trial
    while high - low > high * FIT_PRECISION:
        (s0, h0), (s1, h1) = points[-2:] if len(points) > 1 else (points[0], points[0])
        power = math.log(h1 / h0) / math.log(s1 / s0) if s1 != s0 and h1 != h0 else GROWTH
        aimed = s1 * (goal / h1) ** (1 / min(max(power, 0.5), 3.0))
        margin = min(high - low, high * FIT_PRECISION) / 4  # off the ends: each trial narrows
        scale = min(max(aimed, low + margin), high - margin)
        if aimed <= low and best is None:  # aimed below the smallest size: try that at once
            scale = low
        trial = _measure(summary, theme, fonts, scale, unprinted)
        if trial.spare < 0 and scale == low:
            raise _overflow(summary, theme, -trial.spare)
        if trial.spare >= 0:
            best, low = trial, scale
            if trial.spare < trial.available * FIT_SLACK:
                break
        else:
            high = scale
        points.append((scale, trial.available - trial.spare))
    if best is None:
        best = _measure(summary, theme, fonts, low, unprinted)
        if best.spare < 0:
            raise _overflow(summary, theme, -best.spare)
    return best


def _overflow(summary: Summary, theme: Theme, excess: float) -> CannotRender:
    chars = _section_chars(summary)
    key = max(chars, key=lambda k: chars[k])
    return CannotRender(
        key,
        f"fact sheet is {excess / MM:.0f} mm too long at the smallest size "
        f"({theme.settings.sizes.min_body:g} pt body); shorten `{key}` (the longest section, "
        f"{chars[key]:,} characters)",
    )


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
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


def render(summary: Summary, theme: Theme) -> bytes:
    """The fact sheet as PDF bytes; raises CannotRender when it cannot fit on one page, or
    has characters its font cannot print."""
    layout = fit(summary, theme, check_printable(summary, theme))
    sheet = layout.sheet
    page_w, page_h = PAGE_SIZES[theme.settings.page.size]
    buffer = io.BytesIO()
    r = summary.review
    canvas = Canvas(
        buffer,
        pagesize=(page_w, page_h),
        invariant=1,
        pageCompression=1,
        lang="en-GB",
        initialFontName=sheet.st.body.fontName,
    )
    canvas.setTitle(summary.title)
    canvas.setAuthor(r.publisher_full or r.publisher)
    canvas.setSubject(f"{r.title}: {summary.subject}")
    canvas.setKeywords(", ".join(k for k in (summary.subject, r.publisher, r.type) if k))
    canvas.setCreator("Precis")
    canvas.setViewerPreference("DisplayDocTitle", "true")
    # Spare space first opens up the gaps between sections (to a limit), then sits above the
    # footer, which is pinned to the bottom margin.
    gaps = len(layout.body) - 1
    gap = sheet.min_gap + min(layout.spare / max(gaps, 1), sheet.st.pad(MAX_GAP - MIN_GAP))
    y = page_h - sheet.margin
    for block in layout.body:
        block.flowable.drawOn(canvas, sheet.margin, y - block.height)
        y -= block.height + gap
    layout.footer.flowable.drawOn(canvas, sheet.margin, sheet.margin)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()

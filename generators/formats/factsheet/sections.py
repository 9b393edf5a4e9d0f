"""The sections of one fact sheet at one type scale: band, headline, findings, quote, footer.

Each section is one flowable, measured before anything is drawn, so the fit can lay the sheet
out at several scales and keep the one that fills the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Image, Spacer

from ...content.model import Point, Summary
from ...theme.model import Theme
from .flowables import NO_FRAME, Columns, Frame, Paragraph, Stack, Vector, svg_drawing
from .fonts import Fonts
from .styles import MM, PAGE_SIZES, Styles, long_date

MIN_GAP, MAX_GAP = 10.0, 34.0
"""Space between sections in points at full scale: fit-to-page measures with the minimum, and a
short sheet's spare space widens the gaps up to the maximum."""
KEY_FACTS_PER_ROW = 4


LOGO_HEIGHT = 24.0
"""Logo height in points at full scale."""


def _halves(items: list[Point]) -> tuple[list[Point], list[Point]]:
    """Split a list into two columns of about equal length of text, keeping order."""
    sizes = [len(item.point) + len(item.detail or "") for item in items]
    total, running = sum(sizes), 0
    for cut, size in enumerate(sizes):
        if running + size / 2 >= total / 2:
            cut = max(cut, 1)
            return items[:cut], items[cut:]
        running += size
    return items, []


@dataclass
class Block:
    """A measured section: its flowable, its height, and the content key it came from."""

    key: str
    flowable: Flowable
    height: float = 0.0


class Sheet:
    """Builds the sections of one sheet at one type scale."""

    def __init__(
        self, summary: Summary, theme: Theme, fonts: Fonts, scale: float, unprinted: str = ""
    ) -> None:
        self.summary = summary
        self.unprinted = {ord(ch): None for ch in unprinted}
        self.theme = theme
        self.settings = theme.settings
        self.styles = Styles(self.settings, fonts, scale)
        page_w = PAGE_SIZES[self.settings.page.size][0]
        self.margin = self.settings.page.margin_mm * MM
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
        review, styles, colours = self.summary.review, self.styles, self.settings.colours
        left = f"{self.text(review.publisher)}" + (
            f"  ·  {self.text(review.type)}" if review.type else ""
        )
        right = f"Published {long_date(review.published)}" if review.published else ""
        pad = styles.pad(7)
        cells = Columns(
            [Paragraph(left, styles.eyebrow), Paragraph(right, styles.eyebrow_right)],
            [0.62 * self.width - 2.8 * pad, 0.38 * self.width - 2.8 * pad],
            gutter=2.8 * pad,
            middle=True,
        )
        frame = Frame(top=pad, inset=1.4 * pad, background=colours.band)
        return self.stack([cells], self.width, [pad], frame)

    def logo(self) -> Flowable | None:
        """The theme's logo on white above the band, where any logo's colours stay legible."""
        if self.theme.logo is None:
            return None
        height = self.styles.pad(LOGO_HEIGHT)
        if self.theme.logo.suffix.lower() == ".svg":
            logo: Flowable = Vector(svg_drawing(self.theme.logo), height)
        else:
            logo = Image(
                str(self.theme.logo), height=height, width=self.width / 2, kind="proportional"
            )
        logo.hAlign = "LEFT"
        return logo

    def heading(self) -> Flowable:
        styles = self.styles
        rows = [
            Paragraph(self.text(self.summary.subject), styles.caption),
            Paragraph(self.text(self.summary.title), styles.headline),
        ]
        rows += [Paragraph(self.text(p), styles.lede) for p in self.summary.summary.split("\n\n")]
        gaps = [styles.pad(4), styles.pad(10)] + [styles.pad(5)] * (len(rows) - 2)
        gaps[-1] = 0
        return self.stack(rows, self.width, gaps)

    def _ruled(self, colour: str, thickness: float) -> Frame:
        """A rule across the top, the sheet's mark of a section."""
        return Frame(top=self.styles.pad(6), rule=(thickness, colour))

    def _section(self, title: str, body: list[Flowable], width: float, colour: str) -> Flowable:
        styles = self.styles
        rows = [Paragraph(self.text(title), styles.heading), *body]
        return self.stack(
            rows,
            width,
            [styles.pad(7)] + [styles.pad(7)] * (len(body) - 1) + [0],
            self._ruled(colour, styles.pad(3)),
        )

    def _points(
        self, items: list[Point], width: float, numbered: bool = False, start: int = 1
    ) -> list[Flowable]:
        """Findings: a bold point over its detail; a point alone is plain text with a bullet.

        Numbers and bullets hang in the margin so wrapped lines align with the text.
        """
        styles = self.styles
        out: list[Flowable] = []
        for n, item in enumerate(items, start):
            marker = f"{n}." if numbered else None if item.detail else "•"
            indent = styles.pad(14) if marker else 0
            parent = styles.point if item.detail else styles.body
            lead = styles.derived(
                "lead",
                parent,
                leftIndent=indent,
                bulletIndent=0,
                bulletFontName=styles.point.fontName,
                bulletFontSize=parent.fontSize,
            )
            rows: list[Flowable] = [Paragraph(self.text(item.point), lead, bulletText=marker)]
            if item.detail:
                detail = styles.derived("detail", styles.body, leftIndent=indent)
                rows += [Paragraph(self.text(p), detail) for p in item.detail.split("\n\n")]
            out.append(self.stack(rows, width, [styles.pad(1.5)] * (len(rows) - 1) + [0]))
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
                    [self.styles.pad(7)] * (len(part) - 1) + [0],
                )
                for part, start in ((first, 1), (second, len(first) + 1))
                if part
            ]
            return self._section(
                title, [self.columns(cols, self.width, self.gutter)], self.width, colour
            )
        return self._section(title, self._points(items, self.width, numbered), self.width, colour)

    def findings(self) -> Flowable | None:
        colours = self.settings.colours
        sides = [
            (title, items, colour)
            for title, items, colour in (
                ("What has improved", self.summary.progress, colours.improved),
                ("What still needs to improve", self.summary.concerns, colours.concern),
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
        chip, styles = self.settings.chip(grade), self.styles
        style = styles.derived(
            "chip", styles.small, fontName=styles.point.fontName, textColor=chip.text
        )
        pad = styles.pad(5)
        words = pdfmetrics.stringWidth(grade, style.fontName, style.fontSize)
        width = min(words + 2 * pad + 1, room)
        frame = Frame(top=styles.pad(2), inset=pad, background=chip.fill)
        tag = self.stack([Paragraph(self.text(grade), style)], width, [styles.pad(3.5)], frame)
        tag.hAlign = "RIGHT"
        return tag

    def judgements(self) -> Flowable:
        styles, colours = self.styles, self.settings.colours
        items = self.summary.judgements
        per_col = (len(items) + 1) // 2 if len(items) >= 4 else len(items)
        ncols = 1 if per_col == len(items) else 2
        col_w = (self.width - self.gutter * (ncols - 1)) / ncols
        chip_w = min(col_w * 0.42, styles.pad(120))
        gutter = styles.pad(6)
        rule = Frame(top=styles.pad(4), divider=(0.5, colours.rule))
        grids = []
        for column in range(ncols):
            rows = [
                Columns(
                    [
                        Paragraph(self.text(judgement.area), styles.body),
                        self.chip(judgement.grade, chip_w),
                    ],
                    [col_w - chip_w - gutter, chip_w],
                    gutter,
                    middle=True,
                )
                for judgement in items[column * per_col : (column + 1) * per_col]
            ]
            grids.append(
                self.stack(rows, col_w, [styles.pad(8)] * (len(rows) - 1) + [styles.pad(4)], rule)
            )
        body = grids[0] if ncols == 1 else self.columns(grids, self.width, self.gutter)
        return self._section("Judgements", [body], self.width, colours.accent)

    def key_facts(self) -> Flowable:
        styles, colours = self.styles, self.settings.colours
        facts = self.summary.key_facts
        per_row = min(KEY_FACTS_PER_ROW, len(facts))
        gutter = styles.pad(12)
        col = (self.width - gutter * (per_row - 1)) / per_row
        rows = []
        for start in range(0, len(facts), per_row):
            cells = [
                self.stack(
                    [
                        Paragraph(self.text(fact.value), styles.fact),
                        Paragraph(self.text(fact.label), styles.fact_label),
                    ],
                    col,
                    [styles.pad(3), 0],
                    self._ruled(colours.accent, styles.pad(3)),
                )
                for fact in facts[start : start + per_row]
            ]
            cells += [Spacer(col, 0)] * (per_row - len(cells))
            rows.append(self.columns(cells, self.width, gutter) if per_row > 1 else cells[0])
        return self.stack(rows, self.width, [styles.pad(10)] * (len(rows) - 1) + [0])

    def recommendations(self) -> Flowable:
        return self._list_section(
            "Recommendations",
            self.summary.recommendations,
            self.settings.colours.accent,
            numbered=True,
        )

    def next_steps(self) -> Flowable:
        steps = [Point(point=step) for step in self.summary.next_steps]
        return self._list_section("Next steps", steps, self.settings.colours.accent)

    def quote(self) -> Flowable:
        styles, colours = self.styles, self.settings.colours
        quote = self.summary.quotes[0]
        who = f"<b>{self.text(quote.speaker)}</b>" + (
            f", {self.text(quote.role)}" if quote.role else ""
        )
        rows = [
            Paragraph(f"“{self.text(quote.paragraphs[0])}”", styles.quote),
            Paragraph(who, styles.body),
        ]
        pad = styles.pad(10)
        frame = Frame(
            top=pad, inset=pad * 1.4, bar=(styles.pad(4), colours.accent), background=colours.panel
        )
        return self.stack(rows, self.width, [styles.pad(6), pad], frame)

    def footer(self) -> Flowable:
        styles, review, colours = self.styles, self.summary.review, self.settings.colours
        source = [f"<b>Source:</b> {self.text(review.title)}"]
        if review.publisher_full:
            source.append(self.text(review.publisher_full))
        facts = []
        if review.published:
            facts.append(f"Published {long_date(review.published)}")
        if review.previous_inspection:
            facts.append(f"Previous inspection {self.text(review.previous_inspection)}")
        if facts:
            source.append(". ".join(facts))
        left = [Paragraph(". ".join(source) + ".", styles.small)]
        if review.url:
            left.append(
                Paragraph("Full report: " + self.link(review.url, None, colours.link), styles.small)
            )
        shares = [0.62, 0.38] if self.summary.contact else [1.0]
        left_w = (self.width - self.gutter * (len(shares) - 1)) * shares[0]
        cells: list[Flowable] = [self.stack(left, left_w, [styles.pad(2)] * (len(left) - 1) + [0])]
        contact = self.summary.contact
        if contact:
            parts = [self.text(p) for p in (contact.name, contact.phone) if p]
            if contact.email:
                parts.append(self.link("mailto:" + contact.email, contact.email, colours.link))
            if contact.url:
                parts.append(self.link(contact.url, None, colours.link))
            cells.append(Paragraph("<b>Contact:</b> " + "<br/>".join(parts), styles.small))
        body = self.columns(cells, self.width, self.gutter, shares)
        return self.stack([body], self.width, [0], self._ruled(colours.rule, 0.75))

    def marking(self) -> Flowable | None:
        return (
            Paragraph(self.text(self.summary.marking.upper()), self.styles.marking)
            if self.summary.marking
            else None
        )

    # -- assembly -------------------------------------------------------------------------------

    def blocks(self) -> tuple[list[Block], Block]:
        """The body sections top to bottom and the footer, each measured at this scale."""
        summary, styles = self.summary, self.styles
        marking, logo = self.marking(), self.logo()
        rows = [row for row in (marking, logo, self.band()) if row is not None]
        top = self.stack(rows, self.width, [styles.pad(6)] * (len(rows) - 1) + [0])
        body = [Block("review", top), Block("summary", self.heading())]
        if summary.key_facts:
            body.append(Block("key_facts", self.key_facts()))
        if summary.judgements:
            body.append(Block("judgements", self.judgements()))
        findings = self.findings()
        if findings is not None:
            longest = (
                "concerns" if _chars(summary.concerns) >= _chars(summary.progress) else "progress"
            )
            body.append(Block(longest, findings))
        if summary.recommendations:
            body.append(Block("recommendations", self.recommendations()))
        if summary.next_steps:
            body.append(Block("next_steps", self.next_steps()))
        if summary.quotes:
            body.append(Block("quotes", self.quote()))
        bottom = self.footer()
        if marking:
            bottom = self.stack([bottom, marking], self.width, [styles.pad(6), 0])
        footer = Block("review", bottom)
        for block in [*body, footer]:
            block.height = block.flowable.wrap(self.width, 10_000)[1]
        return body, footer

    @property
    def min_gap(self) -> float:
        """The tightest space between sections: what fit-to-page measures with."""
        return self.styles.pad(MIN_GAP)


def _chars(items: list[Point]) -> int:
    return sum(len(i.point) + len(i.detail or "") for i in items)


def section_chars(summary: Summary) -> dict[str, int]:
    """Characters per content key, to name the section to shorten when a sheet overflows."""
    return {
        "summary": len(summary.summary),
        "progress": _chars(summary.progress),
        "concerns": _chars(summary.concerns),
        "recommendations": _chars(summary.recommendations),
        "judgements": sum(
            len(judgement.area) + len(judgement.grade) for judgement in summary.judgements
        ),
        "key_facts": sum(len(f.value) + len(f.label) for f in summary.key_facts),
        "next_steps": sum(len(n) for n in summary.next_steps),
        "quotes": len(summary.quotes[0].paragraphs[0]) if summary.quotes else 0,
    }

"""The sections of one fact sheet at one type size: band, headline, key facts, judgements,
findings, recommendations, next steps, quote and footer.

Each section is one flowable, measured before anything is drawn, so the fit can try the sheet
at a size and keep it only if it fills one page. Where two lists could stand side by side,
they do so only if their columns end level; otherwise each flows across the page's two columns.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Image, Spacer

from ...content.model import Judgement, Point, Quote, Summary
from ...theme.labels import Wording
from ...theme.model import Theme
from .flowables import (
    NO_FRAME,
    Columns,
    Flow,
    Frame,
    Paragraph,
    Row,
    Stack,
    Vector,
    svg_drawing,
    tagged,
)
from .fonts import Fonts
from .styles import MM, PAGE_SIZES, Styles
from .tagging import Tag
from .typeset import NBSP, balanced_width, keep_last_words, typographic

MIN_GAP, MAX_GAP = 10.0, 26.0
"""Space between sections in points at full size: the fit measures with the minimum, and a
short sheet's spare space opens the gaps up to the maximum, then sits above the footer."""
GUTTER = 18.0
BALANCE = 2
"""Columns side by side end within this many lines of each other, or the list is set in one
column."""
ITEM_GAP = 7.0
FACTS_PER_ROW = 4
FIGURE_FLOOR = 0.6
"""A key fact's figure shrinks to fit its column on one line, to this share of the fact size
at least; below that, its row holds fewer facts."""
LOGO_HEIGHT = 24.0
REPEATS = 0.5
"""A quote paragraph sharing this share of its five-word runs with the findings repeats them."""


@dataclass
class Block:
    """A measured section: its flowable, its height, and the content key it came from."""

    key: str
    flowable: Flowable
    height: float = 0.0


def _grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def sheet_quote(summary: Summary) -> tuple[Quote, str] | None:
    """The quote and paragraph the sheet shows: the one the summary names with `sheet:`, else
    the first paragraph that does not repeat the findings word for word, else the one that
    repeats them least."""
    for quote in summary.quotes:
        if quote.sheet is not None:
            return quote, quote.paragraphs[quote.sheet - 1]
    findings = [summary.summary]
    for item in [*summary.progress, *summary.concerns, *summary.recommendations]:
        findings += [item.point, item.detail or ""]
    said = set().union(*map(_grams, findings))
    best: tuple[float, Quote, str] | None = None
    for quote in summary.quotes:
        for paragraph in quote.paragraphs:
            grams = _grams(paragraph)
            share = len(grams & said) / len(grams) if grams else 0.0
            if share < REPEATS:
                return quote, paragraph
            if best is None or share < best[0]:
                best = (share, quote, paragraph)
    return None if best is None else (best[1], best[2])


def area_header() -> Tag:
    """A judgement's area: the header of its row, read before the grade."""
    return Tag("TH", scope="Row")


def _chars(items: list[Point]) -> int:
    return sum(len(item.point) + len(item.detail or "") for item in items)


def section_chars(summary: Summary) -> dict[str, int]:
    """Characters per content key, to name the section to shorten when a sheet overflows."""
    chosen = sheet_quote(summary)
    return {
        "summary": len(summary.summary),
        "progress": _chars(summary.progress),
        "concerns": _chars(summary.concerns),
        "recommendations": _chars(summary.recommendations),
        "judgements": sum(len(j.area) + len(j.grade) for j in summary.judgements),
        "key_facts": sum(len(f.value) + len(f.label) for f in summary.key_facts),
        "next_steps": sum(len(n) for n in summary.next_steps),
        "quotes": len(chosen[1]) if chosen else 0,
    }


class Sheet:
    """Builds the sections of one sheet at one type size."""

    def __init__(
        self,
        summary: Summary,
        theme: Theme,
        wording: Wording,
        fonts: Fonts,
        scale: float,
        unprinted: str = "",
    ) -> None:
        self.summary = summary
        self.wording = wording
        self.unprinted = {ord(ch): None for ch in unprinted}
        self.theme = theme
        self.settings = theme.settings
        self.fonts = fonts
        self.styles = Styles(self.settings, fonts, scale)
        page_w = PAGE_SIZES[self.settings.page.size][0]
        self.margin = self.settings.page.margin_mm * MM
        self.width = page_w - 2 * self.margin
        self.gutter = self.styles.pad(GUTTER)
        self.slack = BALANCE * self.styles.body.leading
        self.arrangement = "one column"
        """How the findings were set, for `--verbose`."""

    # -- text ---------------------------------------------------------------------------------

    def text(self, value: str) -> str:
        """Text for reportlab's mini-markup, as written: escaped, so `<b>` and `a < b` print
        literally, and without the invisible characters the font lacks, which would print as
        its missing-glyph box."""
        return escape(value.translate(self.unprinted) if self.unprinted else value)

    def prose(self, value: str) -> str:
        """Prose, typeset: typographic quotes and dashes, and no one-word last line."""
        return self.text(keep_last_words(typographic(value)))

    def link(self, url: str, label: str | None, colour: str) -> str:
        href = escape(url, {'"': "&quot;"})
        return f'<a href="{href}" color="{colour}"><u>{self.text(label or url)}</u></a>'

    def stack(
        self, rows: list[Flowable], width: float, gaps: list[float], frame: Frame = NO_FRAME
    ) -> Stack:
        """One column of flowables, `gaps[i]` points below row i: a section as one block."""
        return Stack(rows, width, gaps, frame)

    def columns(self, cells: list[Flowable], width: float, gutter: float) -> Columns:
        """Side-by-side blocks of equal width with a gutter between."""
        free = (width - gutter * (len(cells) - 1)) / len(cells)
        return Columns(cells, [free] * len(cells), gutter)

    # -- sections -------------------------------------------------------------------------------

    def band(self) -> Flowable:
        """The publisher's full name, where a reader meets it first, and the date."""
        review, styles = self.summary.review, self.styles
        full, short = review.publisher_full, review.publisher
        left = self.text(f"{full} ({short})" if full and short not in full else full or short)
        right = (
            self.text(
                self.wording.words.published.format(date=self.wording.long_date(review.published))
            )
            if review.published
            else ""
        )
        pad = styles.pad(7)
        inner = self.width - 2.8 * pad
        cells: list[Flowable] = [Paragraph(left, styles.eyebrow, tags=(Tag("P"),))]
        widths = [inner]
        if right:
            date_style = styles.eyebrow_right
            dated = pdfmetrics.stringWidth(right, date_style.fontName, date_style.fontSize) + 1
            cells.append(Paragraph(right, date_style, tags=(Tag("P"),)))
            widths = [inner - dated - 2 * pad, dated]
        row = Columns(cells, widths, gutter=2 * pad, middle=True)
        frame = Frame(top=pad, inset=1.4 * pad, background=self.settings.colours.band)
        return self.stack([row], self.width, [pad], frame)

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
        return tagged(logo, Tag("Figure", alt=self.settings.logo_alt))

    def heading(self) -> Flowable:
        """What was reviewed, the headline in lines of even length, the lede, and the overall
        grade if there is one: the news, in a tile of its own."""
        styles, summary = self.styles, self.summary
        caption = " · ".join(p for p in (summary.subject, summary.review.type) if p)
        headline = Paragraph(
            self.text(typographic(summary.title)), styles.headline, tags=(Tag("H1"),)
        )
        rows: list[Flowable] = [
            Paragraph(self.prose(caption), styles.caption, tags=(Tag("P"),)),
            self.stack([headline], balanced_width(headline.lines, self.width), [0]),
        ]
        rows += [
            Paragraph(self.prose(p), styles.lede, tags=(Tag("P"),))
            for p in summary.summary.split("\n\n")
        ]
        gaps = [styles.pad(4), styles.pad(10)] + [styles.pad(5)] * (len(rows) - 2)
        overall = self.overall()
        if overall:
            rows.append(self._tile(overall))
            gaps.append(styles.pad(10))
        gaps[-1] = 0
        return self.stack(rows, self.width, gaps)

    def overall(self) -> list[Judgement]:
        """The judgements that grade the whole review: their area starts `Overall`."""
        word = self.wording.words.overall.casefold()
        return [j for j in self.summary.judgements if j.area.casefold().startswith(word)]

    def _ruled(self, colour: str, thickness: float) -> Frame:
        """A rule across the top, the sheet's mark of a section."""
        return Frame(top=self.styles.pad(6), rule=(thickness, colour))

    def _section(self, title: str, body: list[Flowable], width: float, colour: str) -> Stack:
        """A titled section: a rule, its heading, then `body`."""
        styles = self.styles
        rows = [Paragraph(self.prose(title), styles.heading, tags=(Tag("H2"),)), *body]
        section = self.stack(
            rows,
            width,
            [styles.pad(7)] * len(body) + [0],
            self._ruled(colour, styles.pad(3)),
        )
        return tagged(section, Tag("Sect"))

    def _rows(self, items: list[Point], numbered: bool = False) -> list[Row]:
        """A list as rows, in one style: if any point has detail, every point is a bold lead
        (over its detail when it has one); else each is a plain line. Numbers or bullets hang
        in the indent, wide enough for the widest, so wrapped lines align with the text.

        Each row is tagged as part of its list item: the marker its label (Lbl), the point
        and detail its body (LBody), so that a paragraph split between columns stays one."""
        styles = self.styles
        detailed = any(item.detail for item in items)
        parent = styles.point if detailed else styles.body
        markers = [f"{n}." if numbered else "•" for n in range(1, len(items) + 1)]
        widest = max(
            pdfmetrics.stringWidth(m, styles.point.fontName, parent.fontSize) for m in markers
        )
        indent = max(styles.pad(14), float(widest) + parent.fontSize * 0.6)
        lead = styles.derived(
            "lead",
            parent,
            leftIndent=indent,
            bulletIndent=0,
            bulletFontName=styles.point.fontName,
            bulletFontSize=parent.fontSize,
        )
        detail = styles.derived("detail", styles.body, leftIndent=indent)
        rows: list[Row] = []
        for marker, item in zip(markers, items, strict=True):
            entry, body = Tag("LI"), Tag("LBody")
            paragraphs = item.detail.split("\n\n") if item.detail else []
            point = Paragraph(
                self.prose(item.point), lead, marker=marker, tags=(entry, body, Tag("P"))
            )
            point.marker_tags = (entry, Tag("Lbl"))
            rows.append(Row(point, styles.pad(1.5), keep_with_next=bool(paragraphs)))
            rows += [
                Row(Paragraph(self.prose(p), detail, tags=(entry, body, Tag("P"))), styles.pad(1.5))
                for p in paragraphs
            ]
            rows[-1].gap, rows[-1].ends_item = styles.pad(ITEM_GAP), True
        return rows

    def _column(self, rows: list[Row], width: float) -> Stack:
        """A list in one column."""
        column = self.stack([r.paragraph for r in rows], width, [r.gap for r in rows[:-1]] + [0])
        return tagged(column, Tag("L"))

    def _flowing(
        self, title: str, items: list[Point], colour: str, numbered: bool = False
    ) -> Stack:
        """A titled list across the page, flowing down two columns that end level."""
        rows = self._rows(items, numbered)
        flow = tagged(Flow(rows, self.width, self.gutter), Tag("L"))
        flow.wrap(self.width, 10_000)
        # Too few items, or too unequal, to divide evenly: one column across the page.
        body = flow if flow.uneven <= self.slack else self._column(rows, self.width)
        return self._section(title, [body], self.width, colour)

    def findings(self) -> Flowable | None:
        """What improved and what must improve: side by side if their columns end level,
        else one after the other, each across both columns."""
        colours, headings = self.settings.colours, self.wording.headings
        sides = [
            (headings[key], items, colour)
            for key, items, colour in (
                ("progress", self.summary.progress, colours.improved),
                ("concerns", self.summary.concerns, colours.concern),
            )
            if items
        ]
        if not sides:
            return None
        if len(sides) == 2:
            half = (self.width - self.gutter) / 2
            pair = [
                self._section(t, [self._column(self._rows(i), half)], half, c) for t, i, c in sides
            ]
            heights = [side.wrap(half, 10_000)[1] for side in pair]
            if abs(heights[0] - heights[1]) <= self.slack:
                self.arrangement = "side by side"
                return self.columns(list(pair), self.width, self.gutter)
        self.arrangement = "across the page"
        blocks = [self._flowing(title, items, colour) for title, items, colour in sides]
        gaps = [self.styles.pad(MIN_GAP)] * (len(blocks) - 1)
        return self.stack(blocks, self.width, [*gaps, 0])

    def chip(self, grade: str, width: float) -> Flowable:
        """A grade as a tag: the grade's words on its colour (never colour alone)."""
        chip, styles = self.settings.chip(grade), self.styles
        style = styles.derived(
            "chip", styles.small, fontName=styles.point.fontName, textColor=chip.text
        )
        frame = Frame(top=styles.pad(2), inset=styles.pad(5), background=chip.fill)
        grade_words = Paragraph(self.text(grade), style)
        return tagged(self.stack([grade_words], width, [styles.pad(3.5)], frame), Tag("TD"))

    def _chip_width(self, grade: str) -> float:
        styles = self.styles
        words = pdfmetrics.stringWidth(grade, styles.point.fontName, styles.small.fontSize)
        return float(words) + 2 * styles.pad(5) + 1

    def judgements(self) -> Flowable | None:
        """Graded areas, each grade's chip beside its area, in one or two columns; the overall
        grade is by the headline, not here."""
        styles, colours = self.styles, self.settings.colours
        overall = self.overall()
        others = [j for j in self.summary.judgements if j not in overall]
        if not others:
            return None
        ncols = 2 if len(others) >= 6 else 1
        col_w = (self.width - self.gutter * (ncols - 1)) / ncols
        chip_w = min(max(self._chip_width(j.grade) for j in others), col_w * 0.45)
        per_col = math.ceil(len(others) / ncols)
        gap = styles.pad(8)
        rule = Frame(top=styles.pad(4), divider=(0.5, colours.rule))
        grids: list[Flowable] = []
        for column in range(ncols):
            rows = [
                tagged(
                    Columns(
                        [
                            self.chip(j.grade, min(self._chip_width(j.grade), chip_w)),
                            Paragraph(self.text(j.area), styles.body, tags=(area_header(),)),
                        ],
                        [chip_w, col_w - chip_w - gap],
                        gap,
                        middle=True,
                    ),
                    Tag("TR", order=("TH", "TD")),  # read as area, then grade
                )
                for j in others[column * per_col : (column + 1) * per_col]
            ]
            gaps = [styles.pad(8)] * (len(rows) - 1) + [styles.pad(4)]
            grids.append(self.stack(rows, col_w, gaps, rule))
        body = grids[0] if ncols == 1 else Columns(grids, [col_w] * ncols, self.gutter)
        tagged(body, Tag("Table"))
        return self._section(
            self.wording.headings["judgements"], [body], self.width, colours.accent
        )

    def _tile(self, overall: list[Judgement]) -> Flowable:
        """Each overall grade as a tile: its area small, its grade large, on the grade's colour."""
        styles = self.styles
        pad = styles.pad(8)
        tiles: list[Flowable] = []
        for judgement in overall:
            chip = self.settings.chip(judgement.grade)
            label = styles.derived("tile-label", styles.small, textColor=chip.text)
            grade = styles.derived("tile-grade", styles.heading, textColor=chip.text)
            words = max(
                pdfmetrics.stringWidth(judgement.grade, grade.fontName, grade.fontSize),
                pdfmetrics.stringWidth(judgement.area, label.fontName, label.fontSize),
            )
            width = min(float(words) + 2 * pad + 1, self.width)
            rows = [
                Paragraph(self.text(judgement.area), label),
                Paragraph(self.text(judgement.grade), grade),
            ]
            frame = Frame(top=pad, inset=pad, background=chip.fill)
            tiles.append(tagged(self.stack(rows, width, [styles.pad(2), pad], frame), Tag("P")))
        if len(tiles) == 1:
            return tiles[0]
        widths = [tile.width for tile in tiles]
        return Columns(tiles, widths, self.gutter)

    def _facts_per_row(self, count: int) -> int:
        """Rows as even as the facts allow: six are three and three, not four and two."""
        rows = math.ceil(count / FACTS_PER_ROW)
        return math.ceil(count / rows)

    def key_facts(self) -> Flowable:
        """Big figures in even rows, each figure on one line at one size across its row, so
        the labels below start level."""
        styles, colours = self.styles, self.settings.colours
        facts = self.summary.key_facts
        per_row = self._facts_per_row(len(facts))
        gutter = styles.pad(12)
        while True:
            col = (self.width - gutter * (per_row - 1)) / per_row
            rows = [facts[i : i + per_row] for i in range(0, len(facts), per_row)]
            sizes = [self._figure_size([f.value for f in row], col) for row in rows]
            if per_row == 1 or min(sizes) >= styles.fact.fontSize * FIGURE_FLOOR:
                break
            per_row -= 1
        stacked: list[Flowable] = []
        for row, size in zip(rows, sizes, strict=True):
            figure = styles.derived("figure", styles.fact, fontSize=size, leading=size * 1.1)
            cells: list[Flowable] = [
                tagged(
                    self.stack(
                        [
                            Paragraph(self.text(fact.value.replace(" ", NBSP)), figure),
                            Paragraph(self.prose(fact.label), styles.fact_label),
                        ],
                        col,
                        [styles.pad(3), 0],
                        self._ruled(colours.accent, styles.pad(3)),
                    ),
                    Tag("P"),  # a figure and its label, read as one
                )
                for fact in row
            ]
            cells += [Spacer(col, 0)] * (per_row - len(cells))
            stacked.append(Columns(cells, [col] * per_row, gutter) if per_row > 1 else cells[0])
        return self.stack(stacked, self.width, [styles.pad(10)] * (len(stacked) - 1) + [0])

    def _figure_size(self, values: list[str], width: float) -> float:
        fact = self.styles.fact
        widest = max(pdfmetrics.stringWidth(v, fact.fontName, fact.fontSize) for v in values)
        return float(min(fact.fontSize, fact.fontSize * width / widest * 0.98))

    def recommendations(self) -> Flowable:
        return self._flowing(
            self.wording.headings["recommendations"],
            self.summary.recommendations,
            self.settings.colours.accent,
            numbered=True,
        )

    def next_steps(self) -> Flowable:
        steps = [Point(point=step) for step in self.summary.next_steps]
        return self._flowing(
            self.wording.headings["next_steps"], steps, self.settings.colours.accent
        )

    def quote(self) -> Flowable | None:
        chosen = sheet_quote(self.summary)
        if chosen is None:
            return None
        quote, paragraph = chosen
        styles, colours = self.styles, self.settings.colours
        who = f"<b>{self.text(quote.speaker)}</b>" + (
            f", {self.text(quote.role)}" if quote.role else ""
        )
        rows = [
            Paragraph(f"“{self.prose(paragraph)}”", styles.quote, tags=(Tag("P"),)),
            Paragraph(who, styles.body, tags=(Tag("P"),)),
        ]
        pad = styles.pad(10)
        frame = Frame(
            top=pad, inset=pad * 1.4, bar=(styles.pad(4), colours.accent), background=colours.panel
        )
        return tagged(self.stack(rows, self.width, [styles.pad(6), pad], frame), Tag("BlockQuote"))

    def footer(self) -> Flowable:
        styles, review, colours = self.styles, self.summary.review, self.settings.colours
        words = self.wording.words
        source = [f"<b>{self.text(words.source)}:</b> {self.text(review.title)}"]
        if review.publisher_full:
            source.append(self.text(review.publisher_full))
        if review.published:
            source.append(
                self.text(words.published.format(date=self.wording.long_date(review.published)))
            )
        if review.previous_inspection:
            source.append(
                self.text(words.previous_inspection.format(value=review.previous_inspection))
            )
        left = [Paragraph(". ".join(source) + ".", styles.small, tags=(Tag("P"),))]
        if review.url:
            label = f"{self.text(words.full_report)}: "
            left.append(self._linked(label + self.link(review.url, None, colours.link)))
        ruled = self._ruled(colours.rule, 0.75)
        contact = self.summary.contact
        if not contact:
            return self.stack([self._column_of(left, self.width)], self.width, [0], ruled)
        first = ", ".join(self.text(p) for p in (contact.name, contact.phone) if p)
        lines: list[Flowable] = [
            Paragraph(f"<b>{self.text(words.contact)}:</b> {first}", styles.small, tags=(Tag("P"),))
        ]
        if contact.email:
            lines.append(
                self._linked(self.link("mailto:" + contact.email, contact.email, colours.link))
            )
        if contact.url:
            lines.append(self._linked(self.link(contact.url, None, colours.link)))
        free = self.width - self.gutter
        shares = [free * 0.62, free * 0.38]
        cells = [self._column_of(left, shares[0]), self.stack(lines, shares[1], [0] * len(lines))]
        return self.stack([Columns(cells, shares, self.gutter)], self.width, [0], ruled)

    def _linked(self, markup: str) -> Paragraph:
        """A line whose link is its own: the words and the link inside one Link element."""
        return Paragraph(markup, self.styles.small, tags=(Tag("P"), Tag("Link")))

    def _column_of(self, paragraphs: list[Flowable], width: float) -> Stack:
        return self.stack(paragraphs, width, [self.styles.pad(2)] * (len(paragraphs) - 1) + [0])

    def marking(self, repeated: bool = False) -> Flowable | None:
        """The protective marking: content at the top, decoration where it is repeated."""
        marking = self.summary.marking
        if not marking:
            return None
        line = Paragraph(self.text(marking.upper()), self.styles.marking, tags=(Tag("P"),))
        line.artifact = repeated
        return line

    # -- assembly -------------------------------------------------------------------------------

    def blocks(self) -> tuple[list[Block], Block]:
        """The body sections top to bottom and the footer, each measured at this size."""
        summary, styles = self.summary, self.styles
        marking, logo = self.marking(), self.logo()
        rows = [row for row in (marking, logo, self.band()) if row is not None]
        top = self.stack(rows, self.width, [styles.pad(6)] * (len(rows) - 1) + [0])
        body = [Block("review", top), Block("summary", self.heading())]
        if summary.key_facts:
            body.append(Block("key_facts", self.key_facts()))
        judgements = self.judgements()
        if judgements is not None:
            body.append(Block("judgements", judgements))
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
        quote = self.quote()
        if quote is not None:
            body.append(Block("quotes", quote))
        bottom = self.footer()
        again = self.marking(repeated=True)
        if again is not None:
            bottom = self.stack([bottom, again], self.width, [styles.pad(6), 0])
        footer = Block("review", bottom)
        for block in [*body, footer]:
            block.height = block.flowable.wrap(self.width, 10_000)[1]
        return body, footer

    @property
    def min_gap(self) -> float:
        """The tightest space between sections: what the fit measures with."""
        return self.styles.pad(MIN_GAP)

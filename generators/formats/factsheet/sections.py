"""The sections of one fact sheet at one step of the type scale: band, headline and lede, key
facts, judgements, findings, recommendations, next steps, quote and footer.

Each section is one flowable, measured before anything is drawn, so the fit can try a sheet
at a step and keep it only if it fills one page. The page is a grid of two columns (and of
thirds, for the lede and the overall grade); lists sit in the two columns, divided between
items, and two lists stand side by side only when their columns end level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Image, Spacer

from ...content.addresses import mailto_uri, web_uri
from ...content.model import Judgement, Point, Summary
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
from .quote import sheet_quote
from .styles import MM, PAGE_SIZES, STEP, styles_at
from .tagging import Tag
from .typeset import NBSP, balanced_width, keep_last_words, typographic

GAP, LEAST_GAP = 24.0, 18.0
"""Space between sections: the same all down a sheet, 24 points at the theme's sizes and
closing to 18 as a long sheet steps its type down. Spare space sits above the footer."""
GUTTER = 18.0
BALANCE = 2
"""Columns side by side end within this many lines of each other; a list whose columns cannot
(and the space between two items) is set in one column two thirds wide."""
ITEM_GAP = 7.0
FEW = 5
"""A list of one item, or of this many or fewer whose columns would not end level, is set in
one column two thirds wide; a longer list's columns differ by one item at most, and stay."""
FACTS_PER_ROW = 4
LABEL_LINES = 2
"""A key fact's label longer than this sets its row in fewer, wider columns."""
LOGO_HEIGHT = 24.0
TILE_GRADE = 20.0
"""The overall grade's size in its tile, in points."""


@dataclass
class Block:
    """A measured section: its flowable, its height, and the content key it came from."""

    key: str
    flowable: Flowable
    height: float = 0.0


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
    """Builds the sections of one sheet at one step of the type scale."""

    def __init__(
        self,
        summary: Summary,
        theme: Theme,
        wording: Wording,
        fonts: Fonts,
        step: int = 0,
        unprinted: str = "",
        condense: float = 1.0,
    ) -> None:
        self.summary = summary
        self.wording = wording
        self.unprinted = {ord(ch): None for ch in unprinted}
        self.theme = theme
        self.settings = theme.settings
        self.fonts = fonts
        self.styles = styles_at(self.settings, fonts, step, condense)
        self.condensed = condense < 1
        page_w = PAGE_SIZES[self.settings.page.size][0]
        self.margin = self.settings.page.margin_mm * MM
        self.width = page_w - 2 * self.margin
        self.gutter = GUTTER
        self.half = (self.width - self.gutter) / 2
        self.third = (self.width - 2 * self.gutter) / 3
        sizes = self.settings.sizes
        steps = max((sizes.body - sizes.min_body) / STEP, 1)
        self.gap = GAP - (GAP - LEAST_GAP) * min(step / steps, 1)
        if self.condensed:
            self.gap = LEAST_GAP * condense**3  # 18 points, down to about 9
        self.slack = BALANCE * self.styles.body.leading
        self.arrangement = "one list"
        """How the findings were set, for `--verbose`."""

    # -- text ---------------------------------------------------------------------------------

    def text(self, value: str) -> str:
        """Text for reportlab's mini-markup, as written: escaped, so `<b>` and `a < b` print
        literally, and without the invisible characters the font lacks, which would print as
        its missing-glyph box."""
        return escape(value.translate(self.unprinted) if self.unprinted else value, quote=False)

    def prose(self, value: str) -> str:
        """Prose, typeset: typographic quotes and dashes, and no one-word last line."""
        return self.text(keep_last_words(self.typeset(value)))

    def quotation(self, value: str) -> str:
        """Prose between the language's quotation marks."""
        return self.text(self.wording.quoted(keep_last_words(self.typeset(value))))

    def typeset(self, value: str) -> str:
        """Typographic quotes, in the language's marks, and dashes."""
        marks = self.wording.marks
        return typographic(value, (marks.double, marks.single))

    def link(self, uri: str, label: str, colour: str) -> str:
        """A link to `uri` (ASCII, as content/addresses writes it) that shows `label`."""
        href = escape(uri, quote=False).replace('"', "&quot;")
        return f'<a href="{href}" color="{colour}"><u>{self.text(label)}</u></a>'

    def stack(
        self, rows: list[Flowable], width: float, gaps: list[float], frame: Frame = NO_FRAME
    ) -> Stack:
        """One column of flowables, `gaps[i]` points below row i: a section as one block."""
        return Stack(rows, width, gaps, frame)

    # -- the top of the sheet -----------------------------------------------------------------

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
        pad = styles.pad(9)
        inner = self.width - 2 * pad
        cells: list[Flowable] = [Paragraph(left, styles.eyebrow, tags=(Tag("P"),))]
        widths = [inner]
        if right:
            date_style = styles.eyebrow_right
            dated = pdfmetrics.stringWidth(right, date_style.fontName, date_style.fontSize) + 1
            cells.append(Paragraph(right, date_style, tags=(Tag("P"),)))
            widths = [inner - dated - 2 * pad, dated]
        row = Columns(cells, widths, gutter=2 * pad, middle=True)
        frame = Frame(top=pad, inset=pad, background=self.settings.colours.band)
        return self.stack([row], self.width, [pad], frame)

    def logo(self) -> Flowable | None:
        """The theme's logo on white above the band, where any logo's colours stay legible."""
        if self.theme.logo is None:
            return None
        height = LOGO_HEIGHT
        if self.theme.logo.suffix.lower() == ".svg":
            logo: Flowable = Vector(svg_drawing(self.theme.logo, self.fonts), height)
        else:
            logo = Image(
                str(self.theme.logo), height=height, width=self.width / 2, kind="proportional"
            )
        return tagged(logo, Tag("Figure", alt=self.settings.logo_alt))

    def caption(self) -> str:
        """What was reviewed and how: the subject, unless the headline names it, and the
        type of review. Kept to one line where it can be: it breaks before the dot."""
        summary = self.summary
        return " ·\u00a0".join(p for p in (summary.unnamed_subject, summary.review.type) if p)

    def heading(self) -> Flowable:
        """The caption, the headline in lines of even length, and the lede two thirds wide,
        with the overall grade beside it in the last third: the grade is the news."""
        styles, summary = self.styles, self.summary
        headline = Paragraph(
            self.text(self.typeset(summary.title)), styles.headline, tags=(Tag("H1"),)
        )
        rows: list[Flowable] = []
        caption = self.caption()
        if caption:
            rows.append(Paragraph(self.prose(caption), styles.caption, tags=(Tag("P"),)))
        rows.append(self.stack([headline], balanced_width(headline.lines, self.width), [0]))
        tiles = self.tiles()
        # Two thirds wide, a comfortable measure; across the page only on a condensed sheet.
        lede_width = 2 * self.third + self.gutter if tiles or not self.condensed else self.width
        paragraphs: list[Flowable] = [
            Paragraph(self.prose(p), styles.lede, tags=(Tag("P"),))
            for p in summary.summary.split("\n\n")
        ]
        lede = self.stack(paragraphs, lede_width, [styles.pad(5)] * (len(paragraphs) - 1) + [0])
        if tiles:
            rows.append(Columns([lede, tiles], [lede_width, self.third], self.gutter))
        else:
            rows.append(lede)
        gaps = [styles.pad(4)] * (len(rows) - 2) + [styles.pad(10), 0]
        return self.stack(rows, self.width, gaps[-len(rows) :])

    def overall(self) -> list[Judgement]:
        """The judgements that grade the whole review: their area has the word `Overall` (in
        the summary's language)."""
        return [j for j in self.summary.judgements if self.wording.labels.is_overall(j)]

    def graded(self) -> list[Judgement]:
        """The other judgements, set in a table of their own when there are two or more."""
        overall = self.overall()
        return [j for j in self.summary.judgements if j not in overall]

    def tiles(self) -> Flowable | None:
        """Each overall grade, and a lone graded area, as a tile: the area small, the grade
        large, on the grade's colour."""
        graded = self.graded()
        shown = self.overall() + (graded if len(graded) == 1 else [])
        if not shown:
            return None
        styles = self.styles
        pad = styles.pad(8)
        tiles: list[Flowable] = []
        for judgement in shown:
            chip = self.settings.chip(judgement.grade)
            label = styles.derived("tile-label", styles.small, textColor=chip.text)
            longest = max(
                pdfmetrics.stringWidth(word, styles.heading.fontName, TILE_GRADE)
                for word in judgement.grade.split()
            )
            size = min(TILE_GRADE, TILE_GRADE * (self.third - 2 * pad) / longest * 0.98)
            grade = styles.derived(
                "tile-grade",
                styles.heading,
                fontSize=size,
                leading=size * 1.1,
                textColor=chip.text,
            )
            rows = [
                Paragraph(self.prose(judgement.area), label),
                Paragraph(self.text(judgement.grade), grade),  # a word too long is made smaller
            ]
            frame = Frame(top=pad, inset=pad, background=chip.fill)
            tile = self.stack(rows, self.third, [styles.pad(3), pad], frame)
            tiles.append(tagged(tile, Tag("P")))
        return self.stack(tiles, self.third, [styles.pad(6)] * (len(tiles) - 1) + [0])

    # -- sections -------------------------------------------------------------------------------

    def _ruled(self, colour: str, thickness: float) -> Frame:
        """A rule across the top, the sheet's mark of a section."""
        return Frame(top=self.styles.pad(6), rule=(thickness, colour))

    def _section(self, title: str, body: list[Flowable], width: float, colour: str) -> Stack:
        """A titled section: a rule, its heading, then `body`."""
        styles = self.styles
        rows = [Paragraph(self.prose(title), styles.heading, tags=(Tag("H2"),)), *body]
        section = self.stack(
            rows, width, [styles.pad(7)] * len(body) + [0], self._ruled(colour, 3.0)
        )
        return tagged(section, Tag("Sect"))

    def _rows(self, items: list[Point], numbered: bool = False) -> list[Row]:
        """A list as rows. A point with detail is a bold lead over its detail; a point
        without is a plain line, in any list. Numbers or bullets hang in the indent, wide
        enough for the widest, so every line of text starts at one edge.

        Each row is tagged as part of its list item: the marker its label (Lbl), the point
        and detail its body (LBody)."""
        styles = self.styles
        markers = [f"{n}." if numbered else "•" for n in range(1, len(items) + 1)]
        size = styles.body.fontSize
        widest = max(pdfmetrics.stringWidth(m, styles.point.fontName, size) for m in markers)
        indent = max(styles.pad(14), float(widest) + size * 0.6)
        hung = {"leftIndent": indent, "bulletIndent": 0}
        marked = {"bulletFontName": styles.point.fontName, "bulletFontSize": size}
        lead = styles.derived("lead", styles.point, **hung, **marked)
        line = styles.derived("line", styles.body, **hung, **marked)
        detail = styles.derived("detail", styles.body, **hung)
        rows: list[Row] = []
        for marker, item in zip(markers, items, strict=True):
            entry, body = Tag("LI"), Tag("LBody")
            paragraphs = item.detail.split("\n\n") if item.detail else []
            point = Paragraph(
                self.prose(item.point),
                lead if paragraphs else line,
                marker=marker,
                tags=(entry, body, Tag("P")),
            )
            point.marker_tags = (entry, Tag("Lbl"))
            rows.append(Row(point, styles.pad(1.5)))
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

    def _list(self, title: str, items: list[Point], colour: str, numbered: bool = False) -> Stack:
        """A titled list in the page's two columns, divided between items; one column two
        thirds wide when its items are too few, or too unequal, to end level."""
        rows = self._rows(items, numbered)
        flow = tagged(Flow(rows, self.width, self.gutter), Tag("L"))
        flow.wrap(self.width, 10_000)
        body: Flowable = flow
        uneven = flow.uneven > self.slack + self.styles.pad(ITEM_GAP)
        if len(items) == 1 or (len(items) <= FEW and uneven):
            body = self._column(rows, 2 * self.third + self.gutter)
        return self._section(title, [body], self.width, colour)

    def findings(self) -> list[Block]:
        """What is good and what must improve: side by side when their columns end level,
        else one after the other."""
        colours, headings = self.settings.colours, self.wording.headings
        sides = [
            (key, headings[key], items, colour)
            for key, items, colour in (
                ("progress", self.summary.progress, colours.improved),
                ("concerns", self.summary.concerns, colours.concern),
            )
            if items
        ]
        if len(sides) == 2:
            pair = [
                self._section(title, [self._column(self._rows(items), self.half)], self.half, c)
                for _, title, items, c in sides
            ]
            heights = [side.wrap(self.half, 10_000)[1] for side in pair]
            if abs(heights[0] - heights[1]) <= self.slack:
                self.arrangement = "side by side"
                longest = (
                    "concerns"
                    if _chars(self.summary.concerns) >= _chars(self.summary.progress)
                    else "progress"
                )
                return [Block(longest, Columns(list(pair), [self.half] * 2, self.gutter))]
            self.arrangement = "one after the other"
        return [Block(key, self._list(title, items, colour)) for key, title, items, colour in sides]

    def chip(self, grade: str) -> Flowable:
        """A grade as a tag: the grade's words on its colour (never colour alone)."""
        chip, styles = self.settings.chip(grade), self.styles
        style = styles.derived(
            "chip", styles.small, fontName=styles.point.fontName, textColor=chip.text
        )
        pad = styles.pad(4)
        frame = Frame(top=pad, inset=styles.pad(5), background=chip.fill)
        words = Paragraph(self.text(grade), style)
        return tagged(self.stack([words], self._chip_width(grade), [pad], frame), Tag("TD"))

    def _chip_width(self, grade: str) -> float:
        styles = self.styles
        words = pdfmetrics.stringWidth(grade, styles.point.fontName, styles.small.fontSize)
        return float(words) + 2 * styles.pad(5) + 1

    def judgements(self) -> Flowable | None:
        """Graded areas, two or more: each grade's chip beside its area, in rows across the
        two columns (so rows line up), in a table a screen reader reads row by row."""
        styles, colours = self.styles, self.settings.colours
        graded = self.graded()
        if len(graded) < 2:
            return None
        ncols = 2 if len(graded) >= 6 else 1
        col_w = self.half if ncols == 2 else 2 * self.third + self.gutter
        chip_w = min(max(self._chip_width(j.grade) for j in graded), col_w * 0.45)
        gap = styles.pad(8)

        # The chip's words and the area's first line on one baseline.
        small, body = styles.small, styles.body
        drop = (
            styles.pad(4)
            + pdfmetrics.getAscent(small.fontName, small.fontSize) * small.fontSize / 1000
        )
        drop -= pdfmetrics.getAscent(body.fontName, body.fontSize) * body.fontSize / 1000

        def cell(judgement: Judgement) -> Flowable:
            area = Paragraph(self.prose(judgement.area), body, tags=(area_header(),))
            lowered = self.stack([area], col_w - chip_w - gap, [0], Frame(top=max(drop, 0.0)))
            row = Columns(
                [self.chip(judgement.grade), lowered], [chip_w, col_w - chip_w - gap], gap
            )
            return tagged(row, Tag("TR", order=("TH", "TD")))  # read as area, then grade

        lines: list[Flowable] = []
        for start in range(0, len(graded), ncols):
            cells = [cell(j) for j in graded[start : start + ncols]]
            cells += [Spacer(col_w, 0)] * (ncols - len(cells))
            lines.append(Columns(cells, [col_w] * ncols, self.gutter) if ncols > 1 else cells[0])
        rule = Frame(top=styles.pad(4), divider=(0.5, colours.rule))
        gaps = [styles.pad(8)] * (len(lines) - 1) + [styles.pad(4)]
        table = tagged(self.stack(lines, self.width, gaps, rule), Tag("Table"))
        return self._section(
            self.wording.headings["judgements"], [table], self.width, colours.accent
        )

    def key_facts(self) -> Flowable:
        """Big figures in even rows on the page's grid, each on one line at the fact size,
        their labels below starting level; rows of fewer, wider columns when a figure or a
        label would not fit."""
        styles, colours = self.styles, self.settings.colours
        facts = self.summary.key_facts
        rows = math.ceil(len(facts) / FACTS_PER_ROW)
        while True:
            per_row = math.ceil(len(facts) / rows)
            col = (self.width - self.gutter * (per_row - 1)) / per_row
            if per_row == 1 or self._facts_fit(col):
                break
            rows += 1
        size = min(styles.fact.fontSize, self._figure_size(col))
        figure = styles.derived("figure", styles.fact, fontSize=size, leading=size * 1.1)
        stacked: list[Flowable] = []
        for start in range(0, len(facts), per_row):
            cells: list[Flowable] = []
            for fact in facts[start : start + per_row]:
                label = Paragraph(self.text(self.typeset(fact.label)), styles.fact_label)
                balanced = self.stack([label], balanced_width(label.lines, col), [0])
                cells.append(
                    tagged(
                        self.stack(
                            [Paragraph(self.text(fact.value.replace(" ", NBSP)), figure), balanced],
                            col,
                            [styles.pad(3), 0],
                            self._ruled(colours.accent, 1.5),
                        ),
                        Tag("P"),  # a figure and its label, read as one
                    )
                )
            cells += [Spacer(col, 0)] * (per_row - len(cells))
            stacked.append(
                Columns(cells, [col] * per_row, self.gutter) if per_row > 1 else cells[0]
            )
        return self.stack(stacked, self.width, [styles.pad(10)] * (len(stacked) - 1) + [0])

    def _facts_fit(self, col: float) -> bool:
        """Every figure on one line at the fact size, every label in two lines at most."""
        styles = self.styles
        if self._figure_size(col) < styles.fact.fontSize:
            return False
        for fact in self.summary.key_facts:
            label = Paragraph(self.text(self.typeset(fact.label)), styles.fact_label)
            if label.lines(col) > LABEL_LINES:
                return False
        return True

    def _figure_size(self, width: float) -> float:
        """The largest size up to the fact size at which every figure fits `width`."""
        fact = self.styles.fact
        widest = max(
            pdfmetrics.stringWidth(f.value, fact.fontName, fact.fontSize)
            for f in self.summary.key_facts
        )
        return float(min(fact.fontSize, fact.fontSize * width / widest * 0.98))

    def recommendations(self) -> Flowable:
        return self._list(
            self.wording.headings["recommendations"],
            self.summary.recommendations,
            self.settings.colours.accent,
            numbered=True,
        )

    def next_steps(self) -> Flowable:
        steps = [Point(point=step) for step in self.summary.next_steps]
        return self._list(self.wording.headings["next_steps"], steps, self.settings.colours.accent)

    def quote(self) -> Flowable | None:
        chosen = sheet_quote(self.summary)
        if chosen is None:
            return None
        quote, words = chosen
        styles, colours = self.styles, self.settings.colours
        who = f"<b>{self.text(quote.speaker)}</b>" + (
            f", {self.prose(quote.role)}" if quote.role else ""
        )
        rows = [
            Paragraph(self.quotation(words), styles.quote, tags=(Tag("P"),)),
            Paragraph(who, styles.body, tags=(Tag("P"),)),
        ]
        pad = styles.pad(10)
        frame = Frame(top=pad, inset=pad * 1.4, bar=(4.0, colours.accent), background=colours.panel)
        return tagged(self.stack(rows, self.width, [styles.pad(6), pad], frame), Tag("BlockQuote"))

    def footer(self) -> Flowable:
        """Where the facts come from, on the grid's left half; who to ask, on its right."""
        styles, review, colours = self.styles, self.summary.review, self.settings.colours
        words = self.wording.words
        source = [f"<b>{self.text(words.source)}:</b> {self.prose(review.title)}"]
        if review.publisher_full:
            source.append(self.prose(review.publisher_full))
        if review.published:
            source.append(
                self.text(words.published.format(date=self.wording.long_date(review.published)))
            )
        if review.previous_inspection:
            source.append(
                self.prose(words.previous_inspection.format(value=review.previous_inspection))
            )
        left: list[Flowable] = [Paragraph(". ".join(source) + ".", styles.small, tags=(Tag("P"),))]
        if review.url:
            label = f"{self.text(words.full_report)}: "
            link = self.link(web_uri(review.url), review.url, colours.link)
            left.append(self._linked(label + link))
        ruled = self._ruled(colours.rule, 0.75)
        contact = self.summary.contact
        if not contact:
            return self.stack([self._lines(left, self.width)], self.width, [0], ruled)
        first = ", ".join(self.text(p) for p in (contact.name, contact.phone) if p)
        lines: list[Flowable] = [
            Paragraph(f"<b>{self.text(words.contact)}:</b> {first}", styles.small, tags=(Tag("P"),))
        ]
        if contact.email:
            lines.append(
                self._linked(self.link(mailto_uri(contact.email), contact.email, colours.link))
            )
        if contact.url:
            lines.append(self._linked(self.link(web_uri(contact.url), contact.url, colours.link)))
        cells = [self._lines(left, self.half), self._lines(lines, self.half)]
        return self.stack([Columns(cells, [self.half] * 2, self.gutter)], self.width, [0], ruled)

    def _linked(self, markup: str) -> Paragraph:
        """A line whose link is its own: the words and the link inside one Link element."""
        return Paragraph(markup, self.styles.small, tags=(Tag("P"), Tag("Link")))

    def _lines(self, paragraphs: list[Flowable], width: float) -> Stack:
        """Paragraphs one under another at their own leading, so both halves of the footer
        keep one baseline grid."""
        return self.stack(paragraphs, width, [0] * len(paragraphs))

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
        """The body sections top to bottom and the footer, each measured at this step."""
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
        body += self.findings()
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

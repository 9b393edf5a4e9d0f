"""The sheet's paragraph styles at one type scale, and its page geometry."""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle

from ...theme.model import ThemeSettings
from .fonts import Fonts

MM = 72 / 25.4
PAGE_SIZES = {"A4": A4, "Letter": LETTER}


def long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


class Styles:
    """Paragraph styles for one type scale; every size is floored at the minimum body size."""

    def __init__(self, theme: ThemeSettings, fonts: Fonts, scale: float) -> None:
        self.scale = scale
        self.theme = theme
        self._derived: dict[tuple[Any, ...], ParagraphStyle] = {}
        sizes, colours = theme.sizes, theme.colours
        self.floor = sizes.min_body

        def style(
            name: str,
            size: float,
            font: str = fonts.regular,
            colour: str = colours.text,
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
                allowWidows=0,  # a paragraph split between columns leaves two lines or more
                allowOrphans=0,  # at the foot of one and the head of the next
                **extra,
            )

        self.eyebrow = style("eyebrow", sizes.small, fonts.bold, colours.band_text)
        self.eyebrow_right = style(
            "eyebrow-r", sizes.small, fonts.regular, colours.band_text, alignment=TA_RIGHT
        )
        self.caption = style("caption", sizes.lede, fonts.regular, colours.muted)
        self.headline = style("headline", sizes.headline, fonts.bold, leading=1.12)
        self.lede = style("lede", sizes.lede, leading=1.35)
        self.heading = style("heading", sizes.heading, fonts.bold, leading=1.2)
        self.point = style("point", sizes.body, fonts.bold)
        self.body = style("body", sizes.body)
        self.fact = style("fact", sizes.fact, fonts.bold, colours.accent, leading=1.1)
        self.fact_label = style("fact-label", sizes.body, leading=1.25)
        self.quote = style("quote", sizes.lede, leading=1.35)
        self.small = style("small", sizes.small, colour=colours.text)
        self.marking = style(
            "marking", sizes.small + 1, fonts.bold, colours.marking, alignment=TA_CENTER
        )

    def pad(self, points: float) -> float:
        return points * self.scale

    def derived(self, name: str, parent: ParagraphStyle, **changes: Any) -> ParagraphStyle:
        """A style based on `parent`, made once at this scale however many paragraphs use it."""
        key = (name, parent.name, *sorted(changes.items()))
        style = self._derived.get(key)
        if style is None:
            style = self._derived[key] = ParagraphStyle(name, parent=parent, **changes)
        return style

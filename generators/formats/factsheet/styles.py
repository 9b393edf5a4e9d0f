"""The sheet's paragraph styles at one type scale, and its page geometry."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle

from ...theme.model import ThemeSettings
from .fonts import Fonts

MM = 72 / 25.4
PAGE_SIZES = {"A4": A4, "Letter": LETTER}


STEP = 0.5
"""Points of body text between one step of the type scale and the next."""


RUNNING_TEXT = ("eyebrow", "eyebrow_right", "point", "body", "fact_label", "small", "marking")
"""The styles whose sizes condensing leaves alone."""


class Styles:
    """Paragraph styles at one step of the type scale.

    Step 0 is the theme's sizes. A long sheet steps its running text (body and small) down
    half a point a step, never below the theme's minimum; headlines, the lede, headings and
    figures keep their sizes, so every sheet reads as one family. Only a sheet that still does
    not fit is condensed: its display sizes too, by `condense`, as a last resort before it is
    refused."""

    def __init__(
        self, theme: ThemeSettings, fonts: Fonts, step: int = 0, condense: float = 1.0
    ) -> None:
        self.theme = theme
        self._derived: dict[tuple[Any, ...], ParagraphStyle] = {}
        sizes, colours = theme.sizes, theme.colours
        body = sizes.body - STEP * step
        small = max(sizes.small - STEP * step, sizes.min_body)
        self.scale = body / sizes.body
        """Spacing follows the running text's size."""

        def display(size: float) -> float:
            return max(size * condense, body)

        def style(
            name: str,
            size: float,
            font: str = fonts.regular,
            colour: str = colours.text,
            leading: float = 1.3,
            **extra: object,
        ) -> ParagraphStyle:
            return ParagraphStyle(
                name,
                fontName=font,
                fontSize=size,
                leading=size * leading,
                textColor=colors.HexColor(colour),
                splitLongWords=1,
                **extra,
            )

        self.eyebrow = style("eyebrow", sizes.body, fonts.bold, colours.band_text)
        self.eyebrow_right = style(
            "eyebrow-r", sizes.body, fonts.regular, colours.band_text, alignment=TA_RIGHT
        )
        self.caption = style("caption", display(sizes.lede), fonts.regular, colours.muted)
        self.headline = style("headline", display(sizes.headline), fonts.bold, leading=1.12)
        self.lede = style("lede", display(sizes.lede), leading=1.35)
        self.heading = style("heading", display(sizes.heading), fonts.bold, leading=1.2)
        self.point = style("point", body, fonts.bold)
        self.body = style("body", body)
        self.fact = style("fact", display(sizes.fact), fonts.bold, colours.accent, leading=1.1)
        self.fact_label = style("fact-label", body, leading=1.25)
        self.quote = style("quote", display(sizes.lede), leading=1.35)
        self.small = style("small", small, colour=colours.text)
        self.marking = style(
            "marking", sizes.small + 1, fonts.bold, colours.marking, alignment=TA_CENTER
        )
        if condense != 1.0:
            # Condensing changes the display sizes only: the running text keeps the styles of
            # the step uncondensed, and with them the line breaks kept for it (flowables).
            running = styles_at(theme, fonts, step)
            for name in RUNNING_TEXT:
                setattr(self, name, getattr(running, name))
            self._derived = running._derived

    def pad(self, points: float) -> float:
        return points * self.scale

    def derived(self, name: str, parent: ParagraphStyle, **changes: Any) -> ParagraphStyle:
        """A style based on `parent`, made once at this step however many paragraphs use it."""
        key = (name, parent, *sorted(changes.items()))
        style = self._derived.get(key)
        if style is None:
            style = self._derived[key] = ParagraphStyle(name, parent=parent, **changes)
        return style


_MADE: dict[tuple[int, Fonts, int, float], tuple[ThemeSettings, Styles]] = {}
_MADE_KEPT = 256
"""Steps of the type scale kept per process: a dozen per theme."""


def styles_at(theme: ThemeSettings, fonts: Fonts, step: int = 0, condense: float = 1.0) -> Styles:
    """The styles at one step, made once per process for each theme, step and condensing:
    every sheet and trial at that step shares them, so what is kept per style (a paragraph's
    parsed text and line breaks, in flowables) serves every sheet. Styles are never changed
    once made, and a theme's settings are frozen, so the same settings object means the same
    styles."""
    key = (id(theme), fonts, step, condense)
    made = _MADE.get(key)
    if made is None or made[0] is not theme:
        if len(_MADE) >= _MADE_KEPT:
            _MADE.clear()
        made = _MADE[key] = (theme, Styles(theme, fonts, step, condense))
    return made[1]

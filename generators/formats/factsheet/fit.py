"""Fit-to-page: every sheet at the theme's type sizes, stepped down only when it overflows.

Sheets share one type scale, so a short review keeps the theme's sizes and its spare space
becomes white space; a long one steps down half a point of body text at a time, never below
the theme's minimum, and content that still cannot fit is refused with the overflow in
millimetres, never clipped. Each step lays the whole sheet out, so the first trial is aimed:
a sheet's height grows about as a power of its type size (GROWTH), which says which step to
try after an overflow, condensed ones included; a sheet only gets shorter from one step to
the next, so the step found is the one trying every step in turn would find.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...content.model import Summary
from ...errors import CannotRender
from ...theme.labels import Wording
from ...theme.model import Theme
from .fonts import Fonts, register_fonts
from .sections import Block, Sheet, section_chars
from .styles import MM, PAGE_SIZES, STEP

GROWTH = 1.75
"""How a sheet's height grows with its type size, as a power: measured on the test sheets."""


@dataclass
class Layout:
    """A sheet that fits: its sections at the chosen size, and the space left over."""

    sheet: Sheet
    body: list[Block]
    footer: Block
    available: float
    spare: float

    @property
    def note(self) -> str:
        """What `--verbose` says of the sheet: the size used and how the findings were set."""
        body = self.sheet.styles.body.fontSize
        empty = self.spare / self.available
        condensed = ", condensed" if self.sheet.condensed else ""
        return (
            f"body {body:g} pt{condensed}, findings {self.sheet.arrangement}, "
            f"{empty:.0%} of the page spare"
        )


CONDENSED = (0.9, 0.8, 0.7)
"""After the smallest body size, the display sizes' last steps down, before a refusal."""


def ladder(theme: Theme) -> list[tuple[int, float]]:
    """The steps to try, largest first: the body half a point smaller each step, then, at the
    smallest, the display sizes condensed."""
    sizes = theme.settings.sizes
    last = math.floor((sizes.body - sizes.min_body) / STEP + 1e-9)
    return [(step, 1.0) for step in range(last + 1)] + [(last, c) for c in CONDENSED]


def _measure(
    summary: Summary,
    theme: Theme,
    wording: Wording,
    fonts: Fonts,
    step: tuple[int, float],
    unprinted: str,
) -> Layout:
    sheet = Sheet(summary, theme, wording, fonts, step[0], unprinted, step[1])
    body, footer = sheet.blocks()
    page_h = PAGE_SIZES[theme.settings.page.size][1]
    available = page_h - 2 * sheet.margin
    used = sum(b.height for b in body) + footer.height + sheet.gap * len(body)
    return Layout(sheet, body, footer, available, available - used)


def fit(summary: Summary, theme: Theme, wording: Wording, unprinted: str = "") -> Layout:
    """The largest step of the type scale at which the sheet fits one page, or CannotRender
    saying by how much it overflows at the smallest."""
    fonts = register_fonts(tuple(sorted(theme.fonts.items())))
    steps = ladder(theme)
    last = len(steps) - 1
    tried: dict[int, Layout] = {}

    def trial(step: int) -> Layout:
        if step not in tried:
            tried[step] = _measure(summary, theme, wording, fonts, steps[step], unprinted)
        return tried[step]

    first = trial(0)
    if first.spare >= 0:
        return first
    sizes = theme.settings.sizes
    used = first.available - first.spare
    aimed = sizes.body * (first.available / used) ** (1 / GROWTH)  # the body size that fits
    # Aimed below the smallest body size, each condensed step counts as one more step down:
    # a dense sheet goes straight to the condensed steps, as it would after trying them all.
    step = min(max(math.ceil((sizes.body - aimed) / STEP), 1), last)
    while step > 1 and trial(step).spare >= 0 and trial(step - 1).spare >= 0:
        step -= 1  # aimed too low: the next size up fits too
    while trial(step).spare < 0:
        if step == last:
            raise _overflow(summary, theme, -trial(step).spare)
        step += 1
    return trial(step)


def _overflow(summary: Summary, theme: Theme, excess: float) -> CannotRender:
    chars = section_chars(summary)
    key = max(chars, key=lambda k: chars[k])
    return CannotRender(
        key,
        f"fact sheet is {excess / MM:.0f} mm too long at the smallest size "
        f"({theme.settings.sizes.min_body:g} pt body); shorten `{key}` (the longest section, "
        f"{chars[key]:,} characters)",
    )

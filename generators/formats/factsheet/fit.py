"""Fit-to-page: the largest type scale at which a sheet fills one page, found in few trials.

Each trial lays out every section, so trials are few; content that cannot fit at the smallest
readable size is refused with the overflow in millimetres, never clipped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...content.model import Summary
from ...errors import CannotRender
from ...theme.model import Theme
from .fonts import Fonts, register_fonts
from .sections import Block, Sheet, section_chars
from .styles import MM, PAGE_SIZES

FIT_PRECISION = 0.025
"""Fit-to-page finds the type scale to within this fraction: 10 pt or 10.25 pt, unseen."""
GROWTH = 1.75
"""How a sheet's height grows with its type scale, as a power: measured on the test sheets."""
FIT_SLACK = (1 + FIT_PRECISION) ** GROWTH - 1
"""A fit leaving less than this share of the page spare (4.4%) is within FIT_PRECISION of the
largest scale that fits, so it is taken."""


@dataclass
class Layout:
    """A sheet that fits: its sections at the chosen scale, and the space left over."""

    sheet: Sheet
    body: list[Block]
    footer: Block
    available: float
    spare: float


def _measure(summary: Summary, theme: Theme, fonts: Fonts, scale: float, unprinted: str) -> Layout:
    sheet = Sheet(summary, theme, fonts, scale, unprinted)
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
    chars = section_chars(summary)
    key = max(chars, key=lambda k: chars[k])
    return CannotRender(
        key,
        f"fact sheet is {excess / MM:.0f} mm too long at the smallest size "
        f"({theme.settings.sizes.min_body:g} pt body); shorten `{key}` (the longest section, "
        f"{chars[key]:,} characters)",
    )

"""Typography for the printed sheet: typographic quotes and dashes, no one-word last lines,
and headlines broken into lines of even length.

Only the sheet is typeset: the model keeps the author's text, and the briefing, which
colleagues edit, shows it as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NBSP = "\u00a0"
"""reportlab never breaks a line at a no-break space."""

_OPENING = r"(^|[\s(\[{\u2013\u2014/-])"
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\s+-{1,2}\s+"), " \u2013 "),  # a spaced hyphen or double hyphen: an en dash
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d(?:\d\d)?)\b"), "\\1\u2013\\2"),  # 2023-24: a range
    (re.compile(_OPENING + '"'), "\\1\u201c"),  # an opening double quote
    (re.compile('"'), "\u201d"),  # every other double quote closes
    (re.compile(_OPENING + "'"), "\\1\u2018"),  # an opening single quote
    (re.compile("'"), "\u2019"),  # every other one closes, or is an apostrophe
]


_NUMBER_AND_WORD = re.compile(r"(?<![\d,.])(\d(?:[\d,.]*\d)?) (?=\w)")


def typographic(text: str) -> str:
    """Straight quotes curled, spaced hyphens and year ranges made en dashes, and a number
    kept on the line of the word it counts (31 October, 645 prisoners), as a typesetter would."""
    if any(mark in text for mark in "\"'-"):
        for pattern, replacement in _RULES:
            text = pattern.sub(replacement, text)
    if any(ch.isdigit() for ch in text):
        text = _NUMBER_AND_WORD.sub(f"\\1{NBSP}", text)
    return text


LAST_WORDS = 30
"""Characters at most in the two words kept together at the end of a paragraph: longer, and
the pair could not share a line in a narrow column."""


def keep_last_words(text: str) -> str:
    """Join a paragraph's last two words with a no-break space, so that no last line holds a
    single word."""
    head, space, last = text.rstrip().rpartition(" ")
    before = head.rpartition(" ")[2]
    if not space or len(before) + len(last) >= LAST_WORDS:
        return text
    return f"{head}{NBSP}{last}"


def balanced_width(lines_at: Callable[[float], int], width: float, precision: float = 2.0) -> float:
    """The narrowest width, down to half of `width`, at which text still takes as many lines as
    at `width`: its lines then end near each other, with no short last line. `lines_at(w)`
    counts the lines at width w."""
    wanted = lines_at(width)
    if wanted < 2:
        return width
    low, high = width / 2, width
    while high - low > precision:
        middle = (low + high) / 2
        if lines_at(middle) > wanted:
            low = middle
        else:
            high = middle
    return high

"""Typography for the printed sheet: typographic quotes and dashes, no one-word last lines,
and headlines broken into lines of even length.

Only the sheet is typeset: the model keeps the author's text, and the briefing, which
colleagues edit, shows it as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

NBSP = "\u00a0"
"""reportlab never breaks a line at a no-break space."""

_OPENING = r"(^|[\s(\[{\u2013\u2014/-])"
_DASHES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\s+-{1,2}\s+"), " \u2013 "),  # a spaced hyphen or double hyphen: an en dash
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d(?:\d\d)?)\b"), "\\1\u2013\\2"),  # 2023-24: a range
]
_OPENS_DOUBLE, _DOUBLE = re.compile(_OPENING + '"'), re.compile('"')
_OPENS_SINGLE, _SINGLE = re.compile(_OPENING + "'"), re.compile("'")
Marks = tuple[tuple[str, str], tuple[str, str]]
"""Quotation marks, double and single, each opening and closing: the language's, from its
label set."""


_NUMBER_AND_WORD = re.compile(r"(?<![\d,.])(\d(?:[\d,.]*\d)?) (?=\w)")


@functools.lru_cache(maxsize=4096)
def typographic(text: str, marks: Marks) -> str:
    """Straight quotes curled into the language's marks (an opening one after a space or
    bracket, every other one closing, or an apostrophe), spaced hyphens and year ranges made
    en dashes, and a number kept on the line of the word it counts (31 October, 645
    prisoners), as a typesetter would. Kept per text: every fit trial sets the same text."""
    if any(mark in text for mark in "\"'-"):
        for pattern, replacement in _DASHES:
            text = pattern.sub(replacement, text)
        (open_double, close_double), (open_single, close_single) = marks
        text = _OPENS_DOUBLE.sub(lambda m: m.group(1) + open_double, text)
        text = _DOUBLE.sub(close_double, text)
        text = _OPENS_SINGLE.sub(lambda m: m.group(1) + open_single, text)
        text = _SINGLE.sub(close_single, text)
    return _NUMBER_AND_WORD.sub(f"\\1{NBSP}", text)


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

"""Quotation marks pasted with a quote's words: left out, since both documents add their own.

A quote copied from a press release brings its marks (“…” round each paragraph, `"…"` typed
into a block, `""…""` from a spreadsheet cell), and the sheet would print them inside its own.
Only marks that enclose a whole paragraph, or open and close a quote of several, go: a
quotation inside the quote keeps its marks.
"""

from __future__ import annotations

SPREADSHEET = '""'
"""A spreadsheet doubles each quote mark in a cell it exports: `""` is one mark."""
PAIRS = (("\u201c", "\u201d"), ('"', '"'), ("\u2018", "\u2019"), ("'", "'"))
"""Opening and closing marks, curly and straight, double and single."""
DOUBLE = PAIRS[:2]


def _depth(text: str, opening: str, closing: str) -> list[int]:
    """How many quotations are open after each character (straight marks alternate)."""
    depths, depth = [], 0
    for character in text:
        if opening != closing and character == opening:
            depth += 1
        elif opening != closing and character == closing:
            depth -= 1
        elif character == opening:
            depth = 1 - depth
        depths.append(depth)
    return depths


def _enclosed(paragraph: str) -> str | None:
    """The paragraph without the pair of marks round all of it, if it has one."""
    if paragraph.startswith(SPREADSHEET) and paragraph.endswith(SPREADSHEET):
        inner = paragraph[2:-2]
        return inner if inner.strip() and '"' not in inner else None
    for opening, closing in PAIRS:
        if len(paragraph) < 3 or not (paragraph[0] == opening and paragraph[-1] == closing):
            continue
        inner = paragraph[1:-1]
        if closing == "\u2019" or opening == closing:
            # A single closing mark is also the apostrophe: only a lone opening one tells.
            whole = opening not in inner
        else:
            depths = _depth(paragraph, opening, closing)
            whole = depths[-1] == 0 and 0 not in depths[:-1]
        return inner if whole and inner.strip() else None
    return None


def _around_several(paragraphs: list[str]) -> list[str] | None:
    """Paragraphs without the marks of one quotation spanning them all: opened at the start
    and closed at the end, or, as printed, opened again at each paragraph's start."""
    first, last = paragraphs[0], paragraphs[-1]
    for opening, closing in DOUBLE:
        if not (first.startswith(opening) and last.endswith(closing)):
            continue
        unclosed = [_depth(p, opening, closing)[-1] != 0 for p in paragraphs]
        reopened = all(p.startswith(opening) for p in paragraphs)
        if reopened and all(unclosed[:-1]) and not unclosed[-1]:
            return [p[1:] for p in paragraphs[:-1]] + [last[1:-1]]
        if unclosed[0] and unclosed[-1] and not any(unclosed[1:-1]):
            return [first[1:], *paragraphs[1:-1], last[:-1]]
    return None


def unquoted(text: str) -> str:
    """`text` (paragraphs separated by a blank line) without pasted enclosing marks."""
    paragraphs = text.split("\n\n")
    several = _around_several(paragraphs) if len(paragraphs) > 1 else None
    return "\n\n".join(several or [_enclosed(p) or p for p in paragraphs])

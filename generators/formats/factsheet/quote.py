"""Which words of which quote the sheet shows.

A pull quote adds a voice to the findings; one that restates them wastes the space. The
summary may choose (`sheet: N` on a quote); otherwise the first paragraph that does not repeat
the lede and findings word for word is shown, as its first sentences up to a pull quote's length.
"""

from __future__ import annotations

import re

from ...content.model import Quote, Summary

REPEATS = 0.5
"""A paragraph sharing this share of its five-word runs with the findings repeats them."""
WORDS = 45
"""A pull quote's length: about three lines across the page. Longer paragraphs are shown as
their first whole sentences up to this many words (always at least the first)."""

_SENTENCE_END = re.compile(r"(?<=[.!?])([\"\u201d\u2019']?)\s+(?=[\"\u201c\u2018']?(\w))")
"""A full stop, question or exclamation mark, any closing quote, space, and the next word."""


def _runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def sentences(paragraph: str) -> list[str]:
    """The paragraph's sentences, each with its closing quote: a sentence ends where the next
    starts with a capital or a figure, in any alphabet (Ó and Ŵ begin sentences too)."""
    found, start = [], 0
    for end in _SENTENCE_END.finditer(paragraph):
        if end.group(2).isupper() or end.group(2).isdigit():
            found.append(paragraph[start : end.end(1)])
            start = end.end()
    return [*found, paragraph[start:]]


def excerpt(paragraph: str) -> str:
    """The paragraph's first whole sentences, up to WORDS words."""
    kept: list[str] = []
    count = 0
    for sentence in sentences(paragraph):
        words = len(sentence.split())
        if kept and count + words > WORDS:
            break
        kept.append(sentence)
        count += words
    return " ".join(kept)


def sheet_quote(summary: Summary) -> tuple[Quote, str] | None:
    """The quote, and the words of it, that the sheet shows; None when there are no quotes."""
    for quote in summary.quotes:
        if quote.sheet is not None:
            return quote, excerpt(quote.paragraphs[quote.sheet - 1])
    findings = [summary.summary]
    for item in [*summary.progress, *summary.concerns, *summary.recommendations]:
        findings += [item.point, item.detail or ""]
    said = set().union(*map(_runs, findings))
    best: tuple[float, Quote, str] | None = None
    for quote in summary.quotes:
        for paragraph in quote.paragraphs:
            shown = excerpt(paragraph)
            runs = _runs(shown)
            share = len(runs & said) / len(runs) if runs else 0.0
            if share < REPEATS:
                return quote, shown
            if best is None or share < best[0]:
                best = (share, quote, shown)
    return None if best is None else (best[1], best[2])

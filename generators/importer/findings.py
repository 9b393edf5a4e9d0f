"""First drafts of `progress` and `concerns`: the release's own sentences that praise or
criticise, and the points of a list introduced by such a sentence ("several areas still
require improvement, including:"). A person shortens each to a point; these only save the
copying."""
# ruff: noqa: RUF001 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import re

from .paragraphs import is_item, text_of

MAX_POINTS = 5
PRAISE = re.compile(
    r"\b(?:improv(?:ed|ing|ement|ements)|good|strong|effective(?:ly)?|well[- ](?:led|run|managed)|"
    r"praised|commended|encouraged|encouraging|positive|progress|impressive|impressed|"
    r"outstanding|excellent|pleased|successfully|committed)\b",
    re.IGNORECASE,
)
CRITICISM = re.compile(
    r"\b(?:concerns?|concerned|concerning|needs? to|must|should|not enough|weak(?:ness|nesses)?|"
    r"poor|inadequate|fail(?:ed|s|ing|ure)?|too (?:few|many|slow|long)|lack(?:ed|s|ing)?\b|"
    r"insufficient|requires? improvement|disappointing|risks?|shortfalls?|slow|worse|"
    r"deteriorat\w+|unsustainable|challenges?)\b",
    re.IGNORECASE,
)
_TURN = re.compile(r",?\s+(?:but|however|although|though|while|despite)\s+", re.IGNORECASE)


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z‘])", paragraph) if s]


def _point(text: str) -> str:
    text = text.strip(" ;,")
    return (text[:1].upper() + text[1:]).removesuffix(" and").rstrip(";,")


def find_findings(paragraphs: list[str], skip: set[int]) -> tuple[list[str], list[str]]:
    """(progress, concerns) from the paragraphs not in `skip` (the headline, lede, quotes)."""
    progress: list[str] = []
    concerns: list[str] = []
    listing: list[str] | None = None
    for index, paragraph in enumerate(paragraphs):
        if index in skip or paragraph[:1] in '“"':
            listing = None
            continue
        if is_item(paragraph):
            if listing is not None:
                listing.append(_point(text_of(paragraph)))
            continue
        listing = None
        for sentence in _sentences(paragraph):
            praise, criticism = bool(PRAISE.search(sentence)), bool(CRITICISM.search(sentence))
            if sentence.rstrip().endswith(":"):
                listing = concerns if criticism else progress if praise else None
                continue
            if praise and criticism and (turn := _TURN.search(sentence)):
                before, after = sentence[: turn.start()], sentence[turn.end() :]
                if PRAISE.search(before) and not CRITICISM.search(before):
                    progress.append(_point(before))
                if CRITICISM.search(after):
                    concerns.append(_point(after))
            elif criticism:
                concerns.append(_point(sentence))
            elif praise:
                progress.append(_point(sentence))
    return _first(progress), _first(concerns)


def _first(points: list[str]) -> list[str]:
    unique = list(dict.fromkeys(point for point in points if len(point.split()) >= 4))
    return unique[:MAX_POINTS]

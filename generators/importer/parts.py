"""The parts of a release that stand in fixed places: its headline, its lede, the report's
title and the kind of review.

Releases put the headline first and the lede (the paragraph a summary's `summary` is) right
after it, with datelines, "Get the report" links and labelled lines ("Type of inspection:
…") in between; these rules step over those.
"""
# ruff: noqa: RUF001 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import re

from .dates import is_date_line
from .paragraphs import is_item, text_of

_LINK = re.compile(
    r"^(?:get|read|download|view|see)\s+(?:the\s+)?(?:full\s+)?(?:report|reports|summary)\b"
    r"|^find out more\b|^read more\b|^more information\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"^(?:published:?|skip to (?:main )?content|share( this page)?|print|news|press release|"
    r"news release|media release|home)$",
    re.IGNORECASE,
)
_SENTENCE_END = (".", "!", "?", "”", '"', "’", ")")
_REPORT_ON = re.compile(r"^(?:a )?report on (?:an? )?(?:\w+ )?(?:inspection|review)\b", re.I)
_ADDRESS = re.compile(r"https?://[^\s<>\"”’)]+[^\s<>\"”’).,;:]")


def is_link_line(paragraph: str) -> bool:
    return bool(_LINK.match(paragraph))


def _furniture(paragraph: str) -> bool:
    return (
        is_item(paragraph)
        or is_date_line(paragraph)
        or bool(_BOILERPLATE.match(paragraph))
        or is_link_line(paragraph)
    )


def headline(paragraphs: list[str]) -> int | None:
    """The first paragraph that is not a dateline, a link or page furniture."""
    for index, paragraph in enumerate(paragraphs[:8]):
        if not _furniture(paragraph) and len(paragraph) <= 300:
            return index
    return None


def lede(paragraphs: list[str], after: int | None) -> int | None:
    """The first paragraph of prose after the headline: a sentence or more, not a link, a
    labelled line, an attribution ("… said:") or a quotation."""
    start = 0 if after is None else after + 1
    for index in range(start, min(len(paragraphs), start + 8)):
        paragraph = paragraphs[index]
        if _furniture(paragraph) or paragraph[:1] in '“"' or paragraph.endswith(":"):
            continue
        if len(paragraph.split()) >= 8 and paragraph.endswith(_SENTENCE_END):
            return index
    return None


def report_title(paragraphs: list[str]) -> tuple[str, str] | None:
    """The report's own title, with how it was found: the line after "Get the report", the
    words after "Get the report:", or a "Report on …" line."""
    for index, paragraph in enumerate(paragraphs[:-1]):
        link = _LINK.match(paragraph)
        if not link:
            continue
        rest = paragraph[link.end() :].strip(" :–-")
        if len(rest.split()) >= 3:
            return rest, f"the words after “{paragraph[: link.end()].strip()}”"
        following = text_of(paragraphs[index + 1])
        if not rest and following and not following.endswith(".") and len(following) < 200:
            return following, f"the line after “{paragraph.strip()}”"
    for paragraph in paragraphs[:8]:
        if _REPORT_ON.match(paragraph) and not paragraph.endswith("."):
            return paragraph, "a “Report on …” line at the top"
    for paragraph in paragraphs[1:8]:
        if named := _NAMED_REPORT.search(paragraph):
            return named.group("title"), "a report named in the release"
    return None


_TITLE_WORD = r"(?:[A-Z][\w’'-]*|\d{4}(?:[-–/]\d{2,4})?)"
_NAMED_REPORT = re.compile(
    rf"(?<=[a-z,] )(?:the |its |their |our |today’s |today's )?"
    rf"(?P<title>{_TITLE_WORD}(?:\s+(?:of|on|for|and|in)?\s*{_TITLE_WORD})*?\s+Report"
    rf"(?:\s+(?:on|of|for|into)\s+{_TITLE_WORD}(?:\s+{_TITLE_WORD})*)?(?:\s+\d{{4}}(?:[-–/]\d{{2,4}})?)?)"
)
"""A capitalised report named in a sentence: "its Youth Annual Report 2022", "the Controller
of Audit’s 2023 Statutory Report on Best Value"."""


TYPES = (
    "independent review of progress",
    "post-inspection review",
    "joint targeted area inspection",
    "joint inspection",
    "urgent notification",
    "scrutiny visit",
    "monitoring visit",
    "focused visit",
    "unannounced inspection",
    "announced inspection",
    "thematic inspection",
    "thematic review",
    "statutory report on best value",
    "best value assurance report",
    "best value audit report",
    "best value audit",
    "best value report",
    "controller of audit report",
    "annual audit report",
    "value for money report",
    "value for money study",
    "local government accounts",
    "report in the public interest",
    "peel inspection",
    "peel assessment",
    "re-inspection",
    "reinspection",
    "revisit",
    "annual report",
    "full inspection",
    "short inspection",
    "inspection",
)
"""Kinds of review, most specific first: the first found names the review's type."""
_LABELLED = re.compile(r"^type of (?:inspection|review|report|audit):\s*(.+)$", re.IGNORECASE)


def review_type(places: list[tuple[str, str]], paragraphs: list[str]) -> tuple[str, str] | None:
    """The kind of review: a "Type of inspection:" line, else a kind named in `places` (the
    report's title, the headline, the lede, in that order; "PEEL" names a PEEL inspection)."""
    for paragraph in paragraphs[:10]:
        if labelled := _LABELLED.match(paragraph):
            return _capital(labelled.group(1).strip(" .")), f"the line “{paragraph}”"
    for where, text in places:
        if re.search(r"\bPEEL\b", text):
            return "PEEL inspection", f"“PEEL” in {where}"
        for kind in TYPES[:-1]:  # a bare "inspection" says too little to name a type
            if found := re.search(rf"\b{re.escape(kind)}\b", text, re.IGNORECASE):
                return _capital(found.group()), f"“{found.group()}” in {where}"
    return None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def web_address(paragraphs: list[str]) -> str | None:
    """A report's address, when the release prints one beside "the report" or "Read"."""
    for paragraph in paragraphs:
        mentions_report = re.search(r"\b(?:report|read|available|published)\b", paragraph, re.I)
        if mentions_report and (address := _ADDRESS.search(paragraph)):
            return address.group()
    return None

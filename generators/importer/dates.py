"""The date a release was published, written as releases write dates: "12 March 2024",
"Wednesday 5 October 2005", "12/03/2024" (day first, as in the UK), "2024-03-12",
"Published: 18 March 2020".

A small explicit parser rather than a general one: a general date parser finds a date in any
number and fills a missing year with this year's, and a release's "Wednesday, 8 February"
must stay undated rather than gain a year it never had.
"""
# ruff: noqa: RUF001 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .paragraphs import fold

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_FORMS = [
    rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\.?,?\s+{_YEAR}",  # 12 March 2024
    rf"{_WEEKDAY}(?P<month>{_MONTH})\.?\s+{_DAY},?\s+{_YEAR}",  # March 12, 2024
    r"(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>(?:19|20)?\d\d)",  # 12/03/2024
    rf"{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)",  # 2024-03-12
]
DATE = re.compile(
    "|".join(f"(?:{form})" for form in _FORMS)
    .replace("(?P<", "(?P<f{}_")
    .format(*range(sum(form.count("(?P<") for form in _FORMS))),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    value: date
    paragraph: int
    how: str
    """How it was found, for the draft's `# check:` comment."""


def parse_dates(text: str) -> list[tuple[date, int, int]]:
    """Every real date written in `text`, with where it starts and ends."""
    found = []
    for match in DATE.finditer(text):
        parts = {key.split("_", 1)[1]: value for key, value in match.groupdict().items() if value}
        month = parts["month"]
        number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
        year = int(parts["year"])
        year += 2000 if year < 100 else 0
        try:
            found.append((date(year, number, int(parts["day"])), match.start(), match.end()))
        except ValueError:  # 31 February, 13/13/2024: not a date
            continue
    return found


_LABEL = re.compile(
    r"^(?:date\s+)?(?:published|publication\s+date|date\s+published|release\s+date|"
    r"issued|posted|updated|date)(?:\s+on)?\s*[:\-–]?\s*$",
    re.IGNORECASE,
)
_TODAY = re.compile(
    r"\b(?:today|this\s+morning)\s*\(\s*$|\b(?:published|issued|released|out)\s+(?:on\s+)?$",
    re.IGNORECASE,
)


def _is_date_line(paragraph: str, start: int, end: int) -> bool:
    """A paragraph that is little but the date: "05 February 2020", "Oxford, 30 June 2016 |
    10:48 Europe/London", "Published: 18 March 2020"."""
    rest = fold(paragraph[:start] + " " + paragraph[end:])
    words = re.findall(r"[A-Za-z]{2,}", rest)
    return len(words) <= 3 and not _OTHER_DATES.search(rest)


_OTHER_DATES = re.compile(r"inspect|visit|fieldwork|between|deadline|until|from", re.IGNORECASE)
_RANGE = re.compile(r"\d\s*[-–]\s*$")


def publication_date(paragraphs: list[str], headline: int | None) -> Found | None:
    """The release's date: a labelled date anywhere ("Published: ..."), else a line that is a
    date near the top, else the date in "published today (Friday, 19 February 2016)". Other
    dates (of the inspection, of a deadline) are not the publication date."""
    near_top = range(0, min(len(paragraphs), (headline or 0) + 4))
    for index, paragraph in enumerate(paragraphs):
        for value, start, end in parse_dates(paragraph):
            if _RANGE.search(paragraph[:start]):
                continue  # "24-26 June 2024": the days an inspection took
            before = fold(paragraph[:start])
            if before and _LABEL.match(before):
                return Found(value, index, f"the release's “{before}” line")
            if index in near_top and _is_date_line(paragraph, start, end):
                return Found(value, index, "the date line at the top of the release")
    for index, paragraph in enumerate(paragraphs):
        for value, start, _end in parse_dates(paragraph):
            if _TODAY.search(paragraph[max(0, start - 40) : start]):
                return Found(value, index, "“today (…)” in the release's text")
    return None


def is_date_line(paragraph: str) -> bool:
    """Whether a paragraph is a date and little else (a dateline, not a sentence)."""
    return any(_is_date_line(paragraph, start, end) for _, start, end in parse_dates(paragraph))

"""Grades the release names, and the areas they were given for: "rated ‘Good’", "an overall
rating of ‘Requires improvement’", "‘outstanding’ for leadership, management and governance",
"is good at understanding the risk of fire". Grades counted across many services ("seven in
ten were rated ‘Good’ or ‘Outstanding’") are not one review's judgements."""
# ruff: noqa: RUF001, RUF002, RUF003 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import re
from dataclasses import dataclass

GRADES = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires improvement": "Requires improvement",
    "requiring improvement": "Requires improvement",
    "requires improvement to be good": "Requires improvement",
    "inadequate": "Inadequate",
    "adequate": "Adequate",
    "excellent": "Excellent",
    "poor": "Poor",
    "unsatisfactory": "Unsatisfactory",
    "reasonably good": "Reasonably good",
    "not sufficiently good": "Not sufficiently good",
}
_GRADE = "|".join(sorted(GRADES, key=len, reverse=True))
_QUOTED = re.compile(rf"[‘'“\"]({_GRADE})[’'”\"]", re.IGNORECASE)
_PLAIN = re.compile(rf"\b(?:is|was|are|were)\s+({_GRADE})(?=\s+at\s)", re.IGNORECASE)
_OVERALL_BEFORE = re.compile(r"\boverall\s+(?:rating|grade|judgement|judgment)\s+of\s+$", re.I)
_OVERALL_AFTER = re.compile(r"^\s*overall\b", re.IGNORECASE)
_RATED = re.compile(
    r"\b(?:rated|judged|graded|assessed|found)\s+(?:to\s+be\s+|as\s+)?$", re.IGNORECASE
)
_RATED_OBJECT = re.compile(
    r"\b(?:rated|judged|graded)\s+(?:the\s+)?(?P<area>(?:[A-Z][\w’'-]*\s+){1,6})as\s+$"
)
_AREA = re.compile(
    r"^\s*(?:for|at|in)\s+(?P<area>.+?)"
    r"(?=[,;]?\s+(?:and\s+)?[‘'“\"]|[.;:]|"  # the next grade, or the clause's end
    r",\s+(?:and|but|while|which|with|making|underlining|meaning)\b|$)"
)
_COUNTING = re.compile(
    r"\b\d+\s*(?:per\s*cent|%)|\bof the \d+\b|\b\d+\s+(?:have|has|were|are)\b|"
    r"\bno\s+\w+\s+(?:were\s+|was\s+|have\s+been\s+)?(?:rated|judged)\b|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine)-out-of-ten\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Judgement:
    area: str
    grade: str


def _sentences(paragraph: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z“‘\"])", paragraph)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _area_after(rest: str) -> str | None:
    area = _AREA.match(rest)
    if not area:
        return None
    text = re.sub(r"^the\s+", "", area.group("area").strip(" ,"))
    if re.match(r"^(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", text):
        return None  # "good in ten areas": a count, not an area
    return _capital(text) if 2 <= len(text) <= 120 else None


def find_judgements(paragraphs: list[str]) -> list[Judgement]:
    found: dict[str, Judgement] = {}
    for paragraph in paragraphs:
        for sentence in _sentences(paragraph):
            if _COUNTING.search(sentence):
                continue
            for match in [*_QUOTED.finditer(sentence), *_PLAIN.finditer(sentence)]:
                grade = GRADES[match.group(1).lower()]
                before, after = sentence[: match.start()], sentence[match.end() :]
                if re.match(r"^\s*(?:or|and/or)\s+[‘'“\"]", after) or re.search(
                    r"[’'”\"]\s+or\s+$", before
                ):
                    continue  # "‘Good’ or ‘Outstanding’": a range, not a grade
                area = None
                if _OVERALL_BEFORE.search(before) or _OVERALL_AFTER.match(after):
                    area = "Overall"
                elif (named := _RATED_OBJECT.search(before)) and not _AREA.match(after):
                    area = _capital(named.group("area").strip())
                else:
                    area = _area_after(after)
                    if area is None and _RATED.search(before):
                        area = "Overall"
                if area and area.casefold() not in found:
                    found[area.casefold()] = Judgement(area, grade)
    return list(found.values())

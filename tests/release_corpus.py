"""The corpus of real press releases (tests/releases) and how a draft is scored against the
fields a person wrote down by hand from each one. Used by tests/test_import.py and by
benchmarks/import_recall.py, which prints the recall of each field."""
# ruff: noqa: RUF001 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generators.importer.release import Draft

RELEASES = Path(__file__).resolve().parent / "releases"
SEEN = RELEASES
"""Releases the rules were written against."""
UNSEEN = RELEASES / "unseen"
"""Held-out releases, collected and written down after the rules: recall on unseen text."""

_MARKS = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


@dataclass(frozen=True)
class Case:
    slug: str
    text: Path
    source: str
    publisher_body: str
    expected: dict[str, Any]


def cases(folder: Path = SEEN) -> list[Case]:
    found = []
    for text in sorted(folder.glob("*.txt")):
        raw = yaml.safe_load(text.with_suffix(".expected.yaml").read_text("utf-8"))
        found.append(Case(text.stem, text, raw["source"], raw["publisher_body"], raw["expected"]))
    return found


def same(found: object, expected: object) -> bool:
    """Equal once white space is folded and typographic quotation marks are made plain (the
    model folds the one; a person copying a release may type either)."""
    return norm(found) == norm(expected)


def norm(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).translate(_MARKS).split())


def _quote_text(paragraphs: list[str]) -> str:
    return "\n\n".join(norm(p) for p in paragraphs)


def _expected_quote_text(text: str) -> str:
    return "\n\n".join(norm(p) for p in text.strip().split("\n\n"))


def scores(draft: Draft, expected: dict[str, Any]) -> Iterator[tuple[str, bool]]:
    """(field, right) for every field the person wrote down: one line per value, one per
    quote, judgement and contact detail."""

    def value(found: Any) -> Any:
        return None if found is None else found.value

    review = expected.get("review", {})
    singles = {
        "title": (value(draft.title), expected.get("title")),
        "summary": (value(draft.summary), expected.get("summary")),
        "subject": (value(draft.subject), expected.get("subject")),
        "review.title": (value(draft.review_title), review.get("title")),
        "review.publisher": (value(draft.publisher), review.get("publisher")),
        "review.publisher_full": (value(draft.publisher_full), review.get("publisher_full")),
        "review.type": (value(draft.review_type), review.get("type")),
        "review.published": (value(draft.published), review.get("published")),
    }
    for field, (found, wanted) in singles.items():
        if wanted is not None:
            yield field, same(found, wanted)
    drafted = [(q.speaker, _quote_text(q.paragraphs)) for q in draft.quotes]
    for quote in expected.get("quotes", []):
        text = _expected_quote_text(quote["text"])
        matches = [speaker for speaker, found in drafted if found == text]
        yield "quote text", bool(matches)
        yield "quote speaker", any(same(s.name, quote["speaker"]) for s in matches)
        if quote.get("role"):
            yield "quote role", any(same(s.role, quote["role"]) for s in matches)
    drafted_grades = {(norm(j.area).casefold(), j.grade) for j in draft.judgements}
    for judgement in expected.get("judgements", []):
        graded = (norm(judgement["area"]).casefold(), judgement["grade"])
        yield "judgements", graded in drafted_grades
    contact = expected.get("contact") or {}
    for key in ("name", "phone", "email"):
        if contact.get(key):
            found = getattr(draft.contact, key) if draft.contact else None
            yield f"contact.{key}", same(found, contact[key])


def extra_quotes(draft: Draft, expected: dict[str, Any]) -> int:
    """Quotes drafted that the person did not write down: the draft's false alarms."""
    wanted = {_expected_quote_text(q["text"]) for q in expected.get("quotes", [])}
    return sum(_quote_text(q.paragraphs) not in wanted for q in draft.quotes)

"""Figures the release gives, as first drafts of key facts: sums of money ("£77.5 million"),
shares ("66%", "70 per cent") and counts ("645 prisoners"), each with the words that say what
it counts. Years, dates, ages and figures in quotations are left alone."""
# ruff: noqa: RUF001 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_FACTS = 4
"""A fact sheet's row holds four."""
_MONEY = r"£\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|bn|m|k)\b)?"
_SHARE = r"\d+(?:\.\d+)?\s?(?:%|per\s?cent\b)"
_COUNT = r"(?<![\d.,/£-])\d{1,3}(?:,\d{3})+(?![\d.,/])|(?<![\d.,/£-])\d{2,5}(?![\d.,/%])"
FIGURE = re.compile(rf"(?P<money>{_MONEY})|(?P<share>{_SHARE})|(?P<count>{_COUNT})")
_LABEL_END = re.compile(r"[,;:.()–—]|\s(?:and|but|while|which|who|since|in\s+\d{4}|compared)\s")
_NOT_A_COUNT = re.compile(
    r"^\s*(?:per|years?|months?|weeks?|days?|hours?|minutes?|am|pm|to\s+\d|-|–|January|"
    r"February|March|April|May|June|July|August|September|October|November|December)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class KeyFact:
    value: str
    label: str


def _label(after: str) -> str:
    words = _LABEL_END.split(after, maxsplit=1)[0].split()[:8]
    return " ".join(words)


def find_key_facts(sentences: list[str]) -> list[KeyFact]:
    facts: list[KeyFact] = []
    for sentence in sentences:
        for match in FIGURE.finditer(sentence):
            value = " ".join(match.group().split())
            after = sentence[match.end() :]
            if match.group("count"):
                number = int(value.replace(",", ""))
                before = sentence[: match.start()]
                if (
                    1900 <= number <= 2100
                    or number < 10
                    or value.startswith("0")
                    or _NOT_A_COUNT.match(after)
                    or re.match(r"^\s\d", after)  # "07836 217 729": a telephone number
                    or re.search(r"\d\s$", before)
                ):
                    continue
            elif match.group("share"):
                value = re.sub(r"\s?per\s?cent", "%", value)
            label = _label(after)
            if len(label.split()) < 2 or len(value) > 24:
                continue
            if all(fact.value != value for fact in facts):
                facts.append(KeyFact(value, label))
            if len(facts) == MAX_FACTS:
                return facts
    return facts

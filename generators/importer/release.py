"""A release's paragraphs into a `Draft`: every recogniser run once, and where each value came
from kept beside it, for the `# check:` comments the draft carries."""
# ruff: noqa: RUF001 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from ..content.loader import suggest_slug
from .contact import Contact, find_contact, notes_start
from .dates import publication_date
from .findings import find_findings
from .judgements import Judgement, find_judgements
from .key_facts import KeyFact, find_key_facts
from .paragraphs import text_of
from .parts import headline, lede, report_title, review_type, web_address
from .publishers import Mention, mentions
from .quotes import Quote, find_quotes
from .sources import Release
from .subject import subject

T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    value: T
    check: str | None = None
    """Why a person should check it: how it was found, when that was a guess."""


@dataclass
class Draft:
    source: str
    title: Found[str] | None = None
    subject: Found[str] | None = None
    summary: Found[str] | None = None
    review_title: Found[str] | None = None
    publisher: Found[str] | None = None
    publisher_full: Found[str] | None = None
    review_type: Found[str] | None = None
    published: Found[date] | None = None
    url: Found[str] | None = None
    judgements: list[Judgement] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    key_facts: list[KeyFact] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    contact: Contact | None = None

    @property
    def slug(self) -> str:
        """From the headline's first words: short enough to type, valid as a file name."""
        words = suggest_slug(self.title.value if self.title else self.source).split("-")
        slug = ""
        for word in words:
            if len(slug) + len(word) + 1 > 60:
                break
            slug = f"{slug}-{word}" if slug else word
        return slug or "review"


def _publisher(found: list[Mention], quotes: list[Quote], top: set[int]) -> Mention | None:
    """The publisher named most, counting a name in the headline or lede, and one in a
    speaker's role ("Chair of the Accounts Commission"), as more than a passing mention."""
    if not found:
        return None
    roles = " ".join(quote.speaker.role or "" for quote in quotes)
    score: Counter[str] = Counter()
    for mention in found:
        score[mention.publisher.short] += 3 if mention.paragraph in top else 1
    for mention in found:
        if mention.text in roles:
            score[mention.publisher.short] += 3
    best = max(score, key=lambda short: (score[short], -_first(found, short)))
    return next(mention for mention in found if mention.publisher.short == best)


def _first(found: list[Mention], short: str) -> int:
    return next(m.paragraph for m in found if m.publisher.short == short)


def _sentences(paragraphs: list[str], skip: set[int]) -> list[str]:
    return [
        sentence
        for index, paragraph in enumerate(paragraphs)
        if index not in skip
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z‘])", text_of(paragraph))
    ]


def draft_from(release: Release) -> Draft:
    paragraphs = release.paragraphs
    draft = Draft(release.name)
    head = headline(paragraphs)
    lede_at = lede(paragraphs, head)
    if head is not None:
        draft.title = Found(paragraphs[head], _place(head, "the release's first line"))
    if lede_at is not None:
        after_headline = lede_at - (head or 0) - 1
        draft.summary = Found(
            paragraphs[lede_at], _place(after_headline, "the first paragraph after the headline")
        )
    headline_text = paragraphs[head] if head is not None else None
    lede_text = paragraphs[lede_at] if lede_at is not None else None
    if found_subject := subject(lede_text, headline_text, paragraphs):
        draft.subject = Found(*found_subject)
    if title := report_title(paragraphs):
        draft.review_title = Found(title[0], title[1])
    places = [("the report's title", title[0] if title else "")]
    places += [("the headline", headline_text or ""), ("the lede", lede_text or "")]
    places += [("the release", paragraph) for paragraph in paragraphs[:8]]
    if kind := review_type(places, paragraphs):
        draft.review_type = Found(kind[0], kind[1])
    if when := publication_date(paragraphs, head):
        draft.published = Found(when.value, when.how)
    if address := web_address(paragraphs):
        draft.url = Found(address, "an address printed in the release")
    draft.quotes = find_quotes(paragraphs)
    top = {i for i in (head, lede_at) if i is not None}
    if publisher := _publisher(mentions(paragraphs), draft.quotes, top):
        draft.publisher = Found(publisher.publisher.short, f"the release names “{publisher.text}”")
        full = next(
            (m.text for m in mentions(paragraphs) if m.full and m.publisher == publisher.publisher),
            None,
        )
        if full and full != publisher.publisher.short:
            draft.publisher_full = Found(full)
        elif publisher.publisher.full != publisher.publisher.short:
            draft.publisher_full = Found(
                publisher.publisher.full, "from Precis's table of publishers"
            )
    quoted = set().union(*(quote.source for quote in draft.quotes)) if draft.quotes else set()
    notes = notes_start(paragraphs)
    notes_on = set(range(notes, len(paragraphs))) if notes is not None else set()
    draft.judgements = find_judgements(
        [p for i, p in enumerate(paragraphs) if i not in quoted | notes_on]
    )
    draft.progress, draft.concerns = find_findings(paragraphs, quoted | top | notes_on)
    not_facts = quoted | notes_on | ({head} if head is not None else set())
    draft.key_facts = find_key_facts(_sentences(paragraphs, not_facts))
    draft.contact = find_contact(paragraphs)
    return draft


def _place(index: int, expected: str) -> str | None:
    """No check is asked when a part is where releases put it."""
    return None if index == 0 else expected

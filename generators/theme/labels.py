"""The words the documents print besides the summary's own: headings, dates, page numbers.

One label set per language, as data (`labels/en.yaml`); the headings a summary gets depend on
the kind of review it is, and its own `labels:` replace any of them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ..content.model import Summary

SECTIONS = ("progress", "concerns", "recommendations", "next_steps", "judgements", "key_facts")
DEFAULT_KIND = "inspection"

Text = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Model):
    published: Text = Field(description="With {date}")
    previous_inspection: Text = Field(description="With {value}")
    source: Text
    full_report: Text
    read_full_report: Text = Field(description="A link's words, with {title}")
    contact: Text
    email: Text
    website: Text = Field(description="A link's words, with {name}")
    summary: Text
    overall: Text = Field(description="The judgement that grades the whole review")
    page: Text = Field(description="With {page} and {pages}")
    subject: Text
    report: Text
    publisher: Text
    link: Text
    quote_by: Text = Field(description="The quotes' heading when one person speaks: {speaker}")
    quotes: Text = Field(description="The quotes' heading when several people speak")
    about: Text = Field(description="The heading over the review's details, in the briefing")
    area: Text = Field(description="The judgements table's first column")
    grade: Text = Field(description="The judgements table's second column")


class Headings(_Model):
    progress: Text | None = None
    concerns: Text | None = None
    recommendations: Text | None = None
    next_steps: Text | None = None
    judgements: Text | None = None
    key_facts: Text | None = None


class LabelSet(_Model):
    """One language's words. `sections` holds headings by kind of review: the inspection
    kind names all six, and the other kinds only what they change."""

    language: Text = Field(description="BCP 47 tag, e.g. en-GB or cy")
    months: list[Text] = Field(min_length=12, max_length=12)
    date: Text = Field(description="With {day}, {month} and {year}")
    words: Words
    sections: dict[str, Headings]
    kinds: dict[str, list[Text]] = Field(
        default_factory=dict, description="Words in `review.type` that make a review this kind"
    )

    @model_validator(mode="after")
    def _inspection_names_every_heading(self) -> LabelSet:
        base = self.sections.get(DEFAULT_KIND)
        lacking = [key for key in SECTIONS if base is None or getattr(base, key) is None]
        if lacking:
            raise PydanticCustomError(
                "headings",
                "`sections.{kind}` must name every heading, the defaults for any kind of "
                "review; add {lacking}",
                {"kind": DEFAULT_KIND, "lacking": ", ".join(f"`{key}:`" for key in lacking)},
            )
        return self

    def long_date(self, value: datetime.date) -> str:
        return self.date.format(day=value.day, month=self.months[value.month - 1], year=value.year)


@dataclass(frozen=True)
class Wording:
    """What one summary's documents call things: its label set, with its headings settled."""

    labels: LabelSet
    headings: dict[str, str]
    """Section key (`progress`, `concerns`, ...) -> heading."""
    quotes: str
    """The heading over the quotes, in the briefing."""

    @property
    def words(self) -> Words:
        return self.labels.words

    def long_date(self, value: datetime.date) -> str:
        return self.labels.long_date(value)


def kind_of(labels: LabelSet, summary: Summary) -> str:
    review_type = (summary.review.type or "").casefold()
    for kind, words in labels.kinds.items():
        if any(word.casefold() in review_type for word in words):
            return kind
    return DEFAULT_KIND


def wording(labels: LabelSet, summary: Summary) -> Wording:
    """The headings for this summary: its own, else its kind's, else an inspection's."""
    own = summary.labels
    kind = labels.sections.get(kind_of(labels, summary))
    base = labels.sections[DEFAULT_KIND]
    headings: dict[str, str] = {}
    for key in SECTIONS:
        heading = (own and getattr(own, key)) or (kind and getattr(kind, key)) or getattr(base, key)
        headings[key] = str(heading)
    speakers = list(dict.fromkeys(quote.speaker for quote in summary.quotes))
    default_quotes = (
        labels.words.quote_by.format(speaker=speakers[0])
        if len(speakers) == 1
        else labels.words.quotes
    )
    return Wording(labels, headings, (own and own.quotes) or default_quotes)

"""The words the documents print besides the summary's own: headings, dates, page numbers,
quotation marks.

One label set per language, as data (`labels/en.yaml`, `labels/cy.yaml`, and any a theme or
`templates/labels/` adds); the summary's `language:` picks one, the headings it gets depend on
the kind of review it is, and its own `labels:` replace any of them.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ..content.model import Judgement, LanguageTag, Summary, texts

SECTIONS = ("progress", "concerns", "recommendations", "next_steps", "judgements", "key_facts")
DEFAULT_KIND = "inspection"

Text = Annotated[str, Field(min_length=1)]


def _one_or_more(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Model):
    published: Text = Field(description="With {date}")
    previous_inspection: Text = Field(description="With {value}")
    source: Text
    full_report: Text
    contact: Text
    email: Text
    website: Text = Field(description="A link's words, with {name}")
    summary: Text
    overall: Annotated[list[Text], BeforeValidator(_one_or_more), Field(min_length=1)] = Field(
        description="A judgement whose area has one of these words grades the whole review "
        "(every form the word takes, e.g. a mutated one)"
    )
    page: Text = Field(description="With {page} and {pages}")
    report: Text
    publisher: Text
    quote_by: Text = Field(description="The quotes' heading when one person speaks: {speaker}")
    quotes: Text = Field(description="The quotes' heading when several people speak")
    about: Text = Field(description="The heading over the review's details, in the briefing")
    area: Text = Field(description="The judgements table's first column")
    grade: Text = Field(description="The judgements table's second column")
    link: Text = Field(description="A link, to a screen reader, in the sheet: with {address}")
    briefing: Text = Field(description="The briefing's category when the review has no type")
    made_with: Text = Field(description="The briefing's comments property")


Pair = tuple[Text, Text]


class Marks(_Model):
    """Quotation marks, opening and closing: the sheet curls straight quotes into them, and
    both documents open and close quotes with the double pair."""

    double: Pair = ("\u201c", "\u201d")
    single: Pair = Field(
        ("\u2018", "\u2019"), description="The closing mark is also the apostrophe"
    )


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

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Precis label set",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    language: LanguageTag = Field(description="BCP 47 tag, e.g. en-GB or cy")
    months: list[Text] = Field(min_length=12, max_length=12)
    date: Text = Field(description="With {day}, {month} and {year}")
    marks: Marks = Marks()
    words: Words
    sections: dict[str, Headings]
    kinds: dict[str, list[Text]] = Field(
        default_factory=dict, description="Words in `review.type` that make a review this kind"
    )

    @functools.cached_property
    def letters(self) -> frozenset[str]:
        """Every character the set's words use: a sheet checks its font has them, and this is
        worked out once per set, not once per sheet."""
        return frozenset().union(*map(frozenset, texts(self.model_dump())))

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

    def is_overall(self, judgement: Judgement) -> bool:
        """Whether the judgement grades the whole review: its area has the word, whole and
        wherever it stands ("Overall effectiveness"; in Welsh the adjective follows the noun,
        "Barn gyffredinol")."""
        words = "|".join(re.escape(word) for word in self.words.overall)
        return re.search(rf"(?<!\w)(?:{words})(?!\w)", judgement.area, re.IGNORECASE) is not None


def matching(sets: Mapping[str, LabelSet], tag: str) -> LabelSet | None:
    """The label set for a language tag: the set of that very tag, else the nearest of the
    same language (`cy-GB` finds `cy`, `en` finds `en-GB`); None when no set is in it."""
    by_tag = {known.casefold(): labels for known, labels in sets.items()}
    if tag.casefold() in by_tag:
        return by_tag[tag.casefold()]
    import langcodes  # imported here: only a tag without its own set needs matching

    if not langcodes.tag_is_valid(tag):
        return None
    wanted = langcodes.Language.get(tag).language
    same = [known for known in sets if langcodes.Language.get(known).language == wanted]
    if not same:
        return None
    return sets[min(same, key=lambda known: (langcodes.tag_distance(tag, known), known))]


@dataclass(frozen=True)
class Wording:
    """What one summary's documents call things: its label set, with its headings settled."""

    labels: LabelSet
    headings: dict[str, str]
    """Section key (`progress`, `concerns`, ...) -> heading."""
    quotes: str
    """The heading over the quotes, in the briefing."""
    language: str
    """The language both documents declare: the summary's own tag."""

    @property
    def words(self) -> Words:
        return self.labels.words

    @property
    def marks(self) -> Marks:
        return self.labels.marks

    def long_date(self, value: datetime.date) -> str:
        return self.labels.long_date(value)

    def quoted(self, text: str) -> str:
        opening, closing = self.marks.double
        return f"{opening}{text}{closing}"


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
    return Wording(labels, headings, (own and own.quotes) or default_quotes, summary.language)

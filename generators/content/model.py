"""The validated summary of one review: the only thing generators ever see.

Text is cleaned here, once, so both documents receive identical strings and neither has to
guard against control characters or stray whitespace.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .addresses import EMAIL_HEADER_CHARACTERS, mailto_uri, web_uri
from .marks import unquoted

MAX_LINE = 1_000
"""Characters in a one-line field (a title, a name): far beyond any real headline."""
MAX_PARAGRAPHS = 10_000
"""Characters in a prose field (a summary, a quote)."""
MAX_ITEMS = 100
"""Entries in any list."""

_LINE_BREAKS = {"\n", "\u2028", "\u2029", "\x85"}


_JUNK = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)
"""Control characters (but line breaks), surrogates and non-characters: invalid in XML,
invisible in print. One regular expression: testing each character was half of loading."""


def _scrub(value: str) -> str:
    return _JUNK.sub("", value.replace("\t", " "))


def _clean_line(value: str) -> str:
    return " ".join(_scrub(value).split())


def clean_paragraphs(value: str) -> str:
    """Keep paragraph breaks (a blank line), fold every other run of white space to one space."""
    text = _scrub(value)
    for brk in _LINE_BREAKS:
        text = text.replace(brk, "\n")
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _require_text(value: Any) -> Any:
    if isinstance(value, bool | int | float):
        return str(value)
    return value


def _bounded(limit: int) -> AfterValidator:
    def check(value: str) -> str:
        if not value:
            raise PydanticCustomError("empty", "is empty; write the text or remove the key")
        if len(value) > limit:
            raise PydanticCustomError(
                "text_too_long",
                "is {length} characters, over the limit of {limit}; shorten it",
                {"length": f"{len(value):,}", "limit": f"{limit:,}"},
            )
        return value

    return AfterValidator(check)


Line = Annotated[
    str, BeforeValidator(_require_text), AfterValidator(_clean_line), _bounded(MAX_LINE)
]
"""One line of text: white space folded, invisible control characters removed."""
Paragraphs = Annotated[
    str,
    BeforeValidator(_require_text),
    AfterValidator(clean_paragraphs),
    _bounded(MAX_PARAGRAPHS),
]
"""Prose: paragraphs separated by a blank line."""


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value:
        raise PydanticCustomError(
            "url",
            "must be a web address starting with https:// or http:// (got `{value}`)",
            {"value": value[:80]},
        )
    _linkable(web_uri, value, "web address")
    return value


def _linkable(uri: Callable[[str], str], value: str, kind: str) -> None:
    """The address written as the documents' links will write it, so that a domain name
    IDNA cannot encode is refused here, at its place, rather than in a generator."""
    import idna  # imported here: only international addresses reach it

    try:
        uri(value)
    except (idna.IDNAError, UnicodeError) as exc:
        raise PydanticCustomError(
            "domain",
            "has a domain name that cannot be written in a {kind} ({reason}); check its spelling",
            {"kind": kind, "reason": str(exc).rstrip(".")},
        ) from None


def _listed(items: list[str]) -> str:
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def _email(value: str) -> str:
    from email_validator import EmailNotValidError, validate_email  # slow import: only when used

    smuggled = sorted(set(value) & set(EMAIL_HEADER_CHARACTERS))
    if smuggled:
        raise PydanticCustomError(
            "email_headers",
            "contains {characters}, which an email link reads as more recipients, a subject or "
            "a body; give the address alone, such as press.office@example.gov.uk",
            {"characters": _listed([f"`{c}`" for c in smuggled])},
        )
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise PydanticCustomError(
            "email",
            "must be an email address such as press.office@example.gov.uk: {reason}",
            {"reason": str(exc).rstrip(".")},
        ) from None
    _linkable(mailto_uri, value, "email link")
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise PydanticCustomError(
                "date_format",
                "must be a date written YYYY-MM-DD, e.g. 2024-03-15 (got `{value}`)",
                {"value": text[:40]},
            )
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError(
                "date_value",
                "`{value}` is not a real date; check the day and month",
                {"value": text},
            ) from None
    return value


def _none_is_empty(value: Any) -> Any:
    """`concerns:` with nothing under it means no concerns, not an error."""
    return [] if value is None else value


Url = Annotated[Line, AfterValidator(_http_url)]
Email = Annotated[Line, AfterValidator(_email)]

DEFAULT_LANGUAGE = "en-GB"


STANDARD_TAGS = frozenset({"en-GB", "en", "cy", "cy-GB"})
"""Tags langcodes would find valid and already standard (tests/test_contracts.py asks it):
the languages of the shipped label sets. A build in them needs no langcodes, whose import
is a tenth of a second of every start (it compiles a regular expression of every tag)."""


def _language_tag(value: str) -> str:
    """A BCP 47 tag checked against the IANA registry (so `xx` and `welsh` are refused), in
    its standard form: `CY-gb` and `cy_GB` are `cy-GB`."""
    if value in STANDARD_TAGS:
        return value
    import langcodes  # imported here: only a tag outside STANDARD_TAGS needs it

    if not langcodes.tag_is_valid(value) or langcodes.Language.get(value).language is None:
        raise PydanticCustomError(
            "language",
            "must be a BCP 47 language tag such as en-GB (British English) or cy (Welsh), "
            "but it is `{value}`",
            {"value": value[:40]},
        )
    return str(langcodes.standardize_tag(value))


LanguageTag = Annotated[str, BeforeValidator(_require_text), AfterValidator(_language_tag)]
"""A language, as BCP 47 writes it: `en-GB`, `cy`, `ga`, `gd`."""


T = TypeVar("T")
Items = Annotated[list[T], BeforeValidator(_none_is_empty), Field(max_length=MAX_ITEMS)]
"""An optional list: absent or empty (`concerns:`) means none, and it has a sane maximum."""


class _Model(BaseModel):
    # Validators are built on first use, not on import: a no-op build never validates one.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Review(_Model):
    """The published report that the summary is about."""

    title: Line
    publisher: Line = Field(description='Short name, e.g. "HMICFRS"')
    publisher_full: Line | None = None
    type: Line | None = Field(None, description='e.g. "Post-inspection review"')
    published: Annotated[
        date | None, BeforeValidator(_iso_date, json_schema_input_type=str | None)
    ] = None
    previous_inspection: Annotated[
        Line | None, BeforeValidator(_require_text, json_schema_input_type=str | int | None)
    ] = None
    url: Url | None = None


class Point(_Model):
    """A finding: a short bold point and an optional sentence or two of detail."""

    point: Line
    detail: Paragraphs | None = None


def _point_from_text(value: Any) -> Any:
    return {"point": value} if isinstance(value, str | int | float) else value


PointItem = Annotated[Point, BeforeValidator(_point_from_text, json_schema_input_type=str | Point)]


class Judgement(_Model):
    area: Line
    grade: Line


class KeyFact(_Model):
    value: Annotated[Line, Field(max_length=24)] = Field(description='The big number, e.g. "87%"')
    label: Line


class Quote(_Model):
    text: Annotated[Paragraphs, AfterValidator(unquoted)] = Field(
        description="Paragraphs separated by a blank line, without quotation marks round them "
        "(the documents add their own; pasted ones are left out)"
    )
    speaker: Line
    role: Line | None = None
    sheet: int | None = Field(
        None,
        ge=1,
        description="Show this quote on the fact sheet, and which paragraph (1 for the first); "
        "by default the sheet shows the first paragraph that does not repeat a finding",
    )

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n\n")

    @field_validator("sheet")
    @classmethod
    def _paragraph_exists(cls, sheet: int | None, info: ValidationInfo) -> int | None:
        count = len(str(info.data.get("text", "")).split("\n\n"))
        if sheet is not None and "text" in info.data and sheet > count:
            raise PydanticCustomError(
                "no_paragraph",
                "is {sheet}, but this quote has {count} paragraph{s}; give a number from 1 "
                "to {count}",
                {"sheet": sheet, "count": count, "s": "" if count == 1 else "s"},
            )
        return sheet


class Labels(_Model):
    """Section headings in place of the defaults for the review's type, in both documents."""

    progress: Line | None = Field(None, description='e.g. "Strengths", "What has improved"')
    concerns: Line | None = Field(None, description='e.g. "Areas for improvement"')
    recommendations: Line | None = None
    next_steps: Line | None = None
    judgements: Line | None = None
    key_facts: Line | None = None
    quotes: Line | None = Field(None, description='e.g. "What the chair said"')


class Contact(_Model):
    name: Line | None = None
    phone: Line | None = None
    email: Email | None = None
    url: Url | None = None


def texts(value: object) -> Iterator[str]:
    """Every string in plain data (a model's dump): what a font must be able to print."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)


class Summary(_Model):
    """One review, summarised: the content of one fact sheet and one briefing."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        defer_build=True,
        title="Precis review summary",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    title: Line = Field(description="The headline")
    subject: Line = Field(description="The organisation or service reviewed")
    review: Review
    summary: Paragraphs = Field(description="A one-paragraph lede")
    judgements: Items[Judgement] = []
    progress: Items[PointItem] = Field([], description="What has improved")
    concerns: Items[PointItem] = Field([], description="What still needs to improve")
    recommendations: Items[PointItem] = []
    key_facts: Items[KeyFact] = []
    quotes: Items[Quote] = []
    next_steps: Items[Line] = []
    contact: Contact | None = None
    marking: Line | None = Field(None, description="Protective marking, e.g. OFFICIAL")
    labels: Labels | None = Field(
        None, description="Section headings, when the defaults for the review's type do not suit"
    )
    language: LanguageTag = Field(
        DEFAULT_LANGUAGE,
        description="The summary's language as a BCP 47 tag (en-GB, cy): both documents' "
        "labels, dates and declared language",
    )

    @property
    def unnamed_subject(self) -> str | None:
        """The subject, for a line under the title, unless the title already names it."""
        return None if self.subject.casefold() in self.title.casefold() else self.subject

    @field_validator("quotes")
    @classmethod
    def _one_quote_on_the_sheet(cls, quotes: list[Quote]) -> list[Quote]:
        chosen = [n for n, quote in enumerate(quotes, 1) if quote.sheet is not None]
        if len(chosen) > 1:
            raise PydanticCustomError(
                "sheet_quotes",
                "quotes {chosen} each have `sheet:`, but the fact sheet shows one quote; keep "
                "`sheet:` on one of them",
                {"chosen": " and ".join(map(str, chosen))},
            )
        return quotes

    @model_validator(mode="after")
    def _has_findings(self) -> Summary:
        if not (self.progress or self.concerns or self.judgements or self.recommendations):
            raise PydanticCustomError(
                "no_findings",
                "has no findings; add at least one entry to `progress`, `concerns`, "
                "`judgements` or `recommendations`",
            )
        return self

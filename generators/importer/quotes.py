"""Every quotation in a release, with its speaker, without its quotation marks.

The shapes releases print, all handled here:

- an attribution on a line of its own ("… said:") and the quote in the paragraphs after it,
  each opened with a quotation mark and only the last closed;
- the quote inside the attributing paragraph ("Martin Jones, …, said: “…”"), or starting in
  the middle of a sentence ("Mr Clarke said, “appropriate care …");
- the attribution after the quote ("…,” said Andy Cooke, …") or in the sentence before it
  ("…, he added. “…");
- paragraphs run together on one line, each still opened with “ (as some aggregators print);
- a quote printed with no quotation marks at all after a "… said:" line: its paragraphs run
  to the next attribution, heading or quotation, and the draft asks for a check of where it
  ends.

A quoted phrase with no one attributed ("‘Some stability’", a report's words) is not a quote.
"""
# ruff: noqa: RUF001, RUF002 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .paragraphs import is_item
from .speakers import VERB, Speaker, parse

OPENING = '“"'
CLOSING = '”"'
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”’\"]?\s+(?=[A-Z“\"‘])")
_RUN_TOGETHER = re.compile(r"(?<=[.!?…])\s+“")
_NOTES = re.compile(r"^(?:notes?(?:\s+to|\s+for)?\s+editors?|ends|-ends-|notes)\b", re.I)
_MIN_WORDS = 8
"""A quoted phrase shorter than this, unattributed in its own sentence, is not a quote."""


@dataclass
class Quote:
    speaker: Speaker
    paragraphs: list[str] = field(default_factory=list)
    unmarked: bool = False
    """Printed without quotation marks: where it ends is a guess."""
    source: set[int] = field(default_factory=set)
    """The paragraphs it was found in."""


@dataclass(frozen=True)
class _Span:
    start: int  # index of the opening mark
    end: int | None  # index of the closing mark, None if the paragraph ends the quote open
    text: str


def _spans(paragraph: str) -> list[_Span]:
    """The quoted stretches of a paragraph, opening mark to closing mark (or its end)."""
    spans = []
    index = 0
    while index < len(paragraph):
        char = paragraph[index]
        opens = char == "“" or (
            char == '"' and (index == 0 or paragraph[index - 1] in " (:,—–-\u00a0")
        )
        if not opens:
            index += 1
            continue
        closing = "”" if char == "“" else '"'
        end = paragraph.find(closing, index + 1)
        if char == "“":  # a quote mark that opens again before it closes starts a new paragraph
            straight = paragraph.find('"', index + 1)
            end = straight if end < 0 and straight > 0 else end
        stop = None if end < 0 else end
        spans.append(_Span(index, stop, paragraph[index + 1 : stop].strip()))
        index = len(paragraph) if end < 0 else end + 1
    return spans


def _sentence_before(paragraph: str, position: int) -> tuple[str, str]:
    """The sentence that a quote at `position` opens inside (its words before the quote), and
    the whole sentence before that one."""
    head = paragraph[:position]
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(head))]
    previous = head[bounds[-2] : bounds[-1]] if len(bounds) > 1 else ""
    return head[bounds[-1] :].strip(), previous.strip()


def _attribution_after(paragraph: str, end: int) -> str | None:
    """ "…,” said Andy Cooke, His Majesty’s Inspector." or "…” he added.": the words after a
    closing mark, when they attribute it."""
    tail = paragraph[end + 1 :]
    sentence = re.split(r"(?<=[.!?])\s", tail, maxsplit=1)[0]
    words = sentence.strip(" ,.")
    if not words or not VERB.search(words[:40]):
        return None
    if words.split()[0].lower() in ("said", "says", "added", "he", "she", "they") or re.match(
        rf"^[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,3}}\s+{VERB.pattern}", words
    ):
        return words
    return None


def _text(span_text: str) -> list[str]:
    """A quoted stretch as paragraphs: marks that open new paragraphs inside one line split
    it; a comma before an attribution ends the quote as a full stop."""
    text = span_text.strip().strip('“”"').strip()
    if text.endswith(","):
        text = text[:-1] + "."
    return [part.strip().strip('“”"').strip() for part in _RUN_TOGETHER.split(text) if part]


def _is_intro(paragraph: str) -> bool:
    return paragraph.rstrip().endswith(":") and bool(VERB.search(paragraph))


def _stops_unmarked(paragraph: str) -> bool:
    """Where a quote printed without quotation marks must end."""
    words = paragraph.split()
    return (
        is_item(paragraph)
        or paragraph[:1] in OPENING
        or _is_intro(paragraph)
        or bool(_NOTES.match(paragraph))
        or (len(words) < 12 and not paragraph.rstrip().endswith((".", "!", "?")))
    )


def find_quotes(paragraphs: list[str]) -> list[Quote]:
    quotes: list[Quote] = []
    people: list[Speaker] = []
    previous_was_quote = False
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if _NOTES.match(paragraph):
            break
        if is_item(paragraph):
            previous_was_quote = False
            index += 1
            continue
        for sentence in _SENTENCE_END.split(paragraph):  # reported speech names people too
            someone = parse(sentence.split("“")[0], people) if VERB.search(sentence) else None
            if someone and someone.resolved is None and someone.role is not None:
                people.append(someone)
        intro = paragraphs[index - 1] if index and _is_intro(paragraphs[index - 1]) else None
        if (
            intro
            and paragraph[:1] not in OPENING
            and not _is_intro(paragraph)
            and (speaker := parse(intro.rsplit(". ", 1)[-1], people))
        ):
            quote = Quote(speaker, unmarked=True)
            while index < len(paragraphs) and not _stops_unmarked(paragraphs[index]):
                quote.paragraphs.append(paragraphs[index])
                quote.source.add(index)
                index += 1
            if quote.paragraphs:
                quotes.append(quote)
                _remember(people, speaker)
                previous_was_quote = False
                continue
        found_here = False
        for span in _spans(paragraph):
            speaker = _speaker_of(paragraph, span, intro, people)
            continues = (
                speaker is None
                and span.start == 0
                and previous_was_quote
                and quotes
                and not quotes[-1].unmarked
            )
            if continues:
                quotes[-1].paragraphs.extend(_text(span.text))
                quotes[-1].source.add(index)
                found_here = True
            elif speaker is not None and span.text:
                long_enough = len(span.text.split()) >= _MIN_WORDS or span.end is None
                if long_enough:
                    quotes.append(Quote(speaker, _text(span.text), source={index}))
                    _remember(people, speaker)
                    found_here = True
        previous_was_quote = found_here and paragraph.rstrip()[-1:] in CLOSING + ".!?"
        index += 1
    return quotes


def _speaker_of(
    paragraph: str, span: _Span, intro: str | None, people: list[Speaker]
) -> Speaker | None:
    current, previous = _sentence_before(paragraph, span.start)
    if current and (VERB.search(current) or current.endswith(":")):
        return parse(current, people)
    if span.end is not None and (after := _attribution_after(paragraph, span.end)):
        return parse(after, people)
    if span.start == 0 and intro:
        return parse(intro.rsplit(". ", 1)[-1], people)
    if previous and VERB.search(previous) and re.search(r"\b(?:he|she)\s+\w+\.?$", previous):
        return parse(previous, people)
    return None


def _remember(people: list[Speaker], speaker: Speaker) -> None:
    if speaker.role is not None and all(p.name != speaker.name for p in people):
        people.append(speaker)

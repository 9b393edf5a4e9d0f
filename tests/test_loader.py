"""Every bad input gets one precise `path:line:col: message` per problem."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from generators.content.loader import load_summary
from generators.content.model import _JUNK
from generators.errors import PrecisError

from .conftest import CONTENT, MINIMAL


def problems(path: Path) -> list[str]:
    with pytest.raises(PrecisError) as caught:
        load_summary(path)
    return [f"{p.line}:{p.col}: {p.message}" for p in caught.value.problems]


def test_durham_summary_loads_faithfully() -> None:
    summary = load_summary(CONTENT / "durham-child-protection.yaml").summary
    assert summary.review.publisher == "HMICFRS"
    assert summary.review.previous_inspection == "2019"
    assert summary.review.url is None and summary.review.published is None
    assert len(summary.concerns) == 3 and len(summary.progress) == 3
    assert summary.quotes[0].speaker == "Andy Cooke"
    assert len(summary.quotes[0].paragraphs) == 3
    assert summary.contact is not None
    assert summary.contact.email == "HMICPressOffice@hmicfrs.gov.uk"


def test_minimal_summary_loads(write: Callable[..., Path]) -> None:
    source = load_summary(write("a-review.yaml", MINIMAL))
    assert source.slug == "a-review"
    assert source.summary.concerns[0].point == "One concern"
    assert source.summary.concerns[0].detail is None


def test_schema_errors_point_at_the_value(write: Callable[..., Path]) -> None:
    path = write(
        "bad.yaml",
        """\
        title: [a, b]
        subjct: Durham
        review:
          publisher: HMICFRS
          published: 2023-02-30
          url: javascript:alert(1)
        summary: A lede.
        concerns: just one
        contact:
          email: not-an-email
        """,
    )
    assert problems(path) == [
        "1:1: `subject` is required; add `subject:`",
        "1:8: `title` must be text, but it is a list",
        "2:1: unknown key `subjct`; did you mean `subject`? Allowed here: title, subject, review, "
        "summary, judgements, progress, concerns, recommendations, key_facts, quotes, "
        "next_steps, contact, marking, labels, language",
        "4:3: `review.title` is required; add `title:` under `review`",
        "5:14: `review.published`: `2023-02-30` is not a real date; check the day and month",
        "6:8: `review.url` must be a web address starting with https:// or http:// "
        "(got `javascript:alert(1)`)",
        "8:11: `concerns` must be a list, but it is text; put each entry on its own line "
        "starting with `- `",
        "10:10: `contact.email` must be an email address such as press.office@example.gov.uk: "
        "An email address must have an @-sign",
    ]


def test_dates_must_be_iso(write: Callable[..., Path]) -> None:
    path = write(
        "d.yaml",
        MINIMAL.replace("  publisher: HMICFRS", "  publisher: HMICFRS\n  published: 5 March 2024"),
    )
    assert problems(path) == [
        "6:14: `review.published` must be a date written YYYY-MM-DD, e.g. 2024-03-15 "
        "(got `5 March 2024`)"
    ]


def test_yaml_11_words_stay_text(write: Callable[..., Path]) -> None:
    path = write("words.yaml", MINIMAL.replace("One concern", "NO") + "next_steps: [yes, off]\n")
    summary = load_summary(path).summary
    assert summary.concerns[0].point == "NO"
    assert summary.next_steps == ["yes", "off"]


def test_null_in_list_is_reported(write: Callable[..., Path]) -> None:
    path = write("n.yaml", MINIMAL + "next_steps: [yes, ~]\n")
    assert problems(path) == ["9:19: `next_steps[1]` must be text, but it is empty"]


def test_unknown_nested_key_suggests(write: Callable[..., Path]) -> None:
    path = write("n.yaml", MINIMAL.replace("  publisher: HMICFRS", "  publsher: HMICFRS"))
    assert problems(path) == [
        "4:3: `review.publisher` is required; add `publisher:` under `review`",
        "5:3: unknown key `publsher`; did you mean `publisher`? Allowed here: title, publisher, "
        "publisher_full, type, published, previous_inspection, url",
    ]


def test_no_findings(write: Callable[..., Path]) -> None:
    path = write("n.yaml", MINIMAL.replace("concerns:\n  - One concern\n", ""))
    assert problems(path) == [
        "1:1: this summary has no findings; add at least one entry to `progress`, `concerns`, "
        "`judgements` or `recommendations`"
    ]


def test_empty_text_is_refused(write: Callable[..., Path]) -> None:
    path = write("n.yaml", MINIMAL.replace("summary: A lede.", 'summary: "  "'))
    assert problems(path) == ["6:10: `summary` is empty; write the text or remove the key"]


def test_field_too_long(write: Callable[..., Path]) -> None:
    path = write("n.yaml", MINIMAL.replace("title: A headline", "title: " + "x" * 1500))
    assert problems(path) == [
        "1:8: `title` is 1,500 characters, over the limit of 1,000; shorten it"
    ]


def test_control_characters_in_escapes_are_removed(write: Callable[..., Path]) -> None:
    path = write(
        "c.yaml", MINIMAL.replace("title: A headline", 'title: "A\\x07 head\\u200bline\\x00"')
    )
    assert load_summary(path).summary.title == "A head\u200bline"


def test_bad_slug_suggests_a_name(write: Callable[..., Path]) -> None:
    path = write("Durham Review_2024.yaml", MINIMAL)
    assert problems(path) == [
        "1:1: file name `Durham Review_2024.yaml` is not a valid slug (lowercase letters, digits "
        "and hyphens); rename it to `durham-review-2024.yaml`"
    ]


def test_markup_is_kept_as_text(write: Callable[..., Path]) -> None:
    path = write("m.yaml", MINIMAL.replace("title: A headline", 'title: "<b>x</b> & a < b"'))
    assert load_summary(path).summary.title == "<b>x</b> & a < b"


def test_whitespace_is_folded_and_paragraphs_kept(write: Callable[..., Path]) -> None:
    path = write(
        "w.yaml",
        MINIMAL + "quotes:\n  - speaker: S\n    text: |\n      one\n      line\n\n\n      two\n",
    )
    assert load_summary(path).summary.quotes[0].paragraphs == ["one line", "two"]


def test_the_junk_pattern_is_exactly_controls_surrogates_and_non_characters() -> None:
    """The model's one regular expression against the definition it stands for."""

    def junk(char: str) -> bool:
        code = ord(char)
        return char not in "\t\n\x85\u2028\u2029" and (
            unicodedata.category(char) in ("Cc", "Cs")
            or 0xFDD0 <= code <= 0xFDEF
            or code & 0xFFFE == 0xFFFE
        )

    every = (chr(code) for code in range(0x110000))
    assert [c for c in every if bool(_JUNK.fullmatch(c)) != junk(c) and c != "\t"] == []


def test_a_long_key_fact_value_says_characters_not_items(write: Callable[..., Path]) -> None:
    """Found by the property tests: pydantic's message spoke of "items" for text."""
    path = write("k.yaml", MINIMAL + 'key_facts:\n  - value: "' + "9" * 30 + '"\n    label: x\n')
    assert problems(path) == [
        "10:12: `key_facts[0].value` is 30 characters, over the limit of 24; a key fact's value "
        "is the big figure (87%, 1 in 4): put the words in `label`"
    ]


@pytest.mark.parametrize("style", [">", "plain", '"'])
def test_a_blank_line_starts_a_paragraph_in_every_style(
    style: str, write: Callable[..., Path]
) -> None:
    """Found by the fidelity fixtures: YAML folds a blank line to one line break in folded,
    plain and quoted text, and the second paragraph of a `>` detail ran into the first."""
    body = {
        ">": "summary: >\n  First line\n  goes on.\n\n  Second.\n",
        "plain": "summary: First line\n  goes on.\n\n  Second.\n",
        '"': 'summary: "First line\n  goes on.\n\n  Second."\n',
    }[style]
    text = MINIMAL.replace("summary: A lede.\n", body)
    assert load_summary(write("a.yaml", text)).summary.summary == "First line goes on.\n\nSecond."


def test_a_literal_block_keeps_its_line_breaks_within_a_paragraph(
    write: Callable[..., Path],
) -> None:
    text = MINIMAL.replace(
        "summary: A lede.\n", "summary: |\n  First line\n  goes on.\n\n  Second.\n"
    )
    assert load_summary(write("a.yaml", text)).summary.summary == "First line goes on.\n\nSecond."

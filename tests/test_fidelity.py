"""Content fidelity: every field of every summary reaches the document meant to show it, in
order, under the right heading; read back with pdftotext and python-docx, and checked against
what the summary says (tests/fidelity.py), never against what Precis made before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generators.build import render_summary
from generators.content.addresses import EMAIL_HEADER_CHARACTERS
from generators.content.loader import load_summary
from generators.formats import FORMATS
from generators.theme.model import Theme

from .conftest import FITTING, rendered_once
from .fidelity import (
    briefing_sections,
    count,
    docx_header_footer,
    docx_text,
    flat,
    missing,
    pdf_text,
    sheet_sections,
)


@pytest.fixture(scope=rendered_once, params=FITTING, ids=lambda p: p.stem)
def documents(request: pytest.FixtureRequest, theme: Theme) -> tuple[Any, bytes, bytes]:
    summary = load_summary(request.param).summary
    return summary, FORMATS["pdf"].render(summary, theme), FORMATS["docx"].render(summary, theme)


def test_the_sheet_shows_every_field_under_its_heading(documents: tuple[Any, bytes, bytes]) -> None:
    summary, pdf, _ = documents
    assert missing(pdf_text(pdf), sheet_sections(summary)) == []


def test_the_briefing_shows_every_field_under_its_heading(
    documents: tuple[Any, bytes, bytes],
) -> None:
    summary, _, data = documents
    assert missing(docx_text(data), briefing_sections(summary)) == []


def test_the_marking_is_at_the_top_and_bottom_of_both(documents: tuple[Any, bytes, bytes]) -> None:
    summary, pdf, data = documents
    header, footer = docx_header_footer(data)
    marking = (summary.marking or "").upper()
    if not marking:
        assert count(pdf_text(pdf), "OFFICIAL") == 0
        assert flat(header) == ""
        return
    text = flat(pdf_text(pdf))
    assert count(text, marking) == 2
    assert text.startswith(flat(marking)) and text.endswith(flat(marking))
    assert flat(marking) in flat(header)
    assert flat(marking) in flat(footer)


def test_the_check_finds_what_is_not_there() -> None:
    """The checker itself can fail: a dropped, reordered or mislabelled text is reported."""
    from .fidelity import Section

    text = "What has improved\nFirst\nSecond\nWhat still needs to improve\nThird"
    improved = Section("What has improved", ["First", "Second"])
    concerns = Section("What still needs to improve", ["Third"])
    assert missing(text, [improved, concerns]) == []
    assert missing(text, [Section("What has improved", ["Second", "First"]), concerns]) == [
        "'First' is missing under 'What has improved'"
    ]
    assert missing(text, [Section("What has improved", ["Third"]), concerns]) == [
        "'Third' is missing under 'What has improved'"
    ]
    assert missing(text, [Section("Next steps", ["First"])]) == ["heading 'Next steps' is missing"]


# Hypothesis-made summaries: text a reader could type, in the font's repertoire, so that what
# is missing is missing from the document, not from the PDF's text layer.
letters = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéŵŷæøåßçñ0123456789")
HEADINGS = {"Judgements", "Recommendations", "Source", "Summary", "Contact", "Key", "Next", "What"}
"""Words of the documents' own headings: text that held one would be read as the heading."""
word = st.text(letters, min_size=1, max_size=10).filter(lambda w: not any(h in w for h in HEADINGS))
words = st.lists(word, min_size=1, max_size=8).map(" ".join)
sentence = st.tuples(words, st.sampled_from(["", ".", "!", "?", ";", ","])).map("".join)
paragraphs = st.lists(sentence, min_size=1, max_size=3).map("\n\n".join)
point = st.one_of(
    sentence, st.fixed_dictionaries({"point": sentence}, optional={"detail": paragraphs})
)


def few(strategy: st.SearchStrategy[Any], most: int = 5) -> st.SearchStrategy[list[Any]]:
    return st.lists(strategy, max_size=most)


addresses = st.emails().filter(lambda e: not set(e) & set(EMAIL_HEADER_CHARACTERS))
"""Addresses a summary may give: none with a character a mailto: link reads as a header."""

made = st.fixed_dictionaries(
    {
        "title": sentence,
        "subject": words,
        "review": st.fixed_dictionaries(
            {"title": sentence, "publisher": words},
            optional={
                "publisher_full": sentence,
                "type": words,
                "published": st.dates().map(str),
                "previous_inspection": words,
                "url": st.just("https://example.org/report"),
            },
        ),
        "summary": paragraphs,
        "concerns": st.lists(point, min_size=1, max_size=6),
    },
    optional={
        "progress": few(point, 8),
        "recommendations": few(point),
        "judgements": few(st.fixed_dictionaries({"area": words, "grade": words})),
        "key_facts": few(
            st.fixed_dictionaries(
                {"value": st.text(letters, min_size=1, max_size=8), "label": words}
            )
        ),
        "quotes": few(
            st.fixed_dictionaries(
                {"text": paragraphs, "speaker": words}, optional={"role": sentence}
            ),
            3,
        ),
        "next_steps": few(sentence),
        "contact": st.fixed_dictionaries(
            {}, optional={"name": words, "phone": st.just("020 7946 0000"), "email": addresses}
        ),
        "marking": st.sampled_from(["OFFICIAL", "OFFICIAL-SENSITIVE"]),
    },
)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=made)
def test_any_summary_reaches_both_documents_in_full(
    data: dict[str, Any], theme: Theme, tmp_path_factory: Any
) -> None:
    path = tmp_path_factory.mktemp("made", numbered=True) / "made.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = render_summary(path, None, theme, ["pdf", "docx"])
    summary = load_summary(path).summary
    assert "docx" in result.rendered, result.problems
    assert missing(docx_text(result.rendered["docx"]), briefing_sections(summary)) == []
    if "pdf" not in result.rendered:  # only ever because it is too long for one page
        assert [p.message.split(" mm ")[0][:14] for p in result.problems] == ["fact sheet is "]
        assume(False)
    assert missing(pdf_text(result.rendered["pdf"]), sheet_sections(summary)) == []


def test_fixtures_cover_the_shapes(tmp_path: Path) -> None:
    """The shapes the fidelity tests must see at least once among the fixtures."""
    summaries = [load_summary(path).summary for path in FITTING]
    assert any(len(s.quotes) >= 3 for s in summaries)
    assert any(len(s.quotes) == 2 for s in summaries)
    assert any(len(q.paragraphs) > 1 for s in summaries for q in s.quotes)
    assert any(len(s.concerns) >= 4 and not s.progress for s in summaries)  # both columns
    assert any(len(p.detail.split("\n\n")) > 1 for s in summaries for p in s.concerns if p.detail)
    assert any(s.recommendations and s.next_steps for s in summaries)
    assert any(s.marking for s in summaries) and any(s.contact for s in summaries)

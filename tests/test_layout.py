"""The fact sheet's design, measured on the page with pdfplumber: one type scale for every
sheet, columns that end level, no one-word last lines, even rows of key facts with level
labels, the quote and headings the summary chooses, typographic punctuation and a date."""

# ruff: noqa: RUF001 -- typographic quotes and dashes are what these tests look for

from __future__ import annotations

import dataclasses
import io
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from typer.testing import CliRunner

from generators.cli import app
from generators.content.loader import load_summary
from generators.content.model import Summary
from generators.formats import FORMATS
from generators.theme.model import Colours, Theme

from .conftest import FITTING, MINIMAL, SUMMARIES, rendered_once
from .fidelity import flat, headings, pdf_text

Word = dict[str, Any]


@pytest.fixture(scope=rendered_once, params=FITTING, ids=lambda p: p.stem)
def sheet(request: pytest.FixtureRequest, theme: Theme) -> tuple[Summary, list[Word], float]:
    summary = load_summary(request.param).summary
    with pdfplumber.open(io.BytesIO(FORMATS["pdf"].render(summary, theme))) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)
        return summary, words, float(page.width)


def render_words(summary: Summary, theme: Theme) -> list[Word]:
    with pdfplumber.open(io.BytesIO(FORMATS["pdf"].render(summary, theme))) as pdf:
        return pdf.pages[0].extract_words(extra_attrs=["size", "fontname"])


def lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines by their top, left to right."""
    grouped: dict[int, list[Word]] = {}
    for word in words:
        grouped.setdefault(round(word["top"]), []).append(word)
    return [sorted(grouped[top], key=lambda w: w["x0"]) for top in sorted(grouped)]


def paragraphs(words: list[Word]) -> Iterator[list[list[Word]]]:
    """Lines grouped into paragraphs: a gap wider than one and a half lines starts a new one."""
    current: list[list[Word]] = []
    for line in lines(words):
        if current and line[0]["top"] - current[-1][0]["bottom"] > line[0]["size"] * 0.6:
            yield current
            current = []
        current.append(line)
    if current:
        yield current


def body_size(summary: Summary, words: list[Word]) -> float:
    """The size of the first finding's words: the sheet's body text."""
    item = (summary.concerns or summary.progress or summary.recommendations)[0]
    text = item.detail or item.point
    first = next(w for w in words if flat(w["text"]) == flat(text.split()[0]))
    return float(round(first["size"], 2))


def test_one_type_scale_for_every_sheet(
    sheet: tuple[Summary, list[Word], float], theme: Theme
) -> None:
    """Body text at the theme's size, or half a point less at a time when the sheet is long;
    never grown to fill the page, never below the minimum."""
    summary, words, _ = sheet
    sizes = theme.settings.sizes
    ladder = {sizes.body - 0.5 * n for n in range(int((sizes.body - sizes.min_body) / 0.5) + 1)}
    assert body_size(summary, words) in ladder
    assert max(w["size"] for w in words) <= sizes.headline + 0.01


@pytest.mark.parametrize(
    "name", ["durham-child-protection", "minimal", "two-quotes", "hmip-hmp-bristol-review-2024"]
)
def test_short_sheets_keep_the_theme_s_sizes(name: str, theme: Theme) -> None:
    path = next(p for p in FITTING if p.stem == name)
    summary = load_summary(path).summary
    words = render_words(summary, theme)
    assert body_size(summary, words) == theme.settings.sizes.body
    assert round(max(w["size"] for w in words), 2) == theme.settings.sizes.headline


def test_no_text_under_8pt(sheet: tuple[Summary, list[Word], float]) -> None:
    assert min(w["size"] for w in sheet[1]) >= 8 - 0.01


def test_no_one_word_last_line_in_headline_or_lede(
    sheet: tuple[Summary, list[Word], float],
) -> None:
    summary, words, _ = sheet
    top = max(w["size"] for w in words)
    headline = [w for w in words if abs(w["size"] - top) < 0.01]
    lede_size = next(
        w["size"] for w in words if flat(w["text"]) == flat(summary.summary.split()[0])
    )
    lede = [
        w for w in words if abs(w["size"] - lede_size) < 0.01 and w["top"] > headline[-1]["top"]
    ]
    for part, name in ((headline, "headline"), (lede, "lede")):
        for paragraph in paragraphs(part):
            if len(paragraph) > 1:
                assert len(paragraph[-1]) > 1, (name, [w["text"] for w in paragraph[-1]])


def test_headline_lines_are_even(sheet: tuple[Summary, list[Word], float]) -> None:
    """Balanced: the headline's last line is at least half as long as its longest."""
    words = sheet[1]
    top = max(w["size"] for w in words)
    rows = lines([w for w in words if abs(w["size"] - top) < 0.01])
    widths = [row[-1]["x1"] - row[0]["x0"] for row in rows]
    if len(widths) > 1:
        assert widths[-1] >= max(widths) / 2, widths


def test_a_bold_lead_never_leaves_its_last_word_alone(
    sheet: tuple[Summary, list[Word], float],
) -> None:
    summary, words, _ = sheet
    for item in [*summary.progress, *summary.concerns, *summary.recommendations]:
        lead = item.point.split()
        if len(lead) < 2 or not item.detail:
            continue
        last = [w for w in words if w["text"] == lead[-1] and "Bold" in w["fontname"]]
        before = [w for w in words if w["text"] == lead[-2] and "Bold" in w["fontname"]]
        if last and before:
            assert any(abs(a["top"] - b["top"]) < 1 for a in last for b in before), item.point


def list_regions(summary: Summary, words: list[Word]) -> list[tuple[float, float]]:
    """The vertical spans under each list heading, to the next heading, quote or footer."""
    wanted = {
        flat(headings(summary)[k])
        for k in ("progress", "concerns", "recommendations", "next_steps")
    }
    every = {flat(h) for h in headings(summary).values()}
    starts, ends = [], []
    for line in lines(words):
        text = flat("".join(w["text"] for w in line))
        if any(text.startswith(h) for h in wanted):
            starts.append(line[0]["bottom"])
        if any(text.startswith(h) for h in every) or text.startswith((flat("“"), flat("Source:"))):
            ends.append(line[0]["top"])
    return [(start, min([e for e in ends if e > start], default=1e9)) for start in starts]


def test_columns_end_within_two_lines(sheet: tuple[Summary, list[Word], float]) -> None:
    """Side by side, or one list flowing down two columns: the columns end within about
    two lines of each other (two lines, and the space between two items)."""
    summary, words, width = sheet
    line = body_size(summary, words) * 1.3
    middle = width / 2
    for start, end in list_regions(summary, words):
        inside = [w for w in words if start < w["top"] < end]
        if any(w["x0"] < middle < w["x1"] for w in inside):
            continue  # a word across the middle: one column, across the page
        left = [w["bottom"] for w in inside if w["x1"] < middle]
        right = [w["bottom"] for w in inside if w["x0"] > middle]
        if left and right:
            assert abs(max(left) - max(right)) <= 2 * line + 7, (start, max(left), max(right))


def key_fact_summary(values: list[str], write: Callable[..., Path]) -> Summary:
    facts = "".join(
        f"  - {{value: '{v}', label: what figure {n} measures}}\n" for n, v in enumerate(values)
    )
    return load_summary(write("facts.yaml", MINIMAL + "key_facts:\n" + facts)).summary


@pytest.mark.parametrize(
    ("count", "rows"), [(4, [4]), (5, [3, 2]), (6, [3, 3]), (7, [4, 3]), (8, [4, 4])]
)
def test_key_facts_set_in_even_rows(
    count: int, rows: list[int], theme: Theme, write: Callable[..., Path]
) -> None:
    values = [f"{n + 1}{n + 1}%" for n in range(count)]
    words = render_words(key_fact_summary(values, write), theme)
    figures = [next(w for w in words if w["text"] == v) for v in values]
    tops = sorted({round(f["top"]) for f in figures})
    assert [sum(1 for f in figures if round(f["top"]) == t) for t in tops] == rows


def test_figures_stay_on_one_line_and_labels_start_level(
    theme: Theme, write: Callable[..., Path]
) -> None:
    """Numbers with their units never wrap ("£196.2 / billion"), and in a row every label
    starts at one height, with a gutter between the figures."""
    values = ["£196.2 billion", "Just under 1,500", "87%", "1 in 4"]
    words = render_words(key_fact_summary(values, write), theme)
    for value in values:
        parts = value.split()
        found = [w for w in words if w["text"] in parts and w["size"] > 12]
        assert len({round(w["top"]) for w in found}) == 1, value
    labels = [w for w in words if w["text"] == "what"]
    rows = sorted({round(w["top"]) for w in labels})
    assert len(labels) == 4 and len(rows) in (1, 2)  # four across, or two by two
    assert all(sum(1 for w in labels if round(w["top"]) == top) == 4 // len(rows) for top in rows)
    figures = [w for w in words if w["size"] > 12]
    spans = [
        (
            round(next(w for w in figures if w["text"] == value.split()[0])["top"]),
            next(w for w in figures if w["text"] == value.split()[0])["x0"],
            next(w for w in figures if w["text"] == value.split()[-1])["x1"],
        )
        for value in values
    ]
    beside = [(a, b) for a, b in itertools.pairwise(spans) if a[0] == b[0]]
    assert beside and all(b[1] - a[2] > 8 for a, b in beside), spans


def test_the_summary_chooses_the_quote_and_paragraph(
    theme: Theme, write: Callable[..., Path]
) -> None:
    text = MINIMAL + (
        "quotes:\n"
        "  - speaker: First Speaker\n    text: Words of praise.\n"
        "  - speaker: Second Speaker\n    sheet: 2\n"
        "    text: |\n      Not this.\n\n      This one.\n"
    )
    summary = load_summary(write("q.yaml", text)).summary
    shown = flat(pdf_text(FORMATS["pdf"].render(summary, theme)))
    assert flat("“This one.”") in shown and flat("Second Speaker") in shown
    assert flat("Not this") not in shown and flat("Words of praise") not in shown


def test_by_default_the_quote_that_does_not_repeat_a_finding(
    theme: Theme, write: Callable[..., Path]
) -> None:
    repeated = "Response times in rural areas were far too slow for the people who live there"
    text = MINIMAL.replace("  - One concern\n", f"  - {repeated}\n") + (
        "quotes:\n"
        f"  - speaker: First Speaker\n    text: {repeated}.\n"
        "  - speaker: Second Speaker\n    text: We will act on every finding.\n"
    )
    summary = load_summary(write("q.yaml", text)).summary
    shown = flat(pdf_text(FORMATS["pdf"].render(summary, theme)))
    assert flat("“We will act on every finding.”") in shown
    assert flat("First Speaker") not in shown


@pytest.mark.parametrize(
    ("review_type", "progress", "concerns"),
    [
        ("Post-inspection review", "What has improved", "What still needs to improve"),
        ("PEEL inspection", "Strengths", "Areas for improvement"),
        ("Value for money report", "What is working well", "What needs to improve"),
        ("Urgent notification", "Strengths", "Causes of concern"),
    ],
)
def test_section_labels_suit_the_kind_of_review(
    review_type: str, progress: str, concerns: str, theme: Theme, write: Callable[..., Path]
) -> None:
    text = MINIMAL.replace(
        "  publisher: HMICFRS\n", f"  publisher: HMICFRS\n  type: {review_type}\n"
    )
    text += "progress:\n  - One strength\n"
    summary = load_summary(write("k.yaml", text)).summary
    shown = flat(pdf_text(FORMATS["pdf"].render(summary, theme)))
    assert flat(progress) in shown and flat(concerns) in shown


def test_the_summary_s_own_labels_win(theme: Theme, write: Callable[..., Path]) -> None:
    text = MINIMAL + "labels:\n  concerns: What the auditors found\n"
    summary = load_summary(write("l.yaml", text)).summary
    shown = flat(pdf_text(FORMATS["pdf"].render(summary, theme)))
    assert flat("What the auditors found") in shown
    assert flat("Areas for improvement") not in shown


def test_pasted_quotes_and_hyphens_are_set_typographically(
    theme: Theme, write: Callable[..., Path]
) -> None:
    """On the sheet; the model, and the editable briefing, keep the author's text."""
    text = MINIMAL.replace("A lede.", "|\n  \"Rated 'Good' - at last,\" they said.")
    summary = load_summary(write("t.yaml", text)).summary
    assert summary.summary == "\"Rated 'Good' - at last,\" they said."
    shown = pdf_text(FORMATS["pdf"].render(summary, theme))
    assert "“Rated ‘Good’ – at last,” they said." in " ".join(shown.split())
    briefing = FORMATS["docx"].render(summary, theme)
    from .fidelity import docx_text

    assert "\"Rated 'Good' - at last,\" they said." in docx_text(briefing)


def test_the_date_is_in_the_band_and_the_footer(theme: Theme, write: Callable[..., Path]) -> None:
    text = MINIMAL.replace(
        "  publisher: HMICFRS\n", "  publisher: HMICFRS\n  published: 2024-03-05\n"
    )
    summary = load_summary(write("d.yaml", text)).summary
    words = render_words(summary, theme)
    dates = [w for w in words if w["text"] == "March"]
    assert len(dates) == 2
    assert dates[0]["top"] < 100 < 700 < dates[1]["top"]  # points from the top of the page


def test_check_warns_when_the_date_is_missing(write: Callable[..., Path]) -> None:
    path = write("n.yaml", MINIMAL)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0
    assert (
        f"{path}:3:1: warning: `review.published` is missing; add the date the report was "
        "published (YYYY-MM-DD): it is how two reviews of one place are told apart"
    ) in result.stderr


ROLE_COLOURS = {
    name: f"#{10 + 9 * n:02x}{20 + 7 * n:02x}{30 + 5 * n:02x}"
    for n, name in enumerate(
        [
            "text",
            "muted",
            "background",
            "band",
            "band_text",
            "accent",
            "improved",
            "concern",
            "rule",
            "panel",
            "link",
            "marking",
        ]
    )
}
"""A theme colour of its own for every role, so a part drawn in another role's colour shows."""

SECTION_COLOURS = {
    "progress": "improved",
    "concerns": "concern",
    "recommendations": "accent",
    "next_steps": "accent",
    "judgements": "accent",
}
"""The colour of the rule over each section's heading, as the default theme file says."""


def colour_of(pdf_colour: object) -> str | None:
    """The role whose colour a PDF colour is, if any."""
    if not isinstance(pdf_colour, (tuple, list)) or len(pdf_colour) != 3:
        return None
    hex_colour = "#" + "".join(f"{round(float(c) * 255):02x}" for c in pdf_colour)
    return next((role for role, value in ROLE_COLOURS.items() if value == hex_colour), hex_colour)


def in_role_colours(name: str, theme: Theme) -> tuple[Summary, list[Word], list[Word], float]:
    """A test summary's sheet in ROLE_COLOURS: its words with their colour, its filled
    rectangles, and the page's width."""
    colours = Colours(**ROLE_COLOURS)
    themed = dataclasses.replace(
        theme, settings=theme.settings.model_copy(update={"colours": colours})
    )
    summary = load_summary(SUMMARIES / f"{name}.yaml").summary
    with pdfplumber.open(io.BytesIO(FORMATS["pdf"].render(summary, themed))) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["non_stroking_color"])
        return summary, words, list(page.rects), float(page.width)


@pytest.mark.parametrize("name", ["twelve-findings", "judgements"])
def test_every_part_takes_its_theme_colour(name: str, theme: Theme) -> None:
    """With every theme colour different: the marking, the band and its words, the subject
    line, the headline, lede and findings, the figures, the links, the rule over each
    section's heading and the quote's panel each print in the colour the theme names for it."""
    summary, words, filled, _ = in_role_colours(name, theme)
    rects = [
        (r["top"], r["bottom"], colour_of(r["non_stroking_color"]), r["x0"], r["x1"])
        for r in filled
    ]

    printed = [flat(w["text"]) for w in words]

    def role(text: str) -> set[str | None]:
        """The colours of the words of `text` where they first print in one run."""
        wanted = [flat(w) for w in text.split()]
        at = next(i for i in range(len(printed)) if printed[i : i + len(wanted)] == wanted)
        return {colour_of(w["non_stroking_color"]) for w in words[at : at + len(wanted)]}

    assert role(summary.title) == {"text"}
    assert role(summary.review.publisher_full or summary.review.publisher) == {"band_text"}
    assert summary.review.type and role(summary.review.type) == {
        "muted"
    }  # the line above the title
    if summary.marking:
        assert role(summary.marking) == {"marking"}
    for fact in summary.key_facts:
        assert role(fact.value) == {"accent"}, fact
    if summary.contact and summary.contact.email:
        assert role(summary.contact.email) == {"link"}
    band = next(w for w in words if colour_of(w["non_stroking_color"]) == "band_text")
    assert any(r[0] <= band["top"] and band["bottom"] <= r[1] and r[2] == "band" for r in rects)
    titles = headings(summary)
    for key, wanted in SECTION_COLOURS.items():
        if not getattr(summary, key):
            continue
        heading = next(w for w in words if w["text"] == titles[key].split()[0])
        above = [
            r for r in rects if r[1] <= heading["top"] < r[1] + 12 and r[3] <= heading["x0"] < r[4]
        ]
        assert above and max(above)[2] == wanted, (key, above)
    if summary.quotes:
        assert "panel" in {r[2] for r in rects}


def test_a_long_quote_keeps_whole_sentences_up_to_its_length() -> None:
    """A pull quote is at most WORDS words of whole sentences: one that reaches it exactly is
    kept, one word more is not; the first sentence is kept however long."""
    from generators.formats.factsheet.quote import WORDS, excerpt

    def sentence(words: int) -> str:
        return " ".join(["Word", *["word"] * (words - 2), "end."])

    first, second = sentence(WORDS - 15), sentence(15)
    assert excerpt(f"{first} {second} {sentence(3)}") == f"{first} {second}"
    assert excerpt(f"{first} {sentence(16)}") == first
    assert excerpt(f"{sentence(WORDS + 20)} {second}") == sentence(WORDS + 20)
    figure = "2024 " + sentence(WORDS - 1).lower()  # a sentence may begin with a figure
    assert excerpt(f"{first} {figure}") == first


def test_recommendations_are_numbered_and_next_steps_bulleted_on_the_sheet(theme: Theme) -> None:
    summary = load_summary(SUMMARIES / "twelve-findings.yaml").summary
    text = pdf_text(FORMATS["pdf"].render(summary, theme))
    starts = [line.strip() for line in text.splitlines()]
    for number, item in enumerate(summary.recommendations, 1):
        assert any(line.startswith(f"{number}. {item.point[:30]}") for line in starts), item
    for step in summary.next_steps:
        assert any(line.startswith(f"• {step[:30]}") for line in starts), step


@pytest.mark.parametrize("name", ["twelve-findings", "judgements"])
def test_key_fact_tiles_share_the_full_width_evenly(name: str, theme: Theme) -> None:
    """Each row of figures runs margin to margin, its tiles (the rule over each) of one width."""
    summary, figures, rects, width = in_role_colours(name, theme)
    rules = [r for r in rects if colour_of(r["non_stroking_color"]) == "accent"]
    margin = theme.settings.page.margin_mm * 72 / 25.4
    tops = {
        round(w["top"]) for w in figures if colour_of(w["non_stroking_color"]) == "accent"
    }  # the figures
    rows: dict[int, list[dict[str, Any]]] = {}
    for rule in rules:
        below = [t for t in tops if 0 < t - rule["bottom"] < 20]
        if below and rule["height"] < 2:
            rows.setdefault(round(rule["top"]), []).append(rule)
    assert sum(len(row) for row in rows.values()) == len(summary.key_facts)
    for row in rows.values():
        assert abs(min(r["x0"] for r in row) - margin) < 0.5
        assert abs(max(r["x1"] for r in row) - (width - margin)) < 0.5
        assert max(r["width"] for r in row) - min(r["width"] for r in row) < 0.1


@pytest.mark.parametrize("name", ["twelve-findings", "judgements"])
def test_the_band_holds_the_publisher_at_its_left_and_the_date_at_its_right(
    name: str, theme: Theme
) -> None:
    summary, words, rects, _ = in_role_colours(name, theme)
    band = next(r for r in rects if colour_of(r["non_stroking_color"]) == "band")
    inside = [w for w in words if colour_of(w["non_stroking_color"]) == "band_text"]
    left, right = min(w["x0"] for w in inside), max(w["x1"] for w in inside)
    assert abs((left - band["x0"]) - (band["x1"] - right)) < 0.5  # even insets
    first_line = sorted(
        (w for w in inside if abs(w["top"] - inside[0]["top"]) < 1), key=lambda w: w["x0"]
    )
    publisher = (summary.review.publisher_full or summary.review.publisher).split()[0]
    assert flat(first_line[0]["text"]) == flat(publisher)
    published = summary.review.published
    assert published and flat(first_line[-1]["text"]) == str(published.year)

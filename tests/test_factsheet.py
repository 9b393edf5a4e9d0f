"""The fact sheet, read back with real PDF tools: one page, inside the margins, readable, linked."""

from __future__ import annotations

import io
import itertools
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote

import docx
import pdfplumber
import pypdf
import pytest
import yaml
from pypdf.generic import BooleanObject, DictionaryObject

from generators.build import render_summary
from generators.content.loader import load_summary
from generators.content.model import Summary
from generators.errors import CannotRender
from generators.formats import FORMATS
from generators.formats.factsheet.styles import MM
from generators.theme.model import Theme

from .conftest import FITTING, MINIMAL, SUMMARIES, rendered_once, tool
from .fidelity import pdf_text

TOLERANCE = 0.5  # points


@pytest.fixture(scope=rendered_once, params=FITTING, ids=lambda p: p.stem)
def sheet(request: pytest.FixtureRequest, theme: Theme) -> tuple[Summary, bytes]:
    summary = load_summary(request.param).summary
    return summary, FORMATS["pdf"].render(summary, theme)


def test_exactly_one_page(sheet: tuple[Summary, bytes]) -> None:
    assert len(pypdf.PdfReader(io.BytesIO(sheet[1])).pages) == 1


def test_every_character_inside_the_margins(sheet: tuple[Summary, bytes], theme: Theme) -> None:
    margin = theme.settings.page.margin_mm * MM
    with pdfplumber.open(io.BytesIO(sheet[1])) as pdf:
        page = pdf.pages[0]
        assert page.chars
        for char in page.chars:
            assert char["x0"] >= margin - TOLERANCE, char
            assert char["x1"] <= page.width - margin + TOLERANCE, char
            assert char["top"] >= margin - TOLERANCE, char
            assert char["bottom"] <= page.height - margin + TOLERANCE, char


def test_no_two_lines_overlap(sheet: tuple[Summary, bytes]) -> None:
    """No word's box intersects another's: lines never collide, in one column or across two."""
    with pdfplumber.open(io.BytesIO(sheet[1])) as pdf:
        words = pdf.pages[0].extract_words(keep_blank_chars=False)
    for a, b in itertools.combinations(words, 2):
        across = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
        down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
        assert across <= TOLERANCE or down <= TOLERANCE, (a["text"], b["text"])


def test_no_text_below_8pt(sheet: tuple[Summary, bytes]) -> None:
    with pdfplumber.open(io.BytesIO(sheet[1])) as pdf:
        sizes = {round(c["size"], 2) for c in pdf.pages[0].chars}
    assert min(sizes) >= 8 - 0.01


def test_metadata_title_author_and_language(sheet: tuple[Summary, bytes]) -> None:
    summary, data = sheet
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    assert reader.metadata.title == summary.title
    assert reader.metadata.author == (summary.review.publisher_full or summary.review.publisher)
    root = reader.root_object
    assert str(root["/Lang"]) == summary.language
    preferences = cast(DictionaryObject, root["/ViewerPreferences"])
    assert preferences["/DisplayDocTitle"] == BooleanObject(True)


def test_links_are_exactly_the_summary_s_addresses(sheet: tuple[Summary, bytes]) -> None:
    """The report, the contact's email and website: each a link, and no other link (a link
    wrapped over lines is one annotation a line). A link holds a URI, so `<` in an address is
    `%3C` there (these summaries' hosts are ASCII; tests/test_links.py has others)."""
    summary, data = sheet
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    uris = sorted({a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])})
    contact = summary.contact
    expected = [summary.review.url, contact and contact.url]
    if contact and contact.email:
        expected.append(f"mailto:{contact.email}")
    assert all(uri.isascii() for uri in uris)
    assert sorted(unquote(uri) for uri in uris) == sorted(url for url in expected if url)


def test_text_reads_back_with_pdftotext(sheet: tuple[Summary, bytes], tmp_path: Path) -> None:
    summary, data = sheet
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(
        [tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())  # pdftotext guesses spaces; compare without them
    assert "".join(summary.review.publisher.split()) in flat
    for finding in summary.concerns + summary.progress:
        assert "".join(finding.point.split()) in flat


def test_every_font_embedded(sheet: tuple[Summary, bytes], tmp_path: Path) -> None:
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(sheet[1])
    rows = subprocess.run(
        [tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", f"{name} is not embedded"
        assert "Lato" in name


def test_markup_prints_literally(theme: Theme) -> None:
    summary = load_summary(SUMMARIES / "markup.yaml").summary
    with pdfplumber.open(io.BytesIO(FORMATS["pdf"].render(summary, theme))) as pdf:
        text = " ".join(pdf.pages[0].extract_text().split())
        bold_chars = [c for c in pdf.pages[0].chars if "bold" in c["fontname"].lower()]
    assert "<b>Not bold</b> & a < b > c" in text
    assert "<script>alert(\u2018x\u2019)</script>" in text  # typographic quotes, not markup
    assert "5 < 6 & 7 > 3" in text
    assert "&amp; entities, <i>tags</i>" in text
    # The headline is bold because it is the headline, not because of the <b> in it.
    assert "<b>Not bold</b> & a < b >c" in "".join(c["text"] for c in bold_chars)


def test_long_url_wraps_inside_the_page(theme: Theme) -> None:
    summary = load_summary(SUMMARIES / "markup.yaml").summary
    assert summary.review.url is not None and len(summary.review.url) > 300
    text = "".join(pdf_text(FORMATS["pdf"].render(summary, theme)).split())  # drawing order
    assert summary.review.url in text


def test_an_address_with_a_quote_mark_is_one_working_link(
    theme: Theme, write: Callable[..., Path]
) -> None:
    """The address sits inside a markup attribute: a `"` in it must not end the attribute
    (the sheet failed to render, found by mutation testing). The sheet shows it as written;
    both documents link to it with the quote mark percent-encoded, as a URI must be."""
    url = 'https://example.org/search?q="response-times"&year=2024'
    encoded = "https://example.org/search?q=%22response-times%22&year=2024"
    text = MINIMAL.replace("  publisher: HMICFRS\n", f"  publisher: HMICFRS\n  url: '{url}'\n")
    result = render_summary(write("q.yaml", text), None, theme, ["pdf", "docx"])
    assert not result.problems
    page = pypdf.PdfReader(io.BytesIO(result.rendered["pdf"])).pages[0]
    assert [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])] == [encoded]
    assert url in "".join(pdf_text(result.rendered["pdf"]).split())
    briefing = docx.Document(io.BytesIO(result.rendered["docx"]))
    assert [r.target_ref for r in briefing.part.rels.values() if r.is_external] == [encoded]


def test_overflow_is_refused_with_the_size_and_the_section(theme: Theme) -> None:
    summary = load_summary(SUMMARIES / "overflow.yaml").summary
    with pytest.raises(CannotRender) as caught:
        FORMATS["pdf"].render(summary, theme)
    assert caught.value.key == "concerns"
    assert caught.value.message.startswith("fact sheet is ")
    assert (
        "mm too long at the smallest size (8 pt body); shorten `concerns` (the longest "
        "section, 9,182 characters)" in caught.value.message
    )


def test_characters_the_font_lacks_are_refused_not_dropped(
    theme: Theme, write: Callable[..., Path]
) -> None:
    """reportlab silently leaves out a character its font has no glyph for."""
    path = write(
        "emoji.yaml",
        MINIMAL.replace("One concern", "Wait times \U0001f600 rose; see \u4e2d\u6587 notes"),
    )
    result = render_summary(path, None, theme, ["pdf", "docx"])
    assert [str(p) for p in result.problems] == [
        f"{path}:7:1: `concerns` has characters the fact sheet's font (Lato) cannot print: "
        "\U0001f600 (U+1F600), \u4e2d (U+4E2D), \u6587 (U+6587); replace them, or choose a "
        "font that has them in the theme"
    ]
    assert list(result.rendered) == ["docx"]  # Word falls back to a font that has them


def test_invisible_and_accented_characters_print(theme: Theme, write: Callable[..., Path]) -> None:
    text = "Zero\u200bwidth, no\u00a0break, \u0175\u0177 Cymraeg, \u0416 \u03a9 \u2013 \u20ac5"
    path = write("accents.yaml", MINIMAL.replace("One concern", text))
    with pdfplumber.open(
        io.BytesIO(FORMATS["pdf"].render(load_summary(path).summary, theme))
    ) as pdf:
        printed = pdf.pages[0].extract_text()
    assert "\u0175\u0177 Cymraeg, \u0416 \u03a9 \u2013 \u20ac5" in printed


def test_invisible_characters_the_font_lacks_leave_no_box(
    theme: Theme, write: Callable[..., Path]
) -> None:
    """Found by the property tests: a right-to-left override (U+202E) was drawn as the font's
    missing-glyph box, and read back as U+0000. Lato lacks it and the isolates; they print
    as nothing, and Word, which can honour them, still gets them."""
    text = "Arrest rate \u202erose\u202c and \u2066fell\u2069 again"
    path = write("bidi.yaml", MINIMAL.replace("One concern", text))
    result = render_summary(path, None, theme, ["pdf", "docx"])
    assert not result.problems
    printed = pypdf.PdfReader(io.BytesIO(result.rendered["pdf"])).pages[0].extract_text()
    assert "Arrest rate rose and fell again" in printed
    assert "\x00" not in printed
    assert text in docx.Document(io.BytesIO(result.rendered["docx"])).element.body.xml


def body_sizes(data: bytes, text: str) -> set[float]:
    """The type sizes of the characters that set `text` (its first word) on the sheet."""
    word = text.split()[0]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    return {round(w["size"], 2) for w in words if w["text"] == word}


def test_type_shrinks_before_refusing(theme: Theme) -> None:
    """A long summary is set smaller than the theme's body size, never below its minimum, read
    from the sheet itself."""
    sizes = theme.settings.sizes
    summary = load_summary(SUMMARIES / "twelve-findings.yaml").summary
    detail = next(p.detail for p in summary.concerns if p.detail)
    assert detail
    found = body_sizes(FORMATS["pdf"].render(summary, theme), detail)
    assert len(found) == 1 and sizes.min_body <= found.pop() < sizes.body


def test_every_sheet_that_fits_is_at_the_minimum_or_larger_and_one_more_line_is_refused(
    theme: Theme, write: Callable[..., Path]
) -> None:
    """Concerns are added one at a time until the sheet is refused: every sheet that fits on
    the way is set at no less than the theme's minimum body size (read from the PDF), not only
    the last, which a condensed sheet at the minimum may be while the sheets before it were
    set smaller; the last is at the minimum, and the next is refused for length."""
    concern = "Plans to keep people safe were late in a third of the cases inspectors read"
    minimum = theme.settings.sizes.min_body
    count, sizes = 4, {}
    while True:
        items = "".join(f"  - {concern} ({n})\n" for n in range(count))
        path = write(f"n{count}.yaml", MINIMAL.replace("  - One concern\n", items))
        try:
            data = FORMATS["pdf"].render(load_summary(path).summary, theme)
        except CannotRender as refused:
            assert refused.key == "concerns" and "mm too long" in refused.message
            break
        found = body_sizes(data, concern)
        assert len(found) == 1
        sizes[count] = found.pop()
        count += 1
        assert count < 100, "never refused"
    assert sizes, "the first sheet already refused"
    assert {n: size for n, size in sizes.items() if size < minimum} == {}
    assert sizes[count - 1] < minimum + 0.25
    body, half_points = theme.settings.sizes.body, int((theme.settings.sizes.body - minimum) * 2)
    ladder = {body - 0.5 * n for n in range(half_points + 1)}
    assert ladder <= {round(size * 2) / 2 for size in sizes.values()}  # every step on the way


def test_each_grade_is_on_its_area_s_row(theme: Theme) -> None:
    """A grade is read beside its area, not merely somewhere on the page: the nearest grade
    word to the left of the area's first word, in its column and row, is that area's grade,
    and it is close by (a chip's width, not the column's)."""
    summary = load_summary(SUMMARIES / "judgements.yaml").summary
    with pdfplumber.open(io.BytesIO(FORMATS["pdf"].render(summary, theme))) as pdf:
        page = pdf.pages[0]
        words, column = page.extract_words(), page.width / 2
    grades = {j.grade.split()[0] for j in summary.judgements}
    below = next(w for w in words if w["text"] == "Judgements")["bottom"]
    for judgement in summary.judgements:
        first = judgement.area.split()[0]
        area = next(w for w in words if w["text"] == first and w["top"] > below)
        row = [
            w
            for w in words
            if w["text"] in grades
            and area["x0"] - column / 2 < w["x0"] < area["x0"]
            and abs(w["top"] - area["top"]) < 16
        ]
        assert row, judgement
        nearest = max(row, key=lambda w: w["x0"])
        assert nearest["text"] == judgement.grade.split()[0], judgement
        assert area["x0"] - nearest["x1"] < 110, judgement  # points: beside, not across


def test_identical_bytes_for_identical_input(theme: Theme) -> None:
    summary = load_summary(SUMMARIES / "twelve-findings.yaml").summary
    assert FORMATS["pdf"].render(summary, theme) == FORMATS["pdf"].render(summary, theme)


@pytest.mark.parametrize("transform", [None, "uppercase"])
@pytest.mark.parametrize(
    "text", ["Plain words", "  spaces at the ends\n and a line break  ", "Ünïcødé \u2013 “quoted”"]
)
def test_plain_text_skips_the_markup_parser_with_the_same_result(
    text: str, transform: str | None, theme: Theme
) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paragraph import Paragraph as ReportlabParagraph

    from generators.formats.factsheet.flowables import Paragraph
    from generators.formats.factsheet.fonts import register_fonts

    fonts = register_fonts(tuple(sorted(theme.fonts.items())))
    style = ParagraphStyle(
        f"plain-{transform}", fontName=fonts.regular, fontSize=9.5, textTransform=transform
    )
    ours = Paragraph(text, style)
    parsed = ReportlabParagraph(text, style)
    assert [vars(f) for f in ours.frags] == [vars(f) for f in parsed.frags]


def rgb(hex_colour: str) -> tuple[float, ...]:
    """A theme's #rrggbb as the 0-1 fractions a PDF writes."""
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def same_colour(pdf_colour: object, hex_colour: str) -> bool:
    wanted = rgb(hex_colour)
    return (
        isinstance(pdf_colour, (tuple, list))
        and len(pdf_colour) == 3
        and all(abs(float(a) - b) < 1 / 255 for a, b in zip(pdf_colour, wanted, strict=True))
    )


def test_each_grade_is_its_theme_colours(theme: Theme) -> None:
    """Every grade's chip prints the grade's words in the theme's text colour for that grade,
    on a filled box of the theme's fill for it that holds the words."""
    summary = load_summary(SUMMARIES / "judgements.yaml").summary
    with pdfplumber.open(io.BytesIO(FORMATS["pdf"].render(summary, theme))) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["non_stroking_color"])
        boxes = [r for r in page.rects if r["fill"]]
    below = next(w for w in words if w["text"] == "Judgements")["bottom"]
    checked = set()
    for grade in {j.grade for j in summary.judgements}:
        chip = theme.settings.chip(grade)
        first = grade.split()[0]
        printed = [w for w in words if w["text"] == first and w["top"] > below]
        assert printed, grade
        for word in printed:
            assert same_colour(word["non_stroking_color"], chip.text), (grade, word)
            holders = [
                box
                for box in boxes
                if same_colour(box["non_stroking_color"], chip.fill)
                and box["x0"] <= word["x0"] < word["x1"] <= box["x1"]
                and box["top"] <= word["top"] < word["bottom"] <= box["bottom"]
            ]
            assert holders, (grade, word["text"])
            if " " not in grade:  # the words sit in the middle of their chip, within a point
                box = holders[0]
                assert abs((word["x0"] - box["x0"]) - (box["x1"] - word["x1"])) <= 1.01, grade
        checked.add(grade)
    assert len(checked) >= 4  # the fixture's four grades, each its own colours


SENTENCE = "Inspectors found that the service needs to improve how it responds to emergencies. "


@pytest.mark.parametrize(
    ("key", "section"),
    [
        ("summary", SENTENCE * 100),
        ("progress", [{"point": SENTENCE * 2}] * 60),
        ("concerns", [{"point": "A concern", "detail": SENTENCE * 2}] * 60),
        ("recommendations", [{"point": SENTENCE * 2}] * 60),
        ("next_steps", [SENTENCE * 2] * 60),
        ("key_facts", [{"value": "87%", "label": SENTENCE * 2}] * 60),
        ("judgements", [{"area": SENTENCE * 2, "grade": "Good"}] * 60),
    ],
)
def test_a_sheet_too_long_names_its_longest_section(
    key: str, section: str | list[Any], theme: Theme, write: Callable[..., Path]
) -> None:
    """The refusal names the section with the most characters (a finding's point and detail, a
    figure and its label, an area and its grade, a step) and how many it has."""
    data = json.loads(json.dumps({**yaml.safe_load(MINIMAL), key: section}))  # no aliases
    summary = load_summary(write("long.yaml", yaml.safe_dump(data, allow_unicode=True))).summary
    items = getattr(summary, key)
    characters = (
        len(items)
        if isinstance(items, str)
        else sum(
            len(item)
            if isinstance(item, str)
            else sum(len(v or "") for v in item.model_dump().values())
            for item in items
        )
    )
    with pytest.raises(CannotRender) as caught:
        FORMATS["pdf"].render(summary, theme)
    assert caught.value.key == key
    assert caught.value.message.endswith(
        f"shorten `{key}` (the longest section, {characters:,} characters)"
    )

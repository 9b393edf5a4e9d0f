"""Briefings in the house's own Word template: its header and footer kept, the styles it lacks
added as Word defines them (and said so by `build`), the theme's page size where the template
has none of its own."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from typer.testing import CliRunner

from generators.cli import app
from generators.content.loader import load_summary
from generators.formats import FORMATS
from generators.theme.loader import load_theme
from generators.theme.model import Theme, contrast

from .conftest import DEFAULT_THEME, SUMMARIES, style_name
from .house import (
    BARE_KEEPS,
    HOUSE_FOOTER,
    HOUSE_HEADER,
    LACKING,
    bare_template,
    house_template,
    lacking_template,
)
from .test_accessibility import W, shown_colours


def briefing(summary_name: str, theme: Theme) -> docx.document.Document:
    summary = load_summary(SUMMARIES / summary_name).summary
    return docx.Document(io.BytesIO(FORMATS["docx"].render(summary, theme)))


def test_the_house_header_and_footer_are_kept_and_precis_adds_beside_them(
    tmp_path: Path,
) -> None:
    house = load_theme(DEFAULT_THEME, house_template(tmp_path / "house.docx"))
    doc = briefing("twelve-findings.yaml", house)
    header = doc.sections[0].header.paragraphs
    assert [p.text for p in header] == ["OFFICIAL", f"{HOUSE_HEADER} "]
    assert [style_name(p) for p in header] == ["Header", "Header"]
    assert header[1]._p.xpath(".//w:drawing"), "the house's logo is gone from the header"
    footer = [p.text for p in doc.sections[0].footer.paragraphs]
    assert footer == [
        HOUSE_FOOTER,
        "HMP Northborough · HMI Prisons · 15 March 2024 · Page 1 of 1",
        "OFFICIAL",
    ]
    heading = doc.styles["Heading 1"].font
    assert (heading.name, doc.styles["Normal"].font.name) == ("Georgia", "Verdana")


def test_a_template_lacking_built_in_styles_still_gives_headings_and_numbered_lists(
    tmp_path: Path,
) -> None:
    lacking = load_theme(DEFAULT_THEME, lacking_template(tmp_path / "other.docx"))
    doc = briefing("twelve-findings.yaml", lacking)
    used = {style_name(p) for p in doc.paragraphs}
    assert set(LACKING) <= used
    numbered = next(p for p in doc.paragraphs if style_name(p) == "List Number")
    bulleted = next(p for p in doc.paragraphs if style_name(p) == "List Bullet")
    assert (format_of(doc, numbered), format_of(doc, bulleted)) == ("decimal", "bullet")


def format_of(doc: docx.document.Document, paragraph: Paragraph) -> str:
    """How the list a paragraph's style numbers it with is numbered: decimal, bullet..."""
    numbering = doc.part.numbering_part.element
    style = doc.styles[style_name(paragraph)].element
    number = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == number)
    abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    definition = next(
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract
    )
    return str(definition.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val")))


@pytest.mark.parametrize("keep", [BARE_KEEPS, ()], ids=["bare", "no-styles"])
def test_a_bare_template_gives_the_briefing_precis_s_own_does(
    keep: tuple[str, ...], tmp_path: Path, theme: Theme
) -> None:
    """A template with only the styles every document has, or none at all (and no
    numbering): each paragraph, table and link gets the style it gets in Precis's own
    template; every style added is whole (what it is based on, linked to or followed by is
    there too, however deep), its lists are numbered and bulleted, and its colours, as Word
    shows them, meet AA contrast."""
    bare = load_theme(DEFAULT_THEME, bare_template(tmp_path / "bare.docx", keep))
    own, doc = briefing("twelve-findings.yaml", theme), briefing("twelve-findings.yaml", bare)
    assert [style_name(p) for p in doc.paragraphs] == [style_name(p) for p in own.paragraphs]
    section = doc.sections[0]
    assert {style_name(p) for p in section.header.paragraphs} == {"Header"}
    assert {style_name(p) for p in section.footer.paragraphs} == {"Footer"}
    assert [t.style.name for t in doc.tables if t.style] == ["Table Grid"] * len(own.tables)
    names = {s.style_id: s.name for s in doc.styles}
    links = list(doc.element.body.iter(f"{W}hyperlink"))
    assert links and {names[r.get(f"{W}val")] for r in doc.element.body.iter(f"{W}rStyle")} == {
        "Hyperlink"
    }
    for style in doc.styles.element.iter(f"{W}style"):
        for reference in ("basedOn", "link", "next"):
            found = style.find(f"{W}{reference}")
            assert found is None or found.get(f"{W}val") in names, (
                names.get(style.get(f"{W}styleId")),
                reference,
            )
    numbered = [p for p in doc.paragraphs if style_name(p) == "List Number"]
    bulleted = [p for p in doc.paragraphs if style_name(p) == "List Bullet"]
    assert {format_of(doc, p) for p in numbered} == {"decimal"}
    assert {format_of(doc, p) for p in bulleted} == {"bullet"}
    for where, value in shown_colours(doc).items():
        assert contrast(f"#{value}", "#ffffff") >= 4.5, (where, value)


def test_build_says_once_what_the_template_lacked(tmp_path: Path) -> None:
    template = lacking_template(tmp_path / "other.docx")
    content = tmp_path / "content"
    content.mkdir()
    for name in ("minimal.yaml", "judgements.yaml"):
        (content / name).write_bytes((SUMMARIES / name).read_bytes())
    result = CliRunner().invoke(
        app, ["build", str(content), "-o", str(tmp_path / "out"), "--reference-docx", str(template)]
    )
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert warnings == [
        f"{template}:1:1: warning: the template lacks `Heading 1`, `List Bullet`, `List Number`, "
        "`Quote`, `Hyperlink`; Word's own definitions were added to the briefings, so headings "
        "stay headings and lists stay numbered (save the styles in the template to make them "
        "your own)"
    ]
    again = CliRunner().invoke(
        app, ["build", str(content), "-o", str(tmp_path / "out"), "--reference-docx", str(template)]
    )
    assert "warning:" not in again.stderr  # nothing to build, no template loaded


@pytest.mark.parametrize(("size", "millimetres"), [("A4", (210, 297)), ("Letter", (215.9, 279.4))])
def test_the_theme_s_page_size_applies_to_precis_s_own_template(
    size: str, millimetres: tuple[float, float], tmp_path: Path
) -> None:
    theme_file = tmp_path / "theme.yaml"
    theme_file.write_text(f"page:\n  size: {size}\n")
    section = briefing("minimal.yaml", load_theme(theme_file)).sections[0]
    assert same_size(section, millimetres)


def test_a_house_template_keeps_its_own_page_size(tmp_path: Path) -> None:
    theme_file = tmp_path / "theme.yaml"
    theme_file.write_text("page:\n  size: Letter\n")
    lacking = load_theme(theme_file, lacking_template(tmp_path / "other.docx"))
    section = briefing("minimal.yaml", lacking).sections[0]
    assert same_size(section, (210, 297))


def same_size(section: docx.section.Section, millimetres: tuple[float, float]) -> bool:
    """Within a twip's rounding: Word keeps page sizes in twentieths of a point."""
    sizes = (section.page_width, section.page_height)
    return all(abs(int(s or 0) - Mm(m)) < Mm(0.1) for s, m in zip(sizes, millimetres, strict=True))

"""Word's Accessibility Checker rules, tested on the briefing's XML, and restyling by template."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor
from typer.testing import CliRunner

from generators.cli import app
from generators.content.loader import load_summary
from generators.formats import FORMATS
from generators.theme.loader import load_theme
from generators.theme.model import Theme, contrast

from .conftest import DEFAULT_DOCX, DEFAULT_THEME, FITTING, SUMMARIES, rendered_once, style_name
from .fidelity import labels_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VAGUE_LINK_TEXT = {"here", "click here", "link", "this link", "more", "read more"}


@pytest.fixture(scope=rendered_once, params=FITTING, ids=lambda p: p.stem)
def package(request: pytest.FixtureRequest, theme: Theme) -> docx.document.Document:
    summary = load_summary(request.param).summary
    return docx.Document(io.BytesIO(FORMATS["docx"].render(summary, theme)))


def test_document_title_is_set(package: docx.document.Document) -> None:
    assert package.core_properties.title.strip()


def test_headings_in_order_without_skipped_levels(package: docx.document.Document) -> None:
    levels = []
    for paragraph in package.paragraphs:
        name = style_name(paragraph)
        if name == "Title":
            levels.append(0)
        elif match := re.fullmatch(r"Heading (\d)", name):
            levels.append(int(match.group(1)))
    assert levels[0] == 0 and levels.count(0) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def test_tables_are_described_and_have_no_merged_cells(package: docx.document.Document) -> None:
    """A data table (the judgements) marks its header row to repeat; the review's details, a
    list of labels and values, has none to mark. Every table says what it holds."""
    assert package.tables
    for table in package.tables:
        xml = table._tbl
        description = xml.tblPr.find(f"{W}tblDescription")
        assert description is not None and description.get(f"{W}val")
        header = table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
        judgements = labels_of(package.core_properties.language)["sections"]["inspection"]
        assert header == (description.get(f"{W}val") == judgements["judgements"])
        assert xml.find(f".//{W}gridSpan") is None and xml.find(f".//{W}vMerge") is None
        assert all(cell.text.strip() for cell in table.rows[0].cells)


def test_hyperlink_text_makes_sense_out_of_context(package: docx.document.Document) -> None:
    rels = package.part.rels
    for link in package.element.body.iter(f"{W}hyperlink"):
        text = "".join(t.text for t in link.iter(f"{W}t")).strip()
        target = rels[
            link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        ].target_ref
        assert text.lower() not in VAGUE_LINK_TEXT
        if not target.startswith("mailto:"):
            assert text != target, f"raw address as link text: {text}"


A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
THEME_SLOTS = {
    "text1": "dk1",
    "text2": "dk2",
    "background1": "lt1",
    "background2": "lt2",
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
}
"""Word's names for the theme's colours where they differ from the theme part's."""


def shown_colours(doc: docx.document.Document) -> dict[str, str]:
    """The colour Word shows for each style colour, by style id and position. A theme colour,
    where one is named, is what Word shows, not the value beside it (which is only Word's note
    of it); one shaded or tinted Word worked out itself, and wrote as the value."""
    theme = next(
        part.blob
        for part in doc.part.package.iter_parts()
        if part.partname.endswith("/theme/theme1.xml")
    )
    scheme = parse_xml(theme).find(f".//{A}clrScheme")
    assert scheme is not None
    shown = {}
    for style in doc.styles.element.iter(f"{W}style"):
        for n, colour in enumerate(style.iter(f"{W}color")):
            value, named = colour.get(f"{W}val"), colour.get(f"{W}themeColor")
            plain = not any(colour.get(f"{W}{k}") for k in ("themeShade", "themeTint"))
            if named and plain:
                slot = scheme.find(f"{A}{THEME_SLOTS.get(named, named)}")
                assert slot is not None, named
                value = slot[0].get("lastClr") or slot[0].get("val")  # a system colour, or RGB
            if value and value != "auto":
                shown[f"{style.get(f'{W}styleId')} {n}"] = value
    return shown


def test_text_colours_in_styles_meet_aa_contrast(package: docx.document.Document) -> None:
    for where, value in shown_colours(package).items():
        assert contrast(f"#{value.lower()}", "#ffffff") >= 4.5, (where, value)


def test_every_picture_has_alt_text(write: Callable[..., Path]) -> None:
    from PIL import Image

    folder = write("t/theme.yaml", "logo: logo.png\nlogo_alt: Example Inspectorate\n").parent
    Image.new("RGB", (60, 20), "navy").save(folder / "logo.png")
    theme = load_theme(folder / "theme.yaml", DEFAULT_DOCX)
    data = FORMATS["docx"].render(load_summary(SUMMARIES / "minimal.yaml").summary, theme)
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        xml = zipped.read("word/document.xml").decode()
    pictures = re.findall(r"<wp:docPr [^>]*>", xml)
    assert pictures
    assert all(re.search(r'descr="[^"]+"', p) for p in pictures)


def _house_template(path: Path) -> Path:
    """An organisation's own template: different fonts, colours and sizes for the same styles."""
    doc = docx.Document(str(DEFAULT_DOCX))
    heading = doc.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.size = Pt(20)
    heading.font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    doc.styles["Normal"].font.name = "Verdana"
    doc.styles["Quote"].font.italic = True
    doc.sections[0].left_margin = docx.shared.Mm(30)
    doc.save(str(path))
    return path


def test_a_house_template_restyles_everything(tmp_path: Path, theme: Theme) -> None:
    template = _house_template(tmp_path / "house.docx")
    house = load_theme(DEFAULT_THEME, template)
    summary = load_summary(SUMMARIES / "twelve-findings.yaml").summary
    doc = docx.Document(io.BytesIO(FORMATS["docx"].render(summary, house)))
    heading = doc.styles["Heading 1"].font
    assert (heading.name, heading.size, heading.color.rgb) == (
        "Georgia",
        Pt(20),
        RGBColor(0x8B, 0, 0),
    )
    assert doc.styles["Normal"].font.name == "Verdana"
    assert doc.styles["Quote"].font.italic is True
    margin = doc.sections[0].left_margin
    assert margin is not None and abs(margin - docx.shared.Mm(30)) < docx.shared.Mm(0.1)
    # Content carries no direct formatting that would override the template's styles.
    body = doc.element.body
    assert body.find(f".//{W}rFonts") is None and body.find(f".//{W}sz") is None
    assert body.find(f".//{W}color") is None


def test_check_warns_about_a_template_lacking_styles(tmp_path: Path) -> None:
    doc = docx.Document(str(DEFAULT_DOCX))
    doc.styles["Quote"].delete()
    template = tmp_path / "lacking.docx"
    doc.save(str(template))
    result = CliRunner().invoke(
        app,
        [
            "check",
            str(SUMMARIES / "minimal.yaml"),
            "--theme",
            str(DEFAULT_THEME),
            "--reference-docx",
            str(template),
        ],
    )
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"{template}:1:1: warning: the template lacks `Quote`; Word's own definitions were added "
        "to the briefings, so headings stay headings and lists stay numbered (save the styles "
        "in the template to make them your own)"
    )
    lacking = load_theme(DEFAULT_THEME, template)
    summary = load_summary(SUMMARIES / "twelve-findings.yaml").summary
    rebuilt = docx.Document(io.BytesIO(FORMATS["docx"].render(summary, lacking)))
    assert "Quote" in {style_name(p) for p in rebuilt.paragraphs}

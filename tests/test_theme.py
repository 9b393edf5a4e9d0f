"""Themes: validated like content, and every setting reaches the documents."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pdfplumber
import pypdf
import pytest
from PIL import Image, ImageDraw
from pypdf.generic import DictionaryObject

from generators.content.loader import load_summary
from generators.errors import PrecisError
from generators.formats import FORMATS
from generators.theme.loader import load_theme
from generators.theme.model import Theme, ThemeSettings, contrast

from .conftest import DEFAULT_DOCX, SUMMARIES

REFERENCE = DEFAULT_DOCX
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">
<circle cx="30" cy="30" r="25" fill="#1d70b8"/><rect x="70" y="20" width="120" height="20"/></svg>
"""


def png(path: Path) -> Path:
    image = Image.new("RGB", (300, 90), "white")
    ImageDraw.Draw(image).ellipse((5, 5, 85, 85), fill="#1d70b8")
    image.save(path)
    return path


def theme_problems(path: Path) -> list[str]:
    with pytest.raises(PrecisError) as caught:
        load_theme(path, REFERENCE)
    return [f"{p.line}:{p.col}: {p.message}" for p in caught.value.problems]


def test_contrast_ratio_matches_wcag() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#1d70b8", "#ffffff"), 2) == 5.17


def test_default_theme_file_matches_built_in_defaults(theme: Theme) -> None:
    """The shipped theme.yaml documents the defaults: every value in it is the model's own."""
    assert theme.settings == ThemeSettings()


def test_unknown_theme_key_suggests(write: Callable[..., Path]) -> None:
    path = write("t/theme.yaml", "colors:\n  text: '#000000'\n")
    assert theme_problems(path)[0].startswith("1:1: unknown key `colors`; did you mean `colours`?")


def test_margin_below_print_safe_is_refused(write: Callable[..., Path]) -> None:
    path = write("t/theme.yaml", "page:\n  margin_mm: 5\n")
    assert theme_problems(path) == ["2:14: `page.margin_mm` must be 12 or more, but it is 5"]


def test_a_smallest_body_above_the_body_size_is_refused(write: Callable[..., Path]) -> None:
    path = write("t/theme.yaml", "sizes:\n  body: 9\n  min_body: 10\n")
    assert theme_problems(path) == [
        "3:13: `sizes.min_body` 10 is larger than `sizes.body` 9; make it the body size or smaller"
    ]


def test_grade_chip_contrast_is_checked(write: Callable[..., Path]) -> None:
    path = write("t/theme.yaml", "grades:\n  Good:\n    fill: '#ffff00'\n    text: '#ffffff'\n")
    assert theme_problems(path) == [
        "4:11: `grades.Good.text` #ffffff on `grades.Good.fill` #ffff00 has contrast 1.07:1, below "
        "the 4.5:1 that WCAG AA requires for text; choose a darker or lighter colour"
    ]


@pytest.mark.parametrize(
    ("logo", "expected"),
    [
        ("../../etc/passwd", "1:7: logo `../../etc/passwd` is outside"),
        ("/etc/passwd", "1:7: logo `/etc/passwd` is outside"),
        ("missing.png", "1:7: logo `missing.png` not found in"),
        ("fake.png", "1:7: logo `fake.png` cannot be read as a PNG image"),
        ("logo.gif", "1:7: logo `logo.gif` must be a PNG or SVG file"),
        ("logo.svg", "1:7: Word cannot show an SVG logo on its own; add `logo_png:`"),
    ],
)
def test_bad_logos_are_clear_errors(write: Callable[..., Path], logo: str, expected: str) -> None:
    write("t/fake.png", "not a png")
    write("t/logo.gif", b"GIF89a")
    write("t/logo.svg", SVG)
    path = write("t/theme.yaml", f"logo: {logo}\nlogo_alt: Logo\n")
    assert theme_problems(path)[0].startswith(expected)


def test_logo_needs_alt_text(write: Callable[..., Path]) -> None:
    png(write("t/logo.png", b"").parent / "logo.png")
    path = write("t/theme.yaml", "logo: logo.png\n")
    assert theme_problems(path) == [
        "1:7: add `logo_alt:`, a few words on what the logo shows, read out by screen readers"
    ]


def test_symlinked_logo_escaping_the_folder_is_refused(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    outside = png(tmp_path / "outside.png")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "logo.png").symlink_to(outside)
    path = write("t/theme.yaml", "logo: logo.png\nlogo_alt: Logo\n")
    assert "is outside" in theme_problems(path)[0]


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_logo_appears_in_both_documents_with_alt_text(
    write: Callable[..., Path], kind: str
) -> None:
    folder = write("t/logo.svg", SVG).parent
    png(folder / "logo.png")
    settings = "logo: logo.png\n" if kind == "png" else "logo: logo.svg\nlogo_png: logo.png\n"
    theme = load_theme(
        write("t/theme.yaml", settings + "logo_alt: Example Inspectorate\n"), REFERENCE
    )
    summary = load_summary(SUMMARIES / "judgements.yaml").summary
    page = pypdf.PdfReader(io.BytesIO(FORMATS["pdf"].render(summary, theme))).pages[0]
    resources = cast(DictionaryObject, page["/Resources"])
    if kind == "png":
        images = cast(DictionaryObject, resources["/XObject"])
        assert any(x.get_object()["/Subtype"] == "/Image" for x in images.values())
    else:  # drawn as vectors: a filled circle path in the content stream
        contents = page.get_contents()
        assert contents is not None
        assert b" c\n" in contents.get_data() or b" c " in contents.get_data()
    document = FORMATS["docx"].render(summary, theme)
    with zipfile.ZipFile(io.BytesIO(document)) as package:
        xml = package.read("word/document.xml").decode()
        assert any(n.startswith("word/media/") for n in package.namelist())
    assert 'descr="Example Inspectorate"' in xml


def test_letter_page_size(write: Callable[..., Path]) -> None:
    theme = load_theme(write("t/theme.yaml", "page:\n  size: Letter\n"), REFERENCE)
    summary = load_summary(SUMMARIES / "twelve-findings.yaml").summary
    box = pypdf.PdfReader(io.BytesIO(FORMATS["pdf"].render(summary, theme))).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_any_truetype_family_from_files(write: Callable[..., Path]) -> None:
    """Four .ttf files named in the theme are the faces the sheet sets. Swapped on purpose
    (the regular face is Lato's bold file) to see the theme's files, not the family's, used."""
    folder = write("t/theme.yaml", "").parent
    lato = load_theme(None, REFERENCE).fonts
    for style, source in (
        ("regular", "bold"),
        ("bold", "regular"),
        ("italic", "italic"),
        ("bolditalic", "bold_italic"),
    ):
        shutil.copy(lato[source], folder / f"house-{style}.ttf")
    path = write(
        "t/theme.yaml",
        "font:\n  regular: house-regular.ttf\n  bold: house-bold.ttf\n"
        "  italic: house-italic.ttf\n  bold_italic: house-bolditalic.ttf\n",
    )
    theme = load_theme(path, REFERENCE)
    assert theme.fonts["bold"] == folder / "house-bold.ttf"
    summary = load_summary(SUMMARIES / "minimal.yaml").summary
    with pdfplumber.open(io.BytesIO(FORMATS["pdf"].render(summary, theme))) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["fontname", "size"])
    face = {w["text"]: w["fontname"].split("+")[-1] for w in words}
    headline = max(words, key=lambda w: w["size"])  # set in the bold face: Lato's regular file
    assert headline["fontname"].endswith("+Lato-Regular"), headline
    assert face[summary.summary.split()[0]] == "Lato-Bold", face  # the lede, in the regular face


def test_missing_font_family_says_how_to_install(write: Callable[..., Path]) -> None:
    path = write("t/theme.yaml", "font:\n  family: No Such Sans\n")
    assert theme_problems(path)[0].startswith("2:11: font family `No Such Sans` is not installed")
    assert "pip install fontpkg-no-such-sans" in theme_problems(path)[0]

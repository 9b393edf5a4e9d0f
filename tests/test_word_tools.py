"""The briefing and reference template judged by real tools: Microsoft's Open XML SDK validator
and LibreOffice, and an edit round trip through python-docx."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument

from generators.content.loader import load_summary
from generators.formats import FORMATS
from generators.theme.loader import load_theme
from generators.theme.model import Theme

from .conftest import DEFAULT_DOCX, FITTING, ROOT, SUMMARIES, tool
from .fidelity import labels_of
from .house import house_template, lacking_template


def validate(path: Path) -> list[dict[str, str]]:
    """Schema errors from the Open XML SDK validator; it exits 1 when a file is invalid."""
    result = subprocess.run(
        [tool("ooxml-validator"), str(path)], capture_output=True, text=True, timeout=120
    )
    report = json.loads(result.stdout)
    assert result.returncode == (0 if report["ok"] else 1), result.stderr
    errors: list[dict[str, str]] = report["errors"]
    return errors


def to_pdf(paths: list[Path], folder: Path) -> dict[str, list[str]]:
    """Convert with LibreOffice, all in one run (each start costs seconds), and return each
    PDF's text, page by page, by the document's stem; soffice exits 0 even when a conversion
    fails."""
    subprocess.run(
        [
            tool("soffice"),
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, paths),
        ],
        capture_output=True,
        timeout=600,
    )
    texts: dict[str, list[str]] = {}
    for path in paths:
        pdf = folder / (path.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 1000, (
            f"LibreOffice did not convert {path.name}"
        )
        # -raw keeps a hyphen a line breaks at ("COVID-" / "19"), which the default mode
        # drops as if the word processor had hyphenated; LibreOffice here does not.
        text = subprocess.run(
            [tool("pdftotext"), "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.replace("-\n", "-")
        texts[path.stem] = text.split("\f")[:-1]  # pdftotext ends each page with a form feed
    return texts


TEMPLATES = {"house": house_template, "lacking": lacking_template}
"""Briefings of the longest test summary in house templates, beside every fixture's own."""
IN_HOUSE = [f"{kind}-twelve-findings" for kind in TEMPLATES]


@pytest.fixture(scope="module")
def briefings(theme: Theme, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("briefings")
    written = {}
    for source in FITTING:
        path = folder / f"{source.stem}-briefing.docx"
        path.write_bytes(FORMATS["docx"].render(load_summary(source).summary, theme))
        written[source.stem] = path
    summary = load_summary(SUMMARIES / "twelve-findings.yaml").summary
    for kind, make in TEMPLATES.items():
        house = load_theme(theme.path, make(folder / f"{kind}.docx"))
        path = folder / f"{kind}-twelve-findings.docx"
        path.write_bytes(FORMATS["docx"].render(summary, house))
        written[path.stem] = path
    return written


@pytest.fixture(scope="module")
def converted(
    briefings: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str]]:
    return to_pdf(list(briefings.values()), tmp_path_factory.mktemp("converted"))


@pytest.fixture(params=[*(p.stem for p in FITTING), *IN_HOUSE])
def briefing_file(request: pytest.FixtureRequest, briefings: dict[str, Path]) -> Path:
    return briefings[request.param]


def edited(path: Path) -> Path:
    """The briefing as a colleague might change it in Word's place: python-docx."""
    doc = docx.Document(str(path))
    doc.paragraphs[1].text = "Edited by a colleague"
    doc.tables[0].rows[1].cells[1].text = "Edited cell"
    doc.add_paragraph("A new closing line.", "Normal")
    target = path.with_name(f"{path.stem}-edited.docx")
    doc.save(str(target))
    return target


@pytest.fixture(scope="module")
def validated(briefings: dict[str, Path]) -> dict[Path, list[dict[str, str]]]:
    """Every briefing and its edited copy through the validator, two at a time (each run
    starts the validator afresh, which is most of its time)."""
    paths = [*briefings.values(), *(edited(path) for path in briefings.values())]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(paths, pool.map(validate, paths), strict=True))


def test_briefing_passes_the_schema_validator(
    briefing_file: Path, validated: dict[Path, list[dict[str, str]]]
) -> None:
    assert validated[briefing_file] == []


def test_reference_template_passes_the_schema_validator() -> None:
    assert validate(DEFAULT_DOCX) == []


def test_libreoffice_opens_it_with_all_its_text(
    briefing_file: Path, converted: dict[str, list[str]]
) -> None:
    text = " ".join(" ".join(converted[briefing_file.stem]).split())
    doc = docx.Document(str(briefing_file))
    for paragraph in doc.paragraphs:
        words = " ".join(paragraph.text.split())
        assert words[:60] in text, words
    before, between = page_words(doc)
    assert f"{before}1{between}".strip() in text


def page_words(doc: DocxDocument) -> tuple[str, str]:
    """The words around the page numbers in the briefing's language: "Page ", " of "."""
    before, rest = labels_of(doc.core_properties.language)["words"]["page"].split("{page}")
    return before, rest.split("{pages}")[0]


def test_every_page_says_what_the_document_is(
    briefing_file: Path, converted: dict[str, list[str]]
) -> None:
    """Its identity and page X of Y on every page (a forwarded page 2 too), in two pages at
    most, and no table row broken between pages."""
    pages = [" ".join(page.split()) for page in converted[briefing_file.stem]]
    doc = docx.Document(str(briefing_file))
    before, between = page_words(doc)
    footer = doc.sections[0].footer.paragraphs
    identity = next(p.text for p in footer if f" · {before}" in p.text).split(f" · {before}")[0]
    assert 1 <= len(pages) <= 2, len(pages)
    for number, page in enumerate(pages, 1):
        wanted = f"{identity} · {before}{number}{between}{len(pages)}"
        assert wanted in page, (number, page[-200:])
    for table in docx.Document(str(briefing_file)).tables:
        for row in table.rows:
            label, value = (" ".join(cell.text.split())[:30] for cell in row.cells)
            holding = [n for n, page in enumerate(pages) if label in page and value in page]
            assert holding, f"row {label!r} is split between pages"


def test_edited_briefing_still_validates(
    briefing_file: Path, validated: dict[Path, list[dict[str, str]]]
) -> None:
    changed = briefing_file.with_name(f"{briefing_file.stem}-edited.docx")
    assert validated[changed] == []
    reopened = docx.Document(str(changed))
    assert reopened.paragraphs[1].text == "Edited by a colleague"
    assert reopened.tables[0].rows[1].cells[1].text == "Edited cell"


def test_reference_template_is_rebuilt_identically() -> None:
    from generators.formats.briefing.reference import make_reference_docx

    assert make_reference_docx() == DEFAULT_DOCX.read_bytes()


AFTER_BORDERS = [
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
"""What follows w:pBdr in a paragraph's properties (ECMA-376 Part 1, 17.3.1.26 pPr)."""


@pytest.mark.parametrize("after", AFTER_BORDERS)
def test_the_quote_s_rule_goes_where_the_schema_puts_it(after: str) -> None:
    """Whatever a style's paragraph properties already hold, the quotation's left rule is put
    before each property the schema orders after borders (Word refuses a file out of order)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from generators.formats.briefing.reference import _quote_border

    style = docx.Document().styles.add_style("Quote test", WD_STYLE_TYPE.PARAGRAPH)
    properties = style.element.get_or_add_pPr()
    properties.append(OxmlElement("w:keepNext"))
    properties.append(OxmlElement(f"w:{after}"))
    _quote_border(style)
    assert [child.tag for child in properties] == [
        qn(f"w:{t}") for t in ("keepNext", "pBdr", after)
    ]


def test_reference_template_command_writes_the_template_where_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generators.formats.briefing.reference import main

    target = tmp_path / "house.docx"
    assert main([str(target)]) == 0
    assert target.read_bytes() == DEFAULT_DOCX.read_bytes()
    assert capsys.readouterr().out == f"wrote {target}\n"


def test_reference_template_command_rewrites_the_shipped_template_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from generators.formats.briefing import reference

    written: dict[Path, bytes] = {}
    monkeypatch.setattr(reference, "write_atomic", lambda path, data: written.update({path: data}))
    assert reference.main([]) == 0
    assert list(written) == [DEFAULT_DOCX] and written[DEFAULT_DOCX] == DEFAULT_DOCX.read_bytes()
    assert capsys.readouterr().out == f"wrote {DEFAULT_DOCX}\n"


@pytest.mark.parametrize(
    ("argv", "code"),
    [(["-h"], 0), (["--help"], 0), (["out.txt"], 2), (["a.docx", "b.docx"], 2), (["-x.docx"], 2)],
)
def test_reference_template_command_refuses_what_is_not_one_docx_path(
    argv: list[str],
    code: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generators.formats.briefing.reference import main

    monkeypatch.chdir(tmp_path)
    assert main(argv) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: python -m generators.formats.briefing.reference ")
    assert list(tmp_path.iterdir()) == []


def test_briefing_bytes_do_not_depend_on_the_process(theme: Theme) -> None:
    summary = load_summary(FITTING[0]).summary
    here = FORMATS["docx"].render(summary, theme)
    code = (
        "import sys; from pathlib import Path; from generators.formats import FORMATS; "
        "from generators.content.loader import load_summary; "
        "from generators.theme.loader import load_theme; "
        f"summary = load_summary(Path({str(FITTING[0])!r})).summary; "
        "sys.stdout.buffer.write(FORMATS['docx'].render(summary, load_theme()))"
    )
    there = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=True, cwd=ROOT
    ).stdout
    assert here == there

"""The tagged sheet: PDF/UA-1 and PDF/A-2a by two checkers, a structure tree a screen reader
can follow (read back with pikepdf), and nothing visible changed by tagging."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import page
import pdfua
import pikepdf
import pytest

from generators.content.loader import load_summary
from generators.content.model import Summary
from generators.formats import FORMATS
from generators.formats.factsheet.render import render
from generators.theme.loader import load_theme
from generators.theme.model import Theme

from .conftest import FITTING, MINIMAL, rendered_once, tool
from .fidelity import flat, headings, is_overall, labels_of, sheet_quote


@pytest.fixture(scope=rendered_once, params=FITTING, ids=lambda p: p.stem)
def sheet(
    request: pytest.FixtureRequest, theme: Theme, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Summary, Path]:
    summary = load_summary(request.param).summary
    path = tmp_path_factory.mktemp("tagged") / f"{request.param.stem}.pdf"
    path.write_bytes(FORMATS["pdf"].render(summary, theme))
    return summary, path


@pytest.mark.parametrize("profile", ["ua1", "pdfa-2a"])
def test_page_validation_finds_it_compliant(sheet: tuple[Summary, Path], profile: str) -> None:
    result = page.validate_pdf(str(sheet[1]), profile=profile)
    assert result.is_compliant, [(f.rule_id, f.message) for f in result.failures]


def test_pdfua_finds_nothing_and_skips_nothing(sheet: tuple[Summary, Path]) -> None:
    """A rule that crashes is skipped with exit 0: none may be."""
    report = pdfua.validate(str(sheet[1]))
    assert report.exit_code == 0, [(f.rule_id, f.message) for f in report.findings]
    assert not report.skipped, [(r.rule_id, r.skipped_reason) for r in report.skipped]


def test_pdfua_check_exits_0(sheet: tuple[Summary, Path]) -> None:
    executable = Path(sys.executable).with_name("pdfua")  # installed beside the tests' Python
    assert subprocess.run([executable, "check", str(sheet[1])], capture_output=True).returncode == 0


def elements(node: Any) -> Iterator[Any]:
    """Every structure element below `node`, in reading order."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            yield kid
            yield from elements(kid)


def text_of(element: Any, marked: dict[int, str]) -> str:
    """The text of an element's marked content and its children's, in reading order."""
    parts = []
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            parts.append(marked.get(kid, ""))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            parts.append(text_of(kid, marked))
    return "".join(parts)


def marked_text(pdf: pikepdf.Pdf) -> dict[int, str]:
    """Each MCID's text, from the page's content stream."""
    text: dict[int, str] = {}
    current: int | None = None
    fonts = {name: font for name, font in pdf.pages[0].Resources.Font.items()}
    maps = {name: _tounicode(font) for name, font in fonts.items()}
    font: dict[int, str] = {}
    for instruction in pikepdf.parse_content_stream(pdf.pages[0]):
        operands, name = list(instruction.operands), str(instruction.operator)
        if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
            current = int(operands[1].MCID)
        elif name == "EMC":
            current = None
        elif name == "Tf":
            font = maps[str(operands[0])]
        elif name in ("Tj", "TJ") and current is not None:
            strings = operands[0] if name == "TJ" else [operands[0]]
            for piece in strings:
                if isinstance(piece, pikepdf.String):
                    text[current] = text.get(current, "") + "".join(
                        font.get(byte, "") for byte in bytes(piece)
                    )
    return text


def _tounicode(font: Any) -> dict[int, str]:
    import re

    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    return {
        int(a, 16): chr(int(b, 16)) for a, b in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)
    }


def test_the_tree_says_what_the_sheet_is(sheet: tuple[Summary, Path]) -> None:
    """One H1, the headline; an H2 per section, with its heading; one LI per finding and step;
    the chosen quote in a BlockQuote; every grade in a table row with its area as the TH."""
    summary, path = sheet
    with pikepdf.open(path) as pdf:
        root = pdf.Root.StructTreeRoot
        document = root.K
        assert document.S == "/Document"
        tree = list(elements(document))
        marked = marked_text(pdf)
    roles = [str(e.S) for e in tree]
    h1 = [e for e in tree if e.S == "/H1"]
    assert len(h1) == 1 and flat(text_of(h1[0], marked)) == flat(summary.title)
    wanted = headings(summary)
    sections = [flat(text_of(e, marked)) for e in tree if e.S == "/H2"]
    lists: dict[str, list[Any]] = {
        "progress": summary.progress,
        "concerns": summary.concerns,
        "recommendations": summary.recommendations,
        "next_steps": summary.next_steps,
    }
    for key, entries in lists.items():
        if entries:
            assert flat(wanted[key]) in sections
    assert roles.count("/LI") == sum(len(entries) for entries in lists.values())
    assert roles.count("/LI") == roles.count("/Lbl") == roles.count("/LBody")
    chosen = sheet_quote(summary)
    quotes = [e for e in tree if e.S == "/BlockQuote"]
    assert len(quotes) == (1 if chosen else 0)
    if chosen:
        assert flat(chosen[1]) in flat(text_of(quotes[0], marked))
    rows = [e for e in tree if e.S == "/TR"]
    graded = [j for j in summary.judgements if not is_overall(j, summary)]
    graded = graded if len(graded) > 1 else []  # one graded area is a tile, not a table
    assert len(rows) == len(graded)
    for row, judgement in zip(rows, graded, strict=True):
        cells = [e for e in elements(row)]
        assert [str(c.S) for c in cells] == ["/TH", "/TD"]
        assert cells[0].A.Scope == "/Row"
        assert flat(text_of(cells[0], marked)) == flat(judgement.area)
        assert flat(text_of(cells[1], marked)) == flat(judgement.grade)


def test_every_link_is_a_link_element_holding_its_words(sheet: tuple[Summary, Path]) -> None:
    """Each annotation: in exactly one Link element (an OBJR), which the parent tree names for
    its StructParent, with the link's words as that element's text; printed, described."""
    _, path = sheet
    with pikepdf.open(path) as pdf:
        annotations = list(pdf.pages[0].get("/Annots", []))
        tree = list(elements(pdf.Root.StructTreeRoot.K))
        numbers = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        parents = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
        marked = marked_text(pdf)
        for annotation in annotations:
            holders = [
                e
                for e in tree
                if any(
                    isinstance(k, pikepdf.Dictionary)
                    and k.get("/Type") == "/OBJR"
                    and k.Obj.objgen == annotation.objgen
                    for k in (e.K if isinstance(e.K, pikepdf.Array) else [e.K])
                )
            ]
            assert len(holders) == 1 and holders[0].S == "/Link"
            assert parents[int(annotation.StructParent)].objgen == holders[0].objgen
            assert int(annotation.F) == 4 and str(annotation.Contents)
            uri = str(annotation.A.URI).removeprefix("mailto:")
            assert flat(uri)[:40] in flat(text_of(holders[0], marked))
        assert pdf.pages[0].Tabs == "/S"


def test_metadata_and_language(sheet: tuple[Summary, Path]) -> None:
    summary, path = sheet
    with pikepdf.open(path) as pdf:
        assert pdf.pdf_version == "1.7"
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == summary.language
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            assert xmp["dc:title"] == summary.title
            assert xmp["pdfuaid:part"] == "1"
            assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "A")
            assert summary.language in str(xmp["dc:language"])
        intent = pdf.Root.OutputIntents[0]
        assert (str(intent.Type), str(intent.S)) == ("/OutputIntent", "/GTS_PDFA1")


@pytest.mark.parametrize(
    "name", ["durham-child-protection", "judgements", "quotes", "one-long-list", "markup"]
)
def test_tagging_changes_nothing_visible(name: str, theme: Theme, tmp_path: Path) -> None:
    """The same sheet drawn untagged (count_instructions.py measures tagging by it): the same
    text read back, the same pixels."""
    summary = load_summary(next(p for p in FITTING if p.stem == name)).summary
    for tagged in (True, False):
        (tmp_path / f"{tagged}.pdf").write_bytes(render(summary, theme, tagged=tagged))
    outputs = []
    for tagged in (True, False):
        pdf = str(tmp_path / f"{tagged}.pdf")
        text = subprocess.run(
            [tool("pdftotext"), "-layout", pdf, "-"], capture_output=True, check=True
        ).stdout
        subprocess.run(
            [tool("pdftoppm"), "-png", "-r", "72", "-singlefile", pdf, str(tmp_path / str(tagged))],
            check=True,
        )
        outputs.append((text, (tmp_path / f"{tagged}.png").read_bytes()))
    assert outputs[0][0] == outputs[1][0]
    assert outputs[0][1] == outputs[1][1]
    with pikepdf.open(tmp_path / "False.pdf") as untagged:  # and the untagged one is untagged
        assert "/StructTreeRoot" not in untagged.Root and "/MarkInfo" not in untagged.Root


SVG_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">
<rect width="60" height="60" fill="#1d70b8"/>
<text x="70" y="40" font-family="Arial" font-size="30" font-weight="bold">Mark</text></svg>
"""
"""An SVG logo with text, which the sheet sets in its own embedded bold face."""


ALT = r"Example Inspectorate :) (crest \ 2"
"""Alt text with what a PDF string must escape: a lone bracket either way, a backslash."""


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_a_logo_is_a_figure_with_its_alt_text(write: Callable[..., Path], kind: str) -> None:
    from PIL import Image

    folder = write("t/logo.svg", SVG_LOGO).parent
    Image.new("RGB", (200, 60), "#1d70b8").save(folder / "logo.png")
    write("t/theme.yaml", f"logo: logo.{kind}\nlogo_png: logo.png\nlogo_alt: '{ALT}'\n")
    theme = load_theme(folder / "theme.yaml")
    summary = load_summary(write("a.yaml", MINIMAL)).summary
    data = FORMATS["pdf"].render(summary, theme)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        figures = [e for e in elements(pdf.Root.StructTreeRoot.K) if e.S == "/Figure"]
    assert len(figures) == 1 and str(figures[0].Alt) == ALT
    assert page.validate_pdf_bytes(data, profile="ua1").is_compliant
    assert page.validate_pdf_bytes(data, profile="pdfa-2a").is_compliant


def test_a_link_tells_a_screen_reader_where_it_goes(sheet: tuple[Summary, Path]) -> None:
    """Each link annotation's description is the label set's link words with the address as
    the summary gives it: the report, the contact's email and the contact's website."""
    summary, path = sheet
    words = labels_of(summary.language)["words"]["link"]
    addresses = [summary.review.url]
    if summary.contact:
        email = summary.contact.email and f"mailto:{summary.contact.email}"
        addresses += [email, summary.contact.url]
    with pikepdf.open(path) as pdf:
        described = {str(a.Contents) for a in pdf.pages[0].get("/Annots", [])}
    assert described == {
        words.format(address=a) for a in addresses if a
    }  # a wrapped link: one each line

"""The briefing and reference template judged by real tools: Microsoft's Open XML SDK validator
and LibreOffice, and an edit round trip through python-docx."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from generators.content.loader import load_summary
from generators.formats import FORMATS
from generators.theme.model import Theme

from .conftest import DEFAULT_DOCX, FITTING, ROOT, tool


def validate(path: Path) -> list[dict[str, str]]:
    """Schema errors from the Open XML SDK validator; it exits 1 when a file is invalid."""
    result = subprocess.run(
        [tool("ooxml-validator"), str(path)], capture_output=True, text=True, timeout=120
    )
    report = json.loads(result.stdout)
    assert result.returncode == (0 if report["ok"] else 1), result.stderr
    errors: list[dict[str, str]] = report["errors"]
    return errors


def to_pdf(path: Path, tmp_path: Path) -> str:
    """Convert with LibreOffice and return the PDF's text; soffice exits 0 even on failure."""
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            tool("soffice"),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / (path.stem + ".pdf")
    assert pdf.exists() and pdf.stat().st_size > 1000, f"LibreOffice did not convert {path.name}"
    return subprocess.run(
        [tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module", params=FITTING, ids=lambda p: p.stem)
def briefing_file(
    request: pytest.FixtureRequest, theme: Theme, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    summary = load_summary(request.param).summary
    path = tmp_path_factory.mktemp("briefings") / f"{request.param.stem}-briefing.docx"
    path.write_bytes(FORMATS["docx"].render(summary, theme))
    return path


def test_briefing_passes_the_schema_validator(briefing_file: Path) -> None:
    assert validate(briefing_file) == []


def test_reference_template_passes_the_schema_validator() -> None:
    assert validate(DEFAULT_DOCX) == []


def test_libreoffice_opens_it_with_all_its_text(briefing_file: Path, tmp_path: Path) -> None:
    text = " ".join(to_pdf(briefing_file, tmp_path).split())
    doc = docx.Document(str(briefing_file))
    for paragraph in doc.paragraphs:
        words = " ".join(paragraph.text.split())
        assert words[:60] in text, words
    assert "Page 1 of" in text


def test_edited_briefing_still_validates(briefing_file: Path, tmp_path: Path) -> None:
    doc = docx.Document(str(briefing_file))
    doc.paragraphs[1].text = "Edited by a colleague"
    doc.tables[0].rows[1].cells[1].text = "Edited cell"
    doc.add_paragraph("A new closing line.", "Normal")
    edited = tmp_path / "edited.docx"
    doc.save(str(edited))
    assert validate(edited) == []
    reopened = docx.Document(str(edited))
    assert reopened.paragraphs[1].text == "Edited by a colleague"
    assert reopened.tables[0].rows[1].cells[1].text == "Edited cell"


def test_reference_template_is_rebuilt_identically() -> None:
    from generators.formats.briefing.reference import make_reference_docx

    assert make_reference_docx() == DEFAULT_DOCX.read_bytes()


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

"""The `precis` command, driven through Typer's CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generators import __version__
from generators.cli import app

from .conftest import DEFAULT_DOCX, DEFAULT_THEME, MINIMAL, ROOT, SUMMARIES

runner = CliRunner()
TEMPLATES = [
    "--theme",
    str(DEFAULT_THEME),
    "--reference-docx",
    str(DEFAULT_DOCX),
]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"precis {__version__}"


def test_build_writes_both_documents(tmp_path: Path, write: Callable[..., Path]) -> None:
    source = write("content/a-review.yaml", MINIMAL)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(source.parent), "--out", str(out), "-j", "1", *TEMPLATES]
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".precis-manifest.json",
        "a-review-briefing.docx",
        "a-review-fact-sheet.pdf",
    ]
    assert "2 built, 0 up to date, 0 failed" in result.stderr


def test_only_one_format(tmp_path: Path, write: Callable[..., Path]) -> None:
    source = write("a-review.yaml", MINIMAL)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(source), "-o", str(out), "--only", "pdf", *TEMPLATES])
    assert result.exit_code == 0, result.stderr
    assert not (out / "a-review-briefing.docx").exists()
    assert (out / "a-review-fact-sheet.pdf").exists()


def test_bad_file_is_reported_and_the_rest_still_built(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    good = write("content/good.yaml", MINIMAL)
    bad = write("content/bad.yaml", MINIMAL.replace("title: A headline", "title: [x"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(good.parent), "-o", str(out), "-j", "1", *TEMPLATES])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:2:8: YAML syntax error")
    assert "Traceback" not in result.stderr + result.stdout
    assert (out / "good-fact-sheet.pdf").exists()
    assert not (out / "bad-fact-sheet.pdf").exists()
    assert [p.name for p in out.iterdir() if p.name.startswith(".") and p.suffix == ".tmp"] == []


def test_overflow_writes_no_pdf_but_still_the_briefing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(SUMMARIES / "overflow.yaml"), "-o", str(out), *TEMPLATES]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{SUMMARIES / 'overflow.yaml'}:8:1: fact sheet is ")
    assert "shorten `concerns`" in result.stderr
    assert not list(out.glob("*.pdf"))
    assert [p.name for p in out.glob("*.docx")] == ["overflow-briefing.docx"]


def test_up_to_date_outputs_are_skipped(tmp_path: Path, write: Callable[..., Path]) -> None:
    source = write("a-review.yaml", MINIMAL)
    out = tmp_path / "out"
    args = ["build", str(source), "-o", str(out), *TEMPLATES]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert "0 built, 2 up to date" in again.stderr
    forced = runner.invoke(app, [*args, "--force"])
    assert "2 built, 0 up to date" in forced.stderr


def test_check_writes_nothing(tmp_path: Path, write: Callable[..., Path]) -> None:
    source = write("a-review.yaml", MINIMAL)
    result = runner.invoke(app, ["check", str(source), *TEMPLATES])
    assert result.exit_code == 0, result.stderr
    assert "1 summary OK" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-review.yaml"]


def test_check_refuses_overflow(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(SUMMARIES / "overflow.yaml"), *TEMPLATES])
    assert result.exit_code == 1
    assert "mm too long at the smallest size" in result.stderr


def test_missing_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope.yaml"), *TEMPLATES])
    assert result.exit_code == 1
    assert (
        result.stderr == f"{tmp_path / 'nope.yaml'}:1:1: no such file or folder; check the path\n"
    )


def test_bad_theme_is_located(write: Callable[..., Path]) -> None:
    theme = write("templates/theme.yaml", "colours:\n  text: '#cccccc'\n  link: blue\n")
    result = runner.invoke(
        app,
        [
            "check",
            str(SUMMARIES / "minimal.yaml"),
            "--theme",
            str(theme),
            "--reference-docx",
            str(DEFAULT_DOCX),
        ],
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{theme}:3:9: `colours.link` must be a colour written #rrggbb, e.g. #1d70b8 (got `blue`)",
    ]


def test_low_contrast_theme_names_the_pair(write: Callable[..., Path]) -> None:
    theme = write("templates/theme.yaml", "colours:\n  text: '#cccccc'\n")
    result = runner.invoke(
        app,
        [
            "check",
            str(SUMMARIES / "minimal.yaml"),
            "--theme",
            str(theme),
            "--reference-docx",
            str(DEFAULT_DOCX),
        ],
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{theme}:2:9: `text` #cccccc on `background` #ffffff has contrast 1.61:1, below the "
        "4.5:1 that WCAG AA requires for text; choose a darker or lighter colour"
    )


def test_new_writes_a_skeleton_that_checks_once_filled(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    result = runner.invoke(app, ["new", "my-review", "--content", str(folder)])
    assert result.exit_code == 0
    target = folder / "my-review.yaml"
    skeleton = target.read_text()
    assert "title:" in skeleton and "# " in skeleton
    unfilled = runner.invoke(app, ["check", str(target), *TEMPLATES])
    assert unfilled.exit_code == 1 and "`title` is empty" in unfilled.stderr
    filled = (
        skeleton.replace('title: ""', "title: A headline", 1)
        .replace('subject: ""', "subject: A force", 1)
        .replace('  title: ""', "  title: A report", 1)
        .replace('publisher: ""', "publisher: HMICFRS", 1)
        .replace('summary: ""', "summary: A lede.", 1)
        .replace('  - point: ""\n    detail: ""', "  - point: Better\n    detail: Much.", 1)
        .replace('  - ""', "  - Worse", 1)
    )
    target.write_text(filled)
    assert runner.invoke(app, ["check", str(target), *TEMPLATES]).exit_code == 0
    again = runner.invoke(app, ["new", "my-review", "--content", str(folder)])
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert target.read_text() == filled


def test_new_refuses_a_bad_slug(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "My Review", "--content", str(tmp_path)])
    assert result.exit_code == 1
    assert "try `my-review`" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_schema_is_json_schema_of_the_format() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "Precis review summary"
    assert set(schema["required"]) == {"title", "subject", "review", "summary"}
    assert schema["additionalProperties"] is False


def test_real_process_has_no_traceback_and_exit_1(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    bad = write("a.yaml", "title: [x\n")
    result = subprocess.run(
        [sys.executable, "-m", "generators", "check", str(bad), *TEMPLATES],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ},
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"{bad}:2:1: YAML syntax error")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_builds_are_byte_identical_across_processes(tmp_path: Path, jobs: str) -> None:
    outputs = []
    for run in ("one", "two"):
        out = tmp_path / run
        subprocess.run(
            [
                sys.executable,
                "-m",
                "generators",
                "build",
                str(SUMMARIES),
                "-o",
                str(out),
                "-j",
                jobs,
                *TEMPLATES,
            ],
            capture_output=True,
            cwd=ROOT,
        )
        outputs.append(
            {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".pdf", ".docx")}
        )
    assert len(outputs[0]) == 2 * len(list(SUMMARIES.glob("*.yaml"))) - 1  # but the overflow
    assert outputs[0] == outputs[1]


def test_committed_schema_is_current() -> None:
    """Editors read content/summary.schema.json; `precis schema --out` regenerates it."""
    from generators.content.model import Summary
    from generators.project import schema_text

    assert (ROOT / "content" / "summary.schema.json").read_text() == schema_text(Summary)


def test_bundled_example_is_the_projects_own() -> None:
    """`precis init` writes the example shipped in the package: the same file as content/'s."""
    from generators.project import EXAMPLE, example_bytes

    assert example_bytes() == (ROOT / "content" / EXAMPLE).read_bytes()

"""Precis as an installed tool: any folder, `precis init`, `new`, `schema --out`, its help, and
formats found as packages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from generators import formats
from generators.build import build
from generators.cli import app
from generators.content.loader import load_summary
from generators.project import EXAMPLE, SUMMARY_SCHEMA, init_project, new_summary, schema_text
from generators.theme.loader import load_theme

from .conftest import CONTENT, DEFAULT_DOCX, MINIMAL, ROOT

runner = CliRunner()
COMMANDS = ["build", "check", "clean", "watch", "init", "new", "schema"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Precis built as a wheel and installed, not editable, beside the test environment's
    libraries: a `python` that imports this copy, never the checkout."""
    folder = tmp_path_factory.mktemp("installed")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(folder / "wheel"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((folder / "wheel").glob("precis-*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(folder / "site"),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return folder / "site"


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, "-m", "generators", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_installed_package_builds_in_a_folder_with_only_content(
    installed: Path, tmp_path: Path
) -> None:
    located = run_installed(installed, tmp_path, "--version")
    probe = subprocess.run(
        [sys.executable, "-c", "import generators; print(generators.__file__)"],
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert located.returncode == 0 and probe.stdout.startswith(str(installed)), probe.stdout
    (tmp_path / "content").mkdir()
    shutil.copy(CONTENT / EXAMPLE, tmp_path / "content" / EXAMPLE)
    checked = run_installed(installed, tmp_path, "check")
    assert checked.returncode == 0, checked.stderr
    built = run_installed(installed, tmp_path, "build", "-j", "1")
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == [
        ".precis-manifest.json",
        "durham-child-protection-briefing.docx",
        "durham-child-protection-fact-sheet.pdf",
    ]


def test_init_then_build_in_the_new_project(installed: Path, tmp_path: Path) -> None:
    started = run_installed(installed, tmp_path, "init", "demo", "--templates")
    assert started.returncode == 0, started.stderr
    demo = tmp_path / "demo"
    assert sorted(p.relative_to(demo).as_posix() for p in demo.rglob("*")) == [
        ".gitignore",
        "content",
        f"content/{EXAMPLE}",
        f"content/{SUMMARY_SCHEMA}",
        "templates",
        "templates/briefing.docx",
        "templates/theme.schema.json",
        "templates/theme.yaml",
    ]
    assert "next: cd demo && precis build" in started.stderr
    built = run_installed(installed, demo, "build", "-j", "1")
    assert built.returncode == 0, built.stderr
    assert "2 built" in built.stderr
    new = run_installed(installed, demo, "new", "my-review")
    assert new.returncode == 0 and (demo / "content" / "my-review.yaml").exists(), new.stderr


def test_init_writes_what_the_example_names(tmp_path: Path) -> None:
    written = init_project(tmp_path / "p")
    example = tmp_path / "p" / "content" / EXAMPLE
    assert example in written
    first = example.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SUMMARY_SCHEMA}"
    schema = json.loads((example.parent / SUMMARY_SCHEMA).read_text(encoding="utf-8"))
    assert schema["title"] == "Precis review summary"
    assert (tmp_path / "p" / ".gitignore").read_text() == "/build/\n"
    assert not (tmp_path / "p" / "templates").exists()
    assert load_summary(example).summary.subject == "Durham Constabulary"


def test_init_copies_the_default_templates_only_when_asked(tmp_path: Path) -> None:
    init_project(tmp_path / "p", templates=True)
    copied = tmp_path / "p" / "templates"
    assert (copied / "briefing.docx").read_bytes() == DEFAULT_DOCX.read_bytes()
    theme = load_theme(copied / "theme.yaml", copied / "briefing.docx")
    assert theme.settings == load_theme().settings


def test_init_refuses_a_folder_that_is_not_empty_and_touches_nothing(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path}:1:1: is not an empty folder; give the name of a new one, "
        "e.g. `precis init my-reviews`\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_writes_the_schema_its_first_line_names(tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    written = new_summary(folder, "a-review")
    assert written == [folder / "a-review.yaml", folder / SUMMARY_SCHEMA]
    first = (folder / "a-review.yaml").read_text().splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SUMMARY_SCHEMA}"
    (folder / SUMMARY_SCHEMA).write_text("{}")  # the user's own copy is left alone
    assert new_summary(folder, "b-review") == [folder / "b-review.yaml"]
    assert (folder / SUMMARY_SCHEMA).read_text() == "{}"


def test_schema_out_writes_the_file(tmp_path: Path) -> None:
    from generators.content.model import Summary
    from generators.theme.model import ThemeSettings

    assert runner.invoke(app, ["schema", "--out", str(tmp_path / "s.json")]).exit_code == 0
    assert (tmp_path / "s.json").read_text() == schema_text(Summary)
    assert runner.invoke(app, ["schema", "--theme", "-o", str(tmp_path / "t.json")]).exit_code == 0
    assert (tmp_path / "t.json").read_text() == schema_text(ThemeSettings)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_reads_like_a_person_wrote_it(command: str) -> None:
    short, long = runner.invoke(app, [command, "-h"]), runner.invoke(app, [command, "--help"])
    assert short.exit_code == 0 and short.stdout == long.stdout
    text = short.stdout
    assert "<" not in text and ">" not in text, text  # no <bool>, <path>, <list[Path]>
    assert text.count("Example:") == 1, text


def test_jobs_says_what_its_default_does() -> None:
    text = " ".join(runner.invoke(app, ["build", "-h"]).stdout.split())
    assert "(default: one per CPU core, and never more than the summaries to build)" in text


def test_only_is_case_insensitive_and_check_says_check(tmp_path: Path) -> None:
    source = tmp_path / "a-review.yaml"
    source.write_text(MINIMAL)
    result = runner.invoke(
        app, ["build", str(source), "-o", str(tmp_path / "out"), "--only", "PDF"]
    )
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").glob("a-review*")] == ["a-review-fact-sheet.pdf"]
    wrong = runner.invoke(app, ["build", str(source), "--only", "html"])
    assert wrong.exit_code == 2 and "`html` is not a format; choose" in wrong.stderr
    assert "Check just one format" in runner.invoke(app, ["check", "-h"]).stdout
    assert "Build just one format" in runner.invoke(app, ["build", "-h"]).stdout


def test_a_new_format_is_one_new_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "plaintext"
    package.mkdir()
    (package / "__init__.py").write_text(
        "class Plain:\n"
        "    name, suffix, description = 'txt', '-summary.txt', 'plain text'\n"
        "    def reads(self, theme): return [theme.path]\n"
        "    def template_warnings(self, theme): return []\n"
        "    def render(self, summary, theme): return summary.title.encode()\n"
        "FORMAT = Plain()\n"
    )
    monkeypatch.setattr(formats, "__path__", [*formats.__path__, str(tmp_path)])
    found = formats._discover()
    assert list(found) == ["docx", "pdf", "txt"]
    monkeypatch.setitem(formats.FORMATS, "txt", found["txt"])  # as if found at start-up
    source = tmp_path / "content" / "a-review.yaml"
    source.parent.mkdir()
    source.write_text(MINIMAL)
    report = build([source.parent], tmp_path / "out", load_theme(), ["txt"])
    assert report.built == ["a-review-summary.txt"]
    assert (tmp_path / "out" / "a-review-summary.txt").read_text() == "A headline"


def test_resaving_only_the_word_template_rebuilds_only_briefings(tmp_path: Path) -> None:
    source = tmp_path / "content" / "a-review.yaml"
    source.parent.mkdir()
    source.write_text(MINIMAL)
    house = tmp_path / "house.docx"
    shutil.copy(DEFAULT_DOCX, house)
    build([source.parent], tmp_path / "out", load_theme(None, house))
    shutil.copy(Path(docx.__file__).parent / "templates" / "default.docx", house)  # re-saved
    report = build([source.parent], tmp_path / "out", load_theme(None, house), dry_run=True)
    assert report.planned == [("a-review-briefing.docx", "changed: theme")]
    assert report.fresh == ["a-review-fact-sheet.pdf"]

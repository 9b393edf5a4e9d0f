"""Shared fixtures: the project's own theme, and a helper to write summary files."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

import pytest
from docx.text.paragraph import Paragraph
from hypothesis import Phase, settings

from generators.theme.loader import REFERENCE_DOCX, THEME_FILE, load_theme, packaged
from generators.theme.model import Theme

ROOT = Path(__file__).resolve().parent.parent
SUMMARIES = ROOT / "tests" / "summaries"
CONTENT = ROOT / "content"
DEFAULT_THEME = packaged(THEME_FILE)
DEFAULT_DOCX = packaged(REFERENCE_DOCX)
GALLERY = ROOT / "docs" / "gallery" / "content"
FITTING = sorted(
    p
    for p in [*CONTENT.glob("*.yaml"), *SUMMARIES.glob("*.yaml"), *GALLERY.glob("*.yaml")]
    if p.stem != "overflow"
)
"""Every bundled, test and gallery summary: each must build to one page."""

MINIMAL = """\
title: A headline
subject: A police force
review:
  title: A report
  publisher: HMICFRS
summary: A lede.
concerns:
  - One concern
"""


def crediting_mutmut() -> bool:
    """Whether this is mutmut's first pass, which records the tests that reach each function
    so that each mutant is run against those tests only. It credits a function to the test
    in whose setup or call it ran, so work done once and kept (a module's rendered sheets, a
    parsed template) would be credited to the first test alone, and a mutant there run
    against that test only."""
    return os.environ.get("MUTANT_UNDER_TEST") == "stats"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under a mutant, the test files that took least time in mutmut's first pass run first,
    each file's tests in their own order (so a module's rendered sheets are made once): mutmut
    stops at the first failure, and a mutant is killed sooner. Only the order changes."""
    stats = Path("mutmut-stats.json")  # mutmut runs the tests inside its copy, mutants/
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", "") or not stats.is_file():
        return
    durations: dict[str, float] = json.loads(stats.read_text())["duration_by_test"]
    by_file: dict[str, float] = {}
    for item in items:
        by_file[item.path.name] = by_file.get(item.path.name, 0.0) + durations.get(item.nodeid, 0)
    order = {id(item): index for index, item in enumerate(items)}
    items.sort(key=lambda item: (by_file[item.path.name], order[id(item)]))


def rendered_once(fixture_name: str, config: pytest.Config) -> Literal["module", "function"]:
    """The scope of a fixture that renders every summary: once per module, but once per test
    in mutmut's first pass, so every test that reads the documents is credited."""
    return "function" if crediting_mutmut() else "module"


@pytest.fixture(autouse=True)
def _cold_template_for_mutmut() -> Iterator[None]:
    """In mutmut's first pass only, each test parses the Word template afresh, so every test
    that makes a briefing is credited with the code that prepares a template."""
    if crediting_mutmut():
        from generators.formats.briefing import template, wordml

        template._template.cache_clear()
        wordml._zip_of_parts.cache_clear()
    yield


@pytest.fixture(scope="session")
def theme() -> Theme:
    return load_theme(DEFAULT_THEME, DEFAULT_DOCX)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write `text` (dedented) or raw bytes to tmp_path/name and return the path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


# The explain phase re-runs a failure hundreds of times to annotate it: minutes, here.
_PHASES = [phase for phase in Phase if phase is not Phase.explain]
settings.register_profile("ci", max_examples=40, deadline=None, phases=_PHASES, print_blob=True)
settings.register_profile("dev", max_examples=100, deadline=None, phases=_PHASES)
settings.register_profile("long", max_examples=2_000, deadline=None, phases=_PHASES)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
"""Property tests: a short run in CI, a longer one by default, HYPOTHESIS_PROFILE=long to soak."""

NODE_BIN = ROOT / ".ci" / "node" / "node_modules" / ".bin"


def tool(name: str) -> str:
    """The path of a command-line tool: skip the test when it is missing, but fail in CI.

    `.ci/run` installs every tool, so a skip there would hide a broken install step.
    """
    found = shutil.which(name) or shutil.which(name, path=str(NODE_BIN))
    if found is None:
        message = f"{name} is not installed (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def style_name(paragraph: Paragraph) -> str:
    """A paragraph's style name (python-docx types a paragraph's style as optional)."""
    assert paragraph.style is not None
    return str(paragraph.style.name)

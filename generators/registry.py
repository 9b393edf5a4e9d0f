"""The output formats Precis knows: each a module with one entry point, `render(summary, theme)`.

The CLI and the build see generators only through this table. A generator's module is imported
on first use, so commands that render nothing never pay for reportlab or python-docx.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .errors import Problem
from .model import Summary
from .theme import Theme


class Renderer(Protocol):
    def __call__(self, summary: Summary, theme: Theme) -> bytes: ...


@dataclass(frozen=True)
class Generator:
    """One output format: its name on the command line, its file name, and its module."""

    name: str
    suffix: str
    module: str
    description: str

    def output_name(self, slug: str) -> str:
        return f"{slug}{self.suffix}"

    def render(self, summary: Summary, theme: Theme) -> bytes:
        """The document's bytes; raises CannotRender for content it cannot lay out."""
        renderer: Renderer = importlib.import_module(self.module).render
        return renderer(summary, theme)

    def template_warnings(self, theme: Theme) -> list[Problem]:
        """What this format's templates lack but can do without (a missing style, say)."""
        check = getattr(importlib.import_module(self.module), "template_warnings", None)
        return list(check(theme)) if check else []

    def reads(self, theme: Theme) -> list[Path]:
        """The theme files whose bytes shape this format's output."""
        return theme.files()


GENERATORS: dict[str, Generator] = {
    g.name: g
    for g in (
        Generator("pdf", "-fact-sheet.pdf", "generators.factsheet", "one-page PDF fact sheet"),
        Generator("docx", "-briefing.docx", "generators.briefing", "editable Word briefing"),
    )
}

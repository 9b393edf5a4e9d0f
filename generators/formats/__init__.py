"""Stage three, the output formats: one subpackage each, found here by looking, never listed.

The build, the CLI's `--only` and watch know a format only through `Format`; adding a format
means adding one subpackage whose `__init__` defines `FORMAT`. That `__init__` imports nothing
heavy, so commands that render nothing never pay for reportlab or python-docx.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Protocol

from ..content.model import Summary
from ..errors import Problem
from ..theme.model import Theme


class Format(Protocol):
    """One output format."""

    @property
    def name(self) -> str:
        """Its name on the command line (`--only pdf`)."""

    @property
    def suffix(self) -> str:
        """What follows the slug in its file name (`-fact-sheet.pdf`)."""

    @property
    def description(self) -> str: ...

    def reads(self, theme: Theme) -> list[Path]:
        """The theme files whose bytes shape this format's output: the build rebuilds it when
        one of these changes, and only then."""

    def template_warnings(self, theme: Theme) -> list[Problem]:
        """What the theme's templates lack but this format can do without (a style, say)."""

    def render(self, summary: Summary, theme: Theme) -> bytes:
        """The document's bytes; raises CannotRender for content it cannot lay out."""


def output_name(format: Format, slug: str) -> str:
    return f"{slug}{format.suffix}"


def _discover() -> dict[str, Format]:
    found: dict[str, Format] = {}
    for package in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        declared: Format = importlib.import_module(f"{__name__}.{package.name}").FORMAT
        if declared.name in found:
            raise RuntimeError(f"two output formats are named {declared.name!r}")
        found[declared.name] = declared
    return found


FORMATS: dict[str, Format] = _discover()
"""Every output format, by name, in the order of their packages' names."""

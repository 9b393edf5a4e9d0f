"""The one-page PDF fact sheet (reportlab).

Declared here with nothing heavy imported: reportlab loads only when a sheet is rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import Problem

if TYPE_CHECKING:
    from ...content.model import Summary
    from ...theme.model import Theme


class FactSheet:
    name = "pdf"
    suffix = "-fact-sheet.pdf"
    description = "one-page PDF fact sheet"

    def reads(self, theme: Theme) -> list[Path]:
        """The theme file, its fonts, its logo and the label sets: not the Word template."""
        named = [theme.path, theme.logo]
        fonts, labels = theme.fonts.values(), theme.label_files.values()
        return [*(path for path in named if path), *fonts, *labels]

    def template_warnings(self, theme: Theme) -> list[Problem]:
        return []

    def render(self, summary: Summary, theme: Theme) -> bytes:
        from .render import render

        return render(summary, theme)


FORMAT = FactSheet()

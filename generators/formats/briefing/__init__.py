"""The editable Word briefing (python-docx).

Declared here with nothing heavy imported: python-docx loads only when a briefing is rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import Problem

if TYPE_CHECKING:
    from ...content.model import Summary
    from ...theme.model import Theme


class Briefing:
    name = "docx"
    suffix = "-briefing.docx"
    description = "editable Word briefing"

    def reads(self, theme: Theme) -> list[Path]:
        """The theme file, the Word template, the logo Word shows and the label sets: not the
        sheet's fonts."""
        named = [theme.path, theme.reference_docx, theme.logo_png]
        return [*(path for path in named if path), *theme.label_files.values()]

    def template_warnings(self, theme: Theme) -> list[Problem]:
        from .template import template_warnings

        return template_warnings(theme)

    def render(self, summary: Summary, theme: Theme) -> bytes:
        from .document import render

        return render(summary, theme)


FORMAT = Briefing()

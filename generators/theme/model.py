"""The look of both documents: what generators read of a theme, and nothing of how it is found.

Generators import this module, never the loader, so rendering never pulls in the YAML reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from ..errors import CannotRender
from .labels import LabelSet, matching

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
AA_CONTRAST = 4.5


def _colour(value: str) -> str:
    if not _HEX.fullmatch(value):
        raise PydanticCustomError(
            "colour",
            "must be a colour written #rrggbb, e.g. #1d70b8 (got `{value}`)",
            {"value": value[:40]},
        )
    return value.lower()


Colour = Annotated[str, AfterValidator(_colour)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(_Model):
    size: Literal["A4", "Letter"] = "A4"
    margin_mm: float = Field(15, ge=12, le=40, description="Print-safe: at least 12 mm")


class Font(_Model):
    """A font from an installed fontpkg family, or four TrueType files inside templates/."""

    family: str = "Lato"
    regular: str | None = None
    bold: str | None = None
    italic: str | None = None
    bold_italic: str | None = None


class Sizes(_Model):
    """Type sizes in points: every sheet uses them, a long one a half point of body text less
    at a time (all sizes together), down to `min_body`."""

    headline: float = Field(28, ge=12, le=60)
    lede: float = Field(13, ge=8, le=24)
    heading: float = Field(13, ge=8, le=30)
    body: float = Field(10, ge=8, le=16)
    small: float = Field(8.5, ge=7, le=12)
    fact: float = Field(24, ge=12, le=48)
    min_body: float = Field(8, ge=8, le=16, description="Fit-to-page never goes below this")
    max_scale: float = Field(
        1.7, ge=1, le=2, description="Not used: sheets keep the theme's sizes (older themes set it)"
    )


class Colours(_Model):
    text: Colour = "#0b0c0c"
    muted: Colour = "#505a5f"
    background: Colour = "#ffffff"
    band: Colour = "#1d70b8"
    band_text: Colour = "#ffffff"
    accent: Colour = "#1d70b8"
    improved: Colour = "#00703c"
    concern: Colour = "#d4351c"
    rule: Colour = "#b1b4b6"
    panel: Colour = "#f3f2f1"
    link: Colour = "#1d70b8"
    marking: Colour = "#0b0c0c"


class Chip(_Model):
    fill: Colour
    text: Colour


def _default_grades() -> dict[str, Chip]:
    return {
        "Outstanding": Chip(fill="#00703c", text="#ffffff"),
        "Good": Chip(fill="#cce2d8", text="#005a30"),
        "Adequate": Chip(fill="#fff7bf", text="#594d00"),
        "Requires improvement": Chip(fill="#fcd6c3", text="#6e3619"),
        "Inadequate": Chip(fill="#d4351c", text="#ffffff"),
    }


class ThemeSettings(_Model):
    page: Page = Page()
    font: Font = Font()
    sizes: Sizes = Sizes()
    colours: Colours = Colours()
    grades: dict[str, Chip] = Field(default_factory=_default_grades)
    other_grade: Chip = Chip(fill="#e5e6e7", text="#282d30")
    logo: str | None = Field(None, description="PNG or SVG file inside the theme's folder")
    logo_png: str | None = Field(None, description="PNG of an SVG logo, for Word")
    logo_alt: str | None = Field(None, description="What the logo shows, for screen readers")

    def chip(self, grade: str) -> Chip:
        """The grade's colours, matched without regard to case; neutral for unknown words."""
        wanted = grade.casefold()
        return next((c for g, c in self.grades.items() if g.casefold() == wanted), self.other_grade)


@dataclass(frozen=True)
class Theme:
    """Validated settings with the files they name resolved: all a generator needs but content."""

    settings: ThemeSettings
    path: Path
    """The theme file: the user's `templates/theme.yaml`, another named, or the default."""
    fonts: dict[str, Path]
    logo: Path | None
    """What the fact sheet draws: a PNG, or an SVG drawn as vectors."""
    logo_png: Path | None
    """What the briefing embeds: Word needs a bitmap."""
    reference_docx: Path
    labels: dict[str, LabelSet]
    """Label sets by language tag."""
    label_files: dict[str, Path]
    """The file each label set came from, by language tag."""

    def files(self) -> list[Path]:
        """Every file the theme is made of: what watch follows."""
        named = [self.path, self.logo, self.logo_png, self.reference_docx]
        return [*(p for p in named if p), *self.fonts.values(), *self.label_files.values()]

    def label_set(self, language: str) -> LabelSet:
        """The label set for a summary's `language`; CannotRender, pointing at that key,
        when there is none in that language."""
        found = matching(self.labels, language)
        if found is None:
            raise CannotRender("language", missing_labels(language, sorted(self.labels)))
        return found


def missing_labels(language: str, known: list[str]) -> str:
    """How to add a language: one file, no code."""
    return (
        f"there is no label set in `{language}`; add one as templates/labels/{language}.yaml "
        f"with `language: {language}` and every label of an existing set translated "
        "(`precis labels en-GB` prints the English set to start from, `precis schema "
        f"--labels` the schema it must follow); sets here: {', '.join(known)}"
    )


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)

"""The look of both documents, read from `templates/theme.yaml` and validated like content."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .errors import PrecisError, Problem
from .loader import load_model
from .reader import Loc, read_yaml

TEMPLATES = Path("templates")
DEFAULT_THEME = TEMPLATES / "theme.yaml"
DEFAULT_REFERENCE_DOCX = TEMPLATES / "briefing.docx"

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
    """Type sizes in points at full scale; the fact sheet scales them together to fit."""

    headline: float = Field(28, ge=12, le=60)
    lede: float = Field(13, ge=8, le=24)
    heading: float = Field(13.5, ge=8, le=30)
    body: float = Field(10, ge=8, le=16)
    small: float = Field(8.5, ge=7, le=12)
    fact: float = Field(24, ge=12, le=48)
    min_body: float = Field(8, ge=8, le=16, description="Fit-to-page never goes below this")
    max_scale: float = Field(1.7, ge=1, le=2, description="How far a short sheet may grow")


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
        "Outstanding": Chip(fill="#cce2d8", text="#005a30"),
        "Good": Chip(fill="#bfe3e0", text="#10403c"),
        "Adequate": Chip(fill="#fff7bf", text="#594d00"),
        "Requires improvement": Chip(fill="#fcd6c3", text="#6e3619"),
        "Inadequate": Chip(fill="#f4cdc6", text="#2a0b06"),
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
    path: Path | None
    fonts: dict[str, Path]
    logo: Path | None
    """What the fact sheet draws: a PNG, or an SVG drawn as vectors."""
    logo_png: Path | None
    """What the briefing embeds: Word needs a bitmap."""
    reference_docx: Path

    def files(self) -> list[Path]:
        """Every file whose bytes shape the output: the build fingerprints these."""
        named = [self.path, self.logo, self.logo_png, self.reference_docx]
        return [*(p for p in named if p), *self.fonts.values()]


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def contrast_failures(theme: ThemeSettings) -> list[tuple[Loc, str]]:
    """Every text colour that fails WCAG AA on the background it is printed on."""
    c = theme.colours
    pairs: list[tuple[Loc, str, str, str, str]] = [
        (("colours", name), name, getattr(c, name), "background", c.background)
        for name in ("text", "muted", "accent", "improved", "concern", "link", "marking")
    ]
    pairs += [
        (("colours", "band_text"), "band_text", c.band_text, "band", c.band),
        (("colours", "text"), "text", c.text, "panel", c.panel),
        (
            ("other_grade", "text"),
            "other_grade.text",
            theme.other_grade.text,
            "other_grade.fill",
            theme.other_grade.fill,
        ),
    ]
    pairs += [
        (
            ("grades", grade, "text"),
            f"grades.{grade}.text",
            chip.text,
            f"grades.{grade}.fill",
            chip.fill,
        )
        for grade, chip in theme.grades.items()
    ]
    failures = []
    for loc, fg_name, fg, bg_name, bg in pairs:
        ratio = contrast(fg, bg)
        if ratio < AA_CONTRAST:
            failures.append(
                (
                    loc,
                    (
                        f"`{fg_name}` {fg} on `{bg_name}` {bg} has contrast {ratio:.2f}:1, below "
                        f"the {AA_CONTRAST}:1 that WCAG AA requires for text; choose a darker or "
                        "lighter colour"
                    ),
                )
            )
    return failures


def _inside(folder: Path, name: str) -> Path | None:
    """`name` resolved inside `folder`, or None if it escapes (`../`, absolute, a symlink out)."""
    candidate = (folder / name).resolve()
    return candidate if candidate.is_relative_to(folder.resolve()) else None


def _logo(
    folder: Path,
    key: str,
    name: str | None,
    suffixes: tuple[str, ...],
    problems: list[tuple[Loc, str]],
) -> Path | None:
    """The logo file, checked to be inside the theme's folder and readable as what it claims."""
    if not name:
        return None
    path = _inside(folder, name)
    kinds = " or ".join(s[1:].upper() for s in suffixes)
    if path is None:
        problem = (
            f"`{name}` is outside {folder}/; put the file in that folder and name it relative to it"
        )
    elif not path.is_file():
        problem = f"`{name}` not found in {folder}/"
    elif path.suffix.lower() not in suffixes:
        problem = f"`{name}` must be a {kinds} file"
    elif not _readable_image(path):
        problem = f"`{name}` cannot be read as a {path.suffix[1:].upper()} image"
    else:
        return path
    problems.append(((key,), f"{key} {problem}"))
    return None


def _readable_image(path: Path) -> bool:
    try:
        if path.suffix.lower() == ".png":
            return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        from svglib.svglib import svg2rlg  # imported here: only themes with an SVG logo need it

        return svg2rlg(str(path)) is not None
    except Exception:  # any parse failure means the same to the user: it cannot be read
        return False


def _is_truetype(path: Path) -> bool:
    """TrueType outlines, the kind reportlab embeds, by the file's first four bytes."""
    with path.open("rb") as handle:
        return handle.read(4) in (b"\x00\x01\x00\x00", b"true")


def _font_files(theme: ThemeSettings, folder: Path) -> dict[str, Path] | list[tuple[Loc, str]]:
    font = theme.font
    named = {
        "regular": font.regular,
        "bold": font.bold,
        "italic": font.italic,
        "bold_italic": font.bold_italic,
    }
    if any(named.values()):
        missing = [k for k, v in named.items() if not v]
        if missing:
            return [
                (
                    ("font",),
                    "give all four font files (regular, bold, italic, bold_italic); "
                    f"missing: {', '.join(missing)}",
                )
            ]
        found: dict[str, Path] = {}
        problems: list[tuple[Loc, str]] = []
        for style, name in named.items():
            path = _inside(folder, str(name))
            if path is None or not path.is_file():
                problems.append((("font", style), f"font file `{name}` not found inside {folder}/"))
            elif not _is_truetype(path):
                problems.append(
                    (
                        ("font", style),
                        f"font file `{name}` is not a TrueType font; give a .ttf file "
                        "(OpenType fonts with PostScript outlines, .otf, cannot be embedded)",
                    )
                )
            else:
                found[style] = path
        return problems or found
    import fontpkg  # imported here: only a build needs fonts

    try:
        return {
            style: fontpkg.path(font.family, weight, italic)
            for style, weight, italic in (
                ("regular", 400, "normal"),
                ("bold", 700, "normal"),
                ("italic", 400, "italic"),
                ("bold_italic", 700, "italic"),
            )
        }
    except fontpkg.FontpkgError as exc:
        return [
            (
                ("font", "family"),
                (
                    f"font family `{font.family}` is not installed ({exc}); install it with "
                    f"`pip install fontpkg-{fontpkg.slugify(font.family)}` or name four .ttf files"
                ),
            )
        ]


def load_theme(
    path: Path | None = DEFAULT_THEME,
    reference_docx: Path = DEFAULT_REFERENCE_DOCX,
) -> Theme:
    """Load and check a theme file and the files it names; `None` means the built-in defaults."""
    if path is None:
        theme, folder = ThemeSettings(), TEMPLATES
    else:
        theme, folder = load_model(path, ThemeSettings), path.parent
    problems = contrast_failures(theme)
    logo = _logo(folder, "logo", theme.logo, (".png", ".svg"), problems)
    logo_png = _logo(folder, "logo_png", theme.logo_png, (".png",), problems)
    if logo and logo.suffix.lower() == ".png":
        logo_png = logo_png or logo
    if logo and not logo_png and not problems:
        problems.append(
            (
                ("logo",),
                "Word cannot show an SVG logo on its own; add `logo_png:` "
                "naming a PNG of the same logo for the briefing",
            )
        )
    if logo and not theme.logo_alt:
        problems.append(
            (
                ("logo",),
                "add `logo_alt:`, a few words on what the logo shows, read out by screen readers",
            )
        )
    fonts = _font_files(theme, folder)
    if isinstance(fonts, list):
        problems += fonts
    if problems:
        raise _positioned(path, problems)
    assert isinstance(fonts, dict)
    _check_reference_docx(reference_docx)
    return Theme(theme, path, fonts, logo, logo_png, reference_docx)


REMAKE = "run `python -m generators.reference_docx` to make a new one"


def _check_reference_docx(path: Path) -> None:
    """A Word document, or a clear error: a bad template would fail every briefing."""
    if not path.is_file():
        raise PrecisError.at(
            path, 1, 1, f"reference template not found; pass --reference-docx PATH or {REMAKE}"
        )
    try:
        with zipfile.ZipFile(path) as package:
            parts = set(package.namelist())
    except (zipfile.BadZipFile, OSError):
        parts = set()
    if not {"[Content_Types].xml", "word/document.xml", "word/styles.xml"} <= parts:
        raise PrecisError.at(
            path,
            1,
            1,
            f"not a Word document with styles; save it from Word as .docx, or {REMAKE}",
        )


def _positioned(path: Path | None, problems: list[tuple[Loc, str]]) -> PrecisError:
    if path is None:
        return PrecisError([Problem("<default theme>", 1, 1, m) for _, m in problems])
    document = read_yaml(path)
    return PrecisError([Problem(str(path), *document.position(loc), m) for loc, m in problems])

"""Find a theme's files and check them: the user's `templates/` first, else the defaults that
ship inside the package, each file on its own.

A theme is untrusted input like a summary: every problem is reported at its place in the theme
file, and every file it names must lie inside the theme's own folder.
"""

from __future__ import annotations

import atexit
import functools
import importlib.resources
from contextlib import ExitStack
from pathlib import Path

from ..content.loader import load_model, validate
from ..content.reader import Loc, read_yaml
from ..errors import PrecisError, Problem
from .labels import LabelSet
from .model import AA_CONTRAST, Theme, ThemeSettings, contrast
from .svg import logo_drawing, read_logo
from .wordpackage import clean_template

TEMPLATES = Path("templates")
"""The user's templates folder, relative to where precis runs."""
THEME_FILE = "theme.yaml"
REFERENCE_DOCX = "briefing.docx"
DEFAULT_FILES = (THEME_FILE, REFERENCE_DOCX)
"""The files a templates folder may hold; each one there replaces the default of its name."""

_EXTRACTED = ExitStack()
"""Defaults unpacked from a zipped install, kept for the life of the process."""
atexit.register(_EXTRACTED.close)


LABELS = "labels"
"""The folder of label sets, one YAML file per language, in the package and in templates/."""


@functools.cache
def packaged(name: str, folder: str = "defaults") -> Path:
    """The default `name` shipped inside the package, as a file on disk."""
    resource = importlib.resources.files(__package__).joinpath(folder, name)
    return _EXTRACTED.enter_context(importlib.resources.as_file(resource))


def label_files(templates: Path = TEMPLATES, theme_folder: Path | None = None) -> list[Path]:
    """Every label set file, weakest first: the packaged ones, then the theme folder's
    `labels/`, then `templates/labels/`. A file replaces one of the same name before it;
    files of other names add languages (or, declaring one already there, replace its set)."""
    shipped = importlib.resources.files(__package__).joinpath(LABELS)
    folders = [folder for folder in dict.fromkeys((theme_folder, templates)) if folder]
    layers = [
        {entry.name: packaged(entry.name, LABELS) for entry in shipped.iterdir()},
        *(_yaml_files(folder / LABELS) for folder in folders),
    ]
    chosen: dict[str, tuple[int, Path]] = {}
    for rank, layer in enumerate(layers):
        chosen |= {name: (rank, path) for name, path in layer.items() if name.endswith(".yaml")}
    return [path for _, path in sorted(chosen.values())]


def _yaml_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {path.name: path for path in sorted(folder.glob("*.yaml"))}


def load_labels(paths: list[Path]) -> tuple[dict[str, LabelSet], dict[str, Path]]:
    """Each file's label set by its language, a later file's replacing an earlier one's; two
    files of one folder in one language are an error, since neither can be meant."""
    sets: dict[str, LabelSet] = {}
    files: dict[str, Path] = {}
    for path in paths:
        document = read_yaml(path)
        labels = validate(document, LabelSet)
        tag = labels.language
        earlier = files.get(tag)
        if earlier is not None and earlier.parent == path.parent:
            raise document.fail(
                ("language",),
                f"{earlier.name} in this folder is in `{tag}` too; keep one set per language",
            )
        sets[tag], files[tag] = labels, path
    return sets, files


def template_file(name: str, templates: Path = TEMPLATES) -> Path:
    """The user's `templates/NAME` when there is one, else the default shipped with Precis."""
    user = templates / name
    return user if user.exists() else packaged(name)


def size_failures(theme: ThemeSettings) -> list[tuple[Loc, str]]:
    """Sizes that cannot go together: each is checked alone by the model, but a long sheet
    steps the body down to `min_body`, which must not be above the body size it starts at."""
    sizes = theme.sizes
    if sizes.min_body <= sizes.body:
        return []
    return [
        (
            ("sizes", "min_body"),
            f"`sizes.min_body` {sizes.min_body:g} is larger than `sizes.body` {sizes.body:g}; "
            "make it the body size or smaller",
        )
    ]


def contrast_failures(theme: ThemeSettings) -> list[tuple[Loc, str]]:
    """Every text colour that fails WCAG AA on the background it is printed on."""
    colours = theme.colours
    pairs: list[tuple[Loc, str, str, str, str]] = [
        (("colours", name), name, getattr(colours, name), "background", colours.background)
        for name in ("text", "muted", "accent", "improved", "concern", "link", "marking")
    ]
    pairs += [
        (("colours", "band_text"), "band_text", colours.band_text, "band", colours.band),
        (("colours", "text"), "text", colours.text, "panel", colours.panel),
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
    """The logo file, checked to be inside the theme's folder and readable as what it claims;
    an SVG's own references are checked by `read_logo`, each at its place in the SVG."""
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
    else:
        unreadable = _unreadable_image(path)
        if unreadable is None:
            return path
        problem = f"`{name}` {unreadable}"
    problems.append(((key,), f"{key} {problem}"))
    return None


MAX_LOGO_PIXELS = 4096 * 4096
"""A logo prints a few centimetres wide; a bigger one only costs memory in every worker (a
30000-pixel square inflates to gigabytes)."""


def _unreadable_image(path: Path) -> str | None:
    """Why the logo cannot be drawn, or None: a PNG is decoded in full (a truncated one fails
    only then), after its size is checked (Pillow's own bomb limit is ten times ours)."""
    cannot = f"cannot be read as a {path.suffix[1:].upper()} image"
    try:
        if path.suffix.lower() == ".png":
            return _unreadable_png(path, cannot)
        return None if logo_drawing(read_logo(path)) is not None else cannot
    except PrecisError:
        raise  # a reference the logo may not make, or its size: said at its place in the SVG
    except Exception:  # any parse failure means the same to the user: it cannot be read
        return cannot


def _unreadable_png(path: Path, cannot: str) -> str | None:
    import warnings

    from PIL import Image  # imported here: only themes with a PNG logo need it

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(path, formats=["PNG"])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            image = None
        if image is None or image.width * image.height > MAX_LOGO_PIXELS:
            size = f"{image.width:,} by {image.height:,}" if image else "tens of thousands of"
            return (
                f"is {size} pixels, too large for a logo; save it at most 4096 by 4096 "
                f"({MAX_LOGO_PIXELS:,} pixels in all), which prints sharp at any size a logo needs"
            )
        with image:
            image.load()
    return None


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
    path: Path | None = None,
    reference_docx: Path | None = None,
    templates: Path = TEMPLATES,
) -> Theme:
    """Load and check a theme file and the files it names. A path not given is the user's
    `templates/` file of that name, else the default shipped with Precis."""
    path = path or template_file(THEME_FILE, templates)
    reference_docx = reference_docx or template_file(REFERENCE_DOCX, templates)
    theme, folder = load_model(path, ThemeSettings), path.parent
    problems = contrast_failures(theme) + size_failures(theme)
    try:
        logo, in_logo = _logo(folder, "logo", theme.logo, (".png", ".svg"), problems), []
    except PrecisError as refused:  # references the SVG makes, each at its place in it
        logo, in_logo = None, refused.problems
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
    if problems or in_logo:
        raise _positioned(path, problems, in_logo)
    assert isinstance(fonts, dict)
    _check_reference_docx(reference_docx)
    themed = None if path.resolve() == packaged(THEME_FILE).resolve() else folder
    labels, files = load_labels(label_files(templates, themed))
    return Theme(theme, path, fonts, logo, logo_png, reference_docx, labels, files)


def _check_reference_docx(path: Path) -> None:
    """A Word document Precis can read within bounds, or a clear error now: a bad template
    would fail every briefing. What it leaves out of the template the build warns of."""
    clean_template(path)


def _positioned(
    path: Path, problems: list[tuple[Loc, str]], elsewhere: list[Problem]
) -> PrecisError:
    document = read_yaml(path)
    located = [Problem(str(path), *document.position(loc), m) for loc, m in problems]
    return PrecisError(located + elsewhere)

"""An SVG logo is someone else's file, and SVG can name other files: `<image href="../x.png">`,
`<use href="other.svg#mark">`, `@import` and `url(...)` in its styles, a `font-family` that
svglib looks for as `NAME.ttf` in the working folder and then through fontconfig.

A logo must therefore be one self-contained file. Every reference it makes is checked here
and refused, with its place in the SVG, before any document is built: only a fragment of the
file itself (`#id`) and a bounded PNG or JPEG embedded as a `data:` URI are kept. Refusing
references (rather than allowing those that resolve inside the theme folder) keeps the logo
one file, whose bytes the build's theme fingerprint and `precis watch` already follow, and
leaves no path check that a link swapped in later could race.

What svglib is given cannot reach anything else even so: the bytes, not the path, so it has no
folder to resolve a file name against, and a font map that sets every family in the sheet's
own embedded faces, so it never opens a font file of its own choosing.
"""

from __future__ import annotations

import base64
import binascii
import functools
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import PrecisError, Problem

MAX_LOGO_BYTES = 2 * 1024 * 1024
"""A logo file, embedded images and all: a drawing for a 24-point strip, not a poster."""
MAX_IMAGE_SIDE = 4096
"""Pixels along each side of an embedded image: far more than a logo printed 24 points high
needs, and it keeps the image a PDF must hold in memory bounded."""
EMBEDDED = re.compile(r"data:image/(jpe?g|png);base64,")
"""The `data:` URIs svglib decodes itself (it matches the start of the reference, case and all)."""
_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG"}
_WEB = ("http", "https", "ftp")

_PARSER_OPTIONS: dict[str, Any] = {
    "remove_comments": True,
    "recover": True,  # as svglib parses: what it would draw from a broken file is checked too
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "huge_tree": False,
}


def read_logo(path: Path) -> bytes:
    """The logo's bytes, once every reference in it is known to be harmless; otherwise a
    PrecisError with one located problem for each reference that is not."""
    with path.open("rb") as handle:
        data = handle.read(MAX_LOGO_BYTES + 1)  # bounded, even if it grows as it is read
    if len(data) > MAX_LOGO_BYTES:
        raise PrecisError.at(
            path,
            1,
            1,
            f"the logo is {path.stat().st_size:,} bytes, over the {MAX_LOGO_BYTES:,}-byte "
            "limit; save it as plain or optimised SVG, with any embedded image at a smaller size",
        )
    problems = list(_problems(path, data))
    if problems:
        raise PrecisError(problems)
    return data


def _problems(path: Path, data: bytes) -> Iterator[Problem]:
    from lxml import etree  # imported here: only themes with an SVG logo need it

    try:
        root = etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError:
        return  # nothing svglib could draw either; the loader says so
    if root is None:
        return
    source = data.decode("utf-8", "replace")
    for element, reference, in_text in _references(root):
        message = _refused(etree.QName(element).localname, reference)
        if message:
            line, col = _place(source, element.sourceline or 1, reference, in_text)
            yield Problem(str(path), line, col, message)


def _references(root: Any) -> Iterator[tuple[Any, str, bool]]:
    """Each element's references: its `href` (plain or xlink:), every `url(...)` in its other
    attributes and in a `<style>` element's text, every `@import`; True for those in text."""
    import tinycss2

    for element in root.iter():
        if not isinstance(element.tag, str):  # an unresolved entity, a processing instruction
            continue
        for name, value in element.attrib.items():
            if name in ("href", "{http://www.w3.org/1999/xlink}href"):
                yield element, value, False
            else:
                for reference in _css_urls(tinycss2.parse_component_value_list(value)):
                    yield element, reference, False
        if element.tag.rpartition("}")[2] == "style":
            rules = tinycss2.parse_stylesheet("".join(element.itertext()))
            for reference in _css_urls(rules):
                yield element, reference, True


def _css_urls(nodes: list[Any]) -> Iterator[str]:
    """Every `url(...)`, and every `@import "name"`, however deep in blocks and functions."""
    for node in nodes:
        kind = getattr(node, "type", "")
        if kind == "url":
            yield node.value
        elif kind == "function" and node.lower_name == "url":
            yield from (arg.value for arg in node.arguments if arg.type == "string")
        elif kind == "at-rule" and node.lower_at_keyword == "import":
            yield from (token.value for token in node.prelude if token.type == "string")
        for children in ("prelude", "content", "arguments", "value"):
            inner = getattr(node, children, None)
            if isinstance(inner, list):
                yield from _css_urls(inner)


def _refused(tag: str, reference: str) -> str | None:
    """Why this reference cannot stay, or None when it can."""
    if reference.startswith("#"):
        return None
    shown = f"`{reference[:200]}{'…' if len(reference) > 200 else ''}`"
    embedded = EMBEDDED.match(reference)
    if embedded:
        return _embedded_image(tag, _FORMATS[embedded.group(1)], reference[embedded.end() :])
    fix = (
        "copy what it refers to into the SVG (an image as a data: URI: in Inkscape, "
        "Extensions > Images > Embed Images) or remove the reference"
    )
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", reference)
    if scheme and scheme.group(1).lower() in _WEB:
        return f"`<{tag}>` refers to {shown}, on the web, which Precis never fetches; {fix}"
    return f"`<{tag}>` refers to another file, {shown}; a logo must be one SVG file, so {fix}"


def _embedded_image(tag: str, kind: str, encoded: str) -> str | None:
    """None for a PNG or JPEG of sensible size, as its data: URI says; else what is wrong."""
    from PIL import Image, UnidentifiedImageError

    fix = "save the logo again with the image embedded as a PNG or JPEG"
    try:
        data = base64.decodebytes(encoded.encode("ascii"))
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            found, (width, height) = image.format, image.size
    except (binascii.Error, UnicodeEncodeError, UnidentifiedImageError, OSError):
        return f"`<{tag}>` embeds an image that cannot be read as a {kind}; {fix}"
    except Image.DecompressionBombError:
        found, width, height = kind, MAX_IMAGE_SIDE + 1, MAX_IMAGE_SIDE + 1
    if found != kind:
        return f"`<{tag}>` embeds an image said to be {kind} that is {found}; {fix}"
    if max(width, height) > MAX_IMAGE_SIDE:
        return (
            f"`<{tag}>` embeds an image {width:,} by {height:,} pixels, over the "
            f"{MAX_IMAGE_SIDE:,} pixels a side a logo may have; embed a smaller copy"
        )
    return None


def _place(source: str, line: int, reference: str, in_text: bool) -> tuple[int, int]:
    """Where `reference` is written: lxml knows the line on which an element's start tag ends
    (its attributes are on or before it) and no column, so the text is looked for there."""
    starts = [0, *(match.end() for match in re.finditer("\n", source))]
    line = min(line, len(starts))
    end = starts[line] if line < len(starts) else len(source)
    after, before = source.find(reference, starts[line - 1]), source.rfind(reference, 0, end)
    index = after if in_text else before
    if index < 0:
        return line, 1
    found = source.count("\n", 0, index) + 1
    return found, index - starts[found - 1] + 1


class SheetFaces:
    """A font map for svglib that sets every family a logo names in one of two registered
    faces, by weight: svglib's own would open `NAME.ttf` (so `font-family="/home/me/x"`
    reads /home/me/x.ttf into the PDF) or whatever fontconfig offers on this machine."""

    def __init__(self, regular: str, bold: str) -> None:
        self.regular, self.bold = regular, bold

    def find_font(
        self, font_name: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[str, bool]:
        bold = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
        return (self.bold if bold else self.regular), True


@functools.cache
def logo_drawing(data: bytes, regular: str = "Helvetica", bold: str = "Helvetica-Bold") -> Any:
    """The logo as reportlab vector graphics, its text in these faces, parsed once per process
    for each logo and faces; None when svglib can draw nothing from it."""
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(data), resolve_entities=False, font_map=SheetFaces(regular, bold))
    if drawing is not None:
        drawing.initialFontName = regular  # reportlab sets it before drawing: one the PDF embeds
    return drawing

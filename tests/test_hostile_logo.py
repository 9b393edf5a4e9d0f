"""An SVG logo from someone else: every reference it makes to another file, or to the web, is
refused at its place in the SVG before anything is built, and nothing outside the logo (a
picture beside the theme folder, a font, /etc/passwd, a web server) ever reaches a sheet.

The SVGs live in tests/hostile/theme/ as an editor would save them; the secrets they reach
for, the symbolic link, and the SVGs that must name this test's own paths or server are made
here.
"""

from __future__ import annotations

import base64
import http.server
import io
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import fontpkg
import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.graphics import renderPDF

from generators.content.loader import load_summary
from generators.errors import PrecisError
from generators.formats import FORMATS
from generators.theme.loader import load_theme
from generators.theme.svg import MAX_LOGO_BYTES, logo_drawing

from .conftest import DEFAULT_DOCX, MINIMAL, ROOT

CORPUS = ROOT / "tests" / "hostile" / "theme"
SECRET_COLOUR = (201, 13, 77)
SECRET_TEXT = "the secret beside the theme folder"
FIX = (
    "copy what it refers to into the SVG (an image as a data: URI: in Inkscape, Extensions > "
    "Images > Embed Images) or remove the reference"
)


def another_file(tag: str, reference: str) -> str:
    return f"`<{tag}>` refers to another file, `{reference}`; a logo must be one SVG file, so {FIX}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A theme folder whose logo is `logo.svg`, beside secrets it must never reach: a picture
    of one odd colour, a text file and a font; inside it, a link to the picture."""
    theme = tmp_path / "theme"
    theme.mkdir()
    Image.new("RGB", (7, 5), SECRET_COLOUR).save(tmp_path / "secret.png")
    (tmp_path / "secret.txt").write_text(SECRET_TEXT)
    shutil.copy(fontpkg.path("Lato", 400, "italic"), tmp_path / "secret.ttf")  # the sheet sets
    (theme / "mark.png").symlink_to(tmp_path / "secret.png")  # no italic, so it embeds none
    shutil.copy(ROOT / "docs" / "gallery" / "minimal.png", theme / "logo.png")
    (theme / "theme.yaml").write_text("logo: logo.svg\nlogo_png: logo.png\nlogo_alt: Logo\n")
    return theme


def refusals(folder: Path, svg: str) -> list[str]:
    """What loading the theme says, once `svg` (a corpus file's name, or SVG text) is its logo,
    each message with its place and without the logo's path, which every one must carry."""
    logo = folder / "logo.svg"
    if svg.endswith(".svg"):
        shutil.copy(CORPUS / svg, logo)
    else:
        logo.write_text(svg)
    with pytest.raises(PrecisError) as refused:
        load_theme(folder / "theme.yaml", DEFAULT_DOCX)
    assert all(p.path == str(logo) for p in refused.value.problems), refused.value.problems
    return [f"{p.line}:{p.col}: {p.message}" for p in refused.value.problems]


REFUSED = {
    "parent-image.svg": [f"3:45: {another_file('image', '../secret.png')}"],
    "parent-image-svg2.svg": [f"3:39: {another_file('image', '../secret.png')}"],
    "file-url.svg": [f"2:45: {another_file('image', 'file:../secret.png')}"],
    "linked-image.svg": [f"4:16: {another_file('image', 'mark.png')}"],  # a link out
    "use-outside.svg": [f"2:20: {another_file('use', '../outside.svg#mark')}"],
    # an internal entity is expanded in an attribute: found where the entity gives the name
    "entity-hidden-image.svg": [f"3:19: {another_file('image', '../secret.png')}"],
    "style-import.svg": [
        f"3:17: {another_file('style', '../outside.css')}",
        f"4:23: {another_file('style', '../secret.png#x')}",
        f"6:53: {another_file('rect', '../secret.png')}",
    ],
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_logo_referring_to_another_file_is_refused_where_it_does(folder: Path, name: str) -> None:
    """Found in issue 16: `../secret.png`, and a link in the theme folder to it, were drawn
    into the sheet; `file:` and the rest were dropped without a word."""
    assert refusals(folder, name) == REFUSED[name]


def test_absolute_references_are_refused(folder: Path) -> None:
    secret = folder.parent / "secret.png"
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40">\n'
        f'<image width="7" height="5" href="{secret}"/>\n'
        f'<image width="7" height="5" href="file://{secret}"/>\n'
        "</svg>\n"
    )
    assert refusals(folder, svg) == [
        f"2:35: {another_file('image', str(secret))}",
        f"3:35: {another_file('image', f'file://{secret}')}",
    ]


def _secret_reached(pdf: bytes) -> bool:
    """Whether any image in the PDF is the secret picture, by its size or its colour, or its
    bytes are there as they are in the file."""
    secret = Image.new("RGB", (7, 5), SECRET_COLOUR).tobytes()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            picture = image.image.convert("RGB") if image.image else Image.new("RGB", (1, 1))
            colours = {colour for _, colour in picture.getcolors(64) or []}
            if picture.size == (7, 5) or SECRET_COLOUR in colours:
                return True
    return secret in pdf


@pytest.mark.parametrize("name", [*sorted(REFUSED), "absolute"])
def test_past_the_check_svglib_still_reaches_no_file(
    folder: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The drawing is made from the logo's bytes, never its path: were a reference to slip
    past the check, svglib would have no folder to find the file in."""
    secret = folder.parent / "secret.png"
    data = (
        (CORPUS / name).read_bytes()
        if name != "absolute"
        else f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{secret}"/></svg>'.encode()
    )
    monkeypatch.chdir(folder)  # where a relative reference would be looked for, if anywhere
    drawing = logo_drawing(data)
    assert drawing is not None
    assert not _secret_reached(renderPDF.drawToString(drawing))


def test_the_refusal_is_said_before_anything_is_built(
    folder: Path, write: Callable[..., Path]
) -> None:
    """One line at the reference's place, a non-zero exit, no traceback and no output."""
    shutil.copy(CORPUS / "parent-image.svg", folder / "logo.svg")
    summary = write("a.yaml", MINIMAL)
    out = folder.parent / "out"
    command = ["build", str(summary), "--out", str(out), "--theme", str(folder / "theme.yaml")]
    run = subprocess.run(
        [sys.executable, "-m", "generators", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"{folder / 'logo.svg'}:3:45: {another_file('image', '../secret.png')}"
    ]
    assert not out.exists() or not any(out.iterdir())


def _fonts(pdf: bytes) -> set[str]:
    page: Any = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = page["/Resources"]["/Font"]
    return {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}


def test_a_font_family_never_opens_a_font_file(
    folder: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found while fixing issue 16: svglib looks for `font-family="../secret"` as
    ../secret.ttf from the working folder, and asks fontconfig for others, and embeds what
    it finds; and any SVG logo set reportlab's Helvetica, a font no PDF/A may leave out."""
    shutil.copy(CORPUS / "font-file.svg", folder / "logo.svg")
    monkeypatch.chdir(folder)  # ../secret.ttf is the secret font from here
    theme = load_theme(folder / "theme.yaml", DEFAULT_DOCX)
    pdf = FORMATS["pdf"].render(load_summary(write("a.yaml", MINIMAL)).summary, theme)
    assert _fonts(pdf) == {"Lato-Regular", "Lato-Bold"}
    assert "Mark" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


class _Server(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY fetched "FETCHED">')

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A web server on this machine that answers anything, and records that it was asked."""
    _Server.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_nothing_on_the_web_is_fetched(folder: Path, server: str) -> None:
    """References to the web are refused; a DTD, parameter entity or external entity on the
    web is not even asked for, by the check or by svglib."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        f'<image width="7" height="5" href="{server}/logo.png"/>\n'
        f'<use xlink:href="{server}/parts.svg#mark"/>\n'
        f"<style>@import url({server}/house.css);</style>\n"
        "</svg>\n"
    )
    web = "on the web, which Precis never fetches"
    assert refusals(folder, svg) == [
        f"2:35: `<image>` refers to `{server}/logo.png`, {web}; {FIX}",
        f"3:18: `<use>` refers to `{server}/parts.svg#mark`, {web}; {FIX}",
        f"4:20: `<style>` refers to `{server}/house.css`, {web}; {FIX}",
    ]
    (folder / "logo.svg").write_text(
        f'<!DOCTYPE svg SYSTEM "{server}/svg.dtd" [\n'
        f'<!ENTITY % remote SYSTEM "{server}/remote.dtd"> %remote;\n'
        f'<!ENTITY page SYSTEM "{server}/page">\n'
        "]>\n"
        '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40">'
        "<text>Mark &page; &fetched;</text></svg>\n"
    )
    theme = load_theme(folder / "theme.yaml", DEFAULT_DOCX)
    assert theme.logo is not None
    renderPDF.drawToString(logo_drawing(theme.logo.read_bytes()))
    assert _Server.requests == []


def test_external_entities_read_nothing(folder: Path, write: Callable[..., Path]) -> None:
    """An entity naming a file beside the theme folder, or /etc/passwd, is neither read by
    the check nor by svglib: the sheet shows the logo's own text and nothing of theirs."""
    shutil.copy(CORPUS / "external-entities.svg", folder / "logo.svg")
    theme = load_theme(folder / "theme.yaml", DEFAULT_DOCX)
    pdf = FORMATS["pdf"].render(load_summary(write("a.yaml", MINIMAL)).summary, theme)
    assert b"secret beside" not in pdf and b"root:" not in pdf
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Mark" in text and SECRET_TEXT not in text and "root:" not in text


def _embedded(width: int, height: int, kind: str = "png") -> str:
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")  # one bit a pixel: a few kilobytes
    encoded = base64.b64encode(buffer.getvalue()).decode()
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40">\n'
        f'  <image width="70" height="30" href="data:image/{kind};base64,{encoded}"/>\n</svg>\n'
    )


def test_an_embedded_image_is_bounded(folder: Path) -> None:
    """A `data:` image is kept when it is a PNG or JPEG of a logo's size; one 20,000 pixels
    wide would be decoded in full into the PDF, and one not what it says is not drawn."""
    (folder / "logo.svg").write_text(_embedded(400, 100))
    assert load_theme(folder / "theme.yaml", DEFAULT_DOCX).logo is not None
    assert refusals(folder, _embedded(20_000, 2_000)) == [
        "2:39: `<image>` embeds an image 20,000 by 2,000 pixels, over the 4,096 pixels a side "
        "a logo may have; embed a smaller copy"
    ]
    assert refusals(folder, _embedded(40, 10, "jpeg")) == [
        "2:39: `<image>` embeds an image said to be JPEG that is PNG; save the logo again "
        "with the image embedded as a PNG or JPEG"
    ]


def test_a_logo_file_is_bounded(folder: Path) -> None:
    padding = "<!--" + "x" * MAX_LOGO_BYTES + "-->"
    assert refusals(folder, f'<svg xmlns="http://www.w3.org/2000/svg">{padding}</svg>') == [
        f"1:1: the logo is {MAX_LOGO_BYTES + 53:,} bytes, over the {MAX_LOGO_BYTES:,}-byte "
        "limit; save it as plain or optimised SVG, with any embedded image at a smaller size"
    ]

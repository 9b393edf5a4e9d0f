"""Hostile Word templates and logos: a theme downloaded from anywhere.

A briefing starts as a copy of its template, so what the template holds that fetches from
elsewhere or runs code must not reach the briefing; what cannot be read, or would take
gigabytes to, is one located error before anything is built. The hostile parts live in
tests/hostile/template/ as text; the packages, and everything big, are made here.
"""

from __future__ import annotations

import io
import os
import re
import resource
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from lxml import etree
from PIL import Image

from generators.content.loader import load_summary
from generators.errors import PrecisError
from generators.formats import FORMATS
from generators.formats.briefing.template import template_warnings
from generators.theme import wordpackage
from generators.theme.loader import load_theme

from .conftest import DEFAULT_DOCX, DEFAULT_THEME, MINIMAL, ROOT, SUMMARIES
from .test_word_tools import to_pdf, validate

HOSTILE = ROOT / "tests" / "hostile" / "template"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
VBA_PROJECT = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
"""The start of an OLE compound file, as a vbaProject.bin is: macros in name, no code."""
GIB = 1024**3


def repack(base: Path, target: Path, parts: dict[str, bytes | None], types: dict[str, str]) -> Path:
    """`base` with `parts` replaced, added or (None) removed, and `types` as content types."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        names = [*source.namelist(), *(n for n in parts if n not in source.namelist())]
        for name in names:
            data = parts[name] if name in parts else source.read(name)
            if name == "[Content_Types].xml" and data is not None:
                tree = etree.fromstring(data)
                for part, content_type in types.items():
                    etree.SubElement(
                        tree,
                        f"{{{CONTENT_TYPES}}}Override",
                        PartName=part,
                        ContentType=content_type,
                    )
                data = etree.tostring(tree)
            if data is not None:
                out.writestr(name, data)
    return target


def merged_rels(current: bytes, extra: Path) -> bytes:
    tree = etree.fromstring(current)
    tree.extend(etree.parse(str(extra)).getroot().iterfind(f"{{{RELS}}}Relationship"))
    result: bytes = etree.tostring(tree)
    return result


def with_header(folder: Path) -> Path:
    """Precis's own template with a header part (word/header1.xml) to replace."""
    document = docx.Document(str(DEFAULT_DOCX))
    document.sections[0].header.paragraphs[0].text = "a header"
    document.save(str(folder / "base.docx"))
    return folder / "base.docx"


def hostile_template(folder: Path) -> Path:
    """A house template carrying everything of issue 16, item 5 at once."""
    base = with_header(folder)
    with zipfile.ZipFile(base) as source:
        document_rels = source.read("word/_rels/document.xml.rels")
    parts: dict[str, bytes | None] = {
        "word/header1.xml": (HOSTILE / "header.xml").read_bytes(),
        "word/_rels/header1.xml.rels": (HOSTILE / "header.xml.rels").read_bytes(),
        "word/settings.xml": (HOSTILE / "settings.xml").read_bytes(),
        "word/_rels/settings.xml.rels": (HOSTILE / "settings.xml.rels").read_bytes(),
        "word/webSettings.xml": (HOSTILE / "webSettings.xml").read_bytes(),
        "word/_rels/webSettings.xml.rels": (HOSTILE / "webSettings.xml.rels").read_bytes(),
        "word/_rels/document.xml.rels": merged_rels(document_rels, HOSTILE / "document.xml.rels"),
        "word/vbaProject.bin": VBA_PROJECT,
        "word/_rels/vbaProject.bin.rels": (HOSTILE / "vbaProject.bin.rels").read_bytes(),
        "word/vbaData.xml": (HOSTILE / "vbaData.xml").read_bytes(),
    }
    types = {
        "/word/vbaProject.bin": "application/vnd.ms-office.vbaProject",
        "/word/vbaData.xml": "application/vnd.ms-word.vbaData+xml",
    }
    return repack(base, folder / "house.docx", parts, types)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The hostile template, and the members of the briefing made from it."""
    folder = tmp_path_factory.mktemp("hostile")
    template = hostile_template(folder)
    theme = load_theme(DEFAULT_THEME, template)
    summary = load_summary(SUMMARIES / "twelve-findings.yaml").summary
    briefing = folder / "briefing.docx"
    briefing.write_bytes(FORMATS["docx"].render(summary, theme))
    with zipfile.ZipFile(briefing) as package:
        return briefing, {name: package.read(name) for name in package.namelist()}


def test_an_attached_template_and_mail_merge_are_not_carried(
    hostile: tuple[Path, dict[str, bytes]],
) -> None:
    _, members = hostile
    settings = members["word/settings.xml"].decode()
    assert "attachedTemplate" not in settings and "mailMerge" not in settings
    assert "defaultTabStop" in settings  # the rest of the house's settings stay
    assert "word/_rels/settings.xml.rels" not in members


def test_fields_pictures_and_objects_fetching_from_elsewhere_are_dropped(
    hostile: tuple[Path, dict[str, bytes]],
) -> None:
    _, members = hostile
    header = members["word/header1.xml"].decode()
    for gone in ("INCLUDEPICTURE", "fldChar", "field result", "imagedata", "OLEObject"):
        assert gone not in header, gone
    header_text = [p.text for p in docx.Document(str(hostile[0])).sections[0].header.paragraphs]
    assert "Westshire County Council" in header_text
    assert "Shared drive westshire.example" in header_text  # the share's link is plain text


def test_no_external_relationship_but_the_web_links(
    hostile: tuple[Path, dict[str, bytes]],
) -> None:
    """The briefing's own links, and the house's link to its website; nothing on a share,
    nothing Word fetches, nowhere a trace of the attacker's server."""
    _, members = hostile
    for name, data in members.items():
        assert b"attacker.example" not in data, name
        if name.endswith(".rels"):
            for rel in etree.fromstring(data):
                if rel.get("TargetMode") == "External":
                    assert rel.get("Type").endswith("/hyperlink"), (name, rel.get("Type"))
                    assert re.match(r"(https?|mailto):", rel.get("Target")), rel.get("Target")
    header_rels = members["word/_rels/header1.xml.rels"].decode()
    assert "https://westshire.example/" in header_rels


def test_macros_are_not_carried(hostile: tuple[Path, dict[str, bytes]]) -> None:
    _, members = hostile
    assert not [name for name in members if "vba" in name.lower()]
    assert b"vba" not in members["[Content_Types].xml"].lower()
    assert b"vbaProject" not in members["word/_rels/document.xml.rels"]


def test_what_was_left_out_is_said_once_naming_each(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from generators.cli import app

    template = hostile_template(tmp_path)
    theme = load_theme(DEFAULT_THEME, template)
    [warning] = template_warnings(theme)
    assert str(warning).startswith(f"{template}:1:1: warning: the template holds what could")
    for named in (
        "an attached template (https://attacker.example/macros.dotm)",
        "macros (word/vbaProject.bin)",
        "a subdocument (\\\\attacker.example\\share\\chapter.docx)",
        "an embedded or linked object (http://attacker.example/object.xlsx)",
        "a frame (file:///\\\\attacker.example\\share\\frame.docx)",
        "an INCLUDEPICTURE field",
    ):
        assert named in warning.message, named
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.yaml").write_text(MINIMAL)
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(tmp_path / "content"),
            "-o",
            str(tmp_path / "out"),
            "-j",
            "1",
            "--reference-docx",
            str(template),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.count("warning: the template holds") == 1


def test_the_cleaned_briefing_is_valid_and_opens(
    hostile: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    briefing, _ = hostile
    assert validate(briefing) == []
    [page, *_] = to_pdf([briefing], tmp_path)[briefing.stem]
    assert "Westshire County Council" in page


def test_cleaning_is_deterministic(tmp_path: Path) -> None:
    template = hostile_template(tmp_path)
    first = wordpackage.clean_template(template).data
    wordpackage._clean.cache_clear()
    assert wordpackage.clean_template(template).data == first


@pytest.mark.parametrize("kind", ["docm", "dotm", "content type"])
def test_macro_enabled_files_are_refused(tmp_path: Path, kind: str) -> None:
    if kind == "content type":
        main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
        with zipfile.ZipFile(DEFAULT_DOCX) as source:
            types = source.read("[Content_Types].xml").decode()
        macro = types.replace(main, "application/vnd.ms-word.document.macroEnabled.main+xml")
        template = tmp_path / "house.docx"
        repack(DEFAULT_DOCX, template, {"[Content_Types].xml": macro.encode()}, {})
        expected = "this is a macro-enabled Word file (its main part is application/vnd.ms-word"
    else:
        template = tmp_path / f"house.{kind}"
        template.write_bytes(DEFAULT_DOCX.read_bytes())
        expected = "this is a macro-enabled Word file; Precis never copies macros"
    with pytest.raises(PrecisError) as refused:
        load_theme(DEFAULT_THEME, template)
    assert str(refused.value).startswith(f"{template}:1:1: {expected}")


def test_a_word_template_is_read_as_the_document_it_makes(tmp_path: Path) -> None:
    """A .dotx, what Word saves as a template (python-docx refuses it on its own)."""
    with zipfile.ZipFile(DEFAULT_DOCX) as source:
        types = source.read("[Content_Types].xml").decode()
    template = tmp_path / "house.dotx"
    made = types.replace("document.main+xml", "template.main+xml")
    repack(DEFAULT_DOCX, template, {"[Content_Types].xml": made.encode()}, {})
    theme = load_theme(DEFAULT_THEME, template)
    summary = load_summary(SUMMARIES / "twelve-findings.yaml").summary
    briefing = docx.Document(io.BytesIO(FORMATS["docx"].render(summary, theme)))
    assert summary.title in [paragraph.text for paragraph in briefing.paragraphs]


# Zip bombs: bounded reading, measured in a child process with a cap on its address space.

LIMIT = 1536 * 1024 * 1024
"""The child's address space: a check with Precis's own template runs in it (asserted below),
and a gigabyte inflated in one piece, on top, does not fit."""


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def precis(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`precis ARGS` in a child process whose address space is capped at LIMIT."""
    return subprocess.run(
        [sys.executable, "-m", "generators", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limited,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def bomb(zip_file: zipfile.ZipFile, name: str, size: int = GIB) -> None:
    """A member that inflates to `size` bytes of spaces from about a thousandth of that."""
    chunk = b" " * (16 * 1024 * 1024)
    with zip_file.open(name, "w", force_zip64=True) as member:
        for _ in range(size // len(chunk)):
            member.write(chunk)


def test_within_the_limit_a_check_runs(tmp_path: Path, write: Callable[..., Path]) -> None:
    """The control for the tests below: the limit alone fails nothing."""
    summary = write("a.yaml", MINIMAL)
    run = precis("check", str(summary), "--reference-docx", str(DEFAULT_DOCX))
    assert run.returncode == 0, run.stderr


def test_a_zip_bomb_is_refused_within_the_limit(tmp_path: Path, write: Callable[..., Path]) -> None:
    """styles.xml inflating to a gigabyte: a MemoryError (an internal error) before."""
    template = tmp_path / "bomb.docx"
    with (
        zipfile.ZipFile(DEFAULT_DOCX) as source,
        zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for name in source.namelist():
            if name == "word/styles.xml":
                bomb(out, name)
            else:
                out.writestr(name, source.read(name))
    assert template.stat().st_size < 2 * 1024 * 1024
    summary = write("a.yaml", MINIMAL)
    for command in ("check", "build"):
        flags = ["-o", str(tmp_path)] if command == "build" else []
        run = precis(command, str(summary), *flags, "--reference-docx", str(template))
        assert run.returncode == 1, run.stderr
        assert run.stderr.splitlines() == [
            f"{template}:1:1: word/styles.xml inflates to {GIB:,} bytes, over the "
            f"{wordpackage.MAX_PART_BYTES:,}-byte limit for one part of a Word template (a zip "
            "bomb?); save the template again from Word as a Word Document (.docx)"
        ]
    assert not list(tmp_path.glob("*-briefing.docx"))


def test_parts_the_briefing_does_not_use_are_never_inflated(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    """A gigabyte in a member nothing refers to, and another behind the macros' relationship:
    neither is read, so the build runs within the limit, and neither reaches the briefing."""
    template = tmp_path / "house.docx"
    with (
        zipfile.ZipFile(DEFAULT_DOCX) as source,
        zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for name in source.namelist():
            data = source.read(name)
            if name == "word/_rels/document.xml.rels":
                data = merged_rels(data, HOSTILE / "document.xml.rels")
            out.writestr(name, data)
        bomb(out, "word/media/unreferenced.bin")
        bomb(out, "word/vbaProject.bin")
    content = write("content/a.yaml", MINIMAL).parent
    run = precis(
        "build", str(content), "-o", str(tmp_path / "out"), "--reference-docx", str(template)
    )
    assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(tmp_path / "out" / "a-briefing.docx") as briefing:
        names = briefing.namelist()
    assert "word/styles.xml" in names
    assert not [name for name in names if "vba" in name or "media" in name]


@pytest.mark.parametrize("bound", ["directory", "members", "ratio", "total"])
def test_each_bound_on_the_zip_is_located(
    tmp_path: Path, bound: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = tmp_path / "house.docx"
    with (
        zipfile.ZipFile(DEFAULT_DOCX) as source,
        zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for name in source.namelist():
            if bound == "ratio" and name == "word/styles.xml":
                bomb(out, name, 16 * 1024 * 1024)  # under the size limit, but 1000 to 1
            else:
                out.writestr(name, source.read(name))
        if bound in ("directory", "members"):
            more = wordpackage.MAX_MEMBERS * (10 if bound == "directory" else 1)
            for number in range(more):
                out.writestr(f"customXml/item{number + 2}.xml", b"<a/>")
    if bound == "total":
        monkeypatch.setattr(wordpackage, "MAX_TOTAL_BYTES", 60_000)
    expected = {
        "directory": "the file lists far more parts than the 2,000 a Word template may have",
        "members": f"the file holds {wordpackage.MAX_MEMBERS + 15:,} parts, over the 2,000",
        "ratio": "word/styles.xml inflates 1,0",
        "total": "its parts inflate to over 60,000 bytes",
    }[bound]
    with pytest.raises(PrecisError) as refused:
        load_theme(DEFAULT_THEME, template)
    assert str(refused.value).startswith(f"{template}:1:1: {expected}"), str(refused.value)


# Damaged templates and logos: one located error each, before anything is built.

XXE_SECRET = "the content of a private file"


def damaged(folder: Path, kind: str) -> Path:
    """Precis's own template (with a header), damaged one way."""
    base = with_header(folder)
    secret = folder / "secret.txt"
    secret.write_text(XXE_SECRET)
    xxe = (HOSTILE / "xxe-header.xml").read_text().replace("file:///SECRET", secret.as_uri())
    damage: dict[str, dict[str, bytes | None]] = {
        "external entity": {"word/header1.xml": xxe.encode()},
        "billion laughs": {"word/styles.xml": (HOSTILE / "billion-laughs-styles.xml").read_bytes()},
        "bad XML": {"word/styles.xml": (HOSTILE / "bad-styles.xml").read_bytes()},
        "no _rels/.rels": {"_rels/.rels": None},
        "a missing part": {"word/numbering.xml": None},
        "a part with no content type": {
            "word/numbering.xml": None,
            "word/numbering.part": _member(base, "word/numbering.xml"),
            "word/_rels/document.xml.rels": _member(base, "word/_rels/document.xml.rels").replace(
                b'Target="numbering.xml"', b'Target="numbering.part"'
            ),
        },
        "a chain of parts": _chain(base, 20),
        "no body": {"word/document.xml": f'<w:document xmlns:w="{W}"/>'.encode()},
        "a style of no known type": {
            "word/styles.xml": _member(base, "word/styles.xml").replace(
                b'w:type="paragraph"', b'w:type="bogus"', 1
            )
        },
        "a page width in words": {
            "word/document.xml": re.sub(
                rb'(<w:pgSz w:w=")\d+', rb"\1wide", _member(base, "word/document.xml")
            )
        },
    }
    return repack(base, folder / "house.docx", damage[kind], {})


def _member(package: Path, name: str) -> bytes:
    with zipfile.ZipFile(package) as source:
        return source.read(name)


def _chain(base: Path, length: int) -> dict[str, bytes | None]:
    """Each part's relationships leading to the next, `length` deep from the document."""
    custom = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"

    def rels(target: str) -> bytes:
        return (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rIdNext" Type="{custom}" '
            f'Target="{target}"/></Relationships>'
        ).encode()

    document_rels = etree.fromstring(_member(base, "word/_rels/document.xml.rels"))
    document_rels.extend(etree.fromstring(rels("../chain/0.xml")))
    parts: dict[str, bytes | None] = {"word/_rels/document.xml.rels": etree.tostring(document_rels)}
    for number in range(length):
        parts[f"chain/{number}.xml"] = b"<a/>"
        parts[f"chain/_rels/{number}.xml.rels"] = rels(f"{number + 1}.xml")
    parts[f"chain/{length}.xml"] = b"<a/>"
    return parts


DAMAGE = {
    "external entity": "word/header1.xml declares a DTD (<!DOCTYPE ...>), which no Word file has",
    "billion laughs": "word/styles.xml declares a DTD (<!DOCTYPE ...>), which no Word file has",
    "bad XML": "word/styles.xml is not well-formed XML (line 4, column 12: ",
    "no _rels/.rels": "_rels/.rels, the index every Word file starts from, is missing",
    "a missing part": "word/_rels/document.xml.rels names word/numbering.xml, which is not in",
    "a part with no content type": "word/numbering.part has no content type in [Content_",
    "a chain of parts": "chain/_rels/9.xml.rels is 11 relationships from the start of the file",
    "no body": "word/document.xml has no body",
    "a style of no known type": "python-docx cannot read it (ValueError: WD_STYLE_TYPE has no",
    "a page width in words": "python-docx cannot read it (ValueError: could not convert string",
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_template_is_one_located_error(
    tmp_path: Path, write: Callable[..., Path], kind: str
) -> None:
    template = damaged(tmp_path, kind)
    content = write("content/a.yaml", MINIMAL).parent
    for line in refusals(tmp_path, content, "--reference-docx", str(template)):
        assert line.startswith(f"{template}:1:1: {DAMAGE[kind]}"), line
        assert XXE_SECRET not in line


def refusals(tmp_path: Path, content: Path, *options: str) -> list[str]:
    """The one line `precis check` and then `precis build` each print, exiting 1, for a folder
    whose theme or template is refused; and that nothing was built."""
    lines = []
    for command in ("check", "build"):
        out = ["-o", str(tmp_path / "out")] if command == "build" else []
        run = precis(command, str(content), *out, *options)
        assert run.returncode == 1, run.stderr
        [line] = run.stderr.splitlines()
        lines.append(line)
    assert not [*tmp_path.glob("out/*.docx"), *tmp_path.glob("out/*.pdf")]  # nothing built
    return lines


def test_an_external_entity_never_reaches_a_briefing(tmp_path: Path) -> None:
    """Precis refuses the DTD; and python-docx, on its own, would not read the file either
    (its parser leaves entities unresolved): the private file never reaches a briefing."""
    template = damaged(tmp_path, "external entity")
    with pytest.raises(PrecisError) as refused:
        load_theme(DEFAULT_THEME, template)
    assert XXE_SECRET not in str(refused.value)
    header = docx.Document(str(template)).sections[0].header
    assert XXE_SECRET not in header._element.xml


def png(width: int, height: int) -> bytes:
    """A black-and-white PNG of any size, written row by row (Pillow would hold it whole)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    packer = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


LOGOS = {
    "truncated": "logo `logo.png` cannot be read as a PNG image",
    "30000 pixels square": "logo `logo.png` is tens of thousands of pixels, too large for a logo",
    "5000 pixels square": "logo `logo.png` is 5,000 by 5,000 pixels, too large for a logo",
}


@pytest.mark.parametrize("kind", LOGOS)
def test_a_damaged_or_huge_logo_is_located_at_its_line(
    tmp_path: Path, write: Callable[..., Path], kind: str
) -> None:
    logo = tmp_path / "templates" / "logo.png"
    logo.parent.mkdir()
    if kind == "truncated":
        whole = io.BytesIO()
        Image.new("RGB", (400, 100), "#8b0000").save(whole, "PNG")
        logo.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    else:
        side = int(kind.split()[0])
        logo.write_bytes(png(side, side))
    theme = write("templates/theme.yaml", "page:\n  size: A4\nlogo: logo.png\nlogo_alt: A logo\n")
    content = write("content/a.yaml", MINIMAL).parent
    for line in refusals(tmp_path, content, "--theme", str(theme)):
        assert line.startswith(f"{theme}:3:7: {LOGOS[kind]}"), line

"""Read a release into plain paragraphs, whatever it came as: a text file, a saved web page,
a Word file, a PDF, standard input (`-`) or an http(s) address.

Each kind is read by a library made for it (trafilatura finds a web page's article among its
navigation, python-docx reads Word's paragraphs and list styles, pdfminer.six groups a PDF's
lines into the blocks they were set in); all of them end as `paragraphs.split_paragraphs`
would split a text. The libraries load only here, when a release is imported.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import fetch as fetching
from .paragraphs import ITEM, fold, split_paragraphs

KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
KINDS |= {".docx": "docx", ".pdf": "pdf"}
CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class SourceError(Exception):
    """A release that cannot be read: `where` is the path or address as the user gave it."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


@dataclass(frozen=True)
class Release:
    """A release as paragraphs, and where it came from."""

    name: str
    paragraphs: list[str]
    url: str | None = None
    """The address it was fetched from, if it was."""


def read_release(name: str, stdin: BinaryIO | None = None) -> Release:
    """Read `name`: a path, `-` for standard input, or an http(s) address."""
    url = None
    if name == "-":
        data = _bounded((stdin or sys.stdin.buffer).read(fetching.MAX_BYTES + 1), name)
        kind = "html" if _looks_like_html(data) else "text"
        charset = None
    elif _SCHEME.match(name):
        try:
            fetched = fetching.fetch(name)
        except fetching.FetchError as exc:
            raise SourceError(name, str(exc)) from None
        url, data, charset = fetched.url, fetched.data, fetched.charset
        kind = CONTENT_TYPES.get(fetched.content_type) or _kind_of_address(url, data, name)
    else:
        path = Path(name)
        kind = _kind_of_path(path, name)
        data = _read_file(path, name)
        charset = None
    paragraphs = _paragraphs(kind, data, charset, name)
    if not paragraphs:
        raise SourceError(name, _NO_TEXT.get(kind, "has no text in it; check it is the release"))
    return Release(name, paragraphs, url)


_NO_TEXT = {
    "pdf": "has no text to read (a scanned PDF holds only pictures of text); copy the text "
    "of the release into a .txt file and import that",
    "html": "has no article text that Precis can find; copy the text of the release into a "
    ".txt file and import that",
}


def _kind_of_path(path: Path, name: str) -> str:
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise SourceError(
            name,
            f"`{path.suffix or 'no extension'}` is not a kind of file Precis imports; give a "
            ".txt, .html, .docx or .pdf file, `-` for standard input, or an https:// address",
        )
    return kind


def _kind_of_address(url: str, data: bytes, name: str) -> str:
    suffix = Path(url.split("?")[0]).suffix.lower()
    if suffix in KINDS:
        return KINDS[suffix]
    if _looks_like_html(data):
        return "html"
    raise SourceError(
        name, "is not a web page, text, Word file or PDF; give the address of the release itself"
    )


def _read_file(path: Path, name: str) -> bytes:
    try:
        if path.is_dir():
            raise SourceError(name, "is a folder; give the release file itself")
        with path.open("rb") as handle:
            return _bounded(handle.read(fetching.MAX_BYTES + 1), name)
    except FileNotFoundError:
        raise SourceError(name, "no such file; check the path") from None
    except PermissionError:
        raise SourceError(name, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise SourceError(name, f"cannot be read ({exc.strerror or exc})") from None


def _bounded(data: bytes, name: str) -> bytes:
    if len(data) > fetching.MAX_BYTES:
        limit = fetching.size(fetching.MAX_BYTES)
        raise SourceError(name, f"is over {limit}, far larger than a press release")
    return data


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta"))


def _decode(data: bytes, charset: str | None, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in (charset, "utf-8-sig", "cp1252"):
        if encoding:
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    raise SourceError(name, "is not text in UTF-8 or Windows-1252; save it as UTF-8 text")


def _paragraphs(kind: str, data: bytes, charset: str | None, name: str) -> list[str]:
    if kind == "text":
        return split_paragraphs(_decode(data, charset, name))
    if kind == "html":
        return _html_paragraphs(data)
    if kind == "docx":
        return _docx_paragraphs(data, name)
    return _pdf_paragraphs(data, name)


def _html_paragraphs(data: bytes) -> list[str]:
    """The article, one block a line (trafilatura's text output), list items as items; the
    page's headline first when the article's text leaves it out."""
    import trafilatura

    text = trafilatura.extract(
        data, favor_recall=True, include_tables=True, include_comments=False, deduplicate=False
    )
    paragraphs = [
        ITEM + fold(line[2:]) if line.startswith("- ") else fold(line)
        for line in (text or "").splitlines()
        if line.strip()
    ]
    metadata = trafilatura.extract_metadata(data)
    title = fold(metadata.title) if metadata and metadata.title else ""
    if title and all(title.casefold() != p.casefold() for p in paragraphs[:3]):
        paragraphs.insert(0, title)
    return paragraphs


def _docx_paragraphs(data: bytes, name: str) -> list[str]:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SourceError(
            name, f"is not a Word file Precis can read ({exc}); save it again from Word as .docx"
        ) from None
    paragraphs: list[str] = []
    for paragraph in document.paragraphs:
        listed = paragraph.style is not None and (paragraph.style.name or "").startswith("List")
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        for part in split_paragraphs(paragraph.text):
            listed_part = (listed or numbered) and not part.startswith(ITEM)
            paragraphs.append(ITEM + part if listed_part else part)
    return paragraphs


def _pdf_paragraphs(data: bytes, name: str) -> list[str]:
    """Each block of lines pdfminer finds is a paragraph; a word broken at a line's end by a
    hyphen is joined up again, the hyphen kept (press releases break compounds, not words)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    blocks: list[str] = []
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
            for element in page:
                if not isinstance(element, LTTextContainer):
                    continue
                block = ""
                for line in filter(None, (ln.strip() for ln in element.get_text().splitlines())):
                    glue = "" if block.endswith("-") and line[:1].islower() else "\n"
                    block = f"{block}{glue}{line}" if block else line
                if not block or block.isdigit():  # a page number
                    continue
                if blocks and block[:1].islower() and not blocks[-1].endswith((".", ":", "”")):
                    blocks[-1] += "\n" + block  # a line set apart: a hanging indent, a new page
                else:
                    blocks.append(block)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise SourceError(name, "is password-protected; save an unprotected copy") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise SourceError(name, f"is not a PDF Precis can read ({exc})") from None
    return [paragraph for block in blocks for paragraph in split_paragraphs(block)]

"""Writing the PDF's objects: reportlab's own formatting, its commonest cases made cheaper.

reportlab formats every value of every dictionary through one function, `pdfdoc.format`,
which asks of each what it is before it encodes it; names are escaped afresh at every use.
On a fact sheet that is most of the time its objects take to write (a link's dictionary
makes thirty calls). `install` puts in front of it a function that writes plain names,
numbers and bytes itself, exactly as reportlab would (tests/test_contracts.py compares the
bytes), and hands everything else to reportlab; names are escaped once per process.

reportlab internals relied on (pinned in pyproject.toml; tests/test_contracts.py holds each):
the module-level `pdfdoc.format` and `pdfdoc.PDFName` that the object classes call, and
`rl_accel.fp_str`, the number format they write.
"""

from __future__ import annotations

import functools
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFDocument, PDFObject

_REPORTLAB_FORMAT = pdfdoc.format
_REPORTLAB_NAME = pdfdoc.PDFName


def format_value(element: Any, document: PDFDocument, toplevel: int = 0) -> bytes:
    """reportlab's `pdfdoc.format`, with printable ASCII text (names, operators), whole
    numbers and floats written here: PDFDocEncoding is ASCII for them."""
    kind = type(element)
    if kind is str and element.isascii() and element.isprintable():
        return element.encode("ascii")  # type: ignore[no-any-return]
    if kind is int or kind is float:
        return fp_str(element).encode("ascii")  # type: ignore[no-any-return]
    if kind is bytes:
        return element  # type: ignore[no-any-return]
    return _REPORTLAB_FORMAT(element, document, toplevel)  # type: ignore[no-any-return]


pdf_name = functools.lru_cache(maxsize=1024)(_REPORTLAB_NAME)
"""reportlab's name escaping, kept per name: a sheet writes the same hundred keys."""


def install() -> None:
    """Put the faster functions where reportlab's objects look them up (idempotent)."""
    pdfdoc.format = format_value
    pdfdoc.PDFName = pdf_name


def uninstall() -> None:
    """reportlab's own functions back: tests compare the bytes each way."""
    pdfdoc.format = _REPORTLAB_FORMAT
    pdfdoc.PDFName = _REPORTLAB_NAME


class Formatted(PDFObject):  # type: ignore[misc]
    """A PDF value already formatted: reportlab writes what an object's format() returns."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: PDFDocument) -> bytes:
        return self.data

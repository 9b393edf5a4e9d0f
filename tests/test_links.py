"""Links in both documents: an email address is the address alone, and every address a link
holds is one ASCII URI, the same in the PDF's link annotation and the Word hyperlink.

The expected URIs are worked by hand: IDNA 2008 (RFC 5891) for hosts, `faß.de` staying
`xn--fa-hia.de` (IDNA 2003 would map it to `fass.de`), `bücher` as RFC 3492's Punycode
writes it, the rest as the UTF-8 bytes of each character, percent-encoded.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader
from pypdf.generic import TextStringObject

from generators.content.loader import load_summary
from generators.errors import PrecisError
from generators.formats import FORMATS
from generators.theme.model import Theme

from .conftest import MINIMAL

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

INTERNATIONAL = (
    MINIMAL.replace("  publisher: HMICFRS\n", "  publisher: HMICFRS\n  url: {report}\n")
    + "contact:\n  name: Press office\n  email: {email}\n  url: {website}\n"
)

ADDRESSES = {
    "https://café.example/ü?q=ä#frag": "https://xn--caf-dma.example/%C3%BC?q=%C3%A4#frag",
    "https://faß.de/a%20b/ß": "https://xn--fa-hia.de/a%20b/%C3%9F",
    "josé@bücher.example": "mailto:jos%C3%A9@xn--bcher-kva.example",
}


def _pdf_uris(pdf: bytes) -> dict[bytes, str]:
    """Each link annotation's /URI as the PDF holds it (bytes), with what it says to a
    screen reader."""
    page: Any = PdfReader(io.BytesIO(pdf)).pages[0]
    uris: dict[bytes, str] = {}
    for annotation in page.get("/Annots", []):
        annotation = annotation.get_object()
        uri = annotation["/A"]["/URI"]
        raw = uri.original_bytes if isinstance(uri, TextStringObject) else bytes(uri)
        uris[raw] = str(annotation["/Contents"])
    return uris


def test_an_international_address_is_one_ascii_uri_in_both_documents(
    write: Callable[..., Path], theme: Theme
) -> None:
    """Found in issue 16: `https://café.example/ü` was written to the PDF as Latin-1
    (`caf\\351`) or UTF-16, and to Word as it was typed; each reader made of it what it
    could. Now both hold the same ASCII URI; the page and the briefing show the address as
    written, and a screen reader says it so too."""
    report, website, email = ADDRESSES
    text = INTERNATIONAL.format(report=report, email=email, website=website)
    summary = load_summary(write("a.yaml", text)).summary
    pdf = FORMATS["pdf"].render(summary, theme)
    pdf_uris = _pdf_uris(pdf)
    assert all(raw.isascii() for raw in pdf_uris), list(pdf_uris)
    assert {raw.decode("ascii") for raw in pdf_uris} == set(ADDRESSES.values())
    assert pdf_uris[ADDRESSES[report].encode()] == f"Link to {report}"
    assert pdf_uris[ADDRESSES[email].encode()] == f"Link to mailto:{email}"

    briefing = docx.Document(io.BytesIO(FORMATS["docx"].render(summary, theme)))
    rels = briefing.part.rels
    targets = {rel.target_ref for rel in rels.values() if rel.is_external}
    assert targets == set(ADDRESSES.values())
    shown = {
        rels[link.get(qn("r:id"))].target_ref: "".join(t.text or "" for t in link.iter(f"{W}t"))
        for link in briefing.element.body.iter(f"{W}hyperlink")
    }
    assert shown[ADDRESSES[email]] == email
    assert shown[ADDRESSES[report]] == summary.review.title


@pytest.mark.parametrize(
    ("email", "characters"),
    [
        ("press?cc=someone.else@example.org", "`?`"),
        ("press?body=Hello%0AWorld@example.gov.uk", "`%` and `?`"),
        ("press&to=someone.else@example.gov.uk", "`&`"),
        ("press#@example.gov.uk", "`#`"),
        ("press,someone.else@example.gov.uk", "`,`"),
        ("press;someone.else@example.gov.uk", "`;`"),
    ],
)
def test_an_email_address_that_would_add_to_the_link_is_refused_where_it_is(
    write: Callable[..., Path], email: str, characters: str
) -> None:
    """Found in issue 16: `?cc=` and `&body=` (and `%0A`) in the part before the @ are valid
    in an address, and made the sheet's mailto: link add recipients and a body."""
    text = INTERNATIONAL.format(report="https://example.org", email=email, website="https://a.b")
    with pytest.raises(PrecisError) as refused:
        load_summary(write("a.yaml", text))
    assert [str(p).split(": ", 1)[1] for p in refused.value.problems] == [
        f"`contact.email` contains {characters}, which an email link reads as more "
        "recipients, a subject or a body; give the address alone, such as "
        "press.office@example.gov.uk"
    ]
    assert refused.value.problems[0].line == 12 and refused.value.problems[0].col == 10


def test_a_domain_name_idna_cannot_write_is_refused_where_it_is(
    write: Callable[..., Path],
) -> None:
    text = INTERNATIONAL.format(
        report="https://exa_mplé.example/", email="press@example.org", website="https://a.b"
    )
    path = write("a.yaml", text)
    with pytest.raises(PrecisError) as refused:
        load_summary(path)
    assert [str(p) for p in refused.value.problems] == [
        f"{path}:6:8: `review.url` has a domain name that cannot be written "
        "in a web address (Codepoint U+005F at position 4 of 'exa_mplé' not allowed); check "
        "its spelling"
    ]

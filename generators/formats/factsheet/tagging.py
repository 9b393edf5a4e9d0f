"""A tagged PDF from reportlab: PDF/UA-1 and PDF/A-2a, which reportlab does not do itself.

The sheet's flowables say what they are with `Tag`s (a heading, a list item, a table cell) and
draw through `TaggedCanvas`: real content inside marked content (`/P <</MCID n>> BDC ... EMC`)
tied to a structure element, decoration inside `/Artifact BMC ... EMC`. At save time the canvas
adds the structure tree, the parent tree, XMP metadata, an sRGB output intent, and the details
PDF/A asks of reportlab's streams and fonts; nothing drawn changes.

reportlab internals relied on (pinned in pyproject.toml; tests/test_contracts.py holds each):
`Canvas._doc`, `_annotationrefs`, `_pageNumber` and `_code`; `PDFDocument.Reference`,
`idToObject`, `pageCounter`, `_timeStamp` and `info`; the `Page%d` and `Annot.NUMBER%d` object
names; `PDFCatalog.__NoDefault__` and `PDFPage.__NoDefault__`; how `PDFStream.format` ends a
stream; the `toUnicodeCMap:` stream name and its `bfchar` text.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFStream,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

from ...content.addresses import readable
from . import serialise
from .serialise import Formatted


@dataclass(eq=False)
class Tag:
    """A structure element to be: one object is one element, however many pieces of content
    (a paragraph split between columns, say) are drawn into it."""

    role: str
    alt: str | None = None
    scope: str | None = None
    """For a table header cell (TH): Row or Column."""
    order: tuple[str, ...] = ()
    """Roles its children are read in, whatever order they are drawn in (a TR: TH, then TD)."""


@dataclass(eq=False)
class _Element:
    tag: Tag
    parent: _Element | None
    kids: list[Any] = field(default_factory=list)
    """Elements, ("mcid", page, n) and ("objr", page, annotation name), in reading order."""
    page: int | None = None


class TaggedCanvas(Canvas):  # type: ignore[misc]
    """A Canvas that records what is drawn into structure elements, and writes them out.

    With `tagged=False` the same drawing makes an untagged PDF: tests compare the two, to
    show that tagging changes nothing visible."""

    def __init__(self, *args: Any, tagged: bool = True, link_words: str, **kwargs: Any) -> None:
        if tagged:
            kwargs["pdfVersion"] = (1, 7)
        super().__init__(*args, **kwargs)
        self.tagged = tagged
        self.language = str(kwargs.get("lang") or "")
        self.link_words = link_words
        """What a screen reader says of a link without words of its own: {address} in the
        sheet's language."""
        if tagged:
            self._doc.__class__ = _ArchivalDocument
        self._root = _Element(Tag("Document"), None)
        self._stack = [self._root]
        self._elements: dict[int, _Element] = {}
        self._in_content = False
        self._mcid = 0
        self._owners: list[_Element] = []  # the element of each MCID on this page
        self._next_key = 0
        self._page_keys: list[tuple[int, list[_Element]]] = []
        self._annotations: list[tuple[int, str, _Element]] = []
        self._taken: set[str] = set()

    # -- while drawing ----------------------------------------------------------------------------
    # Plain calls, not context managers: a sheet makes hundreds, and nothing is kept of a canvas
    # whose drawing failed.

    def open(self, tags: Sequence[Tag]) -> tuple[int, int]:
        """Enter these elements, outermost first (an element entered before is re-entered);
        returns what `close` needs to leave them."""
        depth = len(self._stack)
        if not self.tagged or not tags:
            return depth, 0
        if self._in_content:
            raise ValueError("a structure element cannot start inside marked content")
        for tag in tags:
            element = self._elements.get(id(tag))
            if element is None:
                element = self._elements[id(tag)] = _Element(tag, self._stack[-1])
                self._stack[-1].kids.append(element)
            self._stack.append(element)
        return depth, len(self._annotationrefs)

    def close(self, opened: tuple[int, int]) -> None:
        """Leave the elements `open` entered; links drawn inside a Link element are its own."""
        depth, before = opened
        if len(self._stack) == depth:
            return
        links = [e for e in self._stack[depth:] if e.tag.role == "Link"]
        if links:
            self._take(self._annotationrefs[before:], links[-1])
        del self._stack[depth:]

    def begin_content(self) -> None:
        """What is drawn next is content of the innermost open element."""
        if not self.tagged:
            return
        element = self._stack[-1]
        page, number = self._pageNumber, self._mcid
        self._mcid += 1
        self._owners.append(element)
        element.kids.append(("mcid", page, number))
        element.page = element.page or page
        self.addLiteral(f"/{element.tag.role} <</MCID {number}>> BDC")
        self._in_content = True

    def begin_artifact(self) -> bool:
        """What is drawn next is decoration: a screen reader skips it. False inside content,
        where it is part of that content's drawing."""
        if not self.tagged or self._in_content:
            return False
        self.addLiteral("/Artifact BMC")
        self._in_content = True
        return True

    def end_marked(self) -> None:
        """End the content or artifact begun last."""
        if self.tagged:
            self._in_content = False
            self.addLiteral("EMC")

    def _take(self, references: list[Any], link: _Element) -> None:
        """Annotations made inside a Link element belong to it, once each."""
        for reference in references:
            name = reference.name
            if name in self._taken:
                continue
            self._taken.add(name)
            link.kids.append(("objr", self._pageNumber, name))
            self._annotations.append((self._next_key, name, link))
            self._next_key += 1

    def showPage(self) -> None:
        if not self.tagged:
            super().showPage()
            return
        if self._in_content or len(self._stack) != 1:
            raise ValueError("a page ended inside a structure element or marked content")
        key, self._next_key = self._next_key, self._next_key + 1
        self._page_keys.append((key, self._owners))
        self._owners, self._mcid = [], 0
        super().showPage()
        page = self._doc.idToObject[f"Page{self._doc.pageCounter - 1}"]
        page.__NoDefault__ = [*pdfdoc.PDFPage.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = key
        page.Tabs = PDFName("S")

    # -- at save time -----------------------------------------------------------------------------

    def save(self) -> None:
        serialise.install()
        if self.tagged:
            if len(self._code):
                self.showPage()
            self._write_structure()
            self._write_archival_metadata()
        super().save()

    def _write_structure(self) -> None:
        """The structure tree and parent tree, written as preformatted objects: reportlab's
        own PDF objects cost more to format than the rest of the sheet's tagging."""
        doc = self._doc
        _prune(self._root)
        number = doc.idToObjectNumberAndVersion

        def reference(name: str) -> str:
            return f"{number[name][0]} 0 R"

        root = Formatted(b"")
        root_name = doc.Reference(root).name
        slots: dict[int, Formatted] = {}
        names: dict[int, str] = {}

        def register(element: _Element) -> None:  # depth first: numbers in reading order
            slot = slots[id(element)] = Formatted(b"")
            names[id(element)] = doc.Reference(slot).name
            for kid in element.kids:
                if isinstance(kid, _Element):
                    register(kid)

        def fill(element: _Element, parent: str) -> None:
            kids: list[str] = []
            for kid in _in_reading_order(element):
                if isinstance(kid, _Element):
                    fill(kid, names[id(element)])
                    kids.append(reference(names[id(kid)]))
                elif kid[0] == "mcid":
                    page = reference(f"Page{kid[1]}")
                    kids.append(
                        str(kid[2])
                        if kid[1] == element.page
                        else f"<< /Type /MCR /Pg {page} /MCID {kid[2]} >>"
                    )
                else:
                    page = reference(f"Page{kid[1]}")
                    kids.append(f"<< /Type /OBJR /Obj {reference(kid[2])} /Pg {page} >>")
            # One MCID is written bare (/K 0): pdfua's heading check fails on a one-item array.
            written = kids[0] if len(kids) == 1 and kids[0].isdigit() else f"[{' '.join(kids)}]"
            tag = element.tag
            entries = [f"/Type /StructElem /S /{tag.role} /P {reference(parent)} /K {written}"]
            if element.page is not None:
                entries.append(f"/Pg {reference(f'Page{element.page}')}")
            if tag.alt:
                entries.append(f"/Alt {_text(tag.alt)}")
            if tag.scope:
                entries.append(f"/A << /O /Table /Scope /{tag.scope} >>")
            slots[id(element)].data = f"<< {' '.join(entries)} >>".encode("latin-1")

        register(self._root)
        fill(self._root, root_name)
        numbers: list[tuple[int, str]] = [
            (key, "[" + " ".join(reference(names[id(owner)]) for owner in owners) + "]")
            for key, owners in self._page_keys
        ]
        for key, name, link in self._annotations:
            numbers.append((key, reference(names[id(link)])))
            annotation = doc.idToObject[name]
            annotation["StructParent"] = key
            annotation["F"] = 4  # printed (PDF/A)
            if "Contents" not in annotation.dict:
                words = self.link_words.format(address=readable(_uri(annotation)))
                annotation["Contents"] = PDFString(link.tag.alt or words)
        numbers.sort(key=lambda pair: pair[0])
        tree = Formatted(
            ("<< /Nums [" + " ".join(f"{k} {v}" for k, v in numbers) + "] >>").encode("latin-1")
        )
        root.data = (
            f"<< /Type /StructTreeRoot /K {reference(names[id(self._root)])} "
            f"/ParentTree {reference(doc.Reference(tree).name)} "
            f"/ParentTreeNextKey {self._next_key} >>"
        ).encode("latin-1")
        doc.Catalog.StructTreeRoot = PDFObjectReference(root_name)
        doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})

    def _write_archival_metadata(self) -> None:
        doc = self._doc
        catalog = doc.Catalog
        catalog.OutputIntents = PDFArray(
            [
                PDFDictionary(
                    {
                        "Type": PDFName("OutputIntent"),
                        "S": PDFName("GTS_PDFA1"),
                        "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"),
                        "Info": PDFString("sRGB IEC61966-2.1"),
                        "DestOutputProfile": doc.Reference(Formatted(srgb_profile_stream())),
                    }
                )
            ]
        )
        # The catalog writes only the keys it lists; OutputIntents is not among them.
        catalog.__NoDefault__ = [*pdfdoc.PDFCatalog.__NoDefault__, "OutputIntents"]
        info = doc.info
        packet = xmp(
            title=info.title,
            author=info.author,
            subject=info.subject,
            keywords=info.keywords,
            creator=info.creator,
            producer=info.producer,
            date=_xmp_date(doc._timeStamp),
            language=self.language,
        )
        catalog.Metadata = doc.Reference(
            Formatted(_stream(b"/Subtype /XML /Type /Metadata", packet))
        )


def _text(value: str) -> str:
    """A PDF text string: ASCII in parentheses, escaped; anything else UTF-16 in hex."""
    if value.isascii():
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped})"
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def _prune(element: _Element) -> bool:
    """Drop elements nothing was drawn into: an empty element is a defect to a checker."""
    element.kids = [k for k in element.kids if not isinstance(k, _Element) or _prune(k)]
    return bool(element.kids)


def _in_reading_order(element: _Element) -> list[Any]:
    order = element.tag.order
    if not order:
        return element.kids
    rank = {role: n for n, role in enumerate(order)}
    return sorted(
        element.kids,
        key=lambda kid: (
            rank.get(kid.tag.role, len(order)) if isinstance(kid, _Element) else len(order)
        ),
    )


def _uri(annotation: PDFDictionary) -> str:
    action = annotation.dict.get("A")
    uri = action.dict.get("URI") if isinstance(action, PDFDictionary) else None
    return str(uri.s if isinstance(uri, PDFString) else uri or "")


def _xmp_date(stamp: Any) -> str:
    year, month, day, hour, minute, second = stamp.YMDhms
    zone = f"{stamp.dhh:+03d}:{stamp.dmm:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{zone}"


def xmp(
    *,
    title: str,
    author: str,
    subject: str,
    keywords: str,
    creator: str,
    producer: str,
    date: str,
    language: str,
) -> bytes:
    """The XMP packet PDF/UA-1 and PDF/A-2a ask for, saying what the Info dictionary says.

    UTF-8 bytes: a str would be written in PDFDocEncoding. No pdf:Trapped (PDF/A-2 does not
    define it), and pdfuaid described in an extension schema (PDF/A-2 does not know it)."""

    def e(text: str) -> str:
        return escape(text, quote=False)

    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>A</pdfaid:conformance>
   <pdfuaid:part>1</pdfuaid:part>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">{e(subject)}</rdf:li>
   </rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{e(keywords)}</pdf:Keywords>
   <pdf:Producer>{e(producer)}</pdf:Producer>
   <xmp:CreatorTool>{e(creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _stream(entries: bytes, data: bytes) -> bytes:
    """A stream object's bytes, ending on a line before `endstream` as PDF/A asks."""
    length = str(len(data)).encode()
    return b"<< " + entries + b" /Length " + length + b" >>\nstream\n" + data + b"\nendstream\n"


@functools.cache
def srgb_profile_stream() -> bytes:
    """The output intent's ICC profile as a deflated stream: the same in every sheet, so
    formatted and compressed once per process."""
    return _stream(b"/Filter /FlateDecode /N 3", zlib.compress(srgb_profile()))


@functools.cache
def srgb_profile() -> bytes:
    """Little CMS's sRGB profile, made once per process, its creation date (bytes 24 to 35,
    the time of the call) pinned to 2000-01-01 so that the PDF stays byte-identical."""
    from PIL import ImageCms  # only a sheet being saved needs it

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = bytes.fromhex("07d000010001000000000000")
    return bytes(profile)


_BFCHAR = re.compile(r"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]{4,})>")
_NOT_TEXT = {0, 0xFEFF, 0xFFFE}


@functools.lru_cache(maxsize=64)
def tounicode_without_unused_codes(cmap: str) -> str:
    """reportlab's ToUnicode map gives every code of a subset, the unused ones (and .notdef)
    as U+0000, which PDF/A-2 and PDF/UA refuse: keep the others, in blocks of at most 100.
    Kept for the subsets sheets share, as the fonts keep their subsets."""
    head, _, rest = cmap.partition(" beginbfchar")
    head = head.rsplit("\n", 1)[0]
    body, _, tail = rest.partition("endbfchar")
    pairs = [(a, b) for a, b in _BFCHAR.findall(body) if int(b, 16) not in _NOT_TEXT]
    blocks = [
        f"{len(pairs[n : n + 100])} beginbfchar\n"
        + "\n".join(f"<{a}> <{b}>" for a, b in pairs[n : n + 100])
        + "\nendbfchar"
        for n in range(0, len(pairs), 100)
    ]
    return head + "\n" + "\n".join(blocks) + tail


class _EndsStreamsOnALine:
    """PDF/A wants a line end before `endstream`; reportlab's streams end `data` +
    `endstream`, with /Length the data's: the line end goes outside /Length, as it should."""

    def format(self, document: Any) -> bytes:
        data: bytes = super().format(document)  # type: ignore[misc]
        return data[:-10] + b"\nendstream\n" if data.endswith(b"endstream\n") else data


_STREAM_KINDS = (
    PDFStream,
    pdfdoc.PDFImageXObject,
    pdfdoc.PDFFormXObject,
    pdfdoc.PDFPostScriptXObject,
)
_ARCHIVAL_KINDS: dict[type, type] = {}


class _ArchivalDocument(pdfdoc.PDFDocument):  # type: ignore[misc]
    """Every object a PDF holds passes through Reference(): there each stream learns to end
    on a line, and each ToUnicode map loses its unused codes (before the font's subsets are
    deflated and cached)."""

    def Reference(self, obj: Any, name: str | None = None) -> Any:
        if isinstance(obj, _STREAM_KINDS) and not isinstance(obj, _EndsStreamsOnALine):
            kind = type(obj)
            archival = _ARCHIVAL_KINDS.get(kind)
            if archival is None:
                archival = _ARCHIVAL_KINDS[kind] = type(
                    f"Archival{kind.__name__}", (_EndsStreamsOnALine, kind), {}
                )
            obj.__class__ = archival
            if (
                name
                and name.startswith("toUnicodeCMap:")
                and isinstance(obj.content, str)
                and "Filter" not in obj.dictionary.dict
            ):
                obj.content = tounicode_without_unused_codes(obj.content)
        return super().Reference(obj, name)

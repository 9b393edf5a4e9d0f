"""The Word reference template as untrusted input: read within bounds, parsed with no entities
and no network, and rebuilt from the parts it references, less what reaches outside the file
or runs code.

A template can come from anywhere, and every briefing starts as a copy of it: an attached
template Word fetches on open, a picture field pointing at a file share, or macros would be in
each one. What is left out is named, so the build can say so once; what cannot be read is one
located error, before any document is built.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import PrecisError

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 2_000
MAX_DIRECTORY_BYTES = 1024 * 1024
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
MAX_RATIO = 200
MAX_DEPTH = 10
RATIO_FLOOR = 1024 * 1024
"""Bounds on what is read from a template's zip. Word's own files are a few hundred kilobytes
in a few dozen parts, XML deflates about ten to one, and a picture hardly at all; a zip bomb
inflates a thousand to one. Below RATIO_FLOOR a part is too small to matter whatever its
ratio. The zip's central directory is bounded before it is read: 2,000 entries take a few
hundred kilobytes of it. A Word file's parts are a few relationships deep (the package, its
document, a header, a picture), so a chain of them is refused long before Python's recursion
limit."""

DAMAGED = "the file is damaged: open it in Word and save it again"
NOT_WORD = "not a Word document with styles; save it from Word as a Word Document (.docx)"
RESAVE = "save the template again from Word as a Word Document (.docx)"

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"

DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_SUFFIXES = (".docm", ".dotm")

LEFT_OUT = {
    "attachedTemplate": "an attached template",
    "vbaProject": "macros",
    "wordVbaData": "macro data",
    "oleObject": "an embedded or linked object",
    "package": "an embedded file",
    "control": "an ActiveX control",
    "activeXControlBinary": "an ActiveX control",
    "attachedToolbars": "macro toolbars",
    "keyMapCustomizations": "macro shortcut keys",
    "aFChunk": "imported content",
    "subDocument": "a subdocument",
    "frame": "a frame",
    "mailMergeSource": "a mail-merge data source",
    "mailMergeHeaderSource": "a mail-merge data source",
    "recipientData": "mail-merge recipients",
    "extensibility": "a custom ribbon",
    "userCustomization": "a custom ribbon",
}
"""What a relationship of each type (the last segment of its URI) brings: each runs code,
fetches from elsewhere, or only makes sense with macros, and none is part of a briefing."""
EXECUTABLE_TYPES = (
    "application/vnd.ms-office.vbaproject",
    "application/vnd.ms-word.vbadata+xml",
    "application/vnd.ms-office.activex+xml",
    "application/vnd.ms-office.activex",
    "application/vnd.openxmlformats-officedocument.oleobject",
    "application/vnd.ms-word.keymapcustomizations+xml",
    "application/vnd.ms-word.attachedtoolbars",
)
"""Parts left out whatever relationship leads to them (as are all macro-enabled ones)."""
LINK_SCHEMES = ("http:", "https:", "mailto:")
"""The links a template keeps: the kinds a briefing makes itself; a `file:` link or a share
(`\\\\server\\x`) would hand the reader's credentials to whoever runs the share."""
FETCHING_FIELDS = frozenset(
    ("INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "IMPORT", "LINK", "DDE", "DDEAUTO", "DATABASE")
)
"""Fields Word updates from another file, program or database."""
ROOTS = {
    "officeDocument": f"{{{_W}}}document",
    "styles": f"{{{_W}}}styles",
    "settings": f"{{{_W}}}settings",
    "numbering": f"{{{_W}}}numbering",
    "header": f"{{{_W}}}hdr",
    "footer": f"{{{_W}}}ftr",
}
"""The root element python-docx expects of each part it works on."""

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


@dataclass(frozen=True)
class CleanTemplate:
    """The template rebuilt: its referenced parts, less what was left out (named)."""

    data: bytes
    left_out: tuple[str, ...]


def clean_template(path: Path) -> CleanTemplate:
    """The template at `path`, cleaned; PrecisError, at the file, when it cannot be read.

    Made once per process per version of the file (its size and time of change key it)."""
    if path.suffix.lower() in MACRO_SUFFIXES:
        raise _fail(
            path,
            "this is a macro-enabled Word file; Precis never copies macros into a "
            "briefing, so save it from Word as a Word Document (.docx)",
        )
    try:
        info = path.stat()
    except OSError:
        raise _fail(path, "reference template not found; check the path") from None
    if not path.is_file():
        raise _fail(path, "reference template not found; check the path")
    return _clean(path, info.st_size, info.st_mtime_ns)


def _fail(path: Path, message: str) -> PrecisError:
    return PrecisError.at(path, 1, 1, message)


@functools.lru_cache(maxsize=8)
def _clean(path: Path, size: int, mtime_ns: int) -> CleanTemplate:
    if size > MAX_FILE_BYTES:
        raise _fail(
            path,
            f"the file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for a Word "
            f"template; {RESAVE} without the large pictures or files embedded in it",
        )
    try:
        directory = _directory_bytes(path)
        if directory > MAX_DIRECTORY_BYTES:
            raise _fail(
                path,
                f"the file lists far more parts than the {MAX_MEMBERS:,} a Word template may "
                f"have (its index alone is {directory:,} bytes); {RESAVE}",
            )
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise _fail(path, NOT_WORD) from None
    with archive:
        return _Package(path, archive).clean()


def _directory_bytes(path: Path) -> int:
    """The size of the zip's central directory, from the record ZipFile reads first (zip64
    or not): ZipFile then holds an object per entry listed, hundreds of megabytes for a file
    of tens. 0 when there is no such record (ZipFile then refuses the file)."""
    with path.open("rb") as handle:
        end = zipfile._EndRecData(handle)  # type: ignore[attr-defined]
    return 0 if end is None else int(end[zipfile._ECD_SIZE])  # type: ignore[attr-defined]


@dataclass
class _Part:
    name: str
    """The zip member name: the part name without its leading slash."""
    content_type: str
    data: bytes
    rels: Any = None
    """Its relationships (the parsed .rels file), less those dropped."""
    kinds: list[str] = field(default_factory=list)
    """The kinds of relationship kept, by the last segment of their type."""


class _Package:
    """One template being read: how much it has inflated so far, and what it left out."""

    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.archive = archive
        self.read_bytes = 0
        self.left_out: list[str] = []
        self.parts: dict[str, _Part] = {}
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise self.fail(
                f"the file holds {len(members):,} parts, over the {MAX_MEMBERS:,} a Word "
                f"template may have; {RESAVE}"
            )
        self.members: dict[str, zipfile.ZipInfo] = {}
        for member in members:
            key = member.filename.casefold()  # part names match without regard to case
            if key in self.members:
                raise self.fail(f"the file holds two parts named {member.filename}; {DAMAGED}")
            self.members[key] = member

    def fail(self, message: str) -> PrecisError:
        return _fail(self.path, message)

    def member(self, name: str) -> bytes | None:
        """A member's bytes, read within the bounds; None when there is no such member."""
        info = self.members.get(name.casefold())
        if info is None:
            return None
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > MAX_PART_BYTES:
            raise self.fail(
                f"{name} inflates to {size:,} bytes, over the {MAX_PART_BYTES:,}-byte limit "
                f"for one part of a Word template (a zip bomb?); {RESAVE}"
            )
        if size > RATIO_FLOOR and size > MAX_RATIO * packed:
            raise self.fail(
                f"{name} inflates {size // packed:,} times over, where no Word file's parts "
                f"inflate more than {MAX_RATIO} times (a zip bomb?); {RESAVE}"
            )
        if self.read_bytes + size > MAX_TOTAL_BYTES:
            raise self.fail(
                f"its parts inflate to over {MAX_TOTAL_BYTES:,} bytes, the limit for a Word "
                f"template (a zip bomb?); {RESAVE}"
            )
        try:
            with self.archive.open(info) as member:
                data = member.read(size + 1)  # the stream ends at the size it declares
        except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError, RuntimeError) as exc:
            raise self.fail(f"{name} cannot be read ({exc}); {DAMAGED}") from None
        if len(data) != size:
            raise self.fail(f"{name} is not the size the file says it is; {DAMAGED}")
        self.read_bytes += size
        return data

    def xml(self, name: str, data: bytes) -> Any:
        """A part's XML, which must have no DTD: its entities could read a file on this
        computer into the briefing, or expand without end."""
        if _DOCTYPE.search(data.replace(b"\x00", b"")[:65536]):
            raise self.fail(_dtd(name))
        try:
            tree = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            line, column = exc.position
            problem = str(exc.msg).split(", line ")[0]
            raise self.fail(
                f"{name} is not well-formed XML (line {line}, column {column}: {problem}); "
                f"{DAMAGED}"
            ) from None
        if tree.getroottree().docinfo.internalDTD is not None:
            raise self.fail(_dtd(name))
        return tree

    def clean(self) -> CleanTemplate:
        self.types = self._content_types()
        package_rels = self.member("_rels/.rels")
        if package_rels is None:
            raise self.fail(
                f"_rels/.rels, the index every Word file starts from, is missing; {DAMAGED}"
            )
        rels = self.xml("_rels/.rels", package_rels)
        found, _ = self._walk("/", rels, 0)
        main = next((part for kind, part in found if kind == "officeDocument"), None)
        if main is None or "styles" not in main.kinds:
            raise self.fail(NOT_WORD)
        return CleanTemplate(self._zip(rels), tuple(dict.fromkeys(self.left_out)))

    def _content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """Content types by extension and by part name, both matched without case."""
        data = self.member("[Content_Types].xml")
        if data is None:
            raise self.fail(NOT_WORD)
        tree = self.xml("[Content_Types].xml", data)
        defaults = {
            e.get("Extension", "").casefold(): e.get("ContentType", "")
            for e in tree.iter(f"{{{_CT}}}Default")
        }
        overrides = {
            e.get("PartName", "").casefold(): e.get("ContentType", "")
            for e in tree.iter(f"{{{_CT}}}Override")
        }
        return defaults, overrides

    def _walk(self, source: str, rels: Any, depth: int) -> tuple[list[tuple[str, _Part]], set[str]]:
        """Read each part `source`'s relationships lead to, and theirs in turn, dropping the
        relationships that reach outside the file or run code: the kind and part of each one
        kept, and the ids of those dropped."""
        if depth > MAX_DEPTH:
            raise self.fail(
                f"{_rels_name(source)} is {depth} relationships from the start of the file, "
                f"deeper than any Word file's parts; {DAMAGED}"
            )
        found: list[tuple[str, _Part]] = []
        dropped: set[str] = set()
        for rel in list(rels.iter(f"{{{_PR}}}Relationship")):
            kind, target = _kind(rel.get("Type", "")), rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                if kind == "hyperlink" and target.lower().startswith(LINK_SCHEMES):
                    continue
                what = LEFT_OUT.get(kind, "a link" if kind == "hyperlink" else f"a linked {kind}")
                self.left_out.append(f"{what} ({target[:80]})")
            else:
                partname = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
                content_type = self._type_of(partname)
                main = kind == "officeDocument"  # refused, if macro-enabled, in _part
                if kind not in LEFT_OUT and (main or not _executable(content_type)):
                    part = self._part(source, partname, kind, content_type, depth)
                    found.append((kind, part))
                    continue
                self.left_out.append(
                    f"{LEFT_OUT.get(kind, 'executable content')} ({partname.lstrip('/')})"
                )
            dropped.add(rel.get("Id", ""))
            rels.remove(rel)
        return found, dropped

    def _type_of(self, partname: str) -> str:
        defaults, overrides = self.types
        extension = posixpath.splitext(partname)[1][1:]
        return overrides.get(partname.casefold()) or defaults.get(extension.casefold(), "")

    def _part(self, source: str, partname: str, kind: str, content_type: str, depth: int) -> _Part:
        """The part at `partname`, read and cleaned the first time it is reached."""
        name = partname.lstrip("/")
        if name in self.parts:
            return self.parts[name]
        data = self.member(name)
        if data is None:
            raise self.fail(
                f"{_rels_name(source)} names {name}, which is not in the file; {DAMAGED}"
            )
        if not content_type:
            raise self.fail(f"{name} has no content type in [Content_Types].xml; {DAMAGED}")
        if kind == "officeDocument":
            content_type = self._main_type(content_type)
        part = self.parts[name] = _Part(name, content_type, data)
        dropped: set[str] = set()
        rels_data = self.member(_rels_name(partname))
        if rels_data is not None:
            part.rels = self.xml(_rels_name(partname), rels_data)
            found, dropped = self._walk(partname, part.rels, depth + 1)
            part.kinds = [kind for kind, _ in found]
        if content_type.lower().endswith("xml"):
            tree = self.xml(name, data)
            if kind in ROOTS and tree.tag != ROOTS[kind]:
                raise self.fail(f"{name} is not the Word {kind} part it is named as; {DAMAGED}")
            if kind == "officeDocument" and tree.find(f"{{{_W}}}body") is None:
                raise self.fail(f"{name} has no body; {DAMAGED}")
            if _strip(tree, dropped, self.left_out):
                part.data = _xml_bytes(tree)
        return part

    def _main_type(self, content_type: str) -> str:
        if "macroenabled" in content_type.lower():
            raise self.fail(
                f"this is a macro-enabled Word file (its main part is {content_type}); Precis "
                "never copies macros into a briefing, so save it from Word as a Word Document "
                "(.docx)"
            )
        if content_type not in (DOCUMENT, TEMPLATE):
            raise self.fail(NOT_WORD)
        return DOCUMENT  # a .dotx is read as the document it makes

    def _zip(self, package_rels: Any) -> bytes:
        """The kept parts as a package python-docx reads, each with its content type named."""
        types = etree.Element(f"{{{_CT}}}Types", nsmap={None: _CT})
        etree.SubElement(types, f"{{{_CT}}}Default", Extension="rels", ContentType=RELS_TYPE)
        for part in self.parts.values():
            etree.SubElement(
                types, f"{{{_CT}}}Override", PartName="/" + part.name, ContentType=part.content_type
            )
        entries = [
            ("[Content_Types].xml", _xml_bytes(types)),
            ("_rels/.rels", _xml_bytes(package_rels)),
        ]
        for part in self.parts.values():
            entries.append((part.name, part.data))
            if part.rels is not None:
                entries.append((_rels_name("/" + part.name), _xml_bytes(part.rels)))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name, data in entries:
                entry = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
                target.writestr(entry, data, zipfile.ZIP_DEFLATED, compresslevel=1)
        return out.getvalue()


RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"


def _dtd(name: str) -> str:
    return (
        f"{name} declares a DTD (<!DOCTYPE ...>), which no Word file has: its entities could "
        f"read a file on this computer into every briefing, or expand without end; {RESAVE}"
    )


def _kind(reltype: str) -> str:
    """A relationship type by its last segment, the same in transitional and strict URIs."""
    return reltype.rstrip("/").rsplit("/", 1)[-1]


def _rels_name(partname: str) -> str:
    """The member holding a part's relationships: `word/_rels/document.xml.rels`."""
    folder, name = posixpath.split(partname)
    return posixpath.join(folder, "_rels", f"{name}.rels").lstrip("/")


def _executable(content_type: str) -> bool:
    lowered = content_type.lower()
    return lowered in EXECUTABLE_TYPES or "macroenabled" in lowered


def _xml_bytes(tree: Any) -> bytes:
    data: bytes = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def _strip(tree: Any, dropped: set[str], left_out: list[str]) -> bool:
    """Take out of one part's XML what refers to a dropped relationship, the fields that
    fetch from elsewhere, pictures linked by address, and mail-merge settings; whether
    anything was."""
    doomed: list[Any] = []
    unlinked = False
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction
        if element.tag in (_MAIL_MERGE, _ATTACHED):
            doomed.append(element)
            if element.tag == _MAIL_MERGE:
                left_out.append("mail-merge settings (a data source Word connects to)")
            continue
        if element.tag == _SIMPLE_FIELD and _fetches(element.get(f"{{{_W}}}instr", "")):
            left_out.append(_field_note(element.get(f"{{{_W}}}instr", "")))
            doomed.append(element)
            continue
        if element.tag.startswith(f"{{{_V}}}"):
            for attribute in _VML_ADDRESSES:
                address = element.attrib.pop(attribute, None)
                if address is not None:
                    left_out.append(f"a picture linked by address ({address[:80]})")
                    unlinked = True
        references = [
            (name, value)
            for name, value in element.attrib.items()
            if value in dropped and (name.startswith(f"{{{_R}}}") or name == _RELID)
        ]
        if not references:
            continue
        if element.tag == _BLIP:
            for name, _ in references:
                del element.attrib[name]
            unlinked = True
        else:
            doomed.append(element)
    doomed += _fetching_field_runs(tree, left_out)
    for element in doomed:
        parent = element.getparent()
        if parent is None:
            continue  # already gone with an element around it
        if element.tag == _HYPERLINK:  # the text stays, as plain text
            for child in list(element):
                element.addprevious(child)
        parent.remove(element)
    return bool(doomed) or unlinked


def _fetches(instruction: str) -> bool:
    words = instruction.split()
    return bool(words) and words[0].upper() in FETCHING_FIELDS


def _field_note(instruction: str) -> str:
    words = instruction.split()
    return f"an {words[0].upper()} field ({' '.join(words[1:])[:80]})"


@dataclass
class _Field:
    runs: list[Any]
    code: list[str] = field(default_factory=list)
    in_code: bool = True


def _fetching_field_runs(tree: Any, left_out: list[str]) -> list[Any]:
    """The runs of each complex field (begin, code, separate, result, end: runs that can span
    paragraphs and nest) whose code fetches from elsewhere, result and all."""
    open_fields: list[_Field] = []
    doomed: list[Any] = []

    def close(done: _Field) -> None:
        code = "".join(done.code)
        if _fetches(code):
            left_out.append(_field_note(code))
            doomed.extend(done.runs)

    for run in tree.iter(_RUN):
        for open_field in open_fields:
            open_field.runs.append(run)
        for child in run:
            if child.tag == _FIELD_CHAR:
                kind = child.get(f"{{{_W}}}fldCharType")
                if kind == "begin":
                    open_fields.append(_Field([run]))
                elif kind == "separate" and open_fields:
                    open_fields[-1].in_code = False
                elif kind == "end" and open_fields:
                    close(open_fields.pop())
            elif child.tag == _INSTRUCTION and open_fields and open_fields[-1].in_code:
                open_fields[-1].code.append(child.text or "")
    for unclosed in open_fields:
        close(unclosed)
    return list(dict.fromkeys(doomed))


_MAIL_MERGE = f"{{{_W}}}mailMerge"
_ATTACHED = f"{{{_W}}}attachedTemplate"
_SIMPLE_FIELD = f"{{{_W}}}fldSimple"
_FIELD_CHAR = f"{{{_W}}}fldChar"
_INSTRUCTION = f"{{{_W}}}instrText"
_RUN = f"{{{_W}}}r"
_HYPERLINK = f"{{{_W}}}hyperlink"
_BLIP = f"{{{_A}}}blip"
_RELID = f"{{{_O}}}relid"
_VML_ADDRESSES = ("src", f"{{{_O}}}href", f"{{{_O}}}althref")
"""Where a VML picture can name a file directly, not through a relationship."""

"""Read a YAML file into plain data, remembering where every value stood.

PyYAML's own constructors are never used: they turn `NO` into False and `2023-01-05` into a
date, silently keep the last of two duplicate keys, expand aliases without bound and build
arbitrary objects from `!!python` tags. We compose the node tree with safe limits and convert
it ourselves, so every scalar stays text (the model decides its type) and every value keeps
its line and column for error messages.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import PrecisError
from . import hints

MAX_FILE_BYTES = 512 * 1024
"""Far above any real summary (the Durham one is under 3 KB); stops a runaway file early."""
MAX_DEPTH = 20
"""A summary is at most four levels deep; this bound stops recursion bombs in the composer."""

Loc = tuple[str | int, ...]
Position = tuple[int, int]

_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {
    _YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}


@dataclass
class YamlDocument:
    """Plain data (dicts, lists, str, None) and the position of each value and key."""

    path: Path
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    text: str = ""
    """The file as read, to find a mistake's place inside a value."""

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The closest known position to `loc`: itself, else its nearest ancestor."""
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def find(self, words: str, loc: Loc) -> Position:
        """Where `words` are first written in the value at `loc` (its own position if they
        are not written as they are read: escaped, say)."""
        line, col = self.position(loc)
        lines = self.text.splitlines(keepends=True)
        start = sum(map(len, lines[: line - 1])) + col - 1
        found = self.text.find(words, start) if words else -1
        if found < 0:
            return line, col
        if found and self.text[found - 1] == "\\":  # escaped, in double quotes: `\"`
            found -= 1
        for number, text in enumerate(lines, 1):
            if found < len(text):
                return number, found + 1
            found -= len(text)
        return line, col

    def fail(self, loc: Loc, message: str, *, key: bool = False) -> PrecisError:
        line, col = self.position(loc, key=key)
        return PrecisError.at(self.path, line, col, message)


class _Refused(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


_FAST = hasattr(yaml, "CSafeLoader")
"""PyYAML's wheels carry libyaml; a build from source without it falls back to pure Python."""


class _BoundedLoader(yaml.CSafeLoader if _FAST else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser (C: twenty times PyYAML's own) under PyYAML's Python composer, which
    refuses aliases and deep nesting here before building anything."""

    get_single_node = Composer.get_single_node
    compose_document = Composer.compose_document
    compose_scalar_node = Composer.compose_scalar_node
    compose_sequence_node = Composer.compose_sequence_node
    compose_mapping_node = Composer.compose_mapping_node

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.anchors: dict[str, Node] = {}
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        mark: Any = self.peek_event().start_mark
        if self.check_event(AliasEvent):
            raise _Refused(
                mark,
                "aliases (*name) are not allowed in a summary; write the value out in full",
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    mark,
                    f"values are nested more than {MAX_DEPTH} levels deep; "
                    "a summary needs at most four",
                )
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1


def _position_of(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing folders, FIFOs, devices and files over the size limit."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise PrecisError.at(path, 1, 1, "file not found; check the path") from None
    except OSError as exc:
        raise PrecisError.at(path, 1, 1, f"cannot read file: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise PrecisError.at(path, 1, 1, f"this is {kind}; give the path of a .yaml file")
    if info.st_size > MAX_FILE_BYTES:
        raise PrecisError.at(
            path,
            1,
            1,
            f"file is {info.st_size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for a "
            "summary; a summary is a page of facts, not the whole report",
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise PrecisError.at(path, 1, 1, f"cannot read file: {exc.strerror}") from None


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-16 or UTF-32, known by a byte-order mark or by zero bytes between ASCII letters."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:64]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        return "UTF-32" if head.count(0) * 3 >= len(head) * 2 else "UTF-16"
    return None


def _decode(path: Path, raw: bytes) -> str:
    wide = _wide_encoding(raw)
    if wide:
        raise PrecisError.at(
            path,
            1,
            1,
            f"file is {wide}; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start]
        line = head.count(b"\n") + 1
        col = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise PrecisError.at(
            path,
            line,
            col,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8 "
            "(in most editors: Save As, Encoding: UTF-8)",
        ) from None


def _character_at(text: str, mark: yaml.Mark) -> str:
    """The character a mark points at, found by line and column (libyaml counts its index in
    bytes, not characters)."""
    lines = text.splitlines()
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def _line_at(text: str, mark: yaml.Mark) -> str:
    lines = text.splitlines()
    return lines[mark.line] if mark.line < len(lines) else ""


def _syntax_error(path: Path, text: str, exc: yaml.YAMLError) -> PrecisError:
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml gives a byte offset into the UTF-8 text; count characters up to it.
        before = text.encode()[: exc.position].decode("utf-8", "ignore") if _FAST else ""
        line, col = _position_of(text, len(before) if _FAST else exc.position)
        return PrecisError.at(
            path,
            line,
            col,
            f"invisible control character U+{exc.character:04X} is not allowed; delete it",
        )
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        problem = exc.problem or "not valid YAML"
        written = _line_at(text, mark)
        # A quote mark inside quoted text (`'Durham's review'`) ends it early; the parser
        # stops just after, not finding what should follow a value.
        early = hints.closed_early(written, mark.column)
        column = early[0] if early else mark.column
        if _character_at(text, mark) == "\t":
            message = "tab character used for indentation; YAML allows only spaces, so replace it"
        elif "maximum nesting depth" in problem:
            message = (
                f"values are nested far more than {MAX_DEPTH} levels deep; "
                "a summary needs at most four"
            )
        elif exc.context == "expected a single document in the stream":
            message = (
                "`---` starts a second document, but a summary file holds one; "
                "delete it and what follows, or move that into its own file"
            )
        elif early:
            message = early[1]
        elif "mapping values are not allowed" in problem and (
            colon := hints.colon_in_value(written, mark.column)
        ):
            message = colon
        elif exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            mark = exc.context_mark
            column = mark.column
            quote = _character_at(text, mark) or '"'
            message = f"this quoted text is never closed; add the closing {quote} where it ends"
        else:
            message = f"YAML syntax error: {problem}"
            if exc.context:
                message += f" ({exc.context})"
            message += "; check the indentation and quoting here and on the line before"
        return PrecisError.at(path, mark.line + 1, column + 1, message)
    return PrecisError.at(path, 1, 1, f"YAML error: {exc}")


def read_yaml(path: Path, raw: bytes | None = None) -> YamlDocument:
    """Parse one YAML file (or its bytes, already read); raise PrecisError for anything unsafe."""
    text = _decode(path, read_bytes(path) if raw is None else raw)
    try:
        loader = _BoundedLoader(text)
    except yaml.YAMLError as exc:
        raise _syntax_error(path, text, exc) from None
    try:
        root = loader.get_single_node()
    except _Refused as exc:
        raise PrecisError.at(path, exc.mark.line + 1, exc.mark.column + 1, exc.message) from None
    except yaml.YAMLError as exc:
        raise _syntax_error(path, text, exc) from None
    finally:
        loader.dispose()
    if root is None:
        raise PrecisError.at(path, 1, 1, "file is empty; run `precis new SLUG` for a skeleton")
    document = YamlDocument(path, None, text=text)
    document.data = _convert(document, root, ())
    return document


def _mark(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _refuse(document: YamlDocument, node: Node, message: str) -> PrecisError:
    line, col = _mark(node)
    return PrecisError.at(document.path, line, col, message)


def _check_tag(document: YamlDocument, node: Node) -> None:
    if node.tag == _YAML + "merge":
        raise _refuse(document, node, "merge keys (<<) are not allowed; write the keys out in full")
    if node.tag not in _PLAIN_TAGS:
        tag = node.tag.replace(_YAML, "!!")
        raise _refuse(
            document,
            node,
            f"tag `{tag}` is not allowed; a summary holds only text, lists and mappings, "
            "so remove the tag",
        )


def _convert(document: YamlDocument, node: Node, loc: Loc) -> Any:
    document.values[loc] = _mark(node)
    _check_tag(document, node)
    if isinstance(node, ScalarNode):
        # Only plain `~`, `null` or nothing mean "no value"; every other scalar stays text.
        is_null = node.tag == _YAML + "null" and not node.style  # plain: None, or "" from libyaml
        if is_null:
            return None
        # A blank line is a paragraph break in every style, but YAML folds it to one line
        # break in all but a literal block (`|`), where lines break as written.
        return node.value if node.style == "|" else node.value.replace("\n", "\n\n")
    if isinstance(node, SequenceNode):
        return [_convert(document, item, (*loc, i)) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        _check_tag(document, key_node)
        if not isinstance(key_node, ScalarNode):
            raise _refuse(document, key_node, "a key must be a plain word, not a list or mapping")
        key = key_node.value
        if key in result:
            first_line = document.keys[(*loc, key)][0]
            raise _refuse(
                document,
                key_node,
                f"duplicate key `{key}` (first given on line {first_line}); keep only one",
            )
        document.keys[(*loc, key)] = _mark(key_node)
        result[key] = _convert(document, value_node, (*loc, key))
    return result

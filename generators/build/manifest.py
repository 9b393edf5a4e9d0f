"""The manifest: what Precis wrote into one output folder, keyed by content hashes.

An output is rebuilt only when something it depends on changed, judged by these hashes, never
by modification times. The manifest is untrusted: a shared or unzipped `build/` folder may hold
any file under its name, so it is read only when it is a small regular file of the right
shape, and only names that Precis itself would write are ever acted on.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import stat
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .. import __version__
from ..content.loader import SLUG
from ..errors import Problem
from ..formats import FORMATS
from .output import write_atomic

MANIFEST = ".precis-manifest.json"
LARGEST = 16 * 1024 * 1024
"""Bytes a manifest may have: about 30 000 documents' worth, far beyond any real folder."""

log = logging.getLogger(__name__)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_output_name(name: str) -> bool:
    """Whether `name` is one Precis writes: a valid slug and a known format's suffix, nothing
    else (no folder, no `..`), so a forged entry can never point outside the folder."""
    return any(
        name.endswith(format.suffix) and SLUG.fullmatch(name[: -len(format.suffix)]) is not None
        for format in FORMATS.values()
    )


def regular_file(path: Path) -> os.stat_result | None:
    """The file's status when it is a regular file itself (not a link, FIFO or device, which
    reading could follow elsewhere or hang on), else None."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


class Entry(BaseModel):
    """What the manifest remembers about one output file."""

    model_config = ConfigDict(strict=True, extra="forbid")

    source: str
    content: str
    theme: str
    precis: str
    output: str
    size: int
    mtime_ns: int


class _Record(BaseModel):
    """The manifest file as a whole."""

    model_config = ConfigDict(strict=True)

    precis: str
    outputs: dict[str, Entry]


class Manifest:
    """The record of what Precis wrote into one output folder; a damaged one is forgotten,
    with one warning (`damage`), and everything is rebuilt."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / MANIFEST
        self.entries: dict[str, Entry] = {}
        self.damage: Problem | None = None
        if not self.path.exists() and not self.path.is_symlink():
            return
        try:
            self.entries = self._read()
        except ValueError as exc:
            self.damage = Problem(
                str(self.path),
                1,
                1,
                f"warning: the build record is damaged ({exc}); it is ignored, so every "
                "document is rebuilt",
            )

    def _read(self) -> dict[str, Entry]:
        info = regular_file(self.path)
        if info is None:
            raise ValueError("not a regular file")
        if info.st_size > LARGEST:
            raise ValueError(f"over {LARGEST // 1024 // 1024} MiB")
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:  # no link followed, no FIFO waited on, even if one replaced the file just now
            with os.fdopen(os.open(self.path, flags), "rb") as handle:
                data = handle.read(LARGEST + 1)
        except OSError as exc:
            raise ValueError(exc.strerror or "unreadable") from None
        try:
            entries = _Record.model_validate_json(data).outputs
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(map(str, first["loc"])) or "the file"
            raise ValueError(f"{where}: {first['msg'].lower()}") from None
        for name in [name for name in entries if not is_output_name(name)]:
            log.info("%s: ignoring `%s`, which is not a name Precis writes", self.path, name)
            del entries[name]
        return entries

    def save(self) -> None:
        data = {
            "precis": __version__,
            "outputs": {k: v.model_dump() for k, v in sorted(self.entries.items())},
        }
        write_atomic(self.path, (json.dumps(data, indent=1) + "\n").encode())

    def stale_reason(self, name: str, content: str, theme: str) -> str | None:
        """Why the output `name` must be rebuilt, or None when it is up to date."""
        entry = self.entries.get(name)
        if entry is None:
            return "new"
        info = regular_file(self.folder / name)
        if info is None:
            return "missing output"
        if entry.precis != __version__:
            return "changed: precis version"
        if entry.content != content:
            return "changed: content"
        if entry.theme != theme:
            return "changed: theme"
        touched = (info.st_size, info.st_mtime_ns) != (entry.size, entry.mtime_ns)
        if touched and sha256((self.folder / name).read_bytes()) != entry.output:
            return "changed by hand"
        return None

    def orphans(self, folders: list[Path], suffixes: list[str], kept: set[str]) -> list[str]:
        """Outputs (of these formats) whose summary was in one of `folders` and is gone, and
        that no summary of this build makes (`kept`): a summary renamed from `a.yaml` to
        `a.yml`, or moved to another folder built with it, keeps its documents.

        In the folder itself, not below it: a build reads no subfolder, so a summary that was
        in one was built on its own, and its documents are that build's to remove.
        """
        built = {str(folder) for folder in folders}
        gone = functools.cache(lambda source: not os.path.exists(source))
        return [
            name
            for name, entry in sorted(self.entries.items())
            if name not in kept
            and name.endswith(tuple(suffixes))
            and os.path.dirname(entry.source) in built
            and gone(entry.source)
        ]

    def remove(self, name: str) -> bool:
        """Delete the output `name` if it is a file Precis could have written there (never a
        link, a folder or anything outside), and forget it; whether a file was deleted."""
        self.entries.pop(name, None)
        path = self.folder / name
        if not is_output_name(name) or regular_file(path) is None:
            return False
        path.unlink(missing_ok=True)
        return True

    def record(self, name: str, source: Path, content: str, theme: str, data: bytes) -> None:
        info = (self.folder / name).stat()
        self.entries[name] = Entry(
            source=str(source.resolve()),
            content=content,
            theme=theme,
            precis=__version__,
            output=sha256(data),
            size=info.st_size,
            mtime_ns=info.st_mtime_ns,
        )

    def moved(self, name: str, source: Path) -> None:
        """An up-to-date output's summary now lives at `source` (renamed or moved)."""
        entry = self.entries.get(name)
        if entry is not None:
            entry.source = str(source.resolve())

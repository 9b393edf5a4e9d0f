"""The manifest: what Precis wrote into one output folder, keyed by content hashes.

An output is rebuilt only when something it depends on changed, judged by these hashes, never
by modification times.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from .output import write_atomic

MANIFEST = ".precis-manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Entry:
    """What the manifest remembers about one output file."""

    source: str
    content: str
    theme: str
    precis: str
    output: str
    size: int
    mtime_ns: int


class Manifest:
    """The record of what Precis wrote into one output folder; a damaged one is just forgotten."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        self.entries: dict[str, Entry] = {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries = {name: Entry(**value) for name, value in raw["outputs"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    def save(self) -> None:
        data = {
            "precis": __version__,
            "outputs": {k: vars(v) for k, v in sorted(self.entries.items())},
        }
        write_atomic(self.path, (json.dumps(data, indent=1) + "\n").encode())

    def stale_reason(self, name: str, folder: Path, content: str, theme: str) -> str | None:
        """Why the output `name` must be rebuilt, or None when it is up to date."""
        entry = self.entries.get(name)
        target = folder / name
        if entry is None:
            return "new"
        try:
            info = target.stat()
        except OSError:
            return "missing output"
        if entry.precis != __version__:
            return "changed: precis version"
        if entry.content != content:
            return "changed: content"
        if entry.theme != theme:
            return "changed: theme"
        touched = (info.st_size, info.st_mtime_ns) != (entry.size, entry.mtime_ns)
        if touched and sha256(target.read_bytes()) != entry.output:
            return "changed by hand"
        return None

    def orphans(self, folders: list[Path], suffixes: list[str]) -> list[str]:
        """Outputs (of these formats) whose summary was in one of `folders` and is gone.

        In the folder itself, not below it: a build reads no subfolder, so a summary that was
        in one was built on its own, and its documents are that build's to remove.
        """
        built = {str(folder) for folder in folders}
        gone = functools.cache(lambda source: not os.path.exists(source))
        return [
            name
            for name, entry in sorted(self.entries.items())
            if name.endswith(tuple(suffixes))
            and os.path.dirname(entry.source) in built
            and gone(entry.source)
        ]

    def forget(self, name: str) -> None:
        self.entries.pop(name, None)

    def record(
        self, name: str, folder: Path, source: Path, content: str, theme: str, data: bytes
    ) -> None:
        info = (folder / name).stat()
        self.entries[name] = Entry(
            str(source.resolve()),
            content,
            theme,
            __version__,
            sha256(data),
            info.st_size,
            info.st_mtime_ns,
        )

"""Decide what to build: the summaries asked for, and which of their outputs are stale."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..content.loader import YAML_SUFFIXES, slug_of
from ..content.reader import read_bytes
from ..errors import PrecisError, Problem
from ..formats import FORMATS, output_name
from ..theme.model import Theme
from .manifest import Manifest, sha256
from .report import Report


def find_summaries(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The summary files named or inside the named folders (not recursive), in a stable order."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            folder = os.path.realpath(path)
            with os.scandir(path) as listing:
                entries = sorted(
                    (e for e in listing if Path(e.name).suffix.lower() in YAML_SUFFIXES),
                    key=lambda e: e.name,
                )
            for entry in entries:
                # realpath, unlike resolve(), never raises: a link loop is reported on reading.
                target = Path(os.path.realpath(entry.path)) if entry.is_symlink() else None
                if target and not target.is_relative_to(folder):
                    problems.append(
                        Problem(
                            entry.path,
                            1,
                            1,
                            f"links to {target}, outside {path}; a folder's summaries "
                            "must live in it, so copy the file in or name it on the command line",
                        )
                    )
                else:
                    found.append(Path(entry.path))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            problems.append(Problem(str(path), 1, 1, "no such file or folder; check the path"))
    return list(dict.fromkeys(found)), problems


def theme_digests(theme: Theme, formats: Iterable[str]) -> dict[str, str]:
    """Per format, a hash of everything besides content that shapes its output.

    Each file is read and hashed once, however many formats read it: the fonts are megabytes,
    and every build, even one with nothing to do, needs these hashes.
    """
    files: dict[Path, bytes] = {}
    digests: dict[str, str] = {}
    for name in formats:
        digest = hashlib.sha256(f"{name}\0".encode())
        for path in FORMATS[name].reads(theme):
            if path not in files:
                try:
                    files[path] = hashlib.sha256(path.read_bytes()).digest()
                except OSError as exc:  # gone since the theme was loaded (deleted, renamed)
                    message = f"cannot read this theme file ({exc.strerror}); put it back"
                    raise PrecisError.at(path, 1, 1, message) from None
            digest.update(path.name.encode() + b"\0" + files[path])
        digests[name] = digest.hexdigest()
    return digests


@dataclass(frozen=True)
class Task:
    """One summary and the outputs it still needs, with the reasons."""

    path: Path
    slug: str
    raw: bytes
    content: str
    outputs: dict[str, str]  # generator name -> reason


def plan(
    paths: Iterable[Path],
    out: Path,
    manifest: Manifest,
    digests: dict[str, str],
    force: bool,
    report: Report,
) -> list[Task]:
    """The summaries with at least one output to (re)build; problems go into `report`.

    `digests` maps each wanted format to the fingerprint of the theme files it reads.
    """
    formats = [FORMATS[name] for name in digests]
    paths = list(paths)
    files, missing = find_summaries(paths)
    report.problems += missing
    tasks: list[Task] = []
    slugs: dict[str, Path] = {}
    made: set[str] = set()  # every output some summary here makes, stale or not
    for path in files:
        try:
            slug = slug_of(path)
            made.update(output_name(format, slug) for format in formats)
            if slug in slugs:
                raise PrecisError.at(
                    path,
                    1,
                    1,
                    f"slug `{slug}` is also used by {slugs[slug]}; rename one of the two files",
                )
            slugs[slug] = path
            raw = read_bytes(path)
        except PrecisError as exc:
            report.problems += exc.problems
            continue
        content = sha256(raw)
        outputs: dict[str, str] = {}
        for format in formats:
            name = output_name(format, slug)
            reason = (
                "forced" if force else manifest.stale_reason(name, content, digests[format.name])
            )
            if reason:
                outputs[format.name] = reason
                report.planned.append((name, reason))
            else:
                report.fresh.append(name)
                manifest.moved(name, path)
        if outputs:
            tasks.append(Task(path, slug, raw, content, outputs))
    folders = [p.resolve() for p in paths if p.is_dir()]
    report.orphans = manifest.orphans(folders, [FORMATS[n].suffix for n in digests], made)
    return tasks

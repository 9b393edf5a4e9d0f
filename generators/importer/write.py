"""`precis import` from start to end: read the release, draft it, write the draft where it
does not replace anything, and say what it found and what is left to write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..content.loader import SLUG, suggest_slug
from ..errors import PrecisError
from ..project import SUMMARY_SCHEMA, schema_text, write_new
from .draft import Report, render
from .release import draft_from
from .sources import SourceError, read_release


@dataclass(frozen=True)
class Imported:
    target: Path
    others: list[Path]
    """The schema, when it was written beside the draft."""
    report: Report


def _target(folder: Path, slug: str) -> Path:
    target = folder / f"{slug}.yaml"
    if not SLUG.fullmatch(slug):
        raise SourceError(
            str(target),
            f"`{slug}` is not a valid slug (lowercase letters, digits and hyphens); "
            f"try `--slug {suggest_slug(slug)}`",
        )
    if target.exists() or target.is_symlink():
        raise SourceError(
            str(target),
            "already exists; Precis never overwrites it (give another name with --slug, "
            "or move the file away)",
        )
    return target


def import_release(
    source: str, folder: Path, slug: str | None = None, stdin: BinaryIO | None = None
) -> Imported:
    if slug is not None:
        _target(folder, slug)  # refuse before a long fetch, not after it
    draft = draft_from(read_release(source, stdin))
    target = _target(folder, slug or draft.slug)
    text, report = render(draft)
    try:
        write_new(target, text.encode("utf-8"))
        others = []
        schema = folder / SUMMARY_SCHEMA
        if not schema.exists():
            from ..content.model import Summary

            write_new(schema, schema_text(Summary).encode())
            others.append(schema)
    except PrecisError as exc:
        problem = exc.problems[0]
        raise SourceError(problem.path, problem.message) from None
    return Imported(target, others, report)

"""Stage four, the build: the library API behind `precis build`, `check` and `clean`.

Content flows one way through it: `plan` decides what is stale by the `manifest`, `workers`
render in memory, and this module writes each document atomically (`output`) and records it.
Tests call these functions directly; the CLI is a thin layer over them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..errors import Problem
from ..formats import FORMATS, output_name
from ..theme.model import Theme
from .manifest import MANIFEST, Manifest
from .output import (
    FolderNotWritable,
    exclusive,
    interrupts_held,
    leftovers,
    make_folder,
    write_atomic,
    write_error,
)
from .plan import Task, find_summaries, plan, theme_digests
from .report import Listener, Report
from .workers import Result, default_jobs, render_summary, results

SAVE_EVERY = 2.0
"""Seconds between manifest saves during a build, so a killed build loses little work."""

__all__ = [
    "MANIFEST",
    "Listener",
    "Manifest",
    "Report",
    "Result",
    "Task",
    "build",
    "check",
    "clean",
    "default_jobs",
    "find_summaries",
    "render_summary",
]


def build(
    paths: Iterable[Path],
    out: Path,
    theme: Theme,
    formats: Iterable[str] = FORMATS,
    *,
    force: bool = False,
    jobs: int = 1,
    dry_run: bool = False,
    listener: Listener | None = None,
) -> Report:
    """Bring every output for `paths` up to date in `out`; one bad summary never stops the rest.

    Whatever can be built is built: a summary whose fact sheet cannot fit still gets its
    briefing. Outputs of summaries deleted from a folder being built are removed.
    """
    report = Report()
    digests = theme_digests(theme, formats)
    if dry_run:
        manifest = Manifest(out)
        report.warnings += [manifest.damage] if manifest.damage else []
        plan(paths, out, manifest, digests, force, report)
        return report
    make_folder(out)
    with exclusive(out):  # the manifest is read, planned from and saved under one lock
        manifest = Manifest(out)
        report.warnings += [manifest.damage] if manifest.damage else []
        tasks = plan(paths, out, manifest, digests, force, report)
        report.warnings += _template_warnings(tasks, theme)
        if listener:
            listener.start(len(tasks))
        for leftover in leftovers(out):  # from a build that was killed mid-write
            leftover.unlink()
        _write_all(tasks, out, theme, jobs, manifest, digests, report, listener)
    return report


def _template_warnings(tasks: list[Task], theme: Theme) -> list[Problem]:
    """What the templates of the formats about to be built lack: said once per build, and
    only when that format has something to build (a no-op build loads no template)."""
    wanted = {name for task in tasks for name in task.outputs}
    return [
        warning
        for name in FORMATS
        if name in wanted
        for warning in FORMATS[name].template_warnings(theme)
    ]


def _write_all(
    tasks: list[Task],
    out: Path,
    theme: Theme,
    jobs: int,
    manifest: Manifest,
    digests: dict[str, str],
    report: Report,
    listener: Listener | None,
) -> None:
    """Render, write and record each task, saving the manifest as it goes and at the end."""
    done = 0
    saved = time.monotonic()
    try:
        for task, result in results(tasks, theme, jobs):
            done += 1
            with interrupts_held():  # what is on disk, recorded and reported stay the same
                report.problems += result.problems
                written = {}
                for format_name, data in result.rendered.items():
                    name = output_name(FORMATS[format_name], task.slug)
                    try:
                        write_atomic(out / name, data)
                    except OSError as exc:  # this document only (a failing folder raises)
                        report.problems.append(write_error(out / name, exc))
                        continue
                    digest = digests[format_name]
                    manifest.record(name, task.path, task.content, digest, data)
                    written[format_name] = name
                report.built += written.values()
                if listener:
                    listener.result(task, result, written)
                if time.monotonic() - saved > SAVE_EVERY:  # held too: never half a save
                    manifest.save()
                    saved = time.monotonic()
        for name in report.orphans:
            if manifest.remove(name):
                report.removed.append(name)
    except BrokenProcessPool:
        # A worker was killed (by a user, or by the system when out of memory); what was
        # written is complete and recorded, and the next build does the rest.
        for task in tasks[done:]:
            report.problems.append(
                Problem(
                    str(task.path),
                    1,
                    1,
                    "not built: a worker process was killed (out of memory?); "
                    "run `precis build` again",
                )
            )
    finally:
        if tasks or report.removed:
            try:
                manifest.save()
            except FolderNotWritable as exc:  # what it fails to record is rebuilt next time
                report.problems += exc.problems
            except IsADirectoryError:  # a folder has the manifest's name
                report.problems.append(
                    Problem(
                        str(manifest.path),
                        1,
                        1,
                        "cannot record the build: a folder has this name; move or rename it, "
                        "then build again",
                    )
                )


def clean(out: Path) -> tuple[list[str], list[Problem]]:
    """Remove every file Precis wrote in `out` (by its manifest) and nothing else; the names
    removed, and a warning when the manifest was damaged (then only leftovers go)."""
    if not out.is_dir():
        return [], []
    removed = []
    with exclusive(out):  # never while a build is writing there
        manifest = Manifest(out)
        for name in sorted(manifest.entries):
            if manifest.remove(name):
                removed.append(name)
        for leftover in leftovers(out):  # left by a build that was killed mid-write
            leftover.unlink()
            removed.append(leftover.name)
        if manifest.path.is_symlink() or manifest.path.is_file():
            manifest.path.unlink()
    return removed, [manifest.damage] if manifest.damage else []


def check(paths: Iterable[Path], theme: Theme, formats: Iterable[str] = FORMATS) -> Report:
    """Everything `build` would check, rendering in memory and writing nothing."""
    report = Report()
    files, report.problems = find_summaries(paths)
    for path in files:
        result = render_summary(path, None, theme, formats)
        report.problems += result.problems
        report.warnings += result.warnings
        report.checked.append(path)
    return report

"""Decide what to build, build it, and record what was built.

The library API behind `precis build` and `precis check`; tests call it directly. An output is
rebuilt only when something it depends on changed, judged by content hashes kept in a small
manifest in the output folder, never by modification times.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from . import __version__
from .errors import CannotRender, PrecisError, Problem
from .loader import YAML_SUFFIXES, load_summary, slug_of
from .output import (
    FolderNotWritable,
    exclusive,
    interrupts_held,
    leftovers,
    make_folder,
    write_atomic,
    write_error,
)
from .reader import read_bytes
from .registry import GENERATORS
from .theme import Theme

MANIFEST = ".precis-manifest.json"
SAVE_EVERY = 2.0
"""Seconds between manifest saves during a build, so a killed build loses little work."""


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


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def theme_digests(theme: Theme, formats: Iterable[str]) -> dict[str, str]:
    """Per format, a hash of everything besides content that shapes its output.

    Each file is read and hashed once, however many formats read it: the fonts are megabytes,
    and every build, even one with nothing to do, needs these hashes.
    """
    files: dict[Path, bytes] = {}
    digests: dict[str, str] = {}
    for name in formats:
        digest = hashlib.sha256(f"{name}\0".encode())
        for path in GENERATORS[name].reads(theme):
            if path not in files:
                files[path] = hashlib.sha256(path.read_bytes()).digest()
            digest.update(path.name.encode() + b"\0" + files[path])
        digests[name] = digest.hexdigest()
    return digests


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
        if touched and _sha256(target.read_bytes()) != entry.output:
            return "changed by hand"
        return None

    def orphans(self, folders: list[Path], suffixes: list[str]) -> list[str]:
        """Outputs (of these formats) whose summary was in one of `folders` and is gone."""
        prefixes = tuple(os.path.join(f, "") for f in folders)
        gone = functools.cache(lambda source: not os.path.exists(source))
        return [
            name
            for name, entry in sorted(self.entries.items())
            if name.endswith(tuple(suffixes))
            and entry.source.startswith(prefixes)
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
            _sha256(data),
            info.st_size,
            info.st_mtime_ns,
        )


@dataclass(frozen=True)
class Task:
    """One summary and the outputs it still needs, with the reasons."""

    path: Path
    slug: str
    raw: bytes
    content: str
    outputs: dict[str, str]  # generator name -> reason


@dataclass
class Result:
    path: Path
    rendered: dict[str, bytes] = field(default_factory=dict)  # generator name -> bytes
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Report:
    """What a build did, for the summary line and the exit status."""

    built: list[str] = field(default_factory=list)
    fresh: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    planned: list[tuple[str, str]] = field(default_factory=list)  # (output, reason)
    orphans: list[str] = field(default_factory=list)  # outputs whose summary was deleted
    checked: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[str]:
        return sorted({p.path for p in self.problems})

    def tally(self, seconds: float, *, terse: bool = False) -> str:
        """The closing line, e.g. `2 built, 1998 up to date, 0 failed, 0 removed in 0.31s`;
        terse leaves out the zero counts after "built", for `precis watch`'s line per save."""
        counts = [
            (len(self.fresh), "up to date"),
            (len(self.failed), "failed"),
            (len(self.removed), "removed"),
        ]
        rest = "".join(f", {n} {what}" for n, what in counts if n or not terse)
        return f"{len(self.built)} built{rest} in {seconds:.2f}s"


def render_summary(path: Path, raw: bytes | None, theme: Theme, names: Iterable[str]) -> Result:
    """Load one summary and render the named formats in memory; writes nothing.

    Never raises for one document's sake: user errors become located problems, and an internal
    error in one generator becomes a problem for that document, so a batch always finishes.
    """
    result = Result(path)
    try:
        source = load_summary(path, raw)
    except PrecisError as exc:
        result.problems = exc.problems
        return result
    for name in names:
        try:
            result.rendered[name] = GENERATORS[name].render(source.summary, theme)
        except CannotRender as exc:
            result.problems += source.error_at(exc.key, exc.message).problems
        except Exception as exc:  # a bug in a generator must not stop the other documents
            result.problems.append(
                Problem(
                    str(path),
                    1,
                    1,
                    (
                        f"internal error in the {name} generator ({type(exc).__name__}: {exc}); "
                        "please report it with this summary"
                    ),
                )
            )
    return result


_worker_theme: Theme | None = None


def _start_worker(theme: Theme) -> None:
    """Runs once per worker: keep the theme (its fonts and template load on first use there),
    leave Ctrl-C to the main process, which stops the build cleanly, and exit when the main
    process dies (killed, say), rather than linger as an orphan blocked on its work queue."""
    global _worker_theme
    _worker_theme = theme
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def exit_when_orphaned() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=exit_when_orphaned, daemon=True).start()


def _render_in_worker(task: Task) -> Result:
    assert _worker_theme is not None, "the pool's initializer sets the theme"
    return render_summary(task.path, task.raw, _worker_theme, task.outputs)


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
    generators = [GENERATORS[name] for name in digests]
    paths = list(paths)
    files, missing = find_summaries(paths)
    report.problems += missing
    tasks: list[Task] = []
    slugs: dict[str, Path] = {}
    for path in files:
        try:
            slug = slug_of(path)
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
        content = _sha256(raw)
        outputs: dict[str, str] = {}
        for g in generators:
            name = g.output_name(slug)
            reason = (
                "forced" if force else manifest.stale_reason(name, out, content, digests[g.name])
            )
            if reason:
                outputs[g.name] = reason
                report.planned.append((name, reason))
            else:
                report.fresh.append(name)
        if outputs:
            tasks.append(Task(path, slug, raw, content, outputs))
    folders = [p.resolve() for p in paths if p.is_dir()]
    report.orphans = manifest.orphans(folders, [GENERATORS[n].suffix for n in digests])
    return tasks


def _results(tasks: list[Task], theme: Theme, jobs: int) -> Iterator[tuple[Task, Result]]:
    """Render in this process, or in `jobs` workers that each load the theme once."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield task, render_summary(task.path, task.raw, theme, task.outputs)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(theme,))
    try:
        chunk = max(1, min(16, len(tasks) // (jobs * 4)))
        yield from zip(tasks, pool.map(_render_in_worker, tasks, chunksize=chunk), strict=True)
    finally:
        # On Ctrl-C, drop the queued work instead of waiting for it; the results that did
        # arrive are already written and recorded.
        pool.shutdown(wait=True, cancel_futures=True)


class Listener(Protocol):
    """Follows a build as it runs, to show progress."""

    def start(self, total: int) -> None:
        """The build has planned `total` summaries to render."""

    def result(self, task: Task, result: Result, written: dict[str, str]) -> None:
        """One summary is done; `written` maps format name to the output file written."""


def build(
    paths: Iterable[Path],
    out: Path,
    theme: Theme,
    formats: Iterable[str] = GENERATORS,
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
        plan(paths, out, Manifest(out), digests, force, report)
        return report
    make_folder(out)
    with exclusive(out):  # the manifest is read, planned from and saved under one lock
        manifest = Manifest(out)
        tasks = plan(paths, out, manifest, digests, force, report)
        if listener:
            listener.start(len(tasks))
        for leftover in leftovers(out):  # from a build that was killed mid-write
            leftover.unlink()
        _write_all(tasks, out, theme, jobs, manifest, digests, report, listener)
    return report


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
        for task, result in _results(tasks, theme, jobs):
            done += 1
            with interrupts_held():  # what is on disk, recorded and reported stay the same
                report.problems += result.problems
                written = {}
                for format_name, data in result.rendered.items():
                    name = GENERATORS[format_name].output_name(task.slug)
                    try:
                        write_atomic(out / name, data)
                    except OSError as exc:  # this document only (a failing folder raises)
                        report.problems.append(write_error(out / name, exc))
                        continue
                    digest = digests[format_name]
                    manifest.record(name, out, task.path, task.content, digest, data)
                    written[format_name] = name
                report.built += written.values()
                if listener:
                    listener.result(task, result, written)
            if time.monotonic() - saved > SAVE_EVERY:
                manifest.save()
                saved = time.monotonic()
        for name in report.orphans:
            (out / name).unlink(missing_ok=True)
            manifest.forget(name)
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


def clean(out: Path) -> list[str]:
    """Remove every file Precis wrote in `out` (by its manifest) and nothing else."""
    if not out.is_dir():
        return []
    removed = []
    with exclusive(out):  # never while a build is writing there
        manifest = Manifest(out)
        for name in sorted(manifest.entries):
            path = out / name
            if path.exists():
                path.unlink()
                removed.append(name)
        for leftover in leftovers(out):  # left by a build that was killed mid-write
            leftover.unlink()
            removed.append(leftover.name)
        manifest.path.unlink(missing_ok=True)
    return removed


def check(paths: Iterable[Path], theme: Theme, formats: Iterable[str] = GENERATORS) -> Report:
    """Everything `build` would check, rendering in memory and writing nothing."""
    report = Report()
    files, report.problems = find_summaries(paths)
    for path in files:
        result = render_summary(path, None, theme, formats)
        report.problems += result.problems
        report.checked.append(path)
    return report


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

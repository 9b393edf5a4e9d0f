"""Render summaries in memory, in this process or in worker processes that load the theme once.

Rendering writes nothing: the build writes and records what comes back.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..content.loader import load_summary, warnings
from ..errors import CannotRender, PrecisError, Problem
from ..formats import FORMATS
from ..theme.model import Theme
from .plan import Task


@dataclass
class Result:
    path: Path
    rendered: dict[str, bytes] = field(default_factory=dict)  # format name -> bytes
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """What the summary lacks but can do without (a date, say)."""
    notes: dict[str, str] = field(default_factory=dict)  # format name -> what it chose
    """What each format says of how it laid the document out, for `--verbose`."""


class _Notes(logging.Handler):
    """Collects what the formats log at INFO while one document renders."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def _noted() -> Iterator[list[str]]:
    handler, logger = _Notes(), logging.getLogger(FORMATS_LOGGER)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)


FORMATS_LOGGER = "generators.formats"


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
    result.warnings = warnings(source, theme.settings.grades)
    try:
        theme.label_set(source.summary.language)  # said once, not once per format
    except CannotRender as exc:
        result.problems += source.error_at(exc.key, exc.message).problems
        return result
    for name in names:
        try:
            with _noted() as notes:
                result.rendered[name] = FORMATS[name].render(source.summary, theme)
            if notes:
                result.notes[name] = "; ".join(notes)
        except CannotRender as exc:
            result.problems += source.error_at(exc.key, exc.message).problems
        except PrecisError as exc:  # a theme file changed since it was loaded: at its place
            result.problems += exc.problems
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


def results(tasks: list[Task], theme: Theme, jobs: int) -> Iterator[tuple[Task, Result]]:
    """Render in this process, or in up to `jobs` workers that each load the theme once (never
    more workers than tasks: each costs a process start and a theme load)."""
    jobs = min(jobs, len(tasks))
    if jobs <= 1:
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


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

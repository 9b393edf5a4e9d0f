"""`precis watch`: rebuild what changed whenever a summary, the theme or a template is saved."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .build import build
from .content.loader import YAML_SUFFIXES
from .errors import PrecisError
from .theme.loader import REFERENCE_DOCX, THEME_FILE, load_theme, template_file
from .theme.model import Theme

DEBOUNCE_MS = 300
"""Editors save in bursts (a temporary file, a rename, a touch): wait this long for quiet."""


def _watched(
    paths: list[Path], theme_path: Path | None, reference_docx: Path | None, theme: Theme | None
) -> tuple[set[Path], set[Path]]:
    """The folders to watch, and the exact template files whose change matters.

    Folders rather than files, because editors often save by writing a new file and renaming
    it over the old one.
    """
    named = [
        theme_path or template_file(THEME_FILE),
        reference_docx or template_file(REFERENCE_DOCX),
    ]
    templates = {path.resolve() for path in named}
    if theme:
        templates |= {p.resolve() for p in theme.files()}
    folders = {p.resolve() if p.is_dir() else p.resolve().parent for p in paths}
    folders |= {t.parent for t in templates}
    return folders, templates


def _relevant(changed: Iterable[Path], content: list[Path], templates: set[Path]) -> list[Path]:
    summaries = [p.resolve() for p in content]
    hits = []
    for path in changed:
        is_summary = path.suffix.lower() in YAML_SUFFIXES and any(
            path == s or path.parent == s for s in summaries
        )
        if is_summary or path in templates:
            hits.append(path)
    return sorted(hits)


def watch(
    paths: list[Path],
    out: Path,
    theme_path: Path | None,
    reference_docx: Path | None,
    formats: list[str],
    jobs: int,
    say: Callable[[str], None],
    stop: Callable[[], bool] | None = None,
) -> None:
    """Build once, then rebuild on every relevant save until interrupted (or `stop()` is true).

    A broken edit is reported and watching goes on; a broken theme keeps the last good one.
    """
    from watchfiles import watch as changes  # imported here: only this command needs it

    theme: Theme | None = None

    def reload_theme() -> None:
        nonlocal theme
        try:
            theme = load_theme(theme_path, reference_docx)
        except PrecisError as exc:
            for problem in exc.problems:
                say(str(problem))
            say("theme not reloaded; fix it and save again" if theme else "waiting for a fix")

    def rebuild(reason: str, *, quiet_when_idle: bool = False) -> None:
        if theme is None:
            return
        started = time.perf_counter()
        report = build(paths, out, theme, formats, jobs=jobs)
        if quiet_when_idle and not (report.built or report.problems or report.removed):
            return
        seconds = time.perf_counter() - started
        say(f"{time.strftime('%H:%M:%S')} {reason}: {report.tally(seconds, terse=True)}")
        for problem in report.problems:
            say(str(problem))

    reload_theme()
    rebuild("start")
    folders, templates = _watched(paths, theme_path, reference_docx, theme)
    catching_up = True
    for batch in changes(
        *folders,
        debounce=DEBOUNCE_MS,
        yield_on_timeout=True,
        rust_timeout=500,
        raise_interrupt=True,
    ):
        if stop and stop():
            return
        if catching_up:  # saves made while the watcher was starting would be missed
            catching_up = False
            rebuild("changed while starting", quiet_when_idle=True)
        changed = _relevant((Path(p) for _, p in batch), paths, templates)
        if not changed:
            continue
        if any(p in templates for p in changed):
            reload_theme()
        rebuild("changed: " + ", ".join(p.name for p in changed))

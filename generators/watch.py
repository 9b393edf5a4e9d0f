"""`precis watch`: rebuild what changed whenever a summary, the theme or a template is saved."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .build import build
from .content.loader import YAML_SUFFIXES
from .errors import PrecisError, Problem
from .theme.loader import REFERENCE_DOCX, THEME_FILE, load_theme, template_file
from .theme.model import Theme

DEBOUNCE_MS = 300
"""Editors save in bursts (a temporary file, a rename, a touch): wait this long for quiet."""
LOOK_MS = 500
"""How often, with nothing saved, watch looks whether a folder it watches was replaced."""

Identity = tuple[int, int] | None
"""A folder's device and inode, None when it is not there: what tells a folder from its
replacement of the same name (`mv content content.old; mkdir content`)."""


def _identity(folder: Path) -> Identity:
    try:
        info = folder.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _named(theme_path: Path | None, reference_docx: Path | None) -> list[Path]:
    """The theme file and Word template a reload reads first."""
    return [
        theme_path or template_file(THEME_FILE),
        reference_docx or template_file(REFERENCE_DOCX),
    ]


def _watched(
    paths: list[Path], theme_path: Path | None, reference_docx: Path | None, theme: Theme | None
) -> tuple[dict[Path, Identity], set[Path]]:
    """The folders to watch, each with its identity now (None for one not there, watched
    again when it is back), and the exact template files whose change matters.

    Folders rather than files, because editors often save by writing a new file and renaming
    it over the old one.
    """
    templates = {path.resolve() for path in _named(theme_path, reference_docx)}
    if theme:
        templates |= {p.resolve() for p in theme.files()}
    folders = {p.resolve() if p.is_dir() or not p.exists() else p.resolve().parent for p in paths}
    folders |= {t.parent for t in templates}
    return {folder: _identity(folder) for folder in sorted(folders)}, templates


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


def _gone(path: Path) -> str:
    return str(
        Problem(
            str(path),
            1,
            1,
            "not found: deleted or renamed while watching; put it back and watch rebuilds",
        )
    )


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

    A broken edit is reported and watching goes on; a broken theme keeps the last good one; a
    template file deleted or renamed is named, and its return rebuilds; a folder replaced by
    another of its name is followed.
    """
    from watchfiles import watch as changes  # imported here: only this command needs it

    theme: Theme | None = None

    def reload_theme() -> bool:
        """Load the theme afresh; False, having said which, when one of its files is gone."""
        nonlocal theme
        gone = [path for path in _named(theme_path, reference_docx) if not path.is_file()]
        for path in gone:
            say(_gone(path))
        if gone:
            return False
        try:
            theme = load_theme(theme_path, reference_docx)
        except PrecisError as exc:
            for problem in exc.problems:
                say(str(problem))
            say("theme not reloaded; fix it and save again" if theme else "waiting for a fix")
        return True

    def rebuild(reason: str, *, quiet_when_idle: bool = False) -> None:
        if theme is None:
            return
        gone = [path for path in theme.files() if not path.is_file()]
        for path in gone:
            say(_gone(path))
        if gone:
            return
        started = time.perf_counter()
        try:
            report = build(paths, out, theme, formats, jobs=jobs)
        except PrecisError as exc:  # a template file went between the look above and the build
            for problem in exc.problems:
                say(str(problem))
            return
        if quiet_when_idle and not (report.built or report.problems or report.removed):
            return
        seconds = time.perf_counter() - started
        say(f"{time.strftime('%H:%M:%S')} {reason}: {report.tally(seconds, terse=True)}")
        for problem in report.problems:
            say(str(problem))

    reload_theme()
    rebuild("start")
    starting = "changed while starting"  # what each watcher's first rebuild is said to be for
    while not (stop and stop()):
        folders, templates = _watched(paths, theme_path, reference_docx, theme)
        present = [folder for folder, identity in folders.items() if identity]
        if not present:  # every folder is gone: look again until one is back
            time.sleep(LOOK_MS / 1000)
            continue
        catching_up = True
        for batch in changes(
            *present,
            debounce=DEBOUNCE_MS,
            yield_on_timeout=True,
            rust_timeout=LOOK_MS,
            raise_interrupt=True,
        ):
            if stop and stop():
                return
            if catching_up:  # saves made while the watcher was starting would be missed
                catching_up = False
                rebuild(starting, quiet_when_idle=True)
            now, templates = _watched(paths, theme_path, reference_docx, theme)
            if now != folders:  # a folder replaced, removed or back: watch the ones there now
                moved = sorted(f for f in {*now, *folders} if now.get(f) != folders.get(f))
                starting = "moved or replaced: " + ", ".join(f.name for f in moved)
                if any(template.parent in moved for template in templates):
                    reload_theme()
                break
            changed = _relevant((Path(p) for _, p in batch), paths, templates)
            if not changed:
                continue
            if any(p in templates for p in changed) and not reload_theme():
                continue
            rebuild("changed: " + ", ".join(p.name for p in changed))

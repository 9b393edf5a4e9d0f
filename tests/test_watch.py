"""`precis watch` when files go from under it: a template deleted or renamed, and the content
folder replaced by another of its name. Each runs the real command on real file events,
waiting (within a generous bound) for what it prints, never timing it."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue

import pytest

from .conftest import DEFAULT_DOCX, DEFAULT_THEME, MINIMAL, ROOT

WAIT = 60
"""Seconds to wait for a line: far beyond any build here, even on a busy machine."""


class Watching:
    """A `precis watch` process and the lines it has written to stderr so far."""

    def __init__(self, args: list[str | Path]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generators", "watch", *map(str, args)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._queue: Queue[str] = Queue()
        threading.Thread(target=self._forward, daemon=True).start()

    def _forward(self) -> None:
        for line in self.process.stderr or []:
            self._queue.put(line)

    def wait_for(self, text: str) -> str:
        """The next line containing `text`, reading past the others."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=max(deadline - time.monotonic(), 0.1))
            except Empty:
                break
            self.lines.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} in {self.lines}")

    def stop(self) -> str:
        """Ctrl-C; what it printed since the last line waited for."""
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)
        time.sleep(0.2)
        return "".join(self._queue.get() for _ in range(self._queue.qsize()))


@pytest.mark.parametrize("kept", ["theme.yaml", "briefing.docx"])
def test_watch_names_a_template_renamed_away_and_rebuilds_when_it_is_back(
    tmp_path: Path, kept: str
) -> None:
    """It ended with an internal error (FileNotFoundError) at the next build."""
    templates = tmp_path / "templates"
    templates.mkdir()
    theme, docx = shutil.copy(DEFAULT_THEME, templates), shutil.copy(DEFAULT_DOCX, templates)
    template = templates / kept
    content = tmp_path / "content"
    content.mkdir()
    summary = content / "a-review.yaml"
    summary.write_text(MINIMAL)
    out = tmp_path / "out"
    watching = Watching([content, "-o", out, "-j", "1", "--theme", theme, "--reference-docx", docx])
    try:
        watching.wait_for("start: 2 built")
        template.rename(templates / "renamed")
        gone = f"{template}:1:1: not found: deleted or renamed while watching; put it back"
        watching.wait_for(gone)
        summary.write_text(MINIMAL.replace("A lede.", "An edited lede."))
        watching.wait_for(gone)  # nothing is built without it, and watching goes on
        (templates / "renamed").rename(template)
        watching.wait_for(f"changed: {kept}: 2 built")
    finally:
        rest = watching.stop()
    assert "stopped watching" in rest
    assert watching.process.returncode == 0
    assert not any("internal error" in line for line in watching.lines)


def test_watch_follows_a_content_folder_replaced_by_another_of_its_name(tmp_path: Path) -> None:
    """Saves in the new folder were never built: watch kept watching the old one (moved)."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "a-review.yaml").write_text(MINIMAL)
    out = tmp_path / "out"
    watching = Watching([content, "-o", out, "-j", "1", "--theme", DEFAULT_THEME])
    try:
        watching.wait_for("start: 2 built")
        (content / "a-review.yaml").write_text(MINIMAL.replace("A lede.", "An edited lede."))
        watching.wait_for(": 2 built")  # the watcher is running: it has seen a save
        content.rename(tmp_path / "content.old")
        content.mkdir()
        # Each save is built, as a save or as part of taking up the new folder: which one
        # depends on when the save lands, so only the count is waited for.
        (content / "b-review.yaml").write_text(MINIMAL)
        watching.wait_for(": 2 built")
        (content / "b-review.yaml").write_text(MINIMAL.replace("A lede.", "An edited lede."))
        watching.wait_for(": 2 built")
        (content / "c-review.yaml").write_text(MINIMAL)
        watching.wait_for(": 2 built")
    finally:
        rest = watching.stop()
    assert "stopped watching" in rest
    assert sorted(p.name for p in out.glob("*-review-*")) == [
        "b-review-briefing.docx",
        "b-review-fact-sheet.pdf",
        "c-review-briefing.docx",
        "c-review-fact-sheet.pdf",
    ]

"""The build plan, orphans, clean, isolation, Ctrl-C, a damaged manifest, watch, and start-up."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from queue import Empty, Queue
from types import SimpleNamespace
from typing import Any

import pytest

from generators import __version__
from generators import build as build_module
from generators.build import MANIFEST, Manifest, build, clean, output
from generators.content.model import Summary
from generators.formats import FORMATS
from generators.theme.loader import load_theme
from generators.theme.model import Theme

from .conftest import DEFAULT_DOCX, DEFAULT_THEME, MINIMAL, ROOT, SUMMARIES

TEMPLATES = [
    "--theme",
    str(DEFAULT_THEME),
    "--reference-docx",
    str(DEFAULT_DOCX),
]
DOCUMENTS = ("briefing.docx", "fact-sheet.pdf")
"""What each summary makes, after its slug and a dash, in name order."""


def reasons(content: Path, out: Path, theme: Theme, force: bool = False) -> dict[str, str]:
    report = build([content], out, theme, dry_run=True, force=force)
    return dict(report.planned)


def test_each_reason_to_rebuild(tmp_path: Path, write: Callable[..., Path], theme: Theme) -> None:
    content = write("content/a-review.yaml", MINIMAL).parent
    out = tmp_path / "out"
    pdf, docx = "a-review-fact-sheet.pdf", "a-review-briefing.docx"
    assert reasons(content, out, theme) == {pdf: "new", docx: "new"}
    build([content], out, theme)
    assert reasons(content, out, theme) == {}
    assert reasons(content, out, theme, force=True) == {pdf: "forced", docx: "forced"}

    (out / pdf).unlink()
    assert reasons(content, out, theme) == {pdf: "missing output"}
    build([content], out, theme)

    (out / docx).write_bytes(b"edited by hand")
    assert reasons(content, out, theme) == {docx: "changed by hand"}
    build([content], out, theme)

    os.utime(out / pdf)  # touched but not changed: still up to date
    assert reasons(content, out, theme) == {}

    (content / "a-review.yaml").write_text(MINIMAL.replace("A lede.", "A new lede."))
    assert reasons(content, out, theme) == {pdf: "changed: content", docx: "changed: content"}
    build([content], out, theme)

    other = write("t/theme.yaml", "colours:\n  accent: '#003078'\n")
    other_theme = load_theme(other, DEFAULT_DOCX)
    assert reasons(content, out, other_theme) == {pdf: "changed: theme", docx: "changed: theme"}

    manifest = json.loads((out / MANIFEST).read_text())
    manifest["outputs"][pdf]["precis"] = "0.0.1"
    (out / MANIFEST).write_text(json.dumps(manifest))
    assert reasons(content, out, theme) == {pdf: "changed: precis version"}


def test_dry_run_writes_nothing(tmp_path: Path, write: Callable[..., Path], theme: Theme) -> None:
    content = write("content/a-review.yaml", MINIMAL).parent
    build([content], tmp_path / "out", theme, dry_run=True)
    assert not (tmp_path / "out").exists()


def test_orphans_are_removed_and_nothing_else(
    tmp_path: Path, write: Callable[..., Path], theme: Theme
) -> None:
    write("content/a-review.yaml", MINIMAL)
    gone = write("content/b-review.yaml", MINIMAL)
    out = tmp_path / "out"
    build([gone.parent], out, theme)
    (out / "notes.txt").write_text("mine")
    gone.unlink()
    assert build([gone.parent], out, theme, dry_run=True).orphans == [
        "b-review-briefing.docx",
        "b-review-fact-sheet.pdf",
    ]
    report = build([gone.parent], out, theme)
    assert sorted(report.removed) == ["b-review-briefing.docx", "b-review-fact-sheet.pdf"]
    assert sorted(p.name for p in out.iterdir()) == [
        MANIFEST,
        "a-review-briefing.docx",
        "a-review-fact-sheet.pdf",
        "notes.txt",
    ]
    assert set(Manifest(out).entries) == {"a-review-briefing.docx", "a-review-fact-sheet.pdf"}


def test_building_one_file_never_removes_the_others(
    tmp_path: Path, write: Callable[..., Path], theme: Theme
) -> None:
    a = write("content/a-review.yaml", MINIMAL)
    write("content/b-review.yaml", MINIMAL)
    out = tmp_path / "out"
    build([a.parent], out, theme)
    assert build([a], out, theme).removed == []
    assert (out / "b-review-fact-sheet.pdf").exists()


def test_building_one_file_never_removes_the_documents_of_deleted_summaries(
    tmp_path: Path, write: Callable[..., Path], theme: Theme
) -> None:
    """`precis build content/a.yaml` builds that summary, not its folder: the documents of a
    summary deleted from its folder, or from another folder, stay until that folder is built."""
    a = write("content/a-review.yaml", MINIMAL)
    b = write("content/b-review.yaml", MINIMAL)
    c = write("other/c-review.yaml", MINIMAL)
    out = tmp_path / "out"
    build([a.parent, c.parent], out, theme)
    b.unlink()
    c.unlink()
    assert build([a], out, theme).removed == []
    kept = [f"{slug}-{kind}" for slug in ("b-review", "c-review") for kind in DOCUMENTS]
    assert [name for name in kept if not (out / name).is_file()] == []
    assert sorted(build([a.parent], out, theme).removed) == [
        f"b-review-{kind}" for kind in DOCUMENTS
    ]
    assert sorted(build([c.parent], out, theme).removed) == [
        f"c-review-{kind}" for kind in DOCUMENTS
    ]


def test_a_folder_removes_only_its_own_summaries_documents(
    tmp_path: Path, write: Callable[..., Path], theme: Theme
) -> None:
    """Building content/ never removes the documents of content/sub/x.yaml, built on its own
    (a build reads no subfolder): once its summary is gone, only building content/sub/ may."""
    folder = write("content/a-review.yaml", MINIMAL).parent
    inner = write("content/sub/b-review.yaml", MINIMAL)
    out = tmp_path / "out"
    build([folder, inner], out, theme)
    inner.unlink()
    assert build([folder], out, theme).removed == []
    assert (out / "b-review-fact-sheet.pdf").exists()
    assert sorted(build([inner.parent], out, theme).removed) == [
        "b-review-briefing.docx",
        "b-review-fact-sheet.pdf",
    ]


def test_a_folder_never_removes_the_documents_of_a_sibling_named_like_it(
    tmp_path: Path, write: Callable[..., Path], theme: Theme
) -> None:
    """content-old/ is not inside content/, though its path starts with it: building content/
    never removes the documents of content-old/'s deleted summaries."""
    folder = write("content/a-review.yaml", MINIMAL).parent
    sibling = write("content-old/b-review.yaml", MINIMAL)
    out = tmp_path / "out"
    build([folder, sibling.parent], out, theme)
    sibling.unlink()
    assert build([folder], out, theme).removed == []
    assert (out / "b-review-fact-sheet.pdf").exists() and (out / "b-review-briefing.docx").exists()
    assert sorted(build([sibling.parent], out, theme).removed) == [
        "b-review-briefing.docx",
        "b-review-fact-sheet.pdf",
    ]


def test_a_long_build_records_what_it_wrote_as_it_goes(
    tmp_path: Path, theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build saves its manifest every SAVE_EVERY seconds, so a build killed late loses
    little work, and it goes on building after each save. A clock stands in for the time:
    each fact sheet takes a second and a half to render."""
    content = tmp_path / "content"
    content.mkdir()
    for n in range(5):
        (content / f"review-{n}.yaml").write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    now = [0.0]
    monkeypatch.setattr(build_module, "time", SimpleNamespace(monotonic=lambda: now[0]))
    pdf = FORMATS["pdf"]
    render = pdf.render

    def slow(summary: Summary, theme: Theme) -> bytes:
        now[0] += 1.5
        return render(summary, theme)

    monkeypatch.setattr(pdf, "render", slow)
    recorded: dict[str, set[str]] = {}
    write_atomic = output.write_atomic  # what the build module imported

    def noting(path: Path, data: bytes) -> None:  # what the manifest on disk says meanwhile
        recorded.setdefault(
            path.name.split("-fact")[0].split("-brief")[0], set(Manifest(out).entries)
        )
        write_atomic(path, data)

    monkeypatch.setattr(build_module, "write_atomic", noting)
    report = build([content], out, theme, formats=["pdf"])
    assert len(report.built) == 5 and not report.problems
    sheets = [f"review-{n}-fact-sheet.pdf" for n in range(5)]
    # Saved after the second sheet (3 s in) and the fourth (6 s), then at the end.
    assert recorded == {
        "review-0": set(),
        "review-1": set(),
        "review-2": set(sheets[:2]),
        "review-3": set(sheets[:2]),
        "review-4": set(sheets[:4]),
    }
    assert set(Manifest(out).entries) == set(sheets)


def test_ctrl_c_during_a_save_of_the_manifest_waits_until_it_is_saved(
    tmp_path: Path, theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C just after a build has made the manifest's temporary file, as it saves the
    manifest between documents, is held until the save is done: no temporary file is left, and
    the manifest records what was written. (Under load, the Ctrl-C test once found a
    `.precis-.precis-manifest.json.*.tmp` left: the save between documents was not held.)"""
    content = tmp_path / "content"
    for n in range(3):
        (content / f"review-{n}.yaml").parent.mkdir(parents=True, exist_ok=True)
        (content / f"review-{n}.yaml").write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.setattr(build_module, "SAVE_EVERY", 0.0)  # a save after every summary
    make_temporary = tempfile.mkstemp
    interrupted: list[str] = []

    def then_ctrl_c(*args: Any, **kwargs: Any) -> tuple[int, str]:
        made = make_temporary(*args, **kwargs)
        if MANIFEST in str(kwargs.get("prefix")) and not interrupted:
            interrupted.append(made[1])
            signal.raise_signal(signal.SIGINT)
        return made

    monkeypatch.setattr(tempfile, "mkstemp", then_ctrl_c)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)  # mutmut's ignores it
    try:
        with pytest.raises(KeyboardInterrupt):
            build([content], out, theme, formats=["pdf"])
    finally:
        signal.signal(signal.SIGINT, before)
    assert interrupted, "the manifest was saved between documents"
    assert [p.name for p in out.iterdir() if p.suffix == ".tmp"] == []
    assert set(Manifest(out).entries) == {p.name for p in out.iterdir() if p.suffix == ".pdf"}


def test_clean_removes_only_what_precis_wrote(
    tmp_path: Path, write: Callable[..., Path], theme: Theme
) -> None:
    content = write("content/a-review.yaml", MINIMAL).parent
    out = tmp_path / "out"
    build([content], out, theme)
    (out / "notes.txt").write_text("mine")
    (out / ".mine.tmp").write_text("mine too")
    (out / ".notes.txt.abcdefgh.tmp").write_text("an editor's backup, named like mkstemp's")
    (out / ".precis-a-review-fact-sheet.pdf.k2x9_q1z.tmp").write_bytes(b"from a killed build")
    removed, warnings = clean(out)
    assert sorted(removed) == [
        ".precis-a-review-fact-sheet.pdf.k2x9_q1z.tmp",
        "a-review-briefing.docx",
        "a-review-fact-sheet.pdf",
    ]
    assert warnings == []
    assert sorted(p.name for p in out.iterdir()) == [
        ".mine.tmp",
        ".notes.txt.abcdefgh.tmp",
        "notes.txt",
    ]


@pytest.mark.parametrize("damage", ["garbage", "missing", "wrong shape"])
def test_damaged_manifest_means_rebuild_not_crash(
    tmp_path: Path, write: Callable[..., Path], theme: Theme, damage: str
) -> None:
    content = write("content/a-review.yaml", MINIMAL).parent
    out = tmp_path / "out"
    build([content], out, theme)
    manifest = out / MANIFEST
    if damage == "garbage":
        manifest.write_bytes(b"\x00{not json")
    elif damage == "missing":
        manifest.unlink()
    else:
        manifest.write_text('{"outputs": {"a-review-fact-sheet.pdf": {"size": "x"}}}')
    report = build([content], out, theme)
    assert sorted(report.built) == ["a-review-briefing.docx", "a-review-fact-sheet.pdf"]
    assert json.loads(manifest.read_text())["outputs"]


def test_failing_documents_are_isolated_in_a_parallel_run(
    tmp_path: Path, write: Callable[..., Path], theme: Theme
) -> None:
    for n in range(6):
        write(f"content/good-{n}.yaml", MINIMAL)
    write("content/broken.yaml", "title: [\n")
    write("content/overflow.yaml", (SUMMARIES / "overflow.yaml").read_text())
    out = tmp_path / "out"
    report = build([tmp_path / "content"], out, theme, jobs=2)
    assert report.failed == [
        str(tmp_path / "content/broken.yaml"),
        str(tmp_path / "content/overflow.yaml"),
    ]
    assert len(report.built) == 6 * 2 + 1  # every good document, and the overflow's briefing
    assert not list(out.glob(".*.tmp"))


def test_an_internal_error_is_reported_for_that_document_only(
    tmp_path: Path, write: Callable[..., Path], theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("content/a-review.yaml", MINIMAL)
    write("content/b-review.yaml", MINIMAL.replace("A lede.", "Boom."))

    pdf = FORMATS["pdf"]
    render = pdf.render

    def flaky(summary: Summary, theme: Theme) -> bytes:
        if summary.summary == "Boom.":
            raise RuntimeError("simulated bug")
        return render(summary, theme)

    monkeypatch.setattr(pdf, "render", flaky)
    report = build([tmp_path / "content"], tmp_path / "out", theme)
    assert [str(p) for p in report.problems] == [
        f"{tmp_path / 'content/b-review.yaml'}:1:1: internal error in the pdf generator "
        "(RuntimeError: simulated bug); please report it with this summary"
    ]
    assert sorted(report.built) == [
        "a-review-briefing.docx",
        "a-review-fact-sheet.pdf",
        "b-review-briefing.docx",
    ]


def test_ctrl_c_leaves_complete_documents_and_a_consistent_manifest(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    for n in range(40):
        write(f"content/review-{n:02d}.yaml", (SUMMARIES / "twelve-findings.yaml").read_text())
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "generators",
        "build",
        str(tmp_path / "content"),
        "-o",
        str(out),
        "-j",
        "2",
        "-v",
        *TEMPLATES,
    ]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:  # wait until documents are being written
        if line.startswith("built "):
            break
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=60)
    assert process.returncode == 130, rest
    assert "Traceback" not in rest
    assert "interrupted after " in rest and "run `precis build` again" in rest
    assert not list(out.glob(".*.tmp"))
    manifest = Manifest(out)
    built = {p.name for p in out.iterdir() if p.suffix in (".pdf", ".docx")}
    assert 0 < len(built) < 80
    assert f"the {len(built)} documents written are complete" in rest
    assert set(manifest.entries) == built
    for name, entry in manifest.entries.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == entry.output
    finish = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert finish.returncode == 0, finish.stderr
    assert f"{80 - len(built)} built, {len(built)} up to date" in finish.stderr


def test_watch_rebuilds_on_save_and_survives_a_broken_edit(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    summary = write("content/a-review.yaml", MINIMAL)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generators",
            "watch",
            str(summary.parent),
            "-o",
            str(out),
            "-j",
            "1",
            *TEMPLATES,
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    lines: list[str] = []
    queue: Queue[str] = Queue()

    def forward() -> None:
        for line in process.stderr or []:
            queue.put(line)

    threading.Thread(target=forward, daemon=True).start()

    def wait_for(text: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                line = queue.get(timeout=max(deadline - time.monotonic(), 0.1))
            except Empty:
                break
            lines.append(line)
            if text in line:
                return
        raise AssertionError(f"no {text!r} in {lines}")

    try:
        wait_for("start: 2 built")
        summary.write_text(MINIMAL.replace("A lede.", "An edited lede."))
        wait_for(": 2 built")
        summary.write_text("title: [\n")
        wait_for(f"{summary}:2:1: YAML syntax error")
        summary.write_text(MINIMAL.replace("A lede.", "A fixed lede."))
        wait_for(": 2 built")
        summary.write_text("title: [\n")
        wait_for(f"{summary}:2:1: YAML syntax error")
        summary.write_text(MINIMAL.replace("A lede.", "A fixed lede."))  # as before the break
        wait_for(": 0 built, 2 up to date")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    time.sleep(0.2)
    rest = "".join(queue.get() for _ in range(queue.qsize()))
    assert "stopped watching" in rest
    assert process.returncode == 0


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], ["schema"], ["new", "--help"], ["import", "--help"]]
)
def test_light_commands_do_not_import_the_renderers(args: list[str]) -> None:
    code = (
        "import sys; from generators.cli import app; "
        f"sys.argv = ['precis', *{args!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'docx'))\n"
        "print(heavy, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_version_answers_before_loading_the_command_line() -> None:
    code = (
        "import sys; sys.argv = ['precis', '--version']\n"
        "from generators.__main__ import main; main()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.splitlines() == [f"precis {__version__}", "[]"]


def test_ctrl_c_before_any_document_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generators.console import BuildLog

    with pytest.raises(KeyboardInterrupt), BuildLog(tmp_path) as log:
        log.start(10)
        raise KeyboardInterrupt
    assert capsys.readouterr().err.strip() == "interrupted before any document was written"

"""Output safety under faults: full disks, read-only targets, killed workers, a killed build.

Whatever happens, every document in the output folder is a complete old one or a complete new
one, documents outside the folder are never touched, and the next build repairs the rest.
"""

from __future__ import annotations

import errno
import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from generators import build as build_module
from generators.build import Manifest, build, clean, output
from generators.build.output import exclusive
from generators.cli import main
from generators.content.model import Summary
from generators.errors import PrecisError
from generators.formats import FORMATS
from generators.theme.model import Theme

from .conftest import MINIMAL, ROOT

PRECIS = [sys.executable, "-m", "generators"]
TEMPLATES: list[str] = []  # the defaults shipped in the package


def run_main(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """Run the `precis` entry point in this process, so faults can be injected into it."""
    monkeypatch.setattr(sys, "argv", ["precis", *args, *TEMPLATES])
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as stopped:
        main()
    return int(stopped.value.code or 0)


def summaries(folder: Path, count: int, title: str = "A headline") -> Path:
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"review-{n:03d}.yaml").write_text(
            MINIMAL.replace("A headline", f"{title} {n}"), encoding="utf-8"
        )
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def complete_title(name: str, data: bytes) -> str:
    """The title inside a whole document; fails on any partial or damaged file."""
    if name.endswith(".pdf"):
        reader = PdfReader(io.BytesIO(data), strict=True)
        assert len(reader.pages) == 1
        assert reader.metadata is not None
        return str(reader.metadata.title)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        core = package.read("docProps/core.xml").decode()
    return core.split("<dc:title>")[1].split("</dc:title>")[0]


def test_documents_are_written_only_into_the_output_folder(tmp_path: Path, theme: Theme) -> None:
    """Output names come from validated slugs alone, whatever the summaries are called."""
    content = tmp_path / "content"
    content.mkdir()
    for name in ("good-one.yaml", "..yaml", ".hidden.yaml", "Bad Name.yaml", "a..b.yaml"):
        (content / name).write_text(MINIMAL, encoding="utf-8")
    (content / "escape.yaml").symlink_to(tmp_path / "content" / "good-one.yaml")
    before = {p for p in tmp_path.rglob("*")}
    report = build([content], tmp_path / "out", theme)
    created = {p for p in tmp_path.rglob("*")} - before
    assert sorted(p.relative_to(tmp_path).as_posix() for p in created) == [
        "out",
        "out/.precis-manifest.json",
        "out/escape-briefing.docx",
        "out/escape-fact-sheet.pdf",
        "out/good-one-briefing.docx",
        "out/good-one-fact-sheet.pdf",
    ]
    assert {Path(p.path).name for p in report.problems} == {
        "..yaml",
        ".hidden.yaml",
        "Bad Name.yaml",
        "a..b.yaml",
    }


def test_output_folder_that_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = summaries(tmp_path / "content", 1)
    (tmp_path / "out").write_text("my notes")
    assert run_main(["build", str(content), "-o", str(tmp_path / "out")], monkeypatch) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path}/out:1:1: is a file, not a folder; move it away or choose another with --out\n"
    )
    assert (tmp_path / "out").read_text() == "my notes"


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full; free some space"),
        (OSError(errno.EROFS, "Read-only file system"), "the disk is read-only; choose another"),
    ],
)
def test_a_full_or_read_only_disk_stops_and_keeps_the_old_documents(
    tmp_path: Path,
    theme: Theme,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fault: OSError,
    expected: str,
) -> None:
    content = summaries(tmp_path / "content", 3)
    out = tmp_path / "out"
    build([content], out, theme)
    before = snapshot(out)
    summaries(content, 3, title="Edited")
    calls = []
    real_fsync = os.fsync

    def fsync_after_two(fd: int) -> None:  # two documents fit on the disk, then it fails
        calls.append(fd)
        if len(calls) > 2:
            raise fault
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_after_two)
    assert run_main(["build", str(content), "-o", str(out), "-q"], monkeypatch) == 1
    assert capsys.readouterr().err.startswith(f"{out}:1:1: cannot write: {expected}")
    after = snapshot(out)
    assert sorted(after) == sorted(before)
    changed = [name for name in after if after[name] != before[name]]
    assert len(changed) == 2  # the two that were written are new and whole; the rest are old
    for name, data in after.items():
        title = complete_title(name, data)
        assert title.startswith("Edited" if name in changed else "A headline")
    assert output.leftovers(out) == []
    monkeypatch.undo()
    report = build([content], out, theme)
    # The disk stayed full, so the manifest could not record the two: all six are rebuilt.
    assert len(report.built) == 6 and not report.problems
    assert all(complete_title(n, d).startswith("Edited") for n, d in snapshot(out).items())


@pytest.fixture
def built(tmp_path: Path, theme: Theme) -> tuple[Path, Path]:
    """Two summaries, and the output folder they were built into."""
    content = summaries(tmp_path / "content", 2)
    build([content], tmp_path / "out", theme)
    return content, tmp_path / "out"


def test_a_folder_without_permission_is_reported(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Injected, since the tests may run as root, whom permissions do not stop."""
    content, out = built
    before = snapshot(out)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert run_main(["build", str(content), "-o", str(out), "--force"], monkeypatch) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"{out}:1:1: cannot write: permission denied; make it writable or choose another folder "
        "with --out (the documents already there are untouched)"
    )
    assert snapshot(out) == before


@pytest.mark.parametrize("name", ["review-000-fact-sheet.pdf", "review-000-briefing.docx"])
def test_a_read_only_document_is_reported_and_left_alone(
    built: tuple[Path, Path],
    theme: Theme,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    """Only that document: the summary's other one, written before or after it, is built."""
    content, out = built
    locked = out / name
    locked.chmod(0o444)
    before = snapshot(out)
    summaries(content, 2, title="Edited")
    assert run_main(["build", str(content), "-o", str(out), "-q"], monkeypatch) == 1
    assert capsys.readouterr().err == (
        f"{locked}:1:1: cannot write: the file is read-only (open in another program?); close it "
        "or make it writable, then build again\n"
    )
    after = snapshot(out)
    assert after[locked.name] == before[locked.name]
    assert [n for n in after if after[n] == before[n]] == [locked.name]
    locked.chmod(0o644)
    assert build([content], out, theme).built == [locked.name]  # the next build catches up


def test_two_builds_never_write_one_folder_at_once(
    tmp_path: Path, theme: Theme, write: Callable[..., Path]
) -> None:
    content = summaries(tmp_path / "content", 1)
    out = tmp_path / "out"
    out.mkdir()
    with exclusive(out), pytest.raises(PrecisError) as refused:
        build([content], out, theme)
    assert str(refused.value) == (
        f"{out}:1:1: another precis build is writing to this folder; wait for it to finish"
    )
    assert list(out.iterdir()) == []
    build([content], out, theme)
    with exclusive(out), pytest.raises(PrecisError):
        clean(out)  # nor is a folder cleaned while a build writes to it
    assert len(list(out.iterdir())) == 3


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def _start_build(content: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*PRECIS, "build", str(content), "-o", str(out), "-j2", "-v", *TEMPLATES],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _wait_for_output(out: Path, process: subprocess.Popen[str], count: int) -> None:
    """Until `count` documents were written since `process` started, or it ended."""
    started = time.time_ns()
    for _ in range(1000):
        written = [p for p in out.glob("*.pdf") if p.stat().st_mtime_ns >= started]
        if len(written) >= count or process.poll() is not None:
            return
        time.sleep(0.01)


def _all_complete(out: Path, titles: tuple[str, ...]) -> dict[str, str]:
    found = {name: complete_title(name, data) for name, data in snapshot(out).items()}
    assert all(t.startswith(titles) for t in found.values()), found
    return found


def test_every_summary_a_killed_worker_left_unbuilt_is_reported(
    tmp_path: Path, theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker dies (as if killed) on one summary of forty: every summary whose documents
    were not written is named, so the build cannot end with exit 0."""
    content = summaries(tmp_path / "content", 40)
    (content / "review-017.yaml").write_text(MINIMAL.replace("A lede.", "Die."), encoding="utf-8")
    pdf = FORMATS["pdf"]
    render = pdf.render

    def dies(summary: Summary, theme: Theme) -> bytes:
        if summary.summary == "Die.":
            os._exit(9)  # in the worker, forked with this patch in place
        return render(summary, theme)

    monkeypatch.setattr(pdf, "render", dies)
    report = build([content], tmp_path / "out", theme, jobs=2)
    built = {name.split("-fact-sheet")[0].split("-briefing")[0] for name in report.built}
    reported = {Path(problem.path).stem for problem in report.problems}
    assert "review-017" in reported
    assert built | reported == {f"review-{n:03d}" for n in range(40)}
    assert not built & reported
    for problem in report.problems:
        assert problem.message.startswith("not built: a worker process was killed")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds workers through /proc")
def test_a_killed_worker_fails_its_documents_and_the_next_build_repairs(
    tmp_path: Path, theme: Theme
) -> None:
    content = summaries(tmp_path / "content", 150)
    out = tmp_path / "out"
    process = _start_build(content, out)
    _wait_for_output(out, process, 10)
    workers = _children(process.pid)
    assert workers, "the build has worker processes"
    os.kill(workers[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert "a worker process was killed (out of memory?); run `precis build` again" in stderr
    done = _all_complete(out, ("A headline",))
    assert 0 < len(done) < 300
    report = build([content], out, theme, jobs=2)
    assert not report.problems and len(report.built) == 300 - len(done)
    assert len(_all_complete(out, ("A headline",))) == 300
    assert output.leftovers(out) == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds workers through /proc")
@pytest.mark.parametrize("seed", [1, 2])
def test_a_killed_build_leaves_only_whole_documents(
    tmp_path: Path, theme: Theme, seed: int
) -> None:
    """SIGKILL the main process at a random moment of a rebuild: every document is the old
    one or the new one, whole; the workers exit; the next build finishes the job."""
    content = summaries(tmp_path / "content", 200)
    out = tmp_path / "out"
    build([content], out, theme, jobs=2)
    summaries(content, 200, title="Edited")
    process = _start_build(content, out)
    _wait_for_output(out, process, 1)
    time.sleep(random.Random(seed).uniform(0, 0.3))
    workers = _children(process.pid)
    assert workers and process.poll() is None, "killed mid-build"
    process.kill()
    process.communicate(timeout=60)
    for _ in range(100):  # the workers notice their parent is gone within half a second
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers), "orphaned workers"
    titles = _all_complete(out, ("A headline", "Edited"))
    assert len(titles) == 400
    report = build([content], out, theme, jobs=2)
    assert not report.problems
    assert all(t.startswith("Edited") for t in _all_complete(out, ("Edited",)).values())
    assert output.leftovers(out) == []
    assert Manifest(out).entries.keys() == snapshot(out).keys()


def test_ctrl_c_just_after_a_write_waits_until_the_document_is_recorded(
    tmp_path: Path, theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C lands between a document's rename into place and its manifest entry: the build
    stops only once what is on disk is recorded, so nothing written is unknown to Precis."""
    content = summaries(tmp_path / "content", 3)
    out = tmp_path / "out"
    written: list[str] = []

    def write_then_interrupt(path: Path, data: bytes) -> None:
        output.write_atomic(path, data)
        if path.suffix in (".pdf", ".docx"):
            written.append(path.name)
            if len(written) == 3:  # the second summary's first document
                os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(build_module, "write_atomic", write_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        build([content], out, theme, jobs=1)
    on_disk = {p.name for p in out.iterdir() if p.suffix in (".pdf", ".docx")}
    assert len(on_disk) == 4  # the second summary's other document was still written
    assert set(Manifest(out).entries) == on_disk
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler

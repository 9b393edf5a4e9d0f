"""A build folder from someone else: its manifest names, shape and file kinds are untrusted,
and nothing outside the folder, nor anything Precis did not write, is ever deleted."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generators.build import MANIFEST, build, clean
from generators.build.manifest import is_output_name
from generators.theme.model import Theme

from .conftest import MINIMAL

ENTRY = {
    "source": "/nowhere/gone.yaml",
    "content": "0" * 64,
    "theme": "0" * 64,
    "precis": "0",
    "output": "0" * 64,
    "size": 1,
    "mtime_ns": 1,
}


def forged(out: Path, names: list[str]) -> None:
    """A manifest that claims Precis wrote `names`, whose summary has since been deleted."""
    out.mkdir(parents=True, exist_ok=True)
    outputs = {
        name: ENTRY | {"source": str(out.parent / "content" / "gone.yaml")} for name in names
    }
    (out / MANIFEST).write_text(json.dumps({"precis": "0", "outputs": outputs}))


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_text("a file outside the output folder")
    return path


@pytest.mark.parametrize(
    "name",
    [
        "../victim.txt",
        "VICTIM",  # made absolute below
        "sub/../../victim.txt",
        "..",
        ".",
        "",
        "notes.txt",
        "a-fact-sheet.pdf/../../victim.txt",
        "A-Review-fact-sheet.pdf",
    ],
)
def test_clean_acts_only_on_names_precis_writes(tmp_path: Path, victim: Path, name: str) -> None:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    (out / "notes.txt").write_text("the user's own")
    forged(out, [str(victim) if name == "VICTIM" else name])
    removed, warnings = clean(out)
    assert removed == [] and warnings == []
    assert victim.read_text() == "a file outside the output folder"
    assert (out / "notes.txt").exists()


def test_orphan_removal_acts_only_on_names_precis_writes(
    tmp_path: Path, write: Callable[..., Path], theme: Theme, victim: Path
) -> None:
    content = write("content/a-review.yaml", MINIMAL).parent
    out = tmp_path / "out"
    forged(out, ["../victim.txt", str(victim), "gone-fact-sheet.pdf"])
    (out / "gone-fact-sheet.pdf").write_bytes(b"%PDF- an orphan Precis wrote")
    report = build([content], out, theme)
    assert report.removed == ["gone-fact-sheet.pdf"]
    assert victim.exists()


def test_never_deletes_through_a_link(tmp_path: Path, victim: Path) -> None:
    """An output name that is a link (to a file outside, or to a folder) is not what Precis
    wrote: the link and what it points at both stay."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "a-fact-sheet.pdf").symlink_to(victim)
    (out / "b-fact-sheet.pdf").mkdir()
    forged(out, ["a-fact-sheet.pdf", "b-fact-sheet.pdf"])
    assert clean(out) == ([], [])
    assert (out / "a-fact-sheet.pdf").is_symlink() and victim.exists()
    assert (out / "b-fact-sheet.pdf").is_dir()


def test_output_names_are_a_slug_and_a_format_suffix() -> None:
    assert is_output_name("durham-child-protection-fact-sheet.pdf")
    assert is_output_name("a-briefing.docx")
    for name in ["-fact-sheet.pdf", "../a-briefing.docx", "a/b-briefing.docx", "a-briefing.doc"]:
        assert not is_output_name(name), name


DAMAGE: dict[str, Callable[[Path], object]] = {
    "not JSON": lambda path: path.write_bytes(b"\x00{not json"),
    "not UTF-8": lambda path: path.write_bytes(b'{"precis": "\xff"}'),
    "a list": lambda path: path.write_text("[]"),
    "outputs a list": lambda path: path.write_text('{"precis": "1", "outputs": []}'),
    "an entry a string": lambda path: path.write_text(
        '{"precis": "1", "outputs": {"a-review-fact-sheet.pdf": "x"}}'
    ),
    "a size a string": lambda path: path.write_text(
        json.dumps({"precis": "1", "outputs": {"a-review-fact-sheet.pdf": ENTRY | {"size": "1"}}})
    ),
    "an extra field": lambda path: path.write_text(
        json.dumps({"precis": "1", "outputs": {"a-review-fact-sheet.pdf": ENTRY | {"x": 1}}})
    ),
    "deeply nested": lambda path: path.write_text(
        '{"outputs": ' + "[" * 100_000 + "]" * 100_000 + "}"
    ),
    "a folder": lambda path: path.mkdir(),
    "a FIFO": lambda path: os.mkfifo(path),
    "a link to /dev/zero": lambda path: path.symlink_to("/dev/zero"),
    "a link to a good manifest elsewhere": lambda path: path.symlink_to(path.parent.parent / "x"),
    "over 16 MiB": lambda path: path.write_bytes(b" " * (16 * 1024 * 1024 + 1)),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_manifest_is_forgotten_with_one_warning(
    tmp_path: Path, write: Callable[..., Path], theme: Theme, damage: str
) -> None:
    content = write("content/a-review.yaml", MINIMAL).parent
    out = tmp_path / "out"
    build([content], out, theme)
    shutil.copy(out / MANIFEST, tmp_path / "x")
    (out / MANIFEST).unlink()
    DAMAGE[damage](out / MANIFEST)
    report = build([content], out, theme, dry_run=True)
    assert [str(w).split(" (")[0] for w in report.warnings] == [
        f"{out / MANIFEST}:1:1: warning: the build record is damaged"
    ]
    assert dict(report.planned) == {
        "a-review-briefing.docx": "new",
        "a-review-fact-sheet.pdf": "new",
    }
    report = build([content], out, theme)
    assert sorted(report.built) == ["a-review-briefing.docx", "a-review-fact-sheet.pdf"]
    assert len(report.warnings) == 1
    if damage == "a folder":  # in the way of the new one: said, for that file only
        assert [str(p) for p in report.problems] == [
            f"{out / MANIFEST}:1:1: cannot record the build: a folder has this name; move or "
            "rename it, then build again"
        ]
    else:
        assert not report.problems
        assert json.loads((out / MANIFEST).read_text())["outputs"]  # a good one again
    removed, warnings = clean(out)
    if damage == "a folder":  # no record of the new documents: they stay, with the warning
        assert removed == [] and len(warnings) == 1
    else:
        assert sorted(removed) == ["a-review-briefing.docx", "a-review-fact-sheet.pdf"]
        assert warnings == []
    assert (tmp_path / "x").exists()  # a link's target is never touched


@pytest.mark.parametrize("kind", ["a FIFO", "a link to /dev/zero", "a folder"])
def test_an_output_that_is_not_a_file_is_rebuilt_or_reported(
    tmp_path: Path, write: Callable[..., Path], theme: Theme, kind: str
) -> None:
    """An output replaced by a FIFO or a link to a device is never read (which would hang or
    run out of memory): it is rebuilt; a folder in its place is reported, for that file."""
    content = write("content/a-review.yaml", MINIMAL).parent
    out = tmp_path / "out"
    build([content], out, theme)
    pdf = out / "a-review-fact-sheet.pdf"
    pdf.unlink()
    {
        "a FIFO": os.mkfifo,
        "a link to /dev/zero": lambda p: p.symlink_to("/dev/zero"),
        "a folder": Path.mkdir,
    }[kind](pdf)
    report = build([content], out, theme)
    if kind == "a folder":
        assert [p.path for p in report.problems] == [str(pdf)]
        assert report.built == []
    else:
        assert report.built == ["a-review-fact-sheet.pdf"]
        assert pdf.is_file() and not pdf.is_symlink()


@pytest.mark.parametrize("move", ["a.yml", "other/a.yaml"])
def test_a_renamed_or_moved_summary_keeps_its_documents(
    tmp_path: Path, write: Callable[..., Path], theme: Theme, move: str
) -> None:
    first = write("content/a.yaml", MINIMAL)
    (tmp_path / "other").mkdir()
    folders = [tmp_path / "content", tmp_path / "other"]
    out = tmp_path / "out"
    build(folders, out, theme)
    first.rename(tmp_path / ("content" if "/" not in move else "") / move)
    report = build(folders, out, theme, dry_run=True)
    assert report.orphans == []
    report = build(folders, out, theme)
    assert report.removed == []
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "a-briefing.docx",
        "a-fact-sheet.pdf",
    ]
    (tmp_path / ("content" if "/" not in move else "") / move).unlink()
    assert sorted(build(folders, out, theme).removed) == ["a-briefing.docx", "a-fact-sheet.pdf"]


def test_a_renamed_and_edited_summary_keeps_its_documents(
    tmp_path: Path, write: Callable[..., Path], theme: Theme
) -> None:
    first = write("content/a.yaml", MINIMAL)
    out = tmp_path / "out"
    build([first.parent], out, theme)
    first.rename(first.with_suffix(".yml"))
    first.with_suffix(".yml").write_text(first.with_suffix(".yml").read_text() + "\n# edited\n")
    report = build([first.parent], out, theme)
    assert sorted(report.built) == ["a-briefing.docx", "a-fact-sheet.pdf"]
    assert report.removed == []
    assert (out / "a-fact-sheet.pdf").exists() and (out / "a-briefing.docx").exists()


def test_a_users_file_named_like_a_temporary_file_is_kept(
    tmp_path: Path, write: Callable[..., Path], theme: Theme
) -> None:
    content = write("content/a-review.yaml", MINIMAL).parent
    out = tmp_path / "out"
    out.mkdir()
    mine = out / ".notes.txt.abcdefgh.tmp"
    mine.write_text("an editor's backup")
    killed = out / ".precis-a-review-fact-sheet.pdf.abcdefgh.tmp"
    killed.write_bytes(b"half a PDF from a killed build")
    build([content], out, theme)
    assert mine.exists() and not killed.exists()


def test_an_ignored_name_is_said_with_verbose(
    tmp_path: Path, victim: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    forged(out, ["../victim.txt"])
    with caplog.at_level("INFO"):
        clean(out)
    assert caplog.messages == [
        f"{out / MANIFEST}: ignoring `../victim.txt`, which is not a name Precis writes"
    ]

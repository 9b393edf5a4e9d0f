"""Replay issue 12's hand-made mutation audit: each bug the audit made by hand, as a patch to
today's code, run against the tests meant to catch it. By hand, like the other benchmarks.

    .venv/bin/python benchmarks/audit_mutants.py              # every patch
    .venv/bin/python benchmarks/audit_mutants.py 06 15        # the patches whose names start so
    .venv/bin/python benchmarks/audit_mutants.py --why 06     # ... and the failing assertion
    .venv/bin/python benchmarks/audit_mutants.py --baseline   # first, every selection unpatched
    .venv/bin/python benchmarks/audit_mutants.py --deselect=tests/x.py::test_y   # to pytest

Each patch is applied to a copy of the project in a temporary folder (the working tree is never
touched), and the tests run there in a fresh process of this Python, with the copy first on the
import path; the copy's own `generators` is checked to be the one imported, since an editable
install would otherwise hand the tests the working tree's. A patch is killed when a test fails;
`--baseline` shows those tests pass on the copy unpatched, so a kill is the patch's doing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATCHES = ROOT / "benchmarks" / "audit-mutants"
COPIED = ["generators", "tests", "content", "docs/gallery", "pyproject.toml"]
"""What the tests read: the package, the tests and their summaries, the gallery's summaries."""
IGNORED = shutil.ignore_patterns("__pycache__", "*.egg-info", ".hypothesis", ".pytest_cache")

FIDELITY = "tests/test_fidelity.py::test_the_"
MARKING = FIDELITY + "marking_is_at_the_top_and_bottom_of_both"
SHEET = [FIDELITY + "sheet_shows_every_field_under_its_heading", MARKING]
BRIEFING = [FIDELITY + "briefing_shows_every_field_under_its_heading", MARKING]
NO_PROPERTIES = "--deselect=tests/test_fidelity.py::test_any_summary_reaches_both_documents_in_full"
SELECTIONS: dict[str, list[str]] = {
    "01": [*SHEET, "tests/test_layout.py"],
    "02": ["tests/test_fidelity.py", "tests/test_briefing.py", "tests/test_factsheet.py"],
    "03": ["tests/test_fidelity.py", "tests/test_briefing.py", "tests/test_layout.py"],
    "04": ["tests/test_fidelity.py", "tests/test_briefing.py", "tests/test_layout.py"],
    "05": ["tests/test_fidelity.py", "tests/test_briefing.py", "tests/test_layout.py"],
    "06": [*SHEET, "tests/test_layout.py", "tests/test_tagged.py"],
    "07": ["tests/test_fidelity.py", "tests/test_layout.py", "tests/test_briefing.py"],
    "08": ["tests/test_fidelity.py", "tests/test_factsheet.py", "tests/test_briefing.py"],
    "09": [*BRIEFING, "tests/test_briefing.py"],
    "10": [*BRIEFING, "tests/test_briefing.py", "tests/test_accessibility.py"],
    "11": ["tests/test_fidelity.py", "tests/test_layout.py", "tests/test_briefing.py"],
    "12": ["tests/test_fidelity.py", "tests/test_layout.py", "tests/test_briefing.py"],
    "13": [*SHEET, "tests/test_factsheet.py", "tests/test_tagged.py"],
    "14": ["tests/test_factsheet.py", "tests/test_layout.py"],
    "15": [
        "tests/test_factsheet.py",
        "tests/test_tagged.py",
        "tests/test_briefing.py",
        "tests/test_language.py",
    ],
    "16": [
        "tests/test_build.py::test_orphans_are_removed_and_nothing_else",
        "tests/test_build.py::test_building_one_file_never_removes_the_others",
        "tests/test_build.py::test_building_one_file_never_removes_the_documents_of_deleted_summaries",
        "tests/test_build.py::test_a_folder_removes_only_its_own_summaries_documents",
        "tests/test_build.py::test_a_folder_never_removes_the_documents_of_a_sibling_named_like_it",
        "tests/test_untrusted_folder.py",
    ],
    "17": ["tests/test_hostile.py", "tests/test_loader.py"],
    "18": ["tests/test_hostile.py", "tests/test_loader.py"],
    "19": ["tests/test_faults.py::test_every_summary_a_killed_worker_left_unbuilt_is_reported"],
}
"""The tests run against each patch, by the number its name starts with: the tests of what the
patch breaks, property tests and slow process tests left out (NO_PROPERTIES is added to all)."""


@dataclass
class Outcome:
    patch: str
    killed: bool
    first_failure: str
    why: str
    """The first line pytest marks as the error: what the test found wrong."""
    seconds: float


def copy_project(into: Path) -> None:
    for name in COPIED:
        source, target = ROOT / name, into / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=IGNORED)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def copy_environment(copy: Path) -> dict[str, str]:
    """The copy first on the import path, in this and every process the tests start; no
    bytecode written, so nothing of the copy outlives it."""
    path = os.pathsep.join(p for p in (str(copy), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"}


def imports_the_copy(copy: Path, env: dict[str, str]) -> bool:
    found = subprocess.run(
        [sys.executable, "-c", "import generators; print(generators.__file__)"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    return found.returncode == 0 and Path(found.stdout.strip()).is_relative_to(copy)


def first_failure(output: str) -> str:
    """The first test pytest's summary names as failed or in error."""
    found = re.search(r"^(?:FAILED|ERROR) (\S+)", output, re.MULTILINE)
    return found.group(1) if found else ""


def run(name: str, patch: Path | None, selection: list[str], verbose: bool = False) -> Outcome:
    """The selection's tests on a copy of the project, with `patch` applied (if any); verbose,
    pytest says in full what a failing test found."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="audit-mutant-") as folder:
        copy = Path(folder)
        copy_project(copy)
        if patch is not None:
            applied = subprocess.run(["git", "apply", str(patch)], cwd=copy, capture_output=True)
            if applied.returncode:  # today's code moved on: the patch needs remaking
                raise SystemExit(f"{patch.name} no longer applies:\n{applied.stderr.decode()}")
        env = copy_environment(copy)
        if not imports_the_copy(copy, env):
            raise SystemExit(f"{name}: the tests would not import the copy's generators")
        pytest = [sys.executable, "-m", "pytest", "-x", "-p", "no:cacheprovider"]
        tests = subprocess.run(
            [*pytest, "-vv" if verbose else "-q", *selection],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
        )
    seconds = time.monotonic() - started
    if tests.returncode not in (0, 1):  # 2-5: interrupted, internal error, usage, nothing run
        tail = (tests.stdout + tests.stderr).strip().splitlines()[-5:]
        raise SystemExit(f"{name}: pytest exited {tests.returncode}\n" + "\n".join(tail))
    why = re.search(r"^E +(.+)$", tests.stdout, re.MULTILINE)
    failed = first_failure(tests.stdout)
    return Outcome(name, tests.returncode == 1, failed, why.group(1) if why else "", seconds)


def selection_of(patch: Path, passed_on: list[str]) -> list[str]:
    """The patch's tests, and any options given on the command line for pytest (a test that
    fails without any patch deselected, say, until it is mended)."""
    return [*SELECTIONS[patch.name[:2]], NO_PROPERTIES, *passed_on]


def main(arguments: list[str]) -> int:
    why, baseline = "--why" in arguments, "--baseline" in arguments
    prefixes = [a for a in arguments if not a.startswith("-")]
    passed_on = [a for a in arguments if a.startswith("-") and a not in ("--why", "--baseline")]
    patches = sorted(PATCHES.glob("*.patch"))
    unknown = [p.name for p in patches if p.name[:2] not in SELECTIONS]
    if unknown:
        raise SystemExit(f"no test selection for {', '.join(unknown)}")
    chosen = [p for p in patches if not prefixes or p.name.startswith(tuple(prefixes))]
    if not chosen:
        raise SystemExit(f"no patch in {PATCHES} starts with {' or '.join(prefixes)}")
    width = max(len(p.stem) for p in chosen)
    print(f"{'patch':<{width}}  killed  first failing test")
    if baseline:  # every test the chosen patches run, once, on the copy as it is
        union = list(dict.fromkeys(test for p in chosen for test in selection_of(p, passed_on)))
        unpatched = run("(no patch)", None, union)
        print(
            f"{unpatched.patch:<{width}}  {'yes' if unpatched.killed else 'no':<6}  "
            f"{unpatched.first_failure or '-'} ({unpatched.seconds:.0f}s)",
            flush=True,
        )
        if unpatched.killed:
            raise SystemExit(f"the tests fail without a patch: {unpatched.why}")
    outcomes = []
    for patch in chosen:
        outcome = run(patch.stem, patch, selection_of(patch, passed_on), why)
        outcomes.append(outcome)
        killed = "yes" if outcome.killed else "NO"
        print(f"{outcome.patch:<{width}}  {killed:<6}  {outcome.first_failure or '-'}", flush=True)
        if why and outcome.why:
            print(f"{'':<{width}}          {outcome.why[:200]}", flush=True)
    survivors = [o.patch for o in outcomes if not o.killed]
    total = sum(o.seconds for o in outcomes)
    print(f"{len(outcomes) - len(survivors)} of {len(outcomes)} killed in {total:.0f}s")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

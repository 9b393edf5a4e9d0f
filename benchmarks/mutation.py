"""Run the mutation tests by hand (not in CI) and print the score, file by file.

    .venv/bin/pip install -e '.[mutation]'
    .venv/bin/python benchmarks/mutation.py               # every mutant (an hour on 2 cores)
    .venv/bin/python benchmarks/mutation.py 'generators.formats.*'  # a package, or a function
    .venv/bin/python benchmarks/mutation.py --sample 500 --seed 1 'generators.formats.*'
    .venv/bin/python benchmarks/mutation.py --sample 500 --seed 1 --unfinished  # again, only
                                                          # those not yet killed (after new tests)
    .venv/bin/python benchmarks/mutation.py --report      # the last run's figures, running nothing
    .venv/bin/python benchmarks/mutation.py --survivors   # ... and every survivor, by name

A sample runs a seeded random choice of the matching mutants (mutmut must have made them: run
once without --sample, or with a pattern, and stop it) and reports the score over the sample with
its 95% interval: a whole run takes longer than a working session, and a fresh seed gives an
estimate that tests written against an earlier sample's survivors cannot flatter.

mutmut keeps its results in mutants/ and a later run tests again only the functions whose source
changed; `rm -rf mutants` starts afresh (needed after adding tests, since mutmut does not know a
new test reaches an old function). `[tool.mutmut]` in pyproject.toml chooses the code and the fast
test selection; docs/mutation.md says how to read a survivor and lists those judged equivalent.
"""

from __future__ import annotations

import fnmatch
import json
import math
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
EQUIVALENT = ROOT / "docs" / "mutation-equivalent.txt"
STATUS: dict[int | None, str] = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
}
STATUS |= {36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout"}
STATUS |= {None: "not checked", -9: "killed by signal", -11: "killed by signal"}
"""mutmut's exit codes (mutmut/stats.py), named as its `results` command names them."""


def results() -> dict[str, dict[str, str]]:
    """Each mutated file's mutants and what became of them, from mutmut's .meta files."""
    by_file = {}
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        exit_codes = json.loads(meta.read_text())["exit_code_by_key"]
        source = str(meta.relative_to(MUTANTS)).removesuffix(".meta")
        by_file[source] = {
            name: STATUS.get(code, "suspicious") for name, code in exit_codes.items()
        }
    return by_file


def equivalent() -> set[str]:
    """Survivors judged equivalent (same behaviour for every input), one name per line."""
    if not EQUIVALENT.exists():
        return set()
    lines = (line.split("#")[0].strip() for line in EQUIVALENT.read_text().splitlines())
    return {line for line in lines if line}


def score(statuses: Counter[str]) -> float:
    """mutmut's own definition: killed and timed out over all but the skipped."""
    caught = statuses["killed"] + statuses["timeout"] + statuses["killed by signal"]
    return 100 * caught / max(1, sum(statuses.values()) - statuses["skipped"])


def report(show_survivors: bool) -> None:
    by_file, judged = results(), equivalent()
    totals: dict[str, Counter[str]] = {}
    print(f"{'file':<48} {'mutants':>7} {'killed':>7} {'survived':>8} {'no tests':>8} {'score':>6}")
    for source, mutants in by_file.items():
        statuses = Counter(mutants.values())
        print(
            f"{source:<48} {len(mutants):>7} {statuses['killed']:>7} {statuses['survived']:>8}"
            f" {statuses['no tests']:>8} {score(statuses):>5.1f}%"
        )
        package = "/".join(source.split("/")[:2])
        totals.setdefault(package, Counter()).update(statuses)
    print()
    for package, statuses in totals.items():
        names = {n for f, m in by_file.items() if f.startswith(package) for n in m}
        survivors = {n for n in names if _status(by_file, n) == "survived"}
        left = Counter(statuses)
        left["killed"] += len(survivors & judged)  # an equivalent mutant cannot be killed
        print(
            f"{package:<22} {sum(statuses.values()):>5} mutants, score {score(statuses):.1f}%;"
            f" {len(survivors & judged)} survivors judged equivalent;"
            f" with those set aside {score(left):.1f}%"
        )
    if show_survivors:
        print()
        for mutants in by_file.values():
            for name, status in mutants.items():
                if status not in ("killed", "timeout"):
                    mark = " (equivalent)" if name in judged else ""
                    print(f"{status:<12} {name}{mark}")


def _status(by_file: dict[str, dict[str, str]], name: str) -> str:
    return next(m[name] for m in by_file.values() if name in m)


def sample(patterns: list[str], size: int, seed: int) -> list[str]:
    """A reproducible random choice of the mutants whose names match the patterns."""
    names = sorted(
        name
        for mutants in results().values()
        for name in mutants
        if not patterns or any(fnmatch.fnmatch(name, pattern) for pattern in patterns)
    )
    return sorted(random.Random(seed).sample(names, min(size, len(names))))


def report_sample(names: list[str]) -> None:
    """The score over a sample, with its Wilson 95% interval, and the sample's survivors."""
    statuses = {name: status for m in results().values() for name, status in m.items()}
    judged = equivalent()
    names = [name for name in names if name in statuses]  # a changed function renumbers its own
    counts = Counter(statuses[name] for name in names)
    caught = counts["killed"] + counts["timeout"] + counts["killed by signal"]
    caught_or_equivalent = caught + sum(
        1 for name in names if name in judged and statuses[name] == "survived"
    )
    checked = len(names) - counts["not checked"]
    print(f"\nsample of {len(names)}, {checked} checked: {dict(counts)}")
    for label, hits in (("score", caught), ("with equivalent set aside", caught_or_equivalent)):
        low, high = wilson(hits, max(checked, 1))
        print(
            f"  {label}: {100 * hits / max(checked, 1):.1f}% of those checked"
            f" (95% interval {low:.1f}-{high:.1f}%)"
        )
    for name in names:
        if statuses[name] not in ("killed", "timeout", "killed by signal"):
            print(f"{statuses[name]:<12} {name}{' (equivalent)' if name in judged else ''}")


def wilson(hits: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion, in per cent."""
    share = hits / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    spread /= 1 + z * z / total
    return 100 * (centre - spread), 100 * (centre + spread)


def option(arguments: list[str], flag: str) -> int | None:
    """The number after a flag, removing both from the arguments."""
    if flag not in arguments:
        return None
    at = arguments.index(flag)
    value = int(arguments[at + 1])
    del arguments[at : at + 2]
    return value


def main(arguments: list[str]) -> None:
    if "--names" in arguments:  # a sample written out, to measure the same mutants again
        at = arguments.index("--names")
        listed = Path(arguments[at + 1]).read_text().split()
        del arguments[at : at + 2]
        arguments += ["--sample", str(len(listed))]
        patterns_from_file = listed
    else:
        patterns_from_file = []
    size, seed = option(arguments, "--sample"), option(arguments, "--seed") or 1
    listing = "--report" in arguments or "--survivors" in arguments
    patterns = [a for a in arguments if not a.startswith("--")]
    if patterns_from_file:
        known = {name for m in results().values() for name in m}
        names = [name for name in patterns_from_file if name in known]
    else:
        names = sample(patterns, size, seed) if size else patterns
    if size and "--unfinished" in arguments:
        statuses = {name: status for m in results().values() for name, status in m.items()}
        caught = ("killed", "timeout", "killed by signal")
        names_to_run = [name for name in names if statuses.get(name) not in caught]
    else:
        names_to_run = names
    if not listing:
        cores = str(len(os.sched_getaffinity(0)))
        command = [sys.executable, "-m", "mutmut", "run", "--max-children", cores, *names_to_run]
        subprocess.run(command, cwd=ROOT, check=False)
    if size:
        report_sample(names)
    else:
        report(show_survivors="--survivors" in arguments)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Count the CPU instructions one fact sheet and one briefing cost; run by hand, prints them.

    .venv/bin/python benchmarks/count_instructions.py [N]      (default: 20; needs valgrind)

Seconds on a shared virtual machine drift by half between minutes; callgrind's instruction
count for the same code and input does not, so it tells whether a change made Precis faster.
Each document is the Durham summary with every sentence numbered, so nothing comes from a
cache. The count is the difference between rendering N documents and rendering none, over N.
The same sheet drawn untagged shows what PDF/UA and PDF/A tagging costs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from unseen import numbered

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = ROOT / "content/durham-child-protection.yaml"


def render(kind: str, count: int) -> None:
    """What valgrind runs: load everything, render one document to warm up, then `count`."""
    from generators.content.loader import load_summary
    from generators.formats import FORMATS
    from generators.theme.loader import load_theme

    theme = load_theme()
    summary = load_summary(SUMMARY).summary
    summaries = [numbered(summary, n) for n in range(count + 1)]
    if kind == "pdf-untagged":
        from generators.formats.factsheet.render import render as sheet

        for each in summaries:
            sheet(each, theme, tagged=False)
        return
    generate = FORMATS[kind].render
    for each in summaries:
        generate(each, theme)


def instructions(kind: str, count: int) -> int:
    run = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--render",
            kind,
            str(count),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", run.stderr)
    assert found, run.stderr
    return int(found.group(1))


def main(count: int) -> None:
    print(f"callgrind, per document (Durham, every sentence numbered; {count} documents)")
    each = {}
    for kind, title in (
        ("pdf", "fact sheet"),
        ("pdf-untagged", "  untagged"),
        ("docx", "briefing"),
    ):
        each[kind] = (instructions(kind, count) - instructions(kind, 0)) / count
        print(f"  {title:<12} {each[kind] / 1e6:6.1f} million instructions")
    tagging = each["pdf"] - each["pdf-untagged"]
    print(f"  tagging costs {tagging / each['pdf']:.0%} of a tagged sheet")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--render"]:
        render(sys.argv[2], int(sys.argv[3]))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)

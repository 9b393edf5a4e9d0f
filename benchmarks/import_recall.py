"""Recall of `precis import` on the corpus of real releases, field by field: of the values a
person wrote down from each release, how many the draft got right. Run by hand:

    .venv/bin/python benchmarks/import_recall.py [--misses]

Seen releases are those the rules were written against; unseen ones were collected and
written down after, and are never used to change a rule.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generators.importer.release import draft_from
from generators.importer.sources import read_release
from tests.release_corpus import SEEN, UNSEEN, cases, extra_quotes, scores


def recall(folder: Path, show_misses: bool) -> dict[str, tuple[int, int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    extras = 0
    for case in cases(folder):
        draft = draft_from(read_release(str(case.text)))
        for field, right in scores(draft, case.expected):
            totals[field][0] += right
            totals[field][1] += 1
            if show_misses and not right:
                print(f"  miss: {case.slug}: {field}")
        extras += extra_quotes(draft, case.expected)
    totals["quotes not written down (false alarms)"] = [extras, -1]
    return {field: (right, count) for field, (right, count) in totals.items()}


def main() -> None:
    show_misses = "--misses" in sys.argv
    for name, folder in (("seen", SEEN), ("unseen", UNSEEN)):
        count = len(cases(folder))
        print(f"{name}: {count} releases")
        for field, (right, total) in recall(folder, show_misses).items():
            if total < 0:
                print(f"  {field:40} {right}")
            else:
                print(f"  {field:40} {right:3}/{total:<3} {right / total:6.0%}")


if __name__ == "__main__":
    main()

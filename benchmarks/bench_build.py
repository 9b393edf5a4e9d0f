"""Measure `precis build` on N generated summaries; run by hand, prints a table.

    .venv/bin/python benchmarks/bench_build.py [N ...]     (default: 10 100 1000)

Summaries are varied in length and shape (judgements, key facts, quotes), made from the test
summaries in tests/summaries with their text varied, in a temporary folder.
"""

from __future__ import annotations

import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from generators.content.loader import load_summary
from generators.formats import FORMATS
from generators.theme.loader import load_theme

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ["minimal", "twelve-findings", "judgements", "international", "markup"]
PRECIS = [sys.executable, "-m", "generators"]


def make_summaries(folder: Path, count: int) -> None:
    rng = random.Random(count)
    shapes = [yaml.safe_load((ROOT / "tests/summaries" / f"{s}.yaml").read_text()) for s in SHAPES]
    for n in range(count):
        data = dict(shapes[n % len(shapes)])
        data["title"] = f"{data['title']} ({n})"
        data["summary"] = " ".join([data["summary"]] * rng.randint(1, 2))
        (folder / f"review-{n:04d}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))


def run(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([*PRECIS, *args], cwd=ROOT, check=False, capture_output=True)
    return time.perf_counter() - started


def build(*args: str) -> float:
    return run("build", *args)


def per_document_ms(count: int = 100, warm_up: int = 20) -> dict[str, tuple[float, float]]:
    """Median and mean milliseconds per fact sheet and per briefing in a warm process (fonts,
    theme and template loaded, other documents already rendered), each rendering a summary it
    has not seen before, as a worker in a batch does: nothing is served from a cache. The mean
    is what a batch's time follows; dense sheets need more layout trials than the median."""
    theme = load_theme()
    with tempfile.TemporaryDirectory() as tmp:
        make_summaries(Path(tmp), warm_up + count)
        summaries = [load_summary(path).summary for path in sorted(Path(tmp).glob("*.yaml"))]
    figures = {}
    for name, output_format in (("fact sheet", FORMATS["pdf"]), ("briefing", FORMATS["docx"])):
        for summary in summaries[:warm_up]:
            output_format.render(summary, theme)
        times = []
        for summary in summaries[warm_up:]:
            started = time.perf_counter()
            output_format.render(summary, theme)
            times.append((time.perf_counter() - started) * 1000)
        figures[name] = (statistics.median(times), statistics.mean(times))
    return figures


def main(counts: list[int]) -> None:
    per_document = per_document_ms()
    versions = [run("--version") for _ in range(5)]
    print("per new document, warm (median / mean):")
    for name, (median, mean) in per_document.items():
        print(f"  {name:<11} {median:5.1f} / {mean:5.1f} ms")
    print(f"precis --version: {min(versions) * 1000:.0f} ms (best of 5)\n")
    print(
        f"{'N':>6} {'docs':>6} {'cold -j1':>10} {'docs/s':>7} {'cold -j2':>10} {'docs/s':>7}"
        f" {'speed-up':>8} {'no-op':>8} {'1 edit':>8}"
    )
    for count in counts:
        with tempfile.TemporaryDirectory() as tmp:
            content = Path(tmp) / "content"
            content.mkdir()
            make_summaries(content, count)
            docs = 2 * count
            one = build(str(content), "-o", f"{tmp}/out1", "-j", "1", "-q")
            two = build(str(content), "-o", f"{tmp}/out2", "-j", "2", "-q")
            noop = build(str(content), "-o", f"{tmp}/out2", "-j", "2", "-q")
            edited = content / "review-0000.yaml"
            edited.write_text(edited.read_text().replace("title: ", "title: Edited ", 1))
            edit = build(str(content), "-o", f"{tmp}/out2", "-j", "2", "-q")
            print(
                f"{count:>6} {docs:>6} {one:>9.2f}s {docs / one:>7.0f} {two:>9.2f}s "
                f"{docs / two:>7.0f} {one / two:>7.2f}x {noop:>7.2f}s {edit:>7.2f}s"
            )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak memory of any one process (main or worker): {peak:.0f} MB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100, 1000])

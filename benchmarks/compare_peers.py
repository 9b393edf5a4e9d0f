"""Render the Durham summary with Precis and with its peers, and print the per-document ratios.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/compare_peers.py [ROUNDS]      (default: 30)

Each tool is used as its users would use it, warm where it can be: Typst compiles a generated
.typ source with the Lato files, both with `typst.compile` per document and with one Compiler
reused (which memoises the layout of what did not change); docxtpl fills a Jinja template made
once; pandoc converts generated Markdown with templates/briefing.docx as its reference document
(one pandoc process per document, which is how pandoc runs). The peers make plainer documents
than Precis: no fit-to-page, no chips, tables or captions, so the comparison flatters them.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import docx
import pypandoc
import typst
from bench_build import make_summaries
from docxtpl import DocxTemplate
from unseen import numbered

from generators.content.loader import load_summary
from generators.content.model import Summary
from generators.formats import FORMATS
from generators.theme.loader import load_theme

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = ROOT / "content" / "durham-child-protection.yaml"


def _typst_escape(text: str) -> str:
    return "".join("\\" + c if c in '\\#*_`$<>@=-+/[]"~' else c for c in text)


def typst_source(s: Summary) -> str:
    """The fact sheet's content as Typst markup, A4, Lato: every field Precis prints, in a
    plainer layout (no fit to one page, no chips or tiles)."""
    e = _typst_escape
    lines = [
        '#set page(paper: "a4", margin: 15mm)',
        '#set text(font: "Lato", size: 10pt, lang: "en")',
        f"#text(size: 9pt)[{e(s.marking or '')} {e(s.review.publisher)}"
        f" · {e(s.review.type or '')}]",
        f"= {e(s.title)}",
        f"*{e(s.subject)}*",
        "",
        e(s.summary),
    ]
    if s.key_facts:
        cells = ", ".join(f"[*{e(f.value)}* \\ {e(f.label)}]" for f in s.key_facts)
        lines += ["", f"#grid(columns: {len(s.key_facts)}, gutter: 4mm, {cells})"]
    if s.judgements:
        cells = ", ".join(f"[{e(j.area)}], [*{e(j.grade)}*]" for j in s.judgements)
        lines += ["", "== Judgements", f"#table(columns: 2, {cells})"]
    for heading, items in (
        ("Progress", s.progress),
        ("Concerns", s.concerns),
        ("Recommendations", s.recommendations),
    ):
        if items:
            lines += ["", f"== {heading}"]
            lines += [f"- *{e(i.point)}* {e(i.detail or '')}" for i in items]
    if s.next_steps:
        lines += ["", "== Next steps", *(f"- {e(n)}" for n in s.next_steps)]
    for quote in s.quotes:
        who = ", ".join(e(part) for part in (quote.speaker, quote.role) if part)
        lines += ["", f"#quote(attribution: [{who}])[{e(quote.text)}]"]
    review = [s.review.title, s.review.published and str(s.review.published), s.review.url]
    lines += ["", f"#text(size: 8pt)[{' · '.join(e(str(part)) for part in review if part)}]"]
    if s.contact:
        contact = (s.contact.name, s.contact.phone, s.contact.email, s.contact.url)
        lines += [f"#text(size: 8pt)[{' · '.join(e(str(part)) for part in contact if part)}]"]
    return "\n".join(lines) + "\n"


def markdown(s: Summary) -> str:
    """The briefing's content as Markdown, for pandoc."""
    lines = [f"# {s.title}", "", f"**{s.subject}**", "", s.summary]
    for heading, items in (("Progress", s.progress), ("Concerns", s.concerns)):
        if items:
            lines += ["", f"## {heading}", ""]
            lines += [f"- **{i.point}** {i.detail or ''}" for i in items]
    if s.next_steps:
        lines += ["", "## Next steps", "", *(f"1. {n}" for n in s.next_steps)]
    for quote in s.quotes:
        lines += ["", f"> {quote.text}", ">", f"> — {quote.speaker}"]
    return "\n".join(lines) + "\n"


def docxtpl_template(reference: Path) -> bytes:
    """A Jinja-tagged Word template built on templates/briefing.docx, as docxtpl users write."""
    document = docx.Document(str(reference))
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{{ subject }}", style="Subtitle")
    document.add_paragraph("{{ summary }}")
    for key, heading in (("progress", "Progress"), ("concerns", "Concerns")):
        document.add_paragraph(heading, style="Heading 1")
        document.add_paragraph(f"{{%p for i in {key} %}}")
        document.add_paragraph("{{ i.point }} {{ i.detail or '' }}", style="List Bullet")
        document.add_paragraph("{%p endfor %}")
    document.add_paragraph("Next steps", style="Heading 1")
    document.add_paragraph("{%p for n in next_steps %}")
    document.add_paragraph("{{ n }}", style="List Number")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for q in quotes %}")
    document.add_paragraph("{{ q.text }} ({{ q.speaker }})", style="Quote")
    document.add_paragraph("{%p endfor %}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def median_ms(render: Callable[[int], object], rounds: int) -> float:
    """Each round renders a different document, as in a batch."""
    render(0)  # warm: fonts, templates, caches
    times = []
    for n in range(1, rounds + 1):
        started = time.perf_counter()
        render(n)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


TYPST_BATCH = """
import sys, pathlib, typst
fonts, folder = sys.argv[1].split(":"), pathlib.Path(sys.argv[2])
for source in sorted(folder.glob("*.typ")):
    typst.compile(source.read_bytes(), font_paths=fonts, format="pdf")
"""
"""One process compiling every sheet of the batch, as a Typst user's script would."""


def whole_process_ms(count: int, fonts: list[str], rounds: int = 5) -> list[tuple[float, float]]:
    """Milliseconds per fact sheet for a batch of varied summaries, each tool in one new
    process that starts, loads its fonts and writes every sheet: `precis build --only pdf -j 1`
    against one Python process calling `typst.compile` per sheet (one thread: its CPU time is
    its wall time). CPU time, user and system. A shared virtual machine's speed drifts by half
    from one minute to the next, so the two run at once, each on a core of its own (swapped
    each round), and meet the same drift; the median of `rounds` ratios is the figure. Precis's
    modules are compiled first, as `pip install` compiles an installed package's: an editable
    install (and PYTHONDONTWRITEBYTECODE) would compile them from source in every process."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generators")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        content, sources = Path(tmp) / "content", Path(tmp) / "typst"
        content.mkdir()
        sources.mkdir()
        make_summaries(content, count)
        for path in sorted(content.glob("*.yaml")):
            summary = load_summary(path).summary
            (sources / f"{path.stem}.typ").write_text(typst_source(summary))
        precis = [sys.executable, "-m", "generators", "build", str(content), "-q"]
        precis += ["--only", "pdf", "-j", "1", "-o", f"{tmp}/out"]
        typst_batch = [sys.executable, "-c", TYPST_BATCH, ":".join(fonts), str(sources)]
        pairs = []
        for round_number in range(rounds):
            shutil.rmtree(f"{tmp}/out", ignore_errors=True)  # each round builds every sheet
            ours, theirs = cpu_seconds([precis, typst_batch], swap=round_number % 2 == 1)
            pairs.append((ours * 1000 / count, theirs * 1000 / count))
    return pairs


def cpu_seconds(commands: list[list[str]], swap: bool) -> list[float]:
    """Run the commands at once, each pinned to a core of its own (one after another where
    there are too few); each one's CPU seconds, user and system."""
    cores = sorted(os.sched_getaffinity(0))[: len(commands)]
    together = len(cores) == len(commands)
    if swap:
        cores.reverse()
    seconds, running = [], []
    with tempfile.TemporaryFile() as errors:
        for n, command in enumerate(commands):
            pin = (lambda core=cores[n]: os.sched_setaffinity(0, {core})) if together else None
            process = subprocess.Popen(
                command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors, preexec_fn=pin
            )
            running.append(process)
            if not together:
                seconds.append(_reap(process, errors))
        if together:
            seconds = [_reap(process, errors) for process in running]
    return seconds


def _reap(process: subprocess.Popen[bytes], errors: IO[bytes]) -> float:
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        errors.seek(0)
        raise subprocess.CalledProcessError(process.returncode, process.args, stderr=errors.read())
    return usage.ru_utime + usage.ru_stime


def main(rounds: int) -> None:
    theme = load_theme()
    summary = load_summary(SUMMARY).summary
    summaries = [numbered(summary, n) for n in range(rounds + 1)]
    fonts = sorted({str(p.parent) for p in theme.fonts.values()})
    # typst's stubs tie the source and the font paths to one type; bytes and str work together.
    typst_compile_any: Any = typst.compile
    compiler = typst.Compiler(font_paths=fonts, ignore_system_fonts=True)
    template = docxtpl_template(theme.reference_docx)

    def typst_render(n: int) -> object:
        return compiler.compile(typst_source(summaries[n]).encode(), format="pdf")

    def typst_compile(n: int) -> object:
        return typst_compile_any(
            typst_source(summaries[n]).encode(), font_paths=fonts, format="pdf"
        )

    def docxtpl_render(n: int) -> bytes:
        document = DocxTemplate(io.BytesIO(template))
        document.render(summaries[n].model_dump())
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    with tempfile.TemporaryDirectory() as tmp:

        def pandoc_render(n: int) -> bytes:
            target = Path(tmp) / "briefing.docx"
            pypandoc.convert_text(
                markdown(summaries[n]),
                "docx",
                format="markdown",
                outputfile=str(target),
                extra_args=["--reference-doc", str(theme.reference_docx)],
            )
            return target.read_bytes()

        pdf = {
            "Precis (reportlab, fit to one page)": median_ms(
                lambda n: FORMATS["pdf"].render(summaries[n], theme), rounds
            ),
            "Typst (typst.compile per document)": median_ms(typst_compile, rounds),
            "Typst (one Compiler, incremental)": median_ms(typst_render, rounds),
        }
        word = {
            "Precis (python-docx)": median_ms(
                lambda n: FORMATS["docx"].render(summaries[n], theme), rounds
            ),
            "docxtpl": median_ms(docxtpl_render, rounds),
            "pandoc --reference-doc": median_ms(pandoc_render, rounds),
        }
    batch = 10 * rounds
    pairs = whole_process_ms(batch, fonts)
    print(f"Durham summary, median of {rounds} warm renders per tool\n")
    for title, results in (("PDF fact sheet", pdf), ("Word briefing", word)):
        ours = next(iter(results.values()))
        print(f"{title:<40} {'ms/doc':>8} {'docs/s':>8} {'peer/Precis':>12}")
        for tool, ms in results.items():
            print(f"  {tool:<38} {ms:>8.1f} {1000 / ms:>8.0f} {ms / ours:>11.2f}x")
        print()
    print(f"Whole process, a batch of {batch} varied fact sheets, CPU ms per sheet")
    print(f"  {'round':<38} {'Precis':>8} {'Typst':>8} {'ratio':>8}")
    for n, (ours, theirs) in enumerate(pairs, 1):
        print(f"  {n:<38} {ours:>8.1f} {theirs:>8.1f} {ours / theirs:>7.2f}x")
    ratio = statistics.median(ours / theirs for ours, theirs in pairs)
    print(f"  {f'Precis / Typst, median of {len(pairs)} rounds':<56} {ratio:>7.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)

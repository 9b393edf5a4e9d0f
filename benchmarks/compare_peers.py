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
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pypandoc
import typst
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
    """The fact sheet's content as Typst markup, A4, Lato."""
    e = _typst_escape
    lines = [
        '#set page(paper: "a4", margin: 15mm)',
        '#set text(font: "Lato", size: 10pt, lang: "en")',
        f"#text(size: 9pt)[{e(s.review.publisher)} · {e(s.review.type or '')}]",
        f"= {e(s.title)}",
        f"*{e(s.subject)}*",
        "",
        e(s.summary),
    ]
    for heading, items in (("Progress", s.progress), ("Concerns", s.concerns)):
        if items:
            lines += ["", f"== {heading}"]
            lines += [f"- *{e(i.point)}* {e(i.detail or '')}" for i in items]
    if s.next_steps:
        lines += ["", "== Next steps", *(f"- {e(n)}" for n in s.next_steps)]
    for quote in s.quotes:
        lines += ["", f"#quote(attribution: [{e(quote.speaker)}])[{e(quote.text)}]"]
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
    print(f"Durham summary, median of {rounds} warm renders per tool\n")
    for title, results in (("PDF fact sheet", pdf), ("Word briefing", word)):
        ours = next(iter(results.values()))
        print(f"{title:<40} {'ms/doc':>8} {'docs/s':>8} {'peer/Precis':>12}")
        for tool, ms in results.items():
            print(f"  {tool:<38} {ms:>8.1f} {1000 / ms:>8.0f} {ms / ours:>11.2f}x")
        print()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)

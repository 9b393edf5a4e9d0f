"""Regenerate docs/gallery/: every real, bundled and test summary's fact sheet as a PNG.

Run from the project root: `.venv/bin/python docs/make_gallery.py`. Needs poppler's pdftoppm.
A summary that cannot fit is listed with its refusal instead of a picture.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from generators.content.loader import load_summary
from generators.errors import CannotRender
from generators.formats import FORMATS
from generators.theme.loader import load_theme

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
PARTS = [
    (
        "Real reviews",
        "Summaries of published reviews, each from its press release (named in the file).",
        [*sorted((ROOT / "content").glob("*.yaml")), *sorted((GALLERY / "content").glob("*.yaml"))],
    ),
    (
        "Test shapes",
        "The shapes the tests cover, in `tests/summaries/`: fictional test data.",
        sorted((ROOT / "tests/summaries").glob("*.yaml")),
    ),
]


def main() -> None:
    theme = load_theme()
    for old in GALLERY.glob("*.png"):
        old.unlink()
    lines = ["# Fact sheet gallery", "", "Made by `docs/make_gallery.py`.", ""]
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        for title, about, sources in PARTS:
            lines += [f"## {title}", "", about, ""]
            for source in sources:
                summary = load_summary(source).summary
                rel = source.relative_to(ROOT)
                try:
                    pdf = FORMATS["pdf"].render(summary, theme)
                except CannotRender as exc:
                    lines += [f"### {source.stem}", "", f"`{rel}` is refused: {exc.message}", ""]
                    continue
                pdf_path = Path(tmp) / f"{source.stem}.pdf"
                pdf_path.write_bytes(pdf)
                png = GALLERY / source.stem
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf_path), str(png)],
                    check=True,
                )
                lines += [f"### {source.stem}", "", f"From `{rel}`.", ""]
                lines += [f"![{summary.title}]({source.stem}.png)", ""]
                count += 1
    (GALLERY / "README.md").write_text("\n".join(lines))
    print(f"wrote {count} sheets to {GALLERY.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""The hostile-input corpus: files no one should write, each refused with a located message.

The small files live in tests/hostile/ as an editor would save them; the big ones, and the
things git cannot hold (FIFOs, symbolic links), are made here.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from generators.build import build, check
from generators.content.loader import load_summary
from generators.content.reader import MAX_FILE_BYTES
from generators.errors import PrecisError
from generators.formats import FORMATS
from generators.theme.loader import load_theme
from generators.theme.model import Theme

from .conftest import DEFAULT_DOCX, DEFAULT_THEME, MINIMAL, ROOT, style_name, tool

CORPUS = ROOT / "tests" / "hostile"
SYNTAX = "; check the indentation and quoting here and on the line before"
TAG = "is not allowed; a summary holds only text, lists and mappings, so remove the tag"
ALIAS = "aliases (*name) are not allowed in a summary; write the value out in full"
NESTED = "values are nested more than 20 levels deep; a summary needs at most four"
SAVE_UTF8 = "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"
NOT_UTF8 = "is not UTF-8; save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)"

PUBLISHER = "Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services"
PUBLISHER_DOUBLED = "Her Majesty''s Inspectorate of Constabulary and Fire & Rescue Services"
ENCOURAGED = "We are encouraged by the progress Durham Constabulary has already made."
EXPECTED = {
    "apostrophe-in-single-quotes.yaml": (
        "13:31: this apostrophe ends the text quoted with ' before it; double the apostrophe "
        f"(''), as in `publisher_full: '{PUBLISHER_DOUBLED}'`, or use double quotes: "
        f'`publisher_full: "{PUBLISHER}"`'
    ),
    "colon-in-a-finding.yaml": (
        "25:5: `Control room: improvements in the response to incidents involving children` is "
        "read as a key and a value because of the colon in it; put the text in quotes: "
        '`- "Control room: improvements in the response to incidents involving children"`'
    ),
    "colon-in-a-value.yaml": (
        "25:24: a colon and a space inside text start a key in YAML; put the text in quotes: "
        '`- point: "Control room: response"`'
    ),
    "quote-marks-as-yaml-quotes.yaml": (
        '47:12: `""` is empty quoted text, and what follows it is not YAML; leave out the '
        "pasted quotation marks (the documents add their own): "
        f'`text: "{ENCOURAGED}"`'
    ),
    "bell-character.yaml": "1:9: invisible control character U+0007 is not allowed; delete it",
    "bell-after-accents.yaml": "1:10: invisible control character U+0007 is not allowed; delete it",
    "billion-laughs.yaml": f"2:8: {ALIAS}",
    "custom-tag.yaml": f"1:8: tag `!include` {TAG}",
    "deep-block-nesting.yaml": f"2:39: {NESTED}",
    "deep-flow-nesting.yaml": "1:1007: values are nested far more than 20 levels deep; a summary "
    "needs at most four",
    "duplicate-key.yaml": "9:1: duplicate key `title` (first given on line 1); keep only one",
    "duplicate-nested-key.yaml": (
        "6:3: duplicate key `title` (first given on line 4); keep only one"
    ),
    "email-with-headers.yaml": "11:10: `contact.email` contains `%`, `&` and `?`, which an "
    "email link reads as more recipients, a subject or a body; give the address alone, such as "
    "press.office@example.gov.uk",
    "empty.yaml": "1:1: file is empty; run `precis new SLUG` for a skeleton",
    "key-is-a-list.yaml": "1:3: a key must be a plain word, not a list or mapping",
    "key-tag.yaml": f"1:1: tag `!custom` {TAG}",
    "latin-1.yaml": f"2:13: byte 0xe9 {NOT_UTF8}",
    "merge-key.yaml": f"3:7: {ALIAS}",
    "nul-byte.yaml": "1:9: invisible control character U+0000 is not allowed; delete it",
    "only-comments.yaml": "1:1: file is empty; run `precis new SLUG` for a skeleton",
    "png-renamed.yaml": f"1:1: byte 0x89 {NOT_UTF8}",
    "python-tag.yaml": f"1:8: tag `!!python/object/apply:os.system` {TAG}",
    "single-value.yaml": (
        "1:1: the file must be a mapping of keys such as `title:`, but it is a single value"
    ),
    "tab-indent.yaml": (
        "3:1: tab character used for indentation; YAML allows only spaces, so replace it"
    ),
    "top-level-list.yaml": (
        "1:1: the file must be a mapping of keys such as `title:`, but it is a list"
    ),
    "two-documents.yaml": (
        "9:1: `---` starts a second document, but a summary file holds one; "
        "delete it and what follows, or move that into its own file"
    ),
    "unclosed-flow.yaml": (
        "2:1: YAML syntax error: did not find expected ',' or ']' "
        f"(while parsing a flow sequence){SYNTAX}"
    ),
    "unclosed-quote.yaml": '1:8: this quoted text is never closed; add the closing " where it ends',
    "utf-16-bom.yaml": f"1:1: file is UTF-16; {SAVE_UTF8}",
    "utf-16-no-bom.yaml": f"1:1: file is UTF-16; {SAVE_UTF8}",
    "utf-32-bom.yaml": f"1:1: file is UTF-32; {SAVE_UTF8}",
    "windows-line-endings-error.yaml": "9:1: unknown key `colour`; allowed here: title, subject, "
    "review, summary, judgements, progress, concerns, recommendations, key_facts, quotes, "
    "next_steps, contact, marking, labels, language",
}


def messages(path: Path, theme: Theme) -> list[str]:
    """What `precis check` says about `path`, each without the path prefix it must carry."""
    report = check([path], theme)
    assert all(p.path == str(path) for p in report.problems), report.problems
    return [f"{p.line}:{p.col}: {p.message}" for p in report.problems]


def test_the_corpus_is_listed_in_full() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_gets_its_message(name: str, theme: Theme) -> None:
    assert messages(CORPUS / name, theme) == [EXPECTED[name]]


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPUS / "accepted").iterdir()))
def test_what_other_editors_save_is_accepted(name: str, theme: Theme) -> None:
    assert messages(CORPUS / "accepted" / name, theme) == []


def _big(tmp_path: Path) -> dict[str, str]:
    """Write the large hostile files into tmp_path; return name -> expected message."""
    (tmp_path / "over-the-size-limit.yaml").write_text(MINIMAL + "#" * MAX_FILE_BYTES + "\n")
    (tmp_path / "huge-scalar.yaml").write_text(
        MINIMAL.replace("A headline", "word " * 90_000), encoding="utf-8"
    )
    (tmp_path / "many-items.yaml").write_text(MINIMAL + "next_steps:\n" + "  - step\n" * 50_000)
    (tmp_path / "wide-lines.yaml").write_text(MINIMAL + "summary2: " + "x" * 500_000 + "\n")
    return {
        "over-the-size-limit.yaml": "1:1: file is 524,421 bytes, over the 524,288-byte limit for "
        "a summary; a summary is a page of facts, not the whole report",
        "huge-scalar.yaml": "1:8: `title` is 449,999 characters, over the limit of 1,000; "
        "shorten it",
        "many-items.yaml": "10:3: `next_steps` has 50,000 entries, over the limit of 100",
        "wide-lines.yaml": "9:1: unknown key `summary2`; did you mean `summary`? Allowed here: "
        "title, subject, review, summary, judgements, progress, concerns, recommendations, "
        "key_facts, quotes, next_steps, contact, marking, labels, language",
    }


def test_big_files_are_refused(tmp_path: Path, theme: Theme) -> None:
    for name, expected in _big(tmp_path).items():
        assert messages(tmp_path / name, theme) == [expected], name


def test_things_that_are_not_files(tmp_path: Path, theme: Theme) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")  # opening it for reading would block forever
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    report = check([tmp_path], theme)
    assert [str(p) for p in report.problems] == [
        f"{tmp_path}/dangling.yaml:1:1: file not found; check the path",
        f"{tmp_path}/fifo.yaml:1:1: this is not a regular file; give the path of a .yaml file",
        f"{tmp_path}/folder.yaml:1:1: this is a folder; give the path of a .yaml file",
        f"{tmp_path}/loop.yaml:1:1: cannot read file: Too many levels of symbolic links",
    ]


def test_a_folder_never_reaches_outside_itself(tmp_path: Path, theme: Theme) -> None:
    """A link in content/ to /etc/passwd must not be read (its lines would be quoted back)."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "passwd.yaml").symlink_to("/etc/passwd")
    (tmp_path / "elsewhere.yaml").write_text(MINIMAL)
    (content / "sneaky.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (content / "real.yaml").write_text(MINIMAL)
    (content / "alias.yaml").symlink_to(content / "real.yaml")  # inside: fine
    report = check([content], theme)
    assert report.checked == [content / "alias.yaml", content / "real.yaml"]
    assert [str(p) for p in report.problems] == [
        f"{content}/passwd.yaml:1:1: links to /etc/passwd, outside {content}; a folder's "
        "summaries must live in it, so copy the file in or name it on the command line",
        f"{content}/sneaky.yaml:1:1: links to {tmp_path}/elsewhere.yaml, outside {content}; a "
        "folder's summaries must live in it, so copy the file in or name it on the command line",
    ]


def test_the_whole_corpus_in_one_process_is_bounded(tmp_path: Path) -> None:
    """`precis check` over every hostile file at once: one located line for each, no traceback,
    a few hundred megabytes at most, and it ends (the timeout guards against a hang)."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder, symlinks=True)
    expected = {**EXPECTED, **_big(folder)}
    os.mkfifo(folder / "fifo.yaml")
    expected["fifo.yaml"] = "1:1: this is not a regular file; give the path of a .yaml file"
    # A parent that reports its child's peak memory, so that no other test's child counts.
    measure = (
        "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
        "print('peak', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
        "sys.exit(code)"
    )
    run = subprocess.run(
        [sys.executable, "-c", measure, sys.executable, "-m", "generators", "check", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    *lines, peak = run.stderr.splitlines()
    for name, message in expected.items():
        assert f"{folder / name}:{message}" in lines, name
    assert len(lines) == len(expected)
    assert int(peak.split()[1]) < 400 * 1024, peak  # kilobytes


WORD_HINT = "not a Word document with styles; save it from Word as a Word Document (.docx)"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "reference template not found; check the path"),
        (b"plain text", WORD_HINT),
        (b"PK\x03\x04 not really a zip", WORD_HINT),
    ],
)
def test_a_bad_reference_template_is_named_not_an_internal_error(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    """Found while writing these tests: a damaged template failed every briefing as an
    'internal error', and the hint named a command that does not exist."""
    template = tmp_path / "house.docx"
    if content is not None:
        template.write_bytes(content)
    with pytest.raises(PrecisError) as refused:
        load_theme(DEFAULT_THEME, template)
    assert str(refused.value) == f"{template}:1:1: {expected}"


def test_a_theme_font_that_is_not_truetype_is_located(tmp_path: Path) -> None:
    """Found while writing these tests: it failed every fact sheet as an 'internal error'."""
    for name in ("r.ttf", "b.ttf", "i.ttf", "bi.ttf"):
        (tmp_path / name).write_bytes(b"OTTO" if name == "r.ttf" else b"<html>not a font")
    theme = tmp_path / "theme.yaml"
    theme.write_text(
        "font:\n  family: House\n  regular: r.ttf\n  bold: b.ttf\n  italic: i.ttf\n"
        "  bold_italic: bi.ttf\n"
    )
    with pytest.raises(PrecisError) as refused:
        load_theme(theme, DEFAULT_DOCX)
    assert [f"{p.line}:{p.col}" for p in refused.value.problems] == ["3:12", "4:9", "5:11", "6:16"]
    assert refused.value.problems[0].message == (
        "font file `r.ttf` is not a TrueType font; give a .ttf file (OpenType fonts with "
        "PostScript outlines, .otf, cannot be embedded)"
    )


def test_an_svg_logo_with_entity_bombs_and_external_entities_is_harmless(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    """Entities that expand to gigabytes, and one naming /etc/passwd: the SVG parser must
    neither expand nor fetch them, and the sheet must show no trace of either."""
    shutil.copy(CORPUS / "theme" / "entities.svg", tmp_path / "logo.svg")
    shutil.copy(ROOT / "docs" / "gallery" / "minimal.png", tmp_path / "logo.png")
    theme_file = tmp_path / "theme.yaml"
    theme_file.write_text("logo: logo.svg\nlogo_png: logo.png\nlogo_alt: Logo\n")
    theme = load_theme(theme_file, DEFAULT_DOCX)
    summary = load_summary(write("a.yaml", MINIMAL)).summary
    text = PdfReader(io.BytesIO(FORMATS["pdf"].render(summary, theme))).pages[0].extract_text()
    assert "root:" not in text and "aaaa" not in text
    assert "A headline" in text


WARNED = CORPUS / "warned"
NO_DATE = (
    "10:1: warning: `review.published` is missing; add the date the report was published "
    "(YYYY-MM-DD): it is how two reviews of one place are told apart"
)
PASTED = (
    "warning: `quotes[0].text` has quotation marks of its own; they are left out, since both "
    "documents add theirs: delete them here"
)
WARNINGS = {
    "misspelt-grade.yaml": [
        "27:41: warning: grade `Outstandng` is not one the theme colours, so its chip is grey; "
        "did you mean `Outstanding`? (the theme's grades: Outstanding, Good, Adequate, "
        "Requires improvement, Inadequate)"
    ],
    "pasted-curly-quotes.yaml": [NO_DATE, f"48:7: {PASTED}"],
    "pasted-spreadsheet-quotes.yaml": [NO_DATE, f"48:7: {PASTED}"],
    "pasted-straight-quotes.yaml": [NO_DATE, f"48:7: {PASTED}"],
    "pasted-welsh-quotes.yaml": [f"41:7: {PASTED}"],
}
"""Files that build, but not as their writer meant: each warned of at the slip."""


def test_the_warned_corpus_is_listed_in_full() -> None:
    assert sorted(p.name for p in WARNED.glob("*.yaml")) == sorted(WARNINGS)


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_each_slip_is_warned_of_where_it_is(name: str, theme: Theme) -> None:
    """A misspelt grade was shown grey without a word; pasted quote marks, doubled."""
    path = WARNED / name
    report = check([path], theme)
    assert report.problems == []
    assert all(p.path == str(path) for p in report.warnings), report.warnings
    assert [f"{p.line}:{p.col}: {p.message}" for p in report.warnings] == WARNINGS[name]


def _paragraphs(path: Path) -> list[str]:
    """The first quote's paragraphs in the file as written without pasted marks, read by
    PyYAML (not Precis), each with its white space folded."""
    text = yaml.safe_load(path.read_text(encoding="utf-8"))["quotes"][0]["text"]
    return [" ".join(p.split()) for p in text.split("\n\n")]


@pytest.mark.parametrize(
    ("name", "original", "labels"),
    [
        ("pasted-curly-quotes.yaml", ROOT / "content" / "durham-child-protection.yaml", "en"),
        ("pasted-straight-quotes.yaml", ROOT / "content" / "durham-child-protection.yaml", "en"),
        ("pasted-spreadsheet-quotes.yaml", ROOT / "content" / "durham-child-protection.yaml", "en"),
        ("pasted-welsh-quotes.yaml", ROOT / "tests" / "summaries" / "welsh.yaml", "cy"),
    ],
)
def test_pasted_quote_marks_are_not_doubled(
    name: str, original: Path, labels: str, theme: Theme, tmp_path: Path
) -> None:
    """The sheet showed ““…”” (and the briefing a pasted pair inside its own): each document
    must show one pair, the language's own, round the quote's words as written."""
    marks = yaml.safe_load((ROOT / "generators/theme/labels" / f"{labels}.yaml").read_text())
    opening, closing = marks["marks"]["double"]
    paragraphs = _paragraphs(original)
    report = build([WARNED / name], tmp_path, theme)
    assert report.problems == []
    slug = Path(name).stem
    sheet = subprocess.run(
        [tool("pdftotext"), "-raw", "-enc", "UTF-8", str(tmp_path / f"{slug}-fact-sheet.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = "".join(sheet.split())  # pdftotext guesses spaces; compare without them
    assert '"' not in flat
    assert flat.count(opening) == 1 and flat.count(closing) == 1, sheet
    shown = flat[flat.index(opening) + 1 : flat.index(closing)]
    assert shown in ["".join(p.split()) for p in paragraphs]
    briefing = docx.Document(str(tmp_path / f"{slug}-briefing.docx"))
    quoted = [p.text for p in briefing.paragraphs if style_name(p) == "Quote"]
    assert quoted == [opening + paragraphs[0], *paragraphs[1:-1], paragraphs[-1] + closing]

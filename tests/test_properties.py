"""Property-based tests: far more summaries, and far more broken files, than anyone would write.

Every valid summary either builds a one-page PDF and a DOCX that read back, or is refused with
a located message; every broken file is refused with a `path:line:col` message inside the file.
Never an exception. Profiles (tests/conftest.py): `ci` runs in CI, `dev` by default, and
`HYPOTHESIS_PROFILE=long` tries many more.
"""

from __future__ import annotations

import io
import itertools
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from generators.build import render_summary
from generators.content.loader import load_summary
from generators.content.model import MAX_ITEMS
from generators.errors import PrecisError
from generators.formats.factsheet.fonts import register_fonts
from generators.theme.loader import load_theme
from generators.theme.model import Theme

from .conftest import DEFAULT_DOCX, DEFAULT_THEME, MINIMAL
from .fidelity import flat

MARKER = "Marker7"
"""An ASCII word put in every title, to find in both documents read back."""

MARKUP = "<>&\"'*_`#[]{}|\\/~^%$@!;:=+-\u2013\u2014\u2026\u201c\u201d\u2018\u2019\u00ab\u00bb"
INVISIBLE = [
    "\u0301",  # combining acute accent
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\ufeff",  # zero-width no-break space
    "\u00a0",  # no-break space
]
BEYOND_LATO = ["ש", "ع", "中", "😀", "\u2695", "\U0001d11e"]  # Hebrew, Arabic, CJK, emoji...
_THEME = load_theme(DEFAULT_THEME, DEFAULT_DOCX)
PRINTABLE = sorted(
    c
    for c in register_fonts(tuple(sorted(_THEME.fonts.items()))).printable
    if unicodedata.category(c)[0] != "C"
)
"""What the sheet's font (Lato) has glyphs for: Latin, Greek, Cyrillic, punctuation."""

in_lato = st.one_of(
    st.sampled_from(PRINTABLE),
    st.sampled_from(MARKUP),
    st.sampled_from(INVISIBLE),
    st.characters(min_codepoint=32, max_codepoint=126),
)
anything = st.one_of(in_lato, st.sampled_from(BEYOND_LATO), st.characters(codec="utf-8"))
"""Any code point a UTF-8 file can hold, weighted towards what breaks documents."""


def summaries_in(
    characters: st.SearchStrategy[str], letters: st.SearchStrategy[str]
) -> st.SearchStrategy[dict[str, Any]]:
    """Summaries across the whole format, their text drawn from `characters`."""

    def text(max_size: int = 80) -> st.SearchStrategy[str]:
        """Text with at least one letter or digit (only spaces is refused as empty)."""
        around = st.text(characters, max_size=max_size // 2)
        return st.tuples(around, letters, around).map("".join)

    point = st.one_of(
        text(),
        st.fixed_dictionaries({"point": text()}, optional={"detail": text(max_size=200)}),
    )
    return st.fixed_dictionaries(
        {
            "title": text(max_size=120).map(lambda t: f"{MARKER} {t}"),
            "subject": text(),
            "review": st.fixed_dictionaries(
                {"title": text(), "publisher": text(max_size=20)},
                optional={
                    "publisher_full": text(),
                    "type": text(),
                    "published": st.dates().map(str),
                    "previous_inspection": text(max_size=20),
                    "url": st.sampled_from(
                        ["https://example.org/report", "http://a.b/c?d=e&f=<g>"]
                    ),
                },
            ),
            "summary": text(max_size=600),
            "concerns": st.lists(point, min_size=1, max_size=6),
        },
        optional={
            "progress": items(point),
            "recommendations": items(point),
            "judgements": items(
                st.fixed_dictionaries({"area": text(), "grade": text(max_size=20)})
            ),
            "key_facts": items(
                st.fixed_dictionaries({"value": text(max_size=22), "label": text()})
            ),
            "quotes": items(
                st.fixed_dictionaries(
                    {"text": text(max_size=300), "speaker": text()}, optional={"role": text()}
                ),
                max_size=2,
            ),
            "next_steps": items(text()),
            "contact": st.fixed_dictionaries(
                {},
                optional={
                    "name": text(),
                    "phone": text(max_size=20),
                    "email": st.emails(),
                    "url": st.just("https://example.org/contact"),
                },
            ),
            "marking": st.sampled_from(["OFFICIAL", "OFFICIAL-SENSITIVE", "Ünïcödé marking"]),
        },
    )


def items(strategy: st.SearchStrategy[Any], max_size: int = 6) -> st.SearchStrategy[list[Any]]:
    """Mostly short lists, sometimes none, sometimes the longest allowed."""
    return st.one_of(
        st.lists(strategy, max_size=max_size),
        st.lists(strategy, min_size=MAX_ITEMS, max_size=MAX_ITEMS),
    )


summaries = st.one_of(
    summaries_in(in_lato, st.sampled_from([c for c in PRINTABLE if c.isalnum()])).map(
        lambda data: (True, data)
    ),
    summaries_in(anything, st.characters(categories=["L", "N"])).map(lambda data: (False, data)),
)
"""Half in the font's repertoire (they must build, or be too long for one page), half in all
of Unicode; each with whether it is in the repertoire."""

TOO_LONG = "fact sheet is "
UNPRINTABLE = "cannot print: "
EMAIL = "`contact.email` must be an email address"
"""email_validator refuses some addresses hypothesis thinks valid: a fair refusal."""
EMAIL_HEADERS = "which an email link reads as more recipients, a subject or a body"
"""Addresses hypothesis makes with & ? % # , ; are refused: a mailto: link reads them as
headers (header smuggling)."""

_files = itertools.count()


def write(folder: Path, data: str | bytes) -> Path:
    path = folder / f"case-{next(_files)}.yaml"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def assert_located(error: PrecisError, path: Path, text: str) -> None:
    """Every problem names the file, and a line and column inside it."""
    lines = text.splitlines() or [""]
    assert error.problems
    for problem in error.problems:
        assert problem.path == str(path)
        assert 1 <= problem.line <= len(lines) + 1, problem
        assert problem.col >= 1, problem
        assert problem.message and "internal error" not in problem.message, problem


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=summaries)
def test_any_valid_summary_builds_or_is_clearly_refused(
    case: tuple[bool, dict[str, Any]], theme: Theme, tmp_path_factory: Any
) -> None:
    in_font, data = case
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path = write(tmp_path_factory.mktemp("valid", numbered=True), text)
    result = render_summary(path, None, theme, ["pdf", "docx"])
    for problem in result.problems:
        assert_located(PrecisError([problem]), path, text)
    if not result.rendered:  # the summary itself refused: only for an address a link can't be
        assert result.problems
        assert all(EMAIL in p.message or EMAIL_HEADERS in p.message for p in result.problems)
        return
    title = load_summary(path).summary.title  # as the model cleaned it
    if "pdf" in result.rendered:
        reader = PdfReader(io.BytesIO(result.rendered["pdf"]), strict=True)
        assert len(reader.pages) == 1
        # every character, the sheet's typographic quotes and dashes folded back
        assert flat(title) in flat(reader.pages[0].extract_text())
    else:  # refused: too long, or (out of the font's repertoire) unprintable; said at a key
        reasons = [TOO_LONG, EMAIL, EMAIL_HEADERS] + ([] if in_font else [UNPRINTABLE])
        assert result.problems
        for problem in result.problems:
            assert any(reason in problem.message for reason in reasons), problem
    if "docx" in result.rendered:
        package = zipfile.ZipFile(io.BytesIO(result.rendered["docx"]))
        assert package.testzip() is None
        document = docx.Document(io.BytesIO(result.rendered["docx"]))
        assert title in [p.text for p in document.paragraphs]
    else:  # a valid summary always gets its briefing: Word finds a font for any character
        raise AssertionError(f"no briefing: {result.problems}")
    event("built" if len(result.rendered) == 2 else f"refused: {result.problems[0].message[:40]}")


yaml_alphabet = st.sampled_from(list(":-?[]{},&*!|>'\"%@`#\t\n\r  abc012é\\\x00\x07\ufeff"))


@given(text=st.text(yaml_alphabet, max_size=200))
def test_any_text_is_read_or_refused_at_a_place_in_it(text: str, tmp_path_factory: Any) -> None:
    """This alphabet cannot spell `title:`, so no such text is a summary: each is refused."""
    path = write(tmp_path_factory.mktemp("text", numbered=True), text)
    try:
        load_summary(path)
    except PrecisError as error:
        assert_located(error, path, text)
    else:
        raise AssertionError(f"accepted a file with no title: {text!r}")


@given(
    at=st.integers(min_value=0, max_value=len(MINIMAL)),
    cut=st.integers(min_value=0, max_value=8),
    insert=st.text(yaml_alphabet, max_size=4),
)
def test_a_damaged_summary_is_refused_at_a_place_in_it(
    at: int, cut: int, insert: str, tmp_path_factory: Any
) -> None:
    text = MINIMAL[:at] + insert + MINIMAL[at + cut :]
    path = write(tmp_path_factory.mktemp("damaged", numbered=True), text)
    try:
        source = load_summary(path)
    except PrecisError as error:
        assert_located(error, path, text)
    else:  # harmless damage: what was read is what PyYAML reads there too
        reference = yaml.load(text, Loader=yaml.CSafeLoader)  # the parser the reader uses
        assert isinstance(reference, dict)
        for key in ("title", "subject", "summary"):
            assert " ".join(str(reference[key]).split()) == getattr(source.summary, key)
        assert " ".join(str(reference["review"]["title"]).split()) == source.summary.review.title


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(anything, max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(anything, max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(
    key=st.sampled_from([*yaml.safe_load(MINIMAL), "review.title", "concerns.0", "contact"]),
    value=json_like,
)
def test_a_wrong_shape_is_named_at_its_key(key: str, value: Any, tmp_path_factory: Any) -> None:
    data = yaml.safe_load(MINIMAL)
    *parents, last = key.split(".")
    target = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    text = yaml.safe_dump(data, allow_unicode=True)
    path = write(tmp_path_factory.mktemp("shape", numbered=True), text)
    try:
        load_summary(path)
    except PrecisError as error:
        assert_located(error, path, text)
    else:  # accepted only where the value has the shape the key takes
        if key in ("title", "subject", "summary", "review.title", "concerns.0"):
            assert isinstance(value, str | int | float) and str(value).strip(), value
        elif key == "review":
            assert isinstance(value, dict), value
        elif key == "concerns":
            assert isinstance(value, list) and value, value
        else:
            assert value is None or isinstance(value, dict), (key, value)


def test_surrogate_escapes_and_bad_bytes_are_located(tmp_path: Path) -> None:
    """What st.text cannot make: a lone surrogate escape, and bytes that are not UTF-8."""
    for raw in (b'title: "\\ud800"\n', b"title: \xed\xa0\x80\n", b"title: \xc3\n"):
        path = write(tmp_path, raw)
        with pytest.raises(PrecisError) as refused:
            load_summary(path)
        assert_located(refused.value, path, raw.decode("utf-8", "replace"))


_FONTS = register_fonts(tuple(sorted(_THEME.fonts.items())))
words = st.one_of(
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzWM.,'"), min_size=1, max_size=14),
    st.text(st.sampled_from([*PRINTABLE, "\u00a0", "\u00ad"]), min_size=1, max_size=14),
)
"""Mostly plain words, which Paragraph counts itself; some with anything the font prints."""


@settings(max_examples=500)  # cheap: a millisecond each
@given(
    text=st.lists(words, max_size=40).map(" ".join),
    size=st.sampled_from([6.5, 9, 10.5, 21, 30]),
    width=st.floats(min_value=40, max_value=560),
    bold=st.booleans(),
    indents=st.tuples(*[st.sampled_from([0, 4.5, 12])] * 3),
)
def test_counted_lines_are_reportlab_s(
    text: str, size: float, width: float, bold: bool, indents: tuple[float, ...]
) -> None:
    """Paragraph.lines counts plain text's lines itself (fit-to-page asks it at many widths):
    always as many as reportlab's own line breaking makes, or it leaves counting to reportlab
    (a word too long for the line, a soft hyphen)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paragraph import Paragraph as ReportlabParagraph

    from generators.formats.factsheet.flowables import Paragraph

    left, right, first = indents
    style = ParagraphStyle(
        "counted",
        fontName=_FONTS.bold if bold else _FONTS.regular,
        fontSize=size,
        leading=size * 1.2,
        leftIndent=left,
        rightIndent=right,
        firstLineIndent=first,
        splitLongWords=1,
    )
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    ours = Paragraph(escaped, style)
    theirs = ReportlabParagraph(escaped, style)
    theirs.wrap(width, 10_000)
    assert ours.lines(width) == len(theirs.blPara.lines)
    event("counted" if ours._count_lines(width) is not None else "left to reportlab")

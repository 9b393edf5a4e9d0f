"""The briefing, reopened with python-docx: built-in styles, full text, Word features."""
# ruff: noqa: RUF001 -- the Durham content uses real typographic dashes and apostrophes

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from generators.content.loader import load_summary
from generators.content.model import Summary
from generators.formats import FORMATS
from generators.theme.loader import load_theme
from generators.theme.model import Theme

from .conftest import CONTENT, MINIMAL, SUMMARIES, style_name
from .fidelity import labels_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SIDES = ("top", "left", "bottom", "right")


def render(name: str, theme: Theme) -> tuple[Summary, docx.document.Document, bytes]:
    path = CONTENT / name if (CONTENT / name).exists() else SUMMARIES / name
    summary = load_summary(path).summary
    data = FORMATS["docx"].render(summary, theme)
    return summary, docx.Document(io.BytesIO(data)), data


def paragraphs(doc: docx.document.Document) -> list[tuple[str, str]]:
    return [(style_name(p), p.text) for p in doc.paragraphs]


def test_durham_structure_in_builtin_styles(theme: Theme) -> None:
    """In the order a reader wants it, in Word's built-in styles; the subject said once."""
    summary, doc, _ = render("durham-child-protection.yaml", theme)
    pairs = paragraphs(doc)
    assert pairs[0] == ("Title", summary.title)
    assert pairs[1] == ("Subtitle", "Post-inspection review")  # the title names the force
    headings = [text for style, text in pairs if style == "Heading 1"]
    assert headings == [
        "Summary",
        "What has improved",
        "What still needs to improve",
        "What Andy Cooke said",
        "About the review",
        "Contact",
    ]
    assert (
        "List Bullet",
        "Registered sex offenders: Improvements in dealing with registered sex offenders.",
    ) in pairs
    assert (
        "List Number",
        "Accredited investigators: There are still not enough accredited "
        "investigators in specialist safeguarding teams to meet demand.",
    ) in pairs
    quotes = [text for style, text in pairs if style == "Quote"]
    paragraphs_said = summary.quotes[0].paragraphs
    assert quotes == [f"“{paragraphs_said[0]}", paragraphs_said[1], f"{paragraphs_said[2]}”"]
    body = " ".join(text for _, text in pairs) + " ".join(
        c.text for t in doc.tables for c in t._cells
    )
    assert body.count("Durham Constabulary") == body.count(summary.subject)
    assert sum(1 for style, text in pairs if text == summary.subject) == 0


def test_points_are_bold_and_details_are_not(theme: Theme) -> None:
    _, doc, _ = render("durham-child-protection.yaml", theme)
    item = next(p for p in doc.paragraphs if style_name(p) == "List Number")
    assert (
        item.runs[0].bold is True
        and item.runs[0].text == "Children at risk of online sexual exploitation"
    )
    assert not item.runs[1].bold


@pytest.mark.parametrize(
    ("title", "subtitle"),
    [
        ("Durham Constabulary improves", "Post-inspection review"),
        ("Work in durham constabulary improves", "Post-inspection review"),
        ("Child protection improves", "Durham Constabulary · Post-inspection review"),
    ],
)
def test_the_subtitle_names_the_subject_only_when_the_title_does_not(
    theme: Theme, title: str, subtitle: str
) -> None:
    summary = load_summary(CONTENT / "durham-child-protection.yaml").summary
    summary = summary.model_copy(update={"title": title})
    doc = docx.Document(io.BytesIO(FORMATS["docx"].render(summary, theme)))
    assert [p.text for p in doc.paragraphs if style_name(p) == "Subtitle"] == [subtitle]


def test_the_review_s_details_table_has_no_header_row_and_a_narrow_label_column(
    theme: Theme,
) -> None:
    _, doc, _ = render("durham-child-protection.yaml", theme)
    table = doc.tables[-1]
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows}
    assert rows == {
        "Report": "Durham – National child protection inspection post-inspection review",
        "Publisher": "Her Majesty’s Inspectorate of Constabulary and Fire & Rescue Services",
        "Previous inspection": "2019",
    }  # the review's type is in the subtitle, so not here again
    assert [p.text for p in doc.paragraphs if style_name(p) == "Subtitle"] == [
        "Post-inspection review"
    ]
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[0] * 2 < widths[1]
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    assert margins is not None
    space = {side: int(margins.find(qn(f"w:{side}")).get(qn("w:w"))) for side in SIDES}
    # Air above and below as much as each other; at the sides Word's own 0.19 cm (108 twips).
    assert space["top"] == space["bottom"] > 0 and space["left"] == space["right"] == 108
    assert {margins.find(qn(f"w:{side}")).get(qn("w:type")) for side in SIDES} == {"dxa"}
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    assert look is not None and look.get(qn("w:firstRow")) == "0"
    assert table.style is not None and table.style.name == "Table Grid"


def test_rows_never_split_and_tables_stay_with_their_headings(theme: Theme) -> None:
    _, doc, _ = render("judgements.yaml", theme)
    for table in doc.tables:
        rows = table.rows
        for index, row in enumerate(rows):
            assert row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
            kept = [p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs]
            assert all(kept) if index < len(rows) - 1 else not any(kept)
    for paragraph in doc.paragraphs:
        if style_name(paragraph).startswith("Heading"):
            assert paragraph.paragraph_format.keep_with_next is True


def test_key_facts_are_bold_figures(theme: Theme) -> None:
    summary, doc, _ = render("judgements.yaml", theme)
    facts = [p for p in doc.paragraphs if p.runs and p.runs[0].text == summary.key_facts[0].value]
    assert facts and facts[0].runs[0].bold is True
    assert facts[0].text == f"{summary.key_facts[0].value} {summary.key_facts[0].label}"


def test_quotes_by_one_speaker_are_attributed_once(theme: Theme) -> None:
    _, doc, _ = render("quotes.yaml", theme)
    attributions = [
        p.text
        for p in doc.paragraphs
        if p.runs and p.runs[0].bold and p.text.startswith(("Ada", "Ben"))
    ]
    assert attributions == [
        "Ada Inspector, HM Deputy Chief Inspector of Probation",
        "Ben Chair, Chair of the Eastwick management board",
    ]
    quoted = [p.text for p in doc.paragraphs if style_name(p) == "Quote"]
    assert quoted[0].startswith("“") and not quoted[0].endswith("”")
    assert quoted[2].endswith("”") and not quoted[1].startswith("“")


def test_core_properties(theme: Theme) -> None:
    summary, doc, _ = render("twelve-findings.yaml", theme)
    props = doc.core_properties
    assert props.title == summary.title
    assert props.author == "His Majesty’s Inspectorate of Prisons"
    assert props.subject.startswith(summary.review.title)
    assert props.language == "en-GB"
    assert props.created.date().isoformat() == "2024-03-15"
    assert props.revision == 1
    assert "HMP Northborough" in props.keywords


def test_proofing_language_in_style_defaults(theme: Theme) -> None:
    _, doc, _ = render("minimal.yaml", theme)
    lang = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "en-GB"


def test_both_language_settings_are_made_in_a_template_without_one(
    tmp_path: Path, theme: Theme
) -> None:
    """The shipped template says en-GB already, which hid a briefing that set neither."""
    house = docx.Document()
    for lang in house.styles.element.iter(f"{W}lang"):
        lang.getparent().remove(lang)
    house.core_properties.language = ""
    house.save(str(tmp_path / "house.docx"))
    bare = docx.Document(str(tmp_path / "house.docx"))
    assert bare.styles.element.find(f".//{W}lang") is None and not bare.core_properties.language
    lacking = load_theme(theme.path, tmp_path / "house.docx")
    summary = load_summary(SUMMARIES / "minimal.yaml").summary
    doc = docx.Document(io.BytesIO(FORMATS["docx"].render(summary, lacking)))
    lang = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "en-GB"
    assert doc.core_properties.language == "en-GB"


def shown_numbers(doc: docx.document.Document, paragraphs: list[Paragraph]) -> list[str]:
    """The numbers Word shows before numbered paragraphs, worked out as Word does: each
    paragraph's list (its own w:numPr, else its style's) and level, the level's format and
    text, counted per list from the level's start or the list's start override."""
    numbering = doc.part.numbering_part.element
    counters: dict[str, int] = {}
    shown = []
    for paragraph in paragraphs:
        own = paragraph._p.find(f"{W}pPr/{W}numPr")
        style = doc.styles[style_name(paragraph)].element.find(f"{W}pPr/{W}numPr")
        ids = [e.find(f"{W}numId") for e in (own, style) if e is not None]
        num_id = next(e.get(f"{W}val") for e in ids if e is not None)
        level = own.find(f"{W}ilvl") if own is not None else None
        ilvl = level.get(f"{W}val") if level is not None else "0"
        num = next(n for n in numbering.findall(f"{W}num") if n.get(f"{W}numId") == num_id)
        abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
        abstract = next(
            a
            for a in numbering.findall(f"{W}abstractNum")
            if a.get(f"{W}abstractNumId") == abstract_id
        )
        lvl = next(v for v in abstract.findall(f"{W}lvl") if v.get(f"{W}ilvl") == ilvl)
        override = num.find(f"{W}lvlOverride[@{W}ilvl='{ilvl}']/{W}startOverride")
        start = lvl.find(f"{W}start")
        first = int((override if override is not None else start).get(f"{W}val"))
        counters[num_id] = counters.get(num_id, first - 1) + 1
        assert lvl.find(f"{W}numFmt").get(f"{W}val") == "decimal"
        text = lvl.find(f"{W}lvlText").get(f"{W}val")
        shown.append(f"{ilvl}:{text.replace(f'%{int(ilvl) + 1}', str(counters[num_id]))}")
    return shown


def test_numbered_lists_restart(theme: Theme) -> None:
    """Each numbered list (concerns, recommendations) is flat and counts 1., 2., 3. afresh."""
    summary, doc, _ = render("twelve-findings.yaml", theme)
    numbered = [p for p in doc.paragraphs if style_name(p) == "List Number"]
    lists = [len(summary.concerns), len(summary.recommendations)]
    assert len(numbered) == sum(lists)
    expected = [f"0:{n}." for count in lists for n in range(1, count + 1)]
    assert shown_numbers(doc, numbered) == expected


def test_marking_in_header_and_footer_with_page_fields(theme: Theme) -> None:
    """Black bold capitals at the top and bottom of every page, and on each page what the
    document is, with page X of Y."""
    _, doc, _ = render("twelve-findings.yaml", theme)
    section = doc.sections[0]
    top = section.header.paragraphs[0]
    assert top.text == "OFFICIAL" and top.runs[0].bold and top.runs[0].font.color.rgb == (0, 0, 0)
    footer = [p.text for p in section.footer.paragraphs]
    assert footer[-1] == "OFFICIAL"
    assert footer[-2] == "HMP Northborough · HMI Prisons · 15 March 2024 · Page 1 of 1"
    assert field_tokens(section.footer.paragraphs[-2]._p)[-11:] == [
        *("begin", "instrText: PAGE ", "separate", "t:1", "end"),
        "t: of ",
        *("begin", "instrText: NUMPAGES ", "separate", "t:1", "end"),
    ]


def field_tokens(paragraph: object) -> list[str]:
    """A paragraph's field characters, field codes and text, in order: what Word reads a
    field from (begin, code, separate, the shown result, end)."""
    tokens = []
    for element in paragraph.iter(f"{W}fldChar", f"{W}instrText", f"{W}t"):  # type: ignore[attr-defined]
        if element.tag == f"{W}fldChar":
            tokens.append(element.get(f"{W}fldCharType"))
        else:
            tokens.append(f"{element.tag.removeprefix(W)}:{element.text}")
    return tokens


def test_no_marking_means_empty_header(theme: Theme) -> None:
    _, doc, _ = render("durham-child-protection.yaml", theme)
    assert doc.sections[0].header.paragraphs[0].text == ""


def test_hyperlinks_are_relationships(theme: Theme) -> None:
    summary, doc, _ = render("twelve-findings.yaml", theme)
    targets = {rel.target_ref for rel in doc.part.rels.values() if rel.is_external}
    assert summary.review.url in targets
    assert "mailto:press@example.org" in targets
    assert "https://www.example.org/press" in targets
    links = doc.element.body.findall(f".//{W}hyperlink")
    texts = ["".join(t.text for t in link.iter(f"{W}t")) for link in links]
    assert summary.review.title in texts  # link text that makes sense out of context


def test_no_empty_paragraphs(theme: Theme) -> None:
    for name in ("durham-child-protection.yaml", "twelve-findings.yaml"):
        _, doc, _ = render(name, theme)
        assert all(p.text.strip() for p in doc.paragraphs), name


def test_zip_entries_have_fixed_dates(theme: Theme) -> None:
    _, _, data = render("minimal.yaml", theme)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {i.date_time for i in package.infolist()} == {(2000, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("published", ["1975-06-30", "2108-01-01", "9999-12-31"])
def test_any_review_date_is_kept_in_the_document(theme: Theme, published: str) -> None:
    """Zip entries carry the fixed date, which a zip can hold; the review's date, which it
    may not (it crashed past 2107, found by the property tests), is the document's."""
    summary = load_summary(SUMMARIES / "minimal.yaml").summary
    review = summary.review.model_copy(update={"published": date.fromisoformat(published)})
    data = FORMATS["docx"].render(summary.model_copy(update={"review": review}), theme)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {i.date_time for i in package.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    assert docx.Document(io.BytesIO(data)).core_properties.created.date().isoformat() == published


@pytest.mark.parametrize(
    ("epoch", "entry_date"),
    [
        ("1700000000", (2023, 11, 14, 22, 13, 20)),
        ("0", (1980, 1, 1, 0, 0, 0)),
        ("4354819200", (2107, 12, 31, 23, 59, 58)),  # 2108-01-01
    ],
)
def test_source_date_epoch_dates_the_entries_within_what_a_zip_holds(
    theme: Theme, monkeypatch: pytest.MonkeyPatch, epoch: str, entry_date: tuple[int, ...]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    summary = load_summary(SUMMARIES / "twelve-findings.yaml").summary
    data = FORMATS["docx"].render(summary, theme)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {i.date_time for i in package.infolist()} == {entry_date}
        assert package.testzip() is None


def test_template_parts_come_first_and_are_shared(theme: Theme) -> None:
    """The package relationships lead (file-type sniffers read the first entries), then the
    template's unchanged parts, byte for byte the same in every briefing."""
    first, second = (
        FORMATS["docx"].render(load_summary(SUMMARIES / name).summary, theme)
        for name in ("minimal.yaml", "twelve-findings.yaml")
    )
    with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(io.BytesIO(second)) as b:
        names = a.namelist()
        assert names[:2] == ["_rels/.rels", "word/styles.xml"]
        assert "[Content_Types].xml" in names and "word/document.xml" in names
        for name in ("word/styles.xml", "word/theme/theme1.xml", "word/fontTable.xml"):
            assert a.getinfo(name).compress_size == b.getinfo(name).compress_size
            assert a.read(name) == b.read(name)
        assert a.read("word/document.xml") != b.read("word/document.xml")


def test_identical_bytes_for_identical_input(theme: Theme) -> None:
    summary = load_summary(SUMMARIES / "twelve-findings.yaml").summary
    assert FORMATS["docx"].render(summary, theme) == FORMATS["docx"].render(summary, theme)


def test_source_date_epoch_is_read_as_utc_in_any_time_zone(
    theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SOURCE_DATE_EPOCH counts seconds from 1970 in UTC (reproducible-builds.org), so the
    briefing's date is the same on a machine in any zone."""
    import time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(365 * 86400))
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        _, doc, _ = render("minimal.yaml", theme)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert doc.core_properties.created == datetime(1971, 1, 1, tzinfo=UTC)


def test_the_contact_section_gives_who_then_email_then_website(theme: Theme) -> None:
    summary, doc, _ = render("twelve-findings.yaml", theme)
    contact, words = summary.contact, labels_of(summary.language)["words"]
    assert contact and contact.name and contact.phone and contact.email
    texts = [p.text for p in doc.paragraphs]
    start = texts.index(words["contact"]) + 1
    assert texts[start : start + 3] == [
        f"{contact.name}, {contact.phone}",
        f"{words['email']}: {contact.email}",
        words["website"].format(name=contact.name),
    ]


def test_each_paragraph_of_the_summary_is_a_paragraph(
    theme: Theme, write: Callable[..., Path]
) -> None:
    text = MINIMAL.replace("summary: A lede.", "summary: |\n  First paragraph.\n\n  Second one.")
    summary = load_summary(write("two.yaml", text)).summary
    doc = docx.Document(io.BytesIO(FORMATS["docx"].render(summary, theme)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[texts.index("First paragraph.") + 1] == "Second one."


def test_the_details_table_spans_the_text_width(theme: Theme) -> None:
    _, doc, _ = render("durham-child-protection.yaml", theme)
    section, table = doc.sections[0], doc.tables[-1]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    assert page is not None and left is not None and right is not None  # the template sets them
    text_width = (page - left - right) // 635
    columns = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(columns) - text_width) <= 1  # twips, rounded down
    for row in table.rows:
        assert [int(tc.tcPr.tcW.get(qn("w:w"))) for tc in row._tr.tc_lst] == columns


def test_a_template_without_style_defaults_gets_the_language_in_new_ones(
    tmp_path: Path, theme: Theme
) -> None:
    """No w:docDefaults at all: they are made, first in the styles as the schema orders them,
    with the summary's language for Word's spelling checker."""
    template = docx.Document(str(theme.reference_docx))
    defaults = template.styles.element.find(qn("w:docDefaults"))
    template.styles.element.remove(defaults)
    template.save(str(tmp_path / "house.docx"))
    house = load_theme(theme.path, tmp_path / "house.docx")
    summary = load_summary(SUMMARIES / "welsh.yaml").summary
    doc = docx.Document(io.BytesIO(FORMATS["docx"].render(summary, house)))
    first = doc.styles.element[0]
    assert first.tag == qn("w:docDefaults")
    lang = first.find(f"{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == summary.language


@pytest.mark.parametrize("name", ["twelve-findings.yaml", "minimal.yaml"])
def test_the_category_is_the_kind_of_review_or_briefing(name: str, theme: Theme) -> None:
    summary, doc, _ = render(name, theme)
    words = labels_of(summary.language)["words"]
    assert doc.core_properties.category == (summary.review.type or words["briefing"])


def test_header_and_footer_hold_no_empty_paragraph_beside_what_precis_adds(theme: Theme) -> None:
    """Precis's own template's header and footer each have one empty paragraph: the marking
    and the footer line take it, rather than sitting beside it."""
    summary, doc, _ = render("twelve-findings.yaml", theme)
    section = doc.sections[0]
    assert [p.text for p in section.header.paragraphs] == [summary.marking]
    assert all(p.text for p in section.footer.paragraphs)


def test_run_defaults_are_made_before_paragraph_defaults(tmp_path: Path, theme: Theme) -> None:
    """Style defaults with paragraph defaults only: the run defaults, with the language, are
    put before them, as the schema orders them (ECMA-376 17.7.5.1 docDefaults)."""
    template = docx.Document(str(theme.reference_docx))
    defaults = template.styles.element.find(qn("w:docDefaults"))
    defaults.remove(defaults.find(qn("w:rPrDefault")))
    assert defaults.find(qn("w:pPrDefault")) is not None
    template.save(str(tmp_path / "house.docx"))
    house = load_theme(theme.path, tmp_path / "house.docx")
    summary = load_summary(SUMMARIES / "minimal.yaml").summary
    doc = docx.Document(io.BytesIO(FORMATS["docx"].render(summary, house)))
    made = doc.styles.element.find(qn("w:docDefaults"))
    assert [child.tag for child in made] == [qn("w:rPrDefault"), qn("w:pPrDefault")]

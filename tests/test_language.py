"""Documents in the summary's language: a Welsh summary's fact sheet and briefing print no
English label, give the date in Welsh and declare `cy`, read back with pdftotext, pypdf,
pikepdf and python-docx; label sets added or replaced by files are used; a language with no
set is refused with a place and a way to add one."""

# ruff: noqa: RUF001 -- Welsh is written with typographic apostrophes

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from generators.build import check, render_summary
from generators.cli import app
from generators.content.loader import load_summary
from generators.content.model import Summary, texts
from generators.errors import PrecisError
from generators.formats import FORMATS
from generators.theme.loader import load_theme
from generators.theme.model import Theme

from .conftest import DEFAULT_DOCX, DEFAULT_THEME, MINIMAL, ROOT, SUMMARIES, rendered_once
from .fidelity import LABEL_SETS, docx_header_footer, docx_text, pdf_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WELSH = SUMMARIES / "welsh.yaml"
ENGLISH_SET = LABEL_SETS["en-GB"]
WELSH_SET = LABEL_SETS["cy"]


def phrases(labels: dict[str, Any]) -> set[str]:
    """Every printed phrase of a label set: each value, cut at its placeholders (`Page {page}
    of {pages}` is "Page" and "of"), and not the words that say which kind a review is (they
    are matched in the summary, never printed), nor the tag or the quotation marks."""
    printed = {key: value for key, value in labels.items() if key not in ("kinds", "language")}
    printed.pop("marks", None)
    parts = (part.strip(" .:") for text in texts(printed) for part in re.split(r"\{\w+\}", text))
    return {part for part in parts if part}


ENGLISH = phrases(ENGLISH_SET)


def found(phrases: set[str], text: str) -> set[str]:
    """The phrases in `text`, each as whole words, in any case."""
    folded = " ".join(text.replace("\u00a0", " ").split())
    return {p for p in phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", folded, re.I)}


def test_no_phrase_is_english_and_welsh_alike() -> None:
    """Were an English label also a Welsh one, a Welsh document could print it rightly: the
    check below would then have to allow it. None is, so it allows nothing."""
    assert found(ENGLISH, " | ".join(phrases(WELSH_SET))) == set()


def pdf_everything(data: bytes) -> str:
    """All the words a sheet holds: the page, the document information and XMP, the
    structure tree's alternative texts and what its links say to a screen reader."""
    reader = PdfReader(io.BytesIO(data))
    info = " | ".join(str(value) for value in (reader.metadata or {}).values())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        xmp = bytes(pdf.Root.Metadata.read_bytes()).decode("utf-8")
        # PDF/A-2 needs the pdfuaid schema described in XMP, in English, as the standard
        # words it: a definition for validators, not the document's text.
        xmp = re.sub("<pdfaExtension:schemas>.*</pdfaExtension:schemas>", "", xmp, flags=re.S)
        contents = [str(a.Contents) for a in pdf.pages[0].get("/Annots", []) if "/Contents" in a]
        alts = [
            str(obj.Alt)
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj
        ]
    return " | ".join([pdf_text(data), info, re.sub(r"<[^>]+>", " ", xmp), *alts, *contents])


def docx_everything(data: bytes) -> str:
    """All the words a briefing holds: body, header and footer, table captions and the core
    properties."""
    document = docx.Document(io.BytesIO(data))
    props = document.core_properties
    captions = [
        element.get(f"{W}val", "")
        for element in document.element.body.iter(f"{W}tblCaption", f"{W}tblDescription")
    ]
    core = [props.title, props.subject, props.keywords, props.comments, props.category]
    return " | ".join([docx_text(data), *docx_header_footer(data), *captions, *core])


@pytest.fixture(scope=rendered_once)
def welsh(theme: Theme) -> tuple[Summary, bytes, bytes]:
    summary = load_summary(WELSH).summary
    return summary, FORMATS["pdf"].render(summary, theme), FORMATS["docx"].render(summary, theme)


def as_english(summary: Summary) -> Summary:
    return summary.model_copy(update={"language": "en-GB"})


def test_the_check_finds_english_labels_where_they_are(theme: Theme) -> None:
    """The same summary in English prints its labels: the check is not blind to them."""
    summary = as_english(load_summary(WELSH).summary)
    sheet = found(ENGLISH, pdf_everything(FORMATS["pdf"].render(summary, theme)))
    briefing = found(ENGLISH, docx_everything(FORMATS["docx"].render(summary, theme)))
    assert {"Strengths", "Areas for improvement", "Source", "Published", "Contact"} <= sheet
    assert "Link to" in sheet  # what a screen reader says of each link
    assert {"Summary", "Area", "Grade", "About the review", "Page", "Email"} <= briefing
    assert {"What", "said", "website", "Made with Precis from a structured summary"} <= briefing


def test_the_welsh_sheet_prints_no_english_label(welsh: tuple[Summary, bytes, bytes]) -> None:
    assert found(ENGLISH, pdf_everything(welsh[1])) == set()


def test_the_welsh_briefing_prints_no_english_label(welsh: tuple[Summary, bytes, bytes]) -> None:
    assert found(ENGLISH, docx_everything(welsh[2])) == set()


def test_the_welsh_documents_use_the_welsh_words(welsh: tuple[Summary, bytes, bytes]) -> None:
    sheet, briefing = " ".join(pdf_text(welsh[1]).split()), docx_everything(welsh[2])
    for heading in ("Cryfderau", "Meysydd i’w gwella", "Argymhellion", "Camau nesaf"):
        assert heading in sheet and heading in briefing
    assert "Ffynhonnell:" in sheet and "Cyswllt:" in sheet and "Adroddiad llawn:" in sheet
    assert "Dywedodd Dafydd ap Gruffydd" in briefing and "E-bost: " in briefing
    assert "Tudalen 1 o 1" in docx_header_footer(welsh[2])[1]


def test_the_date_is_in_welsh(welsh: tuple[Summary, bytes, bytes]) -> None:
    """12 March 2024, in Welsh order and words, in the band and the footer, and in the
    briefing's subtitle and on every page's identity line."""
    sheet = " ".join(pdf_text(welsh[1]).split())
    assert sheet.count("Cyhoeddwyd 12 Mawrth 2024") == 2
    briefing = docx.Document(io.BytesIO(welsh[2]))
    subtitle = next(
        p for p in briefing.paragraphs if p.style is not None and p.style.name == "Subtitle"
    )
    assert subtitle.text == "Arolygiad · 12 Mawrth 2024"
    assert "· 12 Mawrth 2024 ·" in docx_header_footer(welsh[2])[1]


@pytest.mark.parametrize(("month", "welsh"), list(enumerate(WELSH_SET["months"], 1)))
def test_every_month_is_welsh(month: int, welsh: str, theme: Theme, tmp_path: Path) -> None:
    path = tmp_path / "mis.yaml"
    text = WELSH.read_text(encoding="utf-8").replace("2024-03-12", f"2024-{month:02}-05")
    path.write_text(text, encoding="utf-8")
    summary = load_summary(path).summary
    assert f"Cyhoeddwyd 5 {welsh} 2024" in " ".join(
        pdf_text(FORMATS["pdf"].render(summary, theme)).split()
    )


def declared(pdf: bytes, briefing: bytes) -> dict[str, Any]:
    """Every place the documents say their language."""
    with pikepdf.open(io.BytesIO(pdf)) as sheet:
        lang = str(sheet.Root.Lang)
        xmp = bytes(sheet.Root.Metadata.read_bytes()).decode("utf-8")
    xmp_language = re.findall(r"<dc:language><rdf:Bag><rdf:li>([^<]*)</rdf:li>", xmp)
    document = docx.Document(io.BytesIO(briefing))
    styles = document.styles.element
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default is not None
    parts = [styles, document.element, *(s.header._element for s in document.sections)]
    parts += [s.footer._element for s in document.sections]
    named = {lang.get(f"{W}val") for part in parts for lang in part.iter(f"{W}lang")} - {None}
    return {
        "pdf": lang,
        "xmp": xmp_language,
        "proofing": default.get(f"{W}val"),
        "every w:lang": named,
        "core": document.core_properties.language,
    }


def test_both_documents_declare_welsh(welsh: tuple[Summary, bytes, bytes]) -> None:
    assert declared(welsh[1], welsh[2]) == {
        "pdf": "cy",
        "xmp": ["cy"],
        "proofing": "cy",
        "every w:lang": {"cy"},
        "core": "cy",
    }


@pytest.mark.parametrize(
    ("tag", "declared_as", "heading"),
    [
        ("cy-GB", "cy-GB", "Cryfderau"),
        ("CY", "cy", "Cryfderau"),
        ("en", "en", "Strengths"),
        ("en-GB", "en-GB", "Strengths"),
        ("en_US", "en-US", "Strengths"),
    ],
)
def test_a_tag_finds_the_set_of_its_language(
    tag: str, declared_as: str, heading: str, theme: Theme, write: Callable[..., Path]
) -> None:
    """`cy` and `cy-GB` both pick the Welsh set, any English tag the English one; each
    document declares the tag as written, in its standard form."""
    summary = load_summary(write("t.yaml", MINIMAL + f"language: {tag}\nprogress: [Un]\n")).summary
    pdf, briefing = FORMATS["pdf"].render(summary, theme), FORMATS["docx"].render(summary, theme)
    said = declared(pdf, briefing)
    assert said["pdf"] == said["proofing"] == said["core"] == declared_as
    assert said["xmp"] == [declared_as] and said["every w:lang"] == {declared_as}
    assert heading in pdf_text(pdf) and heading in docx_text(briefing)


def test_a_summary_without_a_language_is_british_english(theme: Theme) -> None:
    summary = load_summary(SUMMARIES / "minimal.yaml").summary
    said = declared(FORMATS["pdf"].render(summary, theme), FORMATS["docx"].render(summary, theme))
    assert said == {
        "pdf": "en-GB",
        "xmp": ["en-GB"],
        "proofing": "en-GB",
        "every w:lang": {"en-GB"},
        "core": "en-GB",
    }


def test_english_and_welsh_briefings_from_one_template_keep_their_own_languages(
    theme: Theme,
) -> None:
    """The template is parsed once per language: its shared styles part never carries one
    summary's language into another's briefing."""
    welsh = load_summary(WELSH).summary
    first = FORMATS["docx"].render(as_english(welsh), theme)
    second = FORMATS["docx"].render(welsh, theme)
    third = FORMATS["docx"].render(as_english(welsh), theme)
    assert declared(FORMATS["pdf"].render(welsh, theme), second)["proofing"] == "cy"
    assert first == third


def test_a_house_template_s_own_style_languages_become_welsh(theme: Theme, tmp_path: Path) -> None:
    """A style that names its own language (Normal in en-US, say) would outrank the default:
    it proofs in the summary's language too; East Asian and complex-script ones stay."""
    house = docx.Document(str(DEFAULT_DOCX))
    normal = house.styles["Normal"].element.get_or_add_rPr()
    lang = normal.makeelement(f"{W}lang", {f"{W}val": "en-US", f"{W}eastAsia": "zh-CN"})
    normal.append(lang)
    path = tmp_path / "house.docx"
    house.save(str(path))
    themed = load_theme(DEFAULT_THEME, path)
    document = docx.Document(
        io.BytesIO(FORMATS["docx"].render(load_summary(WELSH).summary, themed))
    )
    langs = list(document.styles.element.iter(f"{W}lang"))
    assert {lang.get(f"{W}val") for lang in langs} == {"cy"}
    assert "zh-CN" in {lang.get(f"{W}eastAsia") for lang in langs}


# -- adding and replacing label sets -------------------------------------------------------------


def language_file(folder: Path, name: str, **words: str) -> Path:
    """The English set, copied as a new file with some words changed: a language or an
    override made the way a user makes one, without code."""
    data = yaml.safe_load((ROOT / "generators/theme/labels/en.yaml").read_text(encoding="utf-8"))
    language = words.pop("language", data["language"])
    data["language"] = language
    data["words"].update(words)
    path = folder / "labels" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_language_added_in_templates_is_used(tmp_path: Path, write: Callable[..., Path]) -> None:
    """`ga` and `gd` need no code: a file in templates/labels/ (test words, not Irish)."""
    templates = tmp_path / "templates"
    page = "GA {page}/{pages} tud."  # words after the count too
    language_file(templates, "ga.yaml", language="ga", source="GA-SOURCE", page=page)
    themed = load_theme(DEFAULT_THEME, DEFAULT_DOCX, templates=templates)
    summary = load_summary(write("ga.yaml", MINIMAL + "language: ga\n")).summary
    pdf, briefing = FORMATS["pdf"].render(summary, themed), FORMATS["docx"].render(summary, themed)
    assert "GA-SOURCE:" in pdf_text(pdf) and "GA 1/1 tud." in docx_header_footer(briefing)[1]
    assert declared(pdf, briefing)["core"] == "ga"


def test_a_theme_s_label_override_is_used(tmp_path: Path, write: Callable[..., Path]) -> None:
    """A theme elsewhere (`--theme`) brings its labels/ folder: its English set replaces the
    packaged one; templates/labels/ would outrank it."""
    house = tmp_path / "house"
    house.mkdir()
    shutil.copy(DEFAULT_THEME, house / "theme.yaml")
    language_file(house, "en.yaml", source="Where this comes from", contact="Ask")
    themed = load_theme(house / "theme.yaml", DEFAULT_DOCX, templates=tmp_path / "none")
    summary = load_summary(SUMMARIES / "judgements.yaml").summary
    text = " ".join(pdf_text(FORMATS["pdf"].render(summary, themed)).split())
    assert "Where this comes from:" in text and "Source:" not in text
    templates = tmp_path / "templates"
    language_file(templates, "en.yaml", source="Said by")
    both = load_theme(house / "theme.yaml", DEFAULT_DOCX, templates=templates)
    assert "Said by:" in pdf_text(FORMATS["pdf"].render(summary, both))


def test_a_changed_label_file_rebuilds_both_documents(tmp_path: Path) -> None:
    """The label sets are among the files each format reads: a saved label file is a new
    theme digest, so the build remakes the documents it shapes."""
    from generators.build.plan import theme_digests

    templates = tmp_path / "templates"
    path = language_file(templates, "cy.yaml", language="cy")
    before = theme_digests(load_theme(DEFAULT_THEME, DEFAULT_DOCX, templates=templates), FORMATS)
    path.write_text(path.read_text(encoding="utf-8").replace("Source", "Ffynhonnell"))
    after = theme_digests(load_theme(DEFAULT_THEME, DEFAULT_DOCX, templates=templates), FORMATS)
    assert all(before[name] != after[name] for name in FORMATS)


def test_two_sets_of_one_language_in_one_folder_are_refused(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    language_file(templates, "cy.yaml", language="cy")
    second = language_file(templates, "welsh.yaml", language="cy-GB")
    second.write_text(second.read_text(encoding="utf-8").replace("cy-GB", "cy"))
    with pytest.raises(PrecisError) as error:
        load_theme(DEFAULT_THEME, DEFAULT_DOCX, templates=templates)
    (problem,) = error.value.problems
    line = next(
        n
        for n, text in enumerate(second.read_text().splitlines(), 1)
        if text.startswith("language:")
    )
    assert (problem.path, problem.line) == (str(second), line)
    assert "cy.yaml in this folder is in `cy` too" in problem.message


def test_a_label_file_missing_a_label_is_refused_at_its_place(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    path = language_file(templates, "gd.yaml", language="gd")
    path.write_text(re.sub(r"\n  source: .*", "", path.read_text(encoding="utf-8")))
    with pytest.raises(PrecisError) as error:
        load_theme(DEFAULT_THEME, DEFAULT_DOCX, templates=templates)
    (problem,) = error.value.problems
    assert problem.path == str(path) and problem.line > 1
    assert problem.message == "`words.source` is required; add `source:` under `words`"


# -- refusals -------------------------------------------------------------------------------------


def test_a_language_without_a_set_is_refused_with_how_to_add_one(
    theme: Theme, write: Callable[..., Path]
) -> None:
    path = write("ga.yaml", MINIMAL + "language: ga\n")
    report = check([path], theme)
    (problem,) = report.problems  # once, not once per format
    assert (problem.path, problem.line, problem.col) == (str(path), 9, 1)
    assert "there is no label set in `ga`" in problem.message
    assert "templates/labels/ga.yaml with `language: ga`" in problem.message
    assert (
        "`precis schema --labels`" in problem.message and "sets here: cy, en-GB" in problem.message
    )
    assert render_summary(path, None, theme, FORMATS).rendered == {}


@pytest.mark.parametrize("value", ["welsh", "xx", "cy_GB_Wales", "und", "1"])
def test_a_value_that_is_no_language_tag_is_refused(value: str, write: Callable[..., Path]) -> None:
    path = write("x.yaml", MINIMAL + f"language: {value}\n")
    with pytest.raises(PrecisError) as error:
        load_summary(path)
    (problem,) = error.value.problems
    assert (problem.line, problem.col) == (9, 11)
    assert problem.message == (
        "`language` must be a BCP 47 language tag such as en-GB (British English) or cy "
        f"(Welsh), but it is `{value}`"
    )


def test_precis_labels_lists_prints_and_refuses() -> None:
    runner = CliRunner()
    listing = runner.invoke(app, ["labels"])
    assert listing.exit_code == 0
    assert [line.split("\t")[0] for line in listing.stdout.splitlines()] == ["cy", "en-GB"]
    welsh = runner.invoke(app, ["labels", "cy-GB"])
    assert welsh.stdout == (ROOT / "generators/theme/labels/cy.yaml").read_text(encoding="utf-8")
    missing = runner.invoke(app, ["labels", "gd"])
    assert missing.exit_code == 1 and "there is no label set in `gd`" in missing.stderr


def test_the_shipped_label_schema_is_current() -> None:
    """Editors check a label file against labels.schema.json beside it: `precis schema
    --labels --out` regenerates it."""
    from generators.project import schema_text
    from generators.theme.labels import LabelSet

    shipped = ROOT / "generators/theme/labels/labels.schema.json"
    assert shipped.read_text(encoding="utf-8") == schema_text(LabelSet)


# -- line breaking ---------------------------------------------------------------------------------

DIGRAPHS = ("ch", "dd", "ff", "ng", "ll", "ph", "rh", "th")


def test_welsh_words_are_never_broken_across_lines(theme: Theme, tmp_path: Path) -> None:
    """The sheet does not hyphenate: a line ends only at a space, so no digraph (ll, ch, dd,
    ff, ng, ph, rh, th) is split. Long Welsh words, in the half-page columns two long lists
    are set in side by side, come back whole. (Only a word longer than a whole line is cut,
    where the line ends: the checker finds such a cut, inside "ll", when the full 58-letter
    name of Llanfair PG is doubled.)"""
    words = [
        "Llanfairpwllgwyngyll",
        "rhanddeiliaid",
        "effeithlonrwydd",
        "cynghorwyr",
        "chwaraeon",
        "ymddiriedolaeth",
        "gweithgarwch",
        "cyffredinol",
        "anghenion",
        "Penrhyndeudraeth",
    ]
    lines = "\n".join(
        f"  - point: {' '.join(words[n:] + words[:n])}\n    detail: {' '.join(words)}"
        for n in range(0, len(words), 3)
    )
    text = WELSH.read_text(encoding="utf-8").split("progress:")[0] + "progress:\n" + lines + "\n"
    text += "concerns:\n" + lines + "\n"
    path = tmp_path / "hir.yaml"
    path.write_text(text, encoding="utf-8")
    summary = load_summary(path).summary
    printed = pdf_text(FORMATS["pdf"].render(summary, theme))
    tokens = [token.strip("•.,:;“”()") for token in printed.split()]
    written = [*texts(summary.model_dump(mode="json")), *texts(WELSH_SET)]
    vocabulary = {word.strip('•.,:;“”()"') for text in written for word in text.split()}
    broken = [t for t in tokens if any(d in t.lower() for d in DIGRAPHS) and t not in vocabulary]
    assert broken == []
    assert sum(printed.count(word) for word in words) >= 2 * 4 * 2 * len(words)
    assert not re.search(r"\w-\n", printed)  # no hyphen added at a line's end

"""Contracts with library internals: what Precis relies on beyond each library's public API.

pyproject.toml pins the major versions; these tests fail loudly, naming the private attribute,
if an upgrade within them changes one. Each reliance is named once, with where it is used.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import CONTENT, ROOT, SUMMARIES


def has(owner: Any, attribute: str, where: str) -> None:
    kind = owner if isinstance(owner, type) else type(owner)
    assert hasattr(owner, attribute), (
        f"{kind.__module__}.{kind.__qualname__}.{attribute} is gone; {where} relies on it"
    )


def accepts(function: Callable[..., Any], parameter: str, where: str) -> None:
    assert parameter in inspect.signature(function).parameters, (
        f"{function.__qualname__}() no longer takes `{parameter}`; {where} relies on it"
    )


# -- reportlab ---------------------------------------------------------------------------------


def test_reportlab_font_internals() -> None:
    """SubsetsMadeOnce (formats/factsheet/fonts.py) wraps the face's subsetter and reads what
    addObjects adds to the document."""
    import fontpkg
    from reportlab.pdfbase.pdfdoc import (
        PDFArray,
        PDFDocument,
        PDFStream,
        PDFTrueTypeFont,
        PDFZCompress,
    )
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont("ContractLato", fontpkg.path("Lato", 400, "normal"))
    where = "SubsetsMadeOnce"
    has(font, "face", where)
    has(font.face, "makeSubset", where)
    has(font.face, "charToGlyph", where)
    assert isinstance(font.face.charToGlyph, dict), "TTFont.face.charToGlyph is not a dict"
    document = PDFDocument()
    has(document, "idToObject", where)
    assert isinstance(document.idToObject, dict), "PDFDocument.idToObject is not a dict"
    has(font, "_asciiReadable", where)
    has(font, "state", where)
    # ASCII is its own codes in the first subset: SubsetsMadeOnce.splitString skips the lookup
    assert font.splitString("Precis ~!", document) == [(0, b"Precis ~!")]
    assert document in font.state, "TTFont.state is not kept per document"
    font.addObjects(document)
    added = list(document.idToObject.values())
    fonts = [value for value in added if isinstance(value, PDFTrueTypeFont)]
    assert fonts, "TTFont.addObjects added no PDFTrueTypeFont to PDFDocument.idToObject"
    assert isinstance(fonts[0].Widths, PDFArray), "PDFTrueTypeFont.Widths is not a PDFArray"
    streams = [value for value in added if isinstance(value, PDFStream)]
    assert streams, "TTFont.addObjects added no PDFStream (the font file, its ToUnicode map)"
    stream = streams[0]
    has(stream, "content", where)
    has(stream, "dictionary", where)
    has(stream.dictionary, "dict", where)
    has(PDFArray([1]), "sequence", where)
    assert PDFZCompress.pdfname == "FlateDecode", "PDFZCompress.pdfname changed"


def test_reportlab_paragraph_internals() -> None:
    """formats/factsheet/flowables.py hands Paragraph fragments it parsed once per process."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paragraph import Paragraph, cleanBlockQuotedText, textTransformFrags

    where = "flowables.Paragraph"
    accepts(Paragraph.__init__, "frags", where)
    parsed = Paragraph("a <b>b</b>", ParagraphStyle("contract"))
    has(parsed, "frags", where)
    has(parsed.frags[0], "clone", where)
    assert callable(cleanBlockQuotedText) and callable(textTransformFrags)
    parsed.wrap(100, 100)  # the line breaks it keeps are what wrap leaves for drawing
    for attribute in ("blPara", "height", "width", "_wrapWidths"):
        has(parsed, attribute, where)


SECOND_SHEET = (
    "import sys; from pathlib import Path\n"
    "from generators.content.loader import load_summary\n"
    "from generators.formats import FORMATS\n"
    "from generators.theme.loader import load_theme\n"
    "{patch}"
    "summary = load_summary(Path({path!r})).summary\n"
    "FORMATS['pdf'].render(summary, load_theme())\n"  # a first sheet fills the caches
    "sys.stdout.buffer.write(FORMATS['pdf'].render(summary, load_theme()))\n"
)
"""A fresh process that makes one sheet twice, after `patch`, and writes out the second."""


def assert_patch_changes_no_byte(patch: str, paths: tuple[Path, ...], what: str) -> None:
    """The second sheet of each summary is the same bytes with `patch` as without it."""
    for path in paths:
        outputs = [
            subprocess.run(
                [sys.executable, "-c", SECOND_SHEET.format(patch=given, path=str(path))],
                capture_output=True,
                check=True,
                cwd=ROOT,
            ).stdout
            for given in ("", patch)
        ]
        assert outputs[0].startswith(b"%PDF")
        assert outputs[0] == outputs[1], f"{path.name}: {what} changed the PDF"


def test_kept_line_breaks_give_reportlab_s_own_bytes() -> None:
    """A sheet whose every line break comes from what an earlier sheet kept (and drew), against
    the same sheet with reportlab's own wrap in a fresh process: byte-identical, so keeping
    line breaks changes speed and nothing else (and drawing never changes them)."""
    unkept = (
        "from generators.formats.factsheet import flowables\n"
        "flowables.Paragraph.wrap = flowables.ReportlabParagraph.wrap\n"
    )
    paths = (CONTENT / "durham-child-protection.yaml", SUMMARIES / "markup.yaml")
    assert_patch_changes_no_byte(unkept, paths, "kept line breaks")


def test_subsets_made_once_give_reportlab_s_own_bytes() -> None:
    """The same sheet with reportlab's own TTFont in place of SubsetsMadeOnce, in two fresh
    processes: the PDFs must be byte-identical, so the cache changes speed and nothing else."""
    plain = (
        "import io\n"
        "from reportlab.pdfbase.ttfonts import TTFont\n"
        "from generators.formats.factsheet import fonts\n"
        "fonts.SubsetsMadeOnce = lambda name, data: TTFont(name, io.BytesIO(data))\n"
    )
    paths = (CONTENT / "durham-child-protection.yaml", SUMMARIES / "international.yaml")
    assert_patch_changes_no_byte(plain, paths, "SubsetsMadeOnce")


def test_faster_object_formatting_gives_reportlab_s_own_bytes() -> None:
    """serialise.py puts its own value formatting and cached name escaping where reportlab's
    objects look them up: each value, and whole sheets, written as reportlab writes them."""
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase import pdfdoc

    from generators.formats.factsheet import serialise

    where = "serialise.install"
    assert callable(fp_str)
    serialise.uninstall()  # an earlier sheet in this process installed it
    reportlab_format, reportlab_name = pdfdoc.format, pdfdoc.PDFName
    assert reportlab_format.__module__ == reportlab_name.__module__ == pdfdoc.__name__, where
    document = pdfdoc.PDFDocument()
    values = ["/Type", "Annot", "a\tb", "é", 0, 7, -3, 12.5, 0.1, 1e-7, 595.2756, b"x", True]
    for value in values:
        ours = serialise.format_value(value, document)
        assert ours == reportlab_format(value, document), f"{value!r} is written differently"
    for name in ("Type", "A B", "x#y", "é"):
        assert serialise.pdf_name(name) == reportlab_name(name)
    own = "from generators.formats.factsheet import serialise\nserialise.install = lambda: None\n"
    paths = (CONTENT / "durham-child-protection.yaml", SUMMARIES / "international.yaml")
    assert_patch_changes_no_byte(own, paths, "serialise.install")


def test_reportlab_internals_the_tagging_uses() -> None:
    """formats/factsheet/tagging.py: the canvas's document and per-page state, object names,
    the keys catalogs and pages write, how streams end, and the ToUnicode map's form."""
    import io as bytes_io

    import fontpkg
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfdoc, pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus.paragraph import Paragraph

    where = "TaggedCanvas"
    canvas = Canvas(bytes_io.BytesIO(), invariant=1)
    for attribute in ("_doc", "_annotationrefs", "_pageNumber", "_code"):
        has(canvas, attribute, where)
    doc = canvas._doc
    for attribute in ("Reference", "idToObject", "pageCounter", "_timeStamp", "info", "Catalog"):
        has(doc, attribute, where)
    for attribute in ("YMDhms", "dhh", "dmm"):
        has(doc._timeStamp, attribute, where + " (XMP dates)")
    for attribute in ("title", "author", "subject", "keywords", "creator", "producer"):
        has(doc.info, attribute, where + " (XMP values)")
    for kind in (pdfdoc.PDFCatalog, pdfdoc.PDFPage):
        has(kind, "__NoDefault__", where + " (keys a catalog or page writes)")
        assert isinstance(kind.__NoDefault__, list | tuple)
    assert {"StructTreeRoot", "MarkInfo", "Metadata"} <= set(pdfdoc.PDFCatalog.__NoDefault__), (
        "PDFCatalog no longer writes a tagged PDF's keys"
    )
    pdfmetrics.registerFont(TTFont("ContractTagLato", fontpkg.path("Lato", 400, "normal")))
    style = ParagraphStyle("contract", fontName="ContractTagLato")
    line = Paragraph('<a href="https://example.org">a link</a> \u2013 a dash', style)
    line.wrap(300, 100)
    line.drawOn(canvas, 10, 10)
    assert canvas._annotationrefs, "Canvas._annotationrefs did not record a paragraph's link"
    name = canvas._annotationrefs[0].name
    assert name.startswith("Annot.NUMBER") and name in doc.idToObject, name
    canvas.showPage()
    assert f"Page{doc.pageCounter - 1}" in doc.idToObject, "pages are no longer named Page%d"
    canvas.save()
    maps = [n for n in doc.idToObject if str(n).startswith("toUnicodeCMap:")]
    assert maps, "the font's ToUnicode map is no longer named toUnicodeCMap:..."
    cmap = doc.idToObject[maps[0]].content
    if isinstance(cmap, bytes):  # already deflated (a face shared with an earlier sheet)
        import zlib

        cmap = zlib.decompress(cmap).decode("latin-1")
    assert " beginbfchar" in cmap and "endbfchar" in cmap and "<00> <0000>" in cmap, cmap[:200]
    stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary({}), b"data")
    assert stream.format(doc).endswith(b"dataendstream\n"), "PDFStream.format ends differently"


# -- python-docx -------------------------------------------------------------------------------


def test_python_docx_element_internals() -> None:
    """formats/briefing reaches one level below python-docx's proxies for speed and for the
    WordprocessingML it has no API for."""
    import docx
    from docx.opc.part import Part

    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    table = document.add_table(rows=1, cols=2)
    has(paragraph, "_p", "wordml.set_new_paragraph_style")
    has(run, "_r", "wordml.add_text")
    has(run._r, "add_t", "wordml.add_text")
    has(table, "_cells", "document._Writer.table")
    has(table, "_tbl", "document._Writer.table")
    has(table._tbl, "tblStyle_val", "document._Writer.table")
    has(table.rows[0], "_tr", "document._Writer.table")
    has(Part, "blob", "wordml.package_bytes")
    theme = next(p for p in document.part.package.iter_parts() if p.partname.endswith("theme1.xml"))
    assert isinstance(theme, Part)
    has(theme, "_blob", "reference._theme_fonts, which rewrites the theme part's bytes")


def test_python_docx_package_internals() -> None:
    """wordml.package_bytes writes the package itself, to fix entry dates and share parts."""
    import docx
    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
    from docx.opc.pkgwriter import _ContentTypesItem

    where = "wordml.package_bytes"
    has(_ContentTypesItem, "from_parts", where)
    package = docx.Document().part.package
    has(package, "iter_parts", where)
    has(package, "rels", where)
    has(package.rels, "xml", where)
    part = next(iter(package.iter_parts()))
    has(part.partname, "membername", where)
    has(part.partname, "rels_uri", where)
    assert CONTENT_TYPES_URI.membername == "[Content_Types].xml"
    assert PACKAGE_URI.rels_uri.membername == "_rels/.rels"
    items = _ContentTypesItem.from_parts(list(package.iter_parts()))  # type: ignore[no-untyped-call]
    has(items, "blob", where)


def test_picture_alt_text_internal(tmp_path: Any) -> None:
    """document._body sets a logo's alt text on the inline shape's docPr element."""
    import docx
    from PIL import Image

    png = tmp_path / "dot.png"
    Image.new("RGB", (4, 4)).save(png)
    picture = docx.Document().add_paragraph().add_run().add_picture(str(png))
    has(picture, "_inline", "document._body")
    has(picture._inline, "docPr", "document._body")


@pytest.mark.parametrize("first", ["minimal.yaml", "judgements.yaml"])
def test_a_briefing_made_after_another_is_the_one_made_alone(first: str) -> None:
    """Briefings share the parsed template's read-only parts: nothing of one briefing may
    reach the next. Each process renders `first` (or nothing), then Durham."""
    render = (
        "import sys; from pathlib import Path\n"
        "from generators.content.loader import load_summary\n"
        "from generators.formats import FORMATS\n"
        "from generators.theme.loader import load_theme\n"
        "theme = load_theme()\n"
        "for name in sys.argv[1:]:\n"
        "    data = FORMATS['docx'].render(load_summary(Path(name)).summary, theme)\n"
        "sys.stdout.buffer.write(data)\n"
    )
    durham = str(CONTENT / "durham-child-protection.yaml")
    alone, after = (
        subprocess.run(
            [sys.executable, "-c", render, *names], capture_output=True, check=True, cwd=ROOT
        ).stdout
        for names in ([durham], [str(SUMMARIES / first), durham])
    )
    assert alone.startswith(b"PK")
    assert alone == after


# -- PyYAML ------------------------------------------------------------------------------------


def test_pyyaml_composer_internals() -> None:
    """content/reader.py composes nodes with PyYAML's Python composer over libyaml's parser, to
    refuse aliases and deep nesting before anything is built."""
    import yaml
    from yaml.composer import Composer

    where = "reader._BoundedLoader"
    for method in (
        "get_single_node",
        "compose_document",
        "compose_node",
        "compose_scalar_node",
        "compose_sequence_node",
        "compose_mapping_node",
    ):
        has(Composer, method, where)
    accepts(Composer.compose_node, "parent", where)
    accepts(Composer.compose_node, "index", where)
    loader = yaml.SafeLoader("a: 1")
    has(loader, "peek_event", where)
    has(loader, "check_event", where)
    has(yaml, "CSafeLoader", where + " (libyaml: a wheel without it is twenty times slower)")


# -- svglib -----------------------------------------------------------------------------------


def test_svglib_given_bytes_resolves_no_file(tmp_path: Any, monkeypatch: Any) -> None:
    """theme/svg.logo_drawing gives svglib the logo's bytes so that it has no folder to find
    `<image href="mark.png">` in: svglib then resolves no file name (and says so)."""
    import io

    from PIL import Image
    from pypdf import PdfReader
    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    def images(drawing: Any) -> int:
        return len(PdfReader(io.BytesIO(renderPDF.drawToString(drawing))).pages[0].images)

    Image.new("RGB", (7, 5), "red").save(tmp_path / "mark.png")
    monkeypatch.chdir(tmp_path)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    svg += b'<image width="7" height="5" href="mark.png"/></svg>'
    (tmp_path / "logo.svg").write_bytes(svg)
    assert images(svg2rlg(str(tmp_path / "logo.svg"))) == 1  # the control: from a path, it does
    from_bytes = svg2rlg(io.BytesIO(svg))
    assert from_bytes is not None, "svg2rlg() no longer takes a file object"
    assert images(from_bytes) == 0, (
        "svglib resolves file names in an SVG given as bytes; theme/svg.logo_drawing relies "
        "on it not doing so"
    )


def test_svglib_asks_the_font_map_for_every_family() -> None:
    """theme/svg.SheetFaces is svglib's font map: asked for each family by `find_font`, its
    answer is the text's font, so svglib opens no font file of its own choosing; and
    reportlab starts a drawing in its `initialFontName`, which logo_drawing sets."""
    import io

    from reportlab.graphics.shapes import Drawing, String
    from svglib.svglib import svg2rlg

    asked: list[tuple[str, str]] = []

    class Faces:
        def find_font(self, name: str, weight: str = "normal", style: str = "normal") -> Any:
            asked.append((name, weight))
            return "Courier", True

    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><text font-family="../x, Other"'
        b' font-weight="bold">A</text></svg>'
    )
    drawing = svg2rlg(io.BytesIO(svg), font_map=Faces())
    assert asked and set(asked) == {("../x", "bold")}, (
        "svglib no longer asks font_map.find_font(family, weight)"
    )

    def strings(node: Any) -> list[String]:
        inner = [string for child in getattr(node, "contents", []) for string in strings(child)]
        return [node, *inner] if isinstance(node, String) else inner

    assert [string.fontName for string in strings(drawing)] == ["Courier"], (
        "svglib no longer sets text in the font its font map names"
    )
    assert "initialFontName" in Drawing._attrMap, "reportlab's Drawing lost initialFontName"


# -- precis import: python-docx, trafilatura, pdfminer.six, urllib ------------------------------


def test_python_docx_numbering_internal() -> None:
    """importer/sources._docx_paragraphs tells a numbered paragraph by its `w:numPr`, which
    python-docx has no API for."""
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("One point", style="List Number")
    has(paragraph, "_p", "sources._docx_paragraphs")
    has(paragraph._p, "pPr", "sources._docx_paragraphs")
    has(paragraph._p.pPr, "numPr", "sources._docx_paragraphs")


def test_trafilatura_text_output() -> None:
    """sources._html_paragraphs reads trafilatura's text output a block a line, list items as
    "- " lines, and the page's title from its metadata."""
    import trafilatura

    where = "sources._html_paragraphs"
    for parameter in ("favor_recall", "include_tables", "include_comments", "deduplicate"):
        accepts(trafilatura.extract, parameter, where)
    page = (
        "<html><head><title>A headline - Site</title></head><body><nav><a href='/'>Home</a>"
        "</nav><article><h1>A headline</h1><p>The first paragraph of the article, long enough "
        "to be kept as text.</p><ul><li>One point</li><li>Another point</li></ul><p>The last "
        "paragraph of the article, long enough to be kept as well.</p></article></body></html>"
    )
    lines = (trafilatura.extract(page, favor_recall=True) or "").splitlines()
    assert "- One point" in lines and "- Another point" in lines, lines
    metadata = trafilatura.extract_metadata(page)
    has(metadata, "title", where)


def test_pdfminer_blocks_are_paragraphs(tmp_path: Any) -> None:
    """sources._pdf_paragraphs takes each text box pdfminer's layout analysis finds as one
    paragraph: lines set together are one box, a paragraph's space apart starts another."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=14, spaceAfter=9)
    words = "a long sentence that wraps onto the next line of the page " * 3
    path = tmp_path / "two.pdf"
    SimpleDocTemplate(str(path)).build([Paragraph(words, style), Paragraph(words, style)])
    boxes = [
        element
        for page in extract_pages(str(path), laparams=LAParams())
        for element in page
        if isinstance(element, LTTextContainer)
    ]
    assert len(boxes) == 2, [box.get_text() for box in boxes]


def test_urllib_redirect_handler_internal() -> None:
    """importer/fetch._HttpOnlyRedirects checks a redirect's address in http_error_302 (and
    the methods aliased to it), before urllib's own check turns it into a plain HTTP error."""
    import urllib.request

    for code in (301, 302, 303, 307, 308):
        has(urllib.request.HTTPRedirectHandler, f"http_error_{code}", "fetch._HttpOnlyRedirects")


def test_zipfile_end_record_internal(tmp_path: Any) -> None:
    """theme/wordpackage bounds a template's central directory by its size in the record
    zipfile._EndRecData reads, before ZipFile reads the entries it lists; over 65,535
    entries the size is in the zip64 record, which it reads too."""
    import zipfile

    for count in (3, 70_000):
        path = tmp_path / f"{count}.zip"
        with zipfile.ZipFile(path, "w") as package:
            for number in range(count):
                package.writestr(f"{number}.xml", b"")
        with path.open("rb") as handle:
            end = zipfile._EndRecData(handle)  # type: ignore[attr-defined]
        names = sum(len(f"{number}.xml") for number in range(count))
        assert end[zipfile._ECD_SIZE] == 46 * count + names  # type: ignore[attr-defined]


def test_standard_tags_are_langcodes_own() -> None:
    """content/model.py accepts these tags without asking langcodes: it must agree."""
    import langcodes

    from generators.content.model import STANDARD_TAGS

    for tag in STANDARD_TAGS:
        assert langcodes.tag_is_valid(tag), tag
        assert langcodes.Language.get(tag).language is not None, tag
        assert langcodes.standardize_tag(tag) == tag, tag

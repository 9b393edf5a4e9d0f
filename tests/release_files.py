"""One release in every form `precis import` reads, made from its text: a saved web page with
a site's navigation, cookie banner, sidebar and footer around the article, a Word file with
Word's own list style for bullets, and a PDF set with reportlab. Each keeps the release's
paragraphs, list items and headline, as a publisher's page or document would."""
# ruff: noqa: RUF001 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import html
from pathlib import Path
from xml.sax.saxutils import escape

from generators.importer.paragraphs import is_item, split_paragraphs, text_of

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title} - News</title>
<link rel="stylesheet" href="/assets/site.css"></head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<div class="cookies"><p>We use cookies to make this site work and to understand how you use
it.</p><button>Accept cookies</button><button>Reject cookies</button></div>
<header><a href="/" class="logo">Home</a>
<nav><ul><li><a href="/about">About us</a></li><li><a href="/our-work">Our work</a></li>
<li><a href="/publications">Publications</a></li><li><a href="/news">News</a></li>
<li><a href="/contact">Contact us</a></li></ul></nav>
<form action="/search"><input name="q" placeholder="Search"></form></header>
<main id="main"><nav class="breadcrumbs"><a href="/">Home</a> › <a href="/news">News</a></nav>
<article>
<h1>{title}</h1>
{body}
</article>
<aside><h2>Related news</h2><ul><li><a href="/news/1">Annual report published</a></li>
<li><a href="/news/2">Consultation on our inspection framework</a></li></ul></aside>
</main>
<footer><ul><li><a href="/accessibility">Accessibility</a></li><li><a href="/privacy">Privacy
notice</a></li><li><a href="/cookies">Cookies</a></li></ul>
<p>All content is available under the Open Government Licence v3.0, except where otherwise
stated.</p><p>© Crown copyright</p></footer>
</body></html>
"""


def _groups(paragraphs: list[str]) -> list[tuple[bool, list[str]]]:
    """Consecutive list items together: (is a list, its paragraphs)."""
    groups: list[tuple[bool, list[str]]] = []
    for paragraph in paragraphs:
        if groups and groups[-1][0] and is_item(paragraph):
            groups[-1][1].append(text_of(paragraph))
        else:
            groups.append((is_item(paragraph), [text_of(paragraph)]))
    return groups


def release_paragraphs(text: Path) -> list[str]:
    return split_paragraphs(text.read_text("utf-8"))


def html_page(text: Path) -> bytes:
    headline, *rest = release_paragraphs(text)
    body = []
    for listed, items in _groups(rest):
        if listed:
            body.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")
        else:
            body.append(f"<p>{html.escape(items[0])}</p>")
    page = PAGE.format(title=html.escape(headline), body="\n".join(body))
    return page.encode("utf-8")


def docx_file(text: Path, path: Path) -> Path:
    import docx

    document = docx.Document()
    headline, *rest = release_paragraphs(text)
    document.add_heading(headline, level=1)
    for paragraph in rest:
        if is_item(paragraph):
            document.add_paragraph(text_of(paragraph), style="List Bullet")
        else:
            document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def pdf_file(text: Path, path: Path) -> Path:
    import fontpkg
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("Lato-Regular", fontpkg.path("Lato", 400, "normal")))
    pdfmetrics.registerFont(TTFont("Lato-Bold", fontpkg.path("Lato", 700, "normal")))
    body = ParagraphStyle("body", fontName="Lato-Regular", fontSize=11, leading=14, spaceAfter=9)
    title = ParagraphStyle("title", parent=body, fontName="Lato-Bold", fontSize=16, leading=20)
    headline, *rest = release_paragraphs(text)
    flow: list[object] = [Paragraph(escape(headline), title)]
    for listed, items in _groups(rest):
        if listed:
            flow.append(
                ListFlowable(
                    [ListItem(Paragraph(escape(i), body)) for i in items],
                    bulletType="bullet",
                    start="•",
                    bulletFontName="Lato-Regular",
                )
            )
        else:
            flow.append(Paragraph(escape(items[0]), body))
    SimpleDocTemplate(str(path), invariant=True).build(flow)
    return path

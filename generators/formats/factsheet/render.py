"""Draw a fitted fact sheet onto one PDF page."""

from __future__ import annotations

import io
import logging

from ...content.model import Summary
from ...theme.labels import wording
from ...theme.model import Theme
from .fit import fit
from .flowables import place
from .fonts import check_labels_printable, check_printable
from .styles import PAGE_SIZES
from .tagging import TaggedCanvas

log = logging.getLogger(__name__)
"""Says at INFO which size and arrangement each sheet got: `precis build --verbose` shows it."""


def render(summary: Summary, theme: Theme, *, tagged: bool = True) -> bytes:
    """The fact sheet as PDF bytes, tagged for PDF/UA-1 and PDF/A-2a unless `tagged` is false
    (the same page untagged, which tests compare with); raises CannotRender when it cannot fit
    on one page, or has characters its font cannot print."""
    labels = theme.label_set(summary.language)
    check_labels_printable(labels, theme)
    words = wording(labels, summary)
    layout = fit(summary, theme, words, check_printable(summary, theme))
    log.info("%s", layout.note)
    sheet = layout.sheet
    page_w, page_h = PAGE_SIZES[theme.settings.page.size]
    buffer = io.BytesIO()
    review = summary.review
    canvas = TaggedCanvas(
        buffer,
        tagged=tagged,
        pagesize=(page_w, page_h),
        invariant=1,
        pageCompression=1,
        lang=words.language,
        link_words=words.words.link,
        initialFontName=sheet.styles.body.fontName,
    )
    canvas.setTitle(summary.title)
    canvas.setAuthor(review.publisher_full or review.publisher)
    canvas.setSubject(f"{review.title}: {summary.subject}")
    canvas.setKeywords(", ".join(k for k in (summary.subject, review.publisher, review.type) if k))
    canvas.setCreator("Precis")
    canvas.setViewerPreference("DisplayDocTitle", "true")
    # One gap between sections all down the sheet; spare space sits above the footer, which
    # is pinned to the bottom margin.
    y = page_h - sheet.margin
    for block in layout.body:
        place(canvas, block.flowable, sheet.margin, y - block.height)
        y -= block.height + sheet.gap
    place(canvas, layout.footer.flowable, sheet.margin, sheet.margin)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()

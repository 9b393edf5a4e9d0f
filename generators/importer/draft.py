"""A `Draft` as the YAML file a person finishes: `precis new`'s skeleton, filled in.

Every value that was a guess has a `# check:` line above it saying how it was found; what was
not found is a commented placeholder, or for a required key an empty value that `precis check`
names. Scalars are written by PyYAML, so any text comes out as valid YAML that loads with
Precis's own reader; prose is a literal block, wrapped, which the content model folds back to
the text as written.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import yaml

from .paragraphs import fold
from .release import Draft, Found

WIDTH = 96


@dataclass
class Report:
    """What the draft holds and what is left to write, for the command to print."""

    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    checks: int = 0


def scalar(value: str) -> str:
    """One line of text as a YAML scalar: plain where that is safe, quoted where not."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**9, default_flow_style=False)
    return dumped.removesuffix("\n").removesuffix("\n...").removesuffix("...").rstrip("\n")


def block(paragraphs: list[str], indent: int) -> str:
    """Prose as a literal block: paragraphs apart by a blank line, each wrapped."""
    pad = " " * indent
    lines = ["|"]
    for number, paragraph in enumerate(paragraphs):
        if number:
            lines.append("")
        lines += textwrap.wrap(
            fold(paragraph),
            WIDTH - indent,
            initial_indent=pad,
            subsequent_indent=pad,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return "\n".join(lines)


class _Writer:
    def __init__(self, report: Report) -> None:
        self.lines: list[str] = []
        self.report = report

    def check(self, note: str | None, indent: int) -> None:
        if note:
            self.report.checks += 1
            self.lines.append(f"{' ' * indent}# check: {note}")

    def value(self, key: str, found: Found[str] | None, indent: int, label: str) -> None:
        """A required key: its value, or an empty one that `precis check` will name."""
        pad = " " * indent
        path = f"review.{key}" if indent else key
        if found is None:
            self.lines.append(f'{pad}{key}: ""          # not found: {label} (required)')
            self.report.missing.append(f"{path}: {label} (required)")
            return
        self.check(found.check, indent)
        self.lines.append(f"{pad}{key}: {scalar(found.value)}")
        self.report.found.append(path)

    def optional(self, key: str, found: Found[str] | None, indent: int, example: str) -> None:
        pad = " " * indent
        if found is None:
            self.lines.append(f"{pad}# {key}: {example}")
            return
        self.check(found.check, indent)
        self.lines.append(f"{pad}{key}: {scalar(found.value)}")
        self.report.found.append(f"review.{key}")


def render(draft: Draft) -> tuple[str, Report]:
    report = Report()
    out = _Writer(report)
    lines = out.lines
    lines += [
        "# yaml-language-server: $schema=summary.schema.json",
        f"# A draft summary that `precis import` made from {draft.source}.",
        "# Check each value under a `# check:` line against the release, fill in what is empty or",
        "# commented out, delete what you do not need, then run `precis check` on this file.",
        "# Every fact must come from the published report or its press release.",
        "",
    ]
    out.value("title", draft.title, 0, "the headline")
    lines.append("")
    out.value("subject", draft.subject, 0, "the organisation or service reviewed")
    lines += ["", "review:"]
    out.value("title", draft.review_title, 2, "the report's own title")
    out.value("publisher", draft.publisher, 2, "the publisher's short name, e.g. HMICFRS")
    out.optional("publisher_full", draft.publisher_full, 2, "the publisher's full name")
    out.optional("type", draft.review_type, 2, "Post-inspection review")
    if draft.published:
        out.check(draft.published.check, 2)
        lines.append(f"  published: {draft.published.value.isoformat()}")
        report.found.append("review.published")
    else:
        lines.append("  # published: 2024-03-15          # not found: YYYY-MM-DD")
        report.missing.append("review.published: the date the report was published")
    lines.append("  # previous_inspection: 2019")
    out.optional("url", draft.url, 2, "https://www.example.gov.uk/report   # http or https only")
    lines.append("")
    if draft.summary:
        out.check(draft.summary.check, 0)
        lines.append(f"summary: {block([draft.summary.value], 2)}")
        report.found.append("summary")
    else:
        lines.append('summary: ""        # not found: a one-paragraph lede (required)')
        report.missing.append("summary: a one-paragraph lede (required)")
    _findings(out, draft)
    _quotes(out, draft)
    _contact(out, draft)
    lines += [
        "",
        "# next_steps:",
        '#   - ""',
        "# marking: OFFICIAL   # protective marking, printed at the top and bottom of each page",
    ]
    return "\n".join(lines) + "\n", report


def _findings(out: _Writer, draft: Draft) -> None:
    lines = out.lines
    lines += [
        "",
        "# At least one of progress, concerns, judgements or recommendations needs an entry.",
    ]
    if draft.judgements:
        lines.append("judgements:")
        out.check("grades as the release names them; name each area as the report does", 2)
        for judgement in draft.judgements:
            lines += [
                f"  - area: {scalar(judgement.area)}",
                f"    grade: {scalar(judgement.grade)}",
            ]
        out.report.found.append(f"{len(draft.judgements)} judgements")
    else:
        lines += [
            "# judgements:      # graded areas",
            "#   - {area: Preventing crime, grade: Good}",
        ]
    for key, points, what in (
        ("progress", draft.progress, "praise"),
        ("concerns", draft.concerns, "criticise"),
    ):
        if not points:
            lines += [f"# {key}:", '#   - ""']
            continue
        lines.append(f"{key}:")
        out.check(f"first drafts: the release's sentences that {what}; shorten each to a point", 2)
        lines += [f"  - {scalar(point)}" for point in points]
        out.report.found.append(f"{len(points)} {key} (first drafts)")
    if not (draft.judgements or draft.progress or draft.concerns):
        out.report.missing.append(
            "a finding: an entry in progress, concerns, judgements or recommendations (required)"
        )
    lines += ["# recommendations:", '#   - ""']
    if draft.key_facts:
        lines.append("key_facts:")
        out.check("figures from the release; say in each label what the figure counts", 2)
        for fact in draft.key_facts:
            lines += [f"  - value: {scalar(fact.value)}", f"    label: {scalar(fact.label)}"]
        out.report.found.append(f"{len(draft.key_facts)} key facts")
    else:
        lines += [
            "# key_facts:",
            '#   - {value: "87%", label: of calls answered within 10 seconds}',
        ]


def _quotes(out: _Writer, draft: Draft) -> None:
    lines = out.lines
    lines.append("")
    if not draft.quotes:
        lines += [
            "# quotes:          # none found",
            '#   - speaker: ""',
            "#     text: |",
            '#       ""',
        ]
        return
    lines.append("quotes:")
    for quote in draft.quotes:
        notes = [quote.speaker.resolved] if quote.speaker.resolved else []
        if quote.unmarked:
            notes.append("printed without quotation marks: check where the quote ends")
        if quote.speaker.role is None:
            notes.append("no role found for the speaker")
        out.check("; ".join(notes) or None, 2)
        lines.append(f"  - speaker: {scalar(quote.speaker.name)}")
        if quote.speaker.role:
            lines.append(f"    role: {scalar(quote.speaker.role)}")
        else:
            lines.append('    # role: ""')
        lines.append(f"    text: {block(quote.paragraphs, 6)}")
    count = len(draft.quotes)
    out.report.found.append(f"{count} {'quote' if count == 1 else 'quotes'}")


def _contact(out: _Writer, draft: Draft) -> None:
    lines = out.lines
    lines.append("")
    contact = draft.contact
    if contact is None:
        lines.append('# contact: {name: "", phone: "", email: "", url: ""}   # not found')
        out.report.missing.append("contact: the press office's details")
        return
    lines.append("contact:")
    out.check(f"from {contact.where}", 2)
    for key, value in (("name", contact.name), ("phone", contact.phone), ("email", contact.email)):
        lines.append(f"  {key}: {scalar(value)}" if value else f'  # {key}: ""')
    out.report.found.append("contact")

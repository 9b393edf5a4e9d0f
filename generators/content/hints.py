"""What a newcomer to YAML meant, from what the parser refused: the fix, shown on their line.

The parser's own words ("did not find expected key", "mapping values are not allowed") name
the rule broken, not the mistake. The usual mistakes are few: a quote mark inside quoted text,
and a colon inside plain text. Each is recognised from the line as written, and answered with
the line as it should be.
"""

from __future__ import annotations

QUOTES = ("'", '"')


def quoted(text: str) -> str:
    """`text` as YAML quotes it: in double quotes, else single, else with escapes."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _quoted_text(line: str, closing: int) -> tuple[int, str] | None:
    """Where the quoted text that `line[closing]` ended early opens (the line's first mark of
    that kind: a summary's keys are never quoted), and all of the text the writer meant (to
    the line's last mark of that kind); None when it runs on to another line."""
    mark = line[closing]
    opening = line.find(mark, 0, closing)
    end = line.rstrip().rfind(mark)
    if opening < 0 or end <= closing or line.rstrip()[-1] != mark:
        return None
    return opening, line[opening + 1 : end]


def closed_early(line: str, column: int) -> tuple[int, str] | None:
    """A quote mark at `line[column - 1]` that ended quoted text the writer meant to go on: the
    0-based column of that mark, and what to do. `column` is where the parser stopped."""
    closing = column - 1
    if closing < 1 or column >= len(line) or line[closing] not in QUOTES:
        return None
    if line[column] in " \t#,]}":  # the text did end here; something else is wrong
        return None
    found = _quoted_text(line, closing)
    if found is None:
        if line[closing] == "'":
            return closing, (
                "this apostrophe ends the text quoted with ' before it; double the "
                "apostrophe ('') or put the text in double quotes"
            )
        return closing, (
            'this " ends the text quoted with " before it; put the text in single quotes, '
            'or write each " inside it as \\"'
        )
    opening, meant = found
    start = line[:opening]
    if line[closing] == "'":
        meant = meant.replace("''", "'")  # the apostrophes already doubled, as meant
        doubled = start + "'" + meant.replace("'", "''") + "'"
        double = start + quoted(meant) if '"' not in meant else None
        message = (
            "this apostrophe ends the text quoted with ' before it; "
            f"double the apostrophe (''), as in `{doubled.strip()}`"
        )
        if double:
            message += f", or use double quotes: `{double.strip()}`"
        return closing, message
    if meant.startswith('"') and meant.endswith('"') and len(meant) > 2:
        unmarked = start + quoted(meant[1:-1])
        return closing, (
            '`""` is empty quoted text, and what follows it is not YAML; leave out the '
            f"pasted quotation marks (the documents add their own): `{unmarked.strip()}`"
        )
    single = start + "'" + meant.replace("'", "''") + "'"
    return closing, (
        'this " ends the text quoted with " before it; put the text in single quotes, '
        f'`{single.strip()}`, or write each " inside it as \\"'
    )


def colon_in_value(line: str, column: int) -> str | None:
    """What to say when plain text has `: ` in it (`point: Grades: 9 RI`), which YAML reads as
    a second key; `column` is the 0-based column of that colon."""
    separator = line.find(": ")
    if separator < 0 or separator >= column:
        return None
    value = line[separator + 2 :].strip()
    if " #" in value or value[:1] in ("'", '"', "[", "{", "|", ">"):
        return None
    fixed = line[: separator + 2] + quoted(value)
    return (
        "a colon and a space inside text start a key in YAML; put the text in quotes: "
        f"`{fixed.strip()}`"
    )


def colon_in_item(text: str) -> str:
    """What to say of a list entry `- Grades: 9 RI`, which YAML reads as a key and a value."""
    return (
        f"`{text}` is read as a key and a value because of the colon in it; put the text in "
        f"quotes: `- {quoted(text)}`"
    )

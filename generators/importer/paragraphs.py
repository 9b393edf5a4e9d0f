"""Plain text into paragraphs: what every kind of source is reduced to before recognition.

A paragraph is one string with its white space folded. A list item keeps a leading `ITEM`
marker, so the recognisers can tell a bulleted point from prose without a type of its own.
"""
# ruff: noqa: RUF001 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import re

ITEM = "• "
"""Marks a paragraph that was an item of a bulleted or numbered list."""

_BULLET = re.compile(r"^\s*(?:[•●▪◦‣∙·*–—-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """One line: every run of white space (non-breaking spaces too) becomes one space."""
    return _SPACE.sub(" ", text).strip()


def is_item(paragraph: str) -> bool:
    return paragraph.startswith(ITEM)


def text_of(paragraph: str) -> str:
    """The paragraph without its list marker."""
    return paragraph[len(ITEM) :] if is_item(paragraph) else paragraph


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; a line that starts with a bullet or a number starts a
    list item; any other line continues the paragraph or item before it (text pasted from an
    email is wrapped at about 72 characters)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    paragraphs: list[str] = []
    for block in _BLANK_LINE.split(text):
        pieces: list[tuple[bool, list[str]]] = []  # (is an item, its lines)
        for line in block.split("\n"):
            bullet = _BULLET.match(line)
            if bullet and line[bullet.end() :].strip():
                pieces.append((True, [line[bullet.end() :]]))
            elif line.strip():
                if not pieces:
                    pieces.append((False, []))
                pieces[-1][1].append(line)
        for item, lines in pieces:
            joined = fold(" ".join(lines))
            if joined:
                paragraphs.append(ITEM + joined if item else joined)
    return paragraphs

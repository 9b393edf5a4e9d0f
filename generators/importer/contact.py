"""The press office's details, from the notes to editors (or, in a release without them, its
last paragraphs): a name, a telephone number and an email address, each as printed."""
# ruff: noqa: RUF001 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import re
from dataclasses import dataclass

from .paragraphs import text_of

_NOTES = re.compile(
    r"^(?:notes?(?:\s+(?:to|for)\s+editors?)?|ends|-\s*ends\s*-|media enquiries|press enquiries|"
    r"media contacts?|press contacts?|for (?:further|more) information|contact)\b",
    re.IGNORECASE,
)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?<!\.)")
PHONE = re.compile(
    r"(?<![\d+])(?:\+44\s?\(?0?\)?\s?\d{2,4}|\(?0\d{2,4}\)?)(?:[\s-]?\d{3,4}){1,2}(?!\d)"
)
_OFFICE = re.compile(
    r"\b((?:[A-Z][\w&’'-]*\s+){0,5}?(?:[Pp]ress|[Mm]edia|[Nn]ews|[Cc]ommunications)\s+"
    r"(?:[Oo]ffice|[Tt]eam|[Dd]esk|[Rr]elations(?:\s+[Tt]eam)?|[Uu]nit)|[Nn]ewsdesk)\b"
)
_PERSON = re.compile(
    r"\b(?:contact|call|email|ring)\s+((?:[A-Z][\w’'-]+\s+){1,2}[A-Z][\w’'-]+)\s+(?:on|at|by)\b"
)


@dataclass(frozen=True)
class Contact:
    name: str | None
    phone: str | None
    email: str | None
    where: str
    """The paragraphs they were found in, for the draft's `# check:` note."""


def notes_start(paragraphs: list[str]) -> int | None:
    """Where the notes to editors begin, if the release has them."""
    for index, paragraph in enumerate(paragraphs):
        if index > 0 and _NOTES.match(text_of(paragraph)):
            return index
    return None


def _region(paragraphs: list[str]) -> tuple[list[str], str]:
    start = notes_start(paragraphs)
    if start is not None:
        return [text_of(p) for p in paragraphs[start:]], "the notes to editors"
    return [text_of(p) for p in paragraphs[-4:]], "the release's last paragraphs"


def find_contact(paragraphs: list[str]) -> Contact | None:
    region, where = _region(paragraphs)
    text = "\n".join(region)
    email = EMAIL.search(text)
    phone = PHONE.search(text)
    if not email and not phone:
        return None
    office = _OFFICE.search(text)
    person = _PERSON.search(text)
    name = None
    if office:
        name = office.group(1).strip()
        name = name[0].upper() + name[1:]
    elif person:
        name = person.group(1)
    return Contact(
        name,
        " ".join(phone.group().split()) if phone else None,
        email.group().rstrip(".") if email else None,
        where,
    )

"""The organisation or service the review is about: the first name of an organisation in the
lede, else in the headline ("Durham Constabulary", "HMP Bristol", "The Moray Council"), that is
not the publisher's own."""
# ruff: noqa: RUF001, RUF002 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import re

from .publishers import is_publisher_name

ENDINGS = (
    "Council|Constabulary|Police|Police Service|Fire and Rescue Service|Fire & Rescue Service|"
    "Fire Brigade|Rescue Service|Service|Services|Trust|NHS Trust|Foundation Trust|Authority|"
    "Board|Health Board|Partnership|Unit|Team|Delivery Unit|School|Academy|College|University|"
    "Hospital|Prison|Agency|Department|Ministry|Office|Commission|Force|Centre|Home|Nursery"
)
_WORD = r"(?:[A-Z][\w’'.-]*|&)"
_JOIN = r"(?:\s+(?:and|of|for|the|on|upon|in|&)\s+|\s+|-)"
ORGANISATION = re.compile(
    rf"\b(?:The\s+)?(?:{_WORD}{_JOIN})+(?:{ENDINGS})(?:[’']s)?(?!\w)|"
    r"\bHM(?:P|YOI|P/YOI|P\s*&\s*YOI|\s+Prison)\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?"
)
_GENERIC = re.compile(
    r"^(?:The\s+)?(?:Council|Service|Services|Board|Commission|Prison|Unit|Team|Authority)$"
)
_LEADING = re.compile(r"^(?:However|But|And|In|On|At|Today|Yesterday|Its|His|Her|Our|A|An)\s+")


def _clean(name: str) -> str:
    """Without a sentence's first word ("However"), a trailing possessive, or a possessive
    inside ("Chester Council’s Children and Families Service": the council's service)."""
    name = _LEADING.sub("", " ".join(name.split()))
    name = re.split(r"\s+and\s+the\s+", name)[0]
    return re.sub(r"[’']s\b", "", name)


def organisations(text: str) -> list[str]:
    """Names of organisations in `text`, in order, leaving out publishers and bare nouns."""
    found = []
    for match in ORGANISATION.finditer(text):
        name = _clean(match.group())
        if name.startswith("The ") and re.search(r"(?:^|[.!?]\s+)$", text[: match.start()]):
            name = name[4:]  # "The Scottish Police Authority has …": the sentence's "The"
        if len(name.split()) < 2 or _GENERIC.match(name) or is_publisher_name(name):
            continue
        if name.split()[0] in ("The",) and len(name.split()) < 3:
            continue
        found.append(name)
    return found


def subject(lede: str | None, headline: str | None, body: list[str]) -> tuple[str, str] | None:
    """The first organisation in the lede, else the headline, else the release's first ten
    paragraphs."""
    places = [("the lede", lede), ("the headline", headline)]
    places += [("the release", paragraph) for paragraph in body[:10]]
    for where, text in places:
        if text and (names := organisations(text)):
            return names[0], f"the first organisation named in {where}"
    return None

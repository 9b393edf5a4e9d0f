"""Which body published the review: the table of publishers (`publishers.yaml`), and where a
release names one of them, by its short name, its full name or another name."""
# ruff: noqa: RUF001 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Publisher:
    short: str
    full: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.full, self.short, *self.aliases)))


@dataclass(frozen=True)
class Mention:
    publisher: Publisher
    text: str
    """The name as the release spells it."""
    paragraph: int
    full: bool
    """Whether `text` is the publisher's full name (in any of its spellings)."""


@functools.cache
def publishers() -> tuple[Publisher, ...]:
    raw = importlib.resources.files(__package__).joinpath("publishers.yaml").read_text("utf-8")
    return tuple(
        Publisher(entry["short"], entry["full"], tuple(entry.get("aliases", ())))
        for entry in yaml.safe_load(raw)
    )


_HM = r"(?:HM|HMI|H\.M\.|(?:His|Her)\s+Majesty[’']s)\s+"


def _pattern(name: str) -> str:
    """A name as a regular expression that also matches the spellings releases use."""
    words = []
    for word in name.split():
        if word == "HM":
            words.append(_HM.removesuffix(r"\s+"))
        elif word in ("His", "Her") and words[-1:] != []:
            words.append(re.escape(word))
        elif word == "&":
            words.append(r"(?:&|and)")
        else:
            words.append(re.escape(word).replace("’", "[’']"))
    text = r"\s+".join(words)
    text = text.replace(r"His\s+Majesty[’']s", _HM.removesuffix(r"\s+"))
    return text


@functools.cache
def _matcher() -> tuple[re.Pattern[str], dict[str, tuple[Publisher, bool]]]:
    """One pattern for every name, longest first, so that `HM Inspectorate of Constabulary in
    Scotland` is not read as `HM Inspectorate of Constabulary` and a word."""
    names: dict[str, tuple[Publisher, bool]] = {}
    for publisher in publishers():
        for name in publisher.names:
            names.setdefault(name, (publisher, name == publisher.full))
    ordered = sorted(names, key=len, reverse=True)
    groups = "|".join(f"(?P<n{i}>{_pattern(name)})" for i, name in enumerate(ordered))
    keyed = {f"n{i}": names[name] for i, name in enumerate(ordered)}
    return re.compile(rf"(?<![\w@.])(?:{groups})(?![\w@])"), keyed


def mentions(paragraphs: Iterable[str]) -> list[Mention]:
    """Every name of a publisher in the paragraphs, in order."""
    pattern, keyed = _matcher()
    found = []
    for index, paragraph in enumerate(paragraphs):
        for match in pattern.finditer(paragraph):
            publisher, full = keyed[match.lastgroup or ""]
            found.append(Mention(publisher, " ".join(match.group().split()), index, full))
    return found


def is_publisher_name(text: str) -> bool:
    """Whether `text` is, or contains, a publisher's name (so it is not the review's subject)."""
    return bool(_matcher()[0].search(text))

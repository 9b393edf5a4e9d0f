"""Who is speaking: a speaker's name and role from the words that attribute a quotation.

Releases attribute quotes in a handful of ways, and these rules read each of them:

- name then role: "Martin Jones, Chief Inspector of Probation, said:"
- role then name: "Chief Inspector of Probation, Martin Jones, said:", "Her Majesty’s Inspector
  of Constabulary Andy Cooke said:", "Accounts Commission chair Douglas Sinclair said:"
- after the quote: "…,” said Andy Cooke, His Majesty’s Inspector of Constabulary."
- someone named before: "Mr Jones added:", "he added."

A name is two to four capitalised words that are not words of a title or an organisation.
Titles of address (Mr, Dr, Professor, Councillor) and letters after a name (CBE) are left out
of it, as a summary names a speaker; honours that are how a person is styled (Sir, Dame,
Lord) are kept.
"""
# ruff: noqa: RUF001, RUF002 -- typographic quotation marks and dashes, as releases print them

from __future__ import annotations

import re
from dataclasses import dataclass

VERBS = (
    "said|says|say|added|adds|continued|continues|commented|comments|explained|explains|"
    "stated|states|warned|warns|concluded|concludes|remarked|noted|notes|observed|told|"
    "urged|urges|welcomed|welcomes|praised|praises|highlighted|highlights|reflected|"
    "acknowledged|insisted|emphasised|emphasises|stressed|declared|responded|replied|wrote"
)
VERB = re.compile(rf"\b(?:{VERBS})\b")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ROLE_WORDS = _words(
    """inspector inspectors chief chair chairman chairwoman chairperson deputy director
    executive member leader councillor commissioner minister secretary officer head governor
    manager auditor general controller comptroller president mayor cabinet lead portfolio
    holder spokesperson spokesman spokeswoman assistant principal headteacher superintendent
    constable commander registrar treasurer clerk adviser advisor partner founder provost vice
    senior regional national acting interim corporate strategic associate programme
    representative ombudsman inspectorate hm hmi majesty’s majesty's his her"""
)
ORGANISATION_WORDS = _words(
    """council commission service services constabulary police trust authority board office
    department ministry government unit team partnership university college school academy
    prison agency committee parliament assembly senedd society association group foundation
    centre institute nhs hospital borough county city district region fire rescue probation
    audit inspection review report"""
)
HONORIFICS = _words(
    """mr mrs ms miss mx dr professor prof councillor cllr rt hon reverend rev revd father"""
)
"""Titles of address, left out of a speaker's name."""
HONOURS = _words("sir dame lord lady baroness baron")
"""How a person is styled, kept in a speaker's name: Dame Glenys Stacey."""
POSTNOMINALS = _words("cbe obe mbe kbe dbe qpm qfsm dl jp mp msp ms am mla kc qc frsa phd")
PRONOUNS = frozenset({"he", "she", "they"})
CONNECTORS = frozenset({"of", "for", "the", "and", "&", "at", "in", "to", "on"})
PARTICLES = frozenset({"de", "van", "von", "der", "den", "le", "la", "da", "di", "du", "ap"})
_ADVERBS = re.compile(
    r"\s+(?:yesterday|today|also|then|further|previously|recently|this\s+week|last\s+week|"
    r"has|had|have|who\s+.*)$"
)
_WORD = re.compile(r"[^\s,]+|,")


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str | None
    resolved: str | None = None
    """How a name given in part ("Mr Jones", "he") was completed, for a `# check:` note."""


def _bare(token: str) -> str:
    return token.strip("()‘’'“”\".;:").casefold()


def _possessive(token: str) -> bool:
    return token.endswith(("’s", "'s", "s’", "s'"))


def _is_name_word(token: str) -> bool:
    word = token.strip("()‘’'“”\".;:")
    bare = word.casefold()
    if not word or _possessive(word) or bare in ROLE_WORDS | ORGANISATION_WORDS | CONNECTORS:
        return False
    if bare in HONORIFICS | POSTNOMINALS | PRONOUNS:
        return False
    if bare in HONOURS:
        return word[0].isupper()
    if re.fullmatch(r"[A-Z]\.?", word):  # an initial: Malcolm R Dickson
        return True
    if word.isupper() and len(word) > 1:  # an acronym: HMICFRS, CQC
        return False
    return word[0].isupper() and bool(re.fullmatch(r"[\w’'.-]+", word))


@dataclass(frozen=True)
class _Name:
    start: int
    end: int  # token indices, end exclusive, honorifics and letters after it excluded
    words: list[str]
    honorific: bool


def _names(tokens: list[str]) -> list[_Name]:
    """Runs of name words, allowing particles inside (Ursula von der Leyen) and titles of
    address in front (Professor Sir Mike Richards)."""
    found = []
    index = 0
    while index < len(tokens):
        honorific = False
        while index < len(tokens) and _bare(tokens[index]) in HONORIFICS:
            honorific, index = True, index + 1
        start = index
        while index < len(tokens) and (
            _is_name_word(tokens[index])
            or (
                index > start
                and _bare(tokens[index]) in PARTICLES
                and index + 1 < len(tokens)
                and _is_name_word(tokens[index + 1])
            )
        ):
            index += 1
        while index - start > 2 and start > 0 and _bare(tokens[start - 1]) in CONNECTORS:
            start += 1  # "Minister for Health Jane Smith": Health ends the title
        words = [token.strip("()‘’'“”\".;:") for token in tokens[start:index]]
        if (len(words) >= 2 and len(words) <= 4) or (len(words) == 1 and honorific):
            found.append(_Name(start, index, words, honorific))
        index = max(index, start + 1)
    return found


def _title_phrase(tokens: list[str]) -> list[str]:
    """The end of `tokens` that reads as a title: capitalised words, words of a title in any
    case (chair, chief executive) and the small words between them."""
    kept: list[str] = []
    for token in reversed(tokens):
        bare = _bare(token)
        word = token.strip('()“”";:')
        if bare in ROLE_WORDS or bare in CONNECTORS or bare == "," or word[:1].isupper():
            kept.insert(0, token)
        else:
            break
    while kept and (_bare(kept[0]) in CONNECTORS or kept[0] == ","):
        kept.pop(0)
    return kept


def _join(tokens: list[str]) -> str:
    return " ".join(tokens).replace(" ,", ",").strip(" ,")


def _role(text: str) -> str | None:
    role = re.sub(r"^(?:the|The)\s+", "", text.strip(" ,"))
    words = {_bare(word) for word in role.split()}
    return role if role and words & (ROLE_WORDS | ORGANISATION_WORDS) else None


def parse(clause: str, people: list[Speaker] | None = None) -> Speaker | None:
    """The speaker a clause names, e.g. "Martin Jones, Chief Inspector of Probation, said:";
    `people` are those named earlier, to complete "Mr Jones added" and "he said"."""
    text = clause.strip().rstrip(":,.").strip()
    verbs = list(VERB.finditer(text))
    if verbs:
        verb = verbs[-1] if verbs[-1].start() > 0 else verbs[0]
        before, after = text[: verb.start()].strip(), text[verb.end() :].strip(" ,")
        before = _ADVERBS.sub("", before) if before else before
        before = re.sub(r",\s*who\b.*?(,|$)", "", before).strip(" ,")
        subject = before if before and not before.endswith(("”", '"')) else after
    else:
        subject = text
    subject = re.sub(r"^.*[”\"]\s*,?\s*", "", subject)  # "…,” said X": what follows the quote
    tokens = _WORD.findall(subject)
    if not tokens:
        return None
    if _bare(tokens[-1]) in PRONOUNS or _bare(tokens[0]) in PRONOUNS:
        return _earlier(people, None)
    names = _names(tokens)
    if not names:
        return None
    name = _best(names, tokens)
    words = [w for w in name.words if _bare(w) not in POSTNOMINALS]
    role = _role_around(tokens, name)
    if (
        len([w for w in words if _bare(w) not in HONOURS]) == 1
    ):  # "Mr Clarke said": someone named before
        return _earlier(people, words[0]) or Speaker(
            " ".join(tokens[max(0, name.start - 1) : name.end]), role
        )
    return Speaker(" ".join(words), role)


def _best(names: list[_Name], tokens: list[str]) -> _Name:
    """A name that is a whole comma-separated part ("Martin Jones, Chief Inspector"), else the
    last one (role-first: "Chief Executive Greg Colgan")."""
    for name in names:
        alone_before = (
            name.start == 0
            or tokens[name.start - 1] == ","
            or (_bare(tokens[name.start - 1]) in HONORIFICS)
        )
        alone_after = (
            name.end >= len(tokens)
            or tokens[name.end] == ","
            or (_bare(tokens[name.end]) in POSTNOMINALS)
        )
        if alone_before and alone_after and len(name.words) >= 2:
            return name
    return names[-1]


def _role_around(tokens: list[str], name: _Name) -> str | None:
    end = name.end
    while end < len(tokens) and _bare(tokens[end]) in POSTNOMINALS:
        end += 1
    after = tokens[end + 1 :] if end < len(tokens) and tokens[end] == "," else []
    if after and (role := _role(_join(after))):
        return role
    start = name.start
    while start > 0 and _bare(tokens[start - 1]) in HONORIFICS:
        start -= 1
    return _role(_join(_title_phrase(tokens[:start])))


def _earlier(people: list[Speaker] | None, surname: str | None) -> Speaker | None:
    for person in reversed(people or []):
        if surname is None or person.name.split()[-1].casefold() == surname.casefold():
            how = "“he” or “she”" if surname is None else f"“{surname}”"
            return Speaker(person.name, person.role, f"{how}: taken to be {person.name}")
    return None

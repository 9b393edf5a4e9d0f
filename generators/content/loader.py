"""Turn a YAML file into a validated model, or into errors that point at the offending line."""

from __future__ import annotations

import copy
import difflib
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import PrecisError, Problem
from . import hints
from .model import Summary, clean_paragraphs
from .reader import Loc, YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
YAML_SUFFIXES = (".yaml", ".yml")


def suggest_slug(stem: str) -> str:
    """The nearest valid slug to a file name: `Durham Review_2024` -> `durham-review-2024`."""
    return "-".join(re.findall(r"[a-z0-9]+", stem.lower())) or "review"


def slug_of(path: Path) -> str:
    """The slug a summary file names, or a PrecisError suggesting a valid file name."""
    if not SLUG.fullmatch(path.stem):
        raise PrecisError.at(
            path,
            1,
            1,
            f"file name `{path.name}` is not a valid slug (lowercase letters, digits and "
            f"hyphens); rename it to `{suggest_slug(path.stem)}{path.suffix}`",
        )
    return path.stem


@dataclass(frozen=True)
class Source:
    """A validated summary and where it came from, so later errors can point into the file."""

    path: Path
    slug: str
    summary: Summary
    document: YamlDocument

    def error_at(self, key: str, message: str) -> PrecisError:
        return self.document.fail((key,), message, key=True)


def load_summary(path: Path, raw: bytes | None = None) -> Source:
    """Read, validate and clean one summary file (from `raw` if its bytes are already read)."""
    slug = slug_of(path)
    document = read_yaml(path, raw)
    return Source(path, slug, validate(document, Summary), document)


def warnings(source: Source, grades: Iterable[str] = ()) -> list[Problem]:
    """What a valid summary lacks but can do without, or what it has that it did not mean (a
    grade not in the theme's `grades` but close to one, pasted quotation marks); `precis
    check` says so."""
    found = [*_misspelt_grades(source, list(grades)), *_pasted_marks(source)]
    if source.summary.review.published:
        return found
    line, col = source.document.position(("review",), key=True)
    return [
        Problem(
            str(source.path),
            line,
            col,
            "warning: `review.published` is missing; add the date the report was published "
            "(YYYY-MM-DD): it is how two reviews of one place are told apart",
        ),
        *found,
    ]


def _misspelt_grades(source: Source, grades: list[str]) -> list[Problem]:
    """A grade the theme does not colour is shown grey, which is right for a scale of its own
    ("Not inspected") but not for a slip of the keyboard ("Requres improvement")."""
    known = {grade.casefold(): grade for grade in grades}
    found = []
    for index, judgement in enumerate(source.summary.judgements):
        if judgement.grade.casefold() in known:
            continue
        close = difflib.get_close_matches(judgement.grade.casefold(), known, n=1, cutoff=0.8)
        if close:
            line, col = source.document.position(("judgements", index, "grade"))
            message = (
                f"warning: grade `{judgement.grade}` is not one the theme colours, so its chip "
                f"is grey; did you mean `{known[close[0]]}`? (the theme's grades: "
                f"{', '.join(grades)})"
            )
            found.append(Problem(str(source.path), line, col, message))
    return found


def _pasted_marks(source: Source) -> list[Problem]:
    """One warning for each quote whose own marks were left out, at the first of them."""
    found = []
    written_quotes = source.document.data["quotes"] if source.summary.quotes else []
    for index, quote in enumerate(source.summary.quotes):
        written = clean_paragraphs(str(written_quotes[index]["text"])).split("\n\n")
        pairs = zip(written, quote.paragraphs, strict=True)  # leaving marks out keeps paragraphs
        changed = [n for n, (as_written, as_read) in enumerate(pairs) if as_written != as_read]
        if not changed:
            continue
        # The first paragraph changed lost its opening mark: find it with the word after it.
        before, kept = written[changed[0]], quote.paragraphs[changed[0]]
        mark = before[: max(before.find(kept), 0)]
        loc: Loc = ("quotes", index, "text")
        line, col = source.document.find(mark + kept.split(" ", 1)[0], loc)
        message = (
            f"warning: `{_dotted(loc)}` has quotation marks of its own; they are left out, "
            "since both documents add theirs: delete them here"
        )
        found.append(Problem(str(source.path), line, col, message))
    return found


def load_model(path: Path, model: type[M]) -> M:
    """Read a YAML file and validate it against `model`."""
    return validate(read_yaml(path), model)


def validate(document: YamlDocument, model: type[M]) -> M:
    if not isinstance(document.data, dict):
        found = "a list" if isinstance(document.data, list) else "a single value"
        raise document.fail(
            (),
            f"the file must be a mapping of keys such as `{next(iter(model.model_fields))}:`"
            f", but it is {found}",
        )
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        problems = [
            _colon_in_item(document, model, error) or _problem(document, model, error)
            for error in exc.errors()
        ]
        raise PrecisError(list(dict.fromkeys(problems))) from None


def _colon_in_item(
    document: YamlDocument, model: type[BaseModel], error: ErrorDetails
) -> Problem | None:
    """A list entry of text with a colon in it (`- Grades: 9 RI`), which YAML reads as a
    mapping of one key that the entry's model does not have: one problem, the fix, in place of
    the two the model finds (a key missing and a key unknown)."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    if kind in ("missing", "extra_forbidden"):
        loc = loc[:-1]
    elif kind != "string_type":
        return None
    if not loc or not isinstance(loc[-1], int):
        return None
    item = _data_at(document.data, loc)
    if not (isinstance(item, dict) and len(item) == 1):
        return None
    ((key, value),) = item.items()
    owner = _model_at(model, loc)
    if (owner and key in owner.model_fields) or not isinstance(value, str | None):
        return None
    text = f"{key}: {value}" if value else f"{key}:"
    if not _text_would_do(document.data, model, loc, text):  # a judgement, say, is no text
        return None
    line, col = document.position(loc)
    return Problem(str(document.path), line, col, hints.colon_in_item(text))


def _data_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _text_would_do(data: Any, model: type[BaseModel], loc: Loc, text: str) -> bool:
    """Whether the entry at `loc`, were it `text`, would be valid."""
    fixed = copy.deepcopy(data)
    _data_at(fixed, loc[:-1])[loc[-1]] = text
    try:
        model.model_validate(fixed)
    except ValidationError as exc:
        return not any(tuple(error["loc"])[: len(loc)] == loc for error in exc.errors())
    return True


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc`, to list its keys in messages."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated, Optional and list[...] down to the model inside, if any."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated or origin is list:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = models[0] if len(models) == 1 else annotation
            if len(models) != 1:
                return annotation
        else:
            return annotation


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "empty" if value is None else "text"


def _problem(document: YamlDocument, model: type[BaseModel], error: ErrorDetails) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    where = _dotted(loc)
    value = error.get("input")
    on_key = False
    if kind == "missing":
        parent = _dotted(loc[:-1])
        message = f"`{where}` is required; add `{loc[-1]}:`" + (
            f" under `{parent}`" if parent else ""
        )
        line, col = document.position(loc[:-1])
    else:
        if kind == "extra_forbidden":
            on_key = True
            owner = _model_at(model, loc[:-1])
            allowed = list(owner.model_fields) if owner else []
            message = f"unknown key `{loc[-1]}`"
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            message += f"; did you mean `{close[0]}`?" if close else ""
            if allowed:
                message += f"{' Allowed' if close else '; allowed'} here: {', '.join(allowed)}"
        elif kind == "string_type":
            message = f"`{where}` must be text, but it is {_kind(value)}"
            if isinstance(value, dict):
                message += " (a `key: value` inside text? put the text in quotes)"
        elif kind == "list_type":
            message = (
                f"`{where}` must be a list, but it is {_kind(value)}; "
                "put each entry on its own line starting with `- `"
            )
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            owner = _model_at(model, loc)
            keys = ", ".join(f"{k}:" for k in owner.model_fields) if owner else "keys"
            message = f"`{where}` must be a mapping of {keys} but it is {_kind(value)}"
        elif kind == "too_long" and isinstance(value, list):
            limit = error.get("ctx", {}).get("max_length")
            message = f"`{where}` has {len(value):,} entries, over the limit of {limit}"
        elif kind == "too_long" and isinstance(value, str):
            limit = error.get("ctx", {}).get("max_length")
            message = f"`{where}` is {len(value):,} characters, over the limit of {limit}; "
            message += (
                "a key fact's value is the big figure (87%, 1 in 4): put the words in `label`"
                if loc[0] == "key_facts"
                else "shorten it"
            )
        elif kind in ("int_parsing", "int_type", "int_from_float"):
            message = f"`{where}` must be a whole number such as 1, but it is `{value}`"
        elif kind == "greater_than_equal":
            limit = error.get("ctx", {}).get("ge")
            message = f"`{where}` must be {limit:g} or more, but it is {value}"
        elif kind == "string_too_long":
            message = f"`{where}` is too long: {error['msg'].lower()}; shorten it"
        else:
            subject = f"`{where}`" if where else "this summary"
            msg = error["msg"]
            message = f"{subject} {msg}" if msg[:1].islower() else f"{subject}: {msg}"
        line, col = document.position(loc, key=on_key)
    return Problem(str(document.path), line, col, message)

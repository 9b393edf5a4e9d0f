"""The one error type a user ever sees: a list of problems, each pinned to a place in a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class PrecisError(Exception):
    """A user error: bad content, a bad theme, a sheet that cannot fit.

    Carries every problem found so that one run reports them all, not one at a time.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: Path | str, line: int, col: int, message: str) -> PrecisError:
        return cls([Problem(str(path), line, col, message)])


class CannotRender(Exception):
    """Valid content a generator cannot render: too long for one page, or characters its font
    lacks. `key` names the top-level key to change.

    Generators know nothing of files or lines, so the build turns this into a PrecisError that
    points at the key's line in the summary.
    """

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message

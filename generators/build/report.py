"""What a build did, and the listener that follows it as it runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import Problem

if TYPE_CHECKING:
    from .plan import Task
    from .workers import Result


@dataclass
class Report:
    """What a build did, for the summary line and the exit status."""

    built: list[str] = field(default_factory=list)
    fresh: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    planned: list[tuple[str, str]] = field(default_factory=list)  # (output, reason)
    orphans: list[str] = field(default_factory=list)  # outputs whose summary was deleted
    checked: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> list[str]:
        return sorted({p.path for p in self.problems})

    def tally(self, seconds: float, *, terse: bool = False) -> str:
        """The closing line, e.g. `2 built, 1998 up to date, 0 failed, 0 removed in 0.31s`;
        terse leaves out the zero counts after "built", for `precis watch`'s line per save."""
        counts = [
            (len(self.fresh), "up to date"),
            (len(self.failed), "failed"),
            (len(self.removed), "removed"),
        ]
        rest = "".join(f", {n} {what}" for n, what in counts if n or not terse)
        return f"{len(self.built)} built{rest} in {seconds:.2f}s"


class Listener(Protocol):
    """Follows a build as it runs, to show progress."""

    def start(self, total: int) -> None:
        """The build has planned `total` summaries to render."""

    def result(self, task: Task, result: Result, written: dict[str, str]) -> None:
        """One summary is done; `written` maps format name to the output file written."""

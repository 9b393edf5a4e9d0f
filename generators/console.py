"""What a person watching `precis build` sees: a progress bar on a terminal, one line per
document otherwise, only errors with --quiet, and a closing summary that repeats every failure."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from .build import Report, Result, Task
from .errors import Problem


class BuildLog:
    """Reports one build. Use as a context manager around `build(..., on_result=log.result)`."""

    def __init__(self, out: Path, *, verbose: bool = False, quiet: bool = False) -> None:
        self.out = out
        self.quiet = quiet
        self.console = Console(stderr=True, highlight=False, soft_wrap=True)
        interactive = self.console.is_terminal and not verbose and not quiet
        self.progress = (
            Progress(
                TextColumn("[bold]Building"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            if interactive
            else None
        )
        self._bar: TaskID | None = None
        self._total = 0
        self._done = 0
        self._written = 0
        self._printed: set[Problem] = set()

    def __enter__(self) -> BuildLog:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.progress:
            self.progress.stop()
        if kind is KeyboardInterrupt:  # the bar is gone: say where the build stopped
            self.console.print(
                f"interrupted after {self._done} of {self._total} summaries: the "
                f"{self._written} documents written are complete and recorded; "
                "run `precis build` again to build the rest"
                if self._done
                else "interrupted before any document was written",
                markup=False,
            )

    def start(self, total: int) -> None:
        self._total = total
        if self.progress and total:
            self._bar = self.progress.add_task("build", total=total, rate="")

    def problem(self, problem: Problem) -> None:
        """Errors always go out at once, one plain line each, above any progress bar."""
        self._printed.add(problem)
        self.console.print(str(problem), markup=False, highlight=False)

    def result(self, task: Task, result: Result, written: dict[str, str]) -> None:
        for problem in result.problems:
            self.problem(problem)
        self._done += 1
        self._written += len(written)
        if self.progress and self._bar is not None:
            elapsed = self.progress.tasks[0].elapsed or 0
            rate = f"{self._done / elapsed:.0f} summaries/s" if elapsed > 0.5 else ""
            self.progress.update(self._bar, advance=1, rate=rate)
        elif not self.quiet:
            for format_name, name in written.items():
                why = "; ".join(
                    n for n in (task.outputs[format_name], result.notes.get(format_name)) if n
                )
                self.console.print(f"built {self.out / name} ({why})", markup=False)

    def finish(self, report: Report, seconds: float) -> None:
        for problem in report.problems:  # those found before rendering: unreadable files
            if problem not in self._printed:
                self.problem(problem)
        if not self.quiet:
            for name in report.removed:
                self.console.print(
                    f"removed {self.out / name} (its summary was deleted)", markup=False
                )
            self.console.print(report.tally(seconds), markup=False)
        if report.problems and (len(report.problems) > 1 or self.progress):
            failed = len(report.failed)
            noun = "summary" if failed == 1 else "summaries"
            self.console.print(f"\n{failed} {noun} failed:", markup=False)
            for problem in report.problems:
                self.problem(problem)

"""`precis`: a thin command line over `generators.build`.

Imports stay light at the top: rendering modules load only when a command renders.
"""

from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__
from .errors import PrecisError, Problem

if TYPE_CHECKING:
    from .theme import Theme

CONTENT = Path("content")

app = typer.Typer(
    name="precis",
    help="Turn a structured YAML summary of a review into a one-page PDF fact sheet and an "
    "editable Word briefing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}


class Format(StrEnum):
    pdf = "pdf"
    docx = "docx"


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Summary files or folders of them (default: content/)", show_default=False),
]
ThemeOpt = Annotated[
    Path, typer.Option("--theme", help="Theme file; the files it names are looked up beside it")
]
ReferenceOpt = Annotated[
    Path, typer.Option("--reference-docx", help="Word template the briefing takes its styles from")
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder")]
JobsOpt = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        show_default=False,
        help="Worker processes (default: one per CPU core)",
    ),
]
OnlyOpt = Annotated[Format | None, typer.Option("--only", help="Build just one format")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"precis {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for internal errors")
    ] = False,
) -> None:
    _state["debug"] = debug


def _fail(problems: list[Problem]) -> NoReturn:
    for problem in problems:
        typer.echo(str(problem), err=True)
    raise typer.Exit(1)


def _load_theme(theme: Path, reference_docx: Path) -> Theme:
    from .theme import load_theme

    try:
        return load_theme(theme, reference_docx)
    except PrecisError as exc:
        _fail(exc.problems)


def _formats(only: Format | None) -> list[str]:
    from .registry import GENERATORS

    return [only.value] if only else list(GENERATORS)


@app.command()
def build(
    paths: PathsArg = None,
    out: OutOpt = Path("build"),
    only: OnlyOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even up-to-date outputs")] = False,
    jobs: JobsOpt = 0,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be built and why; build nothing")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line per document, no progress bar")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors")] = False,
    theme: ThemeOpt = Path("templates/theme.yaml"),
    reference_docx: ReferenceOpt = Path("templates/briefing.docx"),
) -> None:
    """Build the fact sheet and briefing for every summary whose inputs changed."""
    from .build import build as run_build
    from .build import default_jobs
    from .console import BuildLog

    loaded = _load_theme(theme, reference_docx)
    started = time.perf_counter()
    with BuildLog(out, verbose=verbose, quiet=quiet) as log:
        report = run_build(
            paths or [CONTENT],
            out,
            loaded,
            _formats(only),
            force=force,
            jobs=jobs or default_jobs(),
            dry_run=dry_run,
            listener=log,
        )
        if dry_run:
            for name, reason in report.planned:
                typer.echo(f"{out / name}: {reason}")
            for name in report.orphans:
                typer.echo(f"{out / name}: remove (its summary was deleted)")
            for problem in report.problems:
                log.problem(problem)
            typer.echo(
                f"{len(report.planned)} to build, {len(report.fresh)} up to date, "
                f"{len(report.orphans)} to remove",
                err=True,
            )
        else:
            log.finish(report, time.perf_counter() - started)
    if report.problems:
        raise typer.Exit(1)


@app.command()
def clean(
    out: OutOpt = Path("build"),
) -> None:
    """Remove the documents Precis wrote in the output folder, and nothing else."""
    from .build import clean as run_clean

    removed = run_clean(out)
    for name in removed:
        typer.echo(f"removed {out / name}", err=True)
    typer.echo(f"{len(removed)} files removed", err=True)


@app.command()
def watch(
    paths: PathsArg = None,
    out: OutOpt = Path("build"),
    only: OnlyOpt = None,
    jobs: JobsOpt = 0,
    theme: ThemeOpt = Path("templates/theme.yaml"),
    reference_docx: ReferenceOpt = Path("templates/briefing.docx"),
) -> None:
    """Build, then rebuild what changed each time a summary, the theme or a template is saved."""
    from .build import default_jobs
    from .watch import watch as run_watch

    def say(line: str) -> None:
        typer.echo(line, err=True)

    say(f"watching {', '.join(str(p) for p in paths or [CONTENT])}; press Ctrl-C to stop")
    try:
        run_watch(
            paths or [CONTENT],
            out,
            theme,
            reference_docx,
            _formats(only),
            jobs or default_jobs(),
            say,
        )
    except KeyboardInterrupt:
        say("stopped watching")


@app.command()
def check(
    paths: PathsArg = None,
    only: OnlyOpt = None,
    theme: ThemeOpt = Path("templates/theme.yaml"),
    reference_docx: ReferenceOpt = Path("templates/briefing.docx"),
) -> None:
    """Check summaries as `build` would, including that each sheet fits one page; write nothing."""
    from .build import check as run_check
    from .registry import GENERATORS

    loaded = _load_theme(theme, reference_docx)
    for name in _formats(only):
        for warning in GENERATORS[name].template_warnings(loaded):
            typer.echo(str(warning), err=True)
    report = run_check(paths or [CONTENT], loaded, _formats(only))
    if report.problems:
        _fail(report.problems)
    count = len(report.checked)
    typer.echo(f"{count} {'summary' if count == 1 else 'summaries'} OK", err=True)


@app.command()
def new(
    slug: Annotated[
        str, typer.Argument(help="File name for the summary, e.g. durham-child-protection")
    ],
    folder: Annotated[Path, typer.Option("--content", help="Folder to write into")] = Path(
        "content"
    ),
) -> None:
    """Write a commented skeleton summary to fill in; never overwrites."""
    from .loader import SLUG, suggest_slug
    from .skeleton import SKELETON

    target = folder / f"{slug}.yaml"
    if not SLUG.fullmatch(slug):
        _fail(
            [
                Problem(
                    str(target),
                    1,
                    1,
                    f"`{slug}` is not a valid slug (lowercase letters, "
                    f"digits and hyphens); try `{suggest_slug(slug)}`",
                )
            ]
        )
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(SKELETON)
    except FileExistsError:
        _fail([Problem(str(target), 1, 1, "already exists; choose another slug or edit this file")])
    typer.echo(f"wrote {target}; fill it in, then run `precis check {target}`")


@app.command()
def schema() -> None:
    """Print the JSON Schema of a summary, for editors that check YAML as you type."""
    from .model import Summary

    typer.echo(json.dumps(Summary.model_json_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    """Entry point: user errors as one line each, internal errors as one line unless --debug."""
    try:
        app()
    except PrecisError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # an internal error: short message, traceback with --debug
        if _state["debug"] or "--debug" in sys.argv:
            raise
        print(
            f"precis: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
            file=sys.stderr,
        )
        sys.exit(2)

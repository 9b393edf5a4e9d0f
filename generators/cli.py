"""`precis`: a thin command line over the library (`generators.build`, `generators.project`).

Imports stay light at the top: rendering modules load only when a command renders.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from . import __version__
from .errors import PrecisError, Problem
from .formats import FORMATS
from .project import CONTENT

if TYPE_CHECKING:
    from .theme.model import Theme

app = typer.Typer(
    name="precis",
    help="Turn a structured YAML summary of a review into a one-page PDF fact sheet and an "
    "editable Word briefing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: no type tags such as <bool> beside every option
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

_state = {"debug": False}
HERE = Path(".")

FORMAT_NAMES = "|".join(FORMATS)


def _format_name(value: str) -> str:
    name = value.lower()
    if name not in FORMATS:
        raise typer.BadParameter(f"`{value}` is not a format; choose {' or '.join(FORMATS)}")
    return name


def _only(verb: str) -> Any:
    return typer.Option(
        "--only", metavar=FORMAT_NAMES, parser=_format_name, help=f"{verb} just one format"
    )


PathsArg = Annotated[
    list[Path] | None, typer.Argument(metavar="PATH", hidden=True, show_default=False)
]
"""Summary files or folders of them; described in each command's help, where it reads better."""
ThemeOpt = Annotated[
    Path | None,
    typer.Option(
        "--theme",
        metavar="FILE",
        show_default=False,
        help="Theme file; the files it names are looked up beside it "
        "(default: templates/theme.yaml if there is one, else Precis's own)",
    ),
]
ReferenceOpt = Annotated[
    Path | None,
    typer.Option(
        "--reference-docx",
        metavar="FILE",
        show_default=False,
        help="Word template the briefing takes its styles from "
        "(default: templates/briefing.docx if there is one, else Precis's own)",
    ),
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Output folder")]
JobsOpt = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        callback=lambda value: _at_least_zero(value),
        show_default=False,
        help="Worker processes (default: one per CPU core, and never more than the summaries "
        "to build)",
    ),
]


def _at_least_zero(value: int) -> int:
    if value < 0:
        raise typer.BadParameter("give 0 (one per CPU core) or a number of workers")
    return value


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


def _load_theme(theme: Path | None, reference_docx: Path | None) -> Theme:
    from .theme.loader import load_theme

    try:
        return load_theme(theme, reference_docx)
    except PrecisError as exc:
        _fail(exc.problems)


def _formats(only: str | None) -> list[str]:
    return [only] if only else list(FORMATS)


@app.command()
def build(
    paths: PathsArg = None,
    out: OutOpt = Path("build"),
    only: Annotated[str | None, _only("Build")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even up-to-date outputs")] = False,
    jobs: JobsOpt = 0,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be built and why; build nothing")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="One line per document, no progress bar")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors")] = False,
    theme: ThemeOpt = None,
    reference_docx: ReferenceOpt = None,
) -> None:
    """Build the fact sheet and briefing of every summary whose inputs changed.

    PATH is a summary file or a folder of them (default: content/). Each output is rebuilt only
    when its summary, the theme or the precis version changed; documents of summaries deleted
    from a folder being built are removed.

    \b
    Example:
      precis build content/durham-child-protection.yaml --only pdf
    """
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
        for warning in report.warnings:
            log.problem(warning)
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
def clean(out: OutOpt = Path("build")) -> None:
    """Remove the documents Precis wrote in the output folder, and nothing else.

    \b
    Example:
      precis clean --out build
    """
    from .build import clean as run_clean

    removed, warnings = run_clean(out)
    for warning in warnings:
        typer.echo(str(warning), err=True)
    for name in removed:
        typer.echo(f"removed {out / name}", err=True)
    typer.echo(f"{len(removed)} files removed", err=True)


@app.command()
def watch(
    paths: PathsArg = None,
    out: OutOpt = Path("build"),
    only: Annotated[str | None, _only("Build")] = None,
    jobs: JobsOpt = 0,
    theme: ThemeOpt = None,
    reference_docx: ReferenceOpt = None,
) -> None:
    """Build, then rebuild what changed each time a summary, the theme or a template is saved.

    PATH is a summary file or a folder of them (default: content/). Press Ctrl-C to stop.

    \b
    Example:
      precis watch content/
    """
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
    only: Annotated[str | None, _only("Check")] = None,
    theme: ThemeOpt = None,
    reference_docx: ReferenceOpt = None,
) -> None:
    """Check summaries as `build` would, including that each sheet fits one page; write nothing.

    PATH is a summary file or a folder of them (default: content/).

    \b
    Example:
      precis check content/durham-child-protection.yaml
    """
    from .build import check as run_check

    loaded = _load_theme(theme, reference_docx)
    for name in _formats(only):
        for warning in FORMATS[name].template_warnings(loaded):
            typer.echo(str(warning), err=True)
    report = run_check(paths or [CONTENT], loaded, _formats(only))
    for warning in report.warnings:
        typer.echo(str(warning), err=True)
    if report.problems:
        _fail(report.problems)
    count = len(report.checked)
    typer.echo(f"{count} {'summary' if count == 1 else 'summaries'} OK", err=True)


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", hidden=True)] = HERE,
    templates: Annotated[
        bool,
        typer.Option("--templates", help="Also copy the default theme and Word template to edit"),
    ] = False,
) -> None:
    """Start a project in DIR (default: this folder, which must be empty).

    Writes content/ with a real example summary and the schema editors check it against, and
    a .gitignore for build/. Never overwrites anything.

    \b
    Example:
      precis init my-reviews && cd my-reviews && precis build
    """
    from .project import init_project

    try:
        written = init_project(folder, templates=templates)
    except PrecisError as exc:
        _fail(exc.problems)
    for path in written:
        typer.echo(f"wrote {path}", err=True)
    where = "" if folder == HERE else f"cd {folder} && "
    typer.echo(f"next: {where}precis build", err=True)


@app.command()
def new(
    slug: Annotated[str, typer.Argument(metavar="SLUG", hidden=True, show_default=False)],
    folder: Annotated[
        Path, typer.Option("--content", metavar="DIR", help="Folder to write into")
    ] = CONTENT,
) -> None:
    """Write SLUG.yaml, a commented skeleton summary to fill in; never overwrites.

    SLUG is the file name without .yaml: lowercase letters, digits and hyphens. The schema
    editors check it against is written beside it if it is not there yet.

    \b
    Example:
      precis new durham-child-protection
    """
    from .project import new_summary

    try:
        target, *others = new_summary(folder, slug)
    except PrecisError as exc:
        _fail(exc.problems)
    for path in others:
        typer.echo(f"wrote {path}", err=True)
    typer.echo(f"wrote {target}; fill it in, then run `precis check {target}`")


@app.command("import")
def import_(
    source: Annotated[str, typer.Argument(metavar="SOURCE", hidden=True, show_default=False)],
    folder: Annotated[
        Path, typer.Option("--content", metavar="DIR", help="Folder to write into")
    ] = CONTENT,
    slug: Annotated[
        str | None,
        typer.Option(
            "--slug",
            metavar="SLUG",
            show_default=False,
            help="File name without .yaml (default: from the headline)",
        ),
    ] = None,
) -> None:
    """Draft a summary from a review's press release; never overwrites.

    SOURCE is a .txt, .html, .docx or .pdf file, - for standard input, or an http(s)
    address. Writes DIR/SLUG.yaml with a `# check:` line above every guessed value and
    placeholders for what the release does not give, and says what is left to write.

    \b
    Example:
      precis import durham-press-release.txt --slug durham-child-protection
    """
    from .importer.sources import SourceError
    from .importer.write import import_release

    try:
        imported = import_release(source, folder, slug)
    except SourceError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    for path in imported.others:
        typer.echo(f"wrote {path}", err=True)
    report = imported.report
    typer.echo(f"wrote {imported.target}")
    typer.echo(f"found: {', '.join(report.found) or 'nothing'}")
    if report.checks:
        typer.echo(f"check: {report.checks} guessed values, each under a `# check:` line")
    for missing in report.missing:
        typer.echo(f"to write: {missing}")
    typer.echo(f"next: fill it in, then run `precis check {imported.target}`")


@app.command()
def schema(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            show_default=False,
            help="Write it to FILE (default: print it)",
        ),
    ] = None,
    theme: Annotated[
        bool, typer.Option("--theme", help="The theme file's schema, not a summary's")
    ] = False,
    labels: Annotated[
        bool, typer.Option("--labels", help="A label set's schema (templates/labels/*.yaml)")
    ] = False,
) -> None:
    """The JSON Schema of a summary, for editors that check YAML as you type.

    \b
    Example:
      precis schema --out content/summary.schema.json
    """
    from .build.output import write_atomic
    from .content.model import Summary
    from .project import schema_text
    from .theme.labels import LabelSet
    from .theme.model import ThemeSettings

    text = schema_text(LabelSet if labels else ThemeSettings if theme else Summary)
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        write_atomic(out, text.encode())
    except OSError as exc:
        from .build.output import write_error

        _fail([write_error(out, exc)])
    typer.echo(f"wrote {out}", err=True)


@app.command(name="labels")
def labels_command(
    language: Annotated[
        str | None, typer.Argument(metavar="LANGUAGE", hidden=True, show_default=False)
    ] = None,
    theme: ThemeOpt = None,
) -> None:
    """List the label sets (the words both documents print, one set per language), or print
    the file of one: the start of a new language's set.

    LANGUAGE is a BCP 47 tag (en-GB, cy). A file in templates/labels/ adds or replaces a set.

    \b
    Example:
      precis labels en-GB > templates/labels/ga.yaml
    """
    from .theme.labels import matching
    from .theme.model import missing_labels

    loaded = _load_theme(theme, None)
    if language is None:
        for tag, path in sorted(loaded.label_files.items()):
            typer.echo(f"{tag}\t{path}")
        return
    import langcodes

    if not langcodes.tag_is_valid(language):
        typer.echo(f"precis: `{language}` is not a BCP 47 language tag (en-GB, cy)", err=True)
        raise typer.Exit(1)
    found = matching(loaded.labels, language)
    if found is None:
        typer.echo(f"precis: {missing_labels(language, sorted(loaded.labels))}", err=True)
        raise typer.Exit(1)
    typer.echo(loaded.label_files[found.language].read_text(encoding="utf-8"), nl=False)


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

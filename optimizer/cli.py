"""The ``optimizer`` command.

Commands: ``validate`` (every problem of a scenario, at once) and ``convert`` (folder <-> .xlsx).
Each command runs its work inside :func:`reporting` and prints through :class:`Output`,
:func:`report_problems` and :func:`fail`, so that bad input always ends in a readable message and
an exit code, never a Python traceback:

- ``0`` the command did its job (warnings allowed);
- ``1`` the scenario is not valid, or the command could not do its job;
- ``2`` the command line itself is wrong (typer's own usage errors).

Output is a rich table on a terminal, one plain line per problem when piped, and a JSON document
with ``--json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NoReturn

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .checks import check
from .problems import Problem, ScenarioError
from .scenario import load_scenario, save_scenario

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

#: Suffixes that look like a file but that ``convert`` cannot write.
_NOT_A_TARGET = (".xls", ".xlsm", ".csv", ".yaml", ".yml", ".json", ".zip")

app = typer.Typer(
    name="optimizer",
    help="Shared treatment facilities for industrial parks: check, convert and solve scenarios.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# ---------------------------------------------------------------------------------------------
# Output helpers (shared by every command)
# ---------------------------------------------------------------------------------------------


@dataclass
class Output:
    """Where and how a command prints: JSON, a rich terminal, or plain lines when piped."""

    as_json: bool = False
    console: Console = field(default_factory=Console)

    @property
    def plain(self) -> bool:
        return not self.console.is_terminal

    def line(self, text: str) -> None:
        """One line of human-readable text (nothing in JSON mode, where only the document prints)."""
        if self.as_json:
            return
        if self.plain:
            typer.echo(text)
        else:
            self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def document(self, document: dict[str, Any]) -> None:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False, default=str))


def problems_document(problems: Iterable[Problem], **extra: Any) -> dict[str, Any]:
    """``{"valid": ..., "errors": [...], "warnings": [...]}`` (plus ``extra`` keys first).

    >>> problems_document([Problem("x.csv", "a", "a number", severity="warning")])["valid"]
    True
    """
    problems = list(problems)
    errors = [p.as_dict() for p in problems if p.is_error]
    warnings = [p.as_dict() for p in problems if not p.is_error]
    return {**extra, "valid": not errors, "errors": errors, "warnings": warnings}


def summary(problems: Iterable[Problem]) -> str:
    """``2 errors, 1 warning``.

    >>> summary([Problem("x", None, "y")])
    '1 error, 0 warnings'
    """
    problems = list(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def report_problems(out: Output, problems: Iterable[Problem], title: str, **extra: Any) -> None:
    """Print problems, errors first: a JSON document, a rich table, or one line each."""
    problems = sorted(problems, key=lambda p: not p.is_error)  # stable: errors, then warnings
    if out.as_json:
        out.document(problems_document(problems, **extra))
        return
    if not problems:
        out.line(f"{title}: valid")
        return
    if out.plain:
        for problem in problems:
            typer.echo(f"{problem.severity}: {problem}")
        typer.echo(f"{title}: {summary(problems)}")
        return
    out.console.print(_problem_table(problems, f"{title}: {summary(problems)}"))


def _problem_table(problems: list[Problem], title: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=True, expand=True)
    table.add_column("", no_wrap=True)
    table.add_column("where", ratio=2)
    table.add_column("found", ratio=2)
    table.add_column("expected", ratio=3)
    for problem in problems:
        style = "bold red" if problem.is_error else "yellow"
        table.add_row(
            f"[{style}]{problem.severity}[/]",
            escape(problem.where()),
            escape(problem.found_text()),
            escape(problem.expected),
        )
    return table


def fail(out: Output, message: str, **extra: Any) -> NoReturn:
    """Print one message (or an error document in JSON mode) and exit with code 1."""
    if out.as_json:
        out.document({**extra, "valid": False, "error": message, "errors": [], "warnings": []})
    else:
        typer.echo(f"optimizer: {message}", err=True)
    raise typer.Exit(EXIT_FAILED)


@contextmanager
def reporting(out: Output, doing: str, title: str, **extra: Any) -> Iterator[None]:
    """Turn any failure inside into a message and exit code 1 (never a traceback).

    A :class:`ScenarioError` prints its problems under ``title``; any other exception is a bug,
    reported in one line that says what the command was ``doing``.
    """
    try:
        yield
    except (typer.Exit, click.exceptions.ClickException, click.exceptions.Abort):
        raise
    except ScenarioError as error:
        report_problems(out, error.problems, title, **extra)
        raise typer.Exit(EXIT_FAILED) from None
    except Exception as error:
        fail(
            out,
            f"internal error while {doing}: {type(error).__name__}: {error} (please report "
            "this with the scenario)",
            **extra,
        )


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

PathArgument = Annotated[
    Path,
    typer.Argument(
        metavar="PATH", help="A scenario folder (with scenario.yaml) or an .xlsx workbook."
    ),
]
VariantOption = Annotated[
    str | None,
    typer.Option(
        "--variant", "-v", metavar="NAME", help="Variant to apply (a name, or several as a,b)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON document instead of text.")]


@app.command()
def validate(
    path: PathArgument, variant: VariantOption = None, as_json: JsonOption = False
) -> None:
    """List every problem of a scenario: errors first, then warnings.

    Exit code 0 when the scenario is valid (warnings allowed), 1 when it is not.
    """
    out = Output(as_json=as_json)
    title = f"{path}" + (f" [{variant}]" if variant else "")
    with reporting(out, f"checking {title}", title, scenario=str(path)):
        scenario = load_scenario(path, variant)
        problems = check(scenario)
    report_problems(out, problems, scenario.label, scenario=scenario.label)
    if any(p.is_error for p in problems):
        raise typer.Exit(EXIT_FAILED)


@app.command()
def convert(
    src: Annotated[
        Path, typer.Argument(metavar="SRC", help="Scenario folder or .xlsx workbook to read.")
    ],
    dst: Annotated[
        Path,
        typer.Argument(metavar="DST", help="Where to write: a path ending in .xlsx, or a folder."),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace DST if it exists (a scenario only).")
    ] = False,
) -> None:
    """Convert a scenario folder to one .xlsx workbook, or a workbook to a folder.

    Every table, setting and variant is written. A scenario with cells that do not parse is refused (they would be lost).
    """
    out = Output()
    _refuse_target(out, src, dst, force)
    with reporting(out, f"converting {src}", str(src)):
        scenario = load_scenario(src)
        lossy = [p for p in scenario.load_problems if p.is_error and p.line is not None]
        if lossy:
            report_problems(out, lossy, f"{src}")
            fail(out, f"not converted: {len(lossy)} cell(s) would be lost; fix them first")
        save_scenario(scenario, dst)
    kind = "workbook" if dst.suffix.lower() == ".xlsx" else "folder"
    out.line(f"wrote {dst} ({kind}, {len(scenario.variants)} variants)")


def _refuse_target(out: Output, src: Path, dst: Path, force: bool) -> None:
    """Stop before reading when DST cannot or must not be written."""
    if dst.suffix.lower() in _NOT_A_TARGET:
        fail(out, f"cannot write {dst}: give a path ending in .xlsx, or a folder")
    if not dst.exists() or dst.resolve() == src.resolve():
        return
    if not force:
        fail(out, f"{dst} exists; pass --force to replace it")
    workbook = dst.suffix.lower() == ".xlsx"
    if workbook and not dst.is_file():
        fail(out, f"{dst} is a folder, not a workbook; not replaced")
    if not workbook and not (dst / "scenario.yaml").is_file():
        fail(out, f"{dst} is not a scenario folder (no scenario.yaml); not replaced")


if __name__ == "__main__":
    app()

"""How every command prints and ends: :class:`Output` (JSON, a rich terminal, or plain lines
when piped), problems as a document, a table or lines, :func:`fail`, :func:`reporting` (any
failure becomes a message, never a traceback) and the exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NoReturn

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..files import OutputPathError
from ..problems import Problem, ScenarioError
from ..words.catalogue import tr, tr_n
from ..words.language import ENGLISH, using_language
from ..words.problem_text import problem_found, problem_text, problem_where
from ..words.said import spoken

#: The command did its job (warnings allowed).
EXIT_OK = 0
#: Bad input, no feasible plan, no plan from the solver, a failed batch case, or the command
#: could not do its job.
EXIT_FAILED = 1
#: The command line itself is wrong (typer's own usage errors).
EXIT_USAGE = 2


@dataclass
class Output:
    """Where and how a command prints: JSON, a rich terminal, or plain lines when piped; the
    problems in ``language`` (``--language``: a tag or an alias, English by default)."""

    as_json: bool = False
    console: Console = field(default_factory=Console)
    language: str = ENGLISH

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


def problem_counts(problems: Iterable[Problem]) -> str:
    """``2 errors, 1 warning`` (in the current language).

    >>> problem_counts([Problem("x", None, "y")])
    '1 error, 0 warnings'
    """
    problems = list(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return tr(
        "cli.counts", errors=tr_n("cli.errors", errors), warnings=tr_n("cli.warnings", warnings)
    )


def report_problems(out: Output, problems: Iterable[Problem], title: str, **extra: Any) -> None:
    """Print problems, errors first: a JSON document, a rich table, or one line each.

    The lines and the table are in the current language (``--language``); the JSON document is
    data, in English in every language (as the plan files are)."""
    problems = sorted(problems, key=lambda p: not p.is_error)  # stable: errors, then warnings
    if out.as_json:
        out.document(problems_document(problems, **extra))
        return
    with using_language(out.language):
        _print_problems(out, problems, title)


def _print_problems(out: Output, problems: list[Problem], title: str) -> None:
    if not problems:
        out.line(tr("cli.valid", title=title))
        return
    if out.plain:
        for problem in problems:
            severity = tr(f"problem.{problem.severity}")
            typer.echo(tr("cli.problem_line", severity=severity, problem=problem_text(problem)))
        typer.echo(tr("cli.titled", title=title, counts=problem_counts(problems)))
        return
    titled = tr("cli.titled", title=title, counts=problem_counts(problems))
    out.console.print(_problem_table(problems, titled))


def _problem_table(problems: list[Problem], title: str) -> Table:
    # the title is the scenario's label (tiny[dear]): text, not markup
    table = Table(title=escape(title), title_justify="left", show_lines=True, expand=True)
    table.add_column("", no_wrap=True)
    table.add_column(tr("problems.col.where"), ratio=2)
    table.add_column(tr("cli.col.found"), ratio=2)
    table.add_column(tr("cli.col.expected"), ratio=3)
    for problem in problems:
        style = "bold red" if problem.is_error else "yellow"
        table.add_row(
            f"[{style}]{escape(tr(f'problem.{problem.severity}'))}[/]",
            escape(problem_where(problem)),
            escape(problem_found(problem)),
            escape(spoken(problem.expected)),
        )
    return table


def print_pairs(out: Output, title: str, pairs: list[tuple[str, str]]) -> None:
    """``item: value`` lines under a title (a two-column table on a terminal; nothing in JSON
    mode)."""
    if out.as_json:
        return
    if out.plain:
        typer.echo(title)
        for key, value in pairs:
            typer.echo(f"{key}: {value}")
        return
    table = Table(title=title, title_justify="left", show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for key, value in pairs:
        table.add_row(escape(key), escape(value))
    out.console.print(table)


def fail(out: Output, message: str, **extra: Any) -> NoReturn:
    """Print one message (or an error document in JSON mode) and exit with code 1."""
    if out.as_json:
        out.document({**extra, "valid": False, "error": message, "errors": [], "warnings": []})
    else:
        typer.echo(f"optimizer: {message}", err=True)
    raise typer.Exit(EXIT_FAILED)


#: What :func:`reporting` lets through: typer (which carries its own click) and click exits.
_PASS_THROUGH = (
    typer.Exit,
    typer.Abort,
    typer.BadParameter,
    click.exceptions.ClickException,
    click.exceptions.Abort,
)


@contextmanager
def reporting(out: Output, doing: str, title: str, **extra: Any) -> Iterator[None]:
    """Turn any failure inside into a message and exit code 1 (never a traceback).

    A :class:`ScenarioError` prints its problems under ``title``; an :class:`OutputPathError` (a
    folder where a file goes, or the other way round) its message; any other exception is a bug,
    reported in one line that says what the command was ``doing``. An exit, an abort and a usage
    error (typer's own, or click's) pass through.
    """
    try:
        yield
    except _PASS_THROUGH:
        raise
    except ScenarioError as error:
        report_problems(out, error.problems, title, **extra)
        raise typer.Exit(EXIT_FAILED) from None
    except OutputPathError as error:
        fail(out, str(error), **extra)
    except Exception as error:
        fail(
            out,
            f"internal error while {doing}: {type(error).__name__}: {error} (please report "
            "this with the scenario)",
            **extra,
        )

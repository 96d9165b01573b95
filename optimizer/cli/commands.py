"""The commands of ``optimizer``, found by name and imported only when one is run.

:data:`COMMANDS` names each command and the function that runs it (``"module:function"`` in this
package). ``optimizer --help`` lists them from their docstrings, read from the source without
importing it (:func:`summary`), so the listing costs a few milliseconds; the module of a command
is imported when that command runs (or shows its own ``--help``). Importing every command module
brings pandas, scipy, networkx and highspy in, 1-2 s here, for a ``--help`` that needs none of
them.

Adding a command is one line in :data:`COMMANDS`, in the order ``optimizer --help`` lists them.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from importlib import import_module
from inspect import cleandoc
from pathlib import Path
from typing import Any

import click
import typer
from typer.core import TyperGroup

#: Each command's name and its function, in the order ``optimizer --help`` lists them.
COMMANDS: dict[str, str] = {
    "validate": "scenario_commands:validate",
    "convert": "scenario_commands:convert",
    "solve": "plan_commands:solve",
    "generate": "generate_command:generate",
    "export": "export_command:export_command",
    "statement": "statement_command:statement",
    "compare": "plan_commands:compare",
    "batch": "batch_command:batch",
    "verify": "verify_commands:verify",
    "whatif": "verify_commands:whatif",
    "alternatives": "explore_commands:alternatives",
    "whynot": "explore_commands:whynot",
}

_HERE = Path(__file__).resolve().parent


def _where(name: str) -> tuple[str, str]:
    module, function = COMMANDS[name].split(":")
    return module, function


@cache
def summary(name: str) -> str:
    """A command's help text, its function's docstring read from the source (not imported).

    >>> summary("validate").splitlines()[0]
    'List every problem of a scenario: errors first, then warnings.'
    """
    module, function = _where(name)
    source = (_HERE / f"{module}.py").read_text(encoding="utf-8")
    # the function's own lines parse in a tenth of the time of its module (12 modules, 2,000
    # lines: 0.02-0.035 s of `optimizer --help`); the whole module when they do not stand alone
    for text in (_function_lines(source, function), source):
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == function:
                return cleandoc(ast.get_docstring(node) or "")
    raise LookupError(f"{COMMANDS[name]}: no such function")


def _function_lines(source: str, function: str) -> str:
    """The lines of a top-level ``def function(`` up to the next line at column 0 that is not
    the end of its signature (``)``) or a comment; empty when there is no such ``def``."""
    found = re.search(rf"^def {re.escape(function)}\(", source, flags=re.MULTILINE)
    if found is None:
        return ""
    end = re.compile(r"^[^\s)#]", flags=re.MULTILINE).search(source, found.end())
    return source[found.start() : end.start() if end else len(source)]


def listing(name: str) -> str:
    """A command's line in ``optimizer --help``: the first paragraph of its help, on one line
    (the docstring's own line breaks are the source's, not the terminal's).

    >>> listing("alternatives").count("\\n")
    0
    """
    return " ".join(summary(name).split("\n\n")[0].split())


def load_command(name: str) -> click.Command:
    """The click command that runs ``name``, its module imported now."""
    module, function = _where(name)
    callback = getattr(import_module(f".{module}", __package__), function)
    one = typer.Typer(
        add_completion=False, pretty_exceptions_enable=False, rich_markup_mode="markdown"
    )
    one.command(name=name)(callback)
    return typer.main.get_command(one)


class LazyCommands(TyperGroup):
    """A typer group whose commands are listed from :data:`COMMANDS` and loaded when run."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for name in COMMANDS:
            self.commands[name] = click.Command(name, help=listing(name))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        listed = self.commands.get(cmd_name)
        if listed is not None and not isinstance(listed, typer.core.TyperCommand):
            # a help listing asks for every command: the placeholder answers it
            if not ctx.meta.get(_RESOLVING):
                return listed
            self.commands[cmd_name] = listed = load_command(cmd_name)
        return listed

    def _draws_listing(self) -> bool:
        return typer.core.HAS_RICH and self.rich_markup_mode is not None

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not self._draws_listing():
            return super().format_help(ctx, formatter)
        # lazy: rich's console and tables, for the listing only; typer's own help would import
        # typer.rich_utils, 0.09-0.13 s of CPU of `optimizer --help` here (listing.py)
        from .listing import print_listing

        print_listing(self, ctx)
        return None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if (
            not args
            and self.no_args_is_help
            and not ctx.resilient_parsing
            and self._draws_listing()
        ):
            # typer would raise the help as an error, then import its renderer to show the error
            ctx.get_help()
            ctx.exit(2)
        return super().parse_args(ctx, args)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        ctx.meta[_RESOLVING] = True
        try:
            return super().resolve_command(ctx, args)
        finally:
            ctx.meta[_RESOLVING] = False


_RESOLVING = "optimizer.cli.resolving"

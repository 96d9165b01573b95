"""``optimizer --help``: the usage line, the description, the options and the commands, drawn with
rich alone, in the look of typer's help.

typer draws help through ``typer.rich_utils``, whose import brings rich's Markdown (markdown-it,
pygments) and tracebacks (attrs) first: 0.09-0.13 s of the 0.28 s of CPU of ``optimizer --help``
here (``python -X importtime``), for a listing that is one paragraph and two tables. A command's
own help (``optimizer solve --help``) is still typer's.
"""

from __future__ import annotations

import os

import click
from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text


def _console() -> Console:
    width = os.environ.get("TERMINAL_WIDTH")  # typer's own setting for its help's width
    return Console(width=int(width) if width and width.isdigit() else None)


def _panel(title: str, rows: list[tuple[str, str]]) -> Panel:
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False, expand=False)
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for name, text in rows:
        table.add_row(name, text)
    return Panel(table, title=title, title_align="left", border_style="dim")


def print_listing(group: click.Group, ctx: click.Context) -> None:
    """Print the help of the ``optimizer`` group: its usage, help, options and commands (each
    command's line as the group lists it, its module not imported)."""
    console = _console()
    usage = Text("Usage: ", style="yellow") + Text(group.get_usage(ctx).removeprefix("Usage: "))
    console.print(Padding(usage, 1), style="bold")
    if group.help:
        console.print(Padding(Text(" ".join(group.help.split())), (0, 1, 1, 1)))
    options = [
        record
        for param in group.get_params(ctx)
        if not getattr(param, "hidden", False) and (record := param.get_help_record(ctx))
    ]
    if options:
        console.print(_panel("Options", options))
    commands = [
        (name, command.help or "")
        for name in group.list_commands(ctx)
        if (command := group.get_command(ctx, name)) is not None and not command.hidden
    ]
    if commands:
        console.print(_panel("Commands", commands))

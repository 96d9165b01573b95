"""The ``optimizer`` command (:data:`app`, the entry point ``optimizer.cli:app``).

Commands: ``validate`` (every problem of a scenario, at once), ``solve`` (one plan, its summary and
files), ``batch`` (scenarios x variants x sweeps in parallel, resumable, on a Dask cluster if
asked), ``compare`` (plans side by side), ``export`` (a plan in another format), ``convert``
(folder <-> .xlsx) and ``generate`` (a synthetic park). Each command runs its work inside
:func:`~optimizer.cli.output.reporting` and prints through :class:`~optimizer.cli.output.Output`,
so that bad input always ends in a readable message and an exit code, never a Python traceback:

- ``0`` the command did its job (warnings allowed);
- ``1`` the scenario is not valid, has no feasible plan, the solver stopped without a plan, a
  batch case failed, or the command could not do its job;
- ``2`` the command line itself is wrong (typer's own usage errors).

Output is rich (tables, a progress bar) on a terminal, plain lines when piped, and a JSON
document with ``--json``.

The package, one job per module: ``commands`` (which commands there are, found by name and
imported only when one runs: adding a command is one line in
:data:`~optimizer.cli.commands.COMMANDS`), ``output`` (printing, problems, exit codes),
``options`` (the arguments and options commands share), ``progress`` (the batch's and the
solve's progress displays), ``scenario_commands`` (validate, convert), ``generate_command`` (generate),
``plan_commands`` (solve, compare), ``export_command`` (export) and ``batch_command`` (batch). The words themselves
(status, money, labels) are in :mod:`optimizer.words`; the batch's arguments are worked out in
:mod:`optimizer.batch`.

Start-up: importing this package loads typer and the command names only; a command's module
(and with it pandas, the solver, Pyomo for the Pyomo routes, matplotlib for figures, scipy for a
park network's distances) is imported when that command runs, so ``optimizer --help`` and
``optimizer --version`` answer at once (the package's version is read only for ``--version``). Keep heavy imports out of ``commands`` and ``listing`` (what ``--help`` loads) and ``arguments``; ``output`` (the problems' words) and ``options`` (the allocation rules) load pandas, as every command does.
"""

from __future__ import annotations

from typing import Annotated

import typer

import optimizer

from .commands import LazyCommands

app = typer.Typer(
    name="optimizer",
    cls=LazyCommands,
    help="Shared treatment facilities for industrial parks: check, solve, batch-run, compare "
    "and export scenarios and plans.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"optimizer {optimizer.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version of the optimizer and exit.",
        ),
    ] = False,
) -> None:
    """Shared treatment facilities for industrial parks: check, solve, batch-run, compare and
    export scenarios and plans."""


__all__ = ["app"]

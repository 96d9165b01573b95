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

The package, one job per module: ``output`` (printing, problems, exit codes), ``options`` (the
arguments and options commands share), ``progress`` (the batch's progress displays),
``scenario_commands`` (validate, convert, generate), ``plan_commands`` (solve, export, compare)
and ``batch_command`` (batch). The words themselves (status, money, labels) are in
:mod:`optimizer.words`; the batch's arguments are worked out in :mod:`optimizer.batch`.
"""

from __future__ import annotations

import typer

from .batch_command import batch
from .plan_commands import compare, export_command, solve
from .scenario_commands import convert, generate, validate
from .verify_commands import verify, whatif

app = typer.Typer(
    name="optimizer",
    help="Shared treatment facilities for industrial parks: check, solve, batch-run, compare "
    "and export scenarios and plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# In the order ``optimizer --help`` lists them.
app.command()(validate)
app.command()(convert)
app.command()(solve)
app.command()(generate)
app.command(name="export")(export_command)
app.command()(compare)
app.command()(batch)
app.command()(verify)
app.command()(whatif)

__all__ = ["app"]

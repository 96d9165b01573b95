"""Options that the solving commands share (the solver options, ``--allocation``, ``--format``),
declared once with their help; the arguments every command takes (a scenario path,
``--variant``, ``--json``) are in :mod:`.arguments` (named here too), which loads nothing heavy:
this module reads the allocation rules and export formats, and with them pandas and scipy."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ..allocation import RULES
from ..pipeline import DEFAULT_RULE
from ..schema.limits import MAX_THREADS, MAX_TIME_LIMIT_S
from ..schema.paths import closest
from ..schema.solver_settings import SOLVER_NAMES
from .arguments import JsonOption, PathArgument, VariantOption
from .export_command import FormatChoice

TimeLimitOption = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        metavar="SECONDS",
        min=0.0,
        max=MAX_TIME_LIMIT_S,
        help="The whole wait, in seconds: reading, checking and preparing the scenario, building "
        "and solving the model, reading the plan and sharing its costs (within 10%); the solver "
        "gets what is left after preparing and building, and keeps the best plan found "
        "(default: the scenario's solver.time_limit_s). Writing --out files comes after.",
    ),
]
GapOption = Annotated[
    float | None,
    typer.Option(
        "--gap",
        metavar="GAP",
        min=0.0,
        help="Stop when the plan is proven within this relative gap of the best possible "
        "(0.01 = 1%; default: the scenario's solver.mip_gap).",
    ),
]
ThreadsOption = Annotated[
    int | None,
    typer.Option(
        "--threads",
        metavar="N",
        min=1,
        max=MAX_THREADS,
        help="Solver threads (default: the scenario's solver.threads, or else the cores this "
        "process may use).",
    ),
]


def _known_solver(name: str | None) -> str | None:
    """Refuse a solver name no route or Pyomo knows, before anything is read."""
    if name is None or name in SOLVER_NAMES:
        return name
    near = closest(name, SOLVER_NAMES)
    hint = f"did you mean {near[0]}? " if near else ""
    raise typer.BadParameter(
        f"unknown solver {name!r}; {hint}expected one of {', '.join(SOLVER_NAMES)}"
    )


SolverOption = Annotated[
    str | None,
    typer.Option(
        "--solver",
        metavar="NAME",
        callback=_known_solver,
        help="Solver route: highs (default), highs-standard-form, highs-appsi, highs-pyomo, "
        "or a MIP solver Pyomo runs by name (cbc, glpk, gurobi, ...; installed separately).",
    ),
]
#: Choices of --allocation and --format (typer shows and checks them).
AllocationChoice = StrEnum("AllocationChoice", [(r, r) for r in (*RULES, "none")])

AllocationOption = Annotated[
    AllocationChoice | None,
    typer.Option(
        "--allocation",
        metavar="RULE",
        help=f"How each SME's share of a shared facility is worked out: {', '.join(RULES)}, "
        f"or none (default: {DEFAULT_RULE}).",
    ),
]


def allocation_rule(allocation: str | None) -> str | None:
    """The allocation rule to pass on (``none`` -> None, not given -> the default).

    >>> allocation_rule(None), allocation_rule("none"), allocation_rule(AllocationChoice.shapley)
    ('stable', None, 'shapley')
    """
    if allocation is None:
        return DEFAULT_RULE
    return None if allocation == "none" else str(allocation)


__all__ = [
    "AllocationChoice",
    "AllocationOption",
    "FormatChoice",
    "GapOption",
    "JsonOption",
    "PathArgument",
    "SolverOption",
    "ThreadsOption",
    "TimeLimitOption",
    "VariantOption",
    "allocation_rule",
]

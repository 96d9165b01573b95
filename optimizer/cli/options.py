"""Arguments and options that several commands share (a scenario path, ``--variant``,
``--json``, the solver options, ``--allocation``), declared once with their help."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..allocation import RULES
from ..export import FORMATS
from ..pipeline import DEFAULT_RULE
from ..schema.limits import MAX_THREADS, MAX_TIME_LIMIT_S
from ..schema.paths import closest
from ..schema.settings import SOLVER_NAMES

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

TimeLimitOption = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        metavar="SECONDS",
        min=0.0,
        max=MAX_TIME_LIMIT_S,
        help="Stop the solver after this many seconds and keep the best plan found "
        "(default: the scenario's solver.time_limit_s).",
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
        help="Solver threads (default: the scenario's).",
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
FormatChoice = StrEnum("FormatChoice", [(f, f) for f in FORMATS])

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

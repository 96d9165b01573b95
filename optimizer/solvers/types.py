"""What every face says about a solve: options, the solver's report, the solution, the error, the
gap, the status in words and the route names.

Plain Python only (no Pyomo, no highspy), so that the plan, the command line, the app and batch can
name an option or read a report without loading a solver. The gap is computed from the objective
and the best bound, never taken from a status: a MIP that stopped at its gap limit is "optimal
within gap", not "optimal".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from ..schema.settings import SOLVER_ROUTES

#: Gaps below this are reported as proven optimal.
OPTIMAL_GAP = 1e-6

#: The HiGHS routes (any other name is a Pyomo solver name): see :mod:`optimizer.solvers.dispatch`.
ROUTES = SOLVER_ROUTES


class SolverError(RuntimeError):
    """The solver could not be run, or stopped without any plan to show."""


@dataclass(frozen=True)
class SolveOptions:
    """How to solve. ``solver`` is a route name (``highs``, ``highs-appsi``, ``highs-pyomo``) or any
    Pyomo solver name; ``warm_start`` maps variable names to {index: value} from an earlier plan;
    ``heuristic`` ("auto", "on", "off") runs :mod:`optimizer.solvers.warmstart` before the default
    route's search ("auto": on large MIPs), or beside it with ``threads >= 2``
    (:mod:`optimizer.solvers.parallel_search`)."""

    solver: str = "highs"
    time_limit_s: float = 300.0
    mip_gap: float = 1e-4
    threads: int = 1
    seed: int = 0
    relax: bool = False
    verbose: bool = False
    heuristic: str = "auto"
    warm_start: Mapping[str, Mapping[Any, float]] | None = field(default=None, compare=False)

    def public(self) -> dict[str, Any]:
        """The options as recorded in a plan's provenance."""
        out = asdict(self)
        out.pop("warm_start")
        out["warm_start"] = self.warm_start is not None
        return out


@dataclass(frozen=True)
class SolverReport:
    """What the solver did: status in words, objective, bound, computed gap, time, who solved."""

    solver: str
    version: str
    status: str
    termination: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    handover_seconds: float = 0.0
    has_solution: bool = False
    is_mip: bool = True
    start: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Solution:
    """Variable values by component name and index, with the solver's report."""

    report: SolverReport
    values: dict[str, dict[Any, float]]


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """|objective - bound| / max(|objective|, 1e-9); None without both.

    >>> relative_gap(100.0, 99.0)
    0.01
    >>> relative_gap(0.0, 0.0)
    0.0
    """
    if objective is None or bound is None or not math.isfinite(objective):
        return None
    if not math.isfinite(bound):
        return math.inf
    return abs(objective - bound) / max(abs(objective), 1e-9)


def classify(termination: str, has_solution: bool, gap: float | None, is_mip: bool) -> str:
    """Status in words from the solver's termination and the computed gap.

    >>> classify("optimal", True, 0.0, True)
    'optimal'
    >>> classify("optimal", True, 0.003, True)
    'optimal within gap'
    >>> classify("time limit", True, 0.02, True)
    'time limit'
    """
    if termination == "optimal":
        if not is_mip or gap is None or gap <= OPTIMAL_GAP:
            return "optimal"
        return "optimal within gap"
    return termination

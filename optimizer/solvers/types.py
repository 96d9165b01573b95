"""What every face says about a solve: options, the solver's report, the solution, the error, the
gap, the status in words and the route names.

Plain Python only (no Pyomo, no highspy), so that the plan, the command line, the app and batch can
name an option or read a report without loading a solver. The gap is computed from the objective
and the best bound, never taken from a status: a MIP that stopped at its gap limit is "optimal
within gap", not "optimal".
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from ..schema.solver_settings import SOLVER_ROUTES

#: Gaps below this are reported as proven optimal.
OPTIMAL_GAP = 1e-6

#: The HiGHS routes (any other name is a Pyomo solver name): see :mod:`optimizer.solvers.dispatch`.
ROUTES = SOLVER_ROUTES


def available_cores() -> int:
    """The cores this process may use (its CPU affinity, where the system has one), the default
    number of solver threads: a solve never oversubscribes a machine it shares by default, and a
    batch runs each of its workers on one thread.

    >>> available_cores() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - systems without affinity (macOS)
        return max(1, os.cpu_count() or 1)


class SolverError(RuntimeError):
    """The solver could not be run, or stopped without any plan to show."""


@dataclass(frozen=True)
class SolveProgress:
    """Where a running solve stands: seconds since it began, the best plan's objective and the
    best bound so far (None while there is none), and their gap; ``note``, in words, what the
    solve is doing when it is not its first search (a re-solve, and why)."""

    seconds: float
    objective: float | None
    bound: float | None
    note: str = ""

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.bound)


#: Told where a running solve stands, every few seconds (see ``SolveOptions.on_progress``).
ProgressCallback = Callable[[SolveProgress], None]


@dataclass(frozen=True)
class SolveOptions:
    """How to solve. ``solver`` is a route name (``highs``, ``highs-appsi``, ``highs-pyomo``) or any
    Pyomo solver name; ``threads`` defaults to :func:`available_cores`; ``warm_start`` maps variable names to {index: value} from an earlier plan;
    ``heuristic`` ("auto", "on", "off") runs :mod:`optimizer.solvers.warmstart` before the default
    route's search ("auto": on large MIPs), or beside it with ``threads >= 2``
    (:mod:`optimizer.solvers.parallel_search`); ``on_progress``, when given, is told where the
    search stands every few seconds (from the solver's thread: keep it quick), by the HiGHS routes
    of the matrix and standard-form models."""

    solver: str = "highs"
    time_limit_s: float = 300.0
    mip_gap: float = 1e-4
    threads: int = field(default_factory=available_cores)
    seed: int = 0
    relax: bool = False
    verbose: bool = False
    heuristic: str = "auto"
    warm_start: Mapping[str, Mapping[Any, float]] | None = field(default=None, compare=False)
    on_progress: ProgressCallback | None = field(default=None, compare=False, repr=False)

    def public(self) -> dict[str, Any]:
        """The options as recorded in a plan's provenance."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "on_progress"}
        out["warm_start"] = self.warm_start is not None
        return out


@dataclass(frozen=True)
class SolverReport:
    """What the solver did: status in words, objective, bound, computed gap, time, who solved;
    ``time_limit_s`` is the limit the solver itself was given (what was left of the user's wait
    after preparing and building: see :func:`optimizer.pipeline.optimise`)."""

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
    time_limit_s: float | None = None
    #: (seconds, best plan's objective, best bound) as the search went: a short history.
    history: tuple[tuple[float, float | None, float | None], ...] = ()
    #: Whether the solve's one wall-clock deadline stopped it (HiGHS's own limit not yet reached,
    #: or not honoured: :class:`~optimizer.solvers.highs.Deadline`).
    stopped_at_deadline: bool = False
    #: Why the plan comes from a second solve, in words (empty: it does not): see
    #: :func:`optimizer.solvers.loads.follow_loads`.
    resolved: str = ""
    #: What became of the time kept for that re-solve, in words (empty: no checkpoint was
    #: reached): see :mod:`optimizer.solvers.reserve`.
    reserve: str = ""

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["history"] = [list(point) for point in self.history]  # as JSON reads it back
        return out


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


def with_plan(report: SolverReport, objective: float, mip_gap: float) -> SolverReport:
    """``report`` answering another plan of the same search, of cost ``objective``: its gap
    against the same bound (still a bound of every plan), "optimal" within ``mip_gap``, else
    "time limit".

    >>> done = SolverReport("highs", "1", "time limit", "time limit", 103.0, 99.0, 0.04, 1.0)
    >>> other = with_plan(done, 100.0, 0.02)
    >>> other.gap, other.status
    (0.01, 'optimal within gap')
    """
    gap = relative_gap(objective, report.bound)
    termination = "optimal" if gap is not None and gap <= mip_gap else "time limit"
    return replace(
        report,
        objective=objective,
        gap=gap,
        has_solution=True,
        termination=termination,
        status=classify(termination, True, gap, report.is_mip),
        stopped_at_deadline=report.stopped_at_deadline and termination == "time limit",
    )


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

"""Solve a built model and report honestly what the solver achieved.

Routes (measured in ``docs/model.md``):

- ``highs`` (default): :mod:`optimizer.matrix` assembles the formulation as sparse arrays and hands
  them to HiGHS with ``highspy.Highs.passModel`` — the fastest, no Python object per term;
- ``highs-standard-form``: the Pyomo model of :mod:`optimizer.model` (the reference) compiled by
  Pyomo's ``LinearStandardFormCompiler`` and handed over with ``passModel``;
- ``highs-appsi`` (Pyomo's APPSI interface), ``highs-pyomo`` (the ``pyomo.contrib.solver`` HiGHS
  interface) and any other Pyomo solver name (``cbc``, ``gurobi``, ``glpk``...) through Pyomo.

The gap is computed here from the objective and the best bound, never taken from a status: a MIP
that stopped at its gap limit is "optimal within gap", not "optimal".
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import pyomo.environ as pyo

from .prepare import ModelData

#: Gaps below this are reported as proven optimal.
OPTIMAL_GAP = 1e-6

ROUTES = ("highs", "highs-standard-form", "highs-appsi", "highs-pyomo")


class SolverError(RuntimeError):
    """The solver could not be run, or stopped without any plan to show."""


@dataclass(frozen=True)
class SolveOptions:
    """How to solve. ``solver`` is a route name (``highs``, ``highs-appsi``, ``highs-pyomo``) or any
    Pyomo solver name; ``warm_start`` maps variable names to {index: value} from an earlier plan;
    ``heuristic`` ("auto", "on", "off") runs :mod:`optimizer.warmstart` before the default route's
    search ("auto": on large MIPs), or beside it with ``threads >= 2``
    (:mod:`optimizer.side_by_side`)."""

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

    def describe(self) -> str:
        """One line for people: "optimal", "optimal within gap 0.42%", "time limit, gap 3.1%"."""
        if self.status == "optimal within gap" and self.gap is not None:
            return f"optimal within gap {self.gap:.3%}"
        if self.status == "time limit" and self.gap is not None:
            return f"time limit reached, best plan within gap {self.gap:.3%}"
        return self.status

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


def solve_instance(data: ModelData, options: SolveOptions | None = None) -> Solution:
    """Build the instance the way the chosen route needs it, and solve it."""
    from .highs_route import quiet_highs, solve_matrix
    from .model import build_model

    options = options or SolveOptions()
    quiet_highs()  # HiGHS's banner is printed once per process, muted here whatever the route
    if options.solver == "highs":
        return solve_matrix(data, options)
    start = time.perf_counter()
    model = build_model(data)
    built = time.perf_counter() - start
    solution = solve(model, options)
    report = replace(solution.report, handover_seconds=solution.report.handover_seconds + built)
    return Solution(report, solution.values)


def solve(model: pyo.ConcreteModel, options: SolveOptions | None = None) -> Solution:
    """Solve a Pyomo model of :mod:`optimizer.model` with a Pyomo-based route."""
    from .highs_route import quiet_highs, solve_standard_form

    options = options or SolveOptions()
    quiet_highs()
    if options.solver in ("highs", "highs-standard-form"):
        return solve_standard_form(model, options)
    return _solve_with_pyomo(model, options)


def _integer_vars(model: pyo.ConcreteModel) -> list:
    return [v for v in model.component_data_objects(pyo.Var) if v.is_integer() and not v.fixed]


def _relaxed(model: pyo.ConcreteModel, options: SolveOptions) -> list:
    """Relax integrality in place when asked; return the relaxed vars to restore."""
    if not options.relax:
        return []
    relaxed = _integer_vars(model)
    for var in relaxed:
        var.domain = pyo.UnitInterval if var.is_binary() else pyo.Reals
    return relaxed


def _solve_with_pyomo(model: pyo.ConcreteModel, options: SolveOptions) -> Solution:
    start = time.perf_counter()
    relaxed = _relaxed(model, options)
    try:
        if options.solver in ("highs-appsi", "highs-pyomo"):
            termination, objective, bound, has_solution, version = _pyomo_highs(model, options)
        else:
            termination, objective, bound, has_solution, version = _legacy(model, options)
    finally:
        for var in relaxed:
            var.domain = pyo.Binary
    seconds = time.perf_counter() - start
    is_mip = bool(_integer_vars(model)) and not options.relax
    if not is_mip:
        bound = objective if termination == "optimal" else bound
    gap = relative_gap(objective, bound) if has_solution else None
    report = SolverReport(
        solver=options.solver,
        version=version,
        status=classify(termination, has_solution, gap, is_mip),
        termination=termination,
        objective=objective if has_solution else None,
        bound=bound,
        gap=gap,
        seconds=seconds,
        has_solution=has_solution,
        is_mip=is_mip,
    )
    values = model_values(model) if has_solution else {}
    return Solution(report, values)


def model_values(model: pyo.ConcreteModel) -> dict[str, dict[Any, float]]:
    """Current values of every variable, by component name and index."""
    out: dict[str, dict[Any, float]] = {}
    for var in model.component_objects(pyo.Var, descend_into=True):
        out[var.local_name] = {
            key: (float(v.value) if v.value is not None else 0.0) for key, v in var.items()
        }
    return out


def _pyomo_highs(model: pyo.ConcreteModel, options: SolveOptions):
    from pyomo.contrib.solver.common.factory import SolverFactory as ContribFactory
    from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition

    if options.solver == "highs-appsi":
        from pyomo.contrib.appsi.solvers import Highs as AppsiHighs

        return _appsi(model, options, AppsiHighs())
    solver = ContribFactory("highs")
    results = solver.solve(
        model,
        time_limit=options.time_limit_s,
        rel_gap=options.mip_gap,
        threads=options.threads,
        raise_exception_on_nonoptimal_result=False,
        load_solutions=False,
        solver_options={"random_seed": options.seed, "output_flag": options.verbose},
    )
    has_solution = results.solution_status in (SolutionStatus.feasible, SolutionStatus.optimal)
    if has_solution:
        results.solution_loader.load_vars()
    termination = _words(results.termination_condition, TerminationCondition)
    version = ".".join(map(str, solver.version()))
    return termination, results.incumbent_objective, results.objective_bound, has_solution, version


def _appsi(model: pyo.ConcreteModel, options: SolveOptions, solver):
    from pyomo.contrib.appsi.base import TerminationCondition

    solver.config.time_limit = options.time_limit_s
    solver.config.mip_gap = options.mip_gap
    solver.config.load_solution = False
    solver.config.stream_solver = options.verbose
    solver.highs_options = {"threads": options.threads, "random_seed": options.seed}
    results = solver.solve(model)
    has_solution = results.best_feasible_objective is not None
    if has_solution:
        results.solution_loader.load_vars()
    termination = _words(results.termination_condition, TerminationCondition)
    version = ".".join(map(str, solver.version()))
    return (
        termination,
        results.best_feasible_objective,
        results.best_objective_bound,
        has_solution,
        version,
    )


def _words(condition, enum) -> str:
    """Map Pyomo's termination conditions to ours."""
    name = getattr(condition, "name", str(condition))
    mapping = {
        "convergenceCriteriaSatisfied": "optimal",
        "optimal": "optimal",
        "maxTimeLimit": "time limit",
        "iterationLimit": "iteration limit",
        "maxIterations": "iteration limit",
        "provenInfeasible": "infeasible",
        "infeasible": "infeasible",
        "locallyInfeasible": "infeasible",
        "unbounded": "unbounded",
        "infeasibleOrUnbounded": "infeasible or unbounded",
        "interrupted": "interrupted",
        "objectiveLimit": "objective limit",
    }
    return mapping.get(name, "error")


def _legacy(model: pyo.ConcreteModel, options: SolveOptions):
    from pyomo.common.log import LoggingIntercept

    with LoggingIntercept():  # Pyomo logs a traceback for an unknown name; our message says it
        solver = pyo.SolverFactory(options.solver)
        available = solver is not None and solver.available(exception_flag=False)
    if not available:
        raise SolverError(
            f"the solver {options.solver!r} is not installed or not licensed here; "
            f"use one of {', '.join(ROUTES)} (HiGHS ships with this package) or install it"
        )
    option_names = {
        "cbc": {"seconds": options.time_limit_s, "ratio": options.mip_gap},
        "glpk": {"tmlim": math.ceil(options.time_limit_s), "mipgap": options.mip_gap},
        "gurobi": {"TimeLimit": options.time_limit_s, "MIPGap": options.mip_gap},
    }
    results = solver.solve(
        model,
        options=option_names.get(options.solver, {}),
        load_solutions=False,
        tee=options.verbose,
    )
    termination = _words(results.solver.termination_condition, None)
    has_solution = len(results.solution) > 0
    objective = bound = None
    if has_solution:
        model.solutions.load_from(results)
        objective = pyo.value(next(model.component_data_objects(pyo.Objective, active=True)))
        bound = _legacy_bound(results, objective)
    version = ".".join(map(str, solver.version() or ())) or "unknown"
    return termination, objective, bound, has_solution, version


def _legacy_bound(results, objective: float) -> float | None:
    problem = results.problem[0] if len(results.problem) else None
    bound = getattr(problem, "lower_bound", None) if problem is not None else None
    try:
        bound = float(bound)
    except (TypeError, ValueError):
        return None
    return bound if np.isfinite(bound) else None

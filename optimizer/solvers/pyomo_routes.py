"""The routes through Pyomo, for the reference model of :mod:`optimizer.solvers.pyomo_model`:

- ``highs-standard-form`` (and ``highs`` given a built Pyomo model): Pyomo's
  ``LinearStandardFormCompiler`` walks the model once and returns the constraint matrix in CSC form
  with one row per constraint sense (mixed form), which HiGHS takes as it is with ``passModel``;
  solution values are mapped back to the model's variables by component name and index;
- ``highs-appsi`` (Pyomo's APPSI interface), ``highs-pyomo`` (the ``pyomo.contrib.solver`` HiGHS
  interface) and any other Pyomo solver name (``cbc``, ``gurobi``, ``glpk``...) through Pyomo.

The default route does not come here: it is :mod:`optimizer.solvers.matrix_route`, without Pyomo.
"""

from __future__ import annotations

import io
import logging
import math
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.common.log import LoggingIntercept
from pyomo.contrib.appsi.solvers import Highs as AppsiHighs
from pyomo.contrib.solver.common.factory import SolverFactory as ContribFactory
from pyomo.contrib.solver.common.results import SolutionStatus
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from .glpk_log import read_glpk_log
from .highs import (
    Deadline,
    fit_scheduler,
    load,
    make_highs,
    quiet_highs,
    read_result,
    set_start,
)
from .progress import ProgressLog, follow
from .pyomo_model import PyomoModel
from .types import ROUTES, Solution, SolveOptions, SolverError, SolverReport, classify, relative_gap

INF = highspy.kHighsInf


def solve(built: PyomoModel, options: SolveOptions | None = None) -> Solution:
    """Solve a model built by :func:`~optimizer.solvers.pyomo_model.build_model` with a Pyomo-based
    route (``highs`` and ``highs-standard-form``: the standard form handed to HiGHS)."""
    options = options or SolveOptions()
    quiet_highs()
    if options.solver in ("highs", "highs-standard-form"):
        return solve_standard_form(built.model, options)
    return _solve_with_pyomo(built.model, options)


class StandardForm:
    """A model compiled for HiGHS: the HighsLp and how its columns map to the model's variables."""

    def __init__(self, model: pyo.ConcreteModel, relax: bool = False):
        info = LinearStandardFormCompiler().write(model, mixed_form=True, set_sense=None)
        self.columns = info.columns
        n_cols = len(self.columns)
        lp = highspy.HighsLp()
        lp.num_col_ = n_cols
        lp.num_row_ = info.A.shape[0]
        objective = info.objectives[0] if info.objectives else None
        self.sense = 1 if objective is None or objective.sense == pyo.minimize else -1
        cost = info.c.toarray().ravel() if info.c.shape[0] else np.zeros(n_cols)
        lp.col_cost_ = cost
        lp.offset_ = float(info.c_offset[0]) if len(info.c_offset) else 0.0
        lp.sense_ = highspy.ObjSense.kMinimize if self.sense == 1 else highspy.ObjSense.kMaximize
        lower = np.array([_bound(v.lb, -INF) for v in self.columns], dtype=float)
        upper = np.array([_bound(v.ub, INF) for v in self.columns], dtype=float)
        lp.col_lower_ = lower
        lp.col_upper_ = upper
        rhs = np.asarray(info.rhs, dtype=float)
        kinds = np.array([row.bound_type for row in info.rows], dtype=int)
        lp.row_lower_ = np.where(kinds == 1, -INF, rhs)
        lp.row_upper_ = np.where(kinds == -1, INF, rhs)
        matrix = info.A.tocsc()
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
        lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
        lp.a_matrix_.value_ = matrix.data.astype(float)
        lp.a_matrix_.num_col_ = n_cols
        lp.a_matrix_.num_row_ = lp.num_row_
        integer = np.array([v.is_integer() for v in self.columns], dtype=bool)
        self.is_mip = bool(integer.any()) and not relax
        if self.is_mip:
            lp.integrality_ = [
                highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
                for flag in integer
            ]
        self.lp = lp

    def values(self, model: pyo.ConcreteModel, x: np.ndarray) -> dict[str, dict[Any, float]]:
        """Values by component name and index (fixed and unused variables at their own value)."""
        out: dict[str, dict[Any, float]] = {}
        for var in model.component_objects(pyo.Var, descend_into=True):
            out[var.local_name] = {
                key: float(v.value) if v.fixed and v.value is not None else 0.0
                for key, v in var.items()
            }
        for value, var in zip(x.tolist(), self.columns, strict=True):
            out[var.parent_component().local_name][var.index()] = value
        return out

    def start(self, warm: dict[str, dict[Any, float]]) -> np.ndarray:
        """A start vector from values by component name and index (missing values at 0)."""
        return np.array(
            [
                warm.get(v.parent_component().local_name, {}).get(v.index(), 0.0)
                for v in self.columns
            ]
        )


def _bound(value: float | None, default: float) -> float:
    return default if value is None else float(value)


def solve_standard_form(model: pyo.ConcreteModel, options: SolveOptions) -> Solution:
    """Compile (:class:`StandardForm`), hand over, solve, and read back."""
    start = time.perf_counter()
    form = StandardForm(model, relax=options.relax)
    deadline = Deadline(start + options.time_limit_s)
    highs = make_highs(replace(options, time_limit_s=deadline.left()))
    at_deadline = deadline.watch(highs)
    load(highs, form.lp)
    if options.warm_start and form.is_mip:
        set_start(highs, form.start(dict(options.warm_start)))
    log = ProgressLog(start, options.on_progress)
    follow(highs, log)
    handover = time.perf_counter() - start
    highs.run()
    seconds = time.perf_counter() - start
    report, x = read_result(highs, form.is_mip, seconds, handover, options.solver, at_deadline)
    report = replace(report, history=log.history())
    values = form.values(model, x) if report.has_solution else {}
    return Solution(report, values)


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
    fit_scheduler(int(options.threads))  # Pyomo's HiGHS runs on this thread's scheduler too
    if options.solver == "highs-appsi":
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
    termination = _words(results.termination_condition)
    version = ".".join(map(str, solver.version()))
    return termination, results.incumbent_objective, results.objective_bound, has_solution, version


def _appsi(model: pyo.ConcreteModel, options: SolveOptions, solver):
    solver.config.time_limit = options.time_limit_s
    solver.config.mip_gap = options.mip_gap
    solver.config.load_solution = False
    solver.config.stream_solver = options.verbose
    solver.highs_options = {"threads": options.threads, "random_seed": options.seed}
    results = solver.solve(model)
    has_solution = results.best_feasible_objective is not None
    if has_solution:
        results.solution_loader.load_vars()
    termination = _words(results.termination_condition)
    version = ".".join(map(str, solver.version()))
    return (
        termination,
        results.best_feasible_objective,
        results.best_objective_bound,
        has_solution,
        version,
    )


def _words(condition) -> str:
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
    with tempfile.TemporaryDirectory(prefix="optimizer-solver-") as folder:
        log = Path(folder) / "solver.log"
        results = solver.solve(
            model,
            options=option_names.get(options.solver, {}),
            load_solutions=False,
            tee=options.verbose,
            logfile=str(log),
        )
        log_text = log.read_text(errors="replace") if log.exists() else ""
    termination = _words(results.solver.termination_condition)
    has_solution = len(results.solution) > 0
    objective = bound = None
    if has_solution:
        # Pyomo warns when it loads the plan of a solver stopped by its limit ("aborted" status):
        # the report below says so in our words, so the warning is kept off the user's screen.
        with LoggingIntercept(io.StringIO(), "pyomo", level=logging.WARNING):
            model.solutions.load_from(results)
        objective = pyo.value(next(model.component_data_objects(pyo.Objective, active=True)))
        bound = _legacy_bound(results, objective)
    if options.solver == "glpk":
        termination, bound = _glpk_stop(log_text, termination, objective, bound)
    version = ".".join(map(str, solver.version() or ())) or "unknown"
    return termination, objective, bound, has_solution, version


def _glpk_stop(
    log: str, termination: str, objective: float | None, bound: float | None
) -> tuple[str, float | None]:
    """GLPK's reason and bound from its log (see :mod:`optimizer.solvers.glpk_log`): Pyomo says
    "feasible" for a plan stopped by the time limit or by the gap alike, and gives no bound."""
    stop = read_glpk_log(log)
    termination = stop.termination or termination
    if stop.tree_empty or (stop.termination == "optimal" and stop.bound is None):
        return termination, objective if objective is not None else bound
    return termination, stop.bound if stop.bound is not None else bound


def _legacy_bound(results, objective: float) -> float | None:
    problem = results.problem[0] if len(results.problem) else None
    bound = getattr(problem, "lower_bound", None) if problem is not None else None
    try:
        bound = float(bound)
    except (TypeError, ValueError):
        return None
    return bound if np.isfinite(bound) else None

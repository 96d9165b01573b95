"""The default solve route: Pyomo model -> standard-form matrices -> ``highspy.Highs.passModel``.

Pyomo's ``LinearStandardFormCompiler`` walks the model once and returns the constraint matrix in
CSC form with one row per constraint sense (mixed form), which HiGHS takes as it is. Solution
values are mapped back to the model's variables by component name and index.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import replace
from typing import Any

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from .prepare import ModelData
from .solve import Solution, SolveOptions, SolverError, SolverReport, classify, relative_gap

_INF = highspy.kHighsInf

_STATUS = {
    "kOptimal": "optimal",
    "kInfeasible": "infeasible",
    "kUnbounded": "unbounded",
    "kUnboundedOrInfeasible": "infeasible or unbounded",
    "kTimeLimit": "time limit",
    "kIterationLimit": "iteration limit",
    "kSolutionLimit": "solution limit",
    "kInterrupt": "interrupted",
    "kObjectiveBound": "objective limit",
    "kObjectiveTarget": "objective limit",
}


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
        lower = np.array([_bound(v.lb, -_INF) for v in self.columns], dtype=float)
        upper = np.array([_bound(v.ub, _INF) for v in self.columns], dtype=float)
        lp.col_lower_ = lower
        lp.col_upper_ = upper
        rhs = np.asarray(info.rhs, dtype=float)
        kinds = np.array([row.bound_type for row in info.rows], dtype=int)
        lp.row_lower_ = np.where(kinds == 1, -_INF, rhs)
        lp.row_upper_ = np.where(kinds == -1, _INF, rhs)
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


def highs_version() -> str:
    return (
        f"{highspy.HIGHS_VERSION_MAJOR}.{highspy.HIGHS_VERSION_MINOR}.{highspy.HIGHS_VERSION_PATCH}"
    )


_banner_shown = False


def quiet_highs() -> highspy.Highs:
    """A new ``highspy.Highs``. HiGHS prints a banner to standard output (file descriptor 1) when
    the first instance of a process is made; that one is made with the descriptor muted, so that
    ``--json`` output and piped output stay clean."""
    global _banner_shown
    if _banner_shown:
        return highspy.Highs()
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            highs = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _banner_shown = True
    return highs


def make_highs(options: SolveOptions) -> highspy.Highs:
    """A HiGHS instance with our options set."""
    highs = quiet_highs()
    highs.setOptionValue("output_flag", bool(options.verbose))
    highs.setOptionValue("time_limit", float(options.time_limit_s))
    highs.setOptionValue("mip_rel_gap", float(options.mip_gap))
    highs.setOptionValue("threads", int(options.threads))
    highs.setOptionValue("random_seed", int(options.seed))
    return highs


def load(highs: highspy.Highs, lp: highspy.HighsLp) -> highspy.Highs:
    """Hand ``lp`` to ``highs``; a model HiGHS refuses is a :class:`SolverError`."""
    if highs.passModel(lp) == highspy.HighsStatus.kError:
        raise SolverError("HiGHS refused the model (passModel returned an error)")
    return highs


def interrupt_when(highs: highspy.Highs, event: threading.Event) -> None:
    """Make HiGHS stop (as "interrupted", keeping what it has) soon after ``event`` is set."""

    def check(callback: Any) -> None:
        if event.is_set():
            callback.interrupt()

    for kind in (highs.cbSimplexInterrupt, highs.cbIpmInterrupt, highs.cbMipInterrupt):
        kind.subscribe(check)


def solve_matrix(data: ModelData, options: SolveOptions) -> Solution:
    """The fast route: :mod:`optimizer.matrix` arrays straight into HiGHS."""
    from . import side_by_side, warmstart
    from .matrix import build_matrix

    start = time.perf_counter()
    matrix = build_matrix(data)
    lp = matrix.to_lp(relax=options.relax)
    is_mip = matrix.is_mip and not options.relax
    heuristic = warmstart.wanted(matrix, options)
    if heuristic and options.threads >= 2:
        return side_by_side.solve(matrix, lp, options, start)
    first = warmstart.find_start(matrix, options) if heuristic else None
    left = options.time_limit_s - (time.perf_counter() - start)
    highs = load(make_highs(replace(options, time_limit_s=max(0.0, left))), lp)
    if options.warm_start and is_mip:
        columns, values = matrix.partial_start(dict(options.warm_start))
        highs.setSolution(len(columns), columns, values)  # HiGHS completes a partial start
    elif first is not None and first.x is not None:
        _set_start(highs, first.x)
    handover = time.perf_counter() - start
    highs.run()
    seconds = time.perf_counter() - start
    report, x = read_result(highs, is_mip, seconds, handover, options.solver)
    if first is not None:
        found = f"{first.objective:,.2f}" if first.objective is not None else "no plan"
        report = replace(report, start=f"{first.how}: {found} in {first.seconds:.1f} s")
    return Solution(report, matrix.values(x) if report.has_solution else {})


def _set_start(highs: highspy.Highs, x: np.ndarray) -> None:
    solution = highspy.HighsSolution()
    solution.col_value = x.tolist()
    solution.value_valid = True
    highs.setSolution(solution)


def solve_standard_form(model: pyo.ConcreteModel, options: SolveOptions) -> Solution:
    """Compile, hand over, solve, and read back; see the module docstring."""
    start = time.perf_counter()
    form = StandardForm(model, relax=options.relax)
    highs = make_highs(options)
    load(highs, form.lp)
    if options.warm_start and form.is_mip:
        _set_start(highs, form.start(dict(options.warm_start)))
    handover = time.perf_counter() - start
    highs.run()
    seconds = time.perf_counter() - start
    report, x = read_result(highs, form.is_mip, seconds, handover, options.solver)
    values = form.values(model, x) if report.has_solution else {}
    return Solution(report, values)


def read_result(
    highs: highspy.Highs, is_mip: bool, seconds: float, handover: float, route: str = "highs"
) -> tuple[SolverReport, np.ndarray]:
    """Status, objective, bound and computed gap of a finished HiGHS run, and its primal values."""
    info = highs.getInfo()
    model_status = highs.getModelStatus()
    termination = _STATUS.get(model_status.name, "error")
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    objective = float(info.objective_function_value) if has_solution else None
    if is_mip:
        bound = float(info.mip_dual_bound)
    else:
        bound = objective if termination == "optimal" else None
    if bound is not None and not np.isfinite(bound):
        bound = None if not has_solution else bound
    gap = relative_gap(objective, bound) if has_solution else None
    report = SolverReport(
        solver=route,
        version=highs_version(),
        status=classify(termination, has_solution, gap, is_mip),
        termination=termination,
        objective=objective,
        bound=bound,
        gap=gap,
        seconds=seconds,
        handover_seconds=handover,
        has_solution=has_solution,
        is_mip=is_mip,
    )
    x = np.asarray(highs.getSolution().col_value, dtype=float) if has_solution else np.zeros(0)
    return report, x

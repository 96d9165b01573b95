"""A quick first plan for large instances, handed to HiGHS as a warm start.

On province-scale parks HiGHS spends minutes in root cuts before its first incumbent. This
heuristic gets a good plan in seconds: solve the LP relaxation, round it to one tier per facility
(the smallest tier that holds the LP's load, wherever the LP opens a facility noticeably), then
solve the remaining assignment problem with those facilities fixed — a much easier MIP. If that
is infeasible (rounding closed a facility some demand needed), retry with every facility the LP
touches left free. The result is only a start: the full MIP then improves on it and proves the gap.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import highspy
import numpy as np

from .matrix import MatrixModel
from .solve import SolveOptions

#: LP openness below which a facility is closed when rounding.
OPEN_THRESHOLD = 0.05


@dataclass(frozen=True)
class StartResult:
    """A start vector (None if none found), its objective and how it was found."""

    x: np.ndarray | None
    objective: float | None
    seconds: float
    how: str


def _solve(lp: highspy.HighsLp, options: SolveOptions, lower=None, upper=None):
    from .highs_route import make_highs

    highs = make_highs(options)
    highs.passModel(lp)
    if lower is not None:
        columns = np.arange(len(lower), dtype=np.int32)
        highs.changeColsBounds(len(columns), columns, lower, upper)
    highs.run()
    info = highs.getInfo()
    if info.primal_solution_status != 2:
        return None, None
    return np.asarray(highs.getSolution().col_value), float(info.objective_function_value)


def _rounded_tiers(matrix: MatrixModel, x_lp: np.ndarray, lenient: bool) -> np.ndarray:
    """1 for the tier each facility gets, 0 elsewhere (existing tiers stay 1)."""
    data, index = matrix.data, matrix.index
    opened = x_lp[matrix.column("open", np.arange(len(data.tiers)))]
    treated = x_lp[matrix.column("treated", np.arange(len(data.tiers)))]
    capacity = data.tiers["capacity_per_day"].to_numpy()
    existing = data.tiers["existing"].to_numpy()
    choice = existing.astype(float)
    order = np.argsort(index.tier_facility, kind="stable")
    bounds = np.searchsorted(index.tier_facility[order], np.arange(len(index.facilities) + 1))
    for f in range(len(index.facilities)):
        tiers = order[bounds[f] : bounds[f + 1]]
        if existing[tiers].any() or opened[tiers].sum() < (1e-6 if lenient else OPEN_THRESHOLD):
            continue
        load = treated[tiers].sum()
        fits = tiers[capacity[tiers] >= load * (1.2 if lenient else 1.0) - 1e-9]
        pick = fits[np.argmin(capacity[fits])] if len(fits) else tiers[np.argmax(capacity[tiers])]
        choice[pick] = 1.0
    return choice


def heuristic_start(matrix: MatrixModel, options: SolveOptions) -> StartResult:
    """Round the LP relaxation and solve the assignment problem that is left (see module doc)."""
    start = time.perf_counter()
    budget = max(1.0, 0.25 * options.time_limit_s)
    quick = replace(options, time_limit_s=budget, mip_gap=max(options.mip_gap, 1e-3))
    x_lp, _ = _solve(matrix.to_lp(relax=True), quick)
    lp = matrix.to_lp()
    if x_lp is None:
        return StartResult(None, None, time.perf_counter() - start, "LP relaxation failed")
    lower = np.asarray(lp.col_lower_, dtype=float).copy()
    upper = np.asarray(lp.col_upper_, dtype=float).copy()
    columns = matrix.column("open", np.arange(len(matrix.data.tiers)))
    for lenient in (False, True):
        choice = _rounded_tiers(matrix, x_lp, lenient)
        low, up = lower.copy(), upper.copy()
        low[columns] = choice
        up[columns] = choice
        remaining = max(1.0, budget - (time.perf_counter() - start))
        x, objective = _solve(lp, replace(quick, time_limit_s=remaining), low, up)
        if x is not None:
            how = "LP rounding" + (" (lenient)" if lenient else "")
            return StartResult(x, objective, time.perf_counter() - start, how)
    return StartResult(None, None, time.perf_counter() - start, "no feasible rounding")

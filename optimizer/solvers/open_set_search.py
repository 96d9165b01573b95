"""The search for near-optimal open sets: again and again, a plan whose open set differs from
every open set found so far (the rows of :mod:`optimizer.solvers.alternatives`: a no-good cut per
open set found, the cost ceiling, only used facilities).

On the default route one model is built and handed to one HiGHS instance for the whole search:
the ceiling and "only used" rows once, then each open set found adds its cut as a new row
(``addRow``) and HiGHS runs again. Measured on ``scenarios/mixed-park`` (10 alternatives within
2%), building and handing over took about 0.3 s of each re-solve: the time was HiGHS's search,
whose root bound (0.75% below the least cost) is far from the alternatives (0.5-1.5% above), so
proving each the cheapest left to within 0.2% took 10-60 s. So each search may stop at the first
plan at or below a ``target`` (HiGHS's ``objective_target``; the alternatives use the cost
ceiling: any plan within the slack) and the plan's open set is then fixed and the rest solved to
the scenario's gap (about 0.4 s): every alternative is least-cost for its open set, though the set
is not proven to be the cheapest open sets. A plan a search saw on the way
(``mip_improving_solution_save``) that every cut allows is the next search's first incumbent, or,
at or below the target, the next alternative without a search. Any other route builds the
reference model for each alternative and solves it to the options' gap
(:func:`~optimizer.solvers.alternatives.solve_with_rows`).

A plan whose carrying streams broke a cap once their loads are followed (:mod:`optimizer.
solvers.loads`) is found again, with the same cuts, in the model that sends each stream to one
destination, as :func:`~optimizer.solvers.dispatch.solve_instance` does for the least-cost plan.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import highspy
import numpy as np

from ..prepare import ModelData
from .alternatives import ExtraRows, add_extra_rows, open_set, solve_with_rows
from .chain import tracks_chain
from .formulation import Index
from .highs import load, make_highs, quiet_highs, read_result, set_start
from .loads import ONE_DESTINATION, cap_excess, value_arrays
from .matrix import build_matrix
from .matrix_model import INF, MatrixModel
from .types import Solution, SolveOptions, SolverReport


def search_open_sets(
    data: ModelData,
    options: SolveOptions,
    found: list[frozenset[int]],
    min_distance: int = 1,
    cost_ceiling: float | None = None,
    target: float | None = None,
    polish_gap: float | None = None,
) -> Iterator[Solution]:
    """Solutions, each opening a set of facilities (rows of ``data.facilities``) at Hamming
    distance ``min_distance`` or more from every set in ``found`` and every set yielded before
    it (each is appended to ``found``), with an objective of at most ``cost_ceiling``: the
    cheapest such plan to within the options' gap, or (default route) the first one found at or
    below ``target``. On the default route with ``polish_gap``, each plan's open set is then
    fixed and the rest solved again to that gap, so that the plan is least-cost for its open set.
    The search ends after yielding a solution without a plan (its report says why: infeasible,
    objective limit, time limit...)."""
    quiet_highs()
    if options.solver != "highs" or options.relax:
        yield from _one_model_each(data, options, found, min_distance, cost_ceiling)
        return
    search = _Search(data, options, found, min_distance, cost_ceiling)
    search.aim(target, polish_gap)
    while True:
        solution = search.next()
        yield solution
        if not solution.report.has_solution:
            return


def _one_model_each(
    data: ModelData,
    options: SolveOptions,
    found: list[frozenset[int]],
    min_distance: int,
    cost_ceiling: float | None,
) -> Iterator[Solution]:
    """Build, add every cut and solve again for each alternative (the reference model's routes)."""
    while True:
        extra = ExtraRows(tuple(found), min_distance, cost_ceiling, only_used=True)
        solution = _following_loads(data, options, extra, solve_with_rows(data, options, extra))
        yield solution
        if not solution.report.has_solution:
            return
        found.append(open_set(data, solution.values))


def _following_loads(
    data: ModelData, options: SolveOptions, extra: ExtraRows, solution: Solution
) -> Solution:
    """The solution, or the one of the model that sends each carrying stream to one destination
    when its followed loads break a cap (see the module docstring)."""
    pollution = data.pollution
    if pollution is None or not solution.report.has_solution:
        return solution
    if not tracks_chain(data, Index.of(data)):
        return solution
    if cap_excess(data, Index.of(data), value_arrays(data, solution.values)) <= 0:
        return solution
    kept = replace(data, pollution=replace(pollution, one_destination=True))
    again = solve_with_rows(kept, replace(options, warm_start=None), extra)
    report = replace(again.report, seconds=again.report.seconds + solution.report.seconds)
    return Solution(report, {**again.values, ONE_DESTINATION: {0: 1.0}})


class _Search:
    """One matrix model in one HiGHS instance; a row added per open set found."""

    def __init__(
        self,
        data: ModelData,
        options: SolveOptions,
        found: list[frozenset[int]],
        min_distance: int,
        cost_ceiling: float | None,
    ) -> None:
        start = time.perf_counter()
        self.data, self.options, self.found = data, options, found
        self.min_distance, self.cost_ceiling = min_distance, cost_ceiling
        self.model: MatrixModel = build_matrix(data)
        add_extra_rows(self.model, ExtraRows(tuple(found), min_distance, cost_ceiling, True))
        self.is_mip = self.model.is_mip
        self.highs = load(make_highs(options), self.model.to_lp())
        if cost_ceiling is not None:  # the row is the rule; the bound helps HiGHS prune
            self.highs.setOptionValue("objective_bound", float(cost_ceiling) * (1 + 1e-9))
        self.highs.setOptionValue("mip_improving_solution_save", True)
        self.open_columns = self.model.column("open", np.arange(len(data.tiers))).astype(np.int32)
        lp = self.highs.getLp()
        self.open_bounds = (
            np.asarray(lp.col_lower_)[self.open_columns],
            np.asarray(lp.col_upper_)[self.open_columns],
        )
        self.tier_facility = self.model.index.tier_facility
        self.target, self.polish_gap = -INF, None
        self.pool: list[tuple[float, np.ndarray, frozenset[int]]] = []
        self.handover = time.perf_counter() - start

    def aim(self, target: float | None, polish_gap: float | None) -> None:
        """Stop each search at the first plan at or below ``target`` (HiGHS's
        ``objective_target``); solve each plan's open set again to ``polish_gap``."""
        self.target = -INF if target is None else float(target)
        self.polish_gap = polish_gap
        self.highs.setOptionValue("objective_target", self.target)

    def next(self) -> Solution:
        """The next plan (see :func:`search_open_sets`); its open set is cut before the next."""
        start = time.perf_counter()
        report, x = None, np.zeros(0)
        seen = self._seen()
        if seen is not None:  # a plan an earlier search saw: no search needed
            report, x = self._polish(seen, start, "seen in an earlier search")
        if report is None:
            self.highs.run()
            seconds = time.perf_counter() - start + self.handover
            report, x = read_result(self.highs, self.is_mip, seconds, self.handover, "highs")
            if not report.has_solution:
                return Solution(report, {})
            if self.is_mip:
                self._keep(self.highs.getSavedMipSolutions())
            polished, better = self._polish(x, start, f"found in {seconds:.1f} s")
            if polished is not None:
                report, x = polished, better
        self.handover = 0.0
        solution = Solution(report, self.model.values(x))
        extra = ExtraRows(tuple(self.found), self.min_distance, self.cost_ceiling, True)
        solution = _following_loads(self.data, self.options, extra, solution)
        chosen = open_set(self.data, solution.values)
        self.found.append(chosen)
        self._cut(chosen)
        self._start_from()
        return solution

    def _polish(
        self, x: np.ndarray, start: float, how: str
    ) -> tuple[SolverReport | None, np.ndarray]:
        """The plan's open set fixed and the rest solved again to the polish gap, from the plan;
        (None, x) without a polish gap, or when that solve ends without a plan."""
        if self.polish_gap is None or not self.is_mip:
            return None, x
        columns, n = self.open_columns, len(self.open_columns)
        opened = np.round(x[columns])
        highs = self.highs
        highs.changeColsBounds(n, columns, opened, opened)
        highs.setOptionValue("objective_target", -INF)
        highs.setOptionValue("mip_rel_gap", float(self.polish_gap))
        set_start(highs, x)
        highs.run()
        seconds = time.perf_counter() - start + self.handover
        report, polished = read_result(highs, True, seconds, self.handover, "highs")
        highs.changeColsBounds(n, columns, *self.open_bounds)
        highs.setOptionValue("objective_target", self.target)
        highs.setOptionValue("mip_rel_gap", float(self.options.mip_gap))
        if not report.has_solution:
            return None, x
        return replace(report, start=f"open set {how}, then solved with it fixed"), polished

    def _opened(self, x: np.ndarray) -> frozenset[int]:
        tiers = np.flatnonzero(x[self.open_columns] > 0.5)
        return frozenset(int(f) for f in self.tier_facility[tiers])

    def _cut(self, chosen: frozenset[int]) -> None:
        """:math:`\\sum_{f \\notin O} y_f - \\sum_{f \\in O} y_f \\ge d - |O|` (as
        :func:`~optimizer.solvers.alternatives.add_extra_rows` writes it)."""
        inside = np.isin(self.tier_facility, sorted(chosen))
        coefficients = np.where(inside, -1.0, 1.0)
        lower = float(self.min_distance - len(chosen))
        columns = self.open_columns
        self.highs.addRow(lower, INF, len(columns), columns, coefficients)

    def _keep(self, saved: list[highspy.HighsObjectiveSolution]) -> None:
        """Keep the plans a search saw (within the ceiling), cheapest first."""
        ceiling = np.inf if self.cost_ceiling is None else self.cost_ceiling
        for plan in saved:
            if plan.objective <= ceiling * (1 + 1e-9):
                x = np.asarray(plan.col_value, dtype=float)
                self.pool.append((float(plan.objective), x, self._opened(x)))
        self.pool.sort(key=lambda kept: kept[0])

    def _allowed(self) -> list[tuple[float, np.ndarray]]:
        """The kept plans that every cut allows, cheapest first."""
        return [
            (objective, x)
            for objective, x, opened in self.pool
            if all(len(opened ^ other) >= self.min_distance for other in self.found)
        ]

    def _seen(self) -> np.ndarray | None:
        """The cheapest kept plan the cuts allow at or below the target (None if none)."""
        allowed = self._allowed()
        return allowed[0][1] if allowed and allowed[0][0] <= self.target else None

    def _start_from(self) -> None:
        """Hand HiGHS the cheapest kept plan that every cut allows as its first incumbent."""
        allowed = self._allowed()
        if allowed:
            set_start(self.highs, allowed[0][1])

"""The search for near-optimal open sets: the cheapest plan whose open set differs from every
open set found so far, again and again (the rows of :mod:`optimizer.solvers.alternatives`: a
no-good cut per open set found, the cost ceiling, only used facilities).

On the default route one model is built and handed to one HiGHS instance for the whole search:
the ceiling and "only used" rows once, then each open set found adds its cut as a new row
(``addRow``) and HiGHS runs again, its first incumbent the cheapest plan it saved on the way
(``mip_improving_solution_save``) that the cuts still allow. Building and handing over the model
again for every alternative took 1-3 s of each re-solve on ``scenarios/mixed-park``, and each
search began without any plan. Any other route builds the reference model for each alternative
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
from .types import Solution, SolveOptions


def search_open_sets(
    data: ModelData,
    options: SolveOptions,
    found: list[frozenset[int]],
    min_distance: int = 1,
    cost_ceiling: float | None = None,
) -> Iterator[Solution]:
    """Solutions, cheapest first, each opening a set of facilities (rows of ``data.facilities``)
    at Hamming distance ``min_distance`` or more from every set in ``found`` and every set
    yielded before it (each is appended to ``found``), with an objective of at most
    ``cost_ceiling``. The search ends after yielding a solution without a plan (its report says
    why: infeasible, objective limit, time limit...)."""
    quiet_highs()
    if options.solver != "highs" or options.relax:
        yield from _one_model_each(data, options, found, min_distance, cost_ceiling)
        return
    search = _Search(data, options, found, min_distance, cost_ceiling)
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
        self.open_columns = self.model.column("open", np.arange(len(data.tiers)))
        self.tier_facility = self.model.index.tier_facility
        self.handover = time.perf_counter() - start

    def next(self) -> Solution:
        """The cheapest plan the cuts so far allow; its open set is cut before the next."""
        start = time.perf_counter()
        self.highs.run()
        seconds = time.perf_counter() - start + self.handover
        report, x = read_result(self.highs, self.is_mip, seconds, self.handover, "highs")
        self.handover = 0.0
        if not report.has_solution:
            return Solution(report, {})
        saved = self.highs.getSavedMipSolutions() if self.is_mip else []
        solution = Solution(report, self.model.values(x))
        extra = ExtraRows(tuple(self.found), self.min_distance, self.cost_ceiling, True)
        solution = _following_loads(self.data, self.options, extra, solution)
        chosen = open_set(self.data, solution.values)
        self.found.append(chosen)
        self._cut(chosen)
        self._start_from(saved)
        return solution

    def _opened(self, x: np.ndarray) -> frozenset[int]:
        tiers = np.flatnonzero(x[self.open_columns] > 0.5)
        return frozenset(int(f) for f in self.tier_facility[tiers])

    def _cut(self, chosen: frozenset[int]) -> None:
        """:math:`\\sum_{f \\notin O} y_f - \\sum_{f \\in O} y_f \\ge d - |O|` (as
        :func:`~optimizer.solvers.alternatives.add_extra_rows` writes it)."""
        inside = np.isin(self.tier_facility, sorted(chosen))
        coefficients = np.where(inside, -1.0, 1.0)
        lower = float(self.min_distance - len(chosen))
        columns = self.open_columns.astype(np.int32)
        self.highs.addRow(lower, INF, len(columns), columns, coefficients)

    def _start_from(self, saved: list[highspy.HighsObjectiveSolution]) -> None:
        """Hand HiGHS the cheapest saved plan that every cut allows, within the ceiling."""
        ceiling = np.inf if self.cost_ceiling is None else self.cost_ceiling
        for candidate in sorted(saved, key=lambda s: s.objective):
            if candidate.objective > ceiling:
                return
            x = np.asarray(candidate.col_value, dtype=float)
            opened = self._opened(x)
            if all(len(opened ^ other) >= self.min_distance for other in self.found):
                set_start(self.highs, x)
                return

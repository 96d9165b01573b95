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
destination, as :func:`~optimizer.solvers.dispatch.solve_instance` does for the least-cost plan
(:func:`~optimizer.solvers.loads.follow_loads`: from the plan's assignments, its report saying
why in ``resolved``).

The whole search ends by one wall-clock :class:`~optimizer.solvers.highs.Deadline`: every HiGHS
instance is watched by it and given the time left; the searches for open sets stop early enough
to leave a re-solve its share (:func:`~optimizer.solvers.loads.first_pass`), and once that time
is gone the search yields a solution without a plan whose report stopped at the deadline.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

import highspy
import numpy as np

from ..prepare import ModelData
from .alternatives import ExtraRows, add_extra_rows, open_set, solve_with_rows
from .highs import Deadline, highs_version, load, make_highs, quiet_highs, read_result, set_start
from .loads import first_pass, follow_loads
from .matrix import build_matrix
from .matrix_model import INF, MatrixModel
from .types import Solution, SolveOptions, SolverReport, classify


def search_open_sets(
    data: ModelData,
    options: SolveOptions,
    found: list[frozenset[int]],
    min_distance: int = 1,
    cost_ceiling: float | None = None,
    target: float | None = None,
    polish_gap: float | None = None,
    deadline: Deadline | None = None,
) -> Iterator[Solution]:
    """Solutions, each opening a set of facilities (rows of ``data.facilities``) at Hamming
    distance ``min_distance`` or more from every set in ``found`` and every set yielded before
    it (each is appended to ``found``), with an objective of at most ``cost_ceiling``: the
    cheapest such plan to within the options' gap, or (default route) the first one found at or
    below ``target``. On the default route with ``polish_gap``, each plan's open set is then
    fixed and the rest solved again to that gap, so that the plan is least-cost for its open set.
    The search ends after yielding a solution without a plan (its report says why: infeasible,
    objective limit, time limit...), at the latest by ``deadline`` (default: the options' time
    limit from now)."""
    quiet_highs()
    deadline = deadline or Deadline.after(options.time_limit_s)
    # the searches leave the last re-solve its share of what is left, as a normal solve does
    finding = Deadline.after(
        first_pass(data, replace(options, time_limit_s=deadline.left())).time_limit_s
    )
    if options.solver != "highs" or options.relax:
        yield from _one_model_each(
            data, options, found, min_distance, cost_ceiling, (finding, deadline)
        )
        return
    search = _Search(data, options, found, min_distance, cost_ceiling, (finding, deadline))
    search.aim(target, polish_gap)
    while True:
        solution = search.next() if not finding.passed() else _out_of_time(options)
        yield solution
        if not solution.report.has_solution:
            return


def _out_of_time(options: SolveOptions) -> Solution:
    """No plan: the search's time ended before another search could start."""
    termination = "time limit"
    status = classify(termination, False, None, True)
    version = highs_version() if options.solver.startswith("highs") else ""
    report = SolverReport(options.solver, version, status, termination, None, None, None, 0.0)
    return Solution(replace(report, stopped_at_deadline=True), {})


def _one_model_each(
    data: ModelData,
    options: SolveOptions,
    found: list[frozenset[int]],
    min_distance: int,
    cost_ceiling: float | None,
    deadlines: tuple[Deadline, Deadline],
) -> Iterator[Solution]:
    """Build, add every cut and solve again for each alternative (the reference model's routes),
    each in the time left before the first of ``deadlines`` (the second: the re-solve's)."""
    finding, deadline = deadlines
    while True:
        if finding.passed():
            yield _out_of_time(options)
            return
        extra = ExtraRows(tuple(found), min_distance, cost_ceiling, only_used=True)
        left = replace(options, time_limit_s=finding.left())
        first = solve_with_rows(data, left, extra, finding)
        solution = _following_loads(data, options, extra, first, deadline)
        yield solution
        if not solution.report.has_solution:
            return
        found.append(open_set(data, solution.values))


def _following_loads(
    data: ModelData, options: SolveOptions, extra: ExtraRows, solution: Solution, deadline: Deadline
) -> Solution:
    """The solution, or the one of the model that sends each carrying stream to one destination
    when its followed loads break a cap (:func:`~optimizer.solvers.loads.follow_loads`: from the
    solution's assignments, with the same rows, by ``deadline``)."""

    def again(kept: ModelData, start: Mapping[str, Mapping[Any, float]], why: str) -> Solution:
        left = replace(options, time_limit_s=deadline.left(), warm_start=start)
        return solve_with_rows(kept, left, extra, deadline)

    return follow_loads(data, solution, again, options.on_progress)


class _Search:
    """One matrix model in one HiGHS instance; a row added per open set found."""

    def __init__(
        self,
        data: ModelData,
        options: SolveOptions,
        found: list[frozenset[int]],
        min_distance: int,
        cost_ceiling: float | None,
        deadlines: tuple[Deadline, Deadline],
    ) -> None:
        start = time.perf_counter()
        self.finding, self.deadline = deadlines
        self.data, self.options, self.found = data, options, found
        self.min_distance, self.cost_ceiling = min_distance, cost_ceiling
        self.model: MatrixModel = build_matrix(data)
        add_extra_rows(self.model, ExtraRows(tuple(found), min_distance, cost_ceiling, True))
        self.is_mip = self.model.is_mip
        self.highs = load(make_highs(options), self.model.to_lp())
        self.at_deadline = self.finding.watch(self.highs)
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
            self._run(self.highs)
            seconds = time.perf_counter() - start + self.handover
            report, x = self._read(self.highs, self.is_mip, seconds)
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
        solution = _following_loads(self.data, self.options, extra, solution, self.deadline)
        if not solution.report.has_solution:  # the re-solve's: none left, or out of time
            return solution
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
        self._run(highs)
        seconds = time.perf_counter() - start + self.handover
        report, polished = self._read(highs, True, seconds)
        highs.changeColsBounds(n, columns, *self.open_bounds)
        highs.setOptionValue("objective_target", self.target)
        highs.setOptionValue("mip_rel_gap", float(self.options.mip_gap))
        if not report.has_solution:
            return None, x
        return replace(report, start=f"open set {how}, then solved with it fixed"), polished

    def _run(self, highs: highspy.Highs) -> None:
        """Run HiGHS in the time left (the deadline's watch stops it if it overruns)."""
        highs.setOptionValue("time_limit", self.finding.left())
        highs.run()

    def _read(self, highs: highspy.Highs, is_mip: bool, seconds: float):
        return read_result(highs, is_mip, seconds, self.handover, "highs", self.at_deadline)

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

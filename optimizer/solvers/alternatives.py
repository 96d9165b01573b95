"""Rows added to either builder, for exploring a decision: no-good cuts on the open set with a
cost ceiling (near-optimal alternatives), a decision forced (why not), a rule family set free
(which rule binds).

The rows are added after a builder has built the formulation (:func:`~optimizer.solvers.matrix.
build_matrix` or :func:`~optimizer.solvers.pyomo_model.build_model`); no row family of the
formulation is changed. With :math:`y_f = \\sum_{t \\in T(f)} open_t` (0 or 1, by the one-tier rule)
the open set of a plan is :math:`O = \\{f : y_f = 1\\}`, facilities :math:`f` being (site, service)
pairs, and:

- no-good cut of an earlier open set :math:`O` at distance :math:`d` (``alternative_cut``):
  :math:`\\sum_{f \\notin O} y_f + \\sum_{f \\in O} (1 - y_f) \\ge d`, i.e. the Hamming distance
  between the new open set and :math:`O` is at least :math:`d`;
- cost ceiling (``cost_ceiling``): the objective at most :math:`(1 + \\varepsilon) z^*`; the
  default route also hands it to HiGHS as its ``objective_bound``, to prune by (the bound alone
  is not a rule HiGHS keeps: on ``scenarios/tiny`` it returned a plan above it);
- only used facilities (``open_only_if_used``): :math:`treated_t \\ge \\delta_t\\,open_t` for new
  tiers away from required sites, :math:`\\delta_t = 10^{-4} \\bar Q_t`: an alternative never
  differs by a plant that treats nothing;
- forced open (``forced_open``): :math:`y_f \\ge 1`.

``relax`` names row families (``capital_budget``, ``max_facilities``, ``site_area``...) whose rows
are set free: both builders name their rows alike, so the same names work for both.
:func:`solve_with_rows` builds the route's model, adds the rows and solves (the default route
without Pyomo; any other route through the reference model).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..prepare import ModelData
from .formulation import Index
from .highs import Deadline, load, make_highs, quiet_highs, read_result
from .matrix import INF, MatrixModel, build_matrix
from .types import Solution, SolveOptions

#: A facility in an alternative treats at least this share of its tier's most possible load.
USED_SHARE = 1e-4


@dataclass(frozen=True)
class ExtraRows:
    """Rows to add to a built model. Facilities are rows of ``data.facilities`` (site, service).

    Attributes
    ----------
    exclude
        Open sets (facility rows) that the new plan must differ from, each by ``min_distance``.
    min_distance
        The least Hamming distance to every set of ``exclude``.
    cost_ceiling
        The largest objective allowed (None: no ceiling).
    only_used
        New facilities (away from required sites) open only when they treat something.
    force_open
        Facilities that must be open.
    relax
        Row families whose rows are set free.
    """

    exclude: tuple[frozenset[int], ...] = ()
    min_distance: int = 1
    cost_ceiling: float | None = None
    only_used: bool = False
    force_open: tuple[int, ...] = ()
    relax: tuple[str, ...] = ()


def facility_rows(data: ModelData, pairs: set[tuple[str, str]]) -> frozenset[int]:
    """The rows of ``data.facilities`` of the given (site, service) pairs (unknown ones left out)."""
    keys = list(zip(data.facilities["site"], data.facilities["service"], strict=True))
    return frozenset(i for i, key in enumerate(keys) if key in pairs)


def open_set(data: ModelData, values: Mapping[str, Mapping[Any, float]]) -> frozenset[int]:
    """The facilities (rows of ``data.facilities``) that a solution opens."""
    tier_facility = Index.of(data).tier_facility
    opened = [t for t, v in values.get("open", {}).items() if v > 0.5]
    return frozenset(int(tier_facility[t]) for t in opened)


def rule_families(data: ModelData) -> frozenset[str]:
    """The row families the formulation has for ``data`` (with at least one row): both
    builders name their rows alike, so these are the names ``relax`` may set free."""
    return frozenset(name for name, (_, n) in build_matrix(data).row_names.items() if n)


def _tiers_in_and_out(index: Index, chosen: frozenset[int]) -> tuple[np.ndarray, np.ndarray]:
    inside = np.isin(index.tier_facility, sorted(chosen))
    return np.flatnonzero(inside), np.flatnonzero(~inside)


def _used_tiers(data: ModelData) -> np.ndarray:
    """New tiers away from required sites: those :attr:`ExtraRows.only_used` applies to."""
    required = set(data.sites.loc[data.sites["status"] == "required", "site"])
    return np.flatnonzero(~data.tiers["existing"].to_numpy() & ~data.tiers["site"].isin(required))


def add_extra_rows(m: MatrixModel, extra: ExtraRows) -> None:
    """Add the rows of ``extra`` to the default route's arrays (see the module docstring)."""
    index = m.index
    for k, chosen in enumerate(extra.exclude):
        inside, outside = _tiers_in_and_out(index, chosen)
        entries = [
            (np.zeros(len(outside)), m.column("open", outside), 1.0),
            (np.zeros(len(inside)), m.column("open", inside), -1.0),
        ]
        m.add_rows(f"alternative_cut_{k}", 1, entries, extra.min_distance - len(chosen), INF)
    if extra.cost_ceiling is not None:
        cost = np.concatenate([np.asarray(c, dtype=float) for c in m.cost])
        columns = np.flatnonzero(cost)
        entries = [(np.zeros(len(columns)), columns, cost[columns])]
        m.add_rows("cost_ceiling", 1, entries, -INF, extra.cost_ceiling)
    if extra.only_used:
        tiers = _used_tiers(m.data)
        delta = USED_SHARE * m.data.tiers["max_load_per_day"].to_numpy()[tiers]
        k = np.arange(len(tiers))
        entries = [(k, m.column("treated", tiers), 1.0), (k, m.column("open", tiers), -delta)]
        m.add_rows("open_only_if_used", len(tiers), entries, 0.0, INF)
    for k, facility in enumerate(extra.force_open):
        tiers = np.asarray(index.tiers_of_facility[facility], dtype=np.int64)
        entries = [(np.zeros(len(tiers)), m.column("open", tiers), 1.0)]
        m.add_rows(f"forced_open_{k}", 1, entries, 1.0, INF)


def _relaxed_lp(m: MatrixModel, relax: tuple[str, ...], relax_integers: bool):
    lp = m.to_lp(relax=relax_integers)
    lower, upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
    for name in relax:
        if name in m.row_names:
            start, n = m.row_names[name]
            lower[start : start + n], upper[start : start + n] = -INF, INF
    lp.row_lower_, lp.row_upper_ = lower, upper
    return lp


def solve_matrix_with_rows(
    data: ModelData, options: SolveOptions, extra: ExtraRows, deadline: Deadline | None = None
) -> Solution:
    """The default route with the rows of ``extra``: build, add, hand to HiGHS, solve, read; by
    ``deadline`` when given (HiGHS watched by it, and given at most the time left)."""
    start = time.perf_counter()
    m = build_matrix(data)
    add_extra_rows(m, extra)
    lp = _relaxed_lp(m, extra.relax, options.relax)
    is_mip = m.is_mip and not options.relax
    highs = load(make_highs(options), lp)
    if extra.cost_ceiling is not None:  # the row is the rule; the bound helps HiGHS prune
        highs.setOptionValue("objective_bound", float(extra.cost_ceiling) * (1 + 1e-9))
    if options.warm_start and is_mip:
        columns, values = m.partial_start(dict(options.warm_start))
        highs.setSolution(len(columns), columns, values)  # HiGHS completes a partial start
    at_deadline = None
    if deadline is not None:
        at_deadline = deadline.watch(highs)
        highs.setOptionValue("time_limit", min(float(options.time_limit_s), deadline.left()))
    handover = time.perf_counter() - start
    highs.run()
    seconds = time.perf_counter() - start
    report, x = read_result(highs, is_mip, seconds, handover, options.solver, at_deadline)
    return Solution(report, m.values(x) if report.has_solution else {})


def add_extra_constraints(built: Any, extra: ExtraRows) -> None:
    """Add the rows of ``extra`` to a built reference model (a ``PyomoModel``), same names."""
    # lazy: Pyomo costs about half a second (0.45 s measured, cold) at start-up; this is reached
    # only on a Pyomo route, after the model has been built (Pyomo is loaded by then).
    import pyomo.environ as pyo

    m, data, index = built.model, built.data, built.index

    def y(tiers) -> Any:
        return sum(m.open[int(t)] for t in tiers)

    for k, chosen in enumerate(extra.exclude):
        inside, outside = _tiers_in_and_out(index, chosen)
        row = y(outside) + len(chosen) - y(inside) >= extra.min_distance
        setattr(m, f"alternative_cut_{k}", pyo.Constraint(expr=row))
    if extra.cost_ceiling is not None:
        m.cost_ceiling = pyo.Constraint(expr=m.total_cost.expr <= extra.cost_ceiling)
    if extra.only_used:
        tiers = _used_tiers(data).tolist()
        delta = USED_SHARE * data.tiers["max_load_per_day"].to_numpy()

        def used(m, t):
            return m.treated[t] - delta[t] * m.open[t] >= 0

        m.open_only_if_used = pyo.Constraint(tiers, rule=used)
    for k, facility in enumerate(extra.force_open):
        row = y(index.tiers_of_facility[facility]) >= 1
        setattr(m, f"forced_open_{k}", pyo.Constraint(expr=row))
    for name in extra.relax:
        component = getattr(m, name, None)
        if component is not None:
            component.deactivate()


def solve_with_rows(
    data: ModelData,
    options: SolveOptions | None = None,
    extra: ExtraRows | None = None,
    deadline: Deadline | None = None,
) -> Solution:
    """Build the chosen route's model, add the rows of ``extra``, and solve (see
    :func:`~optimizer.solvers.dispatch.solve_instance` for the routes), by ``deadline`` when
    given (a Pyomo route: in the time left once the model is built)."""
    options = options or SolveOptions()
    extra = extra or ExtraRows()
    quiet_highs()
    if options.solver == "highs":
        return solve_matrix_with_rows(data, options, extra, deadline)
    # lazy: Pyomo is imported only on a Pyomo route (0.45 s measured, cold), as in dispatch.
    from .pyomo_model import build_model
    from .pyomo_routes import solve

    start = time.perf_counter()
    built = build_model(data)
    add_extra_constraints(built, extra)
    seconds = time.perf_counter() - start
    if deadline is not None:
        options = replace(options, time_limit_s=min(options.time_limit_s, deadline.left()))
    solution = solve(built, options)
    handover = solution.report.handover_seconds + seconds
    return Solution(replace(solution.report, handover_seconds=handover), solution.values)

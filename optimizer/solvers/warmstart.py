"""A good first plan for large instances, handed to HiGHS as a warm start.

On province-scale parks HiGHS spends minutes in root cuts before its first incumbent, and its
first incumbents are poor. This heuristic finds a good plan first:

1. **LP-guided restricted MIP**: solve the LP relaxation (without strong linking); keep only what
   it uses — the pairs it assigns some demand to, plus each demand's ``NEAREST_KEPT`` nearest
   site, and the facilities it opens at all — and solve that much smaller MIP;
2. **fix-and-optimise by region**: re-solve one region of the park at a time with everything else
   fixed at the current plan, over grids of regions shifted so that regions straddle each other's
   borders, smaller regions first, larger ones while time is left (``REGION_PASSES``). Each
   sub-problem starts from the current plan, so the plan only gets better.

Every plan found is feasible for the full model (only bounds were tightened), so HiGHS starts the
full search with it as incumbent, improves on it and proves the gap. Used when the model has more
than ``AUTO_PAIRS`` assignment columns (``SolveOptions.heuristic = "auto"``); the figures that
chose these settings are in ``docs/model.md``.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from ..strong_linking import LARGE_MODEL_PAIRS
from .chain import NEW_COLUMNS as CHAIN_COLUMNS
from .formulation import row_positions
from .highs import Deadline, interrupt_when, make_highs, set_start
from .matrix_model import MatrixModel
from .types import SolveOptions

#: Each demand keeps at least its this many nearest candidate sites in the restricted problem.
NEAREST_KEPT = 1
#: Share of the time limit the whole heuristic may use (the rest is the full search's).
TIME_SHARE = 0.5
#: Share of the time limit the restricted MIP may use.
RESTRICTED_SHARE = 0.1
#: Fix-and-optimise passes while time is left: (grid side, shifts of the grid in cells) — 3 x 3
#: regions shifted eight times (by halves, quarters, then eighths), then 2 x 2 (larger regions,
#: slower sub-problems: most stop at :data:`REGION_LIMIT_S`). On the 5,000-SME park, side by side
#: for 300 s, the later 3 x 3 shifts found 1,200,010,341 and 1,199,676,516 where the 2 x 2
#: regions that came after four shifts spent 30 s each without a better plan, and the plan at
#: the end was 1,198,362,392 (0.984 %) against 1,198,825,963 (1.019 %): docs/model.md.
REGION_PASSES: tuple[tuple[int, tuple[float, ...]], ...] = (
    (3, (0.0, 0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875)),
    (2, (0.0, 0.5, 0.25, 0.75)),
)
#: The most one region's sub-problem may take (less when less of the heuristic's time is left).
REGION_LIMIT_S = 30.0
#: With "auto", the heuristic runs on MIPs with more assignment columns than this.
AUTO_PAIRS = LARGE_MODEL_PAIRS


@dataclass(frozen=True)
class StartResult:
    """A start vector (None if none found), its objective and how long it took."""

    x: np.ndarray | None
    objective: float | None
    seconds: float
    how: str


@dataclass
class Watch:
    """A heuristic running beside HiGHS's search (:mod:`optimizer.solvers.parallel_search`): each
    better plan is posted here for the search to take, and ``stop`` tells the heuristic the search
    is over."""

    stop: threading.Event = field(default_factory=threading.Event)
    x: np.ndarray | None = None
    objective: float = math.inf
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Told of each better plan too (the checkpoint of :mod:`optimizer.solvers.reserve`).
    better: Callable[[np.ndarray, float], None] | None = None

    def post(self, x: np.ndarray, objective: float) -> None:
        with self.lock:
            if objective >= self.objective:
                return
            self.x, self.objective = x, objective
        if self.better is not None:
            self.better(x, objective)

    def best(self) -> tuple[np.ndarray | None, float]:
        with self.lock:
            return self.x, self.objective


def _highs(options: SolveOptions, watch: Watch | None, deadline: Deadline):
    """A HiGHS instance for one sub-solve: given at most the time left before ``deadline`` (never
    a floor past it), and stopped by it and by ``watch``."""
    highs = make_highs(replace(options, time_limit_s=min(options.time_limit_s, deadline.left())))
    deadline.watch(highs)
    if watch is not None:
        interrupt_when(highs, watch.stop)
    return highs


def _solve(
    lp,
    options: SolveOptions,
    deadline: Deadline,
    upper: np.ndarray | None = None,
    watch: Watch | None = None,
):
    if deadline.passed():
        return None, None
    highs = _highs(options, watch, deadline)
    highs.passModel(lp)
    if upper is not None:
        columns = np.arange(len(upper), dtype=np.int32)
        lower = np.minimum(np.asarray(lp.col_lower_, dtype=float), upper)
        highs.changeColsBounds(len(columns), columns, lower, upper)
    highs.run()
    info = highs.getInfo()
    if info.primal_solution_status != 2:
        return None, None
    return np.asarray(highs.getSolution().col_value), float(info.objective_function_value)


def restricted_upper_bounds(matrix: MatrixModel, x_lp: np.ndarray) -> np.ndarray:
    """Column upper bounds of the restricted problem: 0 for pairs and tiers the LP leaves alone."""
    data = matrix.data
    upper = np.asarray(matrix.to_lp(relax=True).col_upper_, dtype=float).copy()
    pairs = np.arange(len(data.pairs))
    assign = x_lp[matrix.column("assign", pairs)]
    rank = data.pairs.groupby(["enterprise", "service"], sort=False)["distance_km"].rank(
        method="first"
    )
    keep_pair = (assign > 1e-6) | (rank.to_numpy() <= NEAREST_KEPT)
    upper[matrix.column("assign", pairs[~keep_pair])] = 0.0
    tiers = np.arange(len(data.tiers))
    opened = x_lp[matrix.column("open", tiers)]
    facility = matrix.index.tier_facility
    used = np.bincount(facility, weights=opened, minlength=len(matrix.index.facilities)) > 1e-6
    # facilities the kept pairs point at stay available too, so every kept pair can be used
    kept_facilities = np.unique(matrix.index.pair_facility[keep_pair])
    used[kept_facilities] = True
    upper[matrix.column("open", tiers[~used[facility]])] = 0.0
    return upper


def wanted(matrix: MatrixModel, options: SolveOptions) -> bool:
    """Whether to run the heuristic: asked for, or "auto" on a large MIP without a warm start."""
    if options.relax or options.warm_start or not matrix.is_mip:
        return False
    if options.heuristic == "auto":
        return len(matrix.data.pairs) > AUTO_PAIRS
    return options.heuristic == "on"


def find_start(
    matrix: MatrixModel,
    options: SolveOptions,
    share: float = TIME_SHARE,
    watch: Watch | None = None,
    deadline: Deadline | None = None,
) -> StartResult:
    """Restricted MIP, then fix-and-optimise by region (see the module docstring), within ``share``
    of the time limit and never past ``deadline`` (as it is when each step begins: a checkpoint
    may move it); with a ``watch``, each better plan is posted to it as soon as it is found."""
    start = time.perf_counter()
    mine = Deadline.after(share * options.time_limit_s, within=deadline)
    first = restricted_start(matrix, options, watch, mine)
    if first.x is None:
        return first
    x, objective = first.x, first.objective
    if watch is not None:
        watch.post(x, objective)
    for side, shifts in REGION_PASSES:
        if mine.passed() or (watch is not None and watch.stop.is_set()):
            break
        x, objective = improve_by_regions(
            matrix, x, options, math.inf, side=side, shifts=shifts, watch=watch, deadline=mine
        )
    how = f"{first.how} ({first.objective:,.2f}), then fix-and-optimise by region"
    return StartResult(x, objective, time.perf_counter() - start, how)


def restricted_start(
    matrix: MatrixModel,
    options: SolveOptions,
    watch: Watch | None = None,
    deadline: Deadline | None = None,
) -> StartResult:
    """An incumbent from the LP-guided restricted MIP (see the module docstring), ended by
    ``deadline`` if that comes first."""
    start = time.perf_counter()
    budget = Deadline.after(max(1.0, RESTRICTED_SHARE * options.time_limit_s), within=deadline)
    quick = replace(options, time_limit_s=budget.left(), mip_gap=max(options.mip_gap, 1e-3))
    x_lp = guiding_lp(matrix, quick, watch, budget)
    if x_lp is None:
        failed = (
            "no time left for the LP relaxation" if budget.passed() else "the LP relaxation failed"
        )
        return StartResult(None, None, time.perf_counter() - start, failed)
    upper = restricted_upper_bounds(matrix, x_lp)
    x, objective = _solve(matrix.to_lp(), quick, budget, upper, watch)
    how = "LP-guided restricted MIP" if x is not None else "no plan in the restricted MIP"
    return StartResult(x, objective, time.perf_counter() - start, how)


def guiding_lp(
    matrix: MatrixModel,
    options: SolveOptions,
    watch: Watch | None = None,
    deadline: Deadline | None = None,
) -> np.ndarray | None:
    """Values of the LP relaxation without the strong-linking rows, to guide the restricted MIP.

    The guide only has to say which pairs and facilities the relaxation uses; without those rows
    the LP of the 5,000-SME park solves in 0.4 s instead of 20-30 s, and the plans the heuristic
    ends with are as good (docs/model.md)."""
    deadline = deadline or Deadline.after(options.time_limit_s)
    if deadline.passed():
        return None
    highs = _highs(replace(options, relax=True), watch, deadline)
    highs.passModel(matrix.to_lp(relax=True))
    if "assign_only_if_open" in matrix.row_names:
        first, n = matrix.row_names["assign_only_if_open"]
        highs.deleteRows(n, np.arange(first, first + n, dtype=np.int32))
    highs.run()
    if highs.getInfo().primal_solution_status != 2:
        return None
    return np.asarray(highs.getSolution().col_value)


def site_regions(matrix: MatrixModel, side: int, shift: float) -> np.ndarray:
    """A region number per site (row of ``data.sites``): a ``side`` x ``side`` grid over the sites'
    coordinates, shifted by ``shift`` of a cell so that a second pass straddles the first's borders."""
    sites = matrix.data.sites
    cells = []
    for values in (sites["lon"].to_numpy(), sites["lat"].to_numpy()):
        low, high = float(values.min()), float(values.max())
        width = (high - low) / side if high > low else 1.0
        cells.append(np.floor((values - low) / width + shift).astype(int))
    return cells[0] * (side + 2) + cells[1]


@dataclass(frozen=True)
class _Columns:
    """Which columns belong to which region, and which demand each pair and self column serves."""

    pair: np.ndarray  # region of each pair's site
    pair_demand: np.ndarray
    self_demand: np.ndarray
    tier: np.ndarray  # region of each tier's site
    flow_source: np.ndarray
    flow_target: np.ndarray
    sink: np.ndarray


def _columns(matrix: MatrixModel, region_of_site: np.ndarray) -> _Columns:
    data = matrix.data
    sites = data.sites.reset_index(drop=True)[["site"]]
    region = region_of_site

    def of(frame, column="site"):
        positions = row_positions(frame.rename(columns={column: "site"}), sites, ["site"])
        return np.where(positions >= 0, region[np.maximum(positions, 0)], -1)

    return _Columns(
        pair=of(data.pairs),
        pair_demand=matrix.index.pair_demand,
        self_demand=matrix.blocks["self_treat"].keys,
        tier=of(data.tiers),
        flow_source=of(data.flows) if len(data.flows) else np.zeros(0, dtype=int),
        flow_target=of(data.flows[["to_site"]], "to_site")
        if len(data.flows)
        else np.zeros(0, dtype=int),
        sink=of(data.sinks) if len(data.sinks) else np.zeros(0, dtype=int),
    )


def _free_columns(matrix: MatrixModel, columns: _Columns, x: np.ndarray, region: int) -> np.ndarray:
    """Columns a region's sub-problem may change: its facilities, the flows between them, the
    demands that are not held by a facility outside the region, and the pollutant loads of the
    chain everywhere (:mod:`optimizer.solvers.chain`: they follow the flows, so with them fixed a
    region could move no demand)."""
    data = matrix.data
    assign = x[matrix.column("assign", np.arange(len(data.pairs)))] > 0.5
    held_outside = np.zeros(len(data.demands), dtype=bool)
    held_outside[columns.pair_demand[assign & (columns.pair != region)]] = True
    free = np.zeros(matrix.n_cols, dtype=bool)
    pairs = np.flatnonzero((columns.pair == region) & ~held_outside[columns.pair_demand])
    free[matrix.column("assign", pairs)] = True
    touched = np.zeros(len(data.demands), dtype=bool)
    touched[columns.pair_demand[pairs]] = True
    free[matrix.column("self_treat", np.flatnonzero(touched[columns.self_demand]))] = True
    tiers = np.flatnonzero(columns.tier == region)
    free[matrix.column("open", tiers)] = True
    free[matrix.column("treated", tiers)] = True
    inside = (columns.flow_source == region) & (columns.flow_target == region)
    free[matrix.column("flow", np.flatnonzero(inside))] = True
    if "to_sink" in matrix.blocks:
        free[matrix.column("to_sink", np.flatnonzero(columns.sink == region))] = True
    if "subsidy" in matrix.blocks:
        subsidised = matrix.blocks["subsidy"].keys
        free[matrix.column("subsidy", np.flatnonzero(columns.tier[subsidised] == region))] = True
    if "financed" in matrix.blocks and data.finance is not None:  # green loans of its tiers
        financed = columns.tier[data.finance.options["tier"].to_numpy()] == region
        free[matrix.column("financed", np.flatnonzero(financed))] = True
    for name in CHAIN_COLUMNS:  # loads follow the flows: fixed, a region could change nothing
        if name in matrix.blocks:
            block = matrix.blocks[name]
            free[block.start : block.start + block.size] = True
    return free


def improve_by_regions(
    matrix: MatrixModel,
    x: np.ndarray,
    options: SolveOptions,
    budget_s: float,
    side: int = 4,
    shifts: tuple[float, ...] = (0.0, 0.5),
    watch: Watch | None = None,
    deadline: Deadline | None = None,
) -> tuple[np.ndarray, float]:
    """Fix-and-optimise: re-solve one region at a time with everything else fixed at the current
    plan (one pass per shift of the grid, in cells). Every sub-problem starts from the current
    plan, which stays feasible, so the objective never gets worse; with a ``watch``, each better
    plan is posted to it, and the passes end when it says stop. No sub-solve is given more than
    what is left of ``budget_s`` or of ``deadline`` (as it is then; at most
    :data:`REGION_LIMIT_S`), and each is stopped when that is up."""
    deadline = Deadline.after(budget_s, within=deadline)
    lp = matrix.to_lp()
    lower = np.asarray(lp.col_lower_, dtype=float)
    upper = np.asarray(lp.col_upper_, dtype=float)
    cost = np.asarray(lp.col_cost_, dtype=float)
    every = np.arange(matrix.n_cols, dtype=np.int32)
    for shift in shifts:
        columns = _columns(matrix, site_regions(matrix, side, shift))
        for region in np.unique(columns.tier):
            if deadline.passed() or (watch is not None and watch.stop.is_set()):
                return x, float(cost @ x)
            free = _free_columns(matrix, columns, x, region)
            sub = replace(options, time_limit_s=REGION_LIMIT_S, mip_gap=1e-3)
            highs = _highs(sub, watch, deadline)
            highs.passModel(lp)
            fixed = np.clip(x, lower, upper)
            highs.changeColsBounds(
                len(every), every, np.where(free, lower, fixed), np.where(free, upper, fixed)
            )
            set_start(highs, x)
            highs.run()
            if highs.getInfo().primal_solution_status == 2:
                candidate = np.asarray(highs.getSolution().col_value)
                if cost @ candidate <= cost @ x:
                    x = candidate
                    if watch is not None:
                        watch.post(x, float(cost @ x))
    return x, float(cost @ x)

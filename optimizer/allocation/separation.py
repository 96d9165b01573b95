"""The group of a facility's players that would gain most by leaving, found without listing groups.

Given shares x of a facility's game (:mod:`optimizer.allocation.facility`), the most blocking group
is the nonempty proper subset S of the players M with the largest *excess* ``x(S) - c(S)``: what
it pays minus what it would pay on its own. As ``c(S) = min(F(load(S)), sum of alpha over S)`` and
``F`` is the cheapest tier holding the load (``f_k + u_k load`` for ``load <= cap_k``)::

    excess(S) = max( sum over S of (x_e - alpha_e),
                     max over tiers k with load(S) <= cap_k of  sum over S of (x_e - u_k l_e) - f_k )

so the best group is the best of one search per term:

- **leaving** (every member treats alone): the terms are independent, the best group is every
  player with ``x_e > alpha_e``;
- **building tier k**: a 0-1 knapsack, profit ``x_e - u_k l_e``, weight ``l_e``, capacity
  ``cap_k``. It is solved exactly: by dynamic programming over the capacity when all but a few
  loads (:data:`MAX_ODD`, each subset of which is tried in turn) are whole multiples of 1, 0.1 or
  0.01 unit/d and the table stays small (:data:`DP_MAX_CELLS`); else over the frontier of
  undominated (load, profit) pairs, pruned by bounds (any loads, up to
  :data:`FRONT_MAX_STATES` states); else, rarely, as a mixed-integer programme
  (:func:`scipy.optimize.milp`, HiGHS, relative gap 0; slow on these knapsacks, whose profits
  follow the loads closely). ``highspy`` itself is not used: cost sharing never reaches the
  solver layer (the import contracts in ``pyproject.toml``), and scipy's ``milp`` is the same
  HiGHS behind a numpy interface.

A tier whose upper bound (the knapsack's linear relaxation) does not reach ``floor`` is skipped. Every group found is returned with its excess; the caller (see
:mod:`optimizer.allocation.core`) evaluates them again with the game's own cost function.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from .clock import check_time, time_limit
from .way_out import Group, best_leaving, best_leaving_within, proper_best

#: Largest dynamic-programming table (items x capacity steps) before the frontier is used instead.
DP_MAX_CELLS = 25_000_000
#: Most (weight, profit) states the frontier keeps in all before the MILP is used instead.
FRONT_MAX_STATES = 5_000_000
#: Loads that need not be whole numbers of the unit for the dynamic programme (each subset of
#: them is tried in turn, so at most 2^MAX_ODD times the table's lookups).
MAX_ODD = 6
#: Units tried, finest last, for reading the loads as whole numbers (1, 0.1, 0.01 unit/d).
_SCALES = (1.0, 10.0, 100.0)


@dataclass(frozen=True)
class TierArrays:
    """The tiers of one facility's menu as arrays: ``F(load) = min_k fixed_k + unit_k load`` over
    the tiers with ``load <= limit_k`` (the capacity with its rounding slack)."""

    fixed: np.ndarray
    unit: np.ndarray
    limit: np.ndarray


def most_blocking_groups(
    shares: np.ndarray,
    loads: np.ndarray,
    alternatives: np.ndarray,
    tiers: TierArrays,
    floor: float = -np.inf,
    caps: tuple[np.ndarray, np.ndarray] | None = None,
    deadline: float | None = None,
) -> list[Group]:
    """The best group of each term (leaving, each tier) whose excess is above ``floor``.

    ``deadline`` (a :func:`time.perf_counter` instant, None for none) is looked at before each
    search, and is the MILPs' time limit: :class:`~optimizer.allocation.clock.OutOfTime` is
    raised when it passes first.

    ``caps``, when given, is ``(added, room)``: a group may leave only when the sum over it of
    ``added`` (players x cap rows) is at most ``room`` in every row
    (:mod:`optimizer.allocation.leaving`); its best leaving group is then a mixed-integer
    programme.

    The group with the largest excess of all is among those returned, unless none exceeds
    ``floor``; a game of one player has no proper group and returns none. A tier whose upper
    bound does not reach ``floor`` is not searched.

    Examples
    --------
    Three players of load 50, each 50 alone; a tier of 100 for 60 and one of 150 for 100. Under
    equal shares of 100/3 every pair pays 66.67 against 60 for the small tier:

    >>> tiers = TierArrays(np.array([60.0, 100.0]), np.zeros(2), np.array([100.0, 150.0]))
    >>> found = most_blocking_groups(np.full(3, 100 / 3), np.full(3, 50.0), np.full(3, 50.0), tiers)
    >>> best = max(found, key=lambda g: g.excess)
    >>> int(best.members.sum()), round(best.excess, 2)
    (2, 6.67)
    """
    shares = np.asarray(shares, dtype=float)
    loads = np.asarray(loads, dtype=float)
    n = len(shares)
    if n < 2:
        return []
    alternatives = np.asarray(alternatives, dtype=float)
    check_time(deadline)
    if caps is None or not caps[1].size:
        found = [best_leaving(shares, alternatives)]
    else:
        found = [best_leaving_within(shares, alternatives, *caps, deadline)]
    for fixed, unit, limit in _tiers(tiers):
        profit = shares - unit * loads
        if _tier_bound(profit, loads, limit) - fixed > floor:
            check_time(deadline)
            found.append(_building(profit, loads, limit, fixed, deadline))
    return [group for group in found if group is not None and group.excess > floor]


def _tiers(tiers: TierArrays) -> list[tuple[float, float, float]]:
    return [
        (float(f), float(u), float(c))
        for f, u, c in zip(tiers.fixed, tiers.unit, tiers.limit, strict=True)
    ]


def _tier_bound(profit: np.ndarray, weight: np.ndarray, capacity: float) -> float:
    """The linear relaxation of the knapsack (items sorted by profit per weight, the last one
    taken in part): no group on this tier gains more (before its fixed cost)."""
    fits = (weight <= capacity) & (profit > 0)
    if not fits.any():
        held = weight <= capacity
        return float(profit[held].max()) if held.any() else -np.inf
    p, w = profit[fits], weight[fits]
    order = np.argsort(-(p / np.maximum(w, 1e-300)), kind="stable")
    p, w = p[order], w[order]
    room = capacity - np.concatenate([[0.0], np.cumsum(w)[:-1]])
    part = np.clip(room / np.maximum(w, 1e-300), 0.0, 1.0)
    return float(np.sum(p * np.where(w > 0, part, 1.0)))


def _building(
    profit: np.ndarray,
    weight: np.ndarray,
    capacity: float,
    fixed: float,
    deadline: float | None = None,
) -> Group | None:
    """The best nonempty proper group that builds this tier, and its excess."""
    fits = weight <= capacity
    if weight.sum() <= capacity:  # every group fits: no knapsack
        chosen = proper_best(profit, np.ones(len(profit), dtype=bool))
    elif not (fits & (profit > 0)).any():
        chosen = proper_best(profit, fits)
    else:
        items = np.flatnonzero(fits & (profit > 0))
        chosen = np.zeros(len(profit), dtype=bool)
        chosen[items[knapsack(profit[items], weight[items], capacity, deadline)]] = True
    return None if chosen is None else Group(chosen, float(profit[chosen].sum()) - fixed)


# ---------------------------------------------------------------------------------------------
# The knapsack
# ---------------------------------------------------------------------------------------------


def knapsack(
    profit: np.ndarray, weight: np.ndarray, capacity: float, deadline: float | None = None
) -> np.ndarray:
    """The items (a boolean mask) of largest total profit whose weights sum to at most
    ``capacity``: exact, by dynamic programming or a MILP (see the module's docstring; the
    MILP's time limit is what is left to ``deadline``).

    Examples
    --------
    >>> knapsack(np.array([6.0, 5.0, 5.0]), np.array([3.0, 2.0, 2.0]), 4.0).tolist()
    [False, True, True]
    >>> knapsack(np.array([6.0, 5.0, 5.0]), np.array([0.3, 0.2, 0.2 + 1e-3]), 0.4).tolist()
    [True, False, False]
    """
    profit = np.asarray(profit, dtype=float)
    weight = np.asarray(weight, dtype=float)
    useful = (profit > 0) & (weight <= capacity)
    chosen = useful & (weight <= 0)  # free items always go in
    rest = np.flatnonzero(useful & (weight > 0))
    if weight[rest].sum() <= capacity:
        chosen[rest] = True
        return chosen
    grid = _grid(weight[rest], capacity)
    if grid is not None:
        picked = _knapsack_dp(profit[rest], weight[rest], capacity, grid)
    else:
        try:
            picked = _knapsack_front(profit[rest], weight[rest], capacity)
        except _TooMany:
            picked = _knapsack_milp(profit[rest], weight[rest], capacity, deadline)
    chosen[rest[picked]] = True
    return chosen


@dataclass(frozen=True)
class _Grid:
    """Weights read as whole numbers of ``1 / scale``, divided by their common ``step``; the few
    that are not (``odd``) are tried in and out one subset at a time."""

    scale: float
    step: int
    odd: np.ndarray
    whole: np.ndarray  # the whole weights, in steps

    def steps_within(self, room: float) -> int:
        return int(np.floor(room * self.scale + 1e-7)) // self.step


def _grid(weight: np.ndarray, capacity: float) -> _Grid | None:
    """The coarsest unit (1, 0.1, 0.01) in which all but :data:`MAX_ODD` weights are whole and
    the table stays within :data:`DP_MAX_CELLS`; None when there is none."""
    for scale in _SCALES:
        scaled = weight * scale
        rounded = np.rint(scaled)
        odd = np.abs(scaled - rounded) > 1e-9 + 1e-12 * scaled
        if odd.sum() > MAX_ODD:
            continue
        whole = rounded[~odd].astype(np.int64)
        step = int(np.gcd.reduce(whole)) if len(whole) else 1
        grid = _Grid(scale, step, odd, whole // step)
        if len(whole) * (grid.steps_within(capacity) + 1) <= DP_MAX_CELLS:
            return grid
    return None


def _knapsack_dp(
    profit: np.ndarray, weight: np.ndarray, capacity: float, grid: _Grid
) -> np.ndarray:
    """0-1 knapsack by dynamic programming over the whole weights (``best[c]`` the most profit
    within c steps, item by item, the choices kept to read the items back), for each subset of
    the odd items in turn with the room they leave."""
    inside = np.flatnonzero(~grid.odd)
    room = grid.steps_within(capacity)
    best = np.zeros(room + 1)
    taken = np.zeros((len(inside), room + 1), dtype=bool)
    for i, (p, w) in enumerate(zip(profit[inside], grid.whole, strict=True)):
        if w > room:
            continue
        with_item = best[: room + 1 - w] + p
        better = with_item > best[w:]
        taken[i, w:] = better
        best[w:] = np.where(better, with_item, best[w:])
    odd = np.flatnonzero(grid.odd)
    top, top_odd, top_room = -np.inf, (), 0
    for r in range(len(odd) + 1):
        for subset in itertools.combinations(odd, r):
            left = capacity - float(weight[list(subset)].sum())
            if left < 0:
                continue
            steps = grid.steps_within(left)
            value = float(profit[list(subset)].sum()) + float(best[steps])
            if value > top:
                top, top_odd, top_room = value, subset, steps
    chosen = np.zeros(len(profit), dtype=bool)
    chosen[list(top_odd)] = True
    for i in range(len(inside) - 1, -1, -1):
        if taken[i, top_room]:
            chosen[inside[i]] = True
            top_room -= int(grid.whole[i])
    return chosen


class _TooMany(Exception):
    """The frontier of the knapsack outgrew :data:`FRONT_MAX_STATES`."""


def _knapsack_front(profit: np.ndarray, weight: np.ndarray, capacity: float) -> np.ndarray:
    """0-1 knapsack over any weights (Nemhauser & Ullmann 1969, with bounds): the items in order
    of profit per weight; after each, the (weight, profit) states no other state beats (as light
    and as profitable), less those whose linear-relaxation bound on the items still to come cannot
    reach the best profit found; the choices kept to read the items back. Raises
    :class:`_TooMany` past :data:`FRONT_MAX_STATES` states."""
    n = len(profit)
    order = np.argsort(-(profit / weight), kind="stable")
    p, w = profit[order], weight[order]
    cum_w, cum_p = np.r_[0.0, np.cumsum(w)], np.r_[0.0, np.cumsum(p)]
    ratio = np.r_[p / w, 0.0]
    best = _greedy(p, w, capacity)
    slack = 1e-12 * max(1.0, float(cum_p[-1]))
    states_w, states_p = np.zeros(1), np.zeros(1)
    history, stored = [], 0
    for i in range(n):
        fits = np.flatnonzero(states_w + w[i] <= capacity)
        all_w = np.r_[states_w, states_w[fits] + w[i]]
        all_p = np.r_[states_p, states_p[fits] + p[i]]
        source = np.r_[np.arange(len(states_w)), fits]
        took = np.r_[np.zeros(len(states_w), dtype=bool), np.ones(len(fits), dtype=bool)]
        by_weight = np.lexsort((-all_p, all_w))
        all_w, all_p, source, took = (a[by_weight] for a in (all_w, all_p, source, took))
        keep = all_p > np.maximum.accumulate(np.r_[-np.inf, all_p[:-1]])
        best = max(best, float(all_p[keep].max()))
        reach = cum_w[i + 1] + capacity - all_w  # the room left, on the cumulative weights
        k = np.maximum(np.searchsorted(cum_w, reach, side="right") - 1, i + 1)
        bound = all_p + cum_p[k] - cum_p[i + 1] + ratio[np.minimum(k, n)] * (reach - cum_w[k])
        keep &= bound >= best - slack
        states_w, states_p = all_w[keep], all_p[keep]
        history.append((source[keep], took[keep]))
        stored += len(states_w)
        if stored > FRONT_MAX_STATES:
            raise _TooMany
    state = int(np.argmax(states_p))
    chosen = np.zeros(n, dtype=bool)
    for i in range(n - 1, -1, -1):
        source, took = history[i]
        chosen[i] = bool(took[state])
        state = int(source[state])
    picked = np.zeros(n, dtype=bool)
    picked[order[chosen]] = True
    return picked


def _greedy(profit: np.ndarray, weight: np.ndarray, capacity: float) -> float:
    """The profit of taking the items in order while they fit (a lower bound)."""
    room, total = capacity, 0.0
    for p, w in zip(profit, weight, strict=True):
        if w <= room:
            room, total = room - w, total + float(p)
    return total


def _knapsack_milp(
    profit: np.ndarray, weight: np.ndarray, capacity: float, deadline: float | None = None
) -> np.ndarray:
    """0-1 knapsack as a MILP (HiGHS through :func:`scipy.optimize.milp`, relative gap 0), profits
    and weights scaled to at most 1; a solution over the capacity by the solver's feasibility
    tolerance is solved again with the capacity lowered by the excess."""
    scale = float(profit.max())
    limit = capacity
    for _ in range(5):
        result = milp(
            -profit / scale,
            integrality=np.ones(len(profit)),
            bounds=Bounds(0.0, 1.0),
            constraints=LinearConstraint(weight[None, :] / capacity, -np.inf, limit / capacity),
            options={"mip_rel_gap": 0.0, **time_limit(deadline)},
        )
        if result.status == 1:  # stopped by its time limit: not the best items
            check_time(deadline)
        if result.x is None:
            raise RuntimeError(f"the knapsack MILP failed: {result.message}")
        chosen = result.x > 0.5
        over = float(weight[chosen].sum()) - capacity
        if over <= 0:
            return chosen
        limit -= over + 1e-9 * capacity
    raise RuntimeError("the knapsack MILP kept exceeding the capacity")

"""Exact coalition checks without listing coalitions, against the list (random facility games).

The search for the most blocking coalition (a knapsack per tier, ``allocation.separation``) and
the constraint generation on it (``allocation.core``) must give what listing all ``2^n - 2``
coalitions gives: the same largest excess, the same "in the core", the same smallest subsidy and
least core, on random facility games of 2 to 14 players (seeded: ``derandomize=True``). The
reference checks list every coalition (``game.most_violated_coalition``, ``game.minimum_subsidy``
and the least-core programme below); ``blocking.LISTED_UP_TO`` is lowered to 1 so that the search
runs on these small games instead of the list.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from optimizer.allocation import (
    RULES,
    Game,
    coalitions,
    core_facts,
    facility_cost_function,
    facility_game,
    knapsack,
    minimum_subsidy,
    most_blocking,
    shares_by_rule,
    tolerance_of,
)
from optimizer.allocation import blocking as blocking_module
from optimizer.allocation import core as core_module
from optimizer.allocation import separation as separation_module

SETTINGS = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def facility_games(draw, max_players: int = 14) -> tuple[Game, np.ndarray, np.ndarray]:
    """A facility game (1-3 tiers, the largest holding everyone), its players' alternatives (some
    infinite) and a split of ``c(M) = F(M)`` (random, proportional or SCRB). Loads are whole, in hundredths (the dynamic
    programme) or any float (the MILP)."""
    n = draw(st.integers(2, max_players))
    kind = draw(st.sampled_from(["whole", "hundredths", "any"]))
    if kind == "any":
        loads = draw(st.lists(st.floats(0.05, 30.0), min_size=n, max_size=n))
    else:
        steps = draw(st.lists(st.integers(1, 3000), min_size=n, max_size=n))
        loads = [s / 100 if kind == "hundredths" else float(s % 30 + 1) for s in steps]
    loads = np.array(loads)
    total = float(loads.sum())
    k = draw(st.integers(1, 3))
    # the smaller tiers hold exactly the load of some group (as a plan's tiers often do)
    groups = draw(
        st.lists(st.lists(st.booleans(), min_size=n, max_size=n), min_size=k - 1, max_size=k - 1)
    )
    held = (float(loads[np.array(g)].sum()) for g in groups)
    capacity = [*sorted(c if 0 < c < total else total / 2 for c in held), total]
    fixed = sorted(draw(st.lists(st.floats(5.0, 200.0), min_size=k, max_size=k)))
    unit = draw(st.lists(st.floats(0.0, 2.0), min_size=k, max_size=k))
    tiers = pd.DataFrame(
        {"capacity_per_day": capacity, "annual_capex": 0.0, "fixed_om": fixed, "unit_cost": unit}
    )
    alone = draw(
        st.lists(st.one_of(st.floats(1.0, 120.0), st.just(np.inf)), min_size=n, max_size=n)
    )
    alternatives = np.array(alone)
    cost = facility_cost_function(tiers)
    grand = float(cost(np.array([total]))[0])
    game = facility_game(tuple(f"P{i}" for i in range(n)), loads, alternatives, cost, grand)
    split = draw(st.sampled_from(["random", "proportional", "scrb"]))
    if split != "random":
        return game, alternatives, shares_by_rule(game, split)[0]
    weights = np.array(draw(st.lists(st.floats(0.01, 1.0), min_size=n, max_size=n)))
    return game, alternatives, grand * weights / weights.sum()


def listed_excess(game: Game, shares: np.ndarray) -> float:
    """The largest excess over every nonempty proper coalition, by listing them."""
    members = coalitions(game.size)[1:-1]
    return float(np.max(members.astype(float) @ shares - game.cost(members)))


def listed_least_core(game: Game) -> float:
    """The least core's eps over every coalition listed: min t, x(S) - t <= c(S), sum x = c(M)."""
    n = game.size
    members = coalitions(n)[1:-1]
    costs = game.cost(members)
    finite = np.isfinite(costs)
    rows = np.hstack([members[finite].astype(float), -np.ones((int(finite.sum()), 1))])
    result = linprog(
        np.r_[np.zeros(n), 1.0],
        A_ub=rows,
        b_ub=costs[finite],
        A_eq=np.r_[np.ones(n), 0.0][None, :],
        b_eq=[game.grand_cost()],
        bounds=[(None, None)] * (n + 1),
        method="highs",
    )
    assert result.status == 0
    return float(result.fun)


@SETTINGS
@given(facility_games())
def test_the_search_finds_the_largest_excess(case):
    """The best group of the knapsack search has the largest excess of all coalitions, and the
    search and the list agree on whether the split is in the core."""
    game, _, shares = case
    tolerance = tolerance_of(game)
    expected = listed_excess(game, shares)
    found = game.separation(shares, -np.inf)
    best = max(float(m.astype(float) @ shares - game.cost(m[None, :])[0]) for m in found)
    assert best == pytest.approx(expected, abs=1e-9 * max(1.0, game.grand_cost()))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blocking_module, "LISTED_UP_TO", 1)
        searched = most_blocking(game, shares)
    assert searched.excess == pytest.approx(expected, abs=1e-9 * max(1.0, game.grand_cost()))
    assert (searched.excess <= tolerance) == (expected <= tolerance)
    listed = most_blocking(game, shares)
    assert listed.excess == pytest.approx(expected, abs=tolerance)


@SETTINGS
@given(facility_games())
def test_generation_finds_the_smallest_subsidy_and_the_least_core(case):
    """Constraint generation and the programme over every coalition agree on the smallest
    subsidy (hence on an empty core) and on the least core; the split nearest to the shares that
    keeps everyone in does, with that subsidy."""
    game, alternatives, shares = case
    tolerance = tolerance_of(game)
    expected = minimum_subsidy(game, alternatives)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blocking_module, "LISTED_UP_TO", 1)
        facts = core_facts(game, alternatives, shares)
        stable = core_module.nearest_stable(game, shares, facts)
    assert facts.min_subsidy == pytest.approx(expected, abs=tolerance)
    assert facts.core_empty == (expected > 0)
    if facts.core_empty:
        assert facts.least_core_excess == pytest.approx(listed_least_core(game), abs=tolerance)
    else:
        assert facts.least_core_excess == 0.0
    assert stable.sum() == pytest.approx(game.grand_cost() - facts.min_subsidy, abs=tolerance)
    assert listed_excess(game, stable) <= tolerance


@SETTINGS
@given(facility_games(max_players=12))
def test_every_rule_splits_the_cost_and_stable_keeps_everyone_in(case):
    """Every rule splits c(M) exactly; ``stable`` is in the core whenever the core is not empty,
    and otherwise charges no coalition more than the least core's eps above its cost."""
    game, alternatives, _ = case
    tolerance = tolerance_of(game)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blocking_module, "LISTED_UP_TO", 1)
        for rule in RULES:
            shares, _ = shares_by_rule(game, rule, alternatives=alternatives)
            assert shares.sum() == pytest.approx(game.grand_cost(), rel=1e-12, abs=1e-9)
        stable, _ = shares_by_rule(game, "stable", alternatives=alternatives)
    core_empty = minimum_subsidy(game, alternatives) > 0
    allowed = max(listed_least_core(game), 0.0) if core_empty else 0.0
    assert listed_excess(game, stable) <= allowed + tolerance


@SETTINGS
@given(
    st.lists(
        st.tuples(st.floats(0.01, 50.0), st.integers(1, 400), st.booleans(), st.booleans()),
        min_size=1,
        max_size=14,
    ),
    st.floats(0.05, 0.95),
    st.sampled_from([1.0, 0.1, 0.01]),
)
def test_knapsack_by_dynamic_programme_and_milp_is_the_best_subset(items, room, unit):
    """Every knapsack method (the dynamic programme, with a few odd weights tried in and out; the
    frontier of undominated states; the MILP) finds the best subset of every subset listed. Weights are whole numbers of ``unit`` or
    (odd) sevenths; the capacity is a share of the total, or exactly the weight of some items."""
    profit = np.array([p for p, _, _, _ in items])
    if len(items) % 2:  # profits that follow the weights, as proportional shares give
        profit = np.array([w for _, w, _, _ in items], dtype=float) + 0.5 * (profit > 25)
    weight = np.array([w / 7 if odd else w * unit for _, w, odd, _ in items])
    picked = [i for i, (_, _, _, pick) in enumerate(items) if pick]
    capacity = float(weight[picked].sum()) if picked else float(weight.sum() * room)
    capacity *= 1 + 1e-12  # as a tier's capacity carries a slack: sums in any order fit
    best = max(
        (
            sum(profit[list(c)])
            for r in range(len(items) + 1)
            for c in itertools.combinations(range(len(items)), r)
            if weight[list(c)].sum() <= capacity
        ),
        default=0.0,
    )
    table, front = separation_module.DP_MAX_CELLS, separation_module.FRONT_MAX_STATES
    for cells, states in ((table, front), (0, front), (0, 0)):  # table, frontier, MILP
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(separation_module, "DP_MAX_CELLS", cells)
            patch.setattr(separation_module, "FRONT_MAX_STATES", states)
            chosen = knapsack(profit, weight, capacity)
        assert weight[chosen].sum() <= capacity
        assert profit[chosen].sum() == pytest.approx(best, rel=1e-9)

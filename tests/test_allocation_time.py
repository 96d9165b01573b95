"""The cost sharing within its time: no search starts after the deadline, and a cap that no group
of a facility's players could break costs no cap-aware search (the results stay exact).

No timing is asserted: the deadline is made to pass inside a search (the search waits for it),
and what is counted is the searches started after it."""

from __future__ import annotations

import itertools
import time
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from optimizer.allocation import (
    OutOfTime,
    facility_cost_function,
    facility_game,
    most_blocking,
    scrb,
    split_and_check,
)
from optimizer.allocation.core import core_facts
from optimizer.allocation.leaving import LeaveLimits
from optimizer.allocation.way_out import best_leaving_within


def economies(players: int = 20):
    """``players`` of load 10, each 100 alone, one tier holding all for 300 a year: SCRB (15
    each) is in the core, so a check that runs to its end searches several times."""
    tiers = pd.DataFrame(
        {
            "capacity_per_day": [10.0 * players],
            "annual_capex": [0.0],
            "fixed_om": [300.0],
            "unit_cost": [0.0],
        }
    )
    names = tuple(f"E{i:02d}" for i in range(players))
    alone = np.full(players, 100.0)
    return facility_game(names, np.full(players, 10.0), alone, facility_cost_function(tiers), 300.0)


def test_no_search_starts_once_the_deadline_has_passed():
    """The first search of a facility's check outlives the deadline: no other search starts
    after it, and the facility is split by SCRB, marked not checked, its group figures unknown."""
    game = economies()
    calls = []
    deadline = time.perf_counter() + 1.0  # passes inside the first search, which waits for it

    def outliving(shares, floor, deadline=None):
        calls.append(deadline)
        time.sleep(max(0.0, ends - time.perf_counter()) + 0.01)  # the deadline passes
        return game.separation(shares, floor)

    ends = deadline

    slow = replace(game, separation=outliving)
    shares, _, checked = split_and_check(slow, "stable", np.full(20, 100.0), deadline=deadline)
    assert len(calls) == 1, f"{len(calls)} searches, {len(calls) - 1} after the deadline"
    assert calls[0] == deadline  # the search itself is handed the deadline
    assert not checked.core_checked and checked.core_empty is None
    assert np.isnan(checked.min_subsidy) and np.isnan(checked.stable_shares).all()
    np.testing.assert_allclose(shares, scrb(game))
    # with time to spare the same facility is checked to the end, by several searches
    counted = []

    def counting(shares, floor, deadline=None):
        counted.append(deadline)
        return game.separation(shares, floor, deadline=deadline)

    later = time.perf_counter() + 600
    _, _, full = split_and_check(
        replace(game, separation=counting), "stable", np.full(20, 100.0), deadline=later
    )
    assert full.core_checked and len(counted) > 1


def test_every_search_and_programme_refuses_a_deadline_already_past():
    """The most blocking group, the subsidy search (its linear programmes) and the knapsack
    search each raise OutOfTime rather than start after the deadline."""
    game = economies(13)
    past = time.perf_counter() - 1.0
    with pytest.raises(OutOfTime):
        most_blocking(game, scrb(game), deadline=past)
    with pytest.raises(OutOfTime):
        game.separation(scrb(game), -np.inf, deadline=past)
    with pytest.raises(OutOfTime):
        core_facts(game, np.full(13, 100.0), deadline=past)


def test_a_cap_no_group_can_break_is_dropped_and_one_it_can_is_kept():
    """What all the players together would add is the most any group adds: a room above it never
    binds (no cap-aware search), a room just below it does."""
    added = np.array([[1.0, 2.0], [2.0, -1.0], [3.0, 0.5]])
    limits = LeaveLimits(("park/COD", "park/TP"), np.array([6.0 + 1e-6, 2.4]), added)
    kept = limits.subset(np.arange(3))
    assert kept.names == ("park/TP",) and kept.added.shape == (3, 1)
    assert limits.subset(np.array([0, 1])).names == ()  # at most 3 and 2 added: room for both
    tight = LeaveLimits(("park/COD",), np.array([5.9]), added[:, :1])
    assert tight.subset(np.arange(3)).names == ("park/COD",)


def test_the_best_group_within_the_caps_is_exact():
    """Against every group of small games: the best leaving group within the caps has the
    largest gain of the groups that fit (whether the group without caps fits or the 0-1
    programme is needed)."""
    rng = np.random.default_rng(3)
    for _ in range(60):
        n = int(rng.integers(2, 9))
        shares = rng.uniform(0, 100, n)
        alternatives = np.where(rng.uniform(size=n) < 0.2, np.inf, rng.uniform(0, 100, n))
        added = rng.uniform(-1, 3, (n, 2))
        room = rng.uniform(0, 6, 2)
        free = np.isfinite(alternatives)
        gains = shares - np.where(free, alternatives, 0.0)
        best = -np.inf
        for r in range(1, n):
            for group in itertools.combinations(range(n), r):
                group = list(group)
                if free[group].all() and (added[group].sum(axis=0) <= room).all():
                    best = max(best, float(gains[group].sum()))
        found = best_leaving_within(shares, alternatives, np.where(free[:, None], added, 0), room)
        if best == -np.inf:
            assert found is None
        else:
            assert found is not None and found.excess == pytest.approx(best, abs=1e-6)
            assert (added[found.members].sum(axis=0) <= room + 1e-9).all()

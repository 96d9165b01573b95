"""What each SME pays: each shared facility's yearly cost split among its members, and checked.

A shared facility only works if each member pays less than it would alone and no group of members
would do better building its own. For every open facility of a plan, :func:`allocate` sets up a
cost game, splits the facility's cost by a rule (by default ``stable``: SCRB, moved the least
distance into the core when it is not there), checks exactly, at any size, that no member and no
group would be better off leaving, and finds the smallest subsidy that would let a split keep
everyone in. The rules come from the water-resources literature (Giglio & Wrightington 1972;
Young, Okada & Hashimoto 1982). ``docs/cost-allocation.md`` works examples through by hand.

The package, one job per module:

* ``game``: cost games, the rules proportional, SCRB and Shapley, and the reference checks that
  list every coalition (small games), with numpy and scipy only;
* ``separation``: the group of a facility that would gain most by leaving, found exactly without
  listing groups (a knapsack per tier);
* ``blocking``: the coalition of largest excess under given shares, by listing (small games) or
  by that search, and the working set of coalitions;
* ``core``: constraint generation on it: the least subsidy, the least core, the nearest split
  that keeps everyone in;
* ``fairness``: the rules by name (``stable`` the default) and the check of a split;
* ``facility``: the game of one open facility (its cost function over the tiers at its site) and
  the order facilities are played in (downstream first);
* ``players``: the players of each facility (members and upstream facilities) and their
  alternatives;
* ``statement``: :func:`allocate`, which plays every facility and writes the allocation tables
  and the SME statement (columns declared in :mod:`optimizer.plan_columns`).
"""

from __future__ import annotations

from .blocking import Blocking, Cuts, groups_above, most_blocking
from .clock import OutOfTime
from .core import (
    CoreFacts,
    NoSplit,
    core_facts,
    nearest_least_core,
    nearest_split,
    nearest_stable,
)
from .facility import (
    CAPACITY_SLACK,
    TierCost,
    downstream_first,
    facility_cost_function,
    facility_game,
)
from .fairness import RULES, Fairness, fairness, shares_by_rule, split_and_check, stable
from .game import (
    EXACT_MAX_PLAYERS,
    TOLERANCE,
    Game,
    coalitions,
    minimum_subsidy,
    most_violated_coalition,
    proportional,
    scrb,
    shapley_exact,
    shapley_sampled,
    tolerance_of,
)
from .separation import TierArrays, knapsack, most_blocking_groups
from .statement import FACILITY_COLUMNS, PLAYER_COLUMNS, STATEMENT_COLUMNS, allocate

__all__ = [
    "CAPACITY_SLACK",
    "EXACT_MAX_PLAYERS",
    "FACILITY_COLUMNS",
    "PLAYER_COLUMNS",
    "RULES",
    "STATEMENT_COLUMNS",
    "TOLERANCE",
    "Blocking",
    "CoreFacts",
    "Cuts",
    "Fairness",
    "Game",
    "NoSplit",
    "OutOfTime",
    "TierArrays",
    "TierCost",
    "allocate",
    "coalitions",
    "core_facts",
    "downstream_first",
    "facility_cost_function",
    "facility_game",
    "fairness",
    "groups_above",
    "knapsack",
    "minimum_subsidy",
    "most_blocking",
    "most_blocking_groups",
    "most_violated_coalition",
    "nearest_least_core",
    "nearest_split",
    "nearest_stable",
    "proportional",
    "scrb",
    "shapley_exact",
    "shapley_sampled",
    "shares_by_rule",
    "split_and_check",
    "stable",
    "tolerance_of",
]

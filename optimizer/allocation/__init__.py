"""What each SME pays: each shared facility's yearly cost split among its members, and checked.

A shared facility only works if each member pays less than it would alone. For every open facility
of a plan, :func:`allocate` sets up a cost game, splits the facility's cost by a rule, checks that
no member (and, for up to :data:`EXACT_MAX_PLAYERS` members, no group of members) would be better
off leaving, and finds the smallest subsidy that would keep everyone in. The rules come from the
water-resources literature (Giglio & Wrightington 1972; Young, Okada & Hashimoto 1982).
``docs/cost-allocation.md`` works an example through by hand.

The package, one job per module:

* ``game``: cost games, the rules (proportional, SCRB, Shapley) and the fairness checks (core,
  most violated coalition, smallest subsidy), with numpy and scipy only;
* ``facility``: the game of one open facility (its cost function over the tiers at its site) and
  the order facilities are played in (downstream first);
* ``players``: the players of each facility (members and upstream facilities) and their
  alternatives;
* ``statement``: :func:`allocate`, which plays every facility and writes the allocation tables
  and the SME statement (columns declared in :mod:`optimizer.plan_columns`).
"""

from __future__ import annotations

from .facility import CAPACITY_SLACK, downstream_first, facility_cost_function, facility_game
from .game import (
    EXACT_MAX_PLAYERS,
    RULES,
    TOLERANCE,
    Fairness,
    Game,
    coalitions,
    fairness,
    minimum_subsidy,
    most_violated_coalition,
    proportional,
    scrb,
    shapley_exact,
    shapley_sampled,
    shares_by_rule,
    tolerance_of,
)
from .statement import FACILITY_COLUMNS, PLAYER_COLUMNS, STATEMENT_COLUMNS, allocate

__all__ = [
    "CAPACITY_SLACK",
    "EXACT_MAX_PLAYERS",
    "FACILITY_COLUMNS",
    "PLAYER_COLUMNS",
    "RULES",
    "STATEMENT_COLUMNS",
    "TOLERANCE",
    "Fairness",
    "Game",
    "allocate",
    "coalitions",
    "downstream_first",
    "facility_cost_function",
    "facility_game",
    "fairness",
    "minimum_subsidy",
    "most_violated_coalition",
    "proportional",
    "scrb",
    "shapley_exact",
    "shapley_sampled",
    "shares_by_rule",
    "tolerance_of",
]

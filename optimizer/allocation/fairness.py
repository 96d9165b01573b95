"""The rules by name, the default ``stable`` rule, and the check of a split (exact at any size).

Rules (:data:`RULES`): ``stable`` (the default, below), ``proportional``, ``scrb`` and ``shapley``
(:mod:`optimizer.allocation.game`).

``stable``: SCRB when no coalition would do better on its own; otherwise the split of ``c(M)``
nearest to SCRB (Euclidean) among those that keep every coalition in (the core); when no split
does (an empty core), the nearest to SCRB among those that charge no coalition more than the
least possible amount above its own cost (the least core). It keeps everyone in whenever any split
can, stays SCRB (the water-resources practice, and what a member can follow by hand) whenever SCRB
already does, and is unique: the nearest point of a convex set.

A split is checked (:func:`fairness`) for individual rationality, the coalition of largest excess,
the least subsidy that makes a split keeping everyone in exist, the least core, and that split
itself (the nearest to the one checked): all exact, by :mod:`optimizer.allocation.core`. When a
deadline passes before those checks end (:func:`split_and_check`), the facility is split by the
rule's own shares (``stable``: SCRB), individual rationality alone is checked, and the check says
so (:func:`unchecked`: ``core_checked`` False, the group figures unknown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .blocking import most_blocking
from .clock import OutOfTime, check_time
from .core import CoreFacts, core_facts, nearest_least_core, nearest_stable
from .game import (
    EXACT_MAX_PLAYERS,
    Game,
    proportional,
    scrb,
    shapley_exact,
    shapley_sampled,
    tolerance_of,
)

#: The rules by name, the default first.
RULES = ("stable", "proportional", "scrb", "shapley")


def stable(
    game: Game,
    alternatives: np.ndarray,
    facts: CoreFacts | None = None,
    deadline: float | None = None,
) -> np.ndarray:
    """The ``stable`` split (see the module's docstring).

    Four members of load 10 at one plant: a small tier holds 20 for 60 a year, a large one 40 for
    75. A and B pay 1,000 alone, C and D 10. So ``c({A}) = c({B}) = 60`` (the small tier),
    ``c({C}) = c({D}) = 10``, every pair holding A or B 60, ``c({C, D}) = 20``, every triple 75,
    ``c(M) = 75``.

    - SCRB: every ``SC_e = 75 - 75 = 0``; ``RB = 60, 60, 10, 10``; the 75 split 60:60:10:10 gives
      A and B 32.14 each, C and D 5.36. ``{A, B}`` then pays 64.29 for what costs it 60 on its
      own: SCRB is outside the core.
    - The core is not empty: ``x_A + x_B <= 60`` and ``x_C, x_D <= 10`` leave room for a sum of 75.
      The nearest core split to SCRB moves 2.14 from each of A and B to each of C and D:
      30, 30, 7.5, 7.5 (``{A, B}`` 60, ``{C, D}`` 15 of 20, every triple 67.5 or 45 of 75).

    >>> import pandas as pd
    >>> from optimizer.allocation.facility import facility_cost_function, facility_game
    >>> tiers = pd.DataFrame(
    ...     {
    ...         "capacity_per_day": [20.0, 40.0],
    ...         "annual_capex": [0.0, 0.0],
    ...         "fixed_om": [60.0, 75.0],
    ...         "unit_cost": [0.0, 0.0],
    ...     }
    ... )
    >>> alone = np.array([1000.0, 1000.0, 10.0, 10.0])
    >>> game = facility_game(
    ...     ("A", "B", "C", "D"), np.full(4, 10.0), alone, facility_cost_function(tiers), 75.0
    ... )
    >>> scrb(game).round(2).tolist(), stable(game, alone).round(6).tolist()
    ([32.14, 32.14, 5.36, 5.36], [30.0, 30.0, 7.5, 7.5])
    """
    shares = scrb(game)
    if game.size < 2 or most_blocking(game, shares, deadline).excess <= tolerance_of(game):
        return shares
    facts = facts or core_facts(game, alternatives, shares, deadline)
    return nearest_least_core(game, shares, facts, deadline)


def shares_by_rule(
    game: Game,
    rule: str,
    seed: int = 0,
    samples: int = 2000,
    alternatives: np.ndarray | None = None,
    facts: CoreFacts | None = None,
    deadline: float | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Each player's share under ``rule``, and the Shapley standard errors (None for other rules;
    zeros when the Shapley value is exact). ``stable`` reads the players' ``alternatives``
    (infinite when not given) and, when given, the game's :class:`CoreFacts` (and may raise
    :class:`~optimizer.allocation.clock.OutOfTime` when ``deadline`` passes)."""
    if rule == "stable":
        alternatives = np.full(game.size, np.inf) if alternatives is None else alternatives
        return stable(game, alternatives, facts, deadline), None
    if rule == "proportional":
        return proportional(game), None
    if rule == "scrb":
        return scrb(game), None
    if game.size <= EXACT_MAX_PLAYERS:
        return shapley_exact(game), np.zeros(game.size)
    return shapley_sampled(game, samples, seed)


@dataclass(frozen=True)
class Fairness:
    """Who would leave a facility under given shares, and what keeping everyone would cost.

    Attributes
    ----------
    rational
        Per player: share within its alternative (individual rationality).
    blocking
        Per player: member of the coalition of largest excess (all False when no coalition
        pays more than it would on its own).
    blocking_excess
        What that coalition pays above its own cost (0 when none does).
    core_checked
        Every coalition was checked, exactly. False only when a deadline passed first: then
        ``blocking`` is all False, ``core_empty`` None and the amounts below NaN (unknown).
    core_empty
        No split keeps every coalition in (None: not checked).
    min_subsidy
        The least yearly subsidy to the facility that makes a split keeping everyone in exist.
    least_core_excess
        0, or when the core is empty the least amount some coalition must pay above its own cost.
    stable_shares
        The split nearest to the shares checked that keeps everyone in, with the least subsidy
        (the shares themselves when they already do).
    """

    rational: np.ndarray
    blocking: np.ndarray
    blocking_excess: float
    core_checked: bool
    core_empty: bool | None
    min_subsidy: float
    least_core_excess: float
    stable_shares: np.ndarray

    @property
    def would_leave(self) -> np.ndarray:
        return ~self.rational | self.blocking


def fairness(
    game: Game,
    shares: np.ndarray,
    alternatives: np.ndarray,
    facts: CoreFacts | None = None,
    deadline: float | None = None,
) -> Fairness:
    """Check ``shares`` against the players' ``alternatives`` and every coalition of ``game``.

    >>> from optimizer.allocation.game import Game
    >>> pairs = Game(
    ...     ("a", "b", "c"), np.ones((3, 1)), lambda s: np.minimum(s[:, 0], 2.0) * 30.0, np.ones(3)
    ... )
    >>> checked = fairness(pairs, np.array([40.0, 10.0, 10.0]), np.full(3, 30.0))
    >>> checked.blocking.tolist(), checked.blocking_excess, checked.stable_shares.round(6).tolist()
    ([True, False, False], 10.0, [30.0, 15.0, 15.0])
    """
    shares = np.asarray(shares, dtype=float)
    alternatives = np.asarray(alternatives, dtype=float)
    tolerance = tolerance_of(game)
    rational = shares <= alternatives + tolerance
    found = most_blocking(game, shares, deadline)
    blocked = found.excess > tolerance
    blocking = found.members if blocked else np.zeros(game.size, dtype=bool)
    facts = facts or core_facts(game, alternatives, shares, deadline)
    keeps_all = not blocked and rational.all() and not facts.core_empty
    stable_shares = shares if keeps_all else nearest_stable(game, shares, facts, deadline)
    return Fairness(
        rational=rational,
        blocking=blocking,
        blocking_excess=float(found.excess) if blocked else 0.0,
        core_checked=True,
        core_empty=facts.core_empty,
        min_subsidy=facts.min_subsidy,
        least_core_excess=facts.least_core_excess,
        stable_shares=stable_shares,
    )


def unchecked(game: Game, shares: np.ndarray, alternatives: np.ndarray) -> Fairness:
    """The check of ``shares`` when there was no time for the coalition checks: individual
    rationality only; no group named, ``core_checked`` False, the group figures unknown.

    >>> from optimizer.allocation.game import Game
    >>> pairs = Game(
    ...     ("a", "b", "c"), np.ones((3, 1)), lambda s: np.minimum(s[:, 0], 2.0) * 30.0, np.ones(3)
    ... )
    >>> checked = unchecked(pairs, np.array([40.0, 10.0, 10.0]), np.full(3, 30.0))
    >>> checked.rational.tolist(), checked.core_checked, checked.min_subsidy
    ([False, True, True], False, nan)
    """
    shares = np.asarray(shares, dtype=float)
    return Fairness(
        rational=shares <= np.asarray(alternatives, dtype=float) + tolerance_of(game),
        blocking=np.zeros(game.size, dtype=bool),
        blocking_excess=math.nan,
        core_checked=False,
        core_empty=None,
        min_subsidy=math.nan,
        least_core_excess=math.nan,
        stable_shares=np.full(game.size, math.nan),
    )


def split_and_check(
    game: Game,
    rule: str,
    alternatives: np.ndarray,
    seed: int = 0,
    samples: int = 2000,
    deadline: float | None = None,
) -> tuple[np.ndarray, np.ndarray | None, Fairness]:
    """The shares under ``rule``, their Shapley standard errors (see :func:`shares_by_rule`) and
    their check, working out the game's :class:`CoreFacts` once for both.

    ``deadline`` (a :func:`time.perf_counter` instant, None for none): when it has passed, or
    passes before the coalition checks end, the shares are the rule's own (``stable``: SCRB) and
    their check is :func:`unchecked` (a facility of one player is always checked: it has no
    group to check). Every search and programme of the checks (the most blocking group, the
    smallest subsidy, the least core, the stable split) looks at the deadline before it starts,
    and HiGHS is given the time left, so none starts after it.
    """
    alternatives = np.asarray(alternatives, dtype=float)
    if rule == "stable":
        shares, errors = scrb(game), None
    else:  # the rule's own shares: needed whether or not there is time to check them
        shares, errors = shares_by_rule(game, rule, seed, samples)
    if game.size < 2:
        deadline = None  # a lone player has no group to check: always checked
    try:
        check_time(deadline)
        facts = None
        blocked = rule == "stable" and game.size >= 2
        if blocked and most_blocking(game, shares, deadline).excess > tolerance_of(game):
            facts = core_facts(game, alternatives, shares, deadline)
            shares = nearest_least_core(game, shares, facts, deadline)
        checked = fairness(game, shares, alternatives, facts, deadline)
    except OutOfTime:
        if rule == "stable":
            shares = scrb(game)
        return shares, errors, unchecked(game, shares, alternatives)
    return shares, errors, checked

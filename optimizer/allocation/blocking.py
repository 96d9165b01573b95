"""The coalition of largest excess under given shares, exactly, and a working set of coalitions.

The *excess* of a nonempty proper coalition S under shares x is ``x(S) - c(S)``: what it pays
above what it would pay on its own. Up to :data:`LISTED_UP_TO` players (12) every coalition is
listed (the reference; ties go to the smallest, then the first); above, the game's own
``separation`` searches for the best ones (a knapsack per tier for a facility,
:mod:`optimizer.allocation.separation`). :class:`Cuts` is the working set of coalitions that
:mod:`optimizer.allocation.core` generates its programmes on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .clock import check_time
from .game import EXACT_MAX_PLAYERS, Game, coalitions, tolerance_of

#: Games of up to this many players are checked by listing every coalition (the reference; ties
#: broken the documented way), larger ones by their ``separation``. The property tests lower it to
#: run the search on small games against the list.
LISTED_UP_TO = EXACT_MAX_PLAYERS
#: Coalitions added per round at most (the best of each search).
_PER_ROUND = 8


@dataclass(frozen=True)
class Blocking:
    """The coalition of largest excess (a boolean mask of the players) and that excess; for a game
    of one player, nobody and minus infinity (there is no proper coalition)."""

    members: np.ndarray
    excess: float


def _listed(game: Game, shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    members = coalitions(game.size)[1:-1]
    return members, members.astype(float) @ shares - game.cost(members)


def groups_above(
    game: Game, shares: np.ndarray, floor: float, deadline: float | None = None
) -> list[np.ndarray]:
    """Coalitions of excess above ``floor``, the one of largest excess first (none when none is).
    Raises :class:`~optimizer.allocation.clock.OutOfTime` when ``deadline`` (a
    :func:`time.perf_counter` instant) passes before the search ends (a game's ``separation``
    is handed it: it looks before each of its searches)."""
    check_time(deadline)
    shares = np.asarray(shares, dtype=float)
    if game.separation is None or game.size <= LISTED_UP_TO:
        if game.size > 20:
            raise ValueError(f"a game of {game.size} players needs an exact separation")
        if game.size < 2:
            return []
        members, excess = _listed(game, shares)
        order = np.argsort(-excess, kind="stable")[:_PER_ROUND]
        return [members[i] for i in order if excess[i] > floor]
    found = game.separation(shares, floor, deadline=deadline)
    if not found:
        return []
    masks = np.array(found, dtype=bool)
    excess = masks.astype(float) @ shares - game.cost(masks)
    order = np.argsort(-excess, kind="stable")
    return [masks[i] for i in order if excess[i] > floor]


def most_blocking(game: Game, shares: np.ndarray, deadline: float | None = None) -> Blocking:
    """The proper coalition of largest excess ``x(S) - c(S)`` under ``shares``, exactly (raises
    :class:`~optimizer.allocation.clock.OutOfTime` when ``deadline`` passes first).

    >>> from optimizer.allocation.game import Game
    >>> pairs = Game(
    ...     ("a", "b", "c"), np.ones((3, 1)), lambda s: np.minimum(s[:, 0], 2.0) * 30.0, np.ones(3)
    ... )
    >>> found = most_blocking(pairs, np.full(3, 20.0))  # a single player: 20 - 30; a pair: 40 - 60
    >>> found.members.tolist(), found.excess
    ([True, False, False], -10.0)
    """
    shares = np.asarray(shares, dtype=float)
    n = game.size
    if n < 2:
        return Blocking(np.zeros(n, dtype=bool), -np.inf)
    check_time(deadline)
    if game.separation is None or game.size <= LISTED_UP_TO:
        members, excess = _listed(game, shares)
        worst = float(excess.max())
        near = np.flatnonzero(excess >= worst - tolerance_of(game))
        best = near[np.argmin(members[near].sum(axis=1))]
        return Blocking(members[best], float(excess[best]))
    found = groups_above(game, shares, -np.inf, deadline)
    excess = float(found[0].astype(float) @ shares - game.cost(found[0][None, :])[0])
    return Blocking(found[0], excess)


class Cuts:
    """A working set of coalitions (boolean masks), each kept once, with their costs."""

    def __init__(self, game: Game) -> None:
        self.game = game
        self._keys: set[bytes] = set()
        self.rows: list[np.ndarray] = []
        n = game.size
        if n >= 2:
            self.add(list(np.eye(n, dtype=bool)) + list(~np.eye(n, dtype=bool)))

    def add(self, masks: list[np.ndarray]) -> int:
        """Add the coalitions not yet in the set; return how many were new."""
        added = 0
        for mask in masks:
            key = np.packbits(mask).tobytes()
            if key not in self._keys and 0 < mask.sum() < self.game.size:
                self._keys.add(key)
                self.rows.append(np.asarray(mask, dtype=bool))
                added += 1
        return added

    def system(self, scale: float) -> tuple[np.ndarray, np.ndarray]:
        """The coalitions of finite cost as rows (float 0/1) and their costs over ``scale``."""
        rows = np.array(self.rows, dtype=bool).reshape(-1, self.game.size)
        costs = self.game.cost(rows)
        finite = np.isfinite(costs)
        return rows[finite].astype(float), costs[finite] / scale

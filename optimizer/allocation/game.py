"""Cost games and how to split them: the sharing rules and the reference checks (numpy, scipy).

A :class:`Game` knows the cost ``c(S)`` of every coalition S of its players; nothing here knows
about plans, sites or tables (:mod:`optimizer.allocation.facility` builds the game of a facility).

Rules: ``proportional`` to load; ``scrb`` (separable cost ``SC_e = c(M) - c(M - e)``, remaining
benefit ``RB_e = max(0, c({e}) - SC_e)``, ``share_e = SC_e + (c(M) - sum SC) RB_e / sum RB``);
``shapley`` (exact up to :data:`EXACT_MAX_PLAYERS` players, else ``samples`` seeded permutations
with a standard error per player). The default rule, ``stable``, and the exact checks at any size
are in :mod:`optimizer.allocation.core` and :mod:`optimizer.allocation.fairness`.

The reference checks list every coalition, so they serve small games (the tests compare the
constraint generation of :mod:`optimizer.allocation.core` with them): the most violated
coalition (:func:`most_violated_coalition`) and the least subsidy s for which shares with
``sum x = c(M) - s`` in the core exist (:func:`minimum_subsidy`, one linear programme over all
coalitions).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

#: Largest game whose Shapley value is exact and whose coalitions are listed (2^12 subsets); larger
#: facilities are checked by the knapsack search of :mod:`optimizer.allocation.separation`.
EXACT_MAX_PLAYERS = 12
#: Relative tolerance (of the facility's cost) below which a violation or a subsidy counts as none.
TOLERANCE = 1e-6
#: Floats per block of sampled permutations (bounds memory for large facilities).
_BLOCK = 2_000_000


@dataclass(frozen=True, eq=False)
class Game:
    """A cost game whose coalition costs depend only on sums of the players' attributes.

    Attributes
    ----------
    players
        Player names.
    attributes
        One row per player (n x m); a coalition's sums are ``members @ attributes``.
    value
        Costs of coalitions from their sums (k x m -> k). The empty coalition costs 0 whatever
        ``value`` says.
    loads
        Each player's load (the proportional rule; SCRB when no player has a remaining benefit).
    separation
        An exact search for the most blocking coalitions without listing them: given shares and
        a floor, boolean masks of nonempty proper coalitions among which is the one of largest
        excess ``x(S) - c(S)``, unless none exceeds the floor (:mod:`optimizer.allocation.separation`
        for a facility's game), called ``separation(shares, floor, deadline=...)`` (a
        :func:`time.perf_counter` instant or None; it raises
        :class:`~optimizer.allocation.clock.OutOfTime` when that passes first). None: only the
        coalitions of a small game can be checked.
    """

    players: tuple[str, ...]
    attributes: np.ndarray
    value: Callable[[np.ndarray], np.ndarray]
    loads: np.ndarray
    separation: Callable[..., list[np.ndarray]] | None = None

    @property
    def size(self) -> int:
        return len(self.players)

    def cost(self, members: np.ndarray) -> np.ndarray:
        """``c(S)`` of each coalition, given as rows of a boolean matrix (one column per player)."""
        members = np.atleast_2d(np.asarray(members, dtype=bool))
        costs = np.asarray(self.value(members.astype(float) @ self.attributes), dtype=float)
        return np.where(members.any(axis=1), costs, 0.0)

    def grand_cost(self) -> float:
        """``c(M)``, the cost to split."""
        return float(self.cost(np.ones((1, self.size), dtype=bool))[0])

    def singleton_costs(self) -> np.ndarray:
        """``c({e})`` of each player."""
        return self.cost(np.eye(self.size, dtype=bool))

    def leave_one_out_costs(self) -> np.ndarray:
        """``c(M - e)`` of each player."""
        return self.cost(~np.eye(self.size, dtype=bool))


def coalitions(n: int) -> np.ndarray:
    """Every coalition of ``n`` players: row r holds the players whose bit is set in r.

    >>> coalitions(2).astype(int).tolist()
    [[0, 0], [1, 0], [0, 1], [1, 1]]
    """
    masks = np.arange(2**n)[:, None]
    return ((masks >> np.arange(n)) & 1).astype(bool)


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


def proportional(game: Game) -> np.ndarray:
    """``c(M)`` in proportion to load (equal parts when every load is 0)."""
    return game.grand_cost() * _normalised(game.loads)


def _normalised(weights: np.ndarray) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    total = weights.sum()
    return weights / total if total > 0 else np.full(len(weights), 1.0 / len(weights))


def scrb(game: Game) -> np.ndarray:
    """Separable cost, remaining benefit.

    ``SC_e = c(M) - c(M - e)``; ``RB_e = max(0, c({e}) - SC_e)``; the non-separable cost
    ``c(M) - sum SC`` is split in proportion to RB (to load when every RB is 0).
    """
    total = game.grand_cost()
    separable = total - game.leave_one_out_costs()
    remaining = np.maximum(game.singleton_costs() - separable, 0.0)
    weights = remaining if remaining.sum() > 0 else game.loads
    return separable + (total - separable.sum()) * _normalised(weights)


def shapley_exact(game: Game) -> np.ndarray:
    """Shapley value by enumerating every coalition (2^n cost evaluations)."""
    n = game.size
    members = coalitions(n)
    costs = game.cost(members)
    sizes = members.sum(axis=1)
    factorial = math.factorial
    weights = np.array([factorial(s) * factorial(n - s - 1) for s in range(n)]) / factorial(n)
    masks = np.arange(2**n)
    values = np.empty(n)
    for i in range(n):
        without = masks[~members[:, i]]
        gains = costs[without | (1 << i)] - costs[without]
        values[i] = float(np.sum(weights[sizes[without]] * gains))
    return values


def shapley_sampled(game: Game, samples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Shapley value estimated from ``samples`` random orders of the players.

    Each order adds the players one by one; a player's estimate is the mean of the cost it adds,
    its standard error the standard deviation of those over ``sqrt(samples)``. The orders come from
    ``numpy.random.default_rng(seed)``. Every order splits ``c(M)`` exactly, so the estimates do too.
    """
    n, m = game.attributes.shape
    rng = np.random.default_rng(seed)
    orders = rng.permuted(np.tile(np.arange(n), (samples, 1)), axis=1)
    added = np.empty((samples, n))
    block = max(1, _BLOCK // (n * m))
    for start in range(0, samples, block):
        chosen = orders[start : start + block]
        sums = np.cumsum(game.attributes[chosen], axis=1)
        costs = np.asarray(game.value(sums.reshape(-1, m)), dtype=float).reshape(len(chosen), n)
        np.put_along_axis(
            added[start : start + block], chosen, np.diff(costs, axis=1, prepend=0.0), axis=1
        )
    return added.mean(axis=0), added.std(axis=0, ddof=1) / math.sqrt(samples)


# ---------------------------------------------------------------------------------------------
# The reference checks: every coalition listed (small games)
# ---------------------------------------------------------------------------------------------


def tolerance_of(game: Game) -> float:
    """The amount below which a violation or a subsidy counts as none (relative to ``c(M)``)."""
    return TOLERANCE * max(1.0, abs(game.grand_cost()))


def _above(amount: float, tolerance: float) -> float:
    return float(amount) if amount > tolerance else 0.0


def most_violated_coalition(game: Game, shares: np.ndarray) -> np.ndarray:
    """The proper coalition S whose shares exceed ``c(S)`` the most (ties: the smallest, then the
    first), as a boolean mask of the players; all False when none does."""
    n = game.size
    members = coalitions(n)[1:-1]
    nobody = np.zeros(n, dtype=bool)
    if not len(members):
        return nobody
    excess = members.astype(float) @ np.asarray(shares, dtype=float) - game.cost(members)
    tolerance = tolerance_of(game)
    worst = float(excess.max())
    if worst <= tolerance:
        return nobody
    candidates = np.flatnonzero(excess >= worst - tolerance)
    return members[candidates[np.argmin(members[candidates].sum(axis=1))]]


def minimum_subsidy(game: Game, alternatives: np.ndarray) -> float:
    """The least s for which shares x exist with ``sum x = c(M) - s``, ``x(S) <= c(S)`` for every
    nonempty proper S and ``x_e <= alpha_e`` (which only binds for a single player).

    Solved as a linear programme (HiGHS through :func:`scipy.optimize.linprog`); amounts within
    :func:`tolerance_of` of 0 are 0, and a negative s (the core has room to spare) is 0.
    """
    n = game.size
    members = coalitions(n)[1:-1].astype(float)
    objective = np.r_[np.zeros(n), 1.0]
    upper = [(None, float(a) if np.isfinite(a) else None) for a in alternatives]
    result = linprog(
        objective,
        A_ub=np.hstack([members, np.zeros((len(members), 1))]) if len(members) else None,
        b_ub=game.cost(members.astype(bool)) if len(members) else None,
        A_eq=np.ones((1, n + 1)),
        b_eq=[game.grand_cost()],
        bounds=[*upper, (None, None)],
        method="highs",
    )
    if result.status == 3:  # unbounded: nothing limits the shares (a lone player with no way out)
        return 0.0
    if result.status != 0:
        raise RuntimeError(f"the subsidy linear programme failed: {result.message}")
    return _above(float(result.fun), tolerance_of(game))

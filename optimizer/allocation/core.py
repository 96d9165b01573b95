"""Exact coalition checks at any size, by constraint generation (numpy, scipy).

A split x of ``c(M)`` is in the core when no nonempty proper coalition S pays more than it would
on its own: ``x(S) <= c(S)``. There are ``2^n - 2`` such constraints; rather than list them, each
question below is answered on a few of them (a *working set*: the single players and every
``M - e`` to start), asking after each answer for the coalition of largest excess ``x(S) - c(S)``
(:func:`groups_above`) and adding it while it breaks its constraint. That search is exact, so the
final answer is exact:

- :func:`~optimizer.allocation.blocking.most_blocking`: the coalition of largest excess under
  given shares (they are in the core when it is at most 0);
- :func:`core_facts`: the least subsidy ``s*`` for which a split of ``c(M) - s*`` in the core
  exists (a linear programme; the core is empty exactly when ``s* > 0``) and, when the core is
  empty, the least core: the least ``eps*`` for which a split of ``c(M)`` with
  ``x(S) <= c(S) + eps*`` for every S exists;
- :func:`nearest_split`: the split nearest (Euclidean) to given shares among those of a total with
  ``x(S) <= c(S) + allowance`` for every S: a least-distance programme, solved exactly by
  non-negative least squares (Lawson & Hanson 1974, ch. 23; :func:`scipy.optimize.nnls`).

The search for the coalition of largest excess and the working set are in
:mod:`optimizer.allocation.blocking`. Amounts are scaled by ``max(1, |c(M)|)`` inside the
programmes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog, lsq_linear, nnls

from .blocking import Cuts, groups_above, most_blocking
from .clock import check_time, time_limit
from .game import Game, scrb, tolerance_of

#: Violations (relative to ``max(1, |c(M)|)``) below which a constraint counts as met while
#: generating; well below :data:`~optimizer.allocation.game.TOLERANCE`, well above rounding.
GENERATION_TOLERANCE = 1e-9
#: Gap (relative, as above) between the bound and the split found at which a programme ends.
GAP = 1e-7
#: How far from the inner split towards the master's answer the coalitions are sought, each
#: round (the farthest point where none is found becomes the inner split).
_STEPS = (0.02, 0.05, 0.1, 0.2, 0.4, 0.7, 1.0)
#: Room (a share of the tolerance) given to a split at the least subsidy or in the least core:
#: those sets may have no inside, which the least-distance programme cannot work in.
_MARGIN = 0.1
#: Rounds at most before giving up (never reached in the tests and benchmarks).
_MAX_ROUNDS = 5_000


def _scale(game: Game) -> float:
    return max(1.0, abs(game.grand_cost()))


def _master(
    game: Game, cuts: Cuts, least_core: bool, deadline: float | None = None
) -> tuple[np.ndarray, float]:
    """``min t`` on the working set. Subsidy: ``x(S) <= c(S)``, ``sum x + t = c(M)``. Least core:
    ``x(S) - t <= c(S)``, ``sum x = c(M)``. Returns x and t (in the game's currency). HiGHS is
    given the time left to ``deadline``; raises :class:`~optimizer.allocation.clock.OutOfTime` when it passes first."""
    limit = time_limit(deadline)
    n, scale = game.size, _scale(game)
    rows, costs = cuts.system(scale)
    column = -np.ones((len(rows), 1)) if least_core else np.zeros((len(rows), 1))
    result = linprog(
        np.r_[np.zeros(n), 1.0],
        A_ub=np.hstack([rows, column]),
        b_ub=costs,
        A_eq=np.r_[np.ones(n), 0.0 if least_core else 1.0][None, :],
        b_eq=[game.grand_cost() / scale],
        bounds=[(None, None)] * (n + 1),
        method="highs",
        options={
            "primal_feasibility_tolerance": 1e-10,
            "dual_feasibility_tolerance": 1e-10,
            **limit,
        },
    )
    if result.status == 1:  # HiGHS stopped by its limit
        check_time(deadline)
    if result.status != 0:
        raise RuntimeError(f"the core's linear programme failed: {result.message}")
    return result.x[:n] * scale, float(result.x[n]) * scale


def _generate(
    game: Game, cuts: Cuts, least_core: bool, inner: np.ndarray, deadline: float | None = None
) -> tuple[float, np.ndarray]:
    """Solve the programme of :func:`_master` over every coalition, from a split ``inner`` that
    meets every constraint (with its t), by in-out constraint generation (Ben-Ameur & Neto 2007):
    the coalitions sought are those of largest excess at points between ``inner`` and the
    master's answer (:data:`_STEPS` of the way; the search is cheap next to the master, so all
    are added the same round); the farthest where there are none becomes ``inner``. The working
    set ``cuts`` is kept for the next question on the same game. Ends when the master's
    t (a bound) and inner's t (met by a split) are within :data:`GAP`, or, for the subsidy, when
    inner's is 0 (no subsidy needed); returns inner's t and x. Raises :class:`~optimizer.allocation.clock.OutOfTime` when
    ``deadline`` passes first."""
    scale = _scale(game)
    slack, gap = GENERATION_TOLERANCE * scale, GAP * scale
    level = _level(game, inner, least_core, deadline)
    for _ in range(_MAX_ROUNDS):
        outer, bound = _master(game, cuts, least_core, deadline)
        if level - bound <= gap or (not least_core and level <= gap):
            return level, inner
        new, moved = 0, 0.0
        for step in _STEPS:  # the search is cheap next to the master: several points a round
            point, middle = inner + step * (outer - inner), level + step * (bound - level)
            found = groups_above(game, point, (middle if least_core else 0.0) + slack, deadline)
            new += cuts.add(found)
            moved = moved if found else step
        if moved == 1.0 or not new:  # the master's answer meets every constraint
            return bound, outer
        if moved:
            inner, level = inner + moved * (outer - inner), level + moved * (bound - level)
    raise RuntimeError("constraint generation did not converge")


def _level(game: Game, split: np.ndarray, least_core: bool, deadline: float | None) -> float:
    """t of a split that meets every constraint: its largest excess (least core), or what it
    leaves of ``c(M)`` (subsidy)."""
    if least_core:
        return most_blocking(game, split, deadline).excess
    return game.grand_cost() - float(split.sum())


def _inside(game: Game, split: np.ndarray, deadline: float | None) -> np.ndarray:
    """A split that charges no coalition more than its cost: ``split`` less its largest excess
    from every player (a coalition's excess falls by at least that much)."""
    return split - max(most_blocking(game, split, deadline).excess, 0.0)


class NoSplit(RuntimeError):
    """No split of the total meets the coalition constraints (the core, or the least core
    asked for, is empty)."""


@dataclass(frozen=True)
class CoreFacts:
    """What keeping every member of a game in costs, whatever the rule.

    Attributes
    ----------
    min_subsidy
        The least yearly subsidy ``s*`` for which a split of ``c(M) - s*`` in the core exists (0
        when the core is not empty).
    least_core_excess
        0 when the core is not empty; else the least ``eps*`` for which a split of ``c(M)``
        charges no coalition more than ``eps*`` above its own cost (the least core).
    cuts
        The coalitions that were needed (they start later questions on the same game).
    near, nearest
        The shares asked about and, when the core is not empty, its split nearest to them (else
        None).
    """

    min_subsidy: float
    least_core_excess: float
    cuts: Cuts
    near: np.ndarray
    nearest: np.ndarray | None = None

    @property
    def core_empty(self) -> bool:
        return self.min_subsidy > 0


def core_facts(
    game: Game,
    alternatives: np.ndarray,
    near: np.ndarray | None = None,
    deadline: float | None = None,
) -> CoreFacts:
    """The least subsidy and the least core of ``game``, exactly (see :class:`CoreFacts`).

    First the core split nearest to ``near`` (SCRB when not given) is sought: when there is one,
    the core is not empty and no subsidy is needed. Otherwise the least subsidy, then the least
    core, are linear programmes solved by :func:`_generate`. A lone player has no proper
    coalition: its share is ``c(M)``, kept in by a subsidy of ``c(M) - alpha`` when that is
    above 0. Raises :class:`~optimizer.allocation.clock.OutOfTime` when ``deadline`` (a :func:`time.perf_counter` instant)
    passes first.

    >>> from optimizer.allocation.game import Game
    >>> pairs = Game(
    ...     ("a", "b", "c"), np.ones((3, 1)), lambda s: np.minimum(s[:, 0], 2.0) * 30.0, np.ones(3)
    ... )
    >>> dearer = Game(
    ...     pairs.players,
    ...     pairs.attributes,
    ...     lambda s: pairs.value(s) + 40.0 * (s[:, 0] > 2),
    ...     pairs.loads,
    ... )  # c(M) = 100 against 60 for each pair
    >>> facts = core_facts(dearer, np.full(3, np.inf))
    >>> round(facts.min_subsidy, 6), round(facts.least_core_excess, 6)
    (10.0, 6.666667)
    """
    cuts = Cuts(game)
    tolerance = tolerance_of(game)
    if game.size < 2:
        alpha = float(np.asarray(alternatives, dtype=float).sum())
        gap = game.grand_cost() - alpha if np.isfinite(alpha) else 0.0
        gap = gap if gap > tolerance else 0.0
        whole = np.array([game.grand_cost()])
        return CoreFacts(gap, gap, cuts, whole, None if gap else whole)
    near = scrb(game) if near is None else np.asarray(near, dtype=float)
    try:
        nearest = nearest_split(game, near, game.grand_cost(), 0.0, cuts, deadline)
        return CoreFacts(0.0, 0.0, cuts, near, nearest)
    except NoSplit:
        pass
    subsidy, split = _generate(game, cuts, False, _inside(game, near, deadline), deadline)
    if subsidy <= tolerance:  # a core so thin that it is only met within the tolerance
        nearest = nearest_split(game, near, game.grand_cost(), tolerance, cuts, deadline)
        return CoreFacts(0.0, 0.0, cuts, near, nearest)
    excess, _ = _generate(game, cuts, True, split + subsidy / game.size, deadline)
    return CoreFacts(subsidy, max(excess, 0.0), cuts, near)


def nearest_stable(
    game: Game, shares: np.ndarray, facts: CoreFacts, deadline: float | None = None
) -> np.ndarray:
    """The split nearest to ``shares`` that keeps every coalition in with the least subsidy: of
    ``c(M)`` when the core is not empty, else of ``c(M) - min_subsidy``."""
    if facts.nearest is not None and np.array_equal(facts.near, shares):
        return facts.nearest
    total = game.grand_cost() - facts.min_subsidy
    margin = _MARGIN * tolerance_of(game) if facts.core_empty else 0.0
    return nearest_split(game, shares, total, margin, facts.cuts, deadline)


def nearest_least_core(
    game: Game, shares: np.ndarray, facts: CoreFacts, deadline: float | None = None
) -> np.ndarray:
    """The split of ``c(M)`` nearest to ``shares`` in the least core: the core when it is not
    empty, else the splits charging no coalition more than ``least_core_excess`` above its cost."""
    if not facts.core_empty:
        return nearest_stable(game, shares, facts, deadline)
    allowance = facts.least_core_excess + _MARGIN * tolerance_of(game)
    return nearest_split(game, shares, game.grand_cost(), allowance, facts.cuts, deadline)


# ---------------------------------------------------------------------------------------------
# The nearest split
# ---------------------------------------------------------------------------------------------


def _orthonormal_sum_zero(n: int) -> np.ndarray:
    """An n x (n - 1) orthonormal basis of the splits that sum to 0 (a Householder reflection
    sending the first axis to the all-equal direction; its other columns)."""
    v = -np.full(n, 1.0 / np.sqrt(n))
    v[0] += 1.0
    norm = float(v @ v)
    reflection = np.eye(n) - (2.0 / norm) * np.outer(v, v) if norm > 0 else np.eye(n)
    return reflection[:, 1:]


def _least_distance(start: np.ndarray, rows: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """The point of ``{start + P w : rows (start + P w) <= bounds}`` nearest to ``start``, with P
    spanning the splits that sum to 0: LDP ``min |w|, G w >= h`` with ``G = -rows P``, ``h = rows
    start - bounds``, by NNLS on ``[G^T; h^T] u ~ (0, ..., 0, 1)``: ``w = -r[:-1] / r[-1]``."""
    h = rows @ start - bounds
    if not len(rows) or h.max() <= 0:
        return start
    basis = _orthonormal_sum_zero(len(start))
    matrix = np.vstack([-(rows @ basis).T, h[None, :]])
    target = np.zeros(len(matrix))
    target[-1] = 1.0
    residual = _nonnegative_residual(matrix, target)
    with np.errstate(divide="ignore", invalid="ignore"):
        split = start + basis @ (-residual[:-1] / residual[-1])
    # the residual vanishes when no split is feasible; what it gives is then checked and refused
    if not np.isfinite(split).all() or (rows @ split - bounds).max() > 10 * GENERATION_TOLERANCE:
        raise NoSplit("no split meets the coalition constraints")
    return split


def _nonnegative_residual(matrix: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``matrix u - target`` at the least-squares ``u >= 0``: by :func:`scipy.optimize.nnls`, or,
    when the norm it reports is not that of its answer (it can return a wrong answer with a norm
    of 0), by bounded-variable least squares (:func:`scipy.optimize.lsq_linear`, ``bvls``)."""
    weights, norm = nnls(matrix, target, maxiter=50 * matrix.shape[1])
    residual = matrix @ weights - target
    if np.isfinite(residual).all() and abs(float(np.linalg.norm(residual)) - norm) <= 1e-9:
        return residual
    result = lsq_linear(matrix, target, bounds=(0.0, np.inf), method="bvls", tol=1e-14)
    return matrix @ result.x - target


def nearest_split(
    game: Game,
    shares: np.ndarray,
    total: float,
    allowance: float = 0.0,
    cuts: Cuts | None = None,
    deadline: float | None = None,
) -> np.ndarray:
    """The split of ``total`` nearest to ``shares`` (Euclidean) that charges no nonempty proper
    coalition S more than ``c(S) + allowance``; ``allowance`` and ``total`` must leave one (e.g.
    :attr:`CoreFacts.least_core_excess` with ``c(M)``, or 0 with ``c(M) - min_subsidy``). Raises
    :class:`~optimizer.allocation.clock.OutOfTime` when ``deadline`` passes first.

    >>> from optimizer.allocation.game import Game
    >>> pairs = Game(
    ...     ("a", "b", "c"), np.ones((3, 1)), lambda s: np.minimum(s[:, 0], 2.0) * 30.0, np.ones(3)
    ... )
    >>> nearest_split(pairs, np.array([40.0, 10.0, 10.0]), 60.0).round(6).tolist()
    [30.0, 15.0, 15.0]
    """
    n, scale = game.size, _scale(game)
    shares = np.asarray(shares, dtype=float) / scale
    start = shares + (total / scale - shares.sum()) / n
    cuts = cuts if cuts is not None else Cuts(game)
    if n < 2:
        return start * scale
    room = (allowance / scale) + GENERATION_TOLERANCE / 10
    for _ in range(_MAX_ROUNDS):
        check_time(deadline)
        rows, costs = cuts.system(scale)
        split = _least_distance(start, rows, costs + room) * scale
        split += (total - split.sum()) / n
        floor = allowance + GENERATION_TOLERANCE * scale
        if not cuts.add(groups_above(game, split, floor, deadline)):
            return split
    raise RuntimeError("constraint generation did not converge")

"""The best group of a facility's players to leave it (each member treating alone, each upstream
facility sending its stream to the sink): the term ``sum over S of (x_e - alpha_e)`` of the most
blocking group's search (:mod:`optimizer.allocation.separation`), with or without the park's
pollutant caps (:mod:`optimizer.allocation.leaving`: a group may leave only when what its members
add stays within every cap's room).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from .clock import check_time, time_limit


@dataclass(frozen=True)
class Group:
    """A nonempty proper group of players (a boolean mask) and its excess under the shares."""

    members: np.ndarray
    excess: float


def proper_best(gains: np.ndarray, allowed: np.ndarray) -> np.ndarray | None:
    """The nonempty proper subset of ``allowed`` players with the largest sum of ``gains`` (no
    limit on the group): the positive gains; the best single one when none is positive; without
    the smallest when that would be every player."""
    if not allowed.any():
        return None
    chosen = allowed & (gains > 0)
    if not chosen.any():
        chosen = np.zeros(len(gains), dtype=bool)
        chosen[np.flatnonzero(allowed)[np.argmax(gains[allowed])]] = True
    elif chosen.all():
        chosen = chosen.copy()
        chosen[np.argmin(gains)] = False
    return chosen


def best_leaving(shares: np.ndarray, alternatives: np.ndarray) -> Group | None:
    gains = shares - np.where(np.isfinite(alternatives), alternatives, 0.0)
    chosen = proper_best(gains, np.isfinite(alternatives))
    return None if chosen is None else Group(chosen, float(gains[chosen].sum()))


def best_leaving_within(
    shares: np.ndarray,
    alternatives: np.ndarray,
    added: np.ndarray,
    room: np.ndarray,
    deadline: float | None = None,
) -> Group | None:
    """The nonempty proper group of largest ``sum (x_e - alpha_e)`` whose leaving stays within
    every cap's room: the best group with no caps when its leaving fits (no group within the
    caps can do better), else a 0-1 programme (HiGHS through :func:`scipy.optimize.milp`, gap
    0)."""
    free = np.isfinite(alternatives)
    n = len(shares)
    if not free.any():
        return None
    unbound = best_leaving(shares, alternatives)
    if unbound is not None and (added[unbound.members].sum(axis=0) <= room).all():
        return unbound
    gains = shares - np.where(free, alternatives, 0.0)
    rows = [np.ones((1, n)), added.T]
    lower = np.r_[1.0, np.full(len(room), -np.inf)]
    upper = np.r_[n - 1.0, room]
    scale = max(1.0, float(np.abs(gains).max()))
    result = milp(
        -gains / scale,
        integrality=np.ones(n),
        bounds=Bounds(0.0, free.astype(float)),
        constraints=LinearConstraint(np.vstack(rows), lower, upper),
        options={"mip_rel_gap": 0.0, **time_limit(deadline)},
    )
    if result.status == 1:  # stopped by its time limit: not the best group
        check_time(deadline)
    if result.x is None:  # no group may leave
        return None
    chosen = result.x > 0.5
    if not chosen.any() or chosen.all() or (added[chosen].sum(axis=0) > room).any():
        return None
    return Group(chosen, float(gains[chosen].sum()))

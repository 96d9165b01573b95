"""Turning an open facility of a plan into a cost game, and the order facilities are played in.

The game of a facility f
------------------------
Players: the members of f (one per assignment row: enterprise e with load ``d_e x share_e``), and,
at a downstream facility, each upstream facility u that sends f a stream (load = the stream);
:mod:`optimizer.allocation.players` lists them with their alternatives.

- ``F(S)``, the yearly cost of f for a set S of its players: the cheapest tier k at f's site and
  service whose capacity holds ``load(S)``::

      F(S) = min_k  A_k (1 - sigma_f) + O_k + (v_k + w_f) load(S),   F({}) = 0

  with ``A_k`` the tier's capex annuity, ``O_k`` its fixed O&M, ``v_k`` its variable cost per
  unit/d a year, ``sigma_f`` the share of its annuity f was relieved of in the plan (its subsidy
  plus what green loans save it, over its annuity; 0 when the annuity is 0), and ``w_f`` f's onward cost per unit of load (its outgoing streams'
  transport and sink charges, plus what downstream facilities charge it, over f's load).
- ``alpha_e``, a player's alternative (the most its share may be before leaving pays): an
  enterprise's stand-alone cost (times its share) minus its own transport and connection to f,
  or infinite when it may not treat on its own; an upstream facility's cost of sending the stream
  to the external sink (``flow x sink price x operating days``) minus its transport of the stream
  to f, or infinite when the stream has no sink. Own transport and connection are never shared.
- ``c(S) = min(F(S), sum_{e in S} alpha_e)`` for a proper subset S (the group builds its own
  facility at the site, or its members leave); leaving counts only when the park would still meet
  its pollutant caps with the rest of its plan unchanged (:mod:`optimizer.allocation.leaving`:
  a stand-alone cost is the cost of a plan the group could carry out); ``c(M) = `` the plan's
  cost of f plus its onward cost, the amount to split (equal to ``F(M)`` unless the plan is not
  optimal).

Facilities are played downstream first (:func:`downstream_first`), so that what an upstream
facility is charged downstream is known before its own members share it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from ..plan import SINK
from .game import Game
from .leaving import LeaveLimits
from .separation import TierArrays, most_blocking_groups

#: Relative slack on tier capacities, so that a load equal to a capacity fits despite rounding.
CAPACITY_SLACK = 1e-9

#: A facility, as (site, service).
Key = tuple[str, str]
#: ``F(load)``: yearly costs of an array of loads.
CostOfLoad = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class TierCost:
    """``F(load)`` of one facility: the cheapest of its tiers (as :class:`TierArrays`) that holds
    each load, infinite when none does. Called with an array of loads."""

    tiers: TierArrays

    def __call__(self, load: np.ndarray) -> np.ndarray:
        load = np.asarray(load, dtype=float)[:, None]
        t = self.tiers
        costs = np.where(load <= t.limit, t.fixed + t.unit * load, np.inf)
        return costs.min(axis=1) if costs.shape[1] else np.full(len(load), np.inf)


def facility_cost_function(
    tiers: pd.DataFrame, subsidy_rate: float = 0.0, onward_per_unit: float = 0.0
) -> TierCost:
    """``F(load)``: the yearly cost of the cheapest tier that holds each load (inf if none does).

    Parameters
    ----------
    tiers
        The tiers at one site and service: ``capacity_per_day``, ``annual_capex``, ``fixed_om`` and
        ``unit_cost`` (variable cost per unit/d a year), as in :attr:`ModelData.tiers`.
    subsidy_rate
        Share of the capex annuity that is subsidised.
    onward_per_unit
        Onward cost (outgoing streams and downstream charges) per unit/d of load, a year.

    Examples
    --------
    >>> tiers = pd.DataFrame(
    ...     {
    ...         "capacity_per_day": [100.0, 200.0],
    ...         "annual_capex": [0.0, 0.0],
    ...         "fixed_om": [60.0, 100.0],
    ...         "unit_cost": [0.0, 0.0],
    ...     }
    ... )
    >>> facility_cost_function(tiers)(np.array([50.0, 150.0, 250.0])).tolist()
    [60.0, 100.0, inf]
    """
    capacity = tiers["capacity_per_day"].to_numpy(dtype=float)
    fixed = tiers["annual_capex"].to_numpy(dtype=float) * (1.0 - subsidy_rate)
    fixed = fixed + tiers["fixed_om"].to_numpy(dtype=float)
    unit = tiers["unit_cost"].to_numpy(dtype=float) + onward_per_unit
    limit = capacity * (1.0 + CAPACITY_SLACK) + CAPACITY_SLACK
    return TierCost(TierArrays(fixed, unit, limit))


def facility_game(
    players: tuple[str, ...],
    loads: np.ndarray,
    alternatives: np.ndarray,
    cost_of_load: CostOfLoad,
    grand_cost: float,
    limits: LeaveLimits | None = None,
) -> Game:
    """The game ``c(S) = min(F(load(S)), sum alpha)`` for proper S, ``c(M) = grand_cost``.

    An infinite alternative (a player that cannot leave) makes every coalition holding it build.
    With ``limits`` (:class:`~optimizer.allocation.leaving.LeaveLimits` of these players) a
    coalition may leave only when what its members' leaving adds under each cap stays within the
    cap's room; otherwise it builds. When ``cost_of_load`` is a :class:`TierCost` the game
    carries the exact search for its most blocking coalitions
    (:func:`~optimizer.allocation.separation.most_blocking_groups`).
    """
    n = len(players)
    loads = np.asarray(loads, dtype=float)
    alternatives = np.asarray(alternatives, dtype=float)
    infinite = np.isinf(alternatives)
    limits = limits if limits is not None and limits.names else None
    added = np.zeros((n, 0)) if limits is None else np.where(infinite[:, None], 0.0, limits.added)
    attributes = np.column_stack(
        [np.ones(n), loads, np.where(infinite, 0.0, alternatives), infinite.astype(float), added]
    )

    def value(sums: np.ndarray) -> np.ndarray:
        count, load, alone, stuck = sums[:, :4].T
        alone = np.where(stuck > 0.5, np.inf, alone)
        if limits is not None:
            alone = np.where(limits.feasible(sums[:, 4:]), alone, np.inf)
        costs = np.minimum(cost_of_load(load), alone)
        return np.where(count > n - 0.5, grand_cost, costs)

    separation = None
    if isinstance(cost_of_load, TierCost):
        tiers = cost_of_load.tiers
        caps = None if limits is None else (added, limits.room)

        def separation(
            shares: np.ndarray, floor: float, deadline: float | None = None
        ) -> list[np.ndarray]:
            groups = most_blocking_groups(shares, loads, alternatives, tiers, floor, caps, deadline)
            return [group.members for group in groups]

    return Game(tuple(players), attributes, value, loads, separation)


def game_of_facility(
    tiers: pd.DataFrame,
    facility: pd.Series,
    players: pd.DataFrame,
    onward: float,
    limits: LeaveLimits | None = None,
) -> tuple[Game, CostOfLoad]:
    """The game of one open facility of a plan, and its ``F(load)`` (to rebuild ``F(M)``).

    ``tiers`` are every tier of the model data (:attr:`ModelData.tiers`), ``facility`` a row of
    ``plan.facilities``, ``players`` the facility's rows of the players table (``player``,
    ``load_per_day``, ``leave_cost``, else ``alternative``), ``onward`` its yearly onward cost and
    ``limits`` what its players' leaving does to the caps (None: leaving is always a plan).
    """
    menu = tiers[(tiers["site"] == facility["site"]) & (tiers["service"] == facility["service"])]
    annuity = float(facility["annual_capex"])
    relief = float(facility["subsidy"]) + float(facility.get("finance_saving", 0.0))
    rate = relief / annuity if annuity > 0 else 0.0
    load = float(players["load_per_day"].sum())
    cost_of_load = facility_cost_function(menu, rate, onward / load if load > 0 else 0.0)
    leaving = "leave_cost" if "leave_cost" in players else "alternative"
    game = facility_game(
        tuple(players["player"]),
        players["load_per_day"].to_numpy(dtype=float),
        players[leaving].to_numpy(dtype=float),
        cost_of_load,
        float(facility["annual_cost"]) + onward,
        limits,
    )
    return game, cost_of_load


def downstream_first(facilities: pd.DataFrame, flows: pd.DataFrame) -> list[Key]:
    """The plan's facilities (site, service), each after every facility it sends streams to."""
    graph = nx.DiGraph()
    graph.add_nodes_from(zip(facilities["site"], facilities["service"], strict=True))
    links = flows[flows["to_site"] != SINK]
    graph.add_edges_from(
        ((a, b), (c, d))
        for a, b, c, d in zip(
            links["site"], links["service"], links["to_site"], links["to_service"], strict=True
        )
    )
    if not nx.is_directed_acyclic_graph(graph):
        raise ValueError("the plan's streams between facilities form a loop; cannot allocate")
    return list(reversed(list(nx.lexicographical_topological_sort(graph, key=str))))

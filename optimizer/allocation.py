"""What each SME pays: each shared facility's yearly cost split among its members, and checked.

A shared facility only works if each member pays less than it would alone. For every open facility
of a plan this module sets up a cost game, splits the facility's cost by a rule, checks that no
member (and, for up to :data:`EXACT_MAX_PLAYERS` members, no group of members) would be better off
leaving, and finds the smallest subsidy that would keep everyone in. The rules come from the
water-resources literature (Giglio & Wrightington 1972; Young, Okada & Hashimoto 1982).
``docs/cost-allocation.md`` works an example through by hand.

The game of a facility f
------------------------
Players: the members of f (one per assignment row: enterprise e with load ``d_e x share_e``), and,
at a downstream facility, each upstream facility u that sends f a stream (load = the stream).

- ``F(S)``, the yearly cost of f for a set S of its players: the cheapest tier k at f's site and
  service whose capacity holds ``load(S)``::

      F(S) = min_k  A_k (1 - sigma_f) + O_k + (v_k + w_f) load(S),   F({}) = 0

  with ``A_k`` the tier's capex annuity, ``O_k`` its fixed O&M, ``v_k`` its variable cost per
  unit/d a year, ``sigma_f`` the subsidy rate f got in the plan (plan subsidy / plan annuity, 0
  when the annuity is 0), and ``w_f`` f's onward cost per unit of load (its outgoing streams'
  transport and sink charges, plus what downstream facilities charge it, over f's load).
- ``alpha_e``, a player's alternative (the most its share may be before leaving pays): an
  enterprise's stand-alone cost (times its share) minus its own transport and connection to f,
  or infinite when it may not treat on its own; an upstream facility's cost of sending the stream
  to the external sink (``flow x sink price x operating days``) minus its transport of the stream
  to f, or infinite when the stream has no sink. Own transport and connection are never shared.
- ``c(S) = min(F(S), sum_{e in S} alpha_e)`` for a proper subset S (the group builds its own
  facility at the site, or its members leave); ``c(M) = `` the plan's cost of f plus its onward
  cost, the amount to split (equal to ``F(M)`` unless the plan is not optimal).

Rules: ``proportional`` to load; ``scrb`` (separable cost ``SC_e = c(M) - c(M - e)``, remaining
benefit ``RB_e = max(0, c({e}) - SC_e)``, ``share_e = SC_e + (c(M) - sum SC) RB_e / sum RB``);
``shapley`` (exact up to :data:`EXACT_MAX_PLAYERS` players, else ``samples`` seeded permutations
with a standard error per player).

Fairness: individual rationality (``share_e <= alpha_e``); up to :data:`EXACT_MAX_PLAYERS` players
the core (``sum_{e in S} share_e <= c(S)`` for every nonempty proper S) and the most violated
coalition; the least subsidy s for which shares with ``sum x = c(M) - s`` in the core exist (a
linear programme over all coalitions; above :data:`EXACT_MAX_PLAYERS` players the shortfall
``max(0, c(M) - sum_e c({e}))``). The core is empty exactly when that subsidy is above 0.

Chains: facilities are allocated downstream first. What an upstream facility is allocated at a
downstream one becomes part of its onward cost, which its own members then share, so every yuan
of every facility ends up with an enterprise.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy.optimize import linprog

from .plan import SELF, SINK, UNSERVED, Plan, scenario_of
from .prepare import ModelData, operating_days, prepare
from .scenario import Scenario

RULES = ("proportional", "scrb", "shapley")
#: Largest member set for exact Shapley values, the core check and the subsidy LP (2^12 subsets).
EXACT_MAX_PLAYERS = 12
#: Relative tolerance (of the facility's cost) below which a violation or a subsidy counts as none.
TOLERANCE = 1e-6
#: Relative slack on tier capacities, so that a load equal to a capacity fits despite rounding.
CAPACITY_SLACK = 1e-9
#: Floats per block of sampled permutations (bounds memory for large facilities).
_BLOCK = 2_000_000

Key = tuple[str, str]
CostOfLoad = Callable[[np.ndarray], np.ndarray]

FACILITY_COLUMNS: dict[str, str] = {
    "site": "str",
    "service": "str",
    "tier": "str",
    "members": "int64",
    "upstream": "int64",
    "load_per_day": "float64",
    "facility_cost": "float64",
    "onward_cost": "float64",
    "annual_cost": "float64",
    "cheapest_tier_cost": "float64",
    "rule": "str",
    "ir_violations": "int64",
    "core_checked": "bool",
    "core_empty": "boolean",
    "min_subsidy": "float64",
    "blocking_coalition": "str",
    "shapley_max_std_error": "float64",
}
PLAYER_COLUMNS: dict[str, str] = {
    "site": "str",
    "service": "str",
    "player": "str",
    "kind": "str",
    "load_per_day": "float64",
    "alternative_cny_per_year": "float64",
    "share_cny_per_year": "float64",
    "std_error": "float64",
    "individually_rational": "bool",
    "would_leave": "bool",
}
STATEMENT_COLUMNS: dict[str, str] = {
    "enterprise": "str",
    "enterprise_name": "str",
    "service": "str",
    "facility": "str",
    "tier": "str",
    "distance_km": "float64",
    "transport_cny_per_year": "float64",
    "connection_cny_per_year": "float64",
    "share_cny_per_year": "float64",
    "total_cny_per_year": "float64",
    "standalone_cny_per_year": "float64",
    "saving_cny_per_year": "float64",
    "saving_pct": "float64",
    "would_leave": "bool",
}


# ---------------------------------------------------------------------------------------------
# Games and rules (independent of plans)
# ---------------------------------------------------------------------------------------------


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
    """

    players: tuple[str, ...]
    attributes: np.ndarray
    value: Callable[[np.ndarray], np.ndarray]
    loads: np.ndarray

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


def shares_by_rule(
    game: Game, rule: str, seed: int = 0, samples: int = 2000
) -> tuple[np.ndarray, np.ndarray | None]:
    """Each player's share under ``rule``, and the Shapley standard errors (None for other rules;
    zeros when the Shapley value is exact)."""
    if rule == "proportional":
        return proportional(game), None
    if rule == "scrb":
        return scrb(game), None
    if game.size <= EXACT_MAX_PLAYERS:
        return shapley_exact(game), np.zeros(game.size)
    return shapley_sampled(game, samples, seed)


# ---------------------------------------------------------------------------------------------
# Fairness
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fairness:
    """Who would leave a facility under given shares, and what keeping everyone would cost.

    Attributes
    ----------
    rational
        Per player: share within its alternative (individual rationality).
    blocking
        Per player: member of the most violated coalition (all False when none, or not checked).
    core_checked
        The core was checked (at most :data:`EXACT_MAX_PLAYERS` players).
    core_empty
        No shares keep every coalition in (None when not checked).
    min_subsidy
        The least yearly subsidy to the facility that makes shares keeping everyone in exist.
    """

    rational: np.ndarray
    blocking: np.ndarray
    core_checked: bool
    core_empty: bool | None
    min_subsidy: float

    @property
    def would_leave(self) -> np.ndarray:
        return ~self.rational | self.blocking


def tolerance_of(game: Game) -> float:
    """The amount below which a violation or a subsidy counts as none (relative to ``c(M)``)."""
    return TOLERANCE * max(1.0, abs(game.grand_cost()))


def fairness(game: Game, shares: np.ndarray, alternatives: np.ndarray) -> Fairness:
    """Check ``shares`` against the players' ``alternatives`` and the core of ``game``."""
    tolerance = tolerance_of(game)
    rational = np.asarray(shares) <= np.asarray(alternatives) + tolerance
    if game.size > EXACT_MAX_PLAYERS:
        shortfall = game.grand_cost() - float(game.singleton_costs().sum())
        nobody = np.zeros(game.size, dtype=bool)
        return Fairness(rational, nobody, False, None, _above(shortfall, tolerance))
    subsidy = minimum_subsidy(game, alternatives)
    blocking = most_violated_coalition(game, shares)
    return Fairness(rational, blocking, True, subsidy > 0, subsidy)


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


# ---------------------------------------------------------------------------------------------
# The facility game
# ---------------------------------------------------------------------------------------------


def facility_cost_function(
    tiers: pd.DataFrame, subsidy_rate: float = 0.0, onward_per_unit: float = 0.0
) -> CostOfLoad:
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

    def cost_of_load(load: np.ndarray) -> np.ndarray:
        load = np.asarray(load, dtype=float)[:, None]
        costs = np.where(load <= limit, fixed + unit * load, np.inf)
        return costs.min(axis=1) if costs.shape[1] else np.full(len(load), np.inf)

    return cost_of_load


def facility_game(
    players: tuple[str, ...],
    loads: np.ndarray,
    alternatives: np.ndarray,
    cost_of_load: CostOfLoad,
    grand_cost: float,
) -> Game:
    """The game ``c(S) = min(F(load(S)), sum alpha)`` for proper S, ``c(M) = grand_cost``.

    An infinite alternative (a player that cannot leave) makes every coalition holding it build.
    """
    n = len(players)
    loads = np.asarray(loads, dtype=float)
    alternatives = np.asarray(alternatives, dtype=float)
    infinite = np.isinf(alternatives)
    attributes = np.column_stack(
        [np.ones(n), loads, np.where(infinite, 0.0, alternatives), infinite.astype(float)]
    )

    def value(sums: np.ndarray) -> np.ndarray:
        count, load, alone, stuck = sums.T
        alone = np.where(stuck > 0.5, np.inf, alone)
        costs = np.minimum(cost_of_load(load), alone)
        return np.where(count > n - 0.5, grand_cost, costs)

    return Game(tuple(players), attributes, value, loads)


# ---------------------------------------------------------------------------------------------
# From a plan to its games, downstream first
# ---------------------------------------------------------------------------------------------


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


def _member_players(plan: Plan, data: ModelData) -> pd.DataFrame:
    """Enterprise players: one per shared assignment row, with load and alternative."""
    rows = plan.assignments[~plan.assignments["site"].isin([SELF, UNSERVED])]
    rows = rows.merge(data.demands[["enterprise", "service", "self_allowed"]], how="left")
    alone = rows["standalone_cost"] * rows["share"] - rows["transport_cost"]
    alone = alone - rows["connection_cost"]
    return pd.DataFrame(
        {
            "site": rows["site"],
            "service": rows["service"],
            "player": rows["enterprise"],
            "kind": "enterprise",
            "from_site": "",
            "from_service": "",
            "load_per_day": rows["demand_per_day"].astype(float),
            "alternative": alone.where(rows["self_allowed"].fillna(True).astype(bool), np.inf),
        }
    )


def _upstream_players(plan: Plan, data: ModelData, scenario: Scenario) -> pd.DataFrame:
    """Upstream facilities as players of the facilities their streams go to."""
    links = plan.flows[plan.flows["to_site"] != SINK]
    prices = data.outputs.set_index(["service", "output"])["sink_price"]
    price = pd.to_numeric(
        pd.Series([prices.get(k) for k in zip(links["service"], links["output"], strict=True)]),
        errors="coerce",
    ).to_numpy(dtype=float)
    days = links["service"].map(operating_days(scenario)).to_numpy(dtype=float)
    sink = links["flow_per_day"].to_numpy(dtype=float) * np.nan_to_num(price) * days
    alternative = np.where(np.isnan(price), np.inf, sink - links["annual_cost"].to_numpy(float))
    frame = pd.DataFrame(
        {
            "site": links["to_site"].to_numpy(),
            "service": links["to_service"].to_numpy(),
            "from_site": links["site"].to_numpy(),
            "from_service": links["service"].to_numpy(),
            "load_per_day": links["flow_per_day"].to_numpy(dtype=float),
            "alternative": alternative,
        }
    )
    key = ["site", "service", "from_site", "from_service"]
    frame = frame.groupby(key, as_index=False, sort=True)[["load_per_day", "alternative"]].sum()
    frame["player"] = frame["from_site"] + "/" + frame["from_service"]
    frame["kind"] = "facility"
    return frame


@dataclass(frozen=True)
class _Setting:
    """What the allocation of every facility needs from the plan and its scenario."""

    plan: Plan
    data: ModelData
    players: pd.DataFrame
    rule: str
    seed: int
    samples: int


@dataclass(frozen=True)
class _Outcome:
    summary: dict[str, Any]
    players: pd.DataFrame


def _game_of(
    setting: _Setting, facility: pd.Series, players: pd.DataFrame, onward: float
) -> tuple[Game, CostOfLoad]:
    """The facility's game, and its ``F(load)`` (to rebuild ``F(M)`` from the tiers)."""
    tiers = setting.data.tiers
    menu = tiers[(tiers["site"] == facility["site"]) & (tiers["service"] == facility["service"])]
    annuity = float(facility["annual_capex"])
    rate = float(facility["subsidy"]) / annuity if annuity > 0 else 0.0
    load = float(players["load_per_day"].sum())
    cost_of_load = facility_cost_function(menu, rate, onward / load if load > 0 else 0.0)
    game = facility_game(
        tuple(players["player"]),
        players["load_per_day"].to_numpy(dtype=float),
        players["alternative"].to_numpy(dtype=float),
        cost_of_load,
        float(facility["annual_cost"]) + onward,
    )
    return game, cost_of_load


def _summary(
    facility: pd.Series, players: pd.DataFrame, rule: str, onward: float
) -> dict[str, Any]:
    return {
        "site": facility["site"],
        "service": facility["service"],
        "tier": facility["tier"],
        "members": int((players["kind"] == "enterprise").sum()),
        "upstream": int((players["kind"] == "facility").sum()),
        "load_per_day": float(players["load_per_day"].sum()),
        "facility_cost": float(facility["annual_cost"]),
        "onward_cost": float(onward),
        "annual_cost": float(facility["annual_cost"]) + onward,
        "rule": rule,
        "cheapest_tier_cost": math.nan,
        "ir_violations": 0,
        "core_checked": False,
        "core_empty": None,
        "min_subsidy": 0.0,
        "blocking_coalition": "",
        "shapley_max_std_error": math.nan,
    }


def _allocate_facility(
    setting: _Setting, facility: pd.Series, players: pd.DataFrame, onward: float
) -> _Outcome:
    """Split one facility's cost among its players and check the split."""
    summary = _summary(facility, players, setting.rule, onward)
    if players.empty:  # an open facility nobody uses (a required site): nothing to split
        return _Outcome(summary, players)
    game, cost_of_load = _game_of(setting, facility, players, onward)
    shares, errors = shares_by_rule(game, setting.rule, setting.seed, setting.samples)
    checked = fairness(game, shares, players["alternative"].to_numpy(dtype=float))
    blocking = [p for p, b in zip(game.players, checked.blocking, strict=True) if b]
    summary.update(
        cheapest_tier_cost=float(cost_of_load(np.array([summary["load_per_day"]]))[0]),
        ir_violations=int((~checked.rational).sum()),
        core_checked=checked.core_checked,
        core_empty=checked.core_empty,
        min_subsidy=checked.min_subsidy,
        blocking_coalition=", ".join(blocking),
        shapley_max_std_error=float(errors.max()) if errors is not None else math.nan,
    )
    players = players.assign(
        share_cny_per_year=shares,
        std_error=errors if errors is not None else math.nan,
        individually_rational=checked.rational,
        would_leave=checked.would_leave,
    )
    return _Outcome(summary, players)


def _onward_costs(flows: pd.DataFrame) -> dict[Key, float]:
    """Each facility's own cost of its outgoing streams (transport and sink charges), a year."""
    totals = flows.groupby(["site", "service"])["annual_cost"].sum()
    return {(str(a), str(b)): float(v) for (a, b), v in totals.items()}


def _allocate_all(setting: _Setting) -> list[_Outcome]:
    """Every facility, downstream first; an upstream facility's shares become its onward cost."""
    plan = setting.plan
    charged: dict[Key, float] = defaultdict(float, _onward_costs(plan.flows))
    facilities = plan.facilities.set_index(["site", "service"], drop=False)
    by_facility = dict(iter(setting.players.groupby(["site", "service"], sort=False)))
    empty = setting.players.iloc[0:0]
    outcomes = []
    for key in downstream_first(plan.facilities, plan.flows):
        players = by_facility.get(key, empty).reset_index(drop=True)
        outcome = _allocate_facility(setting, facilities.loc[key], players, charged[key])
        upstream = outcome.players[outcome.players["kind"] == "facility"]
        for row in upstream.itertuples(index=False):
            charged[(row.from_site, row.from_service)] += float(row.share_cny_per_year)
        outcomes.append(outcome)
    return outcomes


# ---------------------------------------------------------------------------------------------
# Tables: facilities, players, the SME statement
# ---------------------------------------------------------------------------------------------


def _typed(rows: list[dict[str, Any]] | pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype(dict(columns)).reset_index(drop=True)


def _facility_table(plan: Plan, outcomes: list[_Outcome]) -> pd.DataFrame:
    keys = zip(plan.facilities["site"], plan.facilities["service"], strict=True)
    order = {key: i for i, key in enumerate(keys)}
    rows = sorted((o.summary for o in outcomes), key=lambda r: order[(r["site"], r["service"])])
    return _typed(rows, FACILITY_COLUMNS)


def _player_table(outcomes: list[_Outcome]) -> pd.DataFrame:
    frames = [o.players for o in outcomes if len(o.players)]
    if not frames:
        return _typed([], PLAYER_COLUMNS)
    frame = pd.concat(frames, ignore_index=True)
    frame = frame.rename(columns={"alternative": "alternative_cny_per_year"})
    frame = frame.sort_values(["site", "service", "kind", "player"], kind="stable")
    return _typed(frame[list(PLAYER_COLUMNS)], PLAYER_COLUMNS)


def _statement(plan: Plan, players: pd.DataFrame) -> pd.DataFrame:
    """One row per (enterprise, service, facility): what the SME pays and saves, a year."""
    rows = plan.assignments
    members = players[players["kind"] == "enterprise"].rename(
        columns={"player": "enterprise", "site": "facility"}
    )[["enterprise", "service", "facility", "share_cny_per_year", "would_leave"]]
    tiers = plan.facilities[["site", "service", "tier"]].rename(columns={"site": "facility"})
    frame = rows.rename(columns={"site": "facility"}).merge(
        members, on=["enterprise", "service", "facility"], how="left"
    )
    frame = frame.merge(tiers, on=["facility", "service"], how="left")
    share = frame["share_cny_per_year"].fillna(0.0)
    total = frame["transport_cost"] + frame["connection_cost"] + frame["self_cost"] + share
    standalone = frame["standalone_cost"] * frame["share"]
    saving = standalone - total
    statement = pd.DataFrame(
        {
            "enterprise": frame["enterprise"],
            "enterprise_name": frame["enterprise_name"],
            "service": frame["service"],
            "facility": frame["facility"],
            "tier": frame["tier"].fillna(""),
            "distance_km": frame["distance_km"],
            "transport_cny_per_year": frame["transport_cost"],
            "connection_cny_per_year": frame["connection_cost"],
            "share_cny_per_year": share,
            "total_cny_per_year": total,
            "standalone_cny_per_year": standalone,
            "saving_cny_per_year": saving,
            "saving_pct": (saving / standalone * 100).where(standalone > 0, np.nan),
            "would_leave": frame["would_leave"].astype("boolean").fillna(False),
        }
    )
    statement = statement.sort_values(["enterprise", "service", "facility"], kind="stable")
    return _typed(statement, STATEMENT_COLUMNS)


# ---------------------------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------------------------


def _check_arguments(rule: str, seed: int, samples: int) -> None:
    if rule not in RULES:
        raise ValueError(f"unknown allocation rule {rule!r}; expected one of {', '.join(RULES)}")
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer) or samples < 2:
        raise ValueError(f"samples must be a whole number of at least 2, got {samples!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a whole number of at least 0, got {seed!r}")


def allocate(
    plan: Plan,
    rule: str = "proportional",
    seed: int = 0,
    samples: int = 2000,
    scenario: Scenario | None = None,
    data: ModelData | None = None,
) -> Plan:
    """Return a new plan with ``statement`` and ``allocation`` filled (the plan is left alone).

    Parameters
    ----------
    plan
        A solved plan (also one read back from JSON).
    rule
        One of :data:`RULES`: ``proportional``, ``scrb`` or ``shapley``.
    seed, samples
        Seed and number of random orders for the sampled Shapley value (facilities with more than
        :data:`EXACT_MAX_PLAYERS` players).
    scenario
        The resolved scenario the plan was solved from; default :func:`~optimizer.plan.scenario_of`.
    data
        That scenario prepared (:func:`~optimizer.prepare.prepare`), when the caller has it.

    Returns
    -------
    Plan
        ``statement``: one row per (enterprise, service, facility) with the columns of
        :data:`STATEMENT_COLUMNS`; ``allocation``: ``rule``, ``seed``, ``samples``, ``facilities``
        (:data:`FACILITY_COLUMNS`), ``players`` (:data:`PLAYER_COLUMNS`), ``unallocated_cost`` (the
        cost of open facilities nobody uses) and ``kpis`` (``min_subsidy_to_keep_all``,
        ``smes_would_leave``, ``allocation_rule``), which are merged into ``plan.kpis``.
    """
    _check_arguments(rule, seed, samples)
    if scenario is None:
        if not plan.inputs:
            raise ValueError("the plan carries no inputs to rebuild its scenario: pass scenario=")
        scenario = scenario_of(plan)
    data = prepare(scenario) if data is None else data
    players = pd.concat(
        [_member_players(plan, data), _upstream_players(plan, data, scenario)], ignore_index=True
    )
    outcomes = _allocate_all(_Setting(plan, data, players, rule, int(seed), int(samples)))
    facilities = _facility_table(plan, outcomes)
    players = _player_table(outcomes)
    statement = _statement(plan, players)
    unused = facilities[facilities["members"] + facilities["upstream"] == 0]
    allocation = {
        "rule": rule,
        "seed": int(seed),
        "samples": int(samples),
        "facilities": facilities,
        "players": players,
        "unallocated_cost": float(unused["annual_cost"].sum()),
        "kpis": {
            "min_subsidy_to_keep_all": float(facilities["min_subsidy"].sum()),
            "smes_would_leave": int(
                statement.loc[statement["would_leave"], "enterprise"].nunique()
            ),
            "allocation_rule": rule,
        },
    }
    return plan.with_allocation(statement, allocation)

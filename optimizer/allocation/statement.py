"""A plan's cost allocation: every facility's game played downstream first, and what each SME pays.

:func:`allocate` builds the players of every open facility (:mod:`optimizer.allocation.players`),
plays each facility's game (:mod:`optimizer.allocation.facility`) under a rule and checks the split
(:mod:`optimizer.allocation.game`), then writes three tables whose columns are declared in
:mod:`optimizer.plan_columns`: the allocation per facility, per player, and the SME statement.

Chains: facilities are allocated downstream first. What an upstream facility is allocated at a
downstream one becomes part of its onward cost, which its own members then share, so every yuan
of every facility ends up with an enterprise.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..plan import Plan, scenario_of
from ..plan_columns import column_dtypes
from ..prepare import ModelData, prepare
from ..scenario import Scenario
from .facility import Key, downstream_first, game_of_facility
from .fairness import RULES, split_and_check
from .leaving import LeaveLimits
from .players import plan_players

#: Column name -> dtype of ``plan.allocation["facilities"]``.
FACILITY_COLUMNS: dict[str, str] = column_dtypes("allocation_facilities")
#: Column name -> dtype of ``plan.allocation["players"]``.
PLAYER_COLUMNS: dict[str, str] = column_dtypes("allocation_players")
#: Column name -> dtype of ``plan.statement``.
STATEMENT_COLUMNS: dict[str, str] = column_dtypes("statement")


@dataclass(frozen=True)
class _Setting:
    """What the allocation of every facility needs from the plan and its scenario."""

    plan: Plan
    data: ModelData
    players: pd.DataFrame
    limits: LeaveLimits
    rule: str
    seed: int
    samples: int
    deadline: float | None = None


@dataclass(frozen=True)
class _Outcome:
    summary: dict[str, Any]
    players: pd.DataFrame


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
        "least_core_excess": 0.0,
        "blocking_coalition": "",
        "blocking_excess": 0.0,
        "shapley_max_std_error": math.nan,
    }


def _allocate_facility(
    setting: _Setting, facility: pd.Series, players: pd.DataFrame, onward: float
) -> _Outcome:
    """Split one facility's cost among its players and check the split."""
    summary = _summary(facility, players, setting.rule, onward)
    if players.empty:  # an open facility nobody uses (a required site): nothing to split
        return _Outcome(summary, players)
    limits = setting.limits.subset(players["position"].to_numpy(dtype=int))
    game, cost_of_load = game_of_facility(setting.data.tiers, facility, players, onward, limits)
    alternatives = players["alternative"].to_numpy(dtype=float)
    shares, errors, checked = split_and_check(
        game, setting.rule, alternatives, setting.seed, setting.samples, setting.deadline
    )
    blocking = [p for p, b in zip(game.players, checked.blocking, strict=True) if b]
    summary.update(
        cheapest_tier_cost=float(cost_of_load(np.array([summary["load_per_day"]]))[0]),
        ir_violations=int((~checked.rational).sum()),
        core_checked=checked.core_checked,
        core_empty=checked.core_empty,
        min_subsidy=checked.min_subsidy,
        least_core_excess=checked.least_core_excess,
        blocking_coalition=", ".join(blocking),
        blocking_excess=checked.blocking_excess,
        shapley_max_std_error=float(errors.max()) if errors is not None else math.nan,
    )
    players = players.assign(
        share_cny_per_year=shares,
        std_error=errors if errors is not None else math.nan,
        over_alone_cny_per_year=np.where(checked.rational, 0.0, shares - alternatives),
        stable_share_cny_per_year=checked.stable_shares,
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
    numbered = setting.players.assign(position=np.arange(len(setting.players)))
    by_facility = dict(iter(numbered.groupby(["site", "service"], sort=False)))
    empty = numbered.iloc[0:0]
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


def _statement(plan: Plan, players: pd.DataFrame, reasons: pd.DataFrame) -> pd.DataFrame:
    """One row per (enterprise, service, facility): what the SME pays and saves, a year.

    ``reasons``: per member (enterprise, service, facility), why it may not treat alone
    (``alone_unavailable``); its cost alone is then no option it has, and is left empty (NaN),
    with its saving."""
    rows = plan.assignments
    members = players[players["kind"] == "enterprise"].rename(
        columns={"player": "enterprise", "site": "facility"}
    )[["enterprise", "service", "facility", "share_cny_per_year", "would_leave"]]
    members = members.merge(reasons, on=["enterprise", "service", "facility"], how="left")
    tiers = plan.facilities[["site", "service", "tier"]].rename(columns={"site": "facility"})
    frame = rows.rename(columns={"site": "facility"}).merge(
        members, on=["enterprise", "service", "facility"], how="left"
    )
    frame = frame.merge(tiers, on=["facility", "service"], how="left")
    share = frame["share_cny_per_year"].fillna(0.0)
    total = frame["transport_cost"] + frame["connection_cost"] + frame["self_cost"] + share
    unavailable = frame["alone_unavailable"].fillna("").astype(str)
    standalone = (frame["standalone_cost"] * frame["share"]).where(unavailable == "", np.nan)
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
            "alone_unavailable": unavailable,
        }
    )
    statement = statement.sort_values(["enterprise", "service", "facility"], kind="stable")
    return _typed(statement, STATEMENT_COLUMNS)


def _where(row: Any) -> str:
    return f"{row['site']} ({row['service']})"


def _kpis(
    facilities: pd.DataFrame, players: pd.DataFrame, statement: pd.DataFrame, rule: str
) -> dict[str, Any]:
    """The allocation's KPIs: what :mod:`optimizer.words.verdict` writes the verdict from."""
    shared = facilities[facilities["members"] + facilities["upstream"] > 0]
    members = players[players["kind"] == "enterprise"]
    gain, group, at = 0.0, "", ""
    if len(shared) and shared["blocking_excess"].max() > 0:
        worst = shared.loc[shared["blocking_excess"].idxmax()]
        gain, group, at = (
            float(worst["blocking_excess"]),
            worst["blocking_coalition"],
            _where(worst),
        )
    subsidised = shared[shared["min_subsidy"] > 0]
    return {
        "allocation_rule": rule,
        "smes_would_leave": int(statement.loc[statement["would_leave"], "enterprise"].nunique()),
        "smes_paying_more_than_alone": int(
            members.loc[~members["individually_rational"], "player"].nunique()
        ),
        "largest_group_gain": gain,
        "largest_group": group,
        "largest_group_at": at,
        "min_subsidy_to_keep_all": float(facilities["min_subsidy"].sum()),
        "min_subsidy_at": ", ".join(_where(row) for _, row in subsidised.iterrows()),
        "facilities_allocated": len(shared),
        "facilities_checked_exactly": int(shared["core_checked"].sum()),
        "facilities_core_empty": int(shared["core_empty"].fillna(False).astype(bool).sum()),
    }


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
    rule: str = "stable",
    seed: int = 0,
    samples: int = 2000,
    scenario: Scenario | None = None,
    data: ModelData | None = None,
    deadline: float | None = None,
) -> Plan:
    """Return a new plan with ``statement`` and ``allocation`` filled (the plan is left alone).

    Parameters
    ----------
    plan
        A solved plan (also one read back from JSON).
    rule
        One of :data:`RULES`: ``stable``, ``proportional``, ``scrb`` or ``shapley``.
    seed, samples
        Seed and number of random orders for the sampled Shapley value (facilities with more than
        :data:`~optimizer.allocation.game.EXACT_MAX_PLAYERS` players).
    scenario
        The resolved scenario the plan was solved from; default :func:`~optimizer.plan.scenario_of`.
    data
        That scenario prepared (:func:`~optimizer.prepare.prepare`), when the caller has it.
    deadline
        A :func:`time.perf_counter` instant (None: none). A facility whose coalition checks have
        not ended by then is split by the rule's own shares (``stable``: SCRB) with individual
        rationality alone checked: ``core_checked`` False, its group figures unknown (NaN), and
        the verdict says at how many facilities every group was checked.

    Returns
    -------
    Plan
        ``statement``: one row per (enterprise, service, facility) with the columns of
        :data:`STATEMENT_COLUMNS`; ``allocation``: ``rule``, ``seed``, ``samples``, ``facilities``
        (:data:`FACILITY_COLUMNS`), ``players`` (:data:`PLAYER_COLUMNS`), ``unallocated_cost`` (the
        cost of open facilities nobody uses) and ``kpis`` (``min_subsidy_to_keep_all``,
        ``smes_would_leave``, ``allocation_rule`` and the figures of the verdict, see
        :mod:`optimizer.words.verdict`), which are merged into ``plan.kpis``.
    """
    _check_arguments(rule, seed, samples)
    if scenario is None:
        if not plan.inputs:
            raise ValueError("the plan carries no inputs to rebuild its scenario: pass scenario=")
        scenario = scenario_of(plan)
    data = prepare(scenario) if data is None else data
    players, limits = plan_players(plan, data, scenario)
    setting = _Setting(plan, data, players, limits, rule, int(seed), int(samples), deadline)
    outcomes = _allocate_all(setting)
    facilities = _facility_table(plan, outcomes)
    players = _player_table(outcomes)
    reasons = setting.players[setting.players["kind"] == "enterprise"].rename(
        columns={"player": "enterprise", "site": "facility"}
    )[["enterprise", "service", "facility", "alone_unavailable"]]
    statement = _statement(plan, players, reasons.drop_duplicates())
    unused = facilities[facilities["members"] + facilities["upstream"] == 0]
    allocation = {
        "rule": rule,
        "seed": int(seed),
        "samples": int(samples),
        "facilities": facilities,
        "players": players,
        "unallocated_cost": float(unused["annual_cost"].sum()),
        "kpis": _kpis(facilities, players, statement, rule),
    }
    return plan.with_allocation(statement, allocation)

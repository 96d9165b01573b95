"""Feasibility (1) and (2): demand that must be shared above the capacity within reach."""

from __future__ import annotations

import pandas as pd

from ..problems import Problem
from ..scenario import Scenario
from ..words.said import said
from .common import _is_number, _listing, _num, _unit, _view
from .reach import _reach_advice, or_else
from .supply_data import _Supply


def _reachable_capacity(supply: _Supply, demands: pd.DataFrame) -> pd.DataFrame:
    """Each (demand, reachable site) with the largest tier there that fits."""
    return (
        demands.merge(supply.pairs, on=["enterprise", "service"])
        .merge(supply.largest, on=["site", "service"], how="left")
        .fillna({"capacity": 0.0})
    )


def _demands_too_large(scenario: Scenario, supply: _Supply, single: bool) -> list[Problem]:
    """(1) A demand that must be shared but no reachable facility can take (whole, if single-sourced)."""
    shared = supply.demands[supply.demands["must_share"]]
    reach = _reachable_capacity(supply, shared)
    if reach.empty:
        return []
    summary = reach.groupby("position").agg(
        largest=("capacity", "max"), total=("capacity", "sum"), sites=("site", list)
    )
    summary = summary.join(shared.set_index("position"))
    limit = summary["largest"] if single else summary["total"]
    view = _view(scenario, "demands")
    problems = []
    for position, row in summary[summary["demand"] > limit + 1e-9].iterrows():
        unit = _unit(scenario, row["service"])
        sites = _listing(row["sites"])
        fixes = [
            said("problem.allow_self", enterprise=row["enterprise"]),
            said(
                "problem.add_tier_within",
                least=_num(row["demand"]),
                unit=unit,
                service=row["service"],
                sites=sites,
            ),
        ]
        if single and row["total"] >= row["demand"]:
            fixes.append(said("problem.split", key="solver.single_sourcing", value="false"))
        advice = _reach_advice(scenario, row["service"])
        what = said("problem.largest_tier" if single else "problem.all_tiers")
        problems.append(
            view.problem(
                int(position),
                "demand_per_day",
                said(
                    "problem.too_large",
                    limit=_num(limit[position]),
                    unit=unit,
                    what=what,
                    sites=sites,
                    fixes=or_else([said("problem.fixes", fixes=tuple(fixes)), advice])
                    if advice
                    else tuple(fixes),
                ),
                value=float(row["demand"]),
                found=said(
                    "problem.shared_demand",
                    demand=_num(row["demand"]),
                    unit=unit,
                    service=row["service"],
                    enterprise=row["enterprise"],
                ),
            )
        )
    return problems


def _services_short_of_capacity(
    scenario: Scenario, supply: _Supply, flagged: set[int]
) -> list[Problem]:
    """(2) Per service, demand that must be shared above the capacity of the reachable sites.

    A service whose every such demand was already reported on its own row (``flagged``) is not
    reported again.
    """
    shared = supply.demands[supply.demands["must_share"]]
    limits = scenario.config["policy"].get("max_facilities") or {}
    reach = _reachable_capacity(supply, shared)
    shared = shared[shared["position"].isin(reach["position"])]  # the others are reported already
    problems = []
    for service, rows in shared.groupby("service", sort=True):
        if set(rows["position"]) <= flagged:
            continue
        sites = reach[reach["service"] == service].drop_duplicates("site")
        capacities = sites.sort_values("capacity", ascending=False)["capacity"]
        most = limits.get(service)
        if _is_number(most):
            capacities = capacities.head(int(most))
        need, have = float(rows["demand"].sum()), float(capacities.sum())
        if need <= have + 1e-9:
            continue
        unit = _unit(scenario, service)
        key = f"policy.max_facilities.{service}"
        limit = said("problem.allows", key=key, most=most) if _is_number(most) else ""
        problems.append(
            Problem(
                scenario.source_label("demands"),
                "demand_per_day",
                said(
                    "problem.short_of_capacity",
                    have=_num(have),
                    unit=unit,
                    limit=limit,
                    sites=_listing(sites["site"]) or said("problem.none"),
                    service=service,
                    names=_listing(rows["enterprise"]),
                ),
                value=need,
                found=said("problem.must_be_shared", need=_num(need), unit=unit, service=service),
            )
        )
    return problems

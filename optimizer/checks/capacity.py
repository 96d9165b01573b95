"""Feasibility (1) and (2): demand that must be shared above the capacity within reach."""

from __future__ import annotations

import pandas as pd

from ..problems import Problem
from ..scenario import Scenario
from .common import _is_number, _listing, _num, _unit, _view
from .reach import _reach_advice
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
            f"allow self-treatment for {row['enterprise']}",
            f"add a tier of at least {_num(row['demand'])} {unit} of {row['service']} at a site "
            f"within reach ({sites})",
        ]
        if single and row["total"] >= row["demand"]:
            fixes.append("set solver.single_sourcing: false so that it may be split")
        advice = _reach_advice(scenario, row["service"])
        what = "the largest tier" if single else "all the tiers together"
        problems.append(
            view.problem(
                int(position),
                "demand_per_day",
                f"at most {_num(limit[position])} {unit}, {what} that fits at the reachable sites "
                f"({sites}): " + ", ".join(fixes) + (f", or {advice}" if advice else ""),
                value=float(row["demand"]),
                found=f"{_num(row['demand'])} {unit} of {row['service']} that must be shared "
                f"by {row['enterprise']}",
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
        limit = f" (policy.max_facilities.{service} allows {most})" if _is_number(most) else ""
        problems.append(
            Problem(
                scenario.source_label("demands"),
                "demand_per_day",
                f"at most {_num(have)} {unit}, the largest tier that fits at each reachable site"
                f"{limit} ({_listing(sites['site']) or 'none'}): add or enlarge tiers of "
                f"{service}, allow self-treatment for some of "
                f"{_listing(rows['enterprise'])}, or bring more sites within reach",
                value=need,
                found=f"{_num(need)} {unit} of {service} that must be shared",
            )
        )
    return problems

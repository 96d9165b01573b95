"""Feasibility (5): a capital budget below the cheapest capex any feasible plan must spend."""

from __future__ import annotations

from ..problems import Problem
from ..scenario import Scenario
from ..schema import SETTINGS_BY_PATH
from ..words.said import said
from .common import _is_number, _num
from .required_sites import _required_site_ids
from .supply_data import _Supply


def _budget_too_small(scenario: Scenario, supply: _Supply, single: bool) -> list[Problem]:
    """(5) A capital budget below the cheapest capex that any feasible plan must spend."""
    budget = scenario.config["policy"].get("capital_budget_cny")
    if not _is_number(budget):
        return []
    needs = _service_capex_bound(supply, single)
    required = _required_sites_capex(scenario, supply)
    total_services, total_sites = sum(needs.values()), sum(required.values())
    if max(total_services, total_sites) <= float(budget) + 1e-6:
        return []
    if total_services >= total_sites:
        bound, why = total_services, said("problem.budget_services")
        parts = needs
    else:
        bound, why = total_sites, said("problem.budget_sites")
        parts = required
    detail = ", ".join(f"{k} {_num(v)}" for k, v in sorted(parts.items()))
    currency = str(scenario.config.get("currency") or SETTINGS_BY_PATH["currency"].default)
    return [
        Problem(
            scenario.settings_label,
            "policy.capital_budget_cny",
            said(
                "problem.budget_at_least",
                least=_num(bound),
                currency=currency,
                why=why,
                detail=detail,
            ),
            value=float(budget),
            found=said("problem.budget_of", budget=_num(float(budget)), currency=currency),
        )
    ]


def _service_capex_bound(supply: _Supply, single: bool) -> dict[str, float]:
    shared = supply.demands[supply.demands["must_share"]]
    tiers = supply.tiers[supply.tiers["fits"]]
    existing = set(tiers.loc[tiers["existing"].fillna(False).astype(bool), "service"])
    needs = {}
    for service, rows in shared.groupby("service"):
        if service in existing:
            continue
        sites = set(supply.pairs.loc[supply.pairs["service"] == service, "site"])
        mine = tiers[(tiers["service"] == service) & tiers["site"].isin(sites)]
        if single:
            mine = mine[mine["capacity_per_day"].astype(float) >= float(rows["demand"].max())]
        if len(mine):
            needs[str(service)] = float(mine["capex_cny"].astype(float).min())
    return needs


def _required_sites_capex(scenario: Scenario, supply: _Supply) -> dict[str, float]:
    required = set(_required_site_ids(scenario))
    tiers = supply.tiers[supply.tiers["fits"] & supply.tiers["site"].isin(required)]
    capex = (
        tiers["capex_cny"].astype(float).where(~tiers["existing"].fillna(False).astype(bool), 0.0)
    )
    return {str(k): float(v) for k, v in capex.groupby(tiers["site"]).min().items()}

"""Supply and reach: a service nobody hosts, a demand with no site within reach.

Only demands that must be shared (self-treatment not allowed) need a site within reach.
"""

from __future__ import annotations

import pandas as pd

from ..network.distances import enterprise_site_distances
from ..problems import Problem, ScenarioError
from ..scenario import Scenario
from ..supply import site_tiers
from .common import _listing, _num, _view
from .gate import _Gate
from .supply_data import _demand_frame, _Supply


def _supply_problems(scenario: Scenario, gate: _Gate, supply: _Supply | None) -> list[Problem]:
    if not gate.clean(("sites", "tiers", "demands"), ("services",)):
        return []
    problems = _unhosted(scenario)
    if supply is not None:
        problems += _unreachable(scenario, supply)
    return problems


def _unhosted(scenario: Scenario) -> list[Problem]:
    """Services with demand that no site offers a tier of."""
    hosted = set(site_tiers(scenario)["service"].astype(str))
    demands = _demand_frame(scenario)
    view = _view(scenario, "demands")
    problems = []
    for service, rows in demands.groupby("service", sort=True):
        if service in hosted or service not in scenario.services:
            continue
        shared = rows[rows["must_share"]]
        first = int((shared if len(shared) else rows)["position"].iloc[0])
        who = shared if len(shared) else rows
        problems.append(
            view.problem(
                first,
                "service",
                f"a service that some site hosts: add a tier of {service} in "
                f"{scenario.source_label('tiers')} at a site that allows it"
                + (
                    f", or allow self-treatment for {_listing(shared['enterprise'])}"
                    if len(shared)
                    else "; meanwhile every enterprise treats it on its own"
                ),
                value=service,
                found=f"no site hosts {service} (demanded by {_listing(who['enterprise'])})",
                severity="error" if len(shared) else "warning",
            )
        )
    return problems


def _reach_advice(scenario: Scenario, service: str) -> str:
    settings = scenario.services.get(service, {})
    parts = []
    if settings.get("max_distance_km") is not None:
        parts.append(
            f"raise services.{service}.max_distance_km (now {_num(settings['max_distance_km'])} km)"
        )
    if settings.get("k_nearest") is not None:
        parts.append(f"raise services.{service}.k_nearest (now {settings['k_nearest']})")
    if len(scenario.tables["distances"]):
        parts.append(f"list more pairs in {scenario.source_label('distances')}")
    return ", or ".join(parts)


def _unreachable(scenario: Scenario, supply: _Supply) -> list[Problem]:
    """Demands that must be shared and have no candidate site within reach."""
    demands = supply.demands[supply.demands["must_share"]]
    hosted = set(supply.tiers["service"])
    reached = supply.pairs[["enterprise", "service"]].drop_duplicates()
    merged = demands.merge(reached, on=["enterprise", "service"], how="left", indicator=True)
    lonely = merged[(merged["_merge"] == "left_only") & merged["service"].isin(hosted)]
    view = _view(scenario, "demands")
    problems = []
    cache: dict[str, pd.DataFrame | None] = {}
    for row in lonely.itertuples(index=False):
        nearest = _nearest_host(scenario, supply, row.enterprise, row.service, cache)
        fixes = [
            f"allow self-treatment for {row.enterprise} (self_treatment_allowed)",
            f"add a site that hosts {row.service} nearer to {row.enterprise}",
        ]
        advice = _reach_advice(scenario, row.service)
        problems.append(
            view.problem(
                int(row.position),
                "enterprise",
                f"a site hosting {row.service} within reach, or self-treatment allowed: "
                + ", ".join(fixes)
                + (f", or {advice}" if advice else ""),
                value=row.enterprise,
                found=f"no site hosting {row.service} within reach of {row.enterprise}{nearest}, "
                "and self-treatment is not allowed",
            )
        )
    return problems


def _nearest_host(
    scenario: Scenario,
    supply: _Supply,
    enterprise: str,
    service: str,
    cache: dict[str, pd.DataFrame | None],
) -> str:
    """`` (the nearest, S2, is 4.2 km away)``, or '' when no distance is known."""
    mode = scenario.services[service]["conveyance"]
    if mode not in cache:
        try:
            cache[mode] = enterprise_site_distances(scenario, mode)
        except ScenarioError:
            cache[mode] = None
    distances = cache[mode]
    if distances is None:
        return ""
    hosts = set(supply.tiers.loc[supply.tiers["service"] == service, "site"])
    mine = distances[
        (distances["enterprise"].astype(str) == enterprise)
        & distances["site"].astype(str).isin(hosts)
    ]
    if mine.empty:
        return " (no site hosting it can be reached at all)"
    best = mine.sort_values(["distance_km", "site"]).iloc[0]
    return f" (the nearest, {best['site']}, is {_num(best['distance_km'])} km away)"

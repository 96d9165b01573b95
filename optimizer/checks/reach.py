"""Supply and reach: a service nobody hosts, a demand with no site within reach.

Only demands that must be shared (self-treatment not allowed) need a site within reach.
"""

from __future__ import annotations

import pandas as pd

from ..network.distances import enterprise_site_distances
from ..problems import Problem, ScenarioError
from ..scenario import Scenario
from ..supply import site_tiers
from ..words.said import said
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
        where = {"service": service, "tiers": scenario.source_label("tiers")}
        problems.append(
            view.problem(
                first,
                "service",
                said("problem.unhosted.shared", names=_listing(shared["enterprise"]), **where)
                if len(shared)
                else said("problem.unhosted.alone", **where),
                value=service,
                found=said("problem.no_host", service=service, names=_listing(who["enterprise"])),
                severity="error" if len(shared) else "warning",
            )
        )
    return problems


def _reach_advice(scenario: Scenario, service: str) -> str:
    settings = scenario.services.get(service, {})
    parts = []
    if settings.get("max_distance_km") is not None:
        key, km = f"services.{service}.max_distance_km", _num(settings["max_distance_km"])
        parts.append(said("problem.raise_distance", key=key, km=km))
    if settings.get("k_nearest") is not None:
        key = f"services.{service}.k_nearest"
        parts.append(said("problem.raise_nearest", key=key, count=settings["k_nearest"]))
    if len(scenario.tables["distances"]):
        parts.append(said("problem.more_pairs", distances=scenario.source_label("distances")))
    return or_else(parts)


def or_else(parts: list[str]) -> str:
    """Ways out, said one after the other (``a, or b, or c``); nothing when there is none."""
    if not parts:
        return ""
    text = parts[0]
    for part in parts[1:]:
        text = said("problem.or_else", first=text, then=part)
    return text


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
        names = {"enterprise": row.enterprise}
        fixes = (
            said("problem.allow_self_column", column="self_treatment_allowed", **names),
            said("problem.nearer_site", service=row.service, **names),
        )
        advice = _reach_advice(scenario, row.service)
        problems.append(
            view.problem(
                int(row.position),
                "enterprise",
                said(
                    "problem.site_in_reach",
                    service=row.service,
                    fixes=or_else([said("problem.fixes", fixes=fixes), advice])
                    if advice
                    else fixes,
                ),
                value=row.enterprise,
                found=said("problem.out_of_reach", service=row.service, nearest=nearest, **names),
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
        return said("problem.unreachable")
    best = mine.sort_values(["distance_km", "site"]).iloc[0]
    return said("problem.nearest_site", site=best["site"], km=_num(best["distance_km"]))

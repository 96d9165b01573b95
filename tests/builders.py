"""Tiny in-memory scenarios whose optimum can be worked out by hand.

Defaults keep the arithmetic clean: discount rate 0 (an annuity is capex / lifetime), one operating
day a year (a yearly cost per unit/d is the cost per unit), no transport or connection cost unless
asked, explicit distances (the ``distances`` table) instead of coordinates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from optimizer.scenario import Scenario, scenario_from_tables


def service(**settings: Any) -> dict[str, Any]:
    """A service with clean defaults: unit m3, 1 day a year, pipe, free transport."""
    return {
        "unit": "m3",
        "operating_days_per_year": 1,
        "conveyance": "pipe",
        "transport_cny_per_unit_km": 0.0,
        "connection_capex_cny_per_km": 0.0,
        "connection_lifetime_years": 1,
        "self_treatment_allowed": True,
        **settings,
    }


def park(
    demands: Sequence[Mapping[str, Any]],
    tiers: Sequence[Mapping[str, Any]],
    distances: Mapping[tuple[str, str], float],
    sites: Sequence[Mapping[str, Any]] | None = None,
    services: Mapping[str, Mapping[str, Any]] | None = None,
    concentrations: Sequence[Mapping[str, Any]] = (),
    loans: Sequence[Mapping[str, Any]] = (),
    enterprise_caps: Sequence[Mapping[str, Any]] = (),
    **settings: Any,
) -> Scenario:
    """A scenario from a few rows.

    ``demands`` rows need enterprise, demand_per_day and standalone_om_cny_per_year (the whole
    stand-alone cost, as capex defaults to 0); service defaults to ``sewage``. ``tiers`` rows need
    site, tier, capacity_per_day and fixed_om_cny_per_year (capex defaults to 0, lifetime 1).
    ``distances`` maps (enterprise, site) to km; unlisted pairs are out of reach. ``loans`` rows
    (id, interest_rate, tenor_years, quota_cny) are the green loans on offer; ``enterprise_caps``
    rows (enterprise, pollutant, cap_t_per_year) the enterprises' own caps.
    """
    demand_rows = [{"service": "sewage", **row} for row in demands]
    enterprises = sorted({row["enterprise"] for row in demand_rows})
    tier_rows = [
        {"service": "sewage", "capex_cny": 0.0, "lifetime_years": 1.0, **row} for row in tiers
    ]
    site_ids = sorted({row["site"] for row in tier_rows if row["site"] != "*"})
    site_rows = list(sites) if sites is not None else [{"id": s} for s in site_ids]
    site_rows = [{"lon": 120.0, "lat": 31.0, **row} for row in site_rows]
    tables = {
        "enterprises": pd.DataFrame(
            {"id": enterprises, "lon": 120.0, "lat": 31.0}, columns=["id", "lon", "lat"]
        ),
        "demands": pd.DataFrame(demand_rows),
        "sites": pd.DataFrame(site_rows),
        "tiers": pd.DataFrame(tier_rows),
        "distances": pd.DataFrame(
            [{"enterprise": e, "site": j, "distance_km": km} for (e, j), km in distances.items()],
            columns=["enterprise", "site", "distance_km"],
        ),
    }
    if concentrations:
        tables["concentrations"] = pd.DataFrame(
            [{"service": "sewage", **row} for row in concentrations]
        )
    if loans:
        tables["loans"] = pd.DataFrame(list(loans))
    if enterprise_caps:
        tables["enterprise_caps"] = pd.DataFrame(list(enterprise_caps))
    config: dict[str, Any] = {
        "name": "hand-made",
        "cost_year": 2024,
        "discount_rate": 0.0,
        "services": dict(services or {"sewage": service()}),
        "solver": {"mip_gap": 0.0, "time_limit_s": 60},
    }
    for key, value in settings.items():
        if isinstance(value, dict) and isinstance(config.get(key), dict):
            config[key] = {**config[key], **value}
        else:
            config[key] = value
    return scenario_from_tables(config, tables)


def stuck_park() -> Scenario:
    """A park with no feasible plan that the arithmetic checks pass: E1 and E2 (80 m3/d each, no
    self-treatment) reach only site A (100 m3/d); E3 (40) reaches only B. The elastic re-solve
    names who is left unserved."""
    demands = [
        {"enterprise": e, "demand_per_day": d, "self_treatment_allowed": False}
        for e, d in (("E1", 80), ("E2", 80), ("E3", 40))
    ]
    tiers = [
        {"site": s, "tier": "t", "capacity_per_day": 100, "fixed_om_cny_per_year": 10} for s in "AB"
    ]
    return park(demands, tiers, {("E1", "A"): 1.0, ("E2", "A"): 1.0, ("E3", "B"): 1.0})

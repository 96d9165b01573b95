"""What can be supplied where, as tables the reach and feasibility checks share.

Demands with whether they must be shared, the sites within reach of each, the tiers with whether
they fit their site, and the largest tier that fits per site and service.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..network.candidates import candidate_pairs
from ..problems import ScenarioError
from ..scenario import Scenario
from ..supply import site_tiers


@dataclass(frozen=True)
class _Supply:
    """Demands with whether they must be shared, the reachable sites, and capacities per site."""

    demands: pd.DataFrame  # position, enterprise, service, demand, must_share
    pairs: pd.DataFrame  # enterprise, service, site, distance_km
    tiers: pd.DataFrame  # site_tiers + fits (the tier fits the site's area)
    largest: pd.DataFrame  # site, service, capacity (largest tier that fits)


def _demand_frame(scenario: Scenario) -> pd.DataFrame:
    table = scenario.tables["demands"].reset_index(drop=True)
    default = {s: bool(v.get("self_treatment_allowed", True)) for s, v in scenario.services.items()}
    services = table["service"].astype(str).tolist()
    allowed = [
        default.get(service, True) if cell is pd.NA else bool(cell)
        for cell, service in zip(table["self_treatment_allowed"].tolist(), services, strict=True)
    ]
    return pd.DataFrame(
        {
            "position": np.arange(len(table)),
            "enterprise": table["enterprise"].astype(str).tolist(),
            "service": services,
            "demand": table["demand_per_day"].astype(float).to_numpy(),
            "must_share": ~np.array(allowed, dtype=bool),
        }
    )


def _supply(scenario: Scenario) -> _Supply | None:
    tiers = site_tiers(scenario)
    sites = scenario.tables["sites"].drop_duplicates("id").set_index("id")["area_m2"]
    site_area = tiers["site"].map(sites).astype("Float64")
    tiers = tiers.assign(
        fits=(site_area.isna() | (tiers["area_m2"].astype("Float64") <= site_area))
        .fillna(True)
        .to_numpy(dtype=bool)
    )
    hosts = tiers[["site", "service"]].drop_duplicates().reset_index(drop=True)
    try:
        pairs = candidate_pairs(scenario, hosts=hosts)
    except ScenarioError:
        return None
    largest = (
        tiers[tiers["fits"]]
        .groupby(["site", "service"], as_index=False)["capacity_per_day"]
        .max()
        .rename(columns={"capacity_per_day": "capacity"})
    )
    largest["capacity"] = largest["capacity"].astype(float)
    pairs = pairs[["enterprise", "service", "site", "distance_km"]].astype(
        {"enterprise": str, "service": str, "site": str}
    )
    return _Supply(
        _demand_frame(scenario), pairs, tiers, largest.astype({"site": str, "service": str})
    )

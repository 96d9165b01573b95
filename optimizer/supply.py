"""Which site may host which service, and the tiers on offer at each (``*`` rows expanded).

Shared by the checks (reachable capacity), the network (candidate pairs) and the model.
"""

from __future__ import annotations

import pandas as pd

from .scenario import Scenario
from .schema import ALL_SITES, LIST_SEPARATOR


def allowed_services(cell: object, every: list[str]) -> list[str]:
    """The services a site's ``services`` cell allows (empty: every service).

    >>> allowed_services("sewage; spraying", ["sewage", "spraying", "dyeing"])
    ['sewage', 'spraying']
    >>> allowed_services(pd.NA, ["sewage"])
    ['sewage']
    """
    if cell is None or cell is pd.NA or not str(cell).strip():
        return list(every)
    return [s.strip() for s in str(cell).split(LIST_SEPARATOR) if s.strip()]


def site_tiers(scenario: Scenario) -> pd.DataFrame:
    """Every tier that may be built: one row per (site, service, tier).

    A ``*`` tier is offered at every site that is not forbidden and whose ``services`` cell allows
    the service; a tier written for one site overrides a ``*`` tier of the same name there.
    Forbidden sites, unknown sites and services a site does not allow are left out. Columns: those
    of the tiers table, ``site`` being a real site id.
    """
    sites = scenario.tables["sites"]
    tiers = scenario.tables["tiers"]
    services = list(scenario.services)
    open_sites = sites[sites["status"].fillna("optional") != "forbidden"]
    allowed = pd.DataFrame(
        [
            (site, service)
            for site, cell in zip(open_sites["id"], open_sites["services"], strict=True)
            for service in allowed_services(cell, services)
        ],
        columns=["site", "service"],
    ).astype("string")
    generic = tiers[tiers["site"] == ALL_SITES].drop(columns="site")
    expanded = allowed.merge(generic, on="service", how="inner")
    specific = tiers[tiers["site"] != ALL_SITES].merge(allowed, on=["site", "service"], how="inner")
    key = ["site", "service", "tier"]
    combined = pd.concat([specific, expanded], ignore_index=True)
    combined = combined.drop_duplicates(subset=key, keep="first")
    combined = combined.dropna(subset=["capacity_per_day", "capex_cny", "lifetime_years"])
    return combined.sort_values(key, kind="stable").reset_index(drop=True)[list(tiers.columns)]


def hosts(scenario: Scenario) -> pd.DataFrame:
    """The (site, service) pairs that have at least one tier on offer."""
    return site_tiers(scenario)[["site", "service"]].drop_duplicates().reset_index(drop=True)

"""Feasibility (4), (6) and (7): what the site statuses make impossible.

A required site that cannot host a facility, more required sites than the facility limits allow,
and an existing facility at a forbidden site.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..problems import Problem
from ..scenario import Scenario
from ..supply import site_tiers
from ..words.said import said
from .common import _is_number, _listing, _num, _view


def _required_sites_without_tiers(scenario: Scenario) -> list[Problem]:
    """(4) A required site with no tier at all, or none that fits its area."""
    view = _view(scenario, "sites")
    tiers = site_tiers(scenario)
    problems = []
    for position, row in enumerate(view.frame.itertuples(index=False)):
        if str(row.status) != "required":
            continue
        mine = tiers[tiers["site"] == row.id]
        if mine.empty:
            found = said("problem.no_tier_offered")
            fix = said("problem.add_tier", site=row.id)
        else:
            smallest = float(mine["area_m2"].astype(float).min())
            if row.area_m2 is pd.NA or smallest <= row.area_m2:
                continue
            found = said("problem.no_tier_fits", smallest=_num(smallest), area=_num(row.area_m2))
            fix = said("problem.raise_area", site=row.id, smallest=_num(smallest))
        problems.append(
            view.problem(
                position,
                "status",
                said("problem.required_site", fix=fix, tiers=scenario.source_label("tiers")),
                value="required",
                found=found,
            )
        )
    return problems


def _existing_at_forbidden_sites(scenario: Scenario) -> list[Problem]:
    """(7) An existing facility at a forbidden site."""
    view = _view(scenario, "tiers")
    sites = scenario.tables["sites"]
    forbidden = set(sites.loc[(sites["status"] == "forbidden").fillna(False), "id"].dropna())
    existing = view.frame["existing"].fillna(False).to_numpy(dtype=bool)
    at = view.frame["site"].isin(forbidden).fillna(False).to_numpy(dtype=bool)
    return [
        view.problem(
            int(i),
            "existing",
            said(
                "problem.no_existing_at_forbidden",
                site=view.frame["site"].iloc[i],
                sites=scenario.source_label("sites"),
            ),
            value=True,
            found=said("problem.existing_at_forbidden"),
        )
        for i in np.flatnonzero(existing & at)
    ]


def _required_site_ids(scenario: Scenario) -> list[str]:
    sites = scenario.tables["sites"]
    required = (sites["status"] == "required").fillna(False).to_numpy(dtype=bool)
    return sites.loc[required, "id"].dropna().astype(str).tolist()


def _too_many_required_sites(scenario: Scenario) -> list[Problem]:
    """(6) More required sites than the facility limits allow in total."""
    limits = scenario.config["policy"].get("max_facilities") or {}
    services = list(scenario.services)
    if not services or any(not _is_number(limits.get(s)) for s in services):
        return []
    required = _required_site_ids(scenario)
    allowed = sum(int(limits[s]) for s in services)
    if len(required) <= allowed:
        return []
    return [
        Problem(
            scenario.settings_label,
            "policy.max_facilities",
            said("problem.limits_allow", count=len(required), sites=_listing(required)),
            value=allowed,
            found=said(
                f"problem.at_most_facilities.{'one' if allowed == 1 else 'many'}",
                allowed=allowed,
                count=len(required),
            ),
        )
    ]

"""Rows at odds with other rows or tables.

Self-loops among the edges, concentrations without a demand, and tiers that can never be built at
their site (warnings).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..problems import Problem
from ..scenario import Scenario
from ..supply import allowed_services
from ..words.said import said
from .common import _listing, _num, _View, _view


def _edge_loops(view: _View) -> list[Problem]:
    frame = view.frame
    if frame.empty:
        return []
    loops = (frame["from_node"] == frame["to_node"]).fillna(False).to_numpy(dtype=bool)
    return [
        view.problem(
            int(i),
            "to_node",
            said("problem.other_node", column="from_node"),
            value=frame["to_node"].iloc[i],
            found=said("problem.self_loop", node=repr(frame["to_node"].iloc[i])),
        )
        for i in np.flatnonzero(loops)
    ]


def _orphan_concentrations(scenario: Scenario) -> list[Problem]:
    view = _view(scenario, "concentrations")
    if view.frame.empty:
        return []
    demands = scenario.tables["demands"]
    known = set(scenario.tables["enterprises"]["id"].dropna())
    services = set(scenario.services)
    have = set(
        zip(
            demands["enterprise"].astype("string"), demands["service"].astype("string"), strict=True
        )
    )
    problems = []
    for position, (enterprise, service) in enumerate(
        zip(view.frame["enterprise"], view.frame["service"], strict=True)
    ):
        if (enterprise, service) in have or enterprise not in known or service not in services:
            continue
        problems.append(
            view.problem(
                position,
                "enterprise+service",
                said("problem.demand_row", demands=scenario.source_label("demands")),
                value=f"{enterprise}/{service}",
                found=said("problem.no_demand", service=service, enterprise=enterprise),
                severity="warning",
            )
        )
    return problems


def _tier_problems(scenario: Scenario) -> list[Problem]:
    """Tiers at one site that can never be built there (warnings: the model leaves them out)."""
    view = _view(scenario, "tiers")
    sites = scenario.tables["sites"].dropna(subset=["id"]).drop_duplicates("id")
    rows = view.frame[["site", "service", "area_m2"]].merge(
        sites[["id", "status", "services", "area_m2"]].rename(columns={"area_m2": "site_area"}),
        left_on="site",
        right_on="id",
        how="left",
    )
    rows = rows[rows["id"].notna() & (rows["status"] != "forbidden").fillna(True)]
    every = sorted(scenario.services)
    problems = []
    for position, row in zip(rows.index, rows.itertuples(index=False), strict=True):
        allowed = allowed_services(row.services, every)
        if row.service is not pd.NA and row.service in every and row.service not in allowed:
            problems.append(
                view.problem(
                    int(position),
                    "service",
                    said(
                        "problem.site_may_host",
                        site=row.site,
                        names=_listing(allowed) or said("problem.none"),
                        sites=scenario.source_label("sites"),
                    ),
                    value=row.service,
                    severity="warning",
                )
            )
        if row.site_area is not pd.NA and row.area_m2 is not pd.NA and row.area_m2 > row.site_area:
            problems.append(
                view.problem(
                    int(position),
                    "area_m2",
                    said("problem.site_area", site=row.site, area=_num(row.site_area)),
                    value=float(row.area_m2),
                    severity="warning",
                )
            )
    return problems


def _caps_without_concentrations(scenario: Scenario) -> list[Problem]:
    """A pollutant cap with no concentration of that pollutant: it would constrain nothing."""
    table = scenario.tables["concentrations"]
    measured = set(table["pollutant"].dropna().astype(str)) if len(table) else set()
    problems = []
    for pollutant, settings in scenario.pollutants.items():
        cap = settings.get("cap_t_per_year")
        if cap is None or pollutant in measured:
            continue
        path = f"pollutants.{pollutant}.cap_t_per_year"
        problems.append(
            Problem(
                scenario.settings_label,
                path,
                said(
                    "problem.cap_needs_concentrations",
                    pollutant=pollutant,
                    concentrations=scenario.source_label("concentrations"),
                ),
                value=cap,
                line=scenario.settings_lines.get(path),
                found=said("problem.cap_no_concentration", pollutant=pollutant),
            )
        )
    return problems

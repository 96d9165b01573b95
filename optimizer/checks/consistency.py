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
            "a node other than from_node (an edge links two different nodes)",
            value=frame["to_node"].iloc[i],
            found=f"a self-loop at node {frame['to_node'].iloc[i]!r}",
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
                f"an (enterprise, service) that has a row in {scenario.source_label('demands')}; "
                "this concentration is ignored",
                value=f"{enterprise}/{service}",
                found=f"no demand of {service} by {enterprise}",
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
                    f"a service that site {row.site} may host ({_listing(allowed) or 'none'}, "
                    f"its services cell in {scenario.source_label('sites')}); the tier is ignored",
                    value=row.service,
                    severity="warning",
                )
            )
        if row.site_area is not pd.NA and row.area_m2 is not pd.NA and row.area_m2 > row.site_area:
            problems.append(
                view.problem(
                    int(position),
                    "area_m2",
                    f"at most the area of site {row.site} ({_num(row.site_area)} m2); the tier can "
                    "never be built there",
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
                f"concentrations of {pollutant} in {scenario.source_label('concentrations')} "
                "(without them the cap constrains nothing), or no cap (null)",
                value=cap,
                line=scenario.settings_lines.get(path),
                found=f"a cap and no concentration of {pollutant}",
            )
        )
    return problems

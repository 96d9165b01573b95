"""Feasibility (3): a pollutant cap below the discharge left after the best treatment."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..costs import TONNES_PER_M3_MG_PER_L
from ..problems import Problem
from ..scenario import Scenario
from ..words.said import said
from .common import _is_number, _num
from .supply_data import _Supply


def _removal(scenario: Scenario, pollutant: str, service: str, how: str) -> float:
    removal = scenario.pollutants.get(pollutant, {}).get("removal") or {}
    value = (removal.get(service) or {}).get(how, 0.0) if isinstance(removal, dict) else 0.0
    return float(value) if _is_number(value) else 0.0


def _chain_removal(scenario: Scenario, pollutant: str, service: str, seen: frozenset = frozenset()):
    """Share of a load a shared facility of ``service`` and the best stages after it remove: its
    own rate, then the best of its carrying stream's destinations (a downstream service, at its
    own chain's best, or the external sink, removing nothing)."""
    rate = _removal(scenario, pollutant, service, "shared")
    settings = scenario.services.get(service) or {}
    carrying = [o for o in settings.get("outputs") or [] if o.get("carries_pollutants", True)]
    if not carrying or service in seen:
        return rate
    stream = carrying[0]
    after = 0.0
    downstream = stream.get("to")
    if isinstance(downstream, str) and downstream in scenario.services:
        after = _chain_removal(scenario, pollutant, downstream, seen | {service})
    return 1.0 - (1.0 - rate) * (1.0 - after)


def _caps_out_of_reach(scenario: Scenario, supply: _Supply) -> list[Problem]:
    """(3) A pollutant cap below the discharge left after the best possible treatment."""
    caps = {
        p: float(v["cap_t_per_year"])
        for p, v in scenario.pollutants.items()
        if _is_number(v.get("cap_t_per_year"))
    }
    table = scenario.tables["concentrations"]
    if not caps or table.empty:
        return []
    reached = supply.pairs[["enterprise", "service"]].drop_duplicates()
    demands = supply.demands.merge(
        reached, on=["enterprise", "service"], how="left", indicator=True
    )
    demands["reachable"] = (demands.pop("_merge") == "both").to_numpy()
    rows = table.astype({"enterprise": str, "service": str, "pollutant": str}).merge(
        demands, on=["enterprise", "service"]
    )
    problems = []
    for pollutant, cap in sorted(caps.items()):
        mine = rows[rows["pollutant"] == pollutant]
        discharge = _least_discharge(scenario, pollutant, mine)
        least = float(discharge.sum())
        if mine.empty or least <= cap + 1e-9:
            continue
        top = discharge.sort_values(ascending=False, kind="stable").head(5)
        who = tuple(
            said(
                "problem.contributor",
                enterprise=mine.loc[i, "enterprise"],
                service=mine.loc[i, "service"],
                amount=_num(v),
            )
            for i, v in top.items()
        )
        problems.append(
            Problem(
                scenario.settings_label,
                f"pollutants.{pollutant}.cap_t_per_year",
                said(
                    "problem.cap_at_least",
                    least=_num(least),
                    removal=f"pollutants.{pollutant}.removal",
                    who=who,
                ),
                value=cap,
                found=said("problem.cap_of", cap=_num(cap)),
            )
        )
    return problems


def _least_discharge(scenario: Scenario, pollutant: str, rows: pd.DataFrame) -> pd.Series:
    """t/year left of each row after its best available treatment.

    Shared treatment counts (with the best stages after it along the chain) when a site is
    within reach, self-treatment when it is allowed; a
    demand that can have neither (reported elsewhere) gets the better of the two.
    """
    shared = rows["service"].map(lambda s: _chain_removal(scenario, pollutant, s)).astype(float)
    alone = rows["service"].map(lambda s: _removal(scenario, pollutant, s, "self")).astype(float)
    neither = ~rows["reachable"] & rows["must_share"]
    use_shared = rows["reachable"] | neither
    use_self = ~rows["must_share"] | neither
    best = np.maximum(shared.where(use_shared, -np.inf), alone.where(use_self, -np.inf))
    days = (
        rows["service"]
        .map(lambda s: float(scenario.services[s]["operating_days_per_year"]))
        .astype(float)
    )
    load = days * rows["demand"] * rows["concentration_mg_per_l"].astype(float)
    return load * TONNES_PER_M3_MG_PER_L * (1.0 - best)

"""Per-enterprise caps (the ``enterprise_caps`` table) against the concentrations: a cap on a
pollutant the enterprise has no concentration of constrains nothing (a warning); and, before
solving, a cap below what the enterprise must discharge itself, treating alone the demands that
reach no site (an error: no plan meets it). Unknown enterprises and pollutants are the table
checks' (its declared references)."""

from __future__ import annotations

from ..costs import TONNES_PER_M3_MG_PER_L
from ..problems import Problem
from ..scenario import Scenario
from ..words.said import Termed, said
from .common import _listing, _num, _view
from .pollutant_caps import _removal
from .supply_data import _Supply


def _caps_without_loads(scenario: Scenario) -> list[Problem]:
    """A warning for each cap whose enterprise has no concentration of its pollutant."""
    table = scenario.tables.get("enterprise_caps")
    if table is None or table.empty:
        return []
    concentrations = scenario.tables["concentrations"]
    measured = (
        set(zip(concentrations["enterprise"], concentrations["pollutant"], strict=True))
        if len(concentrations)
        else set()
    )
    known = set(scenario.tables["enterprises"]["id"].dropna())
    view = _view(scenario, "enterprise_caps")
    problems = []
    for position, (enterprise, pollutant) in enumerate(
        zip(view.frame["enterprise"], view.frame["pollutant"], strict=True)
    ):
        unknown = enterprise not in known or pollutant not in scenario.pollutants
        if unknown or (enterprise, pollutant) in measured:
            continue
        names = {"enterprise": enterprise, "pollutant": pollutant}
        problems.append(
            view.problem(
                position,
                "pollutant",
                said(
                    "caps.enterprise.no_load",
                    concentrations=scenario.source_label("concentrations"),
                    **names,
                ),
                value=pollutant,
                found=said("caps.enterprise.no_load.found", **names),
                severity="warning",
            )
        )
    return problems


def _enterprise_caps_out_of_reach(scenario: Scenario, supply: _Supply) -> list[Problem]:
    """An error for each cap below what its enterprise discharges treating alone the demands
    that reach no site (and may treat alone: the others are reported as unserved)."""
    table = scenario.tables.get("enterprise_caps")
    concentrations = scenario.tables["concentrations"]
    if table is None or table.empty or concentrations.empty:
        return []
    reached = supply.pairs[["enterprise", "service"]].drop_duplicates()
    demands = supply.demands.merge(reached, how="left", indicator=True)
    alone = demands[(demands.pop("_merge") == "left_only").to_numpy() & ~demands["must_share"]]
    rows = concentrations.astype({"enterprise": str, "service": str, "pollutant": str}).merge(
        alone, on=["enterprise", "service"]
    )
    view, unit = _view(scenario, "enterprise_caps"), Termed("t/year")
    problems = []
    for position, (enterprise, pollutant, cap) in enumerate(
        zip(
            view.frame["enterprise"],
            view.frame["pollutant"],
            view.frame["cap_t_per_year"],
            strict=True,
        )
    ):
        mine = rows[(rows["enterprise"] == enterprise) & (rows["pollutant"] == pollutant)]
        if mine.empty:
            continue
        days = mine["service"].map(lambda s: float(scenario.services[s]["operating_days_per_year"]))
        kept = mine["service"].map(lambda s, q=pollutant: 1.0 - _removal(scenario, q, s, "self"))
        load = days * mine["demand"] * mine["concentration_mg_per_l"].astype(float)
        least = float((load * TONNES_PER_M3_MG_PER_L * kept).sum())
        if least <= float(cap) * (1.0 + 1e-9) + 1e-12:
            continue
        names = {"enterprise": enterprise, "pollutant": pollutant, "unit": unit}
        services = _listing(sorted(mine["service"].unique()))
        problems.append(
            view.problem(
                position,
                "cap_t_per_year",
                said(
                    "caps.enterprise.out_of_reach",
                    least=_num(least),
                    services=services,
                    setting=f"pollutants.{pollutant}.removal",
                    **names,
                ),
                value=float(cap),
                found=said("caps.enterprise.out_of_reach.found", cap=_num(float(cap)), unit=unit),
            )
        )
    return problems

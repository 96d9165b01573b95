"""The scenario's rules on the plan's decisions: capacity, streams, site area, required sites,
facilities per service, the capital budget, pollutant caps (park-wide, per outfall and per enterprise) and the
subsidy budget (demand met, reach, forbidden sites and self-treatment are read with the decisions:
:mod:`optimizer.verify.decisions`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..plan import Plan
from ..prepare import ModelData
from ..scenario import Scenario
from ..schema.tables import ID_SEPARATOR
from .decisions import Decisions, quantity_unit
from .findings import Findings
from .pollutants import enterprise_discharges, plan_pollutants


def check_rules(
    plan: Plan, data: ModelData, scenario: Scenario, decisions: Decisions, found: Findings
) -> None:
    """Note every rule the decisions break."""
    currency = data.currency
    tiers, opened = data.tiers, decisions.opened
    for t in np.flatnonzero(opened):
        site, service = str(tiers["site"].iloc[t]), str(tiers["service"].iloc[t])
        where = f"{site}{ID_SEPARATOR}{service}"
        capacity = float(tiers["capacity_per_day"].iloc[t])
        found.limit(
            "capacity", where, capacity, float(decisions.loads[t]), quantity_unit(scenario, service)
        )
    _streams(data, scenario, decisions, found)
    _sites(data, opened, found)
    service_of = tiers["service"].to_numpy()
    for service, most in sorted(data.max_facilities.items()):
        found.limit(
            "facilities per service", service, most, int((opened & (service_of == service)).sum())
        )
    if data.capital_budget is not None:
        new = opened & ~tiers["existing"].to_numpy(dtype=bool)
        capex = float(tiers["capex_cny"].to_numpy()[new].sum())
        found.limit("capital budget", "plan", data.capital_budget, capex, currency)
    for pollutant, (discharge, _) in pollutant_discharges(data, decisions).items():
        if pollutant in data.caps:
            found.limit("pollutant cap", pollutant, data.caps[pollutant], discharge, "t/year")
    _outfall_caps(data, decisions, found)
    for key, (discharge, cap) in sorted(enterprise_discharges(data, decisions).items()):
        found.limit("enterprise cap", key, cap, discharge, "t/year")
    _subsidies(plan, data, found)


def _streams(data: ModelData, scenario: Scenario, decisions: Decisions, found: Findings) -> None:
    """What leaves an open facility (its load times each output's ratio) goes downstream or to the
    sink; streams leave open facilities only."""
    tiers = data.tiers
    opened = tiers[decisions.opened].assign(load=decisions.loads[decisions.opened])
    outputs = opened.merge(data.outputs[["service", "output", "ratio"]], on="service")
    streams = pd.concat([decisions.flows, decisions.sinks], ignore_index=True)
    sent = streams.groupby(["site", "service", "output"])["flow_per_day"].sum()
    keys = set(zip(opened["site"], opened["service"], strict=True))
    for row in streams.itertuples(index=False):
        if (row.site, row.service) not in keys:
            found.rule(
                "streams",
                f"{row.site}{ID_SEPARATOR}{row.service}",
                note=f"a stream of {row.output} leaves a facility the plan does not open",
            )
    found.count("streams", len(outputs))
    for row in outputs.itertuples(index=False):
        expected = float(row.ratio) * float(row.load)
        got = float(sent.get((row.site, row.service, row.output), 0.0))
        if not found.tolerance.allows(expected, got):
            found.rule(
                "streams",
                f"{row.site}{ID_SEPARATOR}{row.service} {row.output}",
                expected,
                got,
                quantity_unit(scenario, str(row.service)),
                note=f"{row.ratio:g} of the load leaves as {row.output}",
            )


def _sites(data: ModelData, opened: np.ndarray, found: Findings) -> None:
    tiers, sites = data.tiers, data.sites
    site_of = tiers["site"].to_numpy()
    area = tiers["area_m2"].to_numpy(dtype=float)
    for site, limit, status in zip(sites["site"], sites["area_m2"], sites["status"], strict=True):
        here = opened & (site_of == site)
        if not np.isnan(limit):
            found.limit("site area", str(site), float(limit), float(np.nansum(area[here])), "m2")
        if status == "required":
            found.count("required site", 1)
            if not here.any():
                found.rule(
                    "required site", str(site), 1, 0, note="a required site hosts no facility"
                )
        elif status == "forbidden":
            found.count("forbidden site", 1)
            if here.any():
                found.rule("forbidden site", str(site), 0, int(here.sum()))


def pollutant_discharges(data: ModelData, decisions: Decisions) -> dict[str, tuple[float, float]]:
    """t/year the plan discharges per pollutant, counted where it leaves the park
    (:mod:`optimizer.verify.pollutants`), and its park-wide cap (NaN: none)."""
    counted = plan_pollutants(data, decisions)
    if counted is None:
        return {}
    caps = data.pollution.park_caps if data.pollution is not None else ()
    return {q: (float(counted.park[i]), float(caps[i])) for i, q in enumerate(counted.pollutants)}


def _outfall_caps(data: ModelData, decisions: Decisions, found: Findings) -> None:
    """What each service's facilities discharge within its outfall caps."""
    counted, pollution = plan_pollutants(data, decisions), data.pollution
    if counted is None or pollution is None:
        return
    for service, caps in sorted(pollution.outfall_caps.items()):
        for i, q in enumerate(counted.pollutants):
            if np.isfinite(caps[i]):
                where = f"{q}{ID_SEPARATOR}{service}"
                found.limit(
                    "outfall cap",
                    where,
                    float(caps[i]),
                    float(counted.outfalls[service][i]),
                    "t/year",
                )


def _subsidies(plan: Plan, data: ModelData, found: Findings) -> None:
    """Each facility's subsidy within its service's rate of its annuity; all within the budget."""
    facilities = plan.facilities
    if facilities.empty or "subsidy" not in facilities:
        return
    currency = f"{data.currency}/year"
    caps = data.tiers.set_index(["site", "service", "tier"])["max_subsidy"]
    for row in facilities.itertuples(index=False):
        key = (str(row.site), str(row.service), str(row.tier))
        if key in caps.index:
            found.limit(
                "subsidy rate",
                f"{row.site}{ID_SEPARATOR}{row.service}",
                float(caps[key]),
                float(row.subsidy),
                currency,
            )
    if data.subsidy_budget is not None:
        paid = float(facilities["subsidy"].sum())
        found.limit("subsidy budget", "plan", data.subsidy_budget, paid, currency)

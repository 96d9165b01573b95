"""From a solution to a Plan, and from a plan back to a solver's first incumbent.

:func:`extract_plan` reads the solver's values (by variable name and row of
:class:`~optimizer.prepare.ModelData`) into the plan's tables, KPIs, solver report and provenance;
:func:`plan_start` turns an earlier plan's decisions into a ``warm_start`` for
:class:`~optimizer.solvers.types.SolveOptions`. The Plan itself is :mod:`optimizer.plan`.
"""

from __future__ import annotations

import platform
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from importlib.metadata import version
from typing import Any

import numpy as np
import pandas as pd

from .costs import budget_shares
from .financing import finance_savings, financed_amounts, financing_kpis, financing_table
from .ledger import capacity_freed, pollutant_ledger
from .network.snapping import snapping
from .origin import Origin, origin_provenance
from .plan import SELF, SINK, UNSERVED, Plan, inputs_of
from .pollution import all_alone_breaks
from .prepare import ModelData
from .scenario import Scenario
from .solvers.formulation import folded_subsidy, row_positions
from .solvers.loads import ONE_DESTINATION, value_arrays
from .solvers.types import Solution, SolveOptions
from .words.alone import NOT_ALLOWED

#: Streams below this (units/d) are solver noise, not flows.
FLOW_TOLERANCE = 1e-6


def _array(values: Mapping[Any, float], n: int) -> np.ndarray:
    out = np.zeros(n)
    for key, value in values.items():
        out[key] = value
    return np.where(np.abs(out) < 1e-9, 0.0, out)


def _coordinates(scenario: Scenario, table: str) -> pd.DataFrame:
    frame = scenario.tables[table]
    return pd.DataFrame(
        {
            "id": frame["id"].astype(str),
            "name": frame["name"].fillna(frame["id"]).astype(str),
            "lon": frame["lon"].astype(float),
            "lat": frame["lat"].astype(float),
        }
    )


def _opened(data: ModelData, solution: Solution) -> np.ndarray:
    return _array(solution.values.get("open", {}), len(data.tiers)) > 0.5


def _subsidies(data: ModelData, solution: Solution) -> np.ndarray:
    """The yearly subsidy of each tier in the plan."""
    tiers, opened = data.tiers, _opened(data, solution)
    n = len(tiers)
    subsidy = folded_subsidy(data) * opened
    if data.subsidy_budget is not None:  # the model says how much; the stated rule says to whom
        paid = float(_array(solution.values.get("subsidy", {}), n)[opened].sum())
        annuity = tiers["annual_capex"].to_numpy(dtype=float) * opened
        cap = tiers["max_subsidy"].to_numpy(dtype=float) * opened
        subsidy = budget_shares(
            paid, annuity, np.divide(cap, annuity, np.zeros(n), where=annuity > 0)
        )
    return subsidy


def _facilities(scenario: Scenario, data: ModelData, solution: Solution) -> pd.DataFrame:
    tiers = data.tiers
    opened = _opened(data, solution)
    load = _array(solution.values.get("treated", {}), len(tiers))
    subsidy = _subsidies(data, solution)
    saving = finance_savings(data, financed_amounts(data, solution.values))
    frame = pd.DataFrame(
        {
            "site": tiers["site"],
            "service": tiers["service"],
            "tier": tiers["tier"],
            "existing": tiers["existing"].astype(bool),
            "capacity_per_day": tiers["capacity_per_day"],
            "load_per_day": load,
            "capex_cny": tiers["capex_cny"],
            "annual_capex": tiers["annual_capex"],
            "fixed_om": tiers["fixed_om"],
            "variable_cost": tiers["unit_cost"].to_numpy() * load,
            "subsidy": subsidy,
            "finance_saving": saving,
        }
    )[opened].reset_index(drop=True)
    frame["utilisation"] = frame["load_per_day"] / frame["capacity_per_day"]
    frame["annual_cost"] = (
        frame["annual_capex"]
        + frame["fixed_om"]
        + frame["variable_cost"]
        - frame["subsidy"]
        - frame["finance_saving"]
    )
    if data.finance is None:  # the column only where the scenario has green loans
        frame = frame.drop(columns="finance_saving")
    sites = _coordinates(scenario, "sites").rename(columns={"id": "site", "name": "site_name"})
    frame = frame.merge(sites, on="site", how="left")
    members = (
        _assignment_rows(data, solution)
        .groupby(["site", "service"], as_index=False)["enterprise"]
        .nunique()
        .rename(columns={"enterprise": "members"})
    )
    frame = frame.merge(members, on=["site", "service"], how="left")
    frame["members"] = frame["members"].fillna(0).astype("int64")
    return frame


def _assignment_rows(data: ModelData, solution: Solution) -> pd.DataFrame:
    pairs = data.pairs
    share = _array(solution.values.get("assign", {}), len(pairs))
    used = share > 1e-6
    rows = pairs[used].copy()
    rows["share"] = share[used]
    return rows


def _destination_rows(
    rows: pd.DataFrame, site: Any, share: np.ndarray, **costs: Any
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "enterprise": rows["enterprise"],
            "service": rows["service"],
            "site": site,
            "share": share,
            "distance_km": costs.get("distance_km", 0.0),
            "demand_per_day": rows["demand_per_day"] * share,
            "transport_cost": costs.get("transport_cost", 0.0),
            "connection_cost": costs.get("connection_cost", 0.0),
            "self_cost": costs.get("self_cost", 0.0),
            "unmet_share": costs.get("unmet_share", 0.0),
        }
    )


def _assignments(scenario: Scenario, data: ModelData, solution: Solution) -> pd.DataFrame:
    shared = _assignment_rows(data, solution)
    demands = data.demands
    self_share = _array(solution.values.get("self_treat", {}), len(demands))
    unmet = _array(solution.values.get("unmet", {}), len(demands))
    alone, unserved = self_share > 1e-6, unmet > 1e-6
    share = shared["share"].to_numpy()
    parts = [
        _destination_rows(
            shared,
            shared["site"],
            share,
            distance_km=shared["distance_km"].astype(float),
            transport_cost=shared["transport_cost"] * share,
            connection_cost=shared["connection_cost"] * share,
        ),
        _destination_rows(
            demands[alone],
            SELF,
            self_share[alone],
            self_cost=demands["standalone_cost"][alone] * self_share[alone],
        ),
        _destination_rows(
            demands[unserved], UNSERVED, np.zeros(int(unserved.sum())), unmet_share=unmet[unserved]
        ),
    ]
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True)
    frame = frame.merge(
        demands[["enterprise", "service", "standalone_cost"]], on=["enterprise", "service"]
    )
    frame["annual_cost"] = frame["transport_cost"] + frame["connection_cost"] + frame["self_cost"]
    enterprises = _coordinates(scenario, "enterprises").rename(
        columns={"id": "enterprise", "name": "enterprise_name"}
    )
    frame = frame.merge(enterprises, on="enterprise", how="left")
    ordered = ["enterprise", "service", "site", "share", "distance_km", "demand_per_day"]
    ordered += ["transport_cost", "connection_cost", "self_cost", "annual_cost"]
    ordered += ["standalone_cost", "unmet_share", "enterprise_name", "lon", "lat"]
    frame = frame[ordered].astype({"site": str, "enterprise": str, "service": str})
    return frame.sort_values(["enterprise", "service", "site"]).reset_index(drop=True)


def _flows(data: ModelData, solution: Solution, opened: pd.DataFrame) -> pd.DataFrame:
    """Streams above the solver's noise (``FLOW_TOLERANCE`` units/d) leaving open facilities."""
    flow = _array(solution.values.get("flow", {}), len(data.flows))
    sink = _array(solution.values.get("to_sink", {}), len(data.sinks))
    is_open = set(zip(opened["site"], opened["service"], strict=True))

    def from_open(frame: pd.DataFrame) -> np.ndarray:
        keys = zip(frame["site"], frame["service"], strict=True)
        return np.array([key in is_open for key in keys], dtype=bool)

    used = (flow > FLOW_TOLERANCE) & from_open(data.flows)
    to_facilities = data.flows[used].assign(flow_per_day=flow[used])
    to_facilities["annual_cost"] = to_facilities["unit_cost"] * to_facilities["flow_per_day"]
    to_facilities["received_per_day"] = to_facilities["flow_per_day"] * to_facilities[
        "load_factor"
    ].astype(float)
    used = (sink > FLOW_TOLERANCE) & from_open(data.sinks)
    to_sink = data.sinks[used].assign(
        flow_per_day=sink[used], to_site=SINK, to_service=SINK, distance_km=0.0
    )
    to_sink["annual_cost"] = to_sink["unit_cost"] * to_sink["flow_per_day"]
    to_sink["received_per_day"] = to_sink["flow_per_day"]
    columns = ["site", "service", "output", "to_site", "to_service", "flow_per_day"]
    columns += ["received_per_day", "distance_km", "annual_cost"]
    frame = pd.concat([to_facilities[columns], to_sink[columns]], ignore_index=True)
    numbers = ("flow_per_day", "received_per_day", "distance_km", "annual_cost")
    return frame.astype(dict.fromkeys(numbers, float))


def _pollutants(data: ModelData, solution: Solution) -> pd.DataFrame:
    """The pollutant ledger (:func:`optimizer.ledger.pollutant_ledger`)."""
    return pollutant_ledger(data, value_arrays(data, solution.values))


def _kpis(plan_tables: dict[str, pd.DataFrame], data: ModelData) -> dict[str, Any]:
    facilities = plan_tables["facilities"]
    assignments = plan_tables["assignments"]
    flows = plan_tables["flows"]
    shared = assignments[~assignments["site"].isin([SELF, UNSERVED])]
    breakdown = {
        "capex_annuity": float(facilities["annual_capex"].sum()),
        "fixed_om": float(facilities["fixed_om"].sum()),
        "variable_treatment": float(facilities["variable_cost"].sum()),
        "transport": float(assignments["transport_cost"].sum()),
        "connection": float(assignments["connection_cost"].sum()),
        "self_treatment": float(assignments["self_cost"].sum()),
        "onward_streams": float(flows["annual_cost"].sum()),
        "subsidy": -float(facilities["subsidy"].sum()),
    }
    if "finance_saving" in facilities:
        breakdown["green_loans"] = -float(facilities["finance_saving"].sum())
    total = float(sum(breakdown.values()))
    baseline = float(data.demands["standalone_cost"].sum())
    new = facilities[~facilities["existing"]]
    return {
        "total_annual_cost": total,
        "all_self_cost": baseline,
        **_all_alone_unavailable(data),
        "saving": baseline - total,
        "saving_pct": (baseline - total) / baseline * 100 if baseline else 0.0,
        "cost_breakdown": breakdown,
        "facilities": len(facilities),
        "facilities_new": len(new),
        "facilities_by_service": {
            str(k): int(v) for k, v in facilities.groupby("service").size().items()
        },
        "capex_new_cny": float(new["capex_cny"].sum()),
        "subsidy_total": float(facilities["subsidy"].sum()),
        "smes": int(data.demands["enterprise"].nunique()),
        "smes_connected": int(shared["enterprise"].nunique()),
        "demands": len(data.demands),
        "demands_shared": len(shared[["enterprise", "service"]].drop_duplicates()),
        "demands_self": int((assignments["site"] == SELF).sum()),
        "demands_unserved": int((assignments["site"] == UNSERVED).sum()),
        **_freed(plan_tables["pollutants"], data),
        **financing_kpis(plan_tables["financing"]),
    }


def _all_alone_unavailable(data: ModelData) -> dict[str, str]:
    """``all_self_unavailable``: why every SME treating alone is no plan the park could take (no
    such KPI when it is one): a service that does not allow it
    (:data:`~optimizer.words.alone.NOT_ALLOWED`), and the caps it would break
    (:func:`~optimizer.pollution.all_alone_breaks`)."""
    allowed = data.demands["self_allowed"].to_numpy(dtype=bool)
    why = [] if allowed.all() else [NOT_ALLOWED]
    enterprise = data.demands["enterprise"].astype(str).to_numpy()
    pollution = data.pollution
    if pollution is not None and pollution.pollutants:
        pollution = replace(pollution, demand_load=pollution.demand_load * allowed[:, None])
    why += all_alone_breaks(pollution, enterprise)
    return {"all_self_unavailable": ", ".join(why)} if why else {}


def _freed(ledger: pd.DataFrame, data: ModelData) -> dict[str, Any]:
    freed = capacity_freed(ledger, data)
    return {"capacity_freed": freed} if freed else {}


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for package in ("shared-facility-optimizer", "pyomo", "highspy", "pandas", "networkx"):
        try:
            out[package] = version(package)
        except Exception:  # not installed as a distribution
            out[package] = "unknown"
    return out


def _network_summary(scenario: Scenario) -> dict[str, Any]:
    """How distances were measured, and how far enterprises and sites were snapped to the network."""
    if len(scenario.tables["distances"]):
        return {"distances": "explicit (distances table)"}
    if scenario.tables["edges"].empty:
        detour = scenario.config.get("detour_factor")
        return {"distances": f"great-circle x {detour} (no network)"}
    legs = snapping(scenario)  # on the network prepare built (one per scenario: network_of)
    snapped = legs[legs["snap_km"] > 0]
    return {
        "distances": "shortest paths on the park network",
        "snapped": len(snapped),
        "max_snap_km": float(snapped["snap_km"].max()) if len(snapped) else 0.0,
        "mean_snap_km": float(snapped["snap_km"].mean()) if len(snapped) else 0.0,
    }


def extract_plan(
    scenario: Scenario,
    data: ModelData,
    solution: Solution,
    options: SolveOptions,
    timings: Mapping[str, float] | None = None,
    origin: Origin | None = None,
) -> Plan:
    """Read a solution into a Plan (tables, KPIs, solver report and provenance); ``origin`` says
    where the scenario came from and what was edited in it since (default: the scenario as read,
    :func:`optimizer.origin.origin_of`)."""
    facilities = _facilities(scenario, data, solution)
    tables = {
        "facilities": facilities,
        "assignments": _assignments(scenario, data, solution),
        "flows": _flows(data, solution, facilities),
        "pollutants": _pollutants(data, solution),
        "financing": financing_table(
            data,
            _opened(data, solution),
            _subsidies(data, solution),
            financed_amounts(data, solution.values),
        ),
    }
    provenance = {
        "network": _network_summary(scenario),
        "scenario": scenario.name,
        "variant": scenario.variant,
        **origin_provenance(scenario, origin),
        "overrides": {o.key: o.value for o in scenario.overrides},
        "input_hash": scenario.input_hash(),
        "currency": data.currency,
        "cost_year": scenario.config.get("cost_year"),
        "versions": _versions(),
        "options": options.public(),
        "sizes": data.sizes(),
        "streams_to_one_destination": ONE_DESTINATION in solution.values,
        "timings_s": dict(timings or {}),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return Plan(
        facilities=tables["facilities"],
        assignments=tables["assignments"],
        flows=tables["flows"],
        pollutants=tables["pollutants"],
        financing=tables["financing"],
        kpis=_kpis(tables, data),
        solver=solution.report.as_dict(),
        provenance=provenance,
        inputs=inputs_of(scenario),
    )


def plan_start(plan: Plan, data: ModelData) -> dict[str, dict[int, float]]:
    """The decisions of an earlier plan (tiers opened, pairs used, who self-treats) as a partial
    start for the same or an edited scenario: by variable name and row of ``data``; rows that no
    longer exist are left out, and HiGHS completes the rest."""

    def ones(frame, keys, on) -> dict[int, float]:
        rows = row_positions(frame, keys, on)
        return {int(r): 1.0 for r in rows if r >= 0}

    assignments = plan.assignments
    shared = assignments[~assignments["site"].isin([SELF, UNSERVED])]
    alone = assignments[assignments["site"] == SELF]
    start = {
        "open": {t: 0.0 for t in range(len(data.tiers))},
        "assign": {p: 0.0 for p in range(len(data.pairs))},
    }
    start["open"].update(ones(plan.facilities, data.tiers, ["site", "service", "tier"]))
    start["assign"].update(ones(shared, data.pairs, ["enterprise", "service", "site"]))
    self_rows = ones(alone, data.demands, ["enterprise", "service"])
    allowed = data.demands["self_allowed"].to_numpy()
    start["self_treat"] = {d: self_rows.get(d, 0.0) for d in range(len(data.demands)) if allowed[d]}
    return start

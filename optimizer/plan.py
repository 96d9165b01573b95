"""The Plan: what to build where, who connects where, what it costs. No Pyomo inside.

A Plan is frozen, pickles, crosses process boundaries and round-trips exactly through JSON
(:meth:`Plan.to_json` / :meth:`Plan.from_json`). It carries the resolved inputs it was solved from,
so that two plans can be compared down to the table rows that differ.
"""

from __future__ import annotations

import json
import math
import platform
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from .prepare import ModelData
from .scenario import Scenario
from .solve import Solution, SolveOptions

SELF = "self"
SINK = "sink"
UNSERVED = "unserved"
#: Streams below this (units/d) are solver noise, not flows.
FLOW_TOLERANCE = 1e-6
FORMAT_VERSION = 1

_TABLES = ("facilities", "assignments", "flows", "pollutants", "statement")


@dataclass(frozen=True, eq=False)
class Plan:
    """A solved plan.

    Attributes
    ----------
    facilities
        One row per open facility: site, service, tier, capacity, load, utilisation, costs.
    assignments
        One row per (enterprise, service, destination): site or ``self``, share, distance, costs.
    flows
        Streams leaving facilities: to a downstream facility or to the external ``sink``.
    pollutants
        Discharge per pollutant against its cap.
    statement
        What each SME pays (filled by :func:`optimizer.allocation.allocate`; empty before).
    kpis
        Totals: cost, all-self baseline, saving, facilities, SMEs connected, cost breakdown.
    solver
        The solver report (status, objective, bound, gap, seconds, name, version).
    provenance
        Scenario, variant, input hash, versions, options, time.
    inputs
        The resolved inputs: ``settings`` (defaults filled) and ``tables`` (records).
    """

    facilities: pd.DataFrame
    assignments: pd.DataFrame
    flows: pd.DataFrame
    pollutants: pd.DataFrame
    kpis: dict[str, Any]
    solver: dict[str, Any]
    provenance: dict[str, Any]
    inputs: dict[str, Any] = field(default_factory=dict)
    statement: pd.DataFrame = field(default_factory=pd.DataFrame)
    allocation: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(self.provenance.get("label", self.provenance.get("scenario", "plan")))

    @property
    def total_cost(self) -> float:
        return float(self.kpis["total_annual_cost"])

    def with_allocation(self, statement: pd.DataFrame, allocation: Mapping[str, Any]) -> Plan:
        """A new plan with an SME statement and allocation summary (this one is left alone)."""
        kpis = {**self.kpis, **allocation.get("kpis", {})}
        return replace(self, statement=statement, allocation=dict(allocation), kpis=kpis)

    # -- JSON -----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": "shared-facility-plan", "format_version": FORMAT_VERSION}
        for item in fields(self):
            value = getattr(self, item.name)
            out[item.name] = frame_to_json(value) if item.name in _TABLES else _plain(value)
        return out

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        if data.get("format") != "shared-facility-plan":
            raise ValueError("not a plan file (its 'format' is not 'shared-facility-plan')")
        kwargs = {}
        for item in fields(cls):
            value = data.get(item.name)
            if item.name in _TABLES:
                kwargs[item.name] = frame_from_json(value) if value is not None else pd.DataFrame()
            else:
                kwargs[item.name] = _restore(value) if value is not None else {}
        return cls(**kwargs)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        return cls.from_dict(json.loads(text))

    def equals(self, other: Plan) -> bool:
        """Same tables (values and dtypes) and same dictionaries."""
        for name in _TABLES:
            a, b = getattr(self, name), getattr(other, name)
            if not (a.shape == b.shape and a.dtypes.equals(b.dtypes) and a.equals(b)):
                return False
        names = ("kpis", "solver", "provenance", "inputs", "allocation")
        return all(_plain(getattr(self, n)) == _plain(getattr(other, n)) for n in names)


# ---------------------------------------------------------------------------------------------
# JSON helpers: exact round trip of frames (values and dtypes) and of nested dictionaries
# ---------------------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float | np.floating):
        value = float(value)
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def frame_to_json(frame: pd.DataFrame) -> dict[str, Any]:
    """A frame as columns, dtypes and row lists; floats keep every digit."""
    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(t) for t in frame.dtypes],
        "data": [[_json_value(v) for v in row] for row in frame.itertuples(index=False, name=None)],
    }


def frame_from_json(data: Mapping[str, Any]) -> pd.DataFrame:
    columns, dtypes = data["columns"], data["dtypes"]
    rows = data["data"]
    out = {}
    for i, (name, dtype) in enumerate(zip(columns, dtypes, strict=True)):
        values = [row[i] for row in rows]
        if dtype in ("float64", "Float64"):
            values = [_float(v) for v in values]
        out[name] = pd.Series(values, dtype="object").astype(dtype if dtype != "str" else "str")
    frame = pd.DataFrame(out, columns=columns)
    return frame.reset_index(drop=True)


def _float(value: Any) -> float:
    if value is None:
        return math.nan
    if value == "inf":
        return math.inf
    if value == "-inf":
        return -math.inf
    return float(value)


def _plain(value: Any) -> Any:
    """Nested dicts/lists with plain JSON values (frames inside become records)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return {"__frame__": frame_to_json(value)}
    return _json_value(value)


def _restore(value: Any) -> Any:
    if isinstance(value, Mapping):
        if set(value) == {"__frame__"}:
            return frame_from_json(value["__frame__"])
        return {k: _restore(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# Extraction: from a solution to the plan's tables
# ---------------------------------------------------------------------------------------------


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


def _facilities(scenario: Scenario, data: ModelData, solution: Solution) -> pd.DataFrame:
    tiers = data.tiers
    n = len(tiers)
    opened = _array(solution.values.get("open", {}), n) > 0.5
    load = _array(solution.values.get("treated", {}), n)
    subsidy = _array(solution.values.get("subsidy", {}), n)
    if data.subsidy_budget is None:
        subsidy = tiers["max_subsidy"].to_numpy() * opened
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
        }
    )[opened].reset_index(drop=True)
    frame["utilisation"] = frame["load_per_day"] / frame["capacity_per_day"]
    frame["annual_cost"] = (
        frame["annual_capex"] + frame["fixed_om"] + frame["variable_cost"] - frame["subsidy"]
    )
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
    used = (sink > FLOW_TOLERANCE) & from_open(data.sinks)
    to_sink = data.sinks[used].assign(
        flow_per_day=sink[used], to_site=SINK, to_service=SINK, distance_km=0.0
    )
    to_sink["annual_cost"] = to_sink["unit_cost"] * to_sink["flow_per_day"]
    columns = ["site", "service", "output", "to_site", "to_service", "flow_per_day"]
    columns += ["distance_km", "annual_cost"]
    frame = pd.concat([to_facilities[columns], to_sink[columns]], ignore_index=True)
    return frame.astype({"flow_per_day": float, "distance_km": float, "annual_cost": float})


def _pollutants(data: ModelData, solution: Solution) -> pd.DataFrame:
    columns = ["pollutant", "discharge_t_per_year", "cap_t_per_year", "headroom_t_per_year"]
    if data.discharges.empty:
        return pd.DataFrame(columns=columns).astype({c: float for c in columns[1:]})
    self_share = _array(solution.values.get("self_treat", {}), len(data.demands))
    demand_row = data.demands.reset_index(names="_row")[["enterprise", "service", "_row"]]
    rows = data.discharges.merge(demand_row, on=["enterprise", "service"])
    alone = self_share[rows["_row"].to_numpy()]
    rows["discharge"] = rows["shared_t"] * (1 - alone) + rows["self_t"] * alone
    totals = rows.groupby("pollutant", as_index=False)["discharge"].sum()
    totals["cap"] = totals["pollutant"].map(data.caps).astype(float)
    totals["headroom"] = totals["cap"] - totals["discharge"]
    return totals.set_axis(columns, axis=1)


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
    total = float(sum(breakdown.values()))
    baseline = float(data.demands["standalone_cost"].sum())
    new = facilities[~facilities["existing"]]
    return {
        "total_annual_cost": total,
        "all_self_cost": baseline,
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
    }


def _versions() -> dict[str, str]:
    from importlib.metadata import version

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
    from .network.snapping import snapping

    legs = snapping(scenario)
    snapped = legs[legs["snap_km"] > 0]
    return {
        "distances": "shortest paths on the park network",
        "snapped": len(snapped),
        "max_snap_km": float(snapped["snap_km"].max()) if len(snapped) else 0.0,
        "mean_snap_km": float(snapped["snap_km"].mean()) if len(snapped) else 0.0,
    }


def inputs_of(scenario: Scenario) -> dict[str, Any]:
    """The resolved inputs recorded in a plan: settings with defaults, and every non-empty table."""
    return {
        "settings": scenario.config,
        "tables": {n: t for n, t in scenario.tables.items() if len(t)},
    }


def scenario_of(plan: Plan) -> Scenario:
    """The resolved scenario a plan was solved from, rebuilt from the inputs it carries."""
    from .scenario import scenario_from_tables

    inputs = plan.inputs
    settings = {**inputs.get("settings", {}), "name": plan.provenance.get("scenario", "plan")}
    scenario = scenario_from_tables(settings, inputs.get("tables", {}))
    return replace(scenario, variant=plan.provenance.get("variant"))


def extract_plan(
    scenario: Scenario,
    data: ModelData,
    solution: Solution,
    options: SolveOptions,
    timings: Mapping[str, float] | None = None,
) -> Plan:
    """Read a solution into a Plan (tables, KPIs, solver report and provenance)."""
    facilities = _facilities(scenario, data, solution)
    tables = {
        "facilities": facilities,
        "assignments": _assignments(scenario, data, solution),
        "flows": _flows(data, solution, facilities),
        "pollutants": _pollutants(data, solution),
    }
    provenance = {
        "network": _network_summary(scenario),
        "scenario": scenario.name,
        "variant": scenario.variant,
        "label": scenario.label,
        "overrides": {o.key: o.value for o in scenario.overrides},
        "input_hash": scenario.input_hash(),
        "currency": data.currency,
        "cost_year": scenario.config.get("cost_year"),
        "versions": _versions(),
        "options": options.public(),
        "sizes": data.sizes(),
        "timings_s": dict(timings or {}),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return Plan(
        facilities=tables["facilities"],
        assignments=tables["assignments"],
        flows=tables["flows"],
        pollutants=tables["pollutants"],
        kpis=_kpis(tables, data),
        solver=solution.report.as_dict(),
        provenance=provenance,
        inputs=inputs_of(scenario),
    )

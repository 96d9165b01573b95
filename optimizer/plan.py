"""The Plan, a value: what to build where, who connects where, what it costs.

A Plan is frozen, pickles, crosses process boundaries and round-trips exactly through JSON
(:meth:`Plan.to_json` / :meth:`Plan.from_json`). It carries the resolved inputs it was solved from,
so that two plans can be compared down to the table rows that differ (:func:`scenario_of` rebuilds
the scenario). Reading a solution into a Plan is :mod:`optimizer.extract`'s; nothing here knows a
solver.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np
import pandas as pd

from .scenario import Scenario, scenario_from_tables
from .words.said import said

SELF = "self"
SINK = "sink"
UNSERVED = "unserved"
FORMAT_VERSION = 1

_TABLES = ("facilities", "assignments", "flows", "pollutants", "statement", "financing")


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
    financing
        How each new facility's capex is financed: grant, green loans, own funds (empty when
        the scenario has no loans; :mod:`optimizer.financing`).
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
    financing: pd.DataFrame = field(default_factory=pd.DataFrame)

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
            raise ValueError(
                said("plan_file.format", key="'format'", value="'shared-facility-plan'")
            )
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


def inputs_of(scenario: Scenario) -> dict[str, Any]:
    """The resolved inputs recorded in a plan: settings with defaults, and every non-empty table."""
    return {
        "settings": scenario.config,
        "tables": {n: t for n, t in scenario.tables.items() if len(t)},
    }


def scenario_of(plan: Plan) -> Scenario:
    """The resolved scenario a plan was solved from, rebuilt from the inputs it carries."""
    inputs = plan.inputs
    settings = {**inputs.get("settings", {}), "name": plan.provenance.get("scenario", "plan")}
    scenario = scenario_from_tables(settings, inputs.get("tables", {}))
    return replace(scenario, variant=plan.provenance.get("variant"))

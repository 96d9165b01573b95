"""Views of a plan that every face reads: its currency, its KPIs as labelled items (words and
units from :mod:`optimizer.words`), what each enterprise pays against going alone and where its
services are treated. Used by the exports, the comparison of plans and the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .plan import SELF, UNSERVED, Plan
from .schema import SETTINGS_BY_PATH
from .words import KPI_LABELS, kpi_label


def currency_in(config: Mapping[str, Any]) -> str:
    """A scenario's currency, from its settings (the schema's default where they do not say)."""
    return str(config.get("currency") or SETTINGS_BY_PATH["currency"].default)


def currency_of(plan: Plan) -> str:
    """The currency of the scenario the plan was solved from (the schema's default for a plan
    that does not say)."""
    return currency_in(plan.provenance)


def sme_table(plan: Plan) -> str:
    """Which plan table holds what each SME pays: ``statement``, or ``assignments`` without one."""
    return "statement" if len(plan.statement.columns) else "assignments"


@dataclass(frozen=True)
class Item:
    """One line of a summary: machine key, words, value, unit and number kind."""

    key: str
    label: str
    value: Any
    unit: str = ""
    kind: str = "text"


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts (and lists) to dotted keys.

    >>> flatten({"a": {"b": 1, "c": [2, {"d": 3}]}})
    {'a.b': 1, 'a.c[0]': 2, 'a.c[1].d': 3}
    """
    out: dict[str, Any] = {}
    if isinstance(value, Mapping) and value:
        for key, inner in value.items():
            out.update(flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(value, list | tuple) and value:
        for i, inner in enumerate(value):
            out.update(flatten(inner, f"{prefix}[{i}]"))
    else:
        out[prefix] = value
    return out


def kpi_item(key: str, value: Any, currency: str = "CNY") -> Item:
    """A KPI (dotted key) with its words, unit and kind (from :func:`optimizer.words.kpi_label`).

    >>> kpi_item("facilities_by_service.sewage", 2).label
    'Facilities: sewage'
    """
    label, unit, kind = kpi_label(key, value)
    return Item(key, label, value, unit.replace("{cur}", currency), kind)


def kpi_items(kpis: Mapping[str, Any], currency: str = "CNY") -> list[Item]:
    """The plan's KPIs, flattened, in a fixed reading order (declared first, then the rest)."""
    flat = {
        k: v
        for k, v in flatten(kpis).items()
        if not (isinstance(v, Mapping | list | tuple) and not v)
    }
    order = {key: i for i, key in enumerate(KPI_LABELS)}
    keys = sorted(flat, key=lambda k: (order.get(k, len(order)), k))
    return [kpi_item(k, flat[k], currency) for k in keys]


def enterprise_costs(plan: Plan) -> pd.DataFrame:
    """Per enterprise: annual cost, cost alone and saving, from the statement or the assignments.

    Without a statement the costs are the assignments' own costs (transport, connection,
    self-treatment): they exclude facility shares, and ``basis`` says so.
    """
    if sme_table(plan) == "statement":
        rows = plan.statement.rename(
            columns={"total_cny_per_year": "cost", "standalone_cny_per_year": "alone"}
        )
        by = rows.groupby("enterprise").agg(cost=("cost", "sum"))
        by["alone"] = rows.groupby("enterprise")["alone"].sum(min_count=1)
        closed = rows["alone"].isna().groupby(rows["enterprise"]).any()
        by.loc[closed[closed].index, "alone"] = np.nan  # a service it may not treat alone
        basis = "statement"
    else:
        rows = plan.assignments.rename(columns={"annual_cost": "cost"})
        alone = rows.drop_duplicates(["enterprise", "service"]).groupby("enterprise")[
            "standalone_cost"
        ]
        by = rows.groupby("enterprise").agg(cost=("cost", "sum"))
        by["alone"] = alone.sum()
        basis = "own costs only (no facility shares)"
    by["saving"] = by["alone"] - by["cost"]
    by["basis"] = basis
    by.index = by.index.astype(str)
    return by


def _enterprise_status(kinds: set[str]) -> str:
    if not kinds:
        return "no demand"
    if len(kinds) == 1:
        return {"shared": "connected", "self": "self-treating", "unserved": "unserved"}[kinds.pop()]
    return "partly connected" if "shared" in kinds else "mixed"


def enterprise_services(plan: Plan) -> pd.DataFrame:
    """Per enterprise: its services, where they are treated (shared, self, unserved) and a status
    in words (``connected``, ``self-treating``, ``partly connected``, ``unserved``, ``mixed``)."""
    assignments = plan.assignments
    if assignments.empty:
        return pd.DataFrame(columns=["services", "shared", "self", "unserved", "status"])
    kind = assignments["site"].astype(str)
    kind = kind.where(kind.isin([SELF, UNSERVED]), "shared")
    frame = pd.DataFrame(
        {
            "enterprise": assignments["enterprise"].astype(str),
            "service": assignments["service"].astype(str),
            "kind": kind,
        }
    )

    def joined(values: pd.Series) -> str:
        return ";".join(sorted(set(values)))

    out = frame.groupby("enterprise").agg(
        services=("service", joined), kinds=("kind", lambda k: frozenset(k))
    )
    for name in ("shared", SELF, UNSERVED):
        chosen = frame[frame["kind"] == name].groupby("enterprise")["service"].agg(joined)
        out[name] = chosen.reindex(out.index).fillna("")
    out["status"] = [_enterprise_status(set(k)) for k in out["kinds"]]
    return out.drop(columns="kinds")

"""Per-enterprise views of a plan: what each enterprise pays against going alone, and where its
services are treated (used by the GeoJSON export and by plan comparisons).
"""

from __future__ import annotations

import pandas as pd

from ..plan import SELF, UNSERVED, Plan
from .columns import sme_table


def enterprise_costs(plan: Plan) -> pd.DataFrame:
    """Per enterprise: annual cost, cost alone and saving, from the statement or the assignments.

    Without a statement the costs are the assignments' own costs (transport, connection,
    self-treatment): they exclude facility shares, and ``basis`` says so.
    """
    if sme_table(plan) == "statement":
        rows = plan.statement.rename(
            columns={"total_cny_per_year": "cost", "standalone_cny_per_year": "alone"}
        )
        by = rows.groupby("enterprise").agg(cost=("cost", "sum"), alone=("alone", "sum"))
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

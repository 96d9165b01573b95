"""What each SME pays in a plan against the reference plan: before, after, the change, and who pays
more, less or the same (:func:`sme_cost_changes`), and how many of each (:func:`sme_counts`).

Part of :mod:`optimizer.compare`; the per-SME costs come from
:func:`optimizer.plan_views.enterprise_costs`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .words import SME_OUTCOMES, is_missing

#: Changes of per-SME cost below this (in the currency) count as no change in ``outcome``.
SAME_COST = 0.005


def delta_pct(reference: float, value: float) -> float:
    """Change against the reference in percent of its magnitude; NaN when it is 0 and value is not.

    >>> delta_pct(200.0, 150.0), delta_pct(-50.0, -25.0), delta_pct(0.0, 0.0)
    (-25.0, 50.0, 0.0)
    """
    change = value - reference
    if reference == 0:
        return 0.0 if change == 0 else math.nan
    return change / abs(reference) * 100.0


#: Columns of a per-SME cost table (:attr:`optimizer.compare.Comparison.sme_costs`).
COST_COLUMNS = [
    "plan",
    "enterprise",
    "enterprise_name",
    "cost_before",
    "cost_after",
    "change",
    "change_pct",
    "outcome",
    "basis_before",
    "basis_after",
]


def _outcome(before: Any, after: Any, change: float) -> str:
    if is_missing(before):
        return "new"
    if is_missing(after):
        return "gone"
    if abs(change) < SAME_COST:
        return "same"
    return "pays less" if change < 0 else "pays more"


def sme_cost_changes(
    before: pd.DataFrame, after: pd.DataFrame, name: str, names: Mapping[str, str]
) -> pd.DataFrame:
    """Per enterprise: cost before and after, change and change %, and its outcome, in reading
    order: those who pay more first, then less, new, gone and the same, each largest change first.

    ``before`` and ``after`` are :func:`optimizer.plan_views.enterprise_costs` frames.
    """
    joined = pd.concat(
        {
            "cost_before": before["cost"],
            "cost_after": after["cost"],
            "basis_before": before["basis"],
            "basis_after": after["basis"],
        },
        axis=1,
    )
    if joined.empty:
        return pd.DataFrame(columns=COST_COLUMNS)
    joined["change"] = joined["cost_after"] - joined["cost_before"]
    joined["change_pct"] = [
        delta_pct(b, a) if not (is_missing(a) or is_missing(b)) else math.nan
        for b, a in zip(joined["cost_before"], joined["cost_after"], strict=True)
    ]
    joined["outcome"] = [
        _outcome(b, a, c)
        for b, a, c in zip(
            joined["cost_before"], joined["cost_after"], joined["change"], strict=True
        )
    ]
    joined = joined.reset_index(names="enterprise")
    joined["enterprise_name"] = joined["enterprise"].map(dict(names))
    joined["plan"] = name
    return _reading_order(joined).reindex(columns=COST_COLUMNS).reset_index(drop=True)


def _reading_order(costs: pd.DataFrame) -> pd.DataFrame:
    """Those who pay more first, then less, new, gone, the same; each largest change first."""
    rank = costs["outcome"].map({o: i for i, o in enumerate(SME_OUTCOMES)})
    size = costs["change"].abs().fillna(costs["cost_after"].fillna(costs["cost_before"]).abs())
    keys = pd.DataFrame({"rank": rank, "size": -size, "enterprise": costs["enterprise"]})
    order = keys.sort_values(["rank", "size", "enterprise"], kind="stable").index
    return costs.loc[order]


#: Columns of :attr:`optimizer.compare.Comparison.sme_counts`.
COUNT_COLUMNS = ["plan", *SME_OUTCOMES]


def sme_counts(sme_costs: pd.DataFrame, plans: Sequence[str]) -> pd.DataFrame:
    """Per later plan, how many SMEs pay more, less, are new, gone or pay the same."""
    rows = []
    for name in plans:
        outcomes = sme_costs.loc[sme_costs["plan"] == name, "outcome"].value_counts()
        rows.append({"plan": name, **{o: int(outcomes.get(o, 0)) for o in SME_OUTCOMES}})
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)

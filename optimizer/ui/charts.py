"""Altair charts of a plan (no Streamlit here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from ..words import COST_PARTS, cost_part_label


def breakdown_frame(kpis: Mapping[str, Any]) -> pd.DataFrame:
    """The yearly cost by part: columns ``part`` (key), ``label`` (words) and ``amount``, in the
    order of :data:`optimizer.words.COST_PARTS`.

    Parts that are zero are left out; the subsidy is negative (it lowers the total).

    >>> frame = breakdown_frame({"cost_breakdown": {"fixed_om": 60.0, "subsidy": -0.0, "x_y": 1}})
    >>> frame.values.tolist()
    [['fixed_om', 'Fixed O&M of facilities', 60.0], ['x_y', 'X y', 1.0]]
    """
    parts = kpis.get("cost_breakdown") or {}
    ordered = [k for k in COST_PARTS if k in parts] + [k for k in parts if k not in COST_PARTS]
    rows = [
        {
            "part": key,
            "label": cost_part_label(key),
            "amount": float(parts[key]),
        }
        for key in ordered
        if parts[key] is not None and float(parts[key]) != 0.0
    ]
    return pd.DataFrame(rows, columns=["part", "label", "amount"])


def cost_breakdown_chart(kpis: Mapping[str, Any], currency: str = "CNY") -> alt.Chart:
    """A horizontal bar per cost part (subsidy to the left of zero)."""
    frame = breakdown_frame(kpis)
    unit = f"{currency}/year"
    return (
        alt.Chart(frame, title=f"Yearly cost by part ({unit})")
        .mark_bar()
        .encode(
            x=alt.X("amount:Q", title=unit, axis=alt.Axis(format=",.0f")),
            y=alt.Y("label:N", sort=list(frame["label"]), title=None),
            color=alt.condition(alt.datum.amount < 0, alt.value("#009E73"), alt.value("#0072B2")),
            tooltip=[
                alt.Tooltip("label:N", title="part"),
                alt.Tooltip("amount:Q", title=unit, format=",.2f"),
            ],
        )
        .properties(height=alt.Step(28))
    )

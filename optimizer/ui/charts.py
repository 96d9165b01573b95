"""Altair charts of a plan (no Streamlit here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from ..plan_geometry import cost_bars
from ..words import money
from ..words.catalogue import tr


def breakdown_frame(kpis: Mapping[str, Any]) -> pd.DataFrame:
    """The yearly cost by part: columns ``part`` (key), ``label`` (words) and ``amount``, in the
    order of :data:`optimizer.words.COST_PARTS`.

    Parts that are zero are left out; the subsidy is negative (it lowers the total).

    >>> frame = breakdown_frame({"cost_breakdown": {"fixed_om": 60.0, "subsidy": -0.0, "x_y": 1}})
    >>> frame.values.tolist()
    [['fixed_om', 'Fixed O&M of facilities', 60.0], ['x_y', 'X y', 1.0]]
    """
    return cost_bars(kpis, totals=False)[["part", "label", "amount"]]


def cost_breakdown_chart(kpis: Mapping[str, Any], currency: str) -> alt.LayerChart:
    """A horizontal bar per cost part (the subsidy left of zero), then the plan's total and
    everyone alone, each with its amount written beside it; names are never cut, and the colours
    are :data:`optimizer.plan_geometry.COST_COLOURS` (none a service's)."""
    frame = cost_bars(kpis)
    unit = tr("unit.per_year", cur=currency)
    frame["shown"] = [money(v, digits=0) for v in frame["amount"]]
    frame["at"] = frame["amount"].clip(lower=0.0)  # a negative bar's amount sits right of zero
    reach = float(frame["amount"].abs().max()) if len(frame) else 1.0
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=list(frame["label"]), title=None, axis=alt.Axis(labelLimit=0)),
    )
    bars = base.mark_bar().encode(
        x=alt.X(
            "amount:Q",
            title=unit,
            axis=alt.Axis(format=",.0f"),
            scale=alt.Scale(domainMax=reach * 1.3),  # room for the amounts
        ),
        color=alt.Color("colour:N", scale=None),
        tooltip=[
            alt.Tooltip("label:N", title=tr("chart.part")),
            alt.Tooltip("amount:Q", title=unit, format=",.2f"),
        ],
    )
    amounts = base.mark_text(align="left", dx=4).encode(x="at:Q", text="shown:N")
    title = tr("chart.title", unit=unit)
    return (bars + amounts).properties(title=title, height=alt.Step(28))

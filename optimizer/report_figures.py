"""Static SVG figures for the HTML report: a map of the plan and a cost-breakdown bar chart.

Figures are drawn on :class:`matplotlib.figure.Figure` objects without pyplot, so nothing global
(backend, current figure) changes and the functions are safe in threads and in the app. The SVG is
returned as text ready to embed inline: no XML declaration, no DOCTYPE, no metadata block, text kept
as text, and ids salted per figure so that two figures on one page do not clash.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from .plan import SELF, UNSERVED, Plan
from .words import cost_part_label, money

#: Colours of services, in the order services are first seen (colour-blind safe, Okabe-Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000")


def service_colours(services: Sequence[str]) -> dict[str, str]:
    """A colour per service, stable for a given order.

    >>> service_colours(["sewage", "spraying"])
    {'sewage': '#0072B2', 'spraying': '#E69F00'}
    """
    names = list(dict.fromkeys(str(s) for s in services))
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def svg_text(figure: Figure, salt: str) -> str:
    """The figure as inline SVG text (deterministic for the same figure and salt)."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        figure.savefig(
            buffer,
            format="svg",
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    text = buffer.getvalue()
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text, flags=re.DOTALL)
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    return text.strip()


def _services(plan: Plan) -> list[str]:
    settings = plan.inputs.get("settings", {}).get("services", {})
    seen = [*settings, *plan.facilities.get("service", []), *plan.assignments.get("service", [])]
    return list(dict.fromkeys(str(s) for s in seen))


def _input(plan: Plan, name: str) -> pd.DataFrame:
    frame = plan.inputs.get("tables", {}).get(name)
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame()


def _draw_network(ax, plan: Plan) -> None:
    nodes, edges = _input(plan, "nodes"), _input(plan, "edges")
    if nodes.empty or edges.empty:
        return
    where = {
        str(i): (float(x), float(y))
        for i, x, y in nodes[["id", "lon", "lat"]].itertuples(index=False)
        if pd.notna(x) and pd.notna(y)
    }
    segments = [
        (where[str(a)], where[str(b)])
        for a, b in edges[["from_node", "to_node"]].itertuples(index=False)
        if str(a) in where and str(b) in where
    ]
    if segments:
        ax.add_collection(LineCollection(segments, colors="#d9e2ec", linewidths=0.8, zorder=1))


def _draw_connections(ax, plan: Plan, colours: dict[str, str]) -> None:
    shared = plan.assignments[~plan.assignments["site"].isin([SELF, UNSERVED])]
    sites = plan.facilities.drop_duplicates("site").set_index("site")[["lon", "lat"]]
    for service, group in shared.groupby("service"):
        ends = sites.reindex(group["site"].to_numpy())
        segments = [
            ((a, b), (c, d))
            for a, b, c, d in zip(group["lon"], group["lat"], ends["lon"], ends["lat"], strict=True)
            if not any(pd.isna(v) for v in (a, b, c, d))
        ]
        ax.add_collection(
            LineCollection(
                segments, colors=colours[str(service)], linewidths=1.2, alpha=0.8, zorder=2
            )
        )


def _enterprise_points(plan: Plan) -> pd.DataFrame:
    assignments = plan.assignments
    kinds = np.where(assignments["site"].isin([SELF, UNSERVED]), assignments["site"], "shared")
    frame = assignments.assign(kind=kinds)
    summary = frame.groupby("enterprise").agg(
        lon=("lon", "first"),
        lat=("lat", "first"),
        shared=("kind", lambda k: bool((k == "shared").any())),
        alone=("kind", lambda k: bool((k != "shared").any())),
    )
    return summary.dropna(subset=["lon", "lat"])


def _draw_enterprises(ax, plan: Plan) -> list[Line2D]:
    points = _enterprise_points(plan)
    styles = [
        ("connected", points["shared"] & ~points["alone"], dict(marker="o", color="#323f4b")),
        ("partly connected", points["shared"] & points["alone"], dict(marker="o", color="#9aa5b1")),
        ("treats alone", ~points["shared"], dict(marker="x", color="#b42318")),
    ]
    handles = []
    for label, mask, style in styles:
        chosen = points[mask]
        if chosen.empty:
            continue
        size = 18 if style["marker"] == "o" else 26
        ax.scatter(
            chosen["lon"],
            chosen["lat"],
            s=size,
            c=style["color"],
            marker=style["marker"],
            zorder=4,
            linewidths=1.0,
        )
        handles.append(Line2D([], [], linestyle="", label=f"SME {label}", **style))
    return handles


def _draw_sites(ax, plan: Plan, colours: dict[str, str]) -> list[Line2D]:
    handles = []
    sites = _input(plan, "sites")
    used = set(plan.facilities["site"].astype(str)) if len(plan.facilities) else set()
    unused = sites[~sites["id"].astype(str).isin(used)] if not sites.empty else sites
    if not unused.empty:
        ax.scatter(
            unused["lon"],
            unused["lat"],
            s=60,
            marker="s",
            facecolors="none",
            edgecolors="#7b8794",
            zorder=3,
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="s",
                markerfacecolor="none",
                color="#7b8794",
                label="site left unused",
            )
        )
    for _, group in plan.facilities.groupby("site"):
        for rank, row in enumerate(group.itertuples(index=False)):
            size = 130 / (1 + rank)
            ax.scatter(
                [row.lon],
                [row.lat],
                s=size,
                marker="s",
                c=colours[str(row.service)],
                edgecolors="white",
                zorder=5 + rank,
            )
    if len(plan.facilities) and len(used) <= 40:
        for site, row in plan.facilities.drop_duplicates("site").set_index("site").iterrows():
            ax.annotate(
                str(site),
                (row["lon"], row["lat"]),
                xytext=(5, 5),
                textcoords="offset points",
                fontsize=8,
                zorder=9,
            )
    return handles


def network_svg(plan: Plan) -> str:
    """The plan on a map: network edges, assignment lines coloured by service, enterprises
    (connected dots, self-treating crosses), open facilities (squares in the service's colour)
    and unused candidate sites (hollow squares). Coordinates are lon/lat with the aspect of the
    park's latitude."""
    colours = service_colours(_services(plan))
    figure = Figure(figsize=(9.5, 6.5), layout="constrained")
    ax = figure.add_subplot()
    _draw_network(ax, plan)
    if len(plan.assignments):
        _draw_connections(ax, plan, colours)
    handles = _draw_enterprises(ax, plan) if len(plan.assignments) else []
    handles += _draw_sites(ax, plan, colours)
    used = set(plan.facilities.get("service", []))
    handles += [
        Line2D([], [], color=colours[s], marker="s", linewidth=1.5, label=s)
        for s in colours
        if s in used
    ]
    ax.autoscale_view()
    latitudes = pd.to_numeric(plan.assignments.get("lat", pd.Series(dtype=float)), errors="coerce")
    middle = float(latitudes.mean()) if latitudes.notna().any() else 0.0
    ax.set_aspect(1.0 / max(math.cos(math.radians(middle)), 0.1))
    ax.set_xlabel("longitude (°)")
    ax.set_ylabel("latitude (°)")
    ax.ticklabel_format(useOffset=False)
    ax.tick_params(labelsize=8)
    if handles:
        ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(f"{plan.label}: facilities and assignments", fontsize=10)
    return svg_text(figure, "map")


def cost_breakdown_svg(plan: Plan) -> str:
    """Horizontal bars: each part of the annual cost, the total, and everyone treating alone."""
    currency = str(plan.provenance.get("currency") or "CNY")
    breakdown = plan.kpis.get("cost_breakdown") or {}
    labels = [cost_part_label(k, "figure") for k in breakdown]
    values = [float(v) for v in breakdown.values()]
    colours = ["#7b8794" if v >= 0 else "#067647" for v in values]
    labels += ["Total (this plan)", "Everyone alone"]
    values += [
        float(plan.kpis.get("total_annual_cost", 0.0)),
        float(plan.kpis.get("all_self_cost", 0.0)),
    ]
    colours += ["#0072B2", "#b42318"]
    figure = Figure(figsize=(8.0, 0.35 * len(values) + 1.2), layout="constrained")
    ax = figure.add_subplot()
    positions = np.arange(len(values))[::-1]
    ax.barh(positions, values, color=colours)
    ax.set_yticks(positions, labels, fontsize=9)
    reach = max([abs(v) for v in values] + [1.0])
    for y, value in zip(positions, values, strict=True):
        # Labels sit right of the bar, or right of zero for a negative bar (clear of the names).
        ax.text(
            max(value, 0.0) + reach * 0.01,
            y,
            money(value, digits=0),
            va="center",
            ha="left",
            fontsize=8,
        )
    ax.set_xlim(min(min(values), 0) * 1.25, reach * 1.22)
    ax.axvline(0, color="#323f4b", linewidth=0.8)
    ax.set_xlabel(f"{currency} per year")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.tick_params(axis="x", labelsize=8)
    ax.set_title("Annual cost by part", fontsize=10)
    return svg_text(figure, "costs")

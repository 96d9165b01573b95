"""Static SVG figures for the HTML report: a map of the plan and a cost-breakdown bar chart.

The map draws the geometry and colours of :mod:`optimizer.plan_geometry` (as the app and the
GeoJSON export do).

Figures are drawn on :class:`matplotlib.figure.Figure` objects without pyplot, so nothing global
(backend, current figure) changes and the functions are safe in threads and in the app. The SVG is
returned as text ready to embed inline: no XML declaration, no DOCTYPE, no metadata block, text kept
as text, and ids salted per figure so that two figures on one page do not clash.

Names are drawn as written: :func:`plain_text` turns matplotlib's mathtext off, so a scenario,
site or service named ``$x$`` or ``a$b`` shows its dollars and never fails as bad maths.

Names in Chinese: text stays text in the SVG, so the reader's browser draws it, and every
``font-family`` of the SVG names :data:`CJK_FAMILIES` before the generic ``sans-serif`` (the
browser takes the first it has). matplotlib lays the text out with the first CJK font installed
here (:func:`installed_cjk_family`: Debian's ``fonts-noto-cjk``, WenQuanYi, Source Han Sans,
Microsoft YaHei, PingFang, SimHei); with none, it measures each Chinese character as DejaVu Sans'
missing-glyph box (about as wide), says nothing per glyph, and the figure is still drawn.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from . import plan_geometry
from .plan import Plan
from .plan_geometry import CJK_FAMILIES
from .plan_views import currency_of
from .words import money
from .words.catalogue import service_title, tr

#: The first family matplotlib draws Latin text in.
LATIN_FAMILY = "DejaVu Sans"
#: File names of the sans-serif CJK fonts of Debian, Windows and macOS.
_CJK_FILES = re.compile(r"NotoSansCJK-|SourceHanSans|wqy-|msyh|PingFang|simhei", re.IGNORECASE)
#: A glyph matplotlib cannot measure in the fonts it has (said once in the docs, not per glyph).
_MISSING_GLYPH = r"Glyph \d+ .* missing from font"


def installed_cjk_family(directories: Sequence[str | Path] | None = None) -> str | None:
    """The name of an installed font that draws Chinese, registering it with matplotlib (whose
    font list may predate it); None when there is none. ``directories``: where to look (the
    system's font folders by default; the default's answer is kept for the process).
    """
    if directories is None:
        return _system_cjk_family()
    return _cjk_family_in([str(d) for d in directories])


@cache
def _system_cjk_family() -> str | None:
    known = _registered()
    if any(family in known for family in CJK_FAMILIES):
        return _preferred(known & set(CJK_FAMILIES))
    return _cjk_family_in(None)


def _registered(files: set[str] | None = None) -> set[str]:
    """Names of the fonts matplotlib knows (of those in ``files`` only, when given)."""
    entries = font_manager.fontManager.ttflist
    return {e.name for e in entries if files is None or e.fname in files}


def _preferred(names: set[str]) -> str | None:
    return next(
        (family for family in CJK_FAMILIES if family in names), sorted(names)[0] if names else None
    )


def _cjk_family_in(directories: list[str] | None) -> str | None:
    files = {
        p
        for p in font_manager.findSystemFonts(fontpaths=directories)
        if _CJK_FILES.search(Path(p).name)
    }
    for path in sorted(files):
        font_manager.fontManager.addfont(path)
    return _preferred(_registered(files))


def text_settings(cjk_family: str | None) -> dict[str, object]:
    """matplotlib settings that draw text as written, Latin in :data:`LATIN_FAMILY` and Chinese
    in ``cjk_family`` (when one is installed)."""
    families = [LATIN_FAMILY] + ([cjk_family] if cjk_family else [])
    return {"text.parse_math": False, "font.family": families}


#: Pass to :func:`plain_text` for the installed CJK font (:func:`installed_cjk_family`).
INSTALLED = "installed"
#: The CJK family of the outermost :func:`plain_text` (a nested one keeps it).
_chosen: ContextVar[str | None] = ContextVar("cjk_family")


@contextmanager
def plain_text(cjk_family: str | None = INSTALLED) -> Iterator[None]:
    """Draw text as written inside this context (or in a function it decorates): matplotlib
    reads ``$...$`` as maths when the text is made (and tick labels when the figure is saved).
    Chinese is drawn in ``cjk_family``: the installed one by default, None for none (each
    Chinese character measured as a missing glyph, without a warning per glyph).

    >>> from matplotlib.figure import Figure
    >>> with plain_text():
    ...     Figure().text(0, 0, "site $1").get_parse_math()
    False
    """
    if cjk_family == INSTALLED:
        cjk_family = _chosen.get(INSTALLED)
    family = installed_cjk_family() if cjk_family == INSTALLED else cjk_family
    token = _chosen.set(family)
    try:
        with matplotlib.rc_context(text_settings(family)), warnings.catch_warnings():
            if family is None:
                warnings.filterwarnings("ignore", _MISSING_GLYPH, UserWarning)
            yield
    finally:
        _chosen.reset(token)


def _with_cjk_fallback(svg: str) -> str:
    """Every ``font-family`` of ``svg`` followed by :data:`CJK_FAMILIES` and ``sans-serif``."""
    extra = ", ".join(f"'{family}'" for family in CJK_FAMILIES) + ", sans-serif"

    def extended(match: re.Match) -> str:
        listed = [part.strip() for part in match.group(1).split(",")]
        kept = [p for p in listed if p.strip("'") not in CJK_FAMILIES and p != "sans-serif"]
        return f"font-family: {', '.join(kept)}, {extra}"

    return re.sub(r"font-family: ([^;\"]*)", extended, svg)


def svg_text(figure: Figure, salt: str) -> str:
    """The figure as inline SVG text (deterministic for the same figure and salt)."""
    buffer = io.StringIO()
    with plain_text(), matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        figure.savefig(
            buffer,
            format="svg",
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    text = buffer.getvalue()
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text, flags=re.DOTALL)
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    return _with_cjk_fallback(text.strip())


def _draw_network(ax, plan: Plan) -> None:
    lines = plan_geometry.plan_network(plan)
    segments = list(zip(lines["from"], lines["to"], strict=True))
    if segments:
        ax.add_collection(LineCollection(segments, colors="#d9e2ec", linewidths=0.8, zorder=1))


def _draw_connections(ax, plan: Plan) -> None:
    lines = plan_geometry.connection_lines(plan)
    ends = zip(lines["from"], lines["to"], strict=True)
    drawn = lines.loc[[start is not None and end is not None for start, end in ends]]
    for _, group in drawn.groupby("service"):
        segments = list(zip(group["from"], group["to"], strict=True))
        colour = group["colour"].iloc[0]
        ax.add_collection(
            LineCollection(segments, colors=colour, linewidths=1.2, alpha=0.8, zorder=2)
        )


def _draw_enterprises(ax, plan: Plan) -> list[Line2D]:
    points = plan_geometry.enterprise_points(plan).dropna(subset=["lon", "lat"])
    points["alone"] = points["self"] | points["unserved"]
    styles = [
        (
            "fig.sme_connected",
            points["shared"] & ~points["alone"],
            dict(marker="o", color="#323f4b"),
        ),
        ("fig.sme_partly", points["shared"] & points["alone"], dict(marker="o", color="#9aa5b1")),
        ("fig.sme_alone", ~points["shared"], dict(marker="x", color="#b42318")),
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
        handles.append(Line2D([], [], linestyle="", label=tr(label), **style))
    return handles


def _draw_sites(ax, plan: Plan) -> list[Line2D]:
    handles = []
    used = set(plan.facilities["site"].astype(str)) if len(plan.facilities) else set()
    unused = plan_geometry.unused_sites(plan)
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
                label=tr("fig.unused"),
            )
        )
    for _, group in plan_geometry.facility_points(plan).groupby("site"):
        for rank, row in enumerate(group.itertuples(index=False)):
            size = 130 / (1 + rank)
            ax.scatter(
                [row.lon],
                [row.lat],
                s=size,
                marker="s",
                c=row.colour,
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


@plain_text()
def network_figure(plan: Plan) -> Figure:
    """The plan on a map: network edges, assignment lines coloured by service, enterprises
    (connected dots, self-treating crosses), open facilities (squares in the service's colour)
    and unused candidate sites (hollow squares), with a legend. Coordinates are lon/lat with the
    aspect of the park's latitude; colours are :func:`optimizer.plan_geometry.service_colours`."""
    colours = plan_geometry.service_colours(plan)
    figure = Figure(figsize=(9.5, 6.5), layout="constrained")
    ax = figure.add_subplot()
    _draw_network(ax, plan)
    if len(plan.assignments):
        _draw_connections(ax, plan)
    handles = _draw_enterprises(ax, plan) if len(plan.assignments) else []
    handles += _draw_sites(ax, plan)
    used = set(plan.facilities.get("service", []))
    handles += [
        Line2D([], [], color=colours[s], marker="s", linewidth=1.5, label=service_title(s))
        for s in colours
        if s in used
    ]
    ax.autoscale_view()
    latitudes = pd.to_numeric(plan.assignments.get("lat", pd.Series(dtype=float)), errors="coerce")
    middle = float(latitudes.mean()) if latitudes.notna().any() else 0.0
    ax.set_aspect(1.0 / max(math.cos(math.radians(middle)), 0.1))
    ax.set_xlabel(tr("fig.lon"))
    ax.set_ylabel(tr("fig.lat"))
    ax.ticklabel_format(useOffset=False)
    ax.tick_params(labelsize=8)
    if handles:
        ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(tr("fig.map_title", label=plan.label), fontsize=10)
    return figure


def network_svg(plan: Plan) -> str:
    """:func:`network_figure` as inline SVG."""
    return svg_text(network_figure(plan), "map")


@plain_text()
def cost_breakdown_svg(plan: Plan) -> str:
    """Horizontal bars: each part of the annual cost, the total, and everyone treating alone."""
    currency = currency_of(plan)
    bars = plan_geometry.cost_bars(plan.kpis)
    labels, values, colours = list(bars["label"]), list(bars["amount"]), list(bars["colour"])
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
    ax.set_xlabel(tr("fig.per_year", cur=currency))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.tick_params(axis="x", labelsize=8)
    ax.set_title(tr("fig.costs_title"), fontsize=10)
    return svg_text(figure, "costs")


#: A search shorter than this (seconds) is not drawn: there is nothing to see in it.
SEARCH_WORTH_DRAWING_S = 1.0


def search_points(plan: Plan) -> list[tuple[float, float | None, float | None]]:
    """The solver's history (seconds, best plan, bound) as the plan recorded it, or []."""
    return [
        (float(t), None if best is None else float(best), None if bound is None else float(bound))
        for t, best, bound in plan.solver.get("history") or []
    ]


@plain_text()
def search_svg(plan: Plan) -> str | None:
    """A small chart of the search: the best plan and the best bound against time (None when the
    solve took under :data:`SEARCH_WORTH_DRAWING_S` or recorded no history, as plans solved before
    histories were kept)."""
    points = search_points(plan)
    if not points or points[-1][0] < SEARCH_WORTH_DRAWING_S:
        return None
    unit = tr("fig.per_year", cur=currency_of(plan))
    figure = Figure(figsize=(6.0, 2.4), layout="constrained")
    ax = figure.add_subplot()
    for column, label, colour in ((1, tr("fig.best"), "#0072B2"), (2, tr("fig.bound"), "#7b8794")):
        shown = [(p[0], p[column]) for p in points if p[column] is not None]
        if shown:
            ax.step(*zip(*shown, strict=True), where="post", label=label, color=colour)
    ax.set_xlabel(tr("fig.seconds"), fontsize=8)
    ax.set_ylabel(unit, fontsize=8)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:,.0f}"))
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    ax.set_title(tr("fig.search_title"), fontsize=9)
    return svg_text(figure, "search")

"""The geometry of a plan as plain tables, and the one service palette.

Points (open facilities, enterprises, candidate sites left unused) and lines (a connection from an
enterprise to its site, the park's network edges) with their ``lon``/``lat`` or ``[lon, lat]``
ends, their service and kind, and the colour of their service. The GeoJSON export, the HTML
report's map and the app's maps all take their geometry and colours from here, so a service has
the same colour everywhere.

The palette is the HTML report's: Okabe-Ito (colour-blind safe), given to services in the order
the scenario declares them, then in the order the plan's facilities and assignments name others.
The cost bars (:func:`cost_bars`, the app's chart and the report's alike) are in colours of their
own, none a service's, so that no bar reads as a service's cost. Nothing here draws: no Streamlit,
pydeck or matplotlib.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .plan import SELF, UNSERVED, Plan
from .words import COST_ALONE_BAR, COST_PARTS, COST_TOTAL_BAR, cost_part_label
from .words.catalogue import term

#: The one palette of categories (services, and sectors on the scenario map), as ``#RRGGBB``.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#F0E442",
    "#000000",
)


#: The colours of the cost bars: a part of the cost, the subsidy (it lowers the total), the
#: plan's total and everyone treating alone. None is (or is near) a colour of :data:`PALETTE`.
COST_COLOURS: dict[str, str] = {
    "part": "#7B8794",
    "subsidy": "#2F6B3A",
    "total": "#334E68",
    "alone": "#B42318",
}


def cost_bars(kpis: Mapping[str, Any], totals: bool = True) -> pd.DataFrame:
    """The bars of a cost chart: ``part`` (key), ``label`` (words), ``amount`` and ``colour``;
    each part of the yearly cost that is not zero in the order of
    :data:`optimizer.words.COST_PARTS` (a negative part, the subsidy, in its own colour), then,
    with ``totals``, the plan's total and everyone treating alone.

    >>> bars = cost_bars(
    ...     {
    ...         "cost_breakdown": {"fixed_om": 60.0, "subsidy": -10.0, "transport": 0.0},
    ...         "total_annual_cost": 50.0,
    ...         "all_self_cost": 80.0,
    ...     }
    ... )
    >>> bars[["part", "amount", "colour"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['fixed_om', 60.0, '#7B8794'], ['subsidy', -10.0, '#2F6B3A'],
     ['total', 50.0, '#334E68'], ['alone', 80.0, '#B42318']]
    """
    parts = kpis.get("cost_breakdown") or {}
    ordered = [k for k in COST_PARTS if k in parts] + [k for k in parts if k not in COST_PARTS]
    rows = [
        (key, cost_part_label(key), float(parts[key]))
        for key in ordered
        if parts[key] is not None and float(parts[key]) != 0.0
    ]
    if totals:
        rows.append(("total", term(COST_TOTAL_BAR), float(kpis.get("total_annual_cost") or 0.0)))
        rows.append(("alone", term(COST_ALONE_BAR), float(kpis.get("all_self_cost") or 0.0)))
    frame = pd.DataFrame(rows, columns=["part", "label", "amount"])
    frame["colour"] = [
        COST_COLOURS.get(part) or COST_COLOURS["subsidy" if amount < 0 else "part"]
        for part, amount in zip(frame["part"], frame["amount"], strict=True)
    ]
    return frame


#: Font families that draw Chinese, best first: named wherever the reader's browser draws text
#: (the report's SVG figures, the app's map labels), which takes the first it has.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
)
#: Onward streams (effluent, sludge) between facilities: a colour of their own, none a service's.
FLOW_COLOUR = "#6B4E16"
#: The park's network under a plan: a light grey.
NETWORK_COLOUR = "#C3CCD6"


def colours_in_order(names: Iterable[Any]) -> dict[str, str]:
    """A colour per distinct name, in the order the names are first seen, cycling the palette.

    >>> colours_in_order(["sewage", "spraying", "sewage"])
    {'sewage': '#0072B2', 'spraying': '#E69F00'}
    """
    distinct = list(dict.fromkeys(str(name) for name in names))
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(distinct)}


def rgb(colour: str) -> list[int]:
    """``#RRGGBB`` as ``[red, green, blue]`` (0-255), as pydeck takes colours.

    >>> rgb("#0072B2")
    [0, 114, 178]
    """
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def input_table(plan: Plan, name: str) -> pd.DataFrame:
    """A table of the inputs the plan was solved from (empty when the plan does not carry it)."""
    frame = plan.inputs.get("tables", {}).get(name)
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame()


def plan_services(plan: Plan) -> list[str]:
    """The plan's services: as the scenario declares them, then any other its tables name."""
    declared = plan.inputs.get("settings", {}).get("services", {})
    seen = [*declared, *plan.facilities.get("service", []), *plan.assignments.get("service", [])]
    return list(dict.fromkeys(str(s) for s in seen))


def service_units(plan: Plan) -> dict[str, str]:
    """The unit of each service the plan's scenario declares (``m3``, ``t``; ``unit`` if none)."""
    services = plan.inputs.get("settings", {}).get("services", {})
    return {
        str(name): str(settings.get("unit") or "unit")
        for name, settings in services.items()
        if isinstance(settings, dict)
    }


def service_colours(plan: Plan) -> dict[str, str]:
    """The colour of each of the plan's services (``#RRGGBB``), in :func:`plan_services` order."""
    return colours_in_order(plan_services(plan))


def located(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with both coordinates on Earth (``lon`` in [-180, 180], ``lat`` in [-90, 90]),
    as floats; no rows (with ``lon`` and ``lat`` columns) when the frame has no coordinates."""
    if frame.empty or not {"lon", "lat"} <= set(frame.columns):
        return pd.DataFrame(columns=list(dict.fromkeys([*frame.columns, "lon", "lat"])))
    out = frame.copy()
    out["lon"] = pd.to_numeric(out["lon"], errors="coerce").astype(float)
    out["lat"] = pd.to_numeric(out["lat"], errors="coerce").astype(float)
    ok = out["lon"].between(-180, 180) & out["lat"].between(-90, 90)
    return out.loc[ok].reset_index(drop=True)


def _lonlat(lon: Any, lat: Any) -> list[float] | None:
    if lon is None or lat is None or pd.isna(lon) or pd.isna(lat):
        return None
    return [float(lon), float(lat)]


def site_coordinates(plan: Plan) -> dict[str, list[float]]:
    """``[lon, lat]`` of each site: from the scenario's site table, then the facilities' own."""
    out: dict[str, list[float]] = {}
    frames = [input_table(plan, "sites").rename(columns={"id": "site"}), plan.facilities]
    for frame in frames:
        if {"site", "lon", "lat"} <= set(frame.columns):
            for site, lon, lat in frame[["site", "lon", "lat"]].itertuples(index=False):
                point = _lonlat(lon, lat)
                if point is not None:
                    out[str(site)] = point
    return out


def is_shared(sites: pd.Series) -> pd.Series:
    """Whether each assignment goes to a facility (not treated alone, not unserved)."""
    return ~sites.isin([SELF, UNSERVED])


def connection_lines(plan: Plan) -> pd.DataFrame:
    """A row per connection (an assignment to a facility) with its columns, ``from`` (the
    enterprise) and ``to`` (the site) as ``[lon, lat]`` or None when unknown, and the ``colour``
    of its service."""
    shared = plan.assignments.loc[is_shared(plan.assignments["site"])].reset_index(drop=True)
    sites = site_coordinates(plan)
    colours = service_colours(plan)
    return shared.assign(
        **{
            "from": [_lonlat(x, y) for x, y in zip(shared["lon"], shared["lat"], strict=True)],
            "to": [sites.get(str(s)) for s in shared["site"]],
            "colour": [colours[str(s)] for s in shared["service"]],
        }
    )


def facility_points(plan: Plan) -> pd.DataFrame:
    """The open facilities with the ``colour`` of their service."""
    colours = service_colours(plan)
    return plan.facilities.assign(colour=[colours[str(s)] for s in plan.facilities["service"]])


ENTERPRISE_COLUMNS = ("enterprise", "enterprise_name", "lon", "lat", "shared", "self", "unserved")


def enterprise_points(plan: Plan) -> pd.DataFrame:
    """A row per enterprise of the assignments, sorted by id: its name and coordinates; whether
    any of its services is ``shared`` (at a facility), treated on its own (``self``) or
    ``unserved``; the ``service`` of its first connection and that service's ``colour`` (None
    when it shares nothing)."""
    assignments = plan.assignments
    if assignments.empty:
        return pd.DataFrame(columns=[*ENTERPRISE_COLUMNS, "service", "colour"])
    sites = assignments["site"]
    flags = pd.DataFrame(
        {
            "enterprise": assignments["enterprise"],
            "shared": is_shared(sites),
            "self": sites == SELF,
            "unserved": sites == UNSERVED,
        }
    )
    out = flags.groupby("enterprise", sort=True)[["shared", "self", "unserved"]].any()
    named = assignments.assign(
        enterprise_name=assignments.get("enterprise_name", pd.Series("", index=assignments.index))
    )
    firsts = named.groupby("enterprise", sort=True)[["enterprise_name", "lon", "lat"]].first()
    out = firsts.join(out).reset_index()
    first_connection = assignments.loc[flags["shared"]].groupby("enterprise")["service"].first()
    colours = service_colours(plan)
    services = [first_connection.get(e) for e in out["enterprise"]]
    out["service"] = pd.Series(services, index=out.index, dtype=object)
    out["colour"] = pd.Series(
        [None if s is None else colours[str(s)] for s in services], index=out.index, dtype=object
    )
    return out[[*ENTERPRISE_COLUMNS, "service", "colour"]]


def unused_sites(plan: Plan) -> pd.DataFrame:
    """The scenario's candidate sites where nothing opens (columns of the site table)."""
    sites = input_table(plan, "sites")
    if sites.empty:
        return sites
    used = set(plan.facilities["site"].astype(str)) if len(plan.facilities) else set()
    return sites.loc[~sites["id"].astype(str).isin(used)]


def network_lines(nodes: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """The edges whose two nodes are located, with their columns and ``from``/``to`` as
    ``[lon, lat]`` (edges of unknown or unlocated nodes are left out)."""
    if nodes.empty or edges.empty:
        return pd.DataFrame(columns=[*edges.columns, "from", "to"])
    places = located(nodes)
    where = {
        str(i): [float(x), float(y)]
        for i, x, y in places[["id", "lon", "lat"]].drop_duplicates("id").itertuples(index=False)
    }
    ends = edges["from_node"].astype(str), edges["to_node"].astype(str)
    known = ends[0].isin(where) & ends[1].isin(where)
    return edges.loc[known].assign(
        **{"from": [where[a] for a in ends[0][known]], "to": [where[b] for b in ends[1][known]]}
    )


def plan_network(plan: Plan) -> pd.DataFrame:
    """The network lines of the scenario the plan was solved from (none when it carries none)."""
    return network_lines(input_table(plan, "nodes"), input_table(plan, "edges"))


def flow_lines(plan: Plan) -> pd.DataFrame:
    """The onward streams from one facility to another (``plan.flows`` rows whose both sites are
    located; streams to the external sink have no line), with ``from``/``to`` as ``[lon, lat]``."""
    flows = plan.flows
    if flows.empty or not {"site", "to_site"} <= set(flows.columns):
        return pd.DataFrame(columns=[*flows.columns, "from", "to"])
    sites = site_coordinates(plan)
    ends = flows["site"].astype(str), flows["to_site"].astype(str)
    known = ends[0].isin(sites) & ends[1].isin(sites) & (ends[0] != ends[1])
    return (
        flows.loc[known]
        .assign(
            **{"from": [sites[a] for a in ends[0][known]], "to": [sites[b] for b in ends[1][known]]}
        )
        .reset_index(drop=True)
    )

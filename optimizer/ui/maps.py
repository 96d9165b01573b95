"""A plan on a pydeck map: the park outline, a line from each connected enterprise to its
facility, the enterprises (coloured by their first shared service; grey when they treat
everything on their own, red when a demand is unserved) and the open facilities.

The geometry and the service colours are :mod:`optimizer.plan_geometry`'s, the same as the
GeoJSON export and the HTML report use. Nothing here imports Streamlit.
"""

from __future__ import annotations

import pandas as pd
import pydeck as pdk

from .. import plan_geometry
from ..plan import Plan
from ..plan_views import currency_of
from .deck_layers import (
    MAP_WIDTH,
    Colour,
    cell,
    deck,
    label_layer,
    line_layer,
    point_layer,
    tip_number,
)
from .park_layer import outline_layer

#: Enterprises that keep treating on their own, and demands no one serves.
SELF_COLOUR: Colour = [120, 120, 120]
UNSERVED_COLOUR: Colour = [220, 0, 0]


def plan_points(plan: Plan) -> pd.DataFrame:
    """Every located point of a plan (enterprises and facilities)."""
    frames = [
        plan_geometry.located(plan.assignments)[["lon", "lat"]] if len(plan.assignments) else None,
        plan_geometry.located(plan.facilities)[["lon", "lat"]] if len(plan.facilities) else None,
    ]
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return pd.DataFrame({"lon": [0.0], "lat": [0.0]})
    return pd.concat(frames, ignore_index=True)


def service_colours(plan: Plan) -> dict[str, Colour]:
    """A colour per service of the plan (its demands and facilities), as the map draws them."""
    present = {str(s) for s in plan.assignments.get("service", [])}
    present |= {str(s) for s in plan.facilities.get("service", [])}
    colours = plan_geometry.service_colours(plan)
    return {s: plan_geometry.rgb(c) for s, c in colours.items() if s in present}


def connection_lines(plan: Plan) -> pd.DataFrame:
    """A line from each located connected enterprise to its facility, coloured by service."""
    lines = plan_geometry.located(plan_geometry.connection_lines(plan))
    lines = lines.loc[[end is not None for end in lines["to"]]]
    return pd.DataFrame(
        {
            "from": lines["from"].tolist(),
            "to": lines["to"].tolist(),
            "service": lines["service"].tolist(),
            "colour": [plan_geometry.rgb(c) for c in lines["colour"]],
            "tip": [
                f"{e} -> {s} ({v})\n{tip_number(d, 2)} km, share {tip_number(sh * 100, 0)}%"
                for e, s, v, d, sh in zip(
                    lines["enterprise"],
                    lines["site"],
                    lines["service"],
                    lines["distance_km"],
                    lines["share"],
                    strict=True,
                )
            ],
        },
        columns=["from", "to", "service", "colour", "tip"],
    )


def _enterprise_colour(point: pd.Series) -> Colour:
    if point["unserved"]:
        return UNSERVED_COLOUR
    if point["shared"]:
        return plan_geometry.rgb(point["colour"])
    return SELF_COLOUR


def enterprise_status(plan: Plan) -> pd.DataFrame:
    """One point per enterprise, coloured by its first shared service (grey: it shares nothing;
    red: a demand is unserved); ``self`` marks those that treat at least one service on their own.
    The tooltip says what it does per service."""
    points = plan_geometry.located(plan_geometry.enterprise_points(plan))
    if points.empty:
        return points
    doing = (
        plan.assignments.assign(doing=plan.assignments["service"] + ": " + plan.assignments["site"])
        .groupby("enterprise")["doing"]
        .agg("; ".join)
    )
    return pd.DataFrame(
        {
            "enterprise": points["enterprise"],
            "lon": points["lon"],
            "lat": points["lat"],
            "colour": [_enterprise_colour(p) for _, p in points.iterrows()],
            "self": points["self"].astype(bool),
            "tip": [
                f"{e} {cell(n)}".rstrip() + f"\n{doing[e]}"
                for e, n in zip(points["enterprise"], points["enterprise_name"], strict=True)
            ],
        }
    )


#: Radius of a facility's circle, in pixels: the smallest and the most a circle adds to it.
FACILITY_RADIUS_PX = (7.0, 17.0)


def facility_size(values: pd.Series) -> pd.Series:
    """Circle radii (pixels) whose areas grow with ``values`` (annual cost, or members): the
    largest is the largest circle, zero or missing the smallest.

    >>> facility_size(pd.Series([0.0, 25.0, 100.0])).tolist()
    [7.0, 15.5, 24.0]
    """
    amounts = pd.to_numeric(values, errors="coerce").fillna(0.0).clip(lower=0.0)
    top = float(amounts.max()) if len(amounts) else 0.0
    share = (amounts / top) ** 0.5 if top > 0 else amounts * 0.0
    smallest, extra = FACILITY_RADIUS_PX
    return smallest + extra * share


def facility_points(plan: Plan) -> pd.DataFrame:
    """Open facilities with colour (service), radius (pixels: by annual cost, the same measure for
    every service, or by members when the plan has no costs) and tooltip."""
    f = plan_geometry.located(plan_geometry.facility_points(plan))
    if f.empty:
        return f
    currency = currency_of(plan)
    units = plan_geometry.service_units(plan)
    f["colour"] = [plan_geometry.rgb(c) for c in f["colour"]]
    sized_by = "annual_cost" if "annual_cost" in f and f["annual_cost"].notna().any() else "members"
    f["radius"] = facility_size(f[sized_by]).to_numpy()
    f["tip"] = [
        f"facility {s} ({v}, tier {t}{', existing' if e else ''})\n"
        f"annual cost {tip_number(cost, 0)} {currency}/year, {m} members\n"
        f"load {tip_number(load)} of {tip_number(cap)} {units.get(str(v), '')}/day "
        f"({tip_number(u * 100, 0)}%)"
        for s, v, t, e, load, cap, u, m, cost in zip(
            f["site"],
            f["service"],
            f["tier"],
            f["existing"],
            f["load_per_day"],
            f["capacity_per_day"],
            f["utilisation"],
            f["members"],
            f.get("annual_cost", pd.Series(None, index=f.index)),
            strict=True,
        )
    ]
    return f.sort_values("radius", ascending=False).reset_index(drop=True)  # small on top


def site_labels(facilities: pd.DataFrame) -> pd.DataFrame:
    """One label per site (its id), above its largest circle."""
    first = facilities.groupby("site", sort=False).first().reset_index()
    return first.assign(label=first["site"].astype(str), above=first["radius"] + 4)


def _tipped_lines(lines: pd.DataFrame, tips: list[str]) -> pd.DataFrame:
    """Line ends (``from``, ``to``) and a tooltip per line, as the map's line layers take them."""
    return pd.DataFrame(
        {"from": lines["from"].tolist(), "to": lines["to"].tolist(), "tip": tips},
        columns=["from", "to", "tip"],
    )


def network_lines(plan: Plan) -> pd.DataFrame:
    """The park's network under the plan, a tooltip per edge."""
    lines = plan_geometry.plan_network(plan)
    tips = [f"network {a} - {b}" for a, b in zip(lines["from_node"], lines["to_node"], strict=True)]
    return _tipped_lines(lines, tips)


def flow_lines(plan: Plan) -> pd.DataFrame:
    """The onward streams (effluent, sludge) from one facility to another, with a tooltip."""
    lines = plan_geometry.flow_lines(plan)
    tips = [
        f"{o}: {a} ({v}) -> {b} ({w})\n{tip_number(q)} per day, {tip_number(d, 2)} km"
        for o, a, v, b, w, q, d in zip(
            lines["output"],
            lines["site"],
            lines["service"],
            lines["to_site"],
            lines["to_service"],
            lines["flow_per_day"],
            lines["distance_km"],
            strict=True,
        )
    ]
    return _tipped_lines(lines, tips)


def plan_deck(plan: Plan, basemap: bool = False, width: int = MAP_WIDTH) -> pdk.Deck:
    """The plan on a map: the park's network (light grey), a line per connection (colour:
    service), onward streams between facilities (brown), enterprises (grey: treating everything
    on their own; black ring: at least one service on their own; red: unserved) and open
    facilities (circles sized by annual cost), labelled once per site."""
    points = plan_points(plan)
    layers = [outline_layer(points)]
    network = network_lines(plan)
    if len(network):
        layers.append(
            line_layer(network, "network", plan_geometry.rgb(plan_geometry.NETWORK_COLOUR), 1)
        )
    lines = connection_lines(plan)
    if len(lines):
        layers.append(line_layer(lines, "connections", "colour", 3))
    firms = enterprise_status(plan)
    if len(firms):
        self_treating = firms.loc[firms["self"]]
        connected = firms.loc[~firms["self"]]
        if len(connected):
            layers.append(point_layer(connected, "connected", radius=35))
        if len(self_treating):
            layers.append(point_layer(self_treating, "self-treating", radius=35, line=[0, 0, 0]))
    flows = flow_lines(plan)
    if len(flows):
        layers.append(
            line_layer(flows, "onward-flows", plan_geometry.rgb(plan_geometry.FLOW_COLOUR), 5)
        )
    facilities = facility_points(plan)
    if len(facilities):
        layers.append(
            point_layer(facilities, "facilities", radius="radius", line=[0, 0, 0], units="pixels")
        )
        layers.append(label_layer(site_labels(facilities), "facility-labels", "label", "above"))
    return deck(layers, points, basemap, width)

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
from .deck_layers import MAP_WIDTH, Colour, deck, label_layer, line_layer, point_layer, tip_number
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
                f"{e} {n or ''}\n{doing[e]}"
                for e, n in zip(points["enterprise"], points["enterprise_name"], strict=True)
            ],
        }
    )


def facility_points(plan: Plan) -> pd.DataFrame:
    """Open facilities with colour (service), radius (capacity) and tooltip."""
    f = plan_geometry.located(plan_geometry.facility_points(plan))
    if f.empty:
        return f
    f["colour"] = [plan_geometry.rgb(c) for c in f["colour"]]
    f["radius"] = 60 + 6 * f["capacity_per_day"].astype(float).clip(lower=0) ** 0.5
    f["tip"] = [
        f"facility {s} ({v}, tier {t}{', existing' if e else ''})\n"
        f"load {tip_number(load)} of {tip_number(cap)} per day ({tip_number(u * 100, 0)}%), "
        f"{m} members"
        for s, v, t, e, load, cap, u, m in zip(
            f["site"],
            f["service"],
            f["tier"],
            f["existing"],
            f["load_per_day"],
            f["capacity_per_day"],
            f["utilisation"],
            f["members"],
            strict=True,
        )
    ]
    return f


def plan_deck(plan: Plan, basemap: bool = False, width: int = MAP_WIDTH) -> pdk.Deck:
    """The plan on a map: open facilities, a line per connection (colour: service), enterprises
    (grey: treating everything on their own; black ring: at least one service on their own;
    red: unserved)."""
    points = plan_points(plan)
    layers = [outline_layer(points)]
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
    facilities = facility_points(plan)
    if len(facilities):
        layers.append(point_layer(facilities, "facilities", radius="radius", line=[0, 0, 0]))
        labels = facilities.assign(label=facilities["site"] + " " + facilities["tier"])
        layers.append(label_layer(labels, "facility-labels", "label"))
    return deck(layers, points, basemap, width)

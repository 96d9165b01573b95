"""pydeck maps of a scenario and of a plan, drawn without any online service.

The maps have no basemap by default (``map_provider=None``): the park is drawn as a GeoJSON
polygon, the convex hull of every point with a margin, under the network, the sites and the
enterprises. An online basemap (Carto's light style) is opt-in. Every layer carries a ``tip``
text that the tooltip shows. Nothing here imports Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import pydeck as pdk

from ..plan import SELF, UNSERVED, Plan
from ..scenario import Scenario

Colour = list[int]

#: Categorical colours (Okabe-Ito, then Tableau), RGB.
PALETTE: tuple[tuple[int, int, int], ...] = (
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (240, 228, 66),
    (148, 103, 189),
    (140, 86, 75),
    (127, 127, 127),
)

#: Site colours by status.
STATUS_COLOURS: dict[str, Colour] = {
    "required": [0, 128, 0],
    "optional": [255, 255, 255],
    "forbidden": [200, 0, 0],
}

#: Size of the map on the page, in pixels (the view is zoomed to fit the points into it).
MAP_WIDTH, MAP_HEIGHT = 800, 520

#: Enterprises that keep treating on their own, and demands no one serves.
SELF_COLOUR: Colour = [120, 120, 120]
UNSERVED_COLOUR: Colour = [220, 0, 0]

PARK_FILL: Colour = [225, 232, 220, 160]
PARK_LINE: Colour = [150, 160, 140]
NETWORK_COLOUR: Colour = [150, 150, 150]

TOOLTIP = {"text": "{tip}", "style": {"fontSize": "12px"}}

#: Carto's light basemap (needs the internet; opt-in).
ONLINE_STYLE = "light"


def colours(values: Iterable[Any]) -> dict[str, Colour]:
    """A colour per distinct value, in sorted order, cycling through :data:`PALETTE`.

    >>> colours(["food", "dyeing", "food"])
    {'dyeing': [0, 114, 178], 'food': [230, 159, 0]}
    """
    distinct = sorted({str(v) for v in values})
    return {v: list(PALETTE[i % len(PALETTE)]) for i, v in enumerate(distinct)}


def _cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull, counter-clockwise, without repeating the first point (monotone chain).

    >>> convex_hull([(0, 0), (1, 0), (1, 1), (0, 1), (0.5, 0.5)])
    [(0, 0), (1, 0), (1, 1), (0, 1)]
    """
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts
    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def park_outline(lons: Sequence[float], lats: Sequence[float], margin: float = 0.1) -> dict:
    """The park as a GeoJSON polygon: the convex hull of the points, grown by ``margin`` of its
    extent (at least about 100 m); a box when the points are fewer than three or on a line.

    >>> outline = park_outline([120.0, 120.1, 120.05], [31.0, 31.0, 31.1])
    >>> outline["features"][0]["geometry"]["type"]
    'Polygon'
    """
    points = [(float(x), float(y)) for x, y in zip(lons, lats, strict=True)]
    points = [p for p in points if math.isfinite(p[0]) and math.isfinite(p[1])]
    if not points:
        return {"type": "FeatureCollection", "features": []}
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    pad = max(max(xs) - min(xs), max(ys) - min(ys)) * margin + 0.001
    hull = convex_hull(points)
    if len(hull) < 3 or _area(hull) < 1e-12:
        ring = _box(min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)
    else:
        cx, cy = sum(p[0] for p in hull) / len(hull), sum(p[1] for p in hull) / len(hull)
        ring = [_pushed(p, (cx, cy), pad) for p in hull]
        ring.append(ring[0])
    feature = {
        "type": "Feature",
        "properties": {"tip": "Park (outline of every point)"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    return {"type": "FeatureCollection", "features": [feature]}


def _area(ring: Sequence[tuple[float, float]]) -> float:
    return abs(
        sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, [*ring[1:], ring[0]], strict=True))
    )


def _box(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def _pushed(point: tuple[float, float], centre: tuple[float, float], pad: float) -> list[float]:
    dx, dy = point[0] - centre[0], point[1] - centre[1]
    length = math.hypot(dx, dy) or 1.0
    return [point[0] + dx / length * pad, point[1] + dy / length * pad]


def view_state(
    lons: Sequence[float], lats: Sequence[float], width: int = MAP_WIDTH, height: int = MAP_HEIGHT
) -> pdk.ViewState:
    """A view that frames the points (with a margin) in a map of ``width`` x ``height`` pixels.

    >>> round(view_state([120.0, 120.1], [31.0, 31.1]).zoom, 1)
    11.2
    """
    xs = [float(x) for x in lons if math.isfinite(float(x))] or [0.0]
    ys = [float(y) for y in lats if math.isfinite(float(y))] or [0.0]
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    # deck.gl's Web Mercator: 512 px show 360 degrees of longitude at zoom 0; latitude stretches.
    stretch = max(math.cos(math.radians(centre_y)), 0.1)
    span_x = max(max(xs) - min(xs), 1e-3) * 1.3
    span_y = max(max(ys) - min(ys), 1e-3) * 1.3 / stretch
    zoom = min(math.log2(360 * width / (512 * span_x)), math.log2(360 * height / (512 * span_y)))
    return pdk.ViewState(
        longitude=centre_x, latitude=centre_y, zoom=min(max(zoom, 2.0), 18.0), pitch=0
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain Python values (no pandas NA), as pydeck serialises them."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def _number(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{float(value):,.{digits}f}"


def deck(
    layers: list[pdk.Layer], points: pd.DataFrame, basemap: bool = False, width: int = MAP_WIDTH
) -> pdk.Deck:
    """A deck over the layers, framing ``points`` (columns lon and lat) in a map ``width`` pixels
    wide; offline unless ``basemap``."""
    return pdk.Deck(
        layers=layers,
        initial_view_state=view_state(points["lon"].tolist(), points["lat"].tolist(), width),
        map_provider="carto" if basemap else None,
        map_style=ONLINE_STYLE if basemap else None,
        tooltip=TOOLTIP,
    )


def outline_layer(points: pd.DataFrame) -> pdk.Layer:
    """The park polygon under everything else."""
    return pdk.Layer(
        "GeoJsonLayer",
        park_outline(points["lon"].tolist(), points["lat"].tolist()),
        id="park",
        filled=True,
        stroked=True,
        get_fill_color=PARK_FILL,
        get_line_color=PARK_LINE,
        line_width_min_pixels=1,
        pickable=False,
    )


# ---------------------------------------------------------------------------------------------
# Scenario map
# ---------------------------------------------------------------------------------------------


def _located(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with both coordinates, as floats."""
    if frame.empty or not {"lon", "lat"} <= set(frame.columns):
        return pd.DataFrame(columns=[*frame.columns, "lon", "lat"]).iloc[0:0]
    out = frame.copy()
    out["lon"] = pd.to_numeric(out["lon"], errors="coerce").astype(float)
    out["lat"] = pd.to_numeric(out["lat"], errors="coerce").astype(float)
    ok = out["lon"].between(-180, 180) & out["lat"].between(-90, 90)
    return out.loc[ok].reset_index(drop=True)


def scenario_points(scenario: Scenario) -> pd.DataFrame:
    """Every located point of the scenario (enterprises, sites, nodes), columns lon and lat."""
    frames = [
        _located(scenario.tables[t])[["lon", "lat"]] for t in ("enterprises", "sites", "nodes")
    ]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({"lon": [0.0], "lat": [0.0]})
    return pd.concat(frames, ignore_index=True)


def enterprise_points(scenario: Scenario) -> pd.DataFrame:
    """Enterprises with their colour (by sector), radius (by demand) and tooltip."""
    firms = _located(scenario.tables["enterprises"])
    demands = scenario.tables["demands"]
    if firms.empty:
        return firms
    per = demands.groupby("enterprise")["demand_per_day"].sum() if len(demands) else pd.Series()
    lines = (
        demands.assign(
            text=demands["service"].astype(str)
            + " "
            + demands["demand_per_day"].map(lambda v: _number(v, 2))
        )
        .groupby("enterprise")["text"]
        .agg("; ".join)
        if len(demands)
        else pd.Series(dtype=str)
    )
    palette = colours(firms["sector"].fillna("(none)"))
    firms["colour"] = [palette[str(s)] for s in firms["sector"].fillna("(none)")]
    total = firms["id"].map(per).fillna(0.0).astype(float)
    firms["radius"] = 15 + 6 * total.clip(lower=0) ** 0.5
    firms["tip"] = [
        f"{i} {n or ''}\nsector: {s or '-'}\ndemand per day: {lines.get(i, 'none')}"
        for i, n, s in zip(firms["id"], firms["name"], firms["sector"], strict=True)
    ]
    return firms


def site_points(scenario: Scenario) -> pd.DataFrame:
    """Candidate sites with their colour (by status) and tooltip."""
    sites = _located(scenario.tables["sites"])
    if sites.empty:
        return sites
    status = sites["status"].fillna("optional").astype(str)
    sites["colour"] = [STATUS_COLOURS.get(s, [90, 90, 90]) for s in status]
    sites["tip"] = [
        f"site {i} {n or ''}\nstatus: {s}\nservices: {v or 'any with tiers'}\n"
        f"area m2: {_number(a, 0)}"
        for i, n, s, v, a in zip(
            sites["id"], sites["name"], status, sites["services"], sites["area_m2"], strict=True
        )
    ]
    return sites


def node_points(scenario: Scenario) -> pd.DataFrame:
    """Network nodes, small and grey, with their id in the tooltip."""
    nodes = _located(scenario.tables["nodes"])
    if nodes.empty:
        return nodes
    nodes["colour"] = [NETWORK_COLOUR] * len(nodes)
    nodes["tip"] = [f"node {i}" for i in nodes["id"]]
    return nodes


def network_lines(scenario: Scenario) -> pd.DataFrame:
    """Edges with the coordinates of both ends (edges whose nodes are unknown are left out)."""
    nodes = _located(scenario.tables["nodes"]).drop_duplicates("id").set_index("id")
    edges = scenario.tables["edges"]
    if nodes.empty or edges.empty:
        return pd.DataFrame(columns=["from", "to", "tip"])
    known = edges["from_node"].isin(nodes.index) & edges["to_node"].isin(nodes.index)
    edges = edges.loc[known]
    return pd.DataFrame(
        {
            "from": [[nodes.at[a, "lon"], nodes.at[a, "lat"]] for a in edges["from_node"]],
            "to": [[nodes.at[b, "lon"], nodes.at[b, "lat"]] for b in edges["to_node"]],
            "tip": [
                f"edge {a} - {b}\n{_number(km, 3)} km, {m or 'pipe;road'}"
                for a, b, km, m in zip(
                    edges["from_node"],
                    edges["to_node"],
                    edges["length_km"],
                    edges["modes"],
                    strict=True,
                )
            ],
        }
    )


def _line_layer(data: pd.DataFrame, layer_id: str, colour: Any, width: float) -> pdk.Layer:
    return pdk.Layer(
        "LineLayer",
        _records(data),
        id=layer_id,
        get_source_position="from",
        get_target_position="to",
        get_color=colour,
        get_width=width,
        width_min_pixels=1,
        pickable=True,
    )


def _point_layer(
    data: pd.DataFrame, layer_id: str, radius: Any = 40, line: Colour | None = None
) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        _records(data.drop(columns=[c for c in ("node",) if c in data])),
        id=layer_id,
        get_position=["lon", "lat"],
        get_fill_color="colour",
        get_radius=radius,
        radius_min_pixels=3,
        radius_max_pixels=40,
        stroked=line is not None,
        get_line_color=line or [0, 0, 0],
        line_width_min_pixels=2 if line is not None else 1,
        pickable=True,
    )


def label_layer(points: pd.DataFrame, layer_id: str, column: str) -> pdk.Layer:
    """Text labels above points (deck.gl draws the glyphs itself: nothing is fetched)."""
    return pdk.Layer(
        "TextLayer",
        _records(points[["lon", "lat", column, "tip"]]),
        id=layer_id,
        get_position=["lon", "lat"],
        get_text=column,
        get_size=13,
        get_color=[20, 20, 20],
        get_pixel_offset=[0, -16],
        pickable=False,
    )


def scenario_deck(scenario: Scenario, basemap: bool = False, width: int = MAP_WIDTH) -> pdk.Deck:
    """The scenario on a map: park outline, network (edges and nodes), enterprises (colour:
    sector; size: demand) and candidate sites (colour: status; labelled with their id)."""
    points = scenario_points(scenario)
    layers = [outline_layer(points)]
    lines = network_lines(scenario)
    if len(lines):
        layers.append(_line_layer(lines, "network", NETWORK_COLOUR, 2))
    nodes = node_points(scenario)
    if len(nodes):
        layers.append(_point_layer(nodes, "nodes", radius=8))
    firms = enterprise_points(scenario)
    if len(firms):
        layers.append(_point_layer(firms, "enterprises", radius="radius"))
    sites = site_points(scenario)
    if len(sites):
        sites = sites.assign(size=70)
        layers.append(_point_layer(sites, "sites", radius="size", line=[0, 0, 0]))
        layers.append(label_layer(sites, "site-labels", "id"))
    return deck(layers, points, basemap, width)


def sector_legend(scenario: Scenario) -> dict[str, Colour]:
    """Sector colours as used on the scenario map."""
    return colours(scenario.tables["enterprises"]["sector"].fillna("(none)"))


# ---------------------------------------------------------------------------------------------
# Plan map
# ---------------------------------------------------------------------------------------------


def plan_points(plan: Plan) -> pd.DataFrame:
    """Every located point of a plan (enterprises and facilities)."""
    frames = [
        _located(plan.assignments)[["lon", "lat"]] if len(plan.assignments) else None,
        _located(plan.facilities)[["lon", "lat"]] if len(plan.facilities) else None,
    ]
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return pd.DataFrame({"lon": [0.0], "lat": [0.0]})
    return pd.concat(frames, ignore_index=True)


def service_colours(plan: Plan) -> dict[str, Colour]:
    """A colour per service of the plan (its demands and facilities)."""
    services = list(plan.assignments.get("service", [])) + list(plan.facilities.get("service", []))
    return colours(services)


def connection_lines(plan: Plan) -> pd.DataFrame:
    """A line from each connected enterprise to its facility, coloured by service."""
    a, f = plan.assignments, plan.facilities
    if a.empty or f.empty:
        return pd.DataFrame(columns=["from", "to", "colour", "tip"])
    sites = f.drop_duplicates("site").set_index("site")[["lon", "lat"]]
    shared = _located(a.loc[a["site"].isin(sites.index)])
    palette = service_colours(plan)
    return pd.DataFrame(
        {
            "from": [[x, y] for x, y in zip(shared["lon"], shared["lat"], strict=True)],
            "to": [[sites.at[s, "lon"], sites.at[s, "lat"]] for s in shared["site"]],
            "colour": [palette[str(s)] for s in shared["service"]],
            "tip": [
                f"{e} -> {s} ({v})\n{_number(d, 2)} km, share {_number(sh * 100, 0)}%"
                for e, s, v, d, sh in zip(
                    shared["enterprise"],
                    shared["site"],
                    shared["service"],
                    shared["distance_km"],
                    shared["share"],
                    strict=True,
                )
            ],
        }
    )


def enterprise_status(plan: Plan) -> pd.DataFrame:
    """One point per enterprise, coloured by its first shared service (grey: it shares nothing;
    red: a demand is unserved); ``self`` marks those that treat at least one service on their own.
    The tooltip says what it does per service."""
    a = _located(plan.assignments)
    if a.empty:
        return a
    palette = service_colours(plan)
    rows = []
    for enterprise, group in a.groupby("enterprise", sort=True):
        shared = group.loc[~group["site"].isin([SELF, UNSERVED])]
        if (group["site"] == UNSERVED).any():
            colour = UNSERVED_COLOUR
        elif len(shared):
            colour = palette[str(shared["service"].iloc[0])]
        else:
            colour = SELF_COLOUR
        doing = "; ".join(f"{v}: {s}" for v, s in zip(group["service"], group["site"], strict=True))
        name = group["enterprise_name"].iloc[0] if "enterprise_name" in group else ""
        rows.append(
            {
                "enterprise": enterprise,
                "lon": float(group["lon"].iloc[0]),
                "lat": float(group["lat"].iloc[0]),
                "colour": colour,
                "self": bool((group["site"] == SELF).any()),
                "tip": f"{enterprise} {name or ''}\n{doing}",
            }
        )
    return pd.DataFrame(rows)


def facility_points(plan: Plan) -> pd.DataFrame:
    """Open facilities with colour (service), radius (capacity) and tooltip."""
    f = _located(plan.facilities)
    if f.empty:
        return f
    palette = service_colours(plan)
    f["colour"] = [palette[str(s)] for s in f["service"]]
    f["radius"] = 60 + 6 * f["capacity_per_day"].astype(float).clip(lower=0) ** 0.5
    f["tip"] = [
        f"facility {s} ({v}, tier {t}{', existing' if e else ''})\n"
        f"load {_number(load)} of {_number(cap)} per day ({_number(u * 100, 0)}%), "
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
        layers.append(_line_layer(lines, "connections", "colour", 3))
    firms = enterprise_status(plan)
    if len(firms):
        self_treating = firms.loc[firms["self"]]
        connected = firms.loc[~firms["self"]]
        if len(connected):
            layers.append(_point_layer(connected, "connected", radius=35))
        if len(self_treating):
            layers.append(_point_layer(self_treating, "self-treating", radius=35, line=[0, 0, 0]))
    facilities = facility_points(plan)
    if len(facilities):
        layers.append(_point_layer(facilities, "facilities", radius="radius", line=[0, 0, 0]))
        labels = facilities.assign(label=facilities["site"] + " " + facilities["tier"])
        layers.append(label_layer(labels, "facility-labels", "label"))
    return deck(layers, points, basemap, width)

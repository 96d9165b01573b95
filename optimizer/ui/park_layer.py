"""The park drawn without a basemap: the convex hull of every point, grown by a margin, as an
outline under everything else on the app's maps. Nothing here imports Streamlit.

The outline is drawn as lines, with the line layers' WebGL program: a filled polygon would need
two programs more (a GeoJSON layer's fill and its stroke), which Chromium without a GPU compiles
for over a second (docs/app.md, "Speed").
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

import pandas as pd
import pydeck as pdk

from .deck_layers import Colour, line_layer

PARK_LINE: Colour = [120, 140, 110]


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


def outline_edges(outline: dict) -> pd.DataFrame:
    """The sides of a park outline (:func:`park_outline`) as lines: columns ``from``, ``to``
    (``[lon, lat]``) and ``tip``.

    >>> outline_edges(park_outline([120.0, 120.1, 120.05], [31.0, 31.0, 31.1]))["from"].size
    3
    """
    rows = [
        {"from": list(a), "to": list(b), "tip": feature["properties"]["tip"]}
        for feature in outline["features"]
        for ring in feature["geometry"]["coordinates"]
        for a, b in itertools.pairwise(ring)
    ]
    return pd.DataFrame(rows, columns=["from", "to", "tip"])


def outline_layer(points: pd.DataFrame) -> pdk.Layer:
    """The park's outline around ``points`` (columns lon and lat), under everything else."""
    edges = outline_edges(park_outline(points["lon"].tolist(), points["lat"].tolist()))
    return line_layer(edges, "park", PARK_LINE, 2, pickable=False)

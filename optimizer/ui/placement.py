"""Where a click on the Map page lands, in longitude and latitude: a placement layer of cells over
the park, drawn only while a click is to place a new point or move one.

Streamlit's ``st.pydeck_chart(on_select=...)`` returns the objects a click picks, never the
clicked coordinates (deck.gl's ``info.coordinate`` is not passed on). So, while the planner is
placing or moving a point, the deck gets one more layer on top of the others: a square grid of
nearly transparent, pickable dots over the park's points (with the view's margin), each dot's row
carrying its own ``lon`` and ``lat``; a click anywhere on the park picks the dot under it, and
its row says where. The dots overlap (radius: 0.75 of the pitch, more than half a diagonal), so
there is no gap between them; a click lands within one pitch of the spot clicked.

The pitch is a round number of metres (:data:`PITCHES_M`), the smallest that is at least
:data:`MIN_PITCH_PX` pixels at the map's zoom and keeps the layer within :data:`MAX_CELLS` dots.
The budget is set by the click, not the drawing: deck.gl picks what is under the pointer when it
goes down, and a click is a click only when the pointer comes up within 250 ms; in Chromium
without a GPU (software WebGL) on a busy machine, an 80 ms press on mixed-park came up 447 ms
later with 5,229 dots (the click was lost) and 129 ms later with 2,310 (``docs/app.md``, "Map",
gives the figures).

Nothing here imports Streamlit.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pydeck as pdk

from ..scenario import Scenario
from ..words.catalogue import tr
from .deck_layers import MAP_HEIGHT, MAP_WIDTH, records, view_state
from .scenario_map import scenario_points

#: The id of the placement layer (the key of its picks in the map's selection).
PLACEMENT_LAYER = "placement"

#: The pitches the grid may have, in metres.
PITCHES_M: tuple[float, ...] = (10, 20, 25, 50, 75, 100, 150, 200, 250, 500, 1000, 2000, 5000)

#: A cell is at least this many pixels wide at the map's zoom (finer is not clickable).
MIN_PITCH_PX = 3.0

#: At most this many cells (the next pitch up is taken beyond it): see the module docstring.
MAX_CELLS = 2_500

#: Metres in a degree of latitude (and of longitude at the equator), on deck.gl's sphere.
METRES_PER_DEGREE = 6_378_137 * math.pi / 180

#: Digits kept of a cell's longitude and latitude (1e-5 degree: about 1 m).
DIGITS = 5

#: The dots' fill: all but invisible (deck.gl draws and picks them; the park shows through).
FILL = [255, 255, 255, 1]

#: The share of the view's span the grid adds on each side of the points (the view itself
#: adds 15 %: :func:`optimizer.ui.deck_layers.view_state`).
MARGIN = 0.15


@dataclass(frozen=True)
class Grid:
    """The placement grid: its corner (south-west cell centre), its pitch, its size."""

    west: float
    south: float
    pitch_m: float
    columns: int
    rows: int
    #: Degrees per cell east-west and north-south.
    step_lon: float
    step_lat: float

    @property
    def cells(self) -> int:
        return self.columns * self.rows


def grid_for(scenario: Scenario, width: int = MAP_WIDTH, height: int = MAP_HEIGHT) -> Grid:
    """The grid over the scenario's points (with a margin) for a map ``width`` x ``height``
    pixels wide, at the pitch the map's zoom allows (module docstring).

    >>> from optimizer.scenario import load_scenario
    >>> grid = grid_for(load_scenario("scenarios/tiny"), 640)
    >>> grid.pitch_m, grid.columns, grid.rows, grid.cells
    (75, 78, 31, 2418)
    """
    points = scenario_points(scenario)
    lons, lats = points["lon"].astype(float), points["lat"].astype(float)
    span_lon = max(float(lons.max() - lons.min()), 1e-3)
    span_lat = max(float(lats.max() - lats.min()), 1e-3)
    west, east = lons.min() - MARGIN * span_lon, lons.max() + MARGIN * span_lon
    south, north = lats.min() - MARGIN * span_lat, lats.max() + MARGIN * span_lat
    view = view_state(lons.tolist(), lats.tolist(), width, height)
    stretch = max(math.cos(math.radians(float(view.latitude))), 0.1)
    metres_per_px = 2 * math.pi * 6_378_137 * stretch / (512 * 2**view.zoom)
    width_m = (east - west) * METRES_PER_DEGREE * stretch
    height_m = (north - south) * METRES_PER_DEGREE
    for pitch in PITCHES_M:
        columns = math.floor(width_m / pitch) + 1
        rows = math.floor(height_m / pitch) + 1
        if pitch >= MIN_PITCH_PX * metres_per_px and columns * rows <= MAX_CELLS:
            break
    step_lat = pitch / METRES_PER_DEGREE
    return Grid(float(west), float(south), pitch, columns, rows, step_lat / stretch, step_lat)


def placement_cells(scenario: Scenario, width: int = MAP_WIDTH) -> pd.DataFrame:
    """The cells of :func:`grid_for`: ``lon``, ``lat`` (rounded to :data:`DIGITS`) and a ``tip``
    that says where a click there puts the point."""
    grid = grid_for(scenario, width)
    lon = np.round(grid.west + grid.step_lon * np.arange(grid.columns), DIGITS)
    lat = np.round(grid.south + grid.step_lat * np.arange(grid.rows), DIGITS)
    lons, lats = (a.ravel() for a in np.meshgrid(lon, lat))
    tips = [
        tr("map.click.tip", lon=f"{x:.{DIGITS}f}", lat=f"{y:.{DIGITS}f}")
        for x, y in zip(lons, lats, strict=True)
    ]
    return pd.DataFrame({"lon": lons, "lat": lats, "tip": tips})


def placement_layer(scenario: Scenario, width: int = MAP_WIDTH) -> pdk.Layer:
    """The placement layer (module docstring), to be drawn last: on top of every other layer, so
    that a click picks a cell rather than what lies under it."""
    grid = grid_for(scenario, width)
    return pdk.Layer(
        "ScatterplotLayer",
        records(placement_cells(scenario, width)),
        id=PLACEMENT_LAYER,
        get_position=["lon", "lat"],
        get_fill_color=FILL,
        get_radius=0.75 * grid.pitch_m,
        radius_units="'meters'",
        stroked=False,
        pickable=True,
    )


def clicked_at(selection: Mapping[str, Any] | None) -> tuple[float, float] | None:
    """The longitude and latitude of the placement cell a click picked, from the selection state
    ``st.pydeck_chart`` returns (or its ``selection`` part); None when it picked none.

    >>> cell = {"lon": 120.6, "lat": 31.3, "tip": "here: 120.60000, 31.30000"}
    >>> click = {"indices": {"placement": [7]}, "objects": {"placement": [cell]}}
    >>> clicked_at(click), clicked_at({"selection": click}), clicked_at({"objects": {}})
    ((120.6, 31.3), (120.6, 31.3), None)
    """
    if not selection:
        return None
    inner = selection.get("selection", selection) or {}
    found = (inner.get("objects") or {}).get(PLACEMENT_LAYER) or []
    if not found or not isinstance(found[0], Mapping):
        return None
    try:
        return float(found[0]["lon"]), float(found[0]["lat"])
    except (KeyError, TypeError, ValueError):
        return None


def with_placement(deck: pdk.Deck, scenario: Scenario, width: int = MAP_WIDTH) -> pdk.Deck:
    """A copy of ``deck`` with the placement layer on top and the only one picked (a click
    picks no point there: it gives a place; and deck.gl's picking then draws one layer, not all);
    ``deck`` itself, which may be kept for later runs, is left as it was."""
    placed = copy.copy(deck)
    quiet = []
    for layer in deck.layers:
        layer = copy.copy(layer)
        layer.pickable = False
        quiet.append(layer)
    placed.layers = [*quiet, placement_layer(scenario, width)]
    return placed

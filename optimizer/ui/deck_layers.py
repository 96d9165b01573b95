"""The pydeck pieces every map of the app shares: the view that frames the points, the deck
(offline unless an online basemap is asked for), and the line, point and text layers.

Every layer's rows carry a ``tip`` text that the tooltip shows. Nothing here imports Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
import pydeck as pdk

from ..plan_geometry import CJK_FAMILIES
from ..words import is_missing
from .basemap import style_url

Colour = list[int]

#: Size of the map on the page, in pixels (the view is zoomed to fit the points into it).
MAP_WIDTH, MAP_HEIGHT = 800, 520

TOOLTIP = {"text": "{tip}", "style": {"fontSize": "12px"}}

#: The deck.gl layer types the maps are drawn with, and for each the values its layers give per
#: row (the others are one value for the whole layer). Without a GPU, Chromium compiles every
#: WebGL program, and every program again for each different set of per-row values, in software
#: (SwiftShader): about half a second to a second of CPU each, while the page waits. One program
#: per type, one set of per-row values per type: three compilations for a whole map.
ONE_PIPELINE: dict[str, frozenset[str]] = {
    "LineLayer": frozenset({"getSourcePosition", "getTargetPosition", "getColor"}),
    "ScatterplotLayer": frozenset({"getPosition", "getFillColor", "getRadius"}),
    "TextLayer": frozenset({"getPosition", "getText", "getPixelOffset"}),
}

#: What pydeck writes as ``mapStyle`` when none is given, and what Streamlit's map component
#: reads as "no basemap". (``map_style=None`` leaves ``mapStyle`` out, and Streamlit then loads
#: Carto's style from the internet by itself.)
NO_BASEMAP = "__MAP_STYLE__"


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


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain Python values (no pandas NA), as pydeck serialises them."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def tip_number(value: Any, digits: int = 1) -> str:
    """A number as a tooltip shows it (``-`` when missing: None, NaN or an empty cell).

    >>> tip_number(1234.56), tip_number(None), tip_number(pd.NA)
    ('1,234.6', '-', '-')
    """
    if is_missing(value):
        return "-"
    return f"{float(value):,.{digits}f}"


def cell(value: Any, empty: str = "") -> str:
    """A table cell as a tooltip's text: ``empty`` for a missing value (None, NaN or an empty
    cell, which has no truth value).

    >>> cell("North plot"), cell(pd.NA), cell(None, "-")
    ('North plot', '', '-')
    """
    return empty if is_missing(value) or str(value) == "" else str(value)


def deck(
    layers: list[pdk.Layer], points: pd.DataFrame, basemap: bool = False, width: int = MAP_WIDTH
) -> pdk.Deck:
    """A deck over the layers, framing ``points`` (columns lon and lat) in a map ``width`` pixels
    wide; offline (nothing fetched) unless ``basemap``, then over :func:`basemap.style_url`."""
    return pdk.Deck(
        layers=layers,
        initial_view_state=view_state(points["lon"].tolist(), points["lat"].tolist(), width),
        map_provider="carto" if basemap else None,
        map_style=style_url() if basemap else NO_BASEMAP,
        tooltip=TOOLTIP,
    )


def literal(text: str) -> str:
    """A text that pydeck passes as written (it reads any other text as a column or an
    expression), in the quote the text does not hold.

    >>> print(literal("pixels"), literal("'Segoe UI', sans-serif"))
    'pixels' "'Segoe UI', sans-serif"
    """
    return f'"{text}"' if "'" in text else f"'{text}'"


def line_layer(
    data: pd.DataFrame, layer_id: str, colour: Any, width: float, pickable: bool = True
) -> pdk.Layer:
    """Lines from ``from`` to ``to`` (``[lon, lat]``), in one colour or a column's, ``width``
    metres wide (at least a pixel).

    The colour is always given per row (one colour is written into every row): every line layer
    then hands deck.gl the same kinds of values, and Chromium without a GPU compiles one drawing
    pipeline for all of them instead of one per kind (see :data:`ONE_PIPELINE`)."""
    colours = data[colour] if isinstance(colour, str) else [list(colour)] * len(data)
    return pdk.Layer(
        "LineLayer",
        records(data.assign(colour=list(colours))),
        id=layer_id,
        get_source_position="from",
        get_target_position="to",
        get_color="colour",
        get_width=width,
        width_min_pixels=1,
        pickable=pickable,
    )


def point_layer(
    data: pd.DataFrame,
    layer_id: str,
    radius: Any = 40,
    line: Colour | None = None,
    units: str = "meters",
) -> pdk.Layer:
    """Dots at lon/lat filled with the ``colour`` column, ringed with ``line`` when given;
    ``radius`` (a number, or a column of them) in ``units`` (``meters``, or ``pixels``: the same
    size at every zoom). The radius is always given per row, for one drawing pipeline
    (:data:`ONE_PIPELINE`)."""
    radii = data[radius] if isinstance(radius, str) else float(radius)
    return pdk.Layer(
        "ScatterplotLayer",
        records(data.drop(columns=[c for c in ("node",) if c in data]).assign(radius=radii)),
        id=layer_id,
        get_position=["lon", "lat"],
        get_fill_color="colour",
        get_radius="radius",
        radius_units=literal(units),
        radius_min_pixels=3,
        radius_max_pixels=40,
        stroked=line is not None,
        get_line_color=line or [0, 0, 0],
        line_width_min_pixels=2 if line is not None else 1,
        pickable=True,
    )


#: The labels' fonts: the browser's sans-serif, with Chinese fonts named before it.
LABEL_FONTS = ", ".join(
    ["system-ui", "'Segoe UI'", "Roboto", "'Helvetica Neue'", "Arial"]
    + [f"'{family}'" for family in CJK_FAMILIES]
    + ["sans-serif"]
)


#: The labels' white halo, in pixels of the font atlas's 64-pixel glyphs (deck.gl's ``radius``
#: of 12 is the most): it keeps a label legible over lines and circles.
LABEL_HALO = 5
LABEL_HALO_COLOUR: Colour = [255, 255, 255, 235]


def label_layer(points: pd.DataFrame, layer_id: str, column: str, above_px: Any = 16) -> pdk.Layer:
    """Text labels above points, ``above_px`` pixels up (a number, or a column of them: clear of
    each point's circle), in a sans-serif font with a white halo so that they stay legible over
    lines and circles; any characters, Chinese included (deck.gl draws the glyphs itself from the
    browser's fonts: nothing is fetched).

    The halo is drawn from a signed-distance font atlas (``fontSettings.sdf``) by the text's own
    shader; a ``background`` box would need a second WebGL program, which Chromium without a GPU
    compiles for about as long as the rest of the map (see docs/app.md, "Speed")."""
    frame = points[["lon", "lat", column, "tip"]].copy()
    lift = points[above_px] if isinstance(above_px, str) else pd.Series(above_px, frame.index)
    frame["offset"] = [[0, -float(v)] for v in lift]
    return pdk.Layer(
        "TextLayer",
        records(frame),
        id=layer_id,
        get_position=["lon", "lat"],
        get_text=column,
        get_size=13,
        get_color=[20, 20, 20],
        get_pixel_offset="offset",
        get_text_anchor=literal("middle"),
        get_alignment_baseline=literal("bottom"),
        font_family=literal(LABEL_FONTS),
        font_weight=600,
        character_set=literal("auto"),
        font_settings={"sdf": True},
        outline_width=LABEL_HALO,
        outline_color=LABEL_HALO_COLOUR,
        pickable=False,
    )

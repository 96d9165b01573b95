"""Where enterprises and sites sit on the network: on their ``node`` cell (leg 0), or snapped to
the nearest node with coordinates on a usable edge (leg: great-circle distance x
``detour_factor``); and the entity rows every distance starts from."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema
from ..scenario import Scenario
from .earth import haversine_km, unit_vectors
from .graph import ParkNetwork, network_of

SNAPPING_COLUMNS = ("kind", "id", "node", "snap_km")


def detour_factor(scenario: Scenario) -> float:
    """The scenario's ``detour_factor``, or its declared default when the setting is unusable."""
    try:
        return float(scenario.config["detour_factor"])
    except (KeyError, TypeError, ValueError):
        return float(schema.setting("detour_factor").default)


def entity_rows(scenario: Scenario, table: str, ids: object = None) -> pd.DataFrame:
    """The rows of ``enterprises`` or ``sites`` with an id (first of duplicates), optionally only
    those whose id is in ``ids``; index reset."""
    frame = scenario.tables[table]
    frame = frame[frame["id"].notna()].drop_duplicates("id")
    if ids is not None:
        frame = frame[frame["id"].isin(pd.Index(ids))]
    return frame.reset_index(drop=True)


def coordinates(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes of an entity table as floats (NaN when missing)."""
    return (
        frame["lon"].to_numpy(dtype=float, na_value=np.nan),
        frame["lat"].to_numpy(dtype=float, na_value=np.nan),
    )


def locate(
    network: ParkNetwork, frame: pd.DataFrame, detour: float
) -> tuple[np.ndarray, np.ndarray]:
    """Node position (-1: nowhere) and snapping leg (km) of each row of an entity table."""
    count = len(frame)
    position = np.full(count, -1, dtype=np.int64)
    leg = np.full(count, np.nan)
    cell = frame["node"].astype("string")
    explicit = cell.notna().to_numpy(dtype=bool)
    position[explicit] = network.nodes.get_indexer(cell[explicit].to_numpy(dtype=object))
    leg[explicit] = 0.0
    lon, lat = coordinates(frame)
    snap = ~explicit & np.isfinite(lon) & np.isfinite(lat)
    if snap.any() and network.tree is not None:  # the tree is built on first use
        _, nearest = network.tree.query(unit_vectors(lon[snap], lat[snap]))
        node = network.snap_targets[nearest]
        position[snap] = node
        leg[snap] = (
            haversine_km(lon[snap], lat[snap], network.lon[node], network.lat[node]) * detour
        )
    return position, leg


def snapping(scenario: Scenario) -> pd.DataFrame:
    """Where each enterprise and site joins the network.

    Returns
    -------
    pandas.DataFrame
        Columns ``kind`` (``enterprise`` or ``site``), ``id``, ``node`` and ``snap_km``: the
        length of the leg added to every path of the entity (0 on an explicit ``node``; else the
        great-circle distance to the nearest node times ``detour_factor``). ``node`` is missing
        when the entity can be placed nowhere (no coordinates, or no usable edge). Empty when
        the scenario has no edges.
    """
    network = network_of(scenario)
    if network is None:
        return typed_frame(pd.DataFrame(columns=SNAPPING_COLUMNS), {"snap_km"})
    frames = []
    detour = detour_factor(scenario)
    for kind, table in (("enterprise", "enterprises"), ("site", "sites")):
        entities = entity_rows(scenario, table)
        position, leg = locate(network, entities, detour)
        names = np.append(network.nodes.to_numpy(dtype=object), None)  # position -1: None
        node = pd.Series(names[position]).where(position >= 0, entities["node"].astype(object))
        frames.append(
            pd.DataFrame({"kind": kind, "id": entities["id"], "node": node, "snap_km": leg})
        )
    return typed_frame(pd.concat(frames, ignore_index=True), {"snap_km"})


def typed_frame(frame: pd.DataFrame, floats: set[str]) -> pd.DataFrame:
    """The frame with ``floats`` as float64 and every other column as string."""
    return frame.astype({c: ("float64" if c in floats else "string") for c in frame.columns})

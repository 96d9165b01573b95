"""Positions that are most likely wrong: a point at (0, 0), a point far from the rest of the park
(a sign or a digit lost), a park across the antimeridian. Warnings: the scenario may mean it."""

from __future__ import annotations

import numpy as np

from ..network.earth import haversine_km
from ..problems import Problem
from ..scenario import Scenario
from ..words.said import said
from .common import _num
from .gate import _Gate

#: A point farther than this from the middle of the park (km) is reported.
FAR_FROM_PARK_KM = 100.0


def _odd_positions(scenario: Scenario, gate: _Gate) -> list[Problem]:
    """Warnings for points placed where no park is, when coordinates give the distances."""
    if not scenario.tables["distances"].empty or not gate.clean(("enterprises", "sites")):
        return []
    rows = []
    for table in ("enterprises", "sites"):
        frame = scenario.tables[table].reset_index(drop=True)
        for position, (ident, lon, lat) in enumerate(
            zip(frame["id"], frame["lon"], frame["lat"], strict=True)
        ):
            rows.append((table, position, str(ident), float(lon), float(lat)))
    if not rows:
        return []
    lon = np.array([r[3] for r in rows])
    lat = np.array([r[4] for r in rows])
    problems = []
    if lon.max() - lon.min() > 180:
        problems.append(
            Problem(
                scenario.source_label("enterprises"),
                "lon",
                said("problem.one_side"),
                severity="warning",
                found=said("problem.longitudes", low=f"{lon.min():g}", high=f"{lon.max():g}"),
            )
        )
    middle = haversine_km(lon, lat, float(np.median(lon)), float(np.median(lat)))
    for (table, position, ident, x, y), km in zip(rows, middle, strict=True):
        if x == 0 and y == 0:
            found = said("problem.gulf_of_guinea")
        elif km > FAR_FROM_PARK_KM:
            found = said("problem.far_from_park", x=f"{x:g}", y=f"{y:g}", km=_num(km))
        else:
            continue
        problems.append(
            Problem(
                scenario.source_label(table),
                "lon+lat",
                said("problem.near_park", km=f"{FAR_FROM_PARK_KM:g}"),
                row_id=ident,
                line=position + 2,
                severity="warning",
                found=found,
            )
        )
    return problems

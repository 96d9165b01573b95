"""Pieces of the hand-placed shipped examples: their seeds, sites and enterprises around a given
centre, tier ladders and existing plants."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .geometry import make_ids, to_lonlat
from .tables import _tier_frame, enterprise_names

#: Seeds of the shipped examples (change one and rewrite the folder with python -m).
EXAMPLE_SEEDS = {"textile-park": 4287, "spraying-zone": 23, "mixed-park": 3}


def _sites_frame(rows: Sequence[tuple], lon0: float, lat0: float) -> pd.DataFrame:
    """Sites from (id, name, x_km, y_km, area_m2, services) around (lon0, lat0)."""
    ids, names, x, y, area, services = zip(*rows, strict=True)
    lonlat = to_lonlat(np.column_stack([x, y]).astype(float), lon0, lat0)
    return pd.DataFrame(
        {
            "id": ids,
            "name": names,
            "lon": lonlat[:, 0],
            "lat": lonlat[:, 1],
            "node": pd.NA,
            "area_m2": area,
            "status": "optional",
            "services": services,
        }
    )


def ladder_tiers(
    site: str, service: str, capacities: Sequence[float], site_factor: float = 1.0
) -> pd.DataFrame:
    """Tiers of one (site, service) with the given capacities, costed by :func:`facility_capex`.

    >>> ladder_tiers("S1", "sewage", [5_000, 10_000])[["tier", "capex_cny"]].values.tolist()
    [['small', 19664000.0], ['medium', 34000000.0]]
    """
    n = len(capacities)
    return _tier_frame(
        np.full(n, site, dtype=object),
        np.full(n, service, dtype=object),
        np.arange(n),
        np.asarray(capacities, dtype=float),
        np.full(n, site_factor),
    )


def _enterprise_frame(
    rng: np.random.Generator, points: np.ndarray, sectors: np.ndarray, lon0: float, lat0: float
) -> pd.DataFrame:
    lonlat = to_lonlat(points, lon0, lat0)
    return pd.DataFrame(
        {
            "id": make_ids("E", len(points)),
            "name": enterprise_names(rng, sectors),
            "sector": sectors,
            "lon": lonlat[:, 0],
            "lat": lonlat[:, 1],
            "node": pd.NA,
        }
    )


def _existing_plant(site: str, service: str, capacity: float) -> pd.DataFrame:
    """An existing plant: its capex is what it would cost new (sunk, not charged)."""
    frame = ladder_tiers(site, service, [capacity])
    frame["tier"] = "existing"
    frame["existing"] = True
    return frame

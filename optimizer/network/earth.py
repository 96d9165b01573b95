"""Great-circle distances on the earth (WGS84 degrees, mean radius) and points on the unit sphere
for nearest-neighbour search."""

from __future__ import annotations

import numpy as np

#: Mean earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(
    lon1: np.ndarray | float,
    lat1: np.ndarray | float,
    lon2: np.ndarray | float,
    lat2: np.ndarray | float,
) -> np.ndarray:
    """Great-circle distance in km between points given in WGS84 degrees (numpy broadcasting).

    Parameters
    ----------
    lon1, lat1, lon2, lat2
        Longitudes and latitudes in degrees; any shapes that broadcast together.

    Returns
    -------
    numpy.ndarray
        Distances in km, of the broadcast shape (NaN where a coordinate is NaN).

    Examples
    --------
    One degree of latitude is 6371.0088 * pi / 180 km:

    >>> float(haversine_km(120.0, 31.0, 120.0, 32.0).round(6))
    111.19508
    >>> haversine_km(np.array([0.0, 0.0]), 0.0, np.array([[0.0], [90.0]]), 0.0).round(1).tolist()
    [[0.0, 0.0], [10007.6, 10007.6]]
    """
    lon1, lat1, lon2, lat2 = (
        np.radians(np.asarray(x, dtype=float)) for x in (lon1, lat1, lon2, lat2)
    )
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Points on the unit sphere: the nearest by chord is the nearest by great circle."""
    lon, lat = np.radians(lon), np.radians(lat)
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))

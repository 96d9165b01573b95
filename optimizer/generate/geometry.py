"""Where things are in a generated park: its extent around Suzhou, enterprise and site points,
planar km to longitude and latitude, and the street network (a perturbed grid, pipes and roads)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import minimum_spanning_tree

#: Centre of the synthetic parks (Suzhou, Jiangsu).
PARK_LON, PARK_LAT = 120.6, 31.3
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_EQUATOR = 111.320
#: Enterprises per km2 of a synthetic park; the park grows with the number of enterprises.
ENTERPRISES_PER_KM2 = 5.0


def to_lonlat(xy: np.ndarray, lon0: float = PARK_LON, lat0: float = PARK_LAT) -> np.ndarray:
    """Planar km around (lon0, lat0) to longitude and latitude, rounded to about a metre."""
    km_per_lon = KM_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(lat0))
    lon = lon0 + xy[:, 0] / km_per_lon
    lat = lat0 + xy[:, 1] / KM_PER_DEGREE_LAT
    return np.column_stack([np.round(lon, 5), np.round(lat, 5)])


def park_extent(n_enterprises: int) -> tuple[float, float]:
    """Width and height (km) of a generated park: 5 enterprises per km2, 4:3, at least 2 km wide.

    >>> park_extent(150)
    (6.325, 4.743)
    """
    area = max(n_enterprises / ENTERPRISES_PER_KM2, 3.0)
    width = max(math.sqrt(area * 4 / 3), 2.0)
    return round(width, 3), round(area / width, 3)


def jittered_grid(
    rng: np.random.Generator, n: int, width: float, height: float, jitter: float
) -> tuple[np.ndarray, int]:
    """``n`` points on a grid over width x height km (last row partial), each moved at random by
    up to ``jitter`` cells. Returns the points (centred on 0) and the number of columns."""
    columns = max(1, round(math.sqrt(n * width / height)))
    rows = math.ceil(n / columns)
    index = np.arange(n)
    cell_x, cell_y = width / columns, height / rows
    x = (index % columns + 0.5) * cell_x + rng.uniform(-jitter, jitter, n) * cell_x
    y = (index // columns + 0.5) * cell_y + rng.uniform(-jitter, jitter, n) * cell_y
    return np.column_stack([x - width / 2, y - height / 2]), columns


def clustered_points(rng: np.random.Generator, n: int, width: float, height: float) -> np.ndarray:
    """``n`` enterprise locations: 70% in industrial clusters (about 25 firms each), the rest
    scattered; all inside the park."""
    n_clusters = max(1, n // 25)
    centres = rng.uniform([-width / 2, -height / 2], [width / 2, height / 2], (n_clusters, 2))
    member = rng.integers(0, n_clusters, n)
    spread = 0.12 * min(width, height) + 0.2
    clustered = centres[member] + rng.normal(0.0, spread, (n, 2))
    scattered = rng.uniform([-width / 2, -height / 2], [width / 2, height / 2], (n, 2))
    points = np.where((rng.random(n) < 0.7)[:, None], clustered, scattered)
    return np.clip(points, [-width / 2, -height / 2], [width / 2, height / 2])


# ---------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------


def grid_edges(n: int, columns: int) -> np.ndarray:
    """Edges (i, j) of a street grid of ``n`` nodes with ``columns`` per row (last row partial).

    >>> grid_edges(5, 2).tolist()
    [[0, 1], [2, 3], [0, 2], [1, 3], [2, 4]]
    """
    index = np.arange(n)
    right = index[(index % columns < columns - 1) & (index + 1 < n)]
    down = index[index + columns < n]
    return np.concatenate(
        [np.column_stack([right, right + 1]), np.column_stack([down, down + columns])]
    ).astype(np.int64)


def spanning_tree_mask(rng: np.random.Generator, n: int, edges: np.ndarray) -> np.ndarray:
    """Which edges form a random spanning tree (minimum tree under random weights)."""
    weights = rng.uniform(1.0, 2.0, len(edges))
    graph = coo_matrix((weights, (edges[:, 0], edges[:, 1])), shape=(n, n)).tocsr()
    tree = minimum_spanning_tree(graph).tocoo()
    low, high = np.minimum(tree.row, tree.col), np.maximum(tree.row, tree.col)
    return np.isin(edges[:, 0] * n + edges[:, 1], low.astype(np.int64) * n + high)


def street_network(
    rng: np.random.Generator, n_nodes: int, width: float, height: float
) -> tuple[np.ndarray, pd.DataFrame]:
    """A perturbed street grid: node positions (km) and edges with length and modes.

    A random spanning tree carries both pipes and roads, so every node is reachable by either
    mode; of the other links a tenth are left out, 70% carry both, 15% only a pipe (a sewer
    across a field) and 15% only a road.
    """
    xy, columns = jittered_grid(rng, n_nodes, width, height, jitter=0.3)
    edges = grid_edges(n_nodes, columns)
    tree = spanning_tree_mask(rng, n_nodes, edges)
    keep = tree | (rng.random(len(edges)) >= 0.1)
    modes = rng.choice(np.array(["pipe;road", "pipe", "road"]), len(edges), p=[0.7, 0.15, 0.15])
    modes = np.where(tree, "pipe;road", modes)
    edges, modes = edges[keep], modes[keep]
    straight = np.hypot(*(xy[edges[:, 0]] - xy[edges[:, 1]]).T)
    length = np.maximum(np.round(straight * rng.uniform(1.0, 1.15, len(edges)), 3), 0.001)
    frame = pd.DataFrame(
        {"from": edges[:, 0], "to": edges[:, 1], "length_km": length, "modes": modes}
    )
    return xy, frame


def make_ids(prefix: str, n: int) -> np.ndarray:
    """``prefix`` plus a zero-padded number: ``make_ids("E", 3) -> E1, E2, E3``; 12 -> E01..E12.

    >>> make_ids("S", 12)[[0, -1]].tolist()
    ['S01', 'S12']
    """
    width = len(str(n))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)

"""Shortest paths over one conveyance mode of the park network, by the cheaper of two routes.

- a small network (at most :data:`PYTHON_WORK` links x sources): Dijkstra in pure Python
  (:mod:`heapq`) over :attr:`ParkNetwork.neighbours <optimizer.network.graph.ParkNetwork>`;
- a larger one: :func:`scipy.sparse.csgraph.dijkstra` over the sparse adjacency, a block of
  sources at a time.

Both give the same distances (the same sums in the same order: each node's distance is the least
``distance of a neighbour + edge length``, and nothing beyond ``limit``; ``tests/test_network.py``
checks it on every shipped network and on generated ones). The pure-Python route exists for the
start of a command: importing scipy's sparse graphs costs 0.3 s of CPU here (0.8-1.1 s of wall
under load), far more than the paths of a small park (``tiny``: 7 nodes, 3 sites, 0.1 ms).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover - for annotations only
    from .graph import ParkNetwork

#: Most block cells (float64) one block of scipy's shortest paths holds at once (32 MB).
BLOCK_CELLS = 1 << 22

#: Largest ``links x sources`` whose paths run in pure Python. Measured here
#: (``benchmarks/network_paths.py``, load 10): pure Python takes 0.6-1.3 us per link and source
#: (19,800 links x 10 sources: 0.21 s), scipy about a tenth of that once imported, and importing
#: ``scipy.sparse.csgraph`` costs 0.29 s of CPU: pure Python is quicker up to about 300,000 for a
#: start that needs no other scipy (``validate``). At 50,000 (0.03-0.06 s in pure Python) such a
#: start saves at least 0.23 s, and one that loads scipy anyway (``solve`` builds its model with
#: it) loses at most those 0.06 s.
PYTHON_WORK = 50_000

#: Each node's neighbours and the edge length to each (km), by node position.
Neighbours = Sequence[Sequence[tuple[int, float]]]


def python_paths(neighbours: Neighbours, sources: np.ndarray, limit: float) -> np.ndarray:
    """Shortest distances from each of ``sources`` (node positions) to every node, by Dijkstra
    in pure Python; ``inf`` beyond ``limit`` or unreachable, like scipy's ``dijkstra``.

    >>> line = [[(1, 1.0)], [(0, 1.0), (2, 2.0)], [(1, 2.0)], []]
    >>> python_paths(line, np.array([0, 2]), limit=3.0).tolist()
    [[0.0, 1.0, 3.0, inf], [3.0, 2.0, 0.0, inf]]
    >>> python_paths(line, np.array([0]), limit=2.5).tolist()
    [[0.0, 1.0, inf, inf]]
    """
    rows = np.full((len(sources), len(neighbours)), np.inf)
    for row, source in zip(rows, sources.tolist(), strict=True):
        best = {source: 0.0}
        heap = [(0.0, source)]
        while heap:
            km, node = heapq.heappop(heap)
            if km > best[node]:
                continue  # a longer way to a node already reached
            row[node] = km
            for other, length in neighbours[node]:
                through = km + length
                if through <= limit and through < best.get(other, np.inf):
                    best[other] = through
                    heapq.heappush(heap, (through, other))
    return rows


def shortest_blocks(
    network: ParkNetwork, mode: str, sources: np.ndarray, limit: float, width: int
) -> Iterator[tuple[int, np.ndarray]]:
    """Shortest-path rows from ``sources`` (node positions) over ``mode``: the position in
    ``sources`` of a block's first row and the block (one row per source, one column per node).

    scipy's blocks hold at most about :data:`BLOCK_CELLS` cells (``width``: targets per row).
    """
    if len(network.links) * len(sources) <= PYTHON_WORK:
        yield 0, python_paths(network.neighbours[mode], sources, limit)
        return
    yield from scipy_blocks(network, mode, sources, limit, width)


def scipy_blocks(
    network: ParkNetwork, mode: str, sources: np.ndarray, limit: float, width: int
) -> Iterator[tuple[int, np.ndarray]]:
    """:func:`shortest_blocks` by :func:`scipy.sparse.csgraph.dijkstra`, whatever the size."""
    # lazy: scipy's sparse graphs are 0.3 s of CPU of a start, for a large network only (the
    # module docstring)
    from scipy.sparse.csgraph import dijkstra

    matrix = network.adjacency[mode]
    step = max(1, BLOCK_CELLS // max(matrix.shape[0], width, 1))
    for start in range(0, len(sources), step):
        chosen = sources[start : start + step]
        yield start, dijkstra(matrix, directed=True, indices=chosen, limit=limit)

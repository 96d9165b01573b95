"""The park network from the ``nodes`` and ``edges`` tables: per conveyance mode the edge lengths
as lists of neighbours (a small network's shortest paths) or a sparse matrix (a large one's), a
nearest-node index for snapping, and a networkx graph, each built on first use.

Edges with an unknown node, a missing or non-positive length, or no known mode are skipped here
(:mod:`optimizer.checks` reports them), so that a scenario that validation rejects never crashes
the distances.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import schema
from ..scenario import Scenario
from .earth import unit_vectors

if TYPE_CHECKING:  # pragma: no cover - for annotations only
    import networkx as nx
    from scipy.sparse import csr_matrix
    from scipy.spatial import cKDTree

#: Conveyance modes an edge may carry.
MODES: tuple[str, ...] = ("pipe", "road")


@dataclass(frozen=True, eq=False)
class ParkNetwork:
    """The park's network, ready for shortest paths.

    Attributes
    ----------
    nodes
        Node ids; a node's position here is its row and column in :attr:`adjacency`.
    lon, lat
        Node coordinates by position (NaN when unknown).
    snap_targets
        Positions of the nodes an entity without a ``node`` cell may be snapped to: nodes with
        coordinates on at least one usable edge.
    links
        One row per pair of nodes joined by a usable edge: positions ``a < b`` and, per mode,
        the length of the shortest edge that mode may use (NaN: none).
    """

    nodes: pd.Index
    lon: np.ndarray
    lat: np.ndarray
    snap_targets: np.ndarray
    links: pd.DataFrame

    @cached_property
    def adjacency(self) -> Mapping[str, csr_matrix]:
        """Per mode, the symmetric sparse matrix of edge lengths (km) that mode may use (built
        on first use: the shortest paths of a small network do not need it, :mod:`.paths`)."""
        return {mode: _mode_matrix(self.links, mode, len(self.nodes)) for mode in MODES}

    @cached_property
    def neighbours(self) -> Mapping[str, list[list[tuple[int, float]]]]:
        """Per mode, each node's neighbours over that mode and the edge length to each (km),
        by node position: :attr:`adjacency` as lists, for the pure-Python shortest paths."""
        return {mode: _mode_lists(self.links, mode, len(self.nodes)) for mode in MODES}

    @cached_property
    def tree(self) -> cKDTree | None:
        """Nearest-neighbour index over :attr:`snap_targets` (None when there are none), built
        on first use: only an entity without a ``node`` cell needs it."""
        # lazy: scipy.spatial costs 0.25 s of CPU more than the scipy.sparse a network needs
        # (importing each alone, load 10: 0.83 s against 0.58 s), and only snapping an entity
        # without a node cell needs it: validate on tiny no longer loads it
        from scipy.spatial import cKDTree

        targets = self.snap_targets
        if not len(targets):
            return None
        return cKDTree(unit_vectors(self.lon[targets], self.lat[targets]))

    @cached_property
    def graph(self) -> nx.Graph:
        """The network as an undirected :class:`networkx.Graph` (built on first use).

        Node attributes ``lon``, ``lat`` (NaN when unknown); one edge per pair of nodes joined by
        at least one usable edge, with ``length_km`` (the shortest of them), ``modes``
        (frozenset of the modes that may use one of them) and ``km_by_mode`` (mode -> length of
        the shortest edge that mode may use). Distances do not need it: they use
        :attr:`adjacency`.
        """
        return _graph(self.nodes, self.lon, self.lat, self.links)


def _has_mode(modes: pd.Series, mode: str) -> np.ndarray:
    pattern = rf"(?:^|{schema.LIST_SEPARATOR})\s*{mode}\s*(?:{schema.LIST_SEPARATOR}|$)"
    found = modes.astype("string").str.contains(pattern, case=False, regex=True)
    return found.fillna(False).to_numpy(dtype=bool)


def _links(edges: pd.DataFrame, nodes: pd.Index) -> pd.DataFrame:
    """One row per unordered pair of nodes: positions ``a < b`` and the shortest km per mode."""
    u = nodes.get_indexer(edges["from_node"].astype("string").to_numpy(dtype=object))
    v = nodes.get_indexer(edges["to_node"].astype("string").to_numpy(dtype=object))
    length = edges["length_km"].to_numpy(dtype=float, na_value=np.nan)
    usable = (u >= 0) & (v >= 0) & (u != v) & np.isfinite(length) & (length > 0)
    frame = pd.DataFrame({"a": np.minimum(u, v), "b": np.maximum(u, v)})
    for mode in MODES:
        frame[mode] = np.where(_has_mode(edges["modes"], mode), length, np.nan)
    frame = frame[usable & frame[list(MODES)].notna().any(axis=1).to_numpy()]
    return frame.groupby(["a", "b"], sort=True).min().reset_index()


def _mode_matrix(links: pd.DataFrame, mode: str, size: int) -> csr_matrix:
    # lazy: scipy (sparse, spatial and csgraph) is 0.3 s of CPU of a start (0.5-1.9 s under
    # load here), needed only by a large network's shortest paths (paths.PYTHON_WORK)
    from scipy.sparse import csr_matrix

    used = links[links[mode].notna()]
    a, b = used["a"].to_numpy(), used["b"].to_numpy()
    km = used[mode].to_numpy(dtype=float)
    return csr_matrix(
        (np.concatenate((km, km)), (np.concatenate((a, b)), np.concatenate((b, a)))),
        shape=(size, size),
    )


def _mode_lists(links: pd.DataFrame, mode: str, size: int) -> list[list[tuple[int, float]]]:
    used = links[links[mode].notna()]
    lists: list[list[tuple[int, float]]] = [[] for _ in range(size)]
    for a, b, km in zip(
        used["a"].tolist(), used["b"].tolist(), used[mode].astype(float).tolist(), strict=True
    ):
        lists[a].append((b, km))
        lists[b].append((a, km))
    return lists


def _graph(nodes: pd.Index, lon: np.ndarray, lat: np.ndarray, links: pd.DataFrame) -> nx.Graph:
    # lazy: networkx is 80-150 ms of every start that reads a network (validate, solve), which
    # use the neighbour lists or the sparse adjacency; only a caller of ParkNetwork.graph needs it
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(
        (node, {"lon": x, "lat": y}) for node, x, y in zip(nodes, lon, lat, strict=True)
    )
    names = nodes.to_numpy(dtype=object)
    per_mode = links[list(MODES)].to_numpy(dtype=float)
    for a, b, kms in zip(links["a"].to_numpy(), links["b"].to_numpy(), per_mode, strict=True):
        by_mode = {m: float(km) for m, km in zip(MODES, kms, strict=True) if not np.isnan(km)}
        graph.add_edge(
            names[a],
            names[b],
            length_km=min(by_mode.values()),
            modes=frozenset(by_mode),
            km_by_mode=by_mode,
        )
    return graph


def build_network(scenario: Scenario) -> ParkNetwork | None:
    """Build the park network from the ``nodes`` and ``edges`` tables.

    Parallel edges between two nodes keep the shortest per mode; unusable edges are skipped.

    Returns
    -------
    ParkNetwork or None
        None when the scenario has no edges (distances are then great-circle x detour).
    """
    edges = scenario.tables["edges"]
    if edges.empty:
        return None
    table = scenario.tables["nodes"]
    table = table[table["id"].notna()].drop_duplicates("id")
    nodes = pd.Index(table["id"].astype("string").to_numpy(dtype=object), name="node")
    lon = table["lon"].to_numpy(dtype=float, na_value=np.nan)
    lat = table["lat"].to_numpy(dtype=float, na_value=np.nan)
    links = _links(edges, nodes)
    on_edge = np.unique(np.concatenate((links["a"].to_numpy(), links["b"].to_numpy())))
    targets = on_edge[np.isfinite(lon[on_edge]) & np.isfinite(lat[on_edge])].astype(np.int64)
    return ParkNetwork(
        nodes=nodes,
        lon=lon,
        lat=lat,
        snap_targets=targets,
        links=links,
    )


def network_of(scenario: Scenario) -> ParkNetwork | None:
    """:func:`build_network`, once per scenario object: validation, preparation and the plan's
    summary all need the network of the same scenario (a Scenario never changes: each edit makes
    a new one). The distance functions use it."""
    if scenario not in _NETWORKS:
        _NETWORKS[scenario] = build_network(scenario)
    return _NETWORKS[scenario]


#: Networks already built, per scenario object (see :func:`network_of`).
_NETWORKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

"""The park network, distances between enterprises and sites, and the candidate pairs.

The model only creates an assignment for an (enterprise, service, site) triple within reach, so
this module decides the model's size. Distances for a conveyance mode (``pipe`` or ``road``):

1. when the ``distances`` table has rows, the (enterprise, site) pairs it lists are the only ones
   within reach, at exactly the listed distance (enterprise-site pairs only);
2. else, when the scenario has edges, the shortest path over the edges whose ``modes`` include the
   mode, plus a snapping leg at each end: an entity with a ``node`` cell sits on that node (leg 0);
   one without is snapped to the nearest node on the network (great-circle) and its leg is that
   great-circle distance times ``detour_factor``. Nodes in different components are unreachable;
3. else the great-circle distance times ``detour_factor``.

Shortest paths run from the side with fewer distinct nodes (usually the sites) with
:func:`scipy.sparse.csgraph.dijkstra`, stopped at the largest distance any service of the mode
accepts; everything after that is vectorised numpy and pandas. Distances are rounded to 1e-9 km
(a micrometre) so that paths equal up to floating-point noise tie, and ties are broken by id.

Edges with an unknown node, a missing or non-positive length, or no known mode are skipped here
(:mod:`optimizer.checks` reports them), so that a scenario that validation rejects never crashes
this module.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from . import schema
from .scenario import Scenario
from .supply import hosts as site_hosts

#: Mean earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088

#: Conveyance modes an edge may carry.
MODES: tuple[str, ...] = ("pipe", "road")

#: Distances are rounded to this many decimals of a km (1e-9 km), so that ties are exact.
DECIMALS = 9

#: Most float64 cells held at once by one block of a distance computation (32 MB).
BLOCK_CELLS = 1 << 22

SNAPPING_COLUMNS = ("kind", "id", "node", "snap_km")
PAIR_COLUMNS = ("enterprise", "service", "site", "distance_km")


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


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Points on the unit sphere: the nearest by chord is the nearest by great circle."""
    lon, lat = np.radians(lon), np.radians(lat)
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


# ---------------------------------------------------------------------------------------------
# The network
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ParkNetwork:
    """The park's network, ready for shortest paths.

    Attributes
    ----------
    nodes
        Node ids; a node's position here is its row and column in :attr:`adjacency`.
    lon, lat
        Node coordinates by position (NaN when unknown).
    adjacency
        Per mode, the symmetric sparse matrix of edge lengths (km) that mode may use.
    snap_targets
        Positions of the nodes an entity without a ``node`` cell may be snapped to: nodes with
        coordinates on at least one usable edge.
    tree
        Nearest-neighbour index over :attr:`snap_targets` (None when there are none).
    links
        One row per pair of nodes joined by a usable edge: positions ``a < b`` and, per mode,
        the length of the shortest edge that mode may use (NaN: none).
    """

    nodes: pd.Index
    lon: np.ndarray
    lat: np.ndarray
    adjacency: Mapping[str, csr_matrix]
    snap_targets: np.ndarray
    tree: cKDTree | None
    links: pd.DataFrame

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
    used = links[links[mode].notna()]
    a, b = used["a"].to_numpy(), used["b"].to_numpy()
    km = used[mode].to_numpy(dtype=float)
    return csr_matrix(
        (np.concatenate((km, km)), (np.concatenate((a, b)), np.concatenate((b, a)))),
        shape=(size, size),
    )


def _graph(nodes: pd.Index, lon: np.ndarray, lat: np.ndarray, links: pd.DataFrame) -> nx.Graph:
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
    tree = cKDTree(_unit_vectors(lon[targets], lat[targets])) if len(targets) else None
    return ParkNetwork(
        nodes=nodes,
        lon=lon,
        lat=lat,
        adjacency={mode: _mode_matrix(links, mode, len(nodes)) for mode in MODES},
        snap_targets=targets,
        tree=tree,
        links=links,
    )


def network_of(scenario: Scenario) -> ParkNetwork | None:
    """:func:`build_network`, once per scenario object: validation, preparation and the plan's
    summary all need the network of the same scenario (a Scenario never changes: each edit makes
    a new one). The distance functions below use it."""
    if scenario not in _NETWORKS:
        _NETWORKS[scenario] = build_network(scenario)
    return _NETWORKS[scenario]


#: Networks already built, per scenario object (see :func:`network_of`).
_NETWORKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


# ---------------------------------------------------------------------------------------------
# Where enterprises and sites sit on the network
# ---------------------------------------------------------------------------------------------


def _detour(scenario: Scenario) -> float:
    try:
        return float(scenario.config["detour_factor"])
    except (KeyError, TypeError, ValueError):
        return float(schema.setting("detour_factor").default)


def _entities(scenario: Scenario, table: str, ids: object = None) -> pd.DataFrame:
    """The rows of ``enterprises`` or ``sites`` with an id (first of duplicates), optionally only
    those whose id is in ``ids``; index reset."""
    frame = scenario.tables[table]
    frame = frame[frame["id"].notna()].drop_duplicates("id")
    if ids is not None:
        frame = frame[frame["id"].isin(pd.Index(ids))]
    return frame.reset_index(drop=True)


def _coordinates(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return (
        frame["lon"].to_numpy(dtype=float, na_value=np.nan),
        frame["lat"].to_numpy(dtype=float, na_value=np.nan),
    )


def _locate(
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
    lon, lat = _coordinates(frame)
    snap = ~explicit & np.isfinite(lon) & np.isfinite(lat)
    if network.tree is not None and snap.any():
        _, nearest = network.tree.query(_unit_vectors(lon[snap], lat[snap]))
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
        return _typed(pd.DataFrame(columns=SNAPPING_COLUMNS), {"snap_km"})
    frames = []
    detour = _detour(scenario)
    for kind, table in (("enterprise", "enterprises"), ("site", "sites")):
        entities = _entities(scenario, table)
        position, leg = _locate(network, entities, detour)
        names = np.append(network.nodes.to_numpy(dtype=object), None)  # position -1: None
        node = pd.Series(names[position]).where(position >= 0, entities["node"].astype(object))
        frames.append(
            pd.DataFrame({"kind": kind, "id": entities["id"], "node": node, "snap_km": leg})
        )
    return _typed(pd.concat(frames, ignore_index=True), {"snap_km"})


def _typed(frame: pd.DataFrame, floats: set[str]) -> pd.DataFrame:
    return frame.astype({c: ("float64" if c in floats else "string") for c in frame.columns})


# ---------------------------------------------------------------------------------------------
# Distances between two sets of entities
# ---------------------------------------------------------------------------------------------

Triples = tuple[np.ndarray, np.ndarray, np.ndarray]


def _kept(block: np.ndarray, cutoff: float | None) -> Triples:
    """Row, column and value of the cells of a block of distances that are within reach."""
    block = np.round(block, DECIMALS)
    within = np.isfinite(block) if cutoff is None else block <= cutoff
    rows, columns = np.nonzero(within)
    return rows, columns, block[rows, columns]


def _joined(parts: list[Triples]) -> Triples:
    if not parts:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=float)
    return tuple(np.concatenate(p) for p in zip(*parts, strict=True))  # type: ignore[return-value]


def _great_circle_pairs(
    a: pd.DataFrame, b: pd.DataFrame, detour: float, cutoff: float | None
) -> Triples:
    """Great-circle x detour between every row of ``a`` and of ``b``, in blocks of rows of ``a``."""
    a_lon, a_lat = _coordinates(a)
    b_lon, b_lat = _coordinates(b)
    b_rows = np.flatnonzero(np.isfinite(b_lon) & np.isfinite(b_lat))
    a_rows = np.flatnonzero(np.isfinite(a_lon) & np.isfinite(a_lat))
    parts = []
    step = max(1, BLOCK_CELLS // max(len(b_rows), 1))
    for start in range(0, len(a_rows), step):
        rows = a_rows[start : start + step]
        block = detour * haversine_km(
            a_lon[rows, None], a_lat[rows, None], b_lon[None, b_rows], b_lat[None, b_rows]
        )
        i, j, km = _kept(block, cutoff)
        parts.append((rows[i], b_rows[j], km))
    return _joined(parts)


def _source_blocks(
    matrix: csr_matrix, sources: np.ndarray, limit: float, width: int
) -> Iterator[tuple[int, np.ndarray]]:
    """Shortest-path rows from ``sources`` (node positions), a block of sources at a time, so
    that a block holds at most about :data:`BLOCK_CELLS` cells (``width``: targets per row)."""
    step = max(1, BLOCK_CELLS // max(matrix.shape[0], width, 1))
    for start in range(0, len(sources), step):
        chosen = sources[start : start + step]
        yield start, dijkstra(matrix, directed=True, indices=chosen, limit=limit)


def _path_pairs(
    matrix: csr_matrix,
    src: tuple[np.ndarray, np.ndarray],
    dst: tuple[np.ndarray, np.ndarray],
    cutoff: float | None,
) -> Triples:
    """Leg + shortest path + leg from each located row of ``src`` to each of ``dst``.

    ``src`` and ``dst`` are (node position, leg km) arrays; rows at position -1 are skipped.
    """
    src_rows = np.flatnonzero(src[0] >= 0)
    dst_rows = np.flatnonzero(dst[0] >= 0)
    if not len(src_rows) or not len(dst_rows):
        return _joined([])
    limit = np.inf
    if cutoff is not None:
        limit = cutoff - src[1][src_rows].min() - dst[1][dst_rows].min() + 10.0**-DECIMALS
        if limit < 0:
            return _joined([])
    sources, inverse = np.unique(src[0][src_rows], return_inverse=True)
    dst_nodes, dst_legs = dst[0][dst_rows], dst[1][dst_rows]
    parts = []
    for start, paths in _source_blocks(matrix, sources, limit, len(dst_rows)):
        mine = (inverse >= start) & (inverse < start + len(paths))
        rows = src_rows[mine]
        block = paths[np.ix_(inverse[mine] - start, dst_nodes)]
        block += src[1][rows, None] + dst_legs[None, :]
        i, j, km = _kept(block, cutoff)
        parts.append((rows[i], dst_rows[j], km))
    return _joined(parts)


def _network_pairs(
    network: ParkNetwork,
    mode: str,
    a: pd.DataFrame,
    b: pd.DataFrame,
    detour: float,
    cutoff: float | None,
) -> Triples:
    """Network distances between rows of ``a`` and ``b``; paths run from the side with fewer
    distinct nodes (the graph is undirected, so the answer is the same)."""
    located_a = _locate(network, a, detour)
    located_b = _locate(network, b, detour)
    matrix = network.adjacency[mode]
    distinct_a = len(np.unique(located_a[0][located_a[0] >= 0]))
    distinct_b = len(np.unique(located_b[0][located_b[0] >= 0]))
    if distinct_b <= distinct_a:
        j, i, km = _path_pairs(matrix, located_b, located_a, cutoff)
        return i, j, km
    return _path_pairs(matrix, located_a, located_b, cutoff)


def _table_pairs(
    scenario: Scenario, a: pd.DataFrame, b: pd.DataFrame, cutoff: float | None
) -> Triples:
    """The pairs listed in the ``distances`` table (shortest of duplicates), within ``cutoff``."""
    table = scenario.tables["distances"].dropna(subset=["enterprise", "site", "distance_km"])
    table = table.groupby(["enterprise", "site"], as_index=False)["distance_km"].min()
    i = pd.Index(a["id"]).get_indexer(table["enterprise"])
    j = pd.Index(b["id"]).get_indexer(table["site"])
    km = np.round(table["distance_km"].to_numpy(dtype=float), DECIMALS)
    keep = (i >= 0) & (j >= 0) & (km <= (np.inf if cutoff is None else cutoff))
    return i[keep], j[keep], km[keep]


def _distance_frame(
    a: pd.DataFrame, b: pd.DataFrame, triples: Triples, names: tuple[str, str]
) -> pd.DataFrame:
    i, j, km = triples
    return pd.DataFrame(
        {
            names[0]: a["id"].to_numpy(dtype=object)[i],
            names[1]: b["id"].to_numpy(dtype=object)[j],
            "distance_km": km.astype("float64"),
        }
    ).astype({names[0]: "string", names[1]: "string"})


def _enterprise_site(
    scenario: Scenario,
    network: ParkNetwork | None,
    mode: str,
    cutoff: float | None,
    enterprises: pd.DataFrame,
    sites: pd.DataFrame,
) -> pd.DataFrame:
    if len(scenario.tables["distances"]):
        triples = _table_pairs(scenario, enterprises, sites, cutoff)
    elif network is not None:
        triples = _network_pairs(network, mode, enterprises, sites, _detour(scenario), cutoff)
    else:
        triples = _great_circle_pairs(enterprises, sites, _detour(scenario), cutoff)
    return _distance_frame(enterprises, sites, triples, ("enterprise", "site"))


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"mode {mode!r}: expected one of {', '.join(MODES)}")


def enterprise_site_distances(
    scenario: Scenario, mode: str, cutoff_km: float | None = None
) -> pd.DataFrame:
    """Distances from every enterprise to every site over one conveyance mode.

    Parameters
    ----------
    scenario
        The scenario.
    mode
        ``pipe`` or ``road``.
    cutoff_km
        Keep only pairs at most this far apart; None keeps every reachable pair.

    Returns
    -------
    pandas.DataFrame
        ``enterprise``, ``site``, ``distance_km``, sorted by enterprise, distance and site;
        unreachable pairs are absent.
    """
    _check_mode(mode)
    network = None if len(scenario.tables["distances"]) else network_of(scenario)
    frame = _enterprise_site(
        scenario,
        network,
        mode,
        cutoff_km,
        _entities(scenario, "enterprises"),
        _entities(scenario, "sites"),
    )
    return _sorted(frame, ["enterprise", "distance_km", "site"])


def site_distances(scenario: Scenario, mode: str, cutoff_km: float | None = None) -> pd.DataFrame:
    """Distances between sites over one conveyance mode (effluent from one facility to another).

    Network distances when the scenario has edges, else great-circle x detour; the
    ``distances`` table (enterprise to site only) is not used.

    Parameters
    ----------
    scenario
        The scenario.
    mode
        ``pipe`` or ``road``.
    cutoff_km
        Keep only pairs at most this far apart; None keeps every reachable pair.

    Returns
    -------
    pandas.DataFrame
        ``from_site``, ``to_site``, ``distance_km``: both directions of every reachable pair, and
        each site to itself at 0, sorted by from_site, distance and to_site.
    """
    _check_mode(mode)
    sites = _entities(scenario, "sites")
    network = network_of(scenario)
    if network is None:
        i, j, km = _great_circle_pairs(sites, sites, _detour(scenario), cutoff_km)
    else:
        i, j, km = _network_pairs(network, mode, sites, sites, _detour(scenario), cutoff_km)
    apart = i != j
    diagonal = np.arange(len(sites))
    triples = (
        np.concatenate((i[apart], diagonal)),
        np.concatenate((j[apart], diagonal)),
        np.concatenate((km[apart], np.zeros(len(sites)))),
    )
    frame = _distance_frame(sites, sites, triples, ("from_site", "to_site"))
    return _sorted(frame, ["from_site", "distance_km", "to_site"])


# ---------------------------------------------------------------------------------------------
# Candidate pairs
# ---------------------------------------------------------------------------------------------


def _limit(value: object) -> float:
    """A service's max_distance_km or k_nearest as a number; infinity when unset or unusable.

    >>> _limit(None), _limit(3), _limit("x")
    (inf, 3.0, inf)
    """
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return np.inf
    return number if number == number else np.inf


def _mode_cutoff(services: Mapping[str, Mapping], names: list[str]) -> float | None:
    """The largest max_distance_km among the services (None when any has no limit)."""
    limits = [_limit(services[name].get("max_distance_km")) for name in names]
    largest = max(limits, default=np.inf)
    return None if np.isinf(largest) else largest


def _sorted(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return frame.sort_values(by, kind="stable").reset_index(drop=True)


def _mode_triples(
    scenario: Scenario,
    network: ParkNetwork | None,
    mode: str,
    demands: pd.DataFrame,
    hosts: pd.DataFrame,
) -> pd.DataFrame:
    """(enterprise, service, site, distance) for the services conveyed by ``mode``."""
    services = scenario.services
    names = [s for s, spec in services.items() if spec.get("conveyance") == mode]
    demands = demands[demands["service"].isin(names)]
    hosts = hosts[hosts["service"].isin(names)]
    used = sorted(set(demands["service"]) & set(hosts["service"]))
    if not used:
        return _typed(pd.DataFrame(columns=PAIR_COLUMNS), {"distance_km"})
    enterprises = _entities(scenario, "enterprises", demands["enterprise"].unique())
    sites = _entities(scenario, "sites", hosts["site"].unique())
    cutoff = _mode_cutoff(services, used)
    distances = _enterprise_site(scenario, network, mode, cutoff, enterprises, sites)
    triples = distances.merge(demands, on="enterprise").merge(hosts, on=["site", "service"])
    return triples[list(PAIR_COLUMNS)]


def _per_service(service: pd.Series, services: Mapping[str, Mapping], key: str) -> np.ndarray:
    """A service setting (max_distance_km, k_nearest) for each row, infinity when unset."""
    codes, names = pd.factorize(service)
    values = np.array([_limit(services.get(name, {}).get(key)) for name in names], dtype=float)
    return values[codes] if len(values) else np.zeros(0)


def _within_limits(pairs: pd.DataFrame, services: Mapping[str, Mapping]) -> pd.DataFrame:
    """Drop pairs beyond max_distance_km; keep the k_nearest sites per (enterprise, service)."""
    farthest = _per_service(pairs["service"], services, "max_distance_km")
    pairs = pairs[pairs["distance_km"].to_numpy(dtype=float) <= farthest]
    pairs = _sorted(pairs, ["enterprise", "service", "distance_km", "site"])
    rank = pairs.groupby(["enterprise", "service"], sort=False).cumcount().to_numpy()
    return pairs[rank < _per_service(pairs["service"], services, "k_nearest")]


def _reachable_triples(scenario: Scenario, hosts: pd.DataFrame | None) -> pd.DataFrame:
    """Every (enterprise, service, site, distance_km) a demand and a host make, within the
    largest max_distance_km of the service's mode (before the per-service limits)."""
    hosts = site_hosts(scenario) if hosts is None else hosts
    hosts = hosts[["site", "service"]].dropna().drop_duplicates().astype("string")
    demands = scenario.tables["demands"][["enterprise", "service"]]
    demands = demands.dropna().drop_duplicates().astype("string")
    network = None if len(scenario.tables["distances"]) else network_of(scenario)
    frames = [_mode_triples(scenario, network, mode, demands, hosts) for mode in MODES]
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return _typed(pd.DataFrame(columns=PAIR_COLUMNS), {"distance_km"})
    return pd.concat(frames, ignore_index=True)


def candidate_pairs(scenario: Scenario, hosts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The (enterprise, service, site) triples within reach: the model's assignment index.

    A triple is kept when the enterprise demands the service, the site hosts it, the distance over
    the service's conveyance mode is at most its ``max_distance_km`` (when set), and, when the
    service sets ``k_nearest``, the site is among the enterprise's k nearest for it (ties broken
    by site id). When the ``distances`` table has rows, its pairs are the only ones within reach,
    at the listed distance (the limits above still apply).

    Parameters
    ----------
    scenario
        The scenario.
    hosts
        The (site, service) pairs that may host, as from :func:`optimizer.supply.hosts` (computed
        when not given).

    Returns
    -------
    pandas.DataFrame
        ``enterprise``, ``service``, ``site`` (string) and ``distance_km`` (float64), sorted by
        enterprise, service, distance and site.
    """
    if hosts is None:
        from .supply import hosts as hosts_of

        hosts = hosts_of(scenario)
    key = tuple(sorted(zip(hosts["site"].astype(str), hosts["service"].astype(str), strict=True)))
    known = _CANDIDATES.setdefault(scenario, {})
    if key not in known:
        pairs = _within_limits(_reachable_triples(scenario, hosts), scenario.services)
        known[key] = _typed(pairs.reset_index(drop=True), {"distance_km"})
    return known[key].copy()


#: Candidate pairs already computed, per scenario object (a Scenario never changes: each edit makes a
#: new one) and per set of hosts: validation and preparation ask for the same pairs.
_CANDIDATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

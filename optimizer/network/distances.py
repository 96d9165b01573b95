"""Distances between enterprises and sites, or between sites, over one conveyance mode.

1. when the ``distances`` table has rows, the (enterprise, site) pairs it lists are the only ones
   within reach, at exactly the listed distance (enterprise-site pairs only);
2. else, when the scenario has edges, the shortest path over the edges whose ``modes`` include the
   mode, plus a snapping leg at each end (:mod:`optimizer.network.snapping`). Nodes in different
   components are unreachable;
3. else the great-circle distance times ``detour_factor``.

Shortest paths run from the side with fewer distinct nodes (usually the sites), stopped at the
largest distance asked for (:func:`optimizer.network.paths.shortest_blocks`: pure Python on a
small network, scipy on a large one); everything after that is vectorised numpy and pandas.
Distances are rounded to 1e-9 km (a micrometre) so that paths equal up to floating-point noise
tie, and ties are broken by id.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..scenario import Scenario
from .earth import haversine_km
from .graph import MODES, ParkNetwork, network_of
from .paths import BLOCK_CELLS, shortest_blocks
from .snapping import coordinates, detour_factor, entity_rows, locate

#: Distances are rounded to this many decimals of a km (1e-9 km), so that ties are exact.
DECIMALS = 9

#: Row positions in the first set, row positions in the second and the km between them.
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
    a_lon, a_lat = coordinates(a)
    b_lon, b_lat = coordinates(b)
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


def _path_pairs(
    network: ParkNetwork,
    mode: str,
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
    for start, paths in shortest_blocks(network, mode, sources, limit, len(dst_rows)):
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
    located_a = locate(network, a, detour)
    located_b = locate(network, b, detour)
    distinct_a = len(np.unique(located_a[0][located_a[0] >= 0]))
    distinct_b = len(np.unique(located_b[0][located_b[0] >= 0]))
    if distinct_b <= distinct_a:
        j, i, km = _path_pairs(network, mode, located_b, located_a, cutoff)
        return i, j, km
    return _path_pairs(network, mode, located_a, located_b, cutoff)


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


def enterprise_site(
    scenario: Scenario,
    network: ParkNetwork | None,
    mode: str,
    cutoff: float | None,
    enterprises: pd.DataFrame,
    sites: pd.DataFrame,
) -> pd.DataFrame:
    """Distances between the given enterprise and site rows: from the ``distances`` table when it
    has rows, else over the network when there is one, else great-circle x detour."""
    if len(scenario.tables["distances"]):
        triples = _table_pairs(scenario, enterprises, sites, cutoff)
    elif network is not None:
        triples = _network_pairs(network, mode, enterprises, sites, detour_factor(scenario), cutoff)
    else:
        triples = _great_circle_pairs(enterprises, sites, detour_factor(scenario), cutoff)
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
    frame = enterprise_site(
        scenario,
        network,
        mode,
        cutoff_km,
        entity_rows(scenario, "enterprises"),
        entity_rows(scenario, "sites"),
    )
    return sorted_rows(frame, ["enterprise", "distance_km", "site"])


def site_distances(scenario: Scenario, mode: str, cutoff_km: float | None = None) -> pd.DataFrame:
    """Distances between sites over one conveyance mode (effluent from one facility to another).

    Network distances when the scenario has edges, else great-circle x detour; the
    ``distances`` table (enterprise to site only) is not used. The parameters are those of
    :func:`enterprise_site_distances`.

    Returns
    -------
    pandas.DataFrame
        ``from_site``, ``to_site``, ``distance_km``: both directions of every reachable pair, and
        each site to itself at 0, sorted by from_site, distance and to_site.
    """
    _check_mode(mode)
    sites = entity_rows(scenario, "sites")
    network = network_of(scenario)
    if network is None:
        i, j, km = _great_circle_pairs(sites, sites, detour_factor(scenario), cutoff_km)
    else:
        i, j, km = _network_pairs(network, mode, sites, sites, detour_factor(scenario), cutoff_km)
    apart = i != j
    diagonal = np.arange(len(sites))
    triples = (
        np.concatenate((i[apart], diagonal)),
        np.concatenate((j[apart], diagonal)),
        np.concatenate((km[apart], np.zeros(len(sites)))),
    )
    frame = _distance_frame(sites, sites, triples, ("from_site", "to_site"))
    return sorted_rows(frame, ["from_site", "distance_km", "to_site"])


def sorted_rows(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Rows sorted by ``by`` (stable), index reset."""
    return frame.sort_values(by, kind="stable").reset_index(drop=True)

"""Time the network layer on a synthetic park: snapping, shortest paths, pruning, candidate pairs.

The park is a perturbed grid of nodes (about 100 m apart) joined to their right and lower
neighbours (and diagonals when more edges are asked for), with random modes; enterprises and sites
are scattered over it without a ``node`` cell, so every one is snapped. Three services: sewage
(pipe, 3 km), spraying (road, 5 km, 10 nearest), dyeing pretreatment (pipe, 4 km).

Run from the repository root::

    python benchmarks/network_prepare.py --enterprises 5000 --sites 200 --edges 20000 --seed 1

Prints one line per figure (seconds, counts) and the peak resident memory.
"""

from __future__ import annotations

import argparse
import math
import resource
import time
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from optimizer.network.candidates import (
    _mode_cutoff,
    _reachable_triples,
    _within_limits,
    candidate_pairs,
)
from optimizer.network.distances import enterprise_site_distances, site_distances
from optimizer.network.earth import haversine_km
from optimizer.network.graph import MODES, build_network
from optimizer.network.snapping import locate, snapping
from optimizer.scenario import Scenario, scenario_from_tables
from optimizer.supply import hosts

SPACING_DEG = 0.0009  # about 100 m
SERVICES = {
    "sewage": {"unit": "m3", "conveyance": "pipe", "max_distance_km": 3.0},
    "spraying": {"unit": "t", "conveyance": "road", "max_distance_km": 5.0, "k_nearest": 10},
    "dyeing_pretreatment": {"unit": "m3", "conveyance": "pipe", "max_distance_km": 4.0},
}


def _grid(n_edges: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes on a perturbed square grid and ``n_edges`` edges between grid neighbours."""
    side = max(2, math.ceil(math.sqrt(n_edges / 2)))
    row, col = np.divmod(np.arange(side * side), side)
    lon = 120.6 + col * SPACING_DEG + rng.normal(0, SPACING_DEG / 5, side * side)
    lat = 31.2 + row * SPACING_DEG + rng.normal(0, SPACING_DEG / 5, side * side)
    ids = np.array([f"N{i}" for i in range(side * side)], dtype=object)
    index = np.arange(side * side).reshape(side, side)
    pairs = [
        np.column_stack((index[:, :-1].ravel(), index[:, 1:].ravel())),
        np.column_stack((index[:-1, :].ravel(), index[1:, :].ravel())),
    ]
    grid = np.concatenate(pairs)
    diagonal = np.column_stack((index[:-1, :-1].ravel(), index[1:, 1:].ravel()))
    if len(grid) >= n_edges:
        chosen = grid[rng.choice(len(grid), n_edges, replace=False)]
    else:
        extra = diagonal[rng.choice(len(diagonal), n_edges - len(grid), replace=False)]
        chosen = np.concatenate((grid, extra))
    a, b = chosen[:, 0], chosen[:, 1]
    length = haversine_km(lon[a], lat[a], lon[b], lat[b]) * rng.uniform(1.0, 1.2, len(a))
    modes = rng.choice(["pipe;road", "pipe", "road"], size=len(a), p=[0.7, 0.15, 0.15])
    nodes = pd.DataFrame({"id": ids, "lon": lon, "lat": lat})
    edges = pd.DataFrame(
        {"from_node": ids[a], "to_node": ids[b], "length_km": length.round(4), "modes": modes}
    )
    return nodes, edges


def _scatter(
    prefix: str, count: int, nodes: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    lon = rng.uniform(nodes["lon"].min(), nodes["lon"].max(), count)
    lat = rng.uniform(nodes["lat"].min(), nodes["lat"].max(), count)
    return pd.DataFrame({"id": [f"{prefix}{i}" for i in range(count)], "lon": lon, "lat": lat})


def synthetic_park(n_enterprises: int, n_sites: int, n_edges: int, seed: int) -> Scenario:
    """A scenario with a grid network, scattered enterprises and sites, and three services."""
    rng = np.random.default_rng(seed)
    nodes, edges = _grid(n_edges, rng)
    enterprises = _scatter("E", n_enterprises, nodes, rng)
    sites = _scatter("S", n_sites, nodes, rng)
    demands = [
        (e, service, 50.0)
        for e in enterprises["id"]
        for service, share in (("sewage", 1.0), ("spraying", 0.3), ("dyeing_pretreatment", 0.2))
        if rng.random() < share
    ]
    tiers = pd.DataFrame(
        [("*", s, "one", 1000.0, 1e7, 20.0) for s in SERVICES],
        columns=["site", "service", "tier", "capacity_per_day", "capex_cny", "lifetime_years"],
    )
    tables = {
        "enterprises": enterprises,
        "sites": sites,
        "demands": pd.DataFrame(demands, columns=["enterprise", "service", "demand_per_day"]),
        "tiers": tiers,
        "nodes": nodes,
        "edges": edges,
    }
    return scenario_from_tables({"name": "bench", "cost_year": 2024, "services": SERVICES}, tables)


def _timed(label: str, work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    print(f"{label:<50} {time.perf_counter() - start:9.3f} s")
    return result


def _networkx_per_site(scenario: Scenario, count: int) -> None:
    """Plain networkx Dijkstra from ``count`` sites (pipe, with the pipe cutoff), extrapolated to
    all sites: what scipy's one call replaces."""
    network = build_network(scenario)
    assert network is not None
    snapped = snapping(scenario)
    site_nodes = snapped.loc[snapped["kind"] == "site", "node"].head(count).tolist()

    def weight(u: str, v: str, data: dict) -> float | None:
        return data["km_by_mode"].get("pipe")

    cutoff = _cutoff(scenario, "pipe")
    graph = network.graph
    start = time.perf_counter()
    for node in site_nodes:
        nx.single_source_dijkstra_path_length(graph, node, cutoff=cutoff, weight=weight)
    each = (time.perf_counter() - start) / max(len(site_nodes), 1)
    total = each * len(scenario.tables["sites"])
    print(f"{f'networkx Dijkstra per site (pipe <= {cutoff} km)':<50} {each:9.4f} s")
    print(f"{'networkx Dijkstra, all sites (extrapolated)':<50} {total:9.3f} s")


def _park(args: argparse.Namespace) -> Scenario:
    """The park to time: :func:`optimizer.generate.generate_park` (entities on explicit nodes)
    when it is there and ``--park generate``; else the grid above (every entity snapped)."""
    if args.park == "generate":
        try:
            from optimizer.generate import generate_park
        except ImportError:
            print("optimizer.generate is not available: using the grid park")
        else:
            return generate_park(
                args.enterprises, args.sites, seed=args.seed, n_nodes=max(9, args.edges // 2)
            )
    return synthetic_park(args.enterprises, args.sites, args.edges, args.seed)


def _size(scenario: Scenario) -> str:
    tables = scenario.tables
    snapped = tables["enterprises"]["node"].isna().sum() + tables["sites"]["node"].isna().sum()
    return (
        f"{len(tables['enterprises'])} enterprises, {len(tables['sites'])} sites, "
        f"{len(tables['nodes'])} nodes, {len(tables['edges'])} edges, "
        f"{len(tables['demands'])} demands, {snapped} entities to snap"
    )


def _parts(scenario: Scenario) -> None:
    """The steps of candidate_pairs one at a time (helpers of the optimizer.network modules)."""
    network = _timed("  build_network (matrices, kd-tree)", lambda: build_network(scenario))
    if network is not None:
        _timed("  networkx graph (lazy, not used for distances)", lambda: network.graph)
        entities = pd.concat([scenario.tables["enterprises"], scenario.tables["sites"]])
        _timed("  snapping (locate every entity)", lambda: locate(network, entities, 1.3))
    for mode in MODES:
        cutoff = _cutoff(scenario, mode)
        pairs = _timed(
            f"  shortest paths + legs, {mode} <= {cutoff} km",
            lambda m=mode, c=cutoff: enterprise_site_distances(scenario, m, c),
        )
        print(f"{'    enterprise-site pairs within reach':<50} {len(pairs):9d}")
    host_pairs = _timed("  supply.hosts", lambda: hosts(scenario))
    triples = _timed(
        "  reachable triples (distances + merges)", lambda: _reachable_triples(scenario, host_pairs)
    )
    print(f"{'    triples before the per-service limits':<50} {len(triples):9d}")
    kept = _timed(
        "  pruning (max_distance, k_nearest)", lambda: _within_limits(triples, scenario.services)
    )
    print(f"{'    triples kept':<50} {len(kept):9d}")


def _cutoff(scenario: Scenario, mode: str) -> float | None:
    """The cutoff candidate_pairs uses for a mode: the largest max_distance_km of its services."""
    names = [s for s, v in scenario.services.items() if v.get("conveyance") == mode]
    return _mode_cutoff(scenario.services, names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=5000)
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--edges", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--park",
        choices=("generate", "grid"),
        default="generate",
        help="generate: optimizer.generate.generate_park (n_nodes = edges / 2); "
        "grid: this script's grid with every entity snapped",
    )
    parser.add_argument(
        "--networkx-sites", type=int, default=10, help="sites to time plain networkx on (0: skip)"
    )
    args = parser.parse_args()

    scenario = _timed("generate scenario", lambda: _park(args))
    print(f"{'size':<50} {_size(scenario)}")
    pairs = _timed("candidate_pairs (all of it, hosts computed)", lambda: candidate_pairs(scenario))
    print(f"{'  candidate triples':<50} {len(pairs):9d}")
    print("parts:")
    _parts(scenario)
    _timed("snapping report", lambda: snapping(scenario))
    for mode in MODES:
        between = _timed(
            f"site_distances {mode} (no cutoff)", lambda m=mode: site_distances(scenario, m)
        )
        print(f"{'  site pairs':<50} {len(between):9d}")
    if args.networkx_sites:
        _networkx_per_site(scenario, args.networkx_sites)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory':<50} {peak_mb:9.0f} MB")


if __name__ == "__main__":
    main()

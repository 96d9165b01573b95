"""Distances, snapping and candidate pairs (optimizer.network), checked against hand arithmetic."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import optimizer.network.distances as network_module
import optimizer.network.paths as paths_module
from optimizer.network.candidates import candidate_pairs
from optimizer.network.distances import enterprise_site_distances, site_distances
from optimizer.network.earth import haversine_km
from optimizer.network.graph import build_network
from optimizer.network.paths import python_paths, scipy_blocks
from optimizer.network.snapping import snapping
from optimizer.scenario import Scenario, load_scenario, save_scenario, scenario_from_tables

#: One degree of latitude on the IUGG mean sphere: 6371.0088 km * pi / 180.
DEGREE_KM = 6371.0088 * math.pi / 180


def _service(conveyance: str, max_km: float | None = None, k: int | None = None) -> dict:
    return {"unit": "m3", "conveyance": conveyance, "max_distance_km": max_km, "k_nearest": k}


def _scenario(
    enterprises: list[tuple],
    sites: list[tuple],
    demands: list[tuple[str, str]],
    services: dict[str, dict],
    *,
    nodes: list[tuple] | None = None,
    edges: list[tuple] | None = None,
    distances: list[tuple] | None = None,
    detour: float | None = None,
) -> Scenario:
    """A scenario from plain rows: enterprises (id, lon, lat, node), sites (id, lon, lat, node,
    services), demands (enterprise, service); every site may host a one-tier facility."""
    settings: dict = {"name": "net", "cost_year": 2024, "services": services}
    if detour is not None:
        settings["detour_factor"] = detour
    tables = {
        "enterprises": pd.DataFrame(enterprises, columns=["id", "lon", "lat", "node"]),
        "sites": pd.DataFrame(sites, columns=["id", "lon", "lat", "node", "services"]),
        "demands": pd.DataFrame(
            [(e, s, 10.0) for e, s in demands], columns=["enterprise", "service", "demand_per_day"]
        ),
        "tiers": pd.DataFrame(
            [("*", s, "one", 100.0, 1e6, 20.0) for s in services],
            columns=["site", "service", "tier", "capacity_per_day", "capex_cny", "lifetime_years"],
        ),
    }
    if nodes is not None:
        tables["nodes"] = pd.DataFrame(nodes, columns=["id", "lon", "lat"])
    if edges is not None:
        tables["edges"] = pd.DataFrame(
            edges, columns=["from_node", "to_node", "length_km", "modes"]
        )
    if distances is not None:
        tables["distances"] = pd.DataFrame(distances, columns=["enterprise", "site", "distance_km"])
    return scenario_from_tables(settings, tables)


def _as_dict(frame: pd.DataFrame, keys: tuple[str, str] = ("enterprise", "site")) -> dict:
    return {
        (a, b): d
        for a, b, d in zip(frame[keys[0]], frame[keys[1]], frame["distance_km"], strict=True)
    }


# ---------------------------------------------------------------------------------------------
# The hand-made network
# ---------------------------------------------------------------------------------------------

#: Nodes 0.01 degree apart, so that the nearest node of a snapped entity is obvious. W has no edge
#: (never a snap target); Z is in no table (its edge is skipped).
HAND_NODES = [
    ("A", 120.00, 31.00),
    ("B", 120.01, 31.00),
    ("C", 120.00, 31.01),
    ("D", 120.02, 31.00),
    ("X", 120.10, 31.10),
    ("Y", 120.11, 31.10),
    ("W", 120.00, 31.0112),
]
HAND_EDGES = [
    ("A", "B", 1.0, "road"),  # direct, but road only
    ("A", "C", 0.4, "pipe;road"),
    ("C", "B", 0.5, "pipe"),  # the pipe detour A-C-B = 0.9 beats the road edge A-B = 1.0
    ("B", "D", 0.3, "pipe"),  # parallel edges B-D: pipe keeps 0.3 ...
    ("B", "D", 0.8, ""),  # ... road keeps 0.8 (empty modes: both)
    ("X", "Y", 0.2, "pipe;road"),  # a component of its own
    ("A", "Z", 0.1, "pipe;road"),  # unknown node: skipped
    ("A", "D", 0.0, "pipe;road"),  # non-positive length: skipped
]
HAND_DETOUR = 1.5
#: E2 sits 0.001 degree north of C, S4 0.002 degree south of D (legs x detour 1.5).
E2_LEG = 0.001 * DEGREE_KM * HAND_DETOUR  # 0.166793 km
S4_LEG = 0.002 * DEGREE_KM * HAND_DETOUR  # 0.333585 km


def _hand(services: dict | None = None, demands: list | None = None) -> Scenario:
    services = services or {"sewage": _service("pipe"), "trucking": _service("road")}
    enterprises = [
        ("E1", 120.05, 31.05, "A"),  # explicit node: leg 0, coordinates unused
        ("E2", 120.00, 31.011, None),  # snapped to C (W is nearer but has no edge)
        ("E3", 120.10, 31.10, "X"),
    ]
    sites = [
        ("S1", 120.01, 31.00, "B", None),
        ("S2", 120.02, 31.00, "D", None),
        ("S3", 120.11, 31.10, "Y", None),
        ("S4", 120.02, 30.998, None, None),  # snapped to D
    ]
    if demands is None:
        demands = [(e, s) for e in ("E1", "E2", "E3") for s in services]
    return _scenario(
        enterprises,
        sites,
        demands,
        services,
        nodes=HAND_NODES,
        edges=HAND_EDGES,
        detour=HAND_DETOUR,
    )


def test_pipe_distances_on_hand_network() -> None:
    """Pipe graph: A-C 0.4, C-B 0.5, B-D 0.3 (shorter of the parallel pipes), X-Y 0.2; the
    road-only A-B, the edge to unknown Z and the zero-length A-D are not usable.

    E1 (on A): S1 (B) = 0.4 + 0.5 = 0.9; S2 (D) = 0.9 + 0.3 = 1.2; S4 = 1.2 + S4 leg.
    E2 (snapped to C, leg 0.001 deg x 111.1951 km x 1.5 = 0.166793): S1 = leg + 0.5;
    S2 = leg + 0.8; S4 = leg + 0.8 + S4 leg (0.002 deg x 111.1951 x 1.5 = 0.333585).
    E3 (on X) reaches only S3 (on Y): 0.2.
    """
    got = _as_dict(enterprise_site_distances(_hand(), "pipe"))
    expected = {
        ("E1", "S1"): 0.9,
        ("E1", "S2"): 1.2,
        ("E1", "S4"): 1.2 + S4_LEG,
        ("E2", "S1"): E2_LEG + 0.5,
        ("E2", "S2"): E2_LEG + 0.8,
        ("E2", "S4"): E2_LEG + 0.8 + S4_LEG,
        ("E3", "S3"): 0.2,
    }
    assert got.keys() == expected.keys()
    for pair, km in expected.items():
        assert got[pair] == pytest.approx(km, rel=1e-9), pair


def test_road_distances_on_hand_network() -> None:
    """Road graph: A-B 1.0 (road only), A-C 0.4, B-D 0.8 (the pipe-only C-B and B-D 0.3 are out).

    E1 (A): S1 = 1.0; S2 = 1.0 + 0.8 = 1.8; S4 = 1.8 + S4 leg.
    E2 (C): S1 = leg + 0.4 + 1.0 = leg + 1.4; S2 = leg + 2.2; S4 = leg + 2.2 + S4 leg.
    """
    got = _as_dict(enterprise_site_distances(_hand(), "road"))
    assert got[("E1", "S1")] == pytest.approx(1.0)
    assert got[("E1", "S2")] == pytest.approx(1.8)
    assert got[("E1", "S4")] == pytest.approx(1.8 + S4_LEG, rel=1e-9)
    assert got[("E2", "S1")] == pytest.approx(E2_LEG + 1.4, rel=1e-9)
    assert got[("E2", "S4")] == pytest.approx(E2_LEG + 2.2 + S4_LEG, rel=1e-9)
    assert ("E1", "S3") not in got and ("E3", "S1") not in got


def test_cutoff_keeps_pairs_up_to_and_including_it() -> None:
    """Pipe with cutoff 0.9: E1-S1 (0.9, exactly at the cutoff), E2-S1 (0.667), E3-S3 (0.2)."""
    got = _as_dict(enterprise_site_distances(_hand(), "pipe", cutoff_km=0.9))
    assert sorted(got) == [("E1", "S1"), ("E2", "S1"), ("E3", "S3")]


def test_snapping_report() -> None:
    """Explicit nodes sit at leg 0; E2 snaps to C and S4 to D with their legs x detour 1.5."""
    report = snapping(_hand())
    assert list(report.columns) == ["kind", "id", "node", "snap_km"]
    rows = {(k, i): (n, km) for k, i, n, km in report.itertuples(index=False)}
    assert rows[("enterprise", "E1")] == ("A", 0.0)
    assert rows[("enterprise", "E2")][0] == "C"
    assert rows[("enterprise", "E2")][1] == pytest.approx(E2_LEG, rel=1e-9)
    assert rows[("site", "S4")][0] == "D"
    assert rows[("site", "S4")][1] == pytest.approx(S4_LEG, rel=1e-9)
    assert len(report) == 7


def test_graph_keeps_shortest_parallel_edge_per_mode() -> None:
    network = build_network(_hand())
    assert network is not None
    graph = network.graph
    assert graph.edges["B", "D"]["km_by_mode"] == {"pipe": 0.3, "road": 0.8}
    assert graph.edges["B", "D"]["length_km"] == 0.3
    assert graph.edges["B", "D"]["modes"] == frozenset({"pipe", "road"})
    assert graph.edges["A", "B"]["modes"] == frozenset({"road"})
    assert not graph.has_edge("A", "D")  # zero length: skipped
    assert "Z" not in graph
    assert graph.nodes["C"]["lat"] == 31.01
    assert graph.number_of_edges() == 5


def test_no_edges_means_no_network_and_no_snapping() -> None:
    scenario = _scenario(
        [("E1", 120.0, 31.0, None)], [("S1", 120.0, 31.1, None, None)], [], {"s": _service("pipe")}
    )
    assert build_network(scenario) is None
    assert snapping(scenario).empty


def test_unknown_explicit_node_is_unreachable_not_an_error() -> None:
    scenario = _scenario(
        [("E1", 120.0, 31.0, "NOPE")],
        [("S1", 120.01, 31.0, "A", None)],
        [("E1", "s")],
        {"s": _service("pipe")},
        nodes=HAND_NODES,
        edges=HAND_EDGES,
    )
    assert candidate_pairs(scenario).empty


# ---------------------------------------------------------------------------------------------
# Great-circle fallback
# ---------------------------------------------------------------------------------------------


def test_haversine_one_degree_of_latitude() -> None:
    assert float(haversine_km(120.0, 31.0, 120.0, 32.0)) == pytest.approx(111.19508023, rel=1e-9)
    assert float(haversine_km(0.0, 0.0, 1.0, 0.0)) == pytest.approx(DEGREE_KM, rel=1e-12)


def test_great_circle_fallback_times_detour() -> None:
    """No edges: 1 degree of latitude = 111.195080 km, x the default detour 1.3 = 144.553604."""
    scenario = _scenario(
        [("E1", 120.0, 31.0, None), ("E2", float("nan"), 31.0, None)],
        [("S1", 120.0, 32.0, None, None)],
        [("E1", "s"), ("E2", "s")],
        {"s": _service("road")},
    )
    pairs = candidate_pairs(scenario)
    assert pairs[["enterprise", "site"]].values.tolist() == [["E1", "S1"]]  # E2: no coordinates
    assert pairs["distance_km"].iloc[0] == pytest.approx(144.5536043, rel=1e-9)


# ---------------------------------------------------------------------------------------------
# Candidate pairs: pruning
# ---------------------------------------------------------------------------------------------


def test_candidate_pairs_on_hand_network_use_each_service_mode() -> None:
    """sewage (pipe, max 1.0 km): E1-S1 0.9, E2-S1 0.667, E2-S2 0.967, E3-S3 0.2 (E1-S2 is 1.2).
    trucking (road, k_nearest 1): E1-S1 1.0, E2-S1 1.567, E3-S3 0.2."""
    services = {"sewage": _service("pipe", max_km=1.0), "trucking": _service("road", k=1)}
    pairs = candidate_pairs(_hand(services))
    assert list(pairs.columns) == ["enterprise", "service", "site", "distance_km"]
    assert pairs.dtypes.astype(str).tolist() == ["string", "string", "string", "float64"]
    assert pairs[["enterprise", "service", "site"]].values.tolist() == [
        ["E1", "sewage", "S1"],
        ["E1", "trucking", "S1"],
        ["E2", "sewage", "S1"],
        ["E2", "sewage", "S2"],
        ["E2", "trucking", "S1"],
        ["E3", "sewage", "S3"],
        ["E3", "trucking", "S3"],
    ]
    assert pairs["distance_km"].tolist() == pytest.approx(
        [0.9, 1.0, E2_LEG + 0.5, E2_LEG + 0.8, E2_LEG + 1.4, 0.2, 0.2], rel=1e-9
    )


def _line_of_sites(service: dict, status_s3: str = "optional") -> Scenario:
    """E1 at lat 31.00; S1, S2, S3 at 0.01, 0.02, 0.03 degree north (great-circle x 1.3)."""
    sites = [
        ("S3", 120.0, 31.03, None, None),
        ("S2", 120.0, 31.02, None, None),
        ("S1", 120.0, 31.01, None, None),
    ]
    scenario = _scenario([("E1", 120.0, 31.0, None)], sites, [("E1", "s")], {"s": service})
    if status_s3 != "optional":
        frame = scenario.tables["sites"].copy()
        frame["status"] = np.where(frame["id"] == "S3", status_s3, "optional")
        scenario = scenario.with_table("sites", frame)
    return scenario


def test_max_distance_drops_far_sites() -> None:
    """0.01 deg = 1.112 km, x 1.3 = 1.446 km per step: S1 1.446, S2 2.891, S3 4.337; limit 3 km."""
    pairs = candidate_pairs(_line_of_sites(_service("pipe", max_km=3.0)))
    assert pairs["site"].tolist() == ["S1", "S2"]
    assert pairs["distance_km"].tolist() == pytest.approx(
        [0.01 * DEGREE_KM * 1.3, 0.02 * DEGREE_KM * 1.3], rel=1e-6
    )


def test_k_nearest_keeps_the_k_nearest() -> None:
    pairs = candidate_pairs(_line_of_sites(_service("pipe", k=2)))
    assert pairs["site"].tolist() == ["S1", "S2"]


def test_site_that_does_not_host_is_never_a_candidate() -> None:
    """S3 forbidden and S2 allowed only another service: only S1 remains, even without limits."""
    scenario = _line_of_sites(_service("pipe"), status_s3="forbidden")
    frame = scenario.tables["sites"].copy()
    frame["services"] = np.where(frame["id"] == "S2", "other", pd.NA)
    settings = {**scenario.settings}
    settings["services"] = {**settings["services"], "other": _service("pipe")}
    scenario = scenario.with_table("sites", frame).with_settings(settings)
    assert candidate_pairs(scenario)["site"].tolist() == ["S1"]
    hosts = pd.DataFrame({"site": ["S2"], "service": ["s"]}, dtype="string")
    assert candidate_pairs(scenario, hosts=hosts)["site"].tolist() == ["S2"]


def test_k_nearest_ties_are_broken_by_site_id() -> None:
    """A star: the enterprise on O, four sites on nodes 1.0 km away (Sd 2.0): k=2 keeps Sa, Sb,
    whatever the row order of the sites table."""
    nodes = [("O", 120.0, 31.0), ("P", 120.0, 31.01), ("Q", 120.01, 31.0), ("R", 120.0, 30.99)]
    nodes += [("T", 120.0, 31.02)]
    edges = [("O", "P", 1.0, ""), ("O", "Q", 1.0, ""), ("O", "R", 1.0, ""), ("P", "T", 1.0, "")]
    sites = [("Sd", 0, 0, "T", None), ("Sc", 0, 0, "R", None)]
    sites += [("Sb", 0, 0, "Q", None), ("Sa", 0, 0, "P", None)]
    scenario = _scenario(
        [("E1", 0, 0, "O")],
        sites,
        [("E1", "s")],
        {"s": _service("road", k=2)},
        nodes=nodes,
        edges=edges,
    )
    pairs = candidate_pairs(scenario)
    assert pairs["site"].tolist() == ["Sa", "Sb"]
    assert pairs["distance_km"].tolist() == [1.0, 1.0]


def test_distances_table_overrides_network_and_coordinates() -> None:
    """Listed pairs only, at the listed distance: E1-S3 at 0.5 (the network says unreachable),
    E2-S1 at 7.0 (beyond max 5: dropped); E1-S1 is near on the network but not listed."""
    services = {"sewage": _service("pipe", max_km=5.0)}
    scenario = _hand(services)
    table = pd.DataFrame(
        {"enterprise": ["E1", "E2"], "site": ["S3", "S1"], "distance_km": [0.5, 7.0]}
    )
    scenario = scenario.with_table("distances", table)
    pairs = candidate_pairs(scenario)
    assert pairs[["enterprise", "site", "distance_km"]].values.tolist() == [["E1", "S3", 0.5]]


def test_no_demand_gives_an_empty_typed_frame() -> None:
    pairs = candidate_pairs(_hand(demands=[]))
    assert pairs.empty
    assert pairs.dtypes.astype(str).tolist() == ["string", "string", "string", "float64"]


def test_network_scenario_read_back_from_disk_gives_the_same_pairs(tmp_path) -> None:
    """The hand network saved as a folder and as a workbook, read back: the same triples."""
    services = {"sewage": _service("pipe", max_km=1.0), "trucking": _service("road", k=1)}
    scenario = _hand(services)
    expected = candidate_pairs(scenario)
    for target in (tmp_path / "hand", tmp_path / "hand.xlsx"):
        again = candidate_pairs(load_scenario(save_scenario(scenario, target)))
        pd.testing.assert_frame_equal(again, expected)


# ---------------------------------------------------------------------------------------------
# Site-to-site distances
# ---------------------------------------------------------------------------------------------


def _assert_symmetric_with_zero_diagonal(frame: pd.DataFrame, sites: list[str]) -> dict:
    got = _as_dict(frame, ("from_site", "to_site"))
    for site in sites:
        assert got[(site, site)] == 0.0
    for (a, b), km in got.items():
        assert got[(b, a)] == km
    return got


def test_site_distances_on_network_are_symmetric_with_zero_diagonal() -> None:
    """Pipe: S1 (B) - S2 (D) 0.3; S1 - S4 0.3 + S4 leg; S2 - S4 = S4 leg; S3 only to itself."""
    frame = site_distances(_hand(), "pipe")
    got = _assert_symmetric_with_zero_diagonal(frame, ["S1", "S2", "S3", "S4"])
    assert got[("S1", "S2")] == pytest.approx(0.3)
    assert got[("S1", "S4")] == pytest.approx(0.3 + S4_LEG, rel=1e-9)
    assert got[("S2", "S4")] == pytest.approx(S4_LEG, rel=1e-9)
    assert ("S1", "S3") not in got
    assert len(got) == 4 + 6


def test_site_distances_great_circle_with_cutoff() -> None:
    frame = site_distances(_line_of_sites(_service("pipe")), "road", cutoff_km=2.0)
    got = _assert_symmetric_with_zero_diagonal(frame, ["S1", "S2", "S3"])
    assert got[("S1", "S2")] == pytest.approx(0.01 * DEGREE_KM * 1.3, rel=1e-6)
    assert ("S1", "S3") not in got
    assert len(got) == 3 + 4


# ---------------------------------------------------------------------------------------------
# scipy route versus plain networkx
# ---------------------------------------------------------------------------------------------


def _random_network(seed: int) -> tuple[Scenario, list, list, list]:
    """60 nodes, 150 random edges (parallel ones included, random modes and lengths), 40
    enterprises and 8 sites on explicit nodes."""
    rng = np.random.default_rng(seed)
    names = [f"N{i}" for i in range(60)]
    nodes = [(n, 120 + rng.random() / 10, 31 + rng.random() / 10) for n in names]
    ends = rng.integers(0, 60, size=(150, 2))
    modes = rng.choice(["pipe", "road", "pipe;road"], size=150)
    lengths = rng.uniform(0.1, 2.0, size=150).round(3)
    edges = [
        (names[a], names[b], km, m)
        for (a, b), km, m in zip(ends, lengths, modes, strict=True)
        if a != b
    ]
    enterprises = [(f"E{i}", 0, 0, names[n]) for i, n in enumerate(rng.integers(0, 60, 40))]
    sites = [(f"S{i}", 0, 0, names[n], None) for i, n in enumerate(rng.integers(0, 60, 8))]
    scenario = _scenario(enterprises, sites, [], {"s": _service("pipe")}, nodes=nodes, edges=edges)
    return scenario, edges, enterprises, sites


def test_scipy_route_agrees_with_networkx_on_a_random_graph() -> None:
    """networkx Dijkstra on a MultiGraph of the pipe edges is the reference (it takes the
    shortest of parallel edges itself); a cutoff keeps exactly the pairs within it."""
    scenario, edges, enterprises, sites = _random_network(7)
    reference = nx.MultiGraph()
    reference.add_nodes_from([e[3] for e in enterprises] + [s[3] for s in sites])
    reference.add_weighted_edges_from(
        [(a, b, km) for a, b, km, m in edges if "pipe" in m], weight="length_km"
    )
    expected = {}
    for site, _, _, site_node, _ in sites:
        paths = nx.single_source_dijkstra_path_length(reference, site_node, weight="length_km")
        for enterprise, _, _, node in enterprises:
            if node in paths:
                expected[(enterprise, site)] = paths[node]
    got = _as_dict(enterprise_site_distances(scenario, "pipe"))
    assert got.keys() == expected.keys()
    for pair, km in expected.items():
        assert got[pair] == pytest.approx(km, abs=1e-9)
    near = _as_dict(enterprise_site_distances(scenario, "pipe", cutoff_km=1.5))
    assert near == {pair: km for pair, km in got.items() if km <= 1.5}


def test_small_blocks_give_the_same_distances(monkeypatch: pytest.MonkeyPatch) -> None:
    """Computing a few cells at a time (many Dijkstra and great-circle blocks) changes nothing."""
    scenario, *_ = _random_network(11)
    by_network = enterprise_site_distances(scenario, "road")
    by_air = enterprise_site_distances(_line_of_sites(_service("pipe")), "road")
    between = site_distances(scenario, "pipe")
    monkeypatch.setattr(network_module, "BLOCK_CELLS", 7)
    monkeypatch.setattr(paths_module, "BLOCK_CELLS", 7)
    monkeypatch.setattr(paths_module, "PYTHON_WORK", 0)  # scipy's blocks, however small
    pd.testing.assert_frame_equal(enterprise_site_distances(scenario, "road"), by_network)
    pd.testing.assert_frame_equal(
        enterprise_site_distances(_line_of_sites(_service("pipe")), "road"), by_air
    )
    pd.testing.assert_frame_equal(site_distances(scenario, "pipe"), between)


ROOT = Path(__file__).resolve().parent.parent
NETWORK_SCENARIOS = sorted(p.parent.name for p in (ROOT / "scenarios").glob("*/edges.csv"))


def _all_distances(scenario: Scenario) -> list[pd.DataFrame]:
    """Every distance frame of a scenario: both modes, enterprise-site and site-site, with and
    without a cutoff."""
    return [
        frame
        for mode in ("pipe", "road")
        for cutoff in (None, 0.5, 2.0)
        for frame in (
            enterprise_site_distances(scenario, mode, cutoff),
            site_distances(scenario, mode, cutoff),
        )
    ]


def _by_route(monkeypatch: pytest.MonkeyPatch, scenario: Scenario, work: int) -> list:
    monkeypatch.setattr(paths_module, "PYTHON_WORK", work)
    return _all_distances(scenario)


@pytest.mark.parametrize("name", NETWORK_SCENARIOS)
def test_both_shortest_path_routes_give_identical_distances(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pure Python (a small network) and scipy (a large one) agree to the last bit on every
    shipped scenario with a network and on random graphs."""
    assert "tiny" in NETWORK_SCENARIOS and "mixed-park" in NETWORK_SCENARIOS
    scenarios = [load_scenario(ROOT / "scenarios" / name)]
    if name == "tiny":
        scenarios += [_random_network(seed)[0] for seed in (3, 11, 29)]
    for scenario in scenarios:
        by_scipy = _by_route(monkeypatch, scenario, 0)
        by_python = _by_route(monkeypatch, scenario, 10**12)
        assert sum(len(frame) for frame in by_python) > 0
        for python_frame, scipy_frame in zip(by_python, by_scipy, strict=True):
            pd.testing.assert_frame_equal(python_frame, scipy_frame, check_exact=True)


def test_python_paths_are_scipy_dijkstra_cell_for_cell() -> None:
    """The raw rows, limits included (a node at exactly the limit is kept, as scipy keeps it)."""
    network = build_network(_random_network(5)[0])
    assert network is not None
    sources = np.arange(0, len(network.nodes), 3)
    for mode in ("pipe", "road"):
        for limit in (np.inf, 0.0, 1.0, 1.473, 3.0):
            expected = np.vstack([b for _, b in scipy_blocks(network, mode, sources, limit, 1)])
            got = python_paths(network.neighbours[mode], sources, limit)
            assert np.array_equal(got, expected), (mode, limit)
    reached = python_paths(network.neighbours["pipe"], sources[:1], np.inf)[0]
    exact = float(np.sort(reached[np.isfinite(reached)])[3])
    at_limit = python_paths(network.neighbours["pipe"], sources[:1], exact)[0]
    assert exact in at_limit.tolist()
    assert np.array_equal(
        at_limit, next(scipy_blocks(network, "pipe", sources[:1], exact, 1))[1][0]
    )


def test_inputs_that_validation_rejects_do_not_crash() -> None:
    """Bad edges only (negative length, unknown node, unknown mode), an empty nodes table, an
    enterprise without coordinates, a demand of an unknown enterprise and of an undeclared
    service, settings that are not numbers: no pair, and no exception."""
    scenario = _scenario(
        [("E1", 120.0, 31.0, None), ("E2", None, None, None)],
        [("S1", 120.01, 31.0, None, None), ("S2", 120.0, 31.0, "A", None)],
        [("E1", "s"), ("E2", "s"), ("E9", "s"), ("E1", "nope")],
        {"s": {"unit": "m3", "conveyance": "pipe", "max_distance_km": "far", "k_nearest": "k"}},
        edges=[("A", "B", -1.0, "pipe"), ("A", "Q", 1.0, "boat")],
    )
    assert candidate_pairs(scenario).empty
    report = snapping(scenario)
    assert report["node"].isna().tolist() == [True, True, True, False]  # S2 names its node
    assert site_distances(scenario, "road")["distance_km"].tolist() == [0.0, 0.0]


def test_modes_cell_tolerates_spaces_and_case() -> None:
    """'Pipe ; ROAD' is both modes; 'pipeline' is neither."""
    nodes = [("A", 120.0, 31.0), ("B", 120.01, 31.0), ("C", 120.02, 31.0)]
    edges = [("A", "B", 1.0, "Pipe ; ROAD"), ("B", "C", 1.0, "pipeline")]
    scenario = _scenario(
        [("E1", 0, 0, "A")],
        [("S1", 0, 0, "B", None), ("S2", 0, 0, "C", None)],
        [("E1", "s")],
        {"s": _service("pipe")},
        nodes=nodes,
        edges=edges,
    )
    assert _as_dict(enterprise_site_distances(scenario, "road")) == {("E1", "S1"): 1.0}
    assert candidate_pairs(scenario)["site"].tolist() == ["S1"]


def test_candidate_pairs_are_computed_once_per_scenario_and_copied(tiny_path):
    """Validation and preparation ask for the same pairs: the second call is the cached frame, a
    copy, so a caller that changes it does not change what the next caller gets."""
    from optimizer import load_scenario

    scenario = load_scenario(tiny_path)
    first = candidate_pairs(scenario)
    first.loc[0, "distance_km"] = -1.0
    again = candidate_pairs(scenario)
    assert again.loc[0, "distance_km"] >= 0
    edited = scenario.with_overrides({"services.sewage.max_distance_km": 0.6})
    assert len(candidate_pairs(edited)) < len(again)

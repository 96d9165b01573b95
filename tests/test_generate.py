"""The synthetic park generator: deterministic, valid, the sizes asked for, and lossless on disk."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from optimizer.checks import check
from optimizer.generate import (
    COD_REMOVAL,
    SCALE_EXPONENT,
    SEWAGE,
    cod_discharge,
    facility_capex,
    generate_park,
    grid_edges,
    own_spray_booths,
    park_extent,
)
from optimizer.scenario import Scenario, load_scenario, save_scenario
from optimizer.schema import ALL_SITES, TABLES


@pytest.fixture(scope="module")
def park() -> Scenario:
    return generate_park(120, 12, seed=5)


def assert_same_scenario(a: Scenario, b: Scenario) -> None:
    assert a.settings == b.settings
    assert a.variants == b.variants
    for name in TABLES:
        assert_frame_equal(a.tables[name], b.tables[name], obj=name)


def ids(frame: pd.DataFrame, table: str) -> pd.Series:
    key = list(TABLES[table].key)
    return frame[key].astype(str).agg("/".join, axis=1)


def test_same_seed_gives_identical_parks():
    assert_same_scenario(generate_park(80, 6, seed=11), generate_park(80, 6, seed=11))


def test_another_seed_gives_another_park():
    a, b = generate_park(80, 6, seed=11), generate_park(80, 6, seed=12)
    assert not a.tables["enterprises"]["lon"].equals(b.tables["enterprises"]["lon"])
    assert not a.tables["demands"].equals(b.tables["demands"])
    assert a.settings["pollutants"] != b.settings["pollutants"]


@pytest.mark.parametrize(("n", "m", "nodes"), [(1, 1, None), (37, 3, None), (200, 20, 150)])
def test_sizes_are_the_ones_asked_for(n, m, nodes):
    scenario = generate_park(n, m, seed=1, n_nodes=nodes)
    tables = scenario.tables
    assert len(tables["enterprises"]) == n
    assert len(tables["sites"]) == m
    expected_nodes = nodes if nodes is not None else max(9, 2 * n)
    assert len(tables["nodes"]) == expected_nodes
    # a perturbed grid: a spanning tree at least, about two links per node at most
    assert expected_nodes - 1 <= len(tables["edges"]) <= 2 * expected_nodes
    assert set(tables["demands"]["enterprise"]) == set(tables["enterprises"]["id"])


def test_ids_are_unique_and_references_exist(park):
    tables = park.tables
    for name in ("enterprises", "demands", "concentrations", "sites", "tiers", "nodes", "edges"):
        assert not ids(tables[name], name).duplicated().any(), name
    enterprises = set(tables["enterprises"]["id"])
    nodes = set(tables["nodes"]["id"])
    assert set(tables["demands"]["enterprise"]) <= enterprises
    demand_keys = set(ids(tables["demands"], "demands"))
    concentration_keys = tables["concentrations"][["enterprise", "service"]].agg("/".join, axis=1)
    assert set(concentration_keys) <= demand_keys
    assert set(tables["tiers"]["site"]) <= set(tables["sites"]["id"]) | {ALL_SITES}
    assert set(tables["edges"]["from_node"]) | set(tables["edges"]["to_node"]) <= nodes
    assert set(tables["enterprises"]["node"]) <= nodes
    assert set(tables["sites"]["node"]) <= nodes
    assert set(tables["demands"]["service"]) <= set(park.services)


def test_the_checks_find_no_problem(park):
    assert check(park) == []


def test_every_node_is_reachable_by_pipe_and_by_road(park):
    edges = park.tables["edges"]
    for mode in ("pipe", "road"):
        usable = edges[edges["modes"].str.split(";").apply(lambda modes, m=mode: m in modes)]
        graph = nx.Graph()
        graph.add_nodes_from(park.tables["nodes"]["id"])
        graph.add_edges_from(zip(usable["from_node"], usable["to_node"], strict=True))
        assert nx.is_connected(graph), mode
    assert set(edges["modes"]) == {"pipe;road", "pipe", "road"}


def test_sites_offer_two_to_four_tiers_with_economies_of_scale(park):
    tiers = park.tables["tiers"].astype({"capacity_per_day": float, "capex_cny": float})
    counts = tiers.groupby(["site", "service"]).size()
    assert counts.between(2, 4).all()
    for _, group in tiers.groupby(["site", "service"]):
        group = group.sort_values("capacity_per_day")
        assert group["capacity_per_day"].is_monotonic_increasing
        per_unit = (group["capex_cny"] / group["capacity_per_day"]).to_numpy()
        assert (np.diff(per_unit) < 0).all()


def test_every_site_can_build_its_largest_tier_of_each_service(park):
    tiers, sites = park.tables["tiers"], park.tables["sites"].set_index("id")
    largest = tiers.groupby(["site", "service"])["area_m2"].max()
    for (site, _), area in largest.items():
        assert area <= sites.loc[site, "area_m2"]


def test_cod_cap_lies_between_all_shared_and_all_alone(park):
    demands = park.tables["demands"].astype({"demand_per_day": float})
    concentrations = park.tables["concentrations"].astype({"concentration_mg_per_l": float})
    cap = park.settings["pollutants"]["COD"]["cap_t_per_year"]
    assert cod_discharge(demands, concentrations, "shared") < cap
    assert cap < cod_discharge(demands, concentrations, "self")
    assert set(park.settings["pollutants"]["COD"]["removal"]) == set(COD_REMOVAL)


def test_concentrations_are_inside_the_published_ranges(park):
    rows = park.tables["concentrations"]
    dyeing = rows[rows["service"] == "dyeing_pretreatment"]["concentration_mg_per_l"]
    assert dyeing.between(2000, 5000).all() and len(dyeing)
    assert set(rows["service"]) <= {"sewage", "dyeing_pretreatment"}


def test_a_subset_of_services_without_network():
    scenario = generate_park(30, 3, seed=2, services=["dyeing_pretreatment"], network=False)
    assert list(scenario.services) == ["dyeing_pretreatment"]
    assert scenario.tables["nodes"].empty and scenario.tables["edges"].empty
    assert scenario.tables["enterprises"]["node"].isna().all()
    (effluent,) = scenario.services["dyeing_pretreatment"]["outputs"]
    assert effluent["to"] is None and effluent["sink_price_cny_per_unit"] > 0
    assert set(scenario.settings["pollutants"]["COD"]["removal"]) == {"dyeing_pretreatment"}
    assert check(scenario) == []


def test_a_park_without_cod_has_no_pollutants():
    scenario = generate_park(20, 2, seed=3, services=["spraying"])
    assert "pollutants" not in scenario.settings
    assert scenario.tables["concentrations"].empty


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_enterprises": 0, "n_sites": 2},
        {"n_enterprises": 5, "n_sites": 0},
        {"n_enterprises": 5, "n_sites": 2, "services": ["sludge"]},
        {"n_enterprises": 5, "n_sites": 2, "services": []},
        {"n_enterprises": 5, "n_sites": 2, "n_nodes": 1},
    ],
)
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises(ValueError):
        generate_park(**kwargs)


def test_round_trip_through_a_folder_and_a_workbook_is_lossless(park, tmp_path):
    for target in (tmp_path / "park", tmp_path / "park.xlsx"):
        save_scenario(park, target)
        loaded = load_scenario(target)
        assert loaded.load_problems == ()
        assert_same_scenario(loaded, park)


def test_park_grows_with_the_number_of_enterprises():
    small, large = park_extent(100), park_extent(10_000)
    assert large[0] * large[1] == pytest.approx(10_000 / 5, rel=1e-3)
    assert small[0] * small[1] == pytest.approx(100 / 5, rel=1e-3)


def test_grid_edges_link_each_node_to_its_right_and_lower_neighbour():
    """Five nodes in two columns are the rows 0 1 / 2 3 / 4: links 0-1 and 2-3 across, 0-2, 1-3
    and 2-4 down."""
    assert sorted(map(tuple, grid_edges(5, 2).tolist())) == [(0, 1), (0, 2), (1, 3), (2, 3), (2, 4)]


def test_cost_curve_and_booths_follow_the_published_figures():
    """A 10,000 m3/d plant costs 3,400 CNY per m3/d (3,150-3,600); twice the size costs
    2^0.79 = 1.73 times as much; a booth with VOC treatment is 0.8 M CNY per 2.5 t/d."""
    assert float(facility_capex(10_000, SEWAGE)) == pytest.approx(34e6)
    ratio = float(facility_capex(20_000, SEWAGE) / facility_capex(10_000, SEWAGE))
    assert ratio == pytest.approx(2**SCALE_EXPONENT)
    capex, _ = own_spray_booths(np.array([2.5, 2.6]))
    assert capex.tolist() == [800_000.0, 1_600_000.0]


@pytest.mark.slow
def test_a_province_sized_park_keeps_its_shape():
    scenario = generate_park(20_000, 500, seed=0)
    tables = scenario.tables
    assert len(tables["enterprises"]) == 20_000 and len(tables["sites"]) == 500
    assert 1.5 * len(tables["nodes"]) < len(tables["edges"]) < 2 * len(tables["nodes"])
    assert all(s["k_nearest"] == 10 for s in scenario.services.values())

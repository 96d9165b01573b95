"""Near-optimal alternatives and why-nots on tiny parks worked out by hand.

As in ``builders.park``: discount rate 0, one operating day a year, lifetimes of 1 year, free
transport and connections, so every cost below is a plain sum.
"""

from __future__ import annotations

import pytest
from builders import park

from optimizer.alternatives import optimise_alternatives, ranking_table
from optimizer.pipeline import solve_options

TWO_SMES = [
    {"enterprise": "E1", "demand_per_day": 10, "standalone_om_cny_per_year": 500},
    {"enterprise": "E2", "demand_per_day": 10, "standalone_om_cny_per_year": 500},
]
TWIN_PLANTS = [
    {"site": "A", "tier": "only", "capacity_per_day": 100, "fixed_om_cny_per_year": 100},
    {"site": "B", "tier": "only", "capacity_per_day": 100, "fixed_om_cny_per_year": 100.5},
]
BOTH_NEAR_BOTH = {("E1", "A"): 1.0, ("E2", "A"): 1.0, ("E1", "B"): 1.0, ("E2", "B"): 1.0}


@pytest.mark.parametrize("route", ["highs", "highs-standard-form"])
def test_exactly_two_plans_within_one_percent(route):
    """Two SMEs of 10 m3/d, 500 each alone; plants at A (100) and B (100.5), room for both.

    - plant A for both: 100 (the least cost)
    - plant B for both: 100.5, 0.5% above: the only alternative within 1%
    - both plants: 200.5, 100.5% above; one plant and one SME alone: 600; all alone: 1,000
    So exactly two plans within 1%: {A} at 100 and {B} at 100.5, at Hamming distance 2 (+B, -A);
    the search then finds no other plan within 1% and stops, though 10 were asked for.
    """
    scenario = park(TWO_SMES, TWIN_PLANTS, BOTH_NEAR_BOTH)
    options = solve_options(scenario, solver=route)
    found = optimise_alternatives(scenario, options, within=0.01, count=10)
    assert [p.label for p in found.plans] == ["least cost", "alternative 1"]
    assert [p.total_cost for p in found.plans] == pytest.approx([100.0, 100.5], abs=1e-6)
    assert set(found.plans[1].facilities["site"]) == {"B"}
    assert found.plans[1].kpis["smes_connected"] == 2
    assert found.stopped == "no other plan is within 1.0%"
    table = found.table
    assert table["distance"].tolist() == [0, 2]
    assert table["changes"].tolist() == ["same facilities", "+B sewage; -A sewage"]
    assert table["extra_cost_pct"].tolist() == pytest.approx([0.0, 0.5])
    assert not found.plans[1].statement.empty  # a full plan: the SME statement too


def test_a_wider_slack_admits_both_plants():
    """With 101% of slack the third open set, both plants (200.5, each serving one SME: 100.5%
    above 100), is in too; one plant and one SME alone (600) is not."""
    scenario = park(TWO_SMES, TWIN_PLANTS, BOTH_NEAR_BOTH)
    found = optimise_alternatives(scenario, within=1.01, count=10)
    assert [p.total_cost for p in found.plans] == pytest.approx([100.0, 100.5, 200.5], abs=1e-6)
    assert found.table["distance"].tolist() == [0, 2, 1]


def test_ranking_by_facilities_puts_fewest_first():
    """Ranked by number of facilities: the two single-plant plans (1 facility) before both
    plants (2), ties by cost: 100, 100.5, then 200.5."""
    scenario = park(TWO_SMES, TWIN_PLANTS, BOTH_NEAR_BOTH)
    found = optimise_alternatives(scenario, within=1.01, count=10, rank_by="facilities")
    assert found.table["facilities"].tolist() == [1, 1, 2]
    assert found.table["plan"].tolist() == ["least cost", "alternative 1", "alternative 2"]
    by_capex = ranking_table(list(found.plans), "leavers")
    assert by_capex["rank"].tolist() == [1, 2, 3]


def test_unknown_ranking_is_refused():
    scenario = park(TWO_SMES, TWIN_PLANTS, BOTH_NEAR_BOTH)
    with pytest.raises(ValueError, match="rank_by one of cost, leavers"):
        optimise_alternatives(scenario, rank_by="fairest")

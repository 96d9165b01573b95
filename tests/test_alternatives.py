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


@pytest.mark.parametrize("route", ["highs", "highs-standard-form"])
def test_an_alternative_is_least_cost_for_its_open_set(route):
    """E3 (10 m3/d, 20 alone) joins E1 and E2 for nothing more (no transport, no variable cost).

    - plant A for all three: 100 (the least cost); plant B for all three: 100.5
    - plant B with E3 alone: 120.5, within a 25% slack (ceiling 125) but not least-cost for {B}
    - both plants: 200.5, beyond the slack
    So one alternative, {B}, at 100.5: the search may first meet {B} with E3 alone, and the
    alternative is still the least-cost plan of its open set, with E3 connected."""
    smes = [*TWO_SMES, {"enterprise": "E3", "demand_per_day": 10, "standalone_om_cny_per_year": 20}]
    near = {**BOTH_NEAR_BOTH, ("E3", "A"): 1.0, ("E3", "B"): 1.0}
    scenario = park(smes, TWIN_PLANTS, near)
    options = solve_options(scenario, solver=route)
    found = optimise_alternatives(scenario, options, within=0.25, count=5)
    assert [p.total_cost for p in found.plans] == pytest.approx([100.0, 100.5], abs=1e-6)
    assert found.plans[1].kpis["smes_connected"] == 3
    assert found.stopped == "no other plan is within 25.0%"


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


# -- why not ------------------------------------------------------------------------------------

FULL_PLANT = [
    {"enterprise": "E1", "demand_per_day": 90, "standalone_om_cny_per_year": 200},
    {"enterprise": "E2", "demand_per_day": 30, "standalone_om_cny_per_year": 20},
    {"enterprise": "E3", "demand_per_day": 5, "standalone_om_cny_per_year": 10},
]
SMALL_LARGE = [
    {"site": "A", "tier": "small", "capacity_per_day": 100, "fixed_om_cny_per_year": 100},
    {"site": "A", "tier": "large", "capacity_per_day": 200, "fixed_om_cny_per_year": 150},
]
E3_FAR = {("E1", "A"): 1.0, ("E2", "A"): 1.0}


def _full_plant_plan():
    """E1 (90 m3/d, 200 alone), E2 (30 m3/d, 20 alone), E3 (5 m3/d, 10 alone, no site in
    reach); at A a small tier (100 m3/d for 100) or a large one (200 m3/d for 150).

    - small for E1, E2 and E3 alone: 100 + 20 + 10 = 130 (the optimum)
    - large for E1 and E2, E3 alone: 150 + 10 = 160
    - all alone: 230
    """
    from optimizer.pipeline import optimise

    plan = optimise(park(FULL_PLANT, SMALL_LARGE, E3_FAR))
    assert plan.total_cost == pytest.approx(130.0)
    return plan


def test_why_not_connect_is_a_binding_capacity():
    """Forcing E2 to share: the small tier (100 m3/d) already treats E1's 90, so E2's 30 does
    not fit; the large tier for both costs 150 + 10 (E3) = 160, 30 CNY/year more than 130 (the
    small tier with E2 alone would cost 100 + 20, but E2 may not stay alone)."""
    from optimizer.whynot import Decision, why_not

    answer = why_not(_full_plant_plan(), Decision.parse("connect", "E2:sewage"))
    assert answer.possible and not answer.already
    assert answer.delta == pytest.approx(30.0)
    assert [r.kind for r in answer.reasons] == ["capacity"]
    assert answer.plan is not None and set(answer.plan.facilities["tier"]) == {"large"}
    lines = answer.sentences()
    assert lines[0] == (
        "Connecting E2's sewage to a shared facility costs 30.00 CNY/year more than the plan."
    )
    assert "tier small, 100 m3/d) already treats 90 m3/d" in lines[1]
    assert "E2's 30 m3/d does not fit; the forced plan builds tier large (200 m3/d)" in lines[1]


def test_why_not_connect_beyond_reach_is_impossible():
    """E3 has no site within reach (the distances table lists no E3 pair): connecting it is
    impossible, for the reason of reach; no solve is needed to say so."""
    from optimizer.whynot import Decision, why_not

    answer = why_not(_full_plant_plan(), Decision.parse("connect", "E3:sewage"))
    assert not answer.possible and answer.delta is None
    assert [r.kind for r in answer.reasons] == ["reach"]
    assert answer.sentences() == [
        "Connecting E3's sewage to a shared facility is impossible:",
        "- no site hosting it is within reach of E3 (the distances table lists no such pair).",
    ]


def test_why_not_names_what_it_does_not_know():
    from optimizer.problems import ScenarioError
    from optimizer.whynot import Decision, why_not

    with pytest.raises(ScenarioError) as error:
        why_not(_full_plant_plan(), Decision.parse("open", "Z9:sewage"))
    assert "Z9" in str(error.value)
    with pytest.raises(ValueError, match="expected SITE:SERVICE"):
        Decision.parse("open", "A")


def test_the_cost_ceiling_is_a_rule_on_a_shipped_park():
    """scenarios/tiny: the only other open set (a second plant at S2) costs 22.9% more than the
    least cost, so within 5% there is no alternative (HiGHS's objective bound alone let it in)."""
    found = optimise_alternatives("scenarios/tiny", within=0.05, count=3)
    assert len(found.plans) == 1
    assert found.stopped == "no other plan is within 5.0%"


AREA_SMES = [
    {"enterprise": "E1", "demand_per_day": 90, "standalone_om_cny_per_year": 200},
    {"enterprise": "E2", "demand_per_day": 30, "standalone_om_cny_per_year": 20},
]
AREA_TIERS = [
    {
        "site": "A",
        "tier": "small",
        "capacity_per_day": 100,
        "fixed_om_cny_per_year": 100,
        "area_m2": 400,
    },
    {
        "site": "A",
        "tier": "large",
        "capacity_per_day": 200,
        "fixed_om_cny_per_year": 150,
        "area_m2": 800,
    },
    {
        "site": "B",
        "tier": "plant",
        "capacity_per_day": 100,
        "fixed_om_cny_per_year": 60,
        "area_m2": 100,
    },
]


@pytest.mark.parametrize("route", ["highs", "highs-standard-form"])
def test_why_not_connect_where_a_site_area_binds(route):
    """E1 (90 m3/d, 200 alone) reaches A only; E2 (30 m3/d, 20 alone) reaches A and B. Site A
    has 500 m2: its small tier (100 m3/d for 100, 400 m2) fits, its large one (200 m3/d for 150,
    800 m2) does not; B offers a plant of 100 m3/d for 60.

    - the plan: E1 at A small, E2 alone: 100 + 20 = 120 (E2 at B: 160; large at A: out)
    - forcing E2 to share: the small tier (90 of 100 m3/d) has no room for its 30, so B opens:
      100 + 60 = 160, 40 EUR/year more
    - with A's area set free the large tier would take both: 150, 10 less, on 800 m2 of 500
    So two reasons: the small tier's capacity, and A's area."""
    from optimizer.pipeline import optimise
    from optimizer.whynot import Decision, why_not

    scenario = park(
        AREA_SMES,
        AREA_TIERS,
        {("E1", "A"): 1.0, ("E2", "A"): 1.0, ("E2", "B"): 1.0},
        sites=[{"id": "A", "area_m2": 500}, {"id": "B"}],
        currency="EUR",
    )
    options = solve_options(scenario, solver=route)
    plan = optimise(scenario, options)
    assert plan.total_cost == pytest.approx(120.0)
    answer = why_not(plan, Decision.parse("connect", "E2:sewage"), options)
    assert answer.possible and answer.delta == pytest.approx(40.0)
    assert [r.kind for r in answer.reasons] == ["capacity", "area"]
    assert answer.sentences() == [
        "Connecting E2's sewage to a shared facility costs 40.00 EUR/year more than the plan.",
        "- capacity: the sewage plant at A (tier small, 100 m3/d) already treats 90 m3/d, so "
        "E2's 30 m3/d does not fit; the forced plan sends it to B (tier plant) instead.",
        "- site area binds: the area of site A (sites.area_m2, row A) allows at most 500 m2; "
        "set free, the forced plan would use 800 m2 there and cost 10.00 EUR/year less.",
    ]


@pytest.mark.parametrize("route", ["highs", "highs-standard-form"])
def test_why_not_connect_where_a_pollutant_cap_binds(route):
    """E1 and E2 send 100 m3/d each at 1,000 mg/L COD: 0.1 t/year untreated each (one
    operating day), 0.01 t left by a shared plant (removal 0.9), 0.05 t by treating alone (0.5);
    50 CNY/year each alone. A takes both (200 m3/d) for 80; B takes one (100 m3/d) for 70. The
    park may discharge 0.05 t/year of COD.

    - the plan: both at A, 80, discharging 0.02 t (alone: 0.10 t, over the cap)
    - forcing E1 to B: E2 alone would cost 70 + 50 = 120 but discharge 0.01 + 0.05 = 0.06 t,
      over 0.05; so E2 goes to A: 70 + 80 = 150, 70 CNY/year more than the plan
    - with the cap set free: 120, 30 less, discharging 0.06 t
    So two reasons: B is not open in the plan, and the COD cap."""
    from optimizer.pipeline import optimise
    from optimizer.whynot import Decision, why_not

    removal = {"removal": {"sewage": {"shared": 0.9, "self": 0.5}}, "cap_t_per_year": 0.05}
    scenario = park(
        [
            {"enterprise": "E1", "demand_per_day": 100, "standalone_om_cny_per_year": 50},
            {"enterprise": "E2", "demand_per_day": 100, "standalone_om_cny_per_year": 50},
        ],
        [
            {"site": "A", "tier": "t", "capacity_per_day": 200, "fixed_om_cny_per_year": 80},
            {"site": "B", "tier": "t", "capacity_per_day": 100, "fixed_om_cny_per_year": 70},
        ],
        {("E1", "A"): 1.0, ("E2", "A"): 1.0, ("E1", "B"): 1.0},
        concentrations=[
            {"enterprise": e, "pollutant": "COD", "concentration_mg_per_l": 1000}
            for e in ("E1", "E2")
        ],
        pollutants={"COD": removal},
    )
    options = solve_options(scenario, solver=route)
    plan = optimise(scenario, options)
    assert plan.total_cost == pytest.approx(80.0)
    answer = why_not(plan, Decision.parse("connect", "E1:sewage@B"), options)
    assert answer.possible and answer.delta == pytest.approx(70.0)
    assert [r.kind for r in answer.reasons] == ["facility", "cap"]
    assert answer.reasons[1].sentence == (
        "pollutant cap binds: the COD cap (pollutants.COD.cap_t_per_year) allows at most "
        "0.05 t/year; set free, the forced plan would discharge 0.06 t/year and cost "
        "30.00 CNY/year less."
    )

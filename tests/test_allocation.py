"""Cost allocation: hand-worked games, each rule, fairness checks and the SME statement.

Unless said otherwise (see ``builders.park``): discount rate 0, one operating day a year, lifetimes
of 1 year, free transport and connections, so every cost below is a plain sum. ``alpha`` is a
member's alternative (stand-alone cost minus its own transport and connection), ``c(S)`` the cost
of a coalition: ``min(F(S), sum alpha)`` for a proper subset, the plan's cost for all members.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from builders import park, service

from optimizer.allocation import (
    EXACT_MAX_PLAYERS,
    RULES,
    STATEMENT_COLUMNS,
    Game,
    allocate,
    facility_cost_function,
    facility_game,
    scrb,
    shapley_exact,
    shapley_sampled,
    shares_by_rule,
    split_and_check,
)
from optimizer.costs import annuity
from optimizer.pipeline import optimise
from optimizer.plan import Plan
from optimizer.scenario import load_scenario


def shares(plan: Plan) -> dict[str, float]:
    """Allocated share per player of every facility (enterprise id or upstream ``site/service``)."""
    players = plan.allocation["players"]
    return dict(zip(players["player"], players["share_cny_per_year"], strict=True))


def leaving(plan: Plan) -> set[str]:
    statement = plan.statement
    return set(statement.loc[statement["would_leave"], "enterprise"])


def facility(plan: Plan, service_name: str = "sewage") -> pd.Series:
    table = plan.allocation["facilities"]
    return table[table["service"] == service_name].iloc[0]


def assert_statement_adds_up(plan: Plan) -> None:
    """Every facility's cost is shared out: the SMEs' totals add up to the plan's total cost."""
    assert list(plan.statement.columns) == list(STATEMENT_COLUMNS)
    assert plan.statement["total_cny_per_year"].sum() == pytest.approx(plan.total_cost, rel=1e-12)
    table = plan.allocation["facilities"]
    assert table["cheapest_tier_cost"].to_numpy() == pytest.approx(table["annual_cost"].to_numpy())


# ---------------------------------------------------------------------------------------------
# The shipped tiny scenario
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def tiny_plan(tiny_path) -> Plan:
    """The optimum of a fresh copy of ``scenarios/tiny``."""
    return optimise(load_scenario(tiny_path), allocation=None)


def test_tiny_by_each_rule(tiny_plan):
    """``scenarios/tiny`` (README): S1 small (150 m3/d) for E1 (60 m3/d) and E2 (90 m3/d), E3 and
    E4 alone; the plant costs c(M) = 91,666.99 + 60,000 + 150 x 330 = 201,166.99 a year.

    - alpha_E1 = 199,595.45 - 27,638.23 = 171,957.22; alpha_E2 = 299,393.18 - 45,013.17 =
      254,380.01.
    - c({E1}) = min(151,666.99 + 60 x 330, alpha_E1) = 171,466.99;
      c({E2}) = min(151,666.99 + 90 x 330, alpha_E2) = 181,366.99.
    - proportional: E1 60/150 x 201,166.99 = 80,466.80; E2 120,700.19.
    - SCRB: SC_E1 = 201,166.99 - 181,366.99 = 19,800; SC_E2 = 29,700; RB_E1 = RB_E2 =
      151,666.99; NSC = 151,666.99, halved: E1 95,633.49, E2 105,533.49.
    - Shapley (two players): E1 = (171,466.99 + 19,800) / 2 = 95,633.49, the same as SCRB.
    - stable: SCRB keeps both in (each pays less than alone), so it is SCRB.

    E1 then pays 27,638.23 + share a year in all; under SCRB 123,271.72 against 199,595.45 alone.
    """
    fixed = 900_000 * annuity(0.08, 20) + 60_000  # the small tier: annuity + fixed O&M
    plant = fixed + 150 * 330
    halves = (19_800 + fixed / 2, 29_700 + fixed / 2)
    expected = {
        "proportional": (plant * 60 / 150, plant * 90 / 150),
        "scrb": halves,
        "shapley": halves,
        "stable": halves,
    }
    assert expected["scrb"][0] == pytest.approx(95_633.49, abs=0.01)
    for rule in RULES:
        plan = allocate(tiny_plan, rule)
        got = shares(plan)
        assert (got["E1"], got["E2"]) == pytest.approx(expected[rule], abs=1e-3)
        assert_statement_adds_up(plan)
        assert leaving(plan) == set()
        row = facility(plan)
        assert row["annual_cost"] == pytest.approx(plant, abs=1e-3)
        assert (row["core_checked"], row["core_empty"], row["min_subsidy"]) == (True, False, 0.0)
        assert plan.kpis["allocation_rule"] == rule
        assert plan.kpis["smes_would_leave"] == 0
        statement = plan.statement.set_index("enterprise")
        assert statement.loc["E3", "facility"] == "self"
        assert statement.loc["E3", "total_cny_per_year"] == pytest.approx(133_063.64, abs=0.01)
        assert statement.loc["E3", "saving_cny_per_year"] == 0.0
    e1 = allocate(tiny_plan, "scrb").statement.set_index("enterprise").loc["E1"]
    assert e1["total_cny_per_year"] == pytest.approx(123_271.72, abs=0.01)
    assert e1["saving_cny_per_year"] == pytest.approx(199_595.45 - 123_271.72, abs=0.01)
    assert tiny_plan.statement.empty  # the plan given is left alone


def test_json_round_trip(tiny_plan, tmp_path):
    """An allocated plan survives a JSON file exactly, and a plan read back from JSON (its scenario
    rebuilt from the inputs it carries) allocates to exactly the same tables."""
    direct = allocate(tiny_plan, "scrb")
    (tmp_path / "allocated.json").write_text(direct.to_json(), encoding="utf-8")
    assert Plan.from_json((tmp_path / "allocated.json").read_text(encoding="utf-8")).equals(direct)
    (tmp_path / "plan.json").write_text(tiny_plan.to_json(), encoding="utf-8")
    reread = allocate(Plan.from_json((tmp_path / "plan.json").read_text(encoding="utf-8")), "scrb")
    pd.testing.assert_frame_equal(reread.statement, direct.statement)
    for name in ("facilities", "players"):
        pd.testing.assert_frame_equal(reread.allocation[name], direct.allocation[name])
    assert reread.allocation["kpis"] == direct.allocation["kpis"]


# ---------------------------------------------------------------------------------------------
# Individual rationality and the core
# ---------------------------------------------------------------------------------------------

ONE_PLANT = [{"site": "A", "tier": "t", "capacity_per_day": 200, "fixed_om_cny_per_year": 90}]


def test_proportional_pushes_out_a_big_member_that_scrb_and_shapley_keep():
    """One plant (200 m3/d, 90 a year). E1 sends 100 m3/d but treats alone for 40; E2 and E3 send
    50 m3/d each and pay 60 alone. All three join (90 < 40 + 90 < 160).

    F(S) = 90 for any nonempty S, so c({E1}) = 40, c({E2}) = c({E3}) = 60, every pair costs
    min(90, alpha sum) = 90, c(M) = 90.

    - proportional: 45, 22.5, 22.5. E1 pays 45 > 40: it would leave ({E1} is the most violated
      coalition, by 5).
    - SCRB: every SC_e = 90 - 90 = 0; RB = 40, 60, 60; NSC = 90 split 40:60:60 -> 22.5, 33.75,
      33.75.
    - Shapley: E1 = 40/3 + 30/6 + 30/6 + 0/3 = 70/3; E2 = E3 = 60/3 + 50/6 + 30/6 = 100/3.

    The core is not empty (e.g. the SCRB shares), so no subsidy is needed under any rule. Under
    proportional sharing the nearest split keeping everyone in moves 5 from E1 to E2 and E3
    (2.5 each): 40, 25, 25 (every pair pays 65 or 50, at most its 90).
    """
    demands = [
        {"enterprise": "E1", "demand_per_day": 100, "standalone_om_cny_per_year": 40},
        {"enterprise": "E2", "demand_per_day": 50, "standalone_om_cny_per_year": 60},
        {"enterprise": "E3", "demand_per_day": 50, "standalone_om_cny_per_year": 60},
    ]
    plan = optimise(park(demands, ONE_PLANT, {(e, "A"): 0.0 for e in ("E1", "E2", "E3")}))
    assert plan.total_cost == pytest.approx(90.0)
    expected = {
        "proportional": [45.0, 22.5, 22.5],
        "scrb": [22.5, 33.75, 33.75],
        "shapley": [70 / 3, 100 / 3, 100 / 3],
        "stable": [22.5, 33.75, 33.75],  # SCRB, which keeps everyone in
    }
    for rule, values in expected.items():
        allocated = allocate(plan, rule)
        got = shares(allocated)
        assert [got[e] for e in ("E1", "E2", "E3")] == pytest.approx(values, abs=1e-9)
        assert_statement_adds_up(allocated)
        row = facility(allocated)
        assert (row["core_empty"], row["min_subsidy"]) == (False, 0.0)
        if rule == "proportional":
            assert leaving(allocated) == {"E1"}
            assert (row["ir_violations"], row["blocking_coalition"]) == (1, "E1")
            e1 = allocated.statement.set_index("enterprise").loc["E1"]
            assert (e1["total_cny_per_year"], e1["saving_cny_per_year"]) == (45.0, -5.0)
            assert allocated.kpis["smes_would_leave"] == 1
            players = allocated.allocation["players"].set_index("player")
            assert players["stable_share_cny_per_year"].tolist() == pytest.approx([40, 25, 25])
            assert players["over_alone_cny_per_year"].tolist() == pytest.approx([5, 0, 0])
        else:
            assert leaving(allocated) == set()
            assert (row["ir_violations"], row["blocking_coalition"]) == (0, "")


def test_empty_core_and_its_minimum_subsidy():
    """Three members of 50 m3/d, each 50 a year alone. Small tier 100 m3/d for 60, large 150 m3/d
    for 100. The plan puts all three in the large tier: 100 < 60 + 50 < 150.

    c({e}) = min(60, 50) = 50; every pair fits the small tier: c = min(60, 100) = 60; c(M) = 100.
    Any split x with x(pair) <= 60 for the three pairs has sum x <= 3 x 60 / 2 = 90 < 100: the core
    is empty, and the least subsidy that makes a core split exist is 100 - 90 = 10 (x = 30 each).

    Every rule gives 100/3 each (symmetry). Each pair then pays 66.67 > 60: the most violated
    coalition is the first pair, {E1, E2}, by 6.67; both would leave. Nobody breaks IR (33.3 < 50).

    The least core: the least eps with x(pair) <= 60 + eps for the three pairs and sum x = 100 is
    eps = 2 x 100 / 3 - 60 = 6.67 (x = 33.33 each, the ``stable`` split too). With the smallest
    subsidy, 10, the split nearest to 33.33 each that keeps everyone in is 30 each: each member
    receives 3.33 of the subsidy.
    """
    demands = [
        {"enterprise": e, "demand_per_day": 50, "standalone_om_cny_per_year": 50}
        for e in ("E1", "E2", "E3")
    ]
    tiers = [
        {"site": "A", "tier": "small", "capacity_per_day": 100, "fixed_om_cny_per_year": 60},
        {"site": "A", "tier": "large", "capacity_per_day": 150, "fixed_om_cny_per_year": 100},
    ]
    plan = optimise(park(demands, tiers, {(e, "A"): 0.0 for e in ("E1", "E2", "E3")}))
    assert plan.total_cost == pytest.approx(100.0)
    for rule in RULES:
        allocated = allocate(plan, rule)
        assert list(shares(allocated).values()) == pytest.approx([100 / 3] * 3, abs=1e-9)
        row = facility(allocated)
        assert row["core_checked"] and row["core_empty"]
        assert row["min_subsidy"] == pytest.approx(10.0, abs=1e-7)
        assert allocated.kpis["min_subsidy_to_keep_all"] == pytest.approx(10.0, abs=1e-7)
        assert (row["ir_violations"], row["blocking_coalition"]) == (0, "E1, E2")
        assert row["blocking_excess"] == pytest.approx(20 / 3, abs=1e-7)
        assert row["least_core_excess"] == pytest.approx(20 / 3, abs=1e-7)
        stable = allocated.allocation["players"]["stable_share_cny_per_year"]
        assert stable.tolist() == pytest.approx([30.0] * 3, abs=1e-5)
        assert leaving(allocated) == {"E1", "E2"}
        assert_statement_adds_up(allocated)


def test_lone_member_kept_in_by_a_pollutant_cap_has_no_way_out():
    """E1 (100 m3/d, COD 1,000 mg/L, one day a year: 0.1 t) pays 50 alone; the plant costs 80.
    A park-wide COD cap of 0.03 t a year is met only by shared treatment (90%: 0.01 t, against
    50% alone: 0.05 t), so the plan connects E1 at 80.

    Treating alone, the rest of the park keeping its plan, discharges 0.01 - 0.01 + 0.05 = 0.05 t
    against the cap of 0.03 (a room of 0.02 t, and it adds 0.04): no plan the park could carry
    out, so no way out. E1's alternative is infinite, it pays 80, breaks nothing and needs no
    subsidy (before, its infeasible cost alone of 50 made it 'leave' and asked a subsidy of
    30). The statement leaves its cost alone and its saving empty and says why: ``park/COD``."""
    demands = [{"enterprise": "E1", "demand_per_day": 100, "standalone_om_cny_per_year": 50}]
    tiers = [{"site": "A", "tier": "t", "capacity_per_day": 200, "fixed_om_cny_per_year": 80}]
    cod = [{"enterprise": "E1", "pollutant": "COD", "concentration_mg_per_l": 1000}]
    pollutants = {
        "COD": {"cap_t_per_year": 0.03, "removal": {"sewage": {"shared": 0.9, "self": 0.5}}}
    }
    scenario = park(demands, tiers, {("E1", "A"): 0}, concentrations=cod, pollutants=pollutants)
    plan = allocate(optimise(scenario), "shapley")
    assert shares(plan) == {"E1": pytest.approx(80.0)}
    row = facility(plan)
    assert (row["ir_violations"], row["min_subsidy"]) == (0, 0.0)
    assert leaving(plan) == set()
    players = plan.allocation["players"]
    assert np.isinf(players.iloc[0]["alternative_cny_per_year"])
    line = plan.statement.iloc[0]
    assert line["alone_unavailable"] == "park/COD"
    assert np.isnan(line["standalone_cny_per_year"]) and np.isnan(line["saving_cny_per_year"])
    assert plan.kpis["smes_would_leave"] == 0


#: A small tier holding 2 for 60 and a large one holding 13 for 400 (the 13-player games below).
THIRTEEN_TIERS = pd.DataFrame(
    {
        "capacity_per_day": [2.0, 13.0],
        "annual_capex": [0.0, 0.0],
        "fixed_om": [60.0, 400.0],
        "unit_cost": [0.0, 0.0],
    }
)


def test_large_facility_is_checked_exactly():
    """13 players (above the 12 whose coalitions are listed) of load 1, each 100 alone. A small
    tier holds 2 for 60, a large one 13 for 400; the plan puts all 13 in the large one.

    c({e}) = 60 and every pair 60 (the small tier); three or more build the large tier or leave:
    c(S) = min(400, 100 |S|). Keeping every pair in asks x_i + x_j <= 60 for all 78 pairs; summed,
    12 sum x <= 78 x 60, so sum x <= 390: the core is empty and the smallest subsidy is exactly
    400 - 390 = 10 (30 each). The shortfall against single players, 400 - 13 x 60 < 0, would
    have said 0. The least core: 12 x 400 <= 78 (60 + eps), eps = 20/13 = 1.54; ``stable`` and
    every other rule give 400/13 = 30.77 each (Shapley sampled, so only about that), and a pair
    is then the group that would leave.
    """
    n = EXACT_MAX_PLAYERS + 1
    tiers = THIRTEEN_TIERS
    alternatives = np.full(n, 100.0)
    players = tuple(f"E{i:02d}" for i in range(n))
    game = facility_game(players, np.ones(n), alternatives, facility_cost_function(tiers), 400.0)
    for rule in RULES:
        values, errors, checked = split_and_check(game, rule, alternatives)
        assert (checked.core_checked, checked.core_empty) == (True, True)
        assert checked.min_subsidy == pytest.approx(10.0, abs=1e-5)
        assert checked.least_core_excess == pytest.approx(20 / 13, abs=1e-5)
        assert checked.blocking.sum() == 2
        if rule == "shapley":
            assert np.all(np.abs(values - 400 / 13) <= 4 * errors)
            continue
        assert values == pytest.approx(np.full(n, 400 / 13), abs=1e-6)
        assert checked.blocking_excess == pytest.approx(800 / 13 - 60, abs=1e-5)
        assert checked.stable_shares == pytest.approx(np.full(n, 30.0), abs=1e-4)


def test_a_deadline_already_past_leaves_the_rules_own_shares_unchecked():
    """The 13 players above with a deadline already past: each rule's own shares (``stable``:
    SCRB), which still add up to the facility's cost; individual rationality is
    checked (each pays 30.77 of an alternative of 100, or of 20 for the first), the groups are
    not: ``core_checked`` False, no group named, the subsidy, least core and stable split
    unknown (NaN), never 0."""
    n = EXACT_MAX_PLAYERS + 1
    tiers = THIRTEEN_TIERS
    alternatives = np.r_[20.0, np.full(n - 1, 100.0)]
    players = tuple(f"E{i:02d}" for i in range(n))
    game = facility_game(players, np.ones(n), alternatives, facility_cost_function(tiers), 400.0)
    for rule in RULES:
        values, _, checked = split_and_check(game, rule, alternatives, deadline=0.0)
        assert values.sum() == pytest.approx(400.0, rel=1e-12)
        own = scrb(game) if rule == "stable" else shares_by_rule(game, rule)[0]
        assert values == pytest.approx(own, abs=1e-9)
        assert (checked.core_checked, checked.core_empty) == (False, None)
        assert checked.rational.tolist() == (values <= alternatives + 1e-4).tolist()
        assert checked.would_leave.tolist() == (~checked.rational).tolist()
        assert not checked.blocking.any()
        assert math.isnan(checked.min_subsidy) and math.isnan(checked.least_core_excess)
        assert math.isnan(checked.blocking_excess) and np.isnan(checked.stable_shares).all()


def test_scrb_outside_the_core_and_the_stable_split_inside():
    """Four members of 10 m3/d at one site: a small tier holds 20 m3/d for 60 a year, a large one
    40 for 75. A and B pay 1,000 alone, C and D 10. The plan puts all four in the large tier (75,
    against 60 + 10 + 10 = 80 for A and B in the small one).

    c({A}) = c({B}) = 60, c({C}) = c({D}) = 10, every pair holding A or B 60, c({C, D}) = 20,
    every triple 75, c(M) = 75.

    - SCRB: every SC_e = 75 - 75 = 0; RB = 60, 60, 10, 10; the 75 split 60:60:10:10 gives A and B
      32.14 each, C and D 5.36. {A, B} pays 64.29 for what costs it 60 alone: both would leave,
      though nobody pays more than alone.
    - The core is not empty (x_A + x_B <= 60 and x_C, x_D <= 10 leave room for 75). ``stable``
      moves 2.14 from each of A and B to each of C and D: 30, 30, 7.5, 7.5. Then {A, B} pays 60,
      {C, D} 15 of 20, every triple 67.5 or 45 of 75: nobody would leave, with no subsidy.
    """
    demands = [
        {"enterprise": e, "demand_per_day": 10, "standalone_om_cny_per_year": alone}
        for e, alone in (("A", 1000), ("B", 1000), ("C", 10), ("D", 10))
    ]
    tiers = [
        {"site": "S", "tier": "small", "capacity_per_day": 20, "fixed_om_cny_per_year": 60},
        {"site": "S", "tier": "large", "capacity_per_day": 40, "fixed_om_cny_per_year": 75},
    ]
    plan = optimise(park(demands, tiers, {(e, "S"): 0.0 for e in "ABCD"}), allocation=None)
    assert plan.total_cost == pytest.approx(75.0)
    by_scrb = allocate(plan, "scrb")
    assert [shares(by_scrb)[e] for e in "ABCD"] == pytest.approx([225 / 7] * 2 + [37.5 / 7] * 2)
    row = facility(by_scrb)
    assert (row["blocking_coalition"], row["ir_violations"]) == ("A, B", 0)
    assert row["blocking_excess"] == pytest.approx(450 / 7 - 60)
    assert (row["core_empty"], row["min_subsidy"]) == (False, 0.0)
    assert leaving(by_scrb) == {"A", "B"}
    assert by_scrb.kpis["smes_would_leave"] == 2
    default = optimise(park(demands, tiers, {(e, "S"): 0.0 for e in "ABCD"}))
    assert default.kpis["allocation_rule"] == "stable"
    assert [shares(default)[e] for e in "ABCD"] == pytest.approx([30, 30, 7.5, 7.5], abs=1e-6)
    assert (leaving(default), default.kpis["smes_would_leave"]) == (set(), 0)
    assert facility(default)["blocking_coalition"] == ""
    stable = by_scrb.allocation["players"]["stable_share_cny_per_year"]
    assert stable.tolist() == pytest.approx([30, 30, 7.5, 7.5], abs=1e-6)
    assert_statement_adds_up(default)


def test_split_demand_pays_each_facility_it_uses():
    """E1 needs 150 m3/d treated, may not treat alone (no way out: alpha infinite) and may split.
    Sites A and B each offer 100 m3/d for 10: the plan opens both (20). E1 is the only member of
    each, so it pays each facility's 10 on its own statement row; no one would leave and no
    subsidy is needed (nothing limits what a member with no way out can be charged)."""
    demands = [{"enterprise": "E1", "demand_per_day": 150, "self_treatment_allowed": False}]
    tiers = [
        {"site": j, "tier": "small", "capacity_per_day": 100, "fixed_om_cny_per_year": 10}
        for j in ("A", "B")
    ]
    scenario = park(
        demands, tiers, {("E1", "A"): 0.0, ("E1", "B"): 0.0}, solver={"single_sourcing": False}
    )
    plan = allocate(optimise(scenario), "scrb")
    statement = plan.statement.set_index("facility")
    assert list(statement.index) == ["A", "B"]
    assert statement["share_cny_per_year"].tolist() == pytest.approx([10.0, 10.0])
    assert not statement["would_leave"].any()
    assert plan.kpis["min_subsidy_to_keep_all"] == 0.0
    assert plan.allocation["players"]["alternative_cny_per_year"].tolist() == [math.inf] * 2
    assert Plan.from_json(plan.to_json()).equals(plan)  # infinite and missing values survive
    assert_statement_adds_up(plan)


def test_a_required_plant_nobody_uses_is_reported_unallocated():
    """Site A is required (its plant costs 20) but E1 can only reach B, whose plant (20) costs more
    than E1 alone (5). The plan: A open and empty, E1 alone, 25 in all. Nobody can pay A's 20:
    it is reported as unallocated, and the statement adds up to the other 5."""
    demands = [{"enterprise": "E1", "demand_per_day": 10, "standalone_om_cny_per_year": 5}]
    tiers = [
        {"site": j, "tier": "t", "capacity_per_day": 100, "fixed_om_cny_per_year": 20}
        for j in ("A", "B")
    ]
    sites = [{"id": "A", "status": "required"}, {"id": "B"}]
    plan = allocate(optimise(park(demands, tiers, {("E1", "B"): 0.0}, sites=sites)), "shapley")
    assert plan.total_cost == pytest.approx(25.0)
    assert plan.allocation["unallocated_cost"] == pytest.approx(20.0)
    assert plan.statement["total_cny_per_year"].sum() == pytest.approx(5.0)
    row = facility(plan)
    assert (row["members"], row["core_checked"], row["min_subsidy"]) == (0, False, 0.0)
    assert plan.allocation["players"].empty


def test_a_binding_subsidy_budget_is_shared_at_one_rate():
    """E1 and E2 are alike (50 m3/d, 300 a year alone); E1 reaches only site A, E2 only site B,
    and A and B offer the same plant: capex 100 (an annuity of 100, one year at 0 %) plus 20 of
    O&M. The subsidy rate is 50 % of the annuity (at most 50 a plant), the budget 60 a year.

    The plan opens both plants and pays the whole budget: 100 + 20 + 100 + 20 - 60 = 180. Any
    split of the 60 between A and B costs the same, so the solver may give 50 and 10 (E1 then
    pays 70, E2 110). The stated rule gives one rate to every eligible plant: 60 / (100 + 100) =
    30 %, so 30 each, each plant costs 100 + 20 - 30 = 90, and each SME, its only member, pays 90.
    """
    demands = [
        {"enterprise": e, "demand_per_day": 50, "standalone_om_cny_per_year": 300}
        for e in ("E1", "E2")
    ]
    tiers = [
        {
            "site": j,
            "tier": "t",
            "capacity_per_day": 100,
            "capex_cny": 100,
            "fixed_om_cny_per_year": 20,
        }
        for j in ("A", "B")
    ]
    policy = {"subsidy_rate": 0.5, "subsidy_budget_cny_per_year": 60}
    scenario = park(demands, tiers, {("E1", "A"): 0.0, ("E2", "B"): 0.0}, policy=policy)
    plan = optimise(scenario)
    assert plan.total_cost == pytest.approx(180.0)
    assert plan.facilities["subsidy"].tolist() == pytest.approx([30.0, 30.0])
    assert plan.facilities["annual_cost"].tolist() == pytest.approx([90.0, 90.0])
    assert shares(plan) == pytest.approx({"E1": 90.0, "E2": 90.0})
    assert plan.kpis["subsidy_total"] == pytest.approx(60.0)
    assert_statement_adds_up(plan)


# ---------------------------------------------------------------------------------------------
# Shapley values
# ---------------------------------------------------------------------------------------------

LOADS = {"E1": 30, "E2": 40, "E3": 50, "E4": 60, "E5": 70}
ALONE = {"E1": 60, "E2": 45, "E3": 70, "E4": 55, "E5": 80}
KM = {"E1": 1.0, "E2": 2.0, "E3": 0.5, "E4": 1.5, "E5": 1.0}


def test_shapley_exact_matches_every_order_of_five_members():
    """Five members (loads 30-70 m3/d, stand-alone 45-80, pipes at 10 a km of 0.5-2 km) on a plant
    with a small tier (100 m3/d, 50 + 0.2 per m3) and a large one (300 m3/d, 120 + 0.1 per m3).
    The plan joins all five to the large tier: 120 + 0.1 x 250 = 145, plus 60 of pipes.

    The test recomputes c(S) from these figures (F(S) = cheapest tier holding load(S), alpha =
    stand-alone minus pipe) and averages each member's added cost over all 120 orders.
    Result: E1 22.53, E2 18.20, E3 35.70, E4 27.62, E5 40.95.
    """
    demands = [
        {"enterprise": e, "demand_per_day": LOADS[e], "standalone_om_cny_per_year": ALONE[e]}
        for e in LOADS
    ]
    tiers = [
        {
            "site": "A",
            "tier": "small",
            "capacity_per_day": 100,
            "fixed_om_cny_per_year": 50,
            "variable_cost_cny_per_unit": 0.2,
        },
        {
            "site": "A",
            "tier": "large",
            "capacity_per_day": 300,
            "fixed_om_cny_per_year": 120,
            "variable_cost_cny_per_unit": 0.1,
        },
    ]
    pipes = {"sewage": service(connection_capex_cny_per_km=10.0)}
    scenario = park(demands, tiers, {(e, "A"): km for e, km in KM.items()}, services=pipes)
    plan = allocate(optimise(scenario), "shapley")
    assert plan.total_cost == pytest.approx(205.0)
    alpha = {e: ALONE[e] - 10 * KM[e] for e in LOADS}

    def cost(members: frozenset[str]) -> float:
        if not members:
            return 0.0
        load = sum(LOADS[e] for e in members)
        if len(members) == len(LOADS):
            return 120 + 0.1 * load
        build = 50 + 0.2 * load if load <= 100 else 120 + 0.1 * load
        return min(build, sum(alpha[e] for e in members))

    expected = dict.fromkeys(LOADS, 0.0)
    orders = list(itertools.permutations(LOADS))
    for order in orders:
        for i, member in enumerate(order):
            before = frozenset(order[:i])
            expected[member] += (cost(before | {member}) - cost(before)) / len(orders)
    got = shares(plan)
    assert [got[e] for e in LOADS] == pytest.approx([expected[e] for e in LOADS], abs=1e-9)
    assert expected["E2"] == pytest.approx(18.2)
    assert facility(plan)["shapley_max_std_error"] == 0.0


def additive_game(n: int, fixed: float, unit: np.ndarray) -> Game:
    """c(S) = fixed + sum of unit over S (nonempty S): Shapley value fixed / n + unit_e."""
    attributes = np.column_stack([np.ones(n), unit])
    return Game(
        tuple(f"E{i}" for i in range(n)),
        attributes,
        lambda sums: np.where(sums[:, 0] > 0, fixed + sums[:, 1], 0.0),
        unit,
    )


def concave_game(n: int) -> Game:
    """c(S) = 10 sqrt(|S|): every player is alike, so each gets 10 sqrt(n) / n."""
    return Game(
        tuple(f"E{i}" for i in range(n)),
        np.ones((n, 1)),
        lambda sums: 10 * np.sqrt(sums[:, 0]),
        np.ones(n),
    )


@pytest.mark.parametrize("kind", ["additive", "concave"])
def test_sampled_shapley_within_four_standard_errors(kind):
    """20 players, 2,000 seeded orders: every estimate lies within 4 standard errors of the
    closed-form value, the estimates split c(M) exactly, and the same seed repeats them."""
    n = 20
    unit = np.linspace(1.0, 20.0, n)
    if kind == "additive":
        game, exact = additive_game(n, 100.0, unit), 100.0 / n + unit
    else:
        game, exact = concave_game(n), np.full(n, 10 * math.sqrt(n) / n)
    values, errors = shapley_sampled(game, samples=2000, seed=7)
    assert (errors > 0).all()
    assert np.all(np.abs(values - exact) <= 4 * errors)
    assert values.sum() == pytest.approx(game.grand_cost(), rel=1e-12)
    again, _ = shapley_sampled(game, samples=2000, seed=7)
    assert np.array_equal(values, again)
    assert shapley_exact(additive_game(5, 100.0, unit[:5])) == pytest.approx(20.0 + unit[:5])


def test_sampled_shapley_on_a_large_facility():
    """14 members (more than 12) of 10-23 m3/d on one plant (300 m3/d, 70 + 1 per m3), each 1,000
    alone: no group gains by leaving, so c(S) = 70 + load(S) and the Shapley value is 70/14 +
    load_e = 5 + load_e. The sampled estimate is within 4 standard errors of it."""
    members = [f"E{i:02d}" for i in range(14)]
    loads = {e: 10 + i for i, e in enumerate(members)}
    demands = [
        {"enterprise": e, "demand_per_day": loads[e], "standalone_om_cny_per_year": 1000}
        for e in members
    ]
    tiers = [
        {
            "site": "A",
            "tier": "t",
            "capacity_per_day": 300,
            "fixed_om_cny_per_year": 70,
            "variable_cost_cny_per_unit": 1.0,
        }
    ]
    plan = allocate(
        optimise(park(demands, tiers, {(e, "A"): 0.0 for e in members})), "shapley", seed=3
    )
    players = plan.allocation["players"].set_index("player")
    error = (players["share_cny_per_year"] - [5 + loads[e] for e in players.index]).abs()
    assert (error <= 4 * players["std_error"]).all()
    row = facility(plan)
    assert (row["core_checked"], row["core_empty"]) == (True, False)
    assert row["shapley_max_std_error"] == players["std_error"].max() > 0
    assert_statement_adds_up(plan)


# ---------------------------------------------------------------------------------------------
# Chains: a dyeing pretreatment plant sends its effluent to a sewage plant
# ---------------------------------------------------------------------------------------------


def chain(sink_price: float):
    """D1 (60 m3/d) and D2 (40 m3/d) pretreat dyeing wastewater at A (40 a year); half of it leaves
    as effluent, to the sewage plant at A (60 + 0.2 per m3) or the sewer at ``sink_price``. W1
    sends 50 m3/d of sewage to the plant. Everyone pays 100 alone."""
    services = {
        "dyeing": service(
            outputs=[
                {
                    "name": "effluent",
                    "ratio": 0.5,
                    "to": "sewage",
                    "sink_price_cny_per_unit": sink_price,
                }
            ]
        ),
        "sewage": service(),
    }
    tiers = [
        {
            "site": "A",
            "service": "dyeing",
            "tier": "t",
            "capacity_per_day": 200,
            "fixed_om_cny_per_year": 40,
        },
        {
            "site": "A",
            "service": "sewage",
            "tier": "t",
            "capacity_per_day": 200,
            "fixed_om_cny_per_year": 60,
            "variable_cost_cny_per_unit": 0.2,
        },
    ]
    demands = [
        {"enterprise": e, "service": s, "demand_per_day": d, "standalone_om_cny_per_year": 100}
        for e, s, d in (("D1", "dyeing", 60), ("D2", "dyeing", 40), ("W1", "sewage", 50))
    ]
    distances = {("D1", "A"): 0.0, ("D2", "A"): 0.0, ("W1", "A"): 0.0}
    return optimise(park(demands, tiers, distances, services=services))


def test_chain_by_hand():
    """With the sewer at 1.0 per m3 the effluent (50 m3/d) goes to the plant: dyeing 40 + sewage
    60 + 0.2 x 100 = 120 a year.

    Sewage plant first. Players W1 (50, alpha 100) and the dyeing plant A/dyeing (50, alpha = sewer
    50 x 1.0 = 50); F(S) = 60 + 0.2 load(S): c({W1}) = 70, c({A/dyeing}) = 50, c(M) = 80.

    - proportional: 40 and 40. The dyeing plant's onward cost is 40 = 0.4 per m3/d of its load;
      F(S) = 40 + 0.4 load(S), c(M) = 80: D1 48, D2 32.
    - SCRB: SC_W1 = 80 - 50 = 30, SC_A = 80 - 70 = 10, RB = 40 and 40, NSC = 40: W1 50, A 30.
      Dyeing: c(M) = 40 + 30 = 70, c({D1}) = 40 + 0.3 x 60 = 58, c({D2}) = 52; SC = 18 and 12,
      RB = 40 and 40, NSC = 40: D1 38, D2 32.
    - Shapley equals SCRB (two players each): W1 (70 + 30) / 2 = 50, D1 (58 + 18) / 2 = 38.

    In every case D1 + D2 + W1 pay 120, the plan's total.
    """
    plan = chain(sink_price=1.0)
    assert plan.total_cost == pytest.approx(120.0)
    expected = {
        "proportional": {"W1": 40, "A/dyeing": 40, "D1": 48, "D2": 32},
        "scrb": {"W1": 50, "A/dyeing": 30, "D1": 38, "D2": 32},
        "shapley": {"W1": 50, "A/dyeing": 30, "D1": 38, "D2": 32},
    }
    for rule, values in expected.items():
        allocated = allocate(plan, rule)
        assert shares(allocated) == pytest.approx(values, abs=1e-9)
        assert_statement_adds_up(allocated)
        dyeing = facility(allocated, "dyeing")
        assert dyeing["onward_cost"] == pytest.approx(values["A/dyeing"])
        assert dyeing["annual_cost"] == pytest.approx(40 + values["A/dyeing"])
        assert facility(allocated, "sewage")["upstream"] == 1
        assert leaving(allocated) == set()


def test_upstream_plant_that_would_rather_use_the_sink():
    """With the sewer at 0.5 per m3 the plant still takes the effluent (it adds 0.2 x 50 = 10, the
    sewer 25). Proportionally the dyeing plant is charged 40 > 25, its sink alternative: it breaks
    IR at the sewage plant. SCRB charges it 80 - 70 = 10 plus half of the NSC: SC_W1 = 80 - 25 =
    55, RB_W1 = 70 - 55 = 15, RB_A = 25 - 10 = 15, NSC = 15, so A pays 17.5 and W1 62.5."""
    plan = chain(sink_price=0.5)
    assert plan.total_cost == pytest.approx(120.0)
    proportional = facility(allocate(plan, "proportional"))
    assert (proportional["ir_violations"], proportional["blocking_coalition"]) == (1, "A/dyeing")
    scrb = allocate(plan, "scrb")
    assert shares(scrb)["A/dyeing"] == pytest.approx(17.5)
    assert shares(scrb)["W1"] == pytest.approx(62.5)
    assert facility(scrb)["ir_violations"] == 0
    assert_statement_adds_up(scrb)


# ---------------------------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------------------------


def test_bad_arguments_say_what_is_expected(tiny_plan):
    with pytest.raises(ValueError, match="unknown allocation rule 'nucleolus'; expected one of"):
        allocate(tiny_plan, "nucleolus")
    with pytest.raises(ValueError, match="samples must be a whole number of at least 2, got 1"):
        allocate(tiny_plan, "shapley", samples=1)
    with pytest.raises(ValueError, match="seed must be a whole number of at least 0, got -1"):
        allocate(tiny_plan, "shapley", seed=-1)

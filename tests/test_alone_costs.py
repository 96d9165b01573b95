"""Stand-alone costs that are plans the park could carry out (issue 15).

A member's way out of a shared facility, and a group's, counts only when the park still meets
its pollutant caps (park-wide, outfalls, the enterprise's own), the rest of the park keeping its
plan (``optimizer/allocation/leaving.py``, docs/cost-allocation.md). A cost alone that is no such
plan is not shown as one: the statement leaves it empty and says why, and the cost of every SME
treating alone says when it is no plan the park could take.

As in ``test_model_features.py`` (see ``builders.park``): discount rate 0, one operating day a
year, lifetimes of 1 year, free transport and connections; each plan is solved through both model
builders (``solve_both``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from builders import park
from test_enterprise_caps import capped_park
from test_model_features import solve_both

from optimizer.allocation import allocate
from optimizer.allocation import blocking as blocking_module
from optimizer.allocation.blocking import most_blocking
from optimizer.allocation.facility import facility_cost_function, facility_game
from optimizer.allocation.leaving import LeaveLimits
from optimizer.cli.plan_commands import plan_summary
from optimizer.pipeline import optimise
from optimizer.scenario import load_scenario
from optimizer.sme_page import sme_facts
from optimizer.words.language import using_language
from optimizer.words.sme_page import sme_text


def _line(plan, enterprise):
    return plan.statement.set_index("enterprise").loc[enterprise]


def test_an_enterprise_whose_own_cap_forbids_treating_alone_has_no_cost_alone():
    """E1 and E2 send 100 m3/d of COD at 1,000 mg/L: 0.1 t/year each. Alone each pays 50 and
    removes half (0.05 t discharged); the plant at A (small tier 60, large 120) removes 90%.
    E1's own cap is 0.005 t/year, below its 0.05 t alone, so E1 connects (small, 60) and E2
    stays alone (50): 110.

    E1's "cost alone" of 50 is no option it has: the statement leaves it (and the saving)
    empty, says why (``enterprise/E1/COD``), and E1 does not 'leave' though it pays 60 > 50.
    Everyone alone would cost 50 + 50 = 100, less than the plan's 110: that figure is still
    shown (the scenario's cost alone of every demand), marked as no plan the park could take,
    as E1's own cap forbids it."""
    plan = solve_both(capped_park(0.005))
    assert plan.total_cost == pytest.approx(110.0)
    e1 = _line(plan, "E1")
    assert e1["total_cny_per_year"] == pytest.approx(60.0)
    assert e1["alone_unavailable"] == "enterprise/E1/COD"
    assert np.isnan(e1["standalone_cny_per_year"]) and np.isnan(e1["saving_cny_per_year"])
    assert not e1["would_leave"] and plan.kpis["smes_would_leave"] == 0
    e2 = _line(plan, "E2")
    assert (e2["alone_unavailable"], e2["standalone_cny_per_year"]) == ("", pytest.approx(50.0))
    assert plan.kpis["all_self_cost"] == pytest.approx(100.0)
    assert plan.kpis["all_self_unavailable"] == "enterprise/E1/COD"
    summary = dict(plan_summary(plan))
    assert summary["everyone alone"] == (
        "100.00 CNY/year (not a plan the park could take: treating alone would break the own "
        "COD cap of E1)"
    )
    text = "\n".join(sme_text(sme_facts(plan, "E1")).lines())
    expected = "Treating it on your own is not open to you: treating it alone would break your own"
    assert f"{expected} COD cap, the rest of the park keeping its plan." in text
    assert "treating everything on your own is not open to you" in text
    with using_language("zh-Hans"):
        chinese = "\n".join(sme_text(sme_facts(plan, "E1")).lines())
    assert "您不能自行处理" in chinese and "您自身的COD排放上限" in chinese


def test_without_a_binding_cap_the_cost_alone_is_shown():
    """The same park with no cap: both stay alone at 50 + 50 = 100, and every SME treating alone
    is a plan the park could take (nothing marks it)."""
    plan = solve_both(capped_park(None))
    assert "all_self_unavailable" not in plan.kpis
    assert plan.statement["alone_unavailable"].eq("").all()
    assert dict(plan_summary(plan))["everyone alone"] == "100.00 CNY/year"


#: E1 and E2 pay 30 alone, E3 1,000; each sends 100 m3/d of COD at 1,000 mg/L (0.1 t/year).
TRIO = [
    {"enterprise": "E1", "demand_per_day": 100, "standalone_om_cny_per_year": 30},
    {"enterprise": "E2", "demand_per_day": 100, "standalone_om_cny_per_year": 30},
    {"enterprise": "E3", "demand_per_day": 100, "standalone_om_cny_per_year": 1000},
]


def _trio(cap: float | None):
    cod = [
        {"enterprise": e, "pollutant": "COD", "concentration_mg_per_l": 1000}
        for e in ["E1", "E2", "E3"]
    ]
    removal = {"sewage": {"shared": 0.9, "self": 0.5}}
    pollutants = {"COD": {"removal": removal, **({} if cap is None else {"cap_t_per_year": cap})}}
    tiers = [{"site": "A", "tier": "one", "capacity_per_day": 300, "fixed_om_cny_per_year": 120}]
    near = {(e, "A"): 0.0 for e in ("E1", "E2", "E3")}
    return park(TRIO, tiers, near, concentrations=cod, pollutants=pollutants)


def test_a_group_may_leave_only_if_the_park_still_meets_its_cap():
    """One plant at A holds 300 m3/d for 120. All three connect (120 against 30 + 120 with E1
    alone, or 180 with both): the plant discharges 3 x 0.01 = 0.03 t of COD. The park-wide cap
    is 0.08 t. One of E1 or E2 leaving discharges 0.03 - 0.01 + 0.05 = 0.07 t (within the cap);
    both leaving 0.03 - 0.02 + 0.10 = 0.11 t (over it). So c({E1}) = c({E2}) = 30, and
    c({E1, E2}) = the plant alone, 120, not 30 + 30 = 60; c({E3}) = 120 (it may leave, at
    1,000); every pair with E3 120.

    Proportional: 40 each. E1 and E2 each pay 10 more than alone (both would leave), but the
    group that gains most by leaving is E1 alone, by 10 (ties: the smallest, the first), not
    {E1, E2} by 20 as when their leaving together was counted as a plan.

    Stable (SCRB here): every SC = 120 - 120 = 0; RB = 30, 30, 120; shares 120 x 30/180 = 20,
    20 and 80. Counting {E1, E2} leaving at 60 made c(M - E3) = 60, SC_E3 = 60, RB_E3 = 60 and
    the shares 15, 15, 90.

    Without the cap every group may leave: the blocking group is {E1, E2} by 20, and the
    stable shares 15, 15, 90."""
    plan = solve_both(_trio(0.08))
    assert plan.total_cost == pytest.approx(120.0)
    proportional = allocate(plan, "proportional")
    row = proportional.allocation["facilities"].iloc[0]
    assert (row["blocking_coalition"], row["blocking_excess"]) == ("E1", pytest.approx(10.0))
    assert proportional.kpis["smes_would_leave"] == 2
    assert row["min_subsidy"] == 0.0
    stable = plan.allocation["players"].set_index("player")["share_cny_per_year"]
    assert stable.to_dict() == pytest.approx({"E1": 20.0, "E2": 20.0, "E3": 80.0})

    free = solve_both(_trio(None))
    assert free.total_cost == pytest.approx(120.0)
    row = allocate(free, "proportional").allocation["facilities"].iloc[0]
    assert (row["blocking_coalition"], row["blocking_excess"]) == ("E1, E2", pytest.approx(20.0))
    shares = free.allocation["players"].set_index("player")["share_cny_per_year"]
    assert shares.to_dict() == pytest.approx({"E1": 15.0, "E2": 15.0, "E3": 90.0})


@pytest.mark.parametrize("seed", range(20))
def test_the_search_with_caps_finds_the_listed_most_blocking_group(seed, monkeypatch):
    """On random facility games of 9 players with two cap rows (signed additions, some players
    with no way out), the search (a 0-1 programme for the leaving term, a knapsack per tier)
    finds a group of the same largest excess as listing all 510 groups."""
    rng = np.random.default_rng(seed)
    n = 9
    loads = rng.integers(1, 40, n).astype(float)
    alternatives = rng.uniform(5.0, 60.0, n)
    alternatives[rng.random(n) < 0.2] = np.inf
    added = rng.uniform(-0.2, 1.0, (n, 2))
    limits = LeaveLimits(("park/COD", "park/TP"), rng.uniform(0.5, 2.5, 2), added)
    tiers = pd.DataFrame(
        {
            "capacity_per_day": [60.0, 200.0],
            "annual_capex": [0.0, 0.0],
            "fixed_om": [300.0, 500.0],
            "unit_cost": [0.3, 0.2],
        }
    )
    cost = facility_cost_function(tiers)
    game = facility_game(tuple(f"P{i}" for i in range(n)), loads, alternatives, cost, 200.0, limits)
    shares = rng.uniform(5.0, 45.0, n)
    listed = most_blocking(game, shares)
    monkeypatch.setattr(blocking_module, "LISTED_UP_TO", 1)
    searched = most_blocking(game, shares)
    assert searched.excess == pytest.approx(listed.excess, abs=1e-9)


def test_wujiang_textile_no_one_leaves_for_a_way_out_the_caps_forbid():
    """wujiang-textile: every dyer's, every member's and every upstream plant's way out breaks a
    park-wide cap (TP is binding: 0.79 of 0.8 t) or its own permit (D05, D10), so none has one;
    the sewage plant, the wetland and the incinerator keep everyone in with no subsidy. What is
    left is the pretreatment plant's own game: the 12,000 m3/d plant runs at 91%, and a group of
    dyers sending up to 8,000 m3/d would build the 8,000 m3/d tier for itself for less, so no
    split keeps all 14 in without a small subsidy (46,203.33 CNY/year, 0.26% of its cost)."""
    plan = optimise(load_scenario("scenarios/wujiang-textile"))
    assert plan.solver["status"] == "optimal"
    facilities = plan.allocation["facilities"].set_index("site")
    assert facilities.loc[["W1", "T1", "H1"], "min_subsidy"].eq(0.0).all()
    assert facilities.loc[["W1", "T1", "H1"], "blocking_coalition"].eq("").all()
    assert plan.allocation["players"]["individually_rational"].all()
    p2 = facilities.loc["P2"]
    assert p2["min_subsidy"] == pytest.approx(46203.33, abs=0.01)
    assert p2["min_subsidy"] < 0.003 * p2["annual_cost"]
    players = plan.allocation["players"]
    group = players[
        (players["site"] == "P2") & players["player"].isin(p2["blocking_coalition"].split(", "))
    ]
    # several groups fill the 8,000 m3/d tier (to 8,000 or 7,990 m3/d) and block equally: which
    # one is named depends on the plan found, the subsidy does not
    assert 0 < group["load_per_day"].sum() <= 8000.0 + 1e-6
    dyers = plan.statement[plan.statement["service"] == "dyeing_pretreatment"].set_index(
        "enterprise"
    )
    assert dyers["standalone_cny_per_year"].isna().all()
    assert "enterprise/D05/COD" in dyers.loc["D05", "alone_unavailable"]
    assert "park/TP" in dyers.loc["D01", "alone_unavailable"]
    # the two permits (GB 4287-2012's 80 mg/L on each dyer's yearly wastewater) are met: both
    # connect, so each discharges nothing itself
    caps = plan.pollutants[plan.pollutants["kind"] == "enterprise cap"].set_index("place")
    assert caps["cap_t_per_year"].to_dict() == {"D05 itself": 34.44, "D10 itself": 33.08}
    assert caps["discharge_t_per_year"].eq(0.0).all()

"""One tiny instance per model feature, its optimum worked out by hand in the docstring.

Unless said otherwise (see ``builders.park``): discount rate 0, one operating day a year, lifetimes
of 1 year, free transport and connections, so every cost below is a plain sum.
"""

from __future__ import annotations

import pytest
from builders import park, service

from optimizer.diagnosis import InfeasibleError
from optimizer.pipeline import optimise, solve_options
from optimizer.prepare import prepare
from optimizer.solvers.matrix_route import solve_matrix
from optimizer.solvers.pyomo_model import build_model
from optimizer.solvers.pyomo_routes import solve
from optimizer.solvers.types import SolveOptions


def solve_both(scenario):
    """The plan of the default (matrix) route, after checking that the reference Pyomo route
    finds the same optimum."""
    plan = optimise(scenario)
    reference = optimise(scenario, solve_options(scenario, solver="highs-standard-form"))
    assert reference.total_cost == pytest.approx(plan.total_cost, rel=1e-9, abs=1e-9)
    return plan


THREE = [
    {"enterprise": "E1", "demand_per_day": 40, "standalone_om_cny_per_year": 80},
    {"enterprise": "E2", "demand_per_day": 50, "standalone_om_cny_per_year": 80},
    {"enterprise": "E3", "demand_per_day": 60, "standalone_om_cny_per_year": 80},
]
NEAR_A = {("E1", "A"): 1.0, ("E2", "A"): 1.0, ("E3", "A"): 1.0}
SMALL_LARGE = [
    {"site": "A", "tier": "small", "capacity_per_day": 100, "fixed_om_cny_per_year": 100},
    {"site": "A", "tier": "large", "capacity_per_day": 200, "fixed_om_cny_per_year": 150},
]


def served(plan, enterprise: str, service_name: str = "sewage") -> set[str]:
    rows = plan.assignments
    rows = rows[(rows["enterprise"] == enterprise) & (rows["service"] == service_name)]
    return set(rows["site"])


def opened(plan) -> set[tuple[str, str, str]]:
    return set(
        zip(
            plan.facilities["site"],
            plan.facilities["service"],
            plan.facilities["tier"],
            strict=False,
        )
    )


def test_tiers_economies_of_scale():
    """Demands 40, 50, 60 (150 in all); each alone costs 80. Small tier: 100 m3/d for 100; large:
    200 m3/d for 150.

    - large for all three: 150
    - small for two that fit (40 + 60 = 100 or 40 + 50 = 90) + one alone: 100 + 80 = 180
    - everyone alone: 240
    Optimum 150: the large tier, everyone connected.
    """
    plan = solve_both(park(THREE, SMALL_LARGE, NEAR_A))
    assert plan.total_cost == pytest.approx(150.0, abs=1e-6)
    assert opened(plan) == {("A", "sewage", "large")}
    assert plan.kpis["smes_connected"] == 3
    assert plan.facilities["load_per_day"].iloc[0] == pytest.approx(150.0)
    assert plan.kpis["all_self_cost"] == pytest.approx(240.0)


TWO = [
    {"enterprise": "E1", "demand_per_day": 10, "standalone_om_cny_per_year": 50},
    {"enterprise": "E2", "demand_per_day": 10, "standalone_om_cny_per_year": 50},
]
ONE_TIER = [{"site": "A", "tier": "only", "capacity_per_day": 100, "fixed_om_cny_per_year": 20}]
PIPES = {"sewage": service(connection_capex_cny_per_km=20.0)}


def test_join_or_self_treat():
    """Each alone costs 50; the plant costs 20; a connection costs 20 per km. E1 is 1 km away
    (20), E2 4 km (80).

    - plant + E1, E2 alone: 20 + 20 + 50 = 90
    - plant + both: 20 + 20 + 80 = 120
    - both alone: 100
    Optimum 90: E1 joins, E2 treats on its own.
    """
    plan = solve_both(park(TWO, ONE_TIER, {("E1", "A"): 1.0, ("E2", "A"): 4.0}, services=PIPES))
    assert plan.total_cost == pytest.approx(90.0)
    assert served(plan, "E1") == {"A"}
    assert served(plan, "E2") == {"self"}
    row = plan.assignments[plan.assignments["enterprise"] == "E1"].iloc[0]
    assert row["connection_cost"] == pytest.approx(20.0)


def relaxation(scenario) -> float:
    """The LP relaxation's optimum, by the default route and by the reference Pyomo model."""
    data, lp = prepare(scenario), SolveOptions(relax=True)
    fast = solve_matrix(data, lp).report.objective
    assert solve(build_model(data), lp).report.objective == pytest.approx(fast, rel=1e-9)
    return fast


ONLY_100 = [{"site": "A", "tier": "only", "capacity_per_day": 100, "fixed_om_cny_per_year": 100}]


@pytest.mark.parametrize(
    ("setting", "relaxed"), [("never", 15.0), ("auto", 15.0), ("always", 55.0)]
)
def test_strong_linking_tightens_the_relaxation(setting, relaxed):
    """The plant at A takes 100 m3/d for 100; E1 (10 m3/d) costs 50 alone, E2 (90 m3/d) 5 alone.

    - MIP: the plant for both costs 100, for E1 alone 100 + 5; both alone 55: the optimum, always.
    - LP without strong linking: E1 fully assigned needs open >= 10 / 100: 0.1 x 100 + 5 = 15
      (E2's 90 m3/d would cost 90 to save 5, so it stays alone).
    - LP with ``assign <= open``: a share a of E1 costs 100 a + 50 (1 - a) + 5, least at a = 0: 55.
    - ``auto`` leaves it out: the median demand is 50 % of the plant (it is added at 4 % or less,
      and above 20,000 pairs): 15.
    """
    two = [
        {"enterprise": "E1", "demand_per_day": 10, "standalone_om_cny_per_year": 50},
        {"enterprise": "E2", "demand_per_day": 90, "standalone_om_cny_per_year": 5},
    ]
    near = {("E1", "A"): 1.0, ("E2", "A"): 1.0}
    scenario = park(two, ONLY_100, near, solver={"strong_linking": setting})
    assert prepare(scenario).strong_linking is (setting == "always")
    assert relaxation(scenario) == pytest.approx(relaxed)
    plan = solve_both(scenario)
    assert plan.total_cost == pytest.approx(55.0)
    assert served(plan, "E1") == served(plan, "E2") == {"self"}


def test_capacity_beyond_the_demand_in_reach_is_not_counted():
    """The plant at A takes 100 m3/d for 100; E1 (10 m3/d, the only demand in reach) costs 50 alone.

    - MIP: the plant for E1 costs 100 > 50: E1 treats on its own, 50.
    - LP with the capacity as it is: open >= 10 / 100 = 0.1, so 0.1 x 100 = 10.
    - The tier can never treat more than the 10 m3/d in reach, so its capacity row reads
      ``treated <= 10 open``: open >= 10 a / 10 = a for a share a of E1, costing 100 a + 50 (1 - a),
      least at a = 0: 50, the MIP optimum.
    """
    one = [{"enterprise": "E1", "demand_per_day": 10, "standalone_om_cny_per_year": 50}]
    scenario = park(one, ONLY_100, {("E1", "A"): 1.0}, solver={"strong_linking": "never"})
    assert prepare(scenario).tiers["max_load_per_day"].tolist() == [10.0]
    assert relaxation(scenario) == pytest.approx(50.0)
    plan = solve_both(scenario)
    assert plan.total_cost == pytest.approx(50.0)
    assert plan.facilities.empty


def test_distance_limit():
    """As above but E2 is 2 km away (40): both joining costs 20 + 20 + 40 = 80 < 90. With
    ``max_distance_km: 1.5`` E2 is out of reach and the optimum is 90 again (E2 alone)."""
    distances = {("E1", "A"): 1.0, ("E2", "A"): 2.0}
    free = solve_both(park(TWO, ONE_TIER, distances, services=PIPES))
    assert free.total_cost == pytest.approx(80.0)
    assert served(free, "E2") == {"A"}
    limited = {"sewage": service(connection_capex_cny_per_km=20.0, max_distance_km=1.5)}
    plan = solve_both(park(TWO, ONE_TIER, distances, services=limited))
    assert plan.total_cost == pytest.approx(90.0)
    assert served(plan, "E2") == {"self"}


BIG = [{"enterprise": "E1", "demand_per_day": 150, "self_treatment_allowed": False}]
SPLIT_TIERS = [
    {"site": "A", "tier": "small", "capacity_per_day": 100, "fixed_om_cny_per_year": 10},
    {"site": "A", "tier": "large", "capacity_per_day": 200, "fixed_om_cny_per_year": 100},
    {"site": "B", "tier": "small", "capacity_per_day": 100, "fixed_om_cny_per_year": 10},
]


def test_single_source_versus_split():
    """E1 needs 150 m3/d treated and may not treat alone. A offers 100 for 10 or 200 for 100; B
    offers 100 for 10.

    - single-sourcing: only A large holds 150: 100
    - split: A small + B small, 100 + 50 (or any split): 20
    """
    distances = {("E1", "A"): 0.0, ("E1", "B"): 0.0}
    single = solve_both(park(BIG, SPLIT_TIERS, distances))
    assert single.total_cost == pytest.approx(100.0)
    assert opened(single) == {("A", "sewage", "large")}
    split = solve_both(park(BIG, SPLIT_TIERS, distances, solver={"single_sourcing": False}))
    assert split.total_cost == pytest.approx(20.0)
    assert opened(split) == {("A", "sewage", "small"), ("B", "sewage", "small")}
    assert split.assignments["share"].sum() == pytest.approx(1.0)


def _chain(sink_price: float, dyeing_days: int = 1, sewage_days: int = 1, sewage_capacity=200):
    services = {
        "dyeing": service(
            operating_days_per_year=dyeing_days,
            self_treatment_allowed=False,
            outputs=[
                {
                    "name": "effluent",
                    "ratio": 0.95,
                    "to": "sewage",
                    "sink_price_cny_per_unit": sink_price,
                }
            ],
        ),
        "sewage": service(operating_days_per_year=sewage_days),
    }
    tiers = [
        {
            "site": "A",
            "service": "dyeing",
            "tier": "t",
            "capacity_per_day": 200,
            "fixed_om_cny_per_year": 10,
        },
        {
            "site": "A",
            "service": "sewage",
            "tier": "t",
            "capacity_per_day": sewage_capacity,
            "fixed_om_cny_per_year": 20,
            "variable_cost_cny_per_unit": 1.0,
        },
    ]
    demands = [{"enterprise": "E1", "service": "dyeing", "demand_per_day": 100}]
    return park(demands, tiers, {("E1", "A"): 0.0}, services=services)


def test_effluent_chain_to_downstream_plant():
    """E1 sends 100 m3/d of dyeing wastewater to pretreatment (fixed 10); 95 % of it leaves as
    effluent, to the sewage plant (fixed 20, 1.0 per m3) or the municipal sewer at 2.0 per m3.

    - plant: 10 + 20 + 95 x 1.0 = 125
    - sewer: 10 + 95 x 2.0 = 200
    Optimum 125, a flow of 95 m3/d into the sewage plant.
    """
    plan = solve_both(_chain(sink_price=2.0))
    assert plan.total_cost == pytest.approx(125.0)
    assert opened(plan) == {("A", "dyeing", "t"), ("A", "sewage", "t")}
    flow = plan.flows.iloc[0]
    assert (flow["to_site"], flow["to_service"]) == ("A", "sewage")
    assert flow["flow_per_day"] == pytest.approx(95.0)
    sewage = plan.facilities[plan.facilities["service"] == "sewage"].iloc[0]
    assert sewage["load_per_day"] == pytest.approx(95.0)


def test_effluent_chain_to_external_sink():
    """As above with the sewer at 1.0 per m3: sewer 10 + 95 = 105 < plant 125."""
    plan = solve_both(_chain(sink_price=1.0))
    assert plan.total_cost == pytest.approx(105.0)
    assert opened(plan) == {("A", "dyeing", "t")}
    assert list(plan.flows["to_site"]) == ["sink"]
    assert plan.flows["annual_cost"].sum() == pytest.approx(95.0)


def test_pollutant_cap_forces_connection():
    """E1 (100 m3/d, COD 1,000 mg/L) costs 50 alone; the plant costs 80. Untreated COD is
    100 x 1 day x 1,000 x 1e-6 = 0.1 t/year; shared removal 0.9 leaves 0.01 t, own removal 0.5
    leaves 0.05 t. Without a cap: alone, 50. With a cap of 0.03 t: only sharing meets it, 80."""
    demands = [{"enterprise": "E1", "demand_per_day": 100, "standalone_om_cny_per_year": 50}]
    tiers = [{"site": "A", "tier": "t", "capacity_per_day": 200, "fixed_om_cny_per_year": 80}]
    cod = [{"enterprise": "E1", "pollutant": "COD", "concentration_mg_per_l": 1000}]
    removal = {"removal": {"sewage": {"shared": 0.9, "self": 0.5}}}
    free = solve_both(
        park(demands, tiers, {("E1", "A"): 0}, concentrations=cod, pollutants={"COD": removal})
    )
    assert free.total_cost == pytest.approx(50.0)
    assert free.pollutants.iloc[0]["discharge_t_per_year"] == pytest.approx(0.05)
    capped = solve_both(
        park(
            demands,
            tiers,
            {("E1", "A"): 0},
            concentrations=cod,
            pollutants={"COD": {**removal, "cap_t_per_year": 0.03}},
        )
    )
    assert capped.total_cost == pytest.approx(80.0)
    assert served(capped, "E1") == {"A"}
    assert capped.pollutants.iloc[0]["discharge_t_per_year"] == pytest.approx(0.01)


CAPEX_TIERS = [
    {"site": "A", "tier": "small", "capacity_per_day": 100, "capex_cny": 100.0},
    {"site": "A", "tier": "large", "capacity_per_day": 200, "capex_cny": 150.0},
]


def test_capital_budget():
    """The tiers of the first test as capex (lifetime 1: annuity = capex). With a capital budget of
    120 the large tier (150) is out: small for two + one alone = 100 + 80 = 180."""
    plan = solve_both(park(THREE, CAPEX_TIERS, NEAR_A, policy={"capital_budget_cny": 120.0}))
    assert plan.total_cost == pytest.approx(180.0)
    assert opened(plan) == {("A", "sewage", "small")}
    assert plan.kpis["capex_new_cny"] == pytest.approx(100.0)


def test_subsidy_rate():
    """A 50 % subsidy halves the annuities: large 75, small 50. Large for all: 75; small for two
    + one alone: 130. Optimum 75 with a subsidy of 75."""
    plan = solve_both(park(THREE, CAPEX_TIERS, NEAR_A, policy={"subsidy_rate": 0.5}))
    assert plan.total_cost == pytest.approx(75.0)
    assert plan.kpis["subsidy_total"] == pytest.approx(75.0)
    assert opened(plan) == {("A", "sewage", "large")}


def test_subsidy_budget():
    """50 % subsidy but at most 30 a year: large 150 - 30 = 120; small 100 - 30 + 80 = 150.
    Optimum 120 with a subsidy of 30."""
    policy = {"subsidy_rate": 0.5, "subsidy_budget_cny_per_year": 30.0}
    plan = solve_both(park(THREE, CAPEX_TIERS, NEAR_A, policy=policy))
    assert plan.total_cost == pytest.approx(120.0)
    assert plan.kpis["subsidy_total"] == pytest.approx(30.0)


def test_max_facilities():
    """E1 sits at A, E2 at B, 10 km apart; a connection costs 2 per km; plants cost 10; alone 50.
    Unlimited: a plant at each, 20. At most one plant: one plant + the other connecting over
    10 km = 10 + 20 = 30 (better than 10 + 50 alone)."""
    tiers = [
        {"site": s, "tier": "t", "capacity_per_day": 100, "fixed_om_cny_per_year": 10} for s in "AB"
    ]
    distances = {("E1", "A"): 0.0, ("E1", "B"): 10.0, ("E2", "B"): 0.0, ("E2", "A"): 10.0}
    services = {"sewage": service(connection_capex_cny_per_km=2.0)}
    free = solve_both(park(TWO, tiers, distances, services=services))
    assert free.total_cost == pytest.approx(20.0)
    assert free.kpis["facilities"] == 2
    plan = solve_both(
        park(TWO, tiers, distances, services=services, policy={"max_facilities": {"sewage": 1}})
    )
    assert plan.total_cost == pytest.approx(30.0)
    assert plan.kpis["facilities"] == 1


def test_forbidden_and_required_sites():
    """The first test with a second site B whose tiers cost 10 more, and a site C with one useless
    tier (10 m3/d, 5 a year).

    - as is: A large for all, 150
    - A forbidden: B large, 160
    - C required: A large + C, 150 + 5 = 155
    """
    tiers = [
        *SMALL_LARGE,
        {"site": "B", "tier": "small", "capacity_per_day": 100, "fixed_om_cny_per_year": 110},
        {"site": "B", "tier": "large", "capacity_per_day": 200, "fixed_om_cny_per_year": 160},
        {"site": "C", "tier": "tiny", "capacity_per_day": 10, "fixed_om_cny_per_year": 5},
    ]
    distances = {(e, s): 1.0 for e in ("E1", "E2", "E3") for s in "ABC"}
    sites = [{"id": "A"}, {"id": "B"}, {"id": "C"}]
    plan = solve_both(park(THREE, tiers, distances, sites=sites))
    assert plan.total_cost == pytest.approx(150.0)
    forbidden = [{"id": "A", "status": "forbidden"}, {"id": "B"}, {"id": "C"}]
    plan = solve_both(park(THREE, tiers, distances, sites=forbidden))
    assert plan.total_cost == pytest.approx(160.0)
    assert opened(plan) == {("B", "sewage", "large")}
    required = [{"id": "A"}, {"id": "B"}, {"id": "C", "status": "required"}]
    plan = solve_both(park(THREE, tiers, distances, sites=required))
    assert plan.total_cost == pytest.approx(155.0)
    assert opened(plan) == {("A", "sewage", "large"), ("C", "sewage", "tiny")}


def test_site_area_shared_by_two_services():
    """E1 needs sewage and spraying (10 each, 100 alone each). Site S (area 100 m2) offers both
    for 10 a year, each needing 60 m2; site T offers both for 30 with no area limit.

    - without S's limit: both at S, 20
    - with it only one fits at S: 10 + 30 = 40
    """
    services = {"sewage": service(), "spraying": service(unit="m2")}
    demands = [
        {"enterprise": "E1", "service": s, "demand_per_day": 10, "standalone_om_cny_per_year": 100}
        for s in services
    ]
    tiers = [
        {
            "site": site,
            "service": s,
            "tier": "t",
            "capacity_per_day": 50,
            "fixed_om_cny_per_year": cost,
            "area_m2": 60,
        }
        for site, cost in (("S", 10), ("T", 30))
        for s in services
    ]
    distances = {("E1", "S"): 0.0, ("E1", "T"): 0.0}
    free = solve_both(park(demands, tiers, distances, services=services))
    assert free.total_cost == pytest.approx(20.0)
    sites = [{"id": "S", "area_m2": 100}, {"id": "T"}]
    plan = solve_both(park(demands, tiers, distances, services=services, sites=sites))
    assert plan.total_cost == pytest.approx(40.0)
    assert sorted(plan.facilities["site"]) == ["S", "T"]


def test_existing_facility():
    """A has an existing plant (its capex of 1,000 is sunk; 5 a year to run); B could get a new
    one for 1 a year. E1 (50 m3/d, 100 alone) uses the existing plant: total 5 (B would add 1)."""
    tiers = [
        {
            "site": "A",
            "tier": "old",
            "capacity_per_day": 100,
            "capex_cny": 1000.0,
            "fixed_om_cny_per_year": 5,
            "existing": True,
        },
        {"site": "B", "tier": "new", "capacity_per_day": 100, "fixed_om_cny_per_year": 1},
    ]
    demands = [{"enterprise": "E1", "demand_per_day": 50, "standalone_om_cny_per_year": 100}]
    plan = solve_both(park(demands, tiers, {("E1", "A"): 0.0, ("E1", "B"): 0.0}))
    assert plan.total_cost == pytest.approx(5.0)
    assert served(plan, "E1") == {"A"}
    assert plan.kpis["facilities_new"] == 0
    assert plan.kpis["capex_new_cny"] == 0.0


def test_infeasible_diagnosis_names_the_enterprise():
    """E1 and E2 (80 m3/d each, no self-treatment) reach only A (100 m3/d); E3 (40) reaches only
    B (100). Every demand fits some tier and reachable capacity (200) covers the demand (200), so
    the arithmetic checks pass; but E1 and E2 cannot both go to A. The elastic re-solve leaves one
    of them unserved and says so."""
    demands = [
        {"enterprise": e, "demand_per_day": d, "self_treatment_allowed": False}
        for e, d in (("E1", 80), ("E2", 80), ("E3", 40))
    ]
    tiers = [
        {"site": s, "tier": "t", "capacity_per_day": 100, "fixed_om_cny_per_year": 10} for s in "AB"
    ]
    distances = {("E1", "A"): 1.0, ("E2", "A"): 1.0, ("E3", "B"): 1.0}
    with pytest.raises(InfeasibleError) as raised:
        solve_both(park(demands, tiers, distances))
    problems = raised.value.problems
    assert len(problems) == 1
    assert problems[0].row_id in ("E1/sewage", "E2/sewage")
    assert "unserved" in str(problems[0])
    assert "sites in reach: A" in str(problems[0])

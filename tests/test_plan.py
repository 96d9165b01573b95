"""The Plan: extraction from a solution, totals, pickling and the exact JSON round trip."""

from __future__ import annotations

import pickle

import pytest
from builders import park, service

from optimizer import load_scenario, optimise
from optimizer.extract import extract_plan
from optimizer.plan import Plan, scenario_of
from optimizer.prepare import prepare
from optimizer.solvers.types import Solution, SolveOptions, SolverReport


def test_totals_agree_with_the_objective(tiny_path):
    plan = optimise(load_scenario(tiny_path))
    assert plan.total_cost == pytest.approx(plan.solver["objective"], rel=1e-12)
    breakdown = plan.kpis["cost_breakdown"]
    assert sum(breakdown.values()) == pytest.approx(plan.total_cost, rel=1e-12)
    assert plan.statement["total_cny_per_year"].sum() == pytest.approx(plan.total_cost, rel=1e-12)
    assert plan.kpis["saving"] == pytest.approx(plan.kpis["all_self_cost"] - plan.total_cost)


def test_json_round_trip_is_exact_and_plan_pickles(tiny_path):
    plan = optimise(load_scenario(tiny_path))
    again = Plan.from_json(plan.to_json())
    assert again.equals(plan)
    assert again.to_json() == plan.to_json()
    assert pickle.loads(pickle.dumps(plan)).equals(plan)


def test_plan_rebuilds_its_scenario(tiny_path):
    scenario = load_scenario(tiny_path)
    plan = Plan.from_json(optimise(scenario).to_json())
    assert scenario_of(plan).input_hash() == scenario.input_hash()


def test_solver_noise_is_not_a_flow():
    """A flow of 3e-9 m3/d out of a closed pretreatment plant (the solver's tolerance) must not
    appear in the plan: it would name a facility that is not there."""
    services = {
        "dyeing": service(
            outputs=[
                {"name": "effluent", "ratio": 0.95, "to": "sewage", "sink_price_cny_per_unit": 2.0}
            ]
        ),
        "sewage": service(),
    }
    tiers = [
        {
            "site": "A",
            "service": s,
            "tier": "t",
            "capacity_per_day": 200,
            "fixed_om_cny_per_year": 10,
        }
        for s in services
    ]
    demands = [
        {
            "enterprise": "E1",
            "service": "dyeing",
            "demand_per_day": 100,
            "standalone_om_cny_per_year": 1,
        }
    ]
    scenario = park(demands, tiers, {("E1", "A"): 0.0}, services=services)
    data = prepare(scenario)
    report = SolverReport("highs", "x", "optimal", "optimal", 1.0, 1.0, 0.0, 0.1, has_solution=True)
    values = {
        "self_treat": {0: 1.0},
        "open": {0: 0.0, 1: 0.0},
        "treated": {0: 3e-9, 1: 0.0},
        "flow": {0: 3e-9},
        "to_sink": {0: 0.0},
    }
    plan = extract_plan(scenario, data, Solution(report, values), SolveOptions())
    assert plan.facilities.empty
    assert plan.flows.empty


def test_scenario_errors_keep_their_problems_across_processes():
    """Batch workers and the app's solve pool send errors back pickled: the problems must survive."""
    from optimizer.diagnosis import InfeasibleError
    from optimizer.problems import Problem, ScenarioError

    problem = Problem("demands.csv", "demand_per_day", "a facility with room", row_id="E1/sewage")
    for error in (ScenarioError([problem]), InfeasibleError([problem])):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert again.problems == (problem,)
        assert str(again) == str(error)


def test_provenance_says_how_distances_were_measured(tiny):
    """tiny sits on its network; with E4's node cleared and E4 0.001 degrees north of node D, E4
    is joined by a leg of 0.001 x 111.195 km x 1.3 (detour) = 0.1446 km, and the plan says so."""
    plan = optimise(tiny.load(), allocation=None)
    assert plan.provenance["network"]["snapped"] == 0
    tiny.set_cell("enterprises", "E4", "node", "")
    tiny.set_cell("enterprises", "E4", "lat", 31.3050)
    network = optimise(tiny.load(), allocation=None).provenance["network"]
    assert network["distances"] == "shortest paths on the park network"
    assert network["snapped"] == 1
    assert network["max_snap_km"] == pytest.approx(0.001 * 111.19508 * 1.3, rel=1e-4)

"""``verify``: a plan recomputed from its scenario without a solver accepts every plan the solver
makes and rejects hand-corrupted ones, naming the reason.

The hand-made park of these tests (discount rate 0, one operating day, free transport):

- E1 sends 40 m3/d and E2 30 m3/d; each would pay 1,000 CNY/year alone;
- site A offers a tier of 50 m3/d for 100 CNY/year, site B one of 50 m3/d for 150 CNY/year;
- E1 reaches A only (1 km), E2 reaches A and B (1 km each).

Both cannot share A (70 > 50 m3/d), so the least cost is E1 at A and E2 at B: 100 + 150 = 250
CNY/year against 2,000 alone.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from builders import park
from typer.testing import CliRunner

from optimizer.batch import PLAN_FILE, run_batch
from optimizer.cli import app
from optimizer.pipeline import optimise, solve_options
from optimizer.plan import Plan
from optimizer.scenario import load_scenario, save_scenario
from optimizer.verify import FIGURE, INPUT, RULE, scenario_for, verify_plan
from optimizer.words.verification import difference_sentence

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SHIPPED = sorted(p.name for p in SCENARIOS.iterdir() if (p / "scenario.yaml").is_file())


def hand_park():
    return park(
        demands=[
            {"enterprise": "E1", "demand_per_day": 40, "standalone_om_cny_per_year": 1000},
            {"enterprise": "E2", "demand_per_day": 30, "standalone_om_cny_per_year": 1000},
        ],
        tiers=[
            {"site": "A", "tier": "small", "capacity_per_day": 50, "fixed_om_cny_per_year": 100},
            {"site": "B", "tier": "small", "capacity_per_day": 50, "fixed_om_cny_per_year": 150},
        ],
        distances={("E1", "A"): 1.0, ("E2", "A"): 1.0, ("E2", "B"): 1.0},
    )


@pytest.fixture(scope="module")
def hand_plan() -> Plan:
    plan = optimise(hand_park())
    assert plan.total_cost == pytest.approx(250.0)
    return plan


def sentences(result) -> list[str]:
    return [difference_sentence(d.as_dict(), result.currency) for d in result.differences]


def found(result, kind: str, what: str, where: str | None = None):
    return [
        d
        for d in result.differences
        if d.kind == kind and d.what == what and (where is None or d.where == where)
    ]


def with_table(plan: Plan, name: str, frame) -> Plan:
    return replace(plan, **{name: frame})


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_plan_verifies(name):
    scenario = load_scenario(SCENARIOS / name)
    plan = optimise(scenario, solve_options(scenario, time_limit_s=60))
    result = verify_plan(plan)
    assert result.ok, sentences(result)
    assert result.checked["demand met"] == plan.kpis["demands"]
    again = verify_plan(plan, scenario_for(plan, SCENARIOS / name))
    assert again.ok, sentences(again)


def test_a_variant_plan_verifies_against_its_scenario_folder():
    plan = optimise(SCENARIOS / "textile-park", variant="no-cod-cap")
    assert verify_plan(plan, scenario_for(plan, SCENARIOS / "textile-park")).ok


def test_the_hand_plan_verifies(hand_plan):
    result = verify_plan(hand_plan)
    assert result.ok and result.feasible and result.exact and result.inputs_match
    assert result.checked["capacity"] == 2


def test_a_cost_changed_by_one_cny_is_named(hand_plan):
    facilities = hand_plan.facilities.copy()
    facilities.loc[facilities["site"] == "A", "fixed_om"] += 1.0
    result = verify_plan(with_table(hand_plan, "facilities", facilities))
    assert not result.ok and result.feasible and not result.exact
    (difference,) = found(result, FIGURE, "facilities.fixed_om")
    assert (difference.where, difference.expected, difference.found) == ("A/sewage", 100.0, 101.0)
    assert difference.unit == "CNY/year"
    assert "expected 100.00 CNY/year, found 101.00 CNY/year" in sentences(result)[0]


def test_a_total_changed_by_one_cny_is_named(hand_plan):
    kpis = {**hand_plan.kpis, "total_annual_cost": hand_plan.total_cost + 1.0}
    result = verify_plan(replace(hand_plan, kpis=kpis))
    (difference,) = found(result, FIGURE, "kpis.total_annual_cost")
    assert (difference.expected, difference.found) == (250.0, 251.0)


def move(plan: Plan, enterprise: str, site: str) -> Plan:
    assignments = plan.assignments.copy()
    assignments.loc[assignments["enterprise"] == enterprise, "site"] = site
    return with_table(plan, "assignments", assignments)


def test_an_assignment_beyond_reach_is_named(hand_plan):
    result = verify_plan(move(hand_plan, "E1", "B"))
    assert not result.feasible
    (difference,) = found(result, RULE, "reach")
    assert difference.where == "E1/sewage -> B"
    assert "not within the reach of sewage" in difference.note
    assert found(result, RULE, "demand met", "E1/sewage")  # its share is no longer anywhere


def test_a_facility_over_capacity_is_named(hand_plan):
    """E2's 30 m3/d moved to A, where E1 already sends 40: 70 m3/d on a 50 m3/d tier."""
    result = verify_plan(move(hand_plan, "E2", "A"))
    (difference,) = found(result, RULE, "capacity", "A/sewage")
    assert (difference.expected, difference.found, difference.unit) == (50.0, 70.0, "m3/d")
    line = next(s for s in sentences(result) if "capacity" in s)
    assert "expected at most 50 m3/d, found 70 m3/d" in line
    assert found(result, FIGURE, "facilities.load_per_day", "A/sewage")


def test_a_changed_input_in_the_plan_is_named(hand_plan):
    tables = dict(hand_plan.inputs["tables"])
    demands = tables["demands"].copy()
    demands.loc[demands["enterprise"] == "E1", "demand_per_day"] = 45.0
    inputs = {**hand_plan.inputs, "tables": {**tables, "demands": demands}}
    result = verify_plan(replace(hand_plan, inputs=inputs))
    assert not result.inputs_match
    assert found(result, INPUT, "input hash", "plan")


def test_a_changed_scenario_names_the_row(hand_plan):
    edited = hand_park().with_overrides({"demands[E2/sewage].demand_per_day": 35})
    result = verify_plan(hand_plan, edited)
    (difference,) = found(result, INPUT, "input")
    assert "E2/sewage" in difference.where and "30" in difference.note and "35" in difference.note
    assert found(result, FIGURE, "facilities.load_per_day", "B/sewage")


runner = CliRunner()


def test_the_command_exits_0_on_a_good_plan_and_1_naming_each_difference(hand_plan, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(hand_plan.to_json(), encoding="utf-8")
    folder = save_scenario(hand_park(), tmp_path / "park")
    result = runner.invoke(app, ["verify", str(good), str(folder)])
    assert result.exit_code == 0, result.output
    assert "verified: same inputs, feasible, every figure exact" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text(move(hand_plan, "E2", "A").to_json(), encoding="utf-8")
    result = runner.invoke(app, ["verify", str(bad)])
    assert result.exit_code == 1
    assert "rule broken: capacity" in result.output and "A/sewage" in result.output
    result = runner.invoke(app, ["verify", str(bad), "--json"])
    document = json.loads(result.output)
    assert document["ok"] is False and document["counts"]["rule"] >= 1


def test_batch_verifies_every_case_and_names_a_corrupted_one(tmp_path):
    scenario = SCENARIOS / "tiny"
    result = run_batch(scenario, out=tmp_path, workers=1, verify=True)
    (cell,) = result.summary["verified"]
    assert cell.startswith("verified: same inputs, feasible, every figure exact")
    stored = tmp_path / "tiny--base" / PLAN_FILE
    document = json.loads(stored.read_text(encoding="utf-8"))
    document["kpis"]["total_annual_cost"] += 1.0
    stored.write_text(json.dumps(document), encoding="utf-8")
    again = run_batch(scenario, out=tmp_path, workers=1, verify=True)
    (cell,) = again.summary["verified"]
    assert cell.startswith("not verified: 1 figure differs")
    assert "kpis.total_annual_cost" in cell
    assert "verified" not in run_batch(scenario, out=tmp_path, workers=1).summary

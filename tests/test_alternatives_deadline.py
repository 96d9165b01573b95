"""The near-optimal alternatives search uses the machinery of a normal solve: one wall-clock
deadline for the whole search (the options' time limit), and the exact-loads re-solve
(:func:`optimizer.solvers.loads.follow_loads`) of each open set whose split streams break a cap,
from that plan's assignments, its report saying why.

The capped chain (worked by hand): E1 sends 100 m3/d of dyeing wastewater at 1,000 mg/L COD
(0.1 t/year over its one day) and E2 100 m3/d of clean water to pretreatment at A (fixed 10,
removes half the COD: 0.05 t left); 95 % leaves as effluent, 190 m3/d, to a sewage plant (removes
80 %, free per m3) or to the sewer at 0.2 per m3. The park may discharge 0.015 t/year.

- At A one tier, large (200 m3/d, 50); at B a small tier (100 m3/d, 20.5) and a large (52).
- The relaxation's cheapest plan: B's small plant taking 100 m3/d with all the COD and 90 m3/d to
  the sewer, 10 + 20.5 + 18 = 48.5; followed exactly it discharges 0.05 - 0.04 x 100/190 =
  0.0289 t, over the cap. With one destination per stream: all to A's plant, 60 (0.01 t), or to
  B's large one, 62. So the least-cost plan is A (60).
- The alternative (B, not A) is the relaxation's 48.5 again, over the cap: solved again with one
  destination, B's large plant, 62 (within 5 % of 60: the ceiling is 63).
"""

from __future__ import annotations

import time

import pytest
from builders import park, service
from test_alternatives import BOTH_NEAR_BOTH, TWIN_PLANTS, TWO_SMES
from typer.testing import CliRunner

from optimizer.alternatives import open_pairs, optimise_alternatives
from optimizer.cli import app
from optimizer.pipeline import solve_options
from optimizer.scenario import save_scenario
from optimizer.verify import verify_plan
from optimizer.words.language import using_language
from optimizer.words.said import spoken

WHY = (
    "the best plan's loads, followed along its streams, break the park's COD cap by 0.014 "
    "t/year: solved again with each stream to one destination"
)


def _two_plants():
    services = {
        "dyeing": service(
            self_treatment_allowed=False,
            outputs=[
                {"name": "effluent", "ratio": 0.95, "to": "sewage", "sink_price_cny_per_unit": 0.2}
            ],
        ),
        "sewage": service(),
    }
    free = {"service": "sewage", "variable_cost_cny_per_unit": 0.0}
    tiers = [
        {
            "site": "A",
            "service": "dyeing",
            "tier": "t",
            "capacity_per_day": 200,
            "fixed_om_cny_per_year": 10,
            "variable_cost_cny_per_unit": 0.0,
        },
        {
            **free,
            "site": "A",
            "tier": "large",
            "capacity_per_day": 200,
            "fixed_om_cny_per_year": 50,
        },
        {
            **free,
            "site": "B",
            "tier": "small",
            "capacity_per_day": 100,
            "fixed_om_cny_per_year": 20.5,
        },
        {
            **free,
            "site": "B",
            "tier": "large",
            "capacity_per_day": 200,
            "fixed_om_cny_per_year": 52,
        },
    ]
    demands = [
        {"enterprise": "E1", "service": "dyeing", "demand_per_day": 100},
        {"enterprise": "E2", "service": "dyeing", "demand_per_day": 100},
    ]
    cod = {
        "removal": {"dyeing": {"shared": 0.5, "self": 0.5}, "sewage": {"shared": 0.8, "self": 0}},
        "cap_t_per_year": 0.015,
    }
    dirty = {"enterprise": "E1", "service": "dyeing", "pollutant": "COD"}
    distances = {(e, s): 0.0 for e in ("E1", "E2") for s in ("A", "B")}
    return park(
        demands,
        tiers,
        distances,
        services=services,
        concentrations=[{**dirty, "concentration_mg_per_l": 1000}],
        pollutants={"COD": cod},
    )


@pytest.fixture(scope="module")
def two_plants():
    return _two_plants()


@pytest.mark.parametrize("route", ["highs", "highs-standard-form"])
def test_a_capped_chain_alternative_is_solved_again_and_verifies(two_plants, route):
    options = solve_options(two_plants, solver=route, threads=1)
    found = optimise_alternatives(two_plants, options, within=0.05, count=3)
    least, *alternatives = found.plans
    assert least.total_cost == pytest.approx(60.0)
    assert ("A", "sewage") in open_pairs(least)
    assert len(alternatives) == 1, found.stopped
    (other,) = alternatives
    assert open_pairs(other) == {("A", "dyeing"), ("B", "sewage")}
    assert other.total_cost == pytest.approx(62.0)  # not the relaxation's 48.5
    assert other.solver["resolved"] == WHY
    assert other.provenance["streams_to_one_destination"] is True
    assert verify_plan(other).ok  # feasible for the physical rule, every figure exact
    assert found.stopped == "no other plan is within 5.0%"


def test_the_reason_of_an_alternative_s_re_solve_is_said_in_the_language_shown(two_plants):
    """Made in Chinese, the reason is the plan's data in English and said in Chinese when shown
    (before, it was worded once, where it was made); the labels are made in Chinese."""
    with using_language("zh"):
        found = optimise_alternatives(two_plants, within=0.05, count=1)
        said = spoken(found.plans[1].solver["resolved"])
    assert found.plans[1].solver["resolved"] == WHY
    assert said.startswith("沿水流逐段追踪后")
    assert [plan.label for plan in found.plans] == ["最低成本", "备选方案 1"]


def test_a_search_given_a_short_deadline_ends_by_it_and_says_what_it_found():
    """The twin plants of ``test_alternatives`` have two alternatives within 101% ({B} and {A,
    B}). The whole search has 3 s; once the first alternative is found the caller is slow (it
    waits out the 3 s in ``on_step``), so the search ends by the deadline: one alternative kept,
    and the headline's reason says the time limit ended it, in the language shown."""
    scenario = park(TWO_SMES, TWIN_PLANTS, BOTH_NEAR_BOTH)
    options = solve_options(scenario, time_limit_s=3.0, threads=1)

    def slow(step: str, done: int, _total: int) -> None:
        if step == "search" and done == 1:
            time.sleep(3.0)

    found = optimise_alternatives(scenario, options, within=1.01, count=10, on_step=slow)
    assert [p.total_cost for p in found.plans] == pytest.approx([100.0, 100.5], abs=1e-6)
    assert found.stopped == "the time limit of 3 s ended the search"
    with using_language("zh"):
        found = optimise_alternatives(scenario, options, within=1.01, count=10, on_step=slow)
        said = spoken(found.stopped)
    assert said == "已到 3 秒的时间上限，搜索结束"
    assert found.stopped == "the time limit of 3 s ended the search"  # its English, kept
    assert len(found.plans) == 2


def test_the_command_line_says_which_alternative_was_solved_again(two_plants, tmp_path):
    folder = save_scenario(two_plants, tmp_path / "two-plants")
    result = CliRunner().invoke(app, ["alternatives", str(folder), "--within", "5%"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    (where,) = [i for i, line in enumerate(lines) if line.startswith(" 2. alternative 1")]
    assert lines[where + 1] == f"    solved again: {WHY}"
    assert "the time limit" not in result.output

"""A plan whose split streams break a cap once their loads are followed exactly is solved again
with each stream sent to one destination (:func:`optimizer.solvers.loads.follow_loads`): from the
first plan's assignments, in a share of the time kept for it, and said in the progress and in
the plan's solver report, so that the first search's figures are never taken for the final plan's.

The scenario (``_cod_chain`` of ``test_pilot_cases``, worked there too): E1 (100 m3/d, COD
1,000 mg/L, 0.1 t/year over its one day) and E2 (100 m3/d, no COD) must use the pretreatment
(fixed 10, removes half the COD); 95 % of the 200 m3/d leaves as effluent, 190 m3/d carrying
0.05 t, to the sewer (0.2 per m3) or to the plant (removes 80 %; free per m3, 21 for a small tier
of 100 m3/d, 50 for a large one of 200 m3/d). A park-wide cap of 0.015 t/year.

- The model's rows let the effluent's load go apart from its volume: 100 m3/d to the small plant
  carrying all the COD it may (no more than E1's concentration), 90 m3/d to the sewer: 10 + 21 +
  90 x 0.2 = 49, seemingly within the cap.
- Followed exactly, the load goes where the volume goes: a share 100/190 to the plant discharges
  0.05 - 0.04 x 100/190 = 0.028947 t, 0.013947 t over the cap ("0.014").
- One destination: the sewer discharges 0.05 t (over), so all to the large plant: 10 + 50 = 60,
  0.01 t. Dearer than the first plan by 11.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import replace

import pytest
from test_pilot_cases import SMALL_AND_LARGE_PLANT, _cod_chain

from optimizer.pipeline import optimise, solve_options
from optimizer.prepare import prepare
from optimizer.solvers.dispatch import _solve_once, solve_instance
from optimizer.solvers.loads import (
    RESOLVE_SHARE,
    BrokenCap,
    follow_loads,
    resolve_reason,
    value_arrays,
)
from optimizer.solvers.types import SolveOptions, SolveProgress
from optimizer.words.language import using_language
from optimizer.words.progress import progress_line
from optimizer.words.said import spoken

WHY = (
    "the best plan's loads, followed along its streams, break the park's COD cap by 0.014 "
    "t/year: solved again with each stream to one destination"
)


@pytest.fixture(scope="module")
def capped():
    tiers = [{**t, "variable_cost_cny_per_unit": 0.0} for t in SMALL_AND_LARGE_PLANT]
    return _cod_chain(cap=0.015, sewage_tiers=tiers, sink_price=0.2, clean=True)


@pytest.mark.parametrize("route", ["highs", "highs-standard-form"])
def test_the_re_solve_is_dearer_by_what_the_hand_says_and_the_report_says_why(capped, route):
    seen: list[SolveProgress] = []
    options = solve_options(capped, solver=route, on_progress=seen.append)
    plan = optimise(capped, options)
    assert plan.total_cost == pytest.approx(60.0)
    assert plan.provenance["streams_to_one_destination"] is True
    assert plan.solver["resolved"] == WHY
    noted = [i for i, progress in enumerate(seen) if progress.note == WHY]
    assert noted, "the progress never said the plan was solved again"
    # from the note on, every report is the re-solve's, and says so
    assert all(progress.note == WHY for progress in seen[noted[0] :])
    assert seen[noted[0]].objective is None  # the first search's best plan is not carried on


def test_a_plan_within_its_caps_is_not_solved_again(capped):
    plan = optimise(capped.with_overrides({"pollutants.COD.cap_t_per_year": 0.03}))
    assert plan.total_cost == pytest.approx(49.0)
    assert plan.solver["resolved"] == ""


def test_the_reason_is_said_in_the_language_shown(capped):
    """The reason is the plan's data in English (its JSON, the command line), and said in the
    language shown wherever it is shown, even made in another language or another process
    (the app's solve pool): before, it was worded once where it was made, so that the app's
    progress line, whose solve runs in a process of its own, said it in English."""
    with using_language("zh"):
        plan = optimise(capped)
    reason = plan.solver["resolved"]
    assert reason == WHY and json.loads(plan.to_json())["solver"]["resolved"] == WHY
    kept = pickle.loads(pickle.dumps(reason))  # as it comes back from the solve pool
    with using_language("zh"):
        said = spoken(kept)
        line = progress_line(3.0, None, None, None, note=kept)
    assert said.startswith("沿水流逐段追踪后")
    assert "园区 COD 总量上限" in said and "0.014" in said
    assert line == "求解中，3 秒：" + said


def test_an_outfalls_cap_names_its_service_in_the_language_shown():
    reason = resolve_reason(BrokenCap("COD", "sewage", 1.5))
    assert str(reason) == (
        "the best plan's loads, followed along its streams, break the COD cap of the sewage "
        "outfalls by 1.500 t/year: solved again with each stream to one destination"
    )
    with using_language("zh"):
        assert "污水处理排口的 COD 上限" in spoken(reason)


def test_the_re_solve_starts_from_the_first_plan_and_has_a_share_of_the_time(capped):
    """The re-solve is handed the first plan's assignments as its start and the time left of
    the whole limit, of which :data:`RESOLVE_SHARE` was kept for it; with a limit too short for
    any search (HiGHS solves this one in presolve) the plan is still no dearer than that start's
    best completion, 60."""
    data = prepare(capped)
    options = SolveOptions(time_limit_s=100.0, threads=1)
    first = _solve_once(data, options, False)
    assert first.report.objective == pytest.approx(49.0)
    asked = []

    def again(kept, start, why):
        asked.append((start, why))
        return _solve_once(kept, replace(options, time_limit_s=1e-3, warm_start=start), False)

    final = follow_loads(data, first, again)
    ((start, why),) = asked
    assert why == WHY
    assert start["assign"] == first.values["assign"]  # who is treated where, as first solved
    assert "open" not in start and "route_flow" not in start  # tiers and routing completed
    assert final.report.objective <= 60.0 + 1e-9
    assert value_arrays(data, final.values)["flow"].sum() == pytest.approx(190.0)
    assert 0 < RESOLVE_SHARE < 0.5


@pytest.mark.parametrize("route", ["highs", "highs-standard-form"])
def test_the_first_solve_keeps_the_re_solve_its_share_only_where_it_may_be_needed(capped, route):
    """A scenario that may need the re-solve: on the Pyomo routes its first solve is given only
    part of the limit, whatever its plan; on the default route the whole limit (less what the
    build took), the reserve kept only until a checkpoint finds the best plan within every cap
    (:mod:`optimizer.solvers.reserve`; this solve ends long before it). Here the plan meets the
    cap, so that first solve's report is the plan's."""
    data = prepare(capped.with_overrides({"pollutants.COD.cap_t_per_year": 0.03}))
    solution = solve_instance(data, SolveOptions(solver=route, time_limit_s=50.0, threads=1))
    assert solution.report.resolved == ""
    reserved = 50.0 * (1 - RESOLVE_SHARE) + 1e-9
    if route == "highs":
        assert solution.report.time_limit_s > reserved
        assert solution.report.reserve == ""  # the checkpoint was never reached
    else:
        assert solution.report.time_limit_s <= reserved

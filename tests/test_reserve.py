"""The time kept for the exact-loads re-solve, kept only while it may be needed
(:mod:`optimizer.solvers.reserve`): on the default route a first solve whose plan may need the
re-solve is given the whole limit, and a checkpoint at the limit less the reserve (10 %, at most
15 s: at 90 % of a short limit) checks the best plan so far once. Every cap met: the deadline
moves to the whole limit. A cap broken: it stays, and the re-solve has its time, as before.

Hand-worked: the capped chain of ``test_loads_resolve`` (worked there): a park cap of 0.015
t/year; the model's best plan costs 49 and, followed exactly, discharges 0.028947 t (0.014 over
the cap); with every stream to one destination the plan costs 60 and discharges 0.01 t. A plan
found after a met checkpoint that breaks a cap is not answered: the best plan found within the
caps is, with its gap against the same bound: (60 - 49) / 60 = 18.333 %.

Real solves: generated parks of 300 SMEs x 20 sites, which HiGHS does not finish within 5 s;
every plan HiGHS alone finds in its first 20 s breaks the park's COD cap (2,408.6 t/year) on its
exact loads (the heuristic's plans meet it at times: a side-by-side run of 5 s met it at its
checkpoint and answered a plan within the cap when a later one broke it), and every plan meets a
cap of 1,000,000 t/year (more than the park's whole load).
Only the default route (the matrix builder) has a checkpoint; the Pyomo routes keep the fixed
reserve, tested through both builders in ``test_loads_resolve``. No timing is asserted: the
checkpoint's outcome is read from the solver's report, and what the solver was given from its
limit and its hand-over (the time spent before HiGHS had the model).
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
import pytest
from test_loads_resolve import WHY
from test_pilot_cases import SMALL_AND_LARGE_PLANT, _cod_chain

from optimizer.extract import extract_plan
from optimizer.generate import generate_park
from optimizer.prepare import prepare
from optimizer.solvers.dispatch import _solve_once, solve_instance
from optimizer.solvers.formulation import Index
from optimizer.solvers.highs import Deadline
from optimizer.solvers.loads import ONE_DESTINATION, broken_cap, reserve_s, value_arrays
from optimizer.solvers.matrix import build_matrix
from optimizer.solvers.reserve import Checkpoint
from optimizer.solvers.types import SolveOptions, SolveProgress
from optimizer.verify import verify_plan
from optimizer.words.language import using_language
from optimizer.words.said import spoken

NOT_NEEDED = (
    "the time kept for a re-solve was not needed: at 4.5 s the best plan met every cap, so the "
    "search had the whole time limit"
)
LIMIT_S = 5.0  # the checkpoint at 4.5 s

#: The default route's three ways: HiGHS alone; the heuristic, then HiGHS; side by side.
WAYS = [(1, "off"), (1, "on"), (2, "on")]


def test_the_checkpoint_is_checked_once_whichever_thread_reads_the_deadline_first():
    checks = []
    deadline = Deadline.after(100.0)
    deadline.keep_until(time.perf_counter() - 1.0, lambda: checks.append(1) or True)
    seen = []
    readers = [threading.Thread(target=lambda: seen.append(deadline.passed())) for _ in range(8)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert checks == [1] and seen == [False] * 8  # moved to the whole limit, by one check
    kept = Deadline.after(100.0)
    kept.keep_until(time.perf_counter() - 1.0, lambda: False)
    assert kept.passed() and kept.left() == 0.0
    assert kept.most_left() > 90.0  # what HiGHS's own limit is: the whole limit


def test_a_heuristic_step_is_given_the_deadline_as_it_is_then():
    """A deadline within another follows it when it moves (the heuristic's share of the solve)."""
    whole = Deadline.after(100.0)
    whole.keep_until(time.perf_counter() - 1.0, lambda: True)
    share = Deadline.after(50.0, within=whole)
    assert 40.0 < share.left() <= 50.0
    early = Deadline.after(100.0)
    early.keep_until(time.perf_counter() - 1.0, lambda: False)
    assert Deadline.after(50.0, within=early).passed()


@pytest.fixture(scope="module")
def chain():
    """The capped chain, prepared; its matrix; the model's best plan (49) and the plan with one
    destination per stream (60), each as a value per column of that matrix."""
    tiers = [{**t, "variable_cost_cny_per_unit": 0.0} for t in SMALL_AND_LARGE_PLANT]
    scenario = _cod_chain(cap=0.015, sewage_tiers=tiers, sink_price=0.2, clean=True)
    data = prepare(scenario)
    matrix = build_matrix(data)
    options = SolveOptions(time_limit_s=50.0, threads=1)
    relaxed = _solve_once(data, options, False)
    kept = solve_instance(data, options)
    assert relaxed.report.objective == pytest.approx(49.0)
    assert kept.report.objective == pytest.approx(60.0) and ONE_DESTINATION in kept.values
    return scenario, data, matrix, relaxed, matrix.start(relaxed.values), matrix.start(kept.values)


def _due_checkpoint(matrix, deadline):
    """A checkpoint already due: a limit of 100 s begun 95 s ago (due at 90 s)."""
    return Checkpoint(matrix, deadline, time.perf_counter() - 95.0, 100.0)


def test_a_plan_breaking_a_cap_after_a_met_checkpoint_is_not_answered(chain):
    scenario, data, matrix, relaxed, x49, x60 = chain
    deadline = Deadline.after(100.0)
    checkpoint = _due_checkpoint(matrix, deadline)
    checkpoint.offer(x60, 60.0)
    assert (
        not deadline.passed() and checkpoint.outcome == "met"
    )  # 0.01 t within 0.015: the whole limit
    checkpoint.offer(x49, 49.0)  # found later: cheaper, and 0.014 t/year over the cap
    x, report = checkpoint.answer(x49, relaxed.report, mip_gap=1e-4)
    np.testing.assert_array_equal(x, x60)
    assert report.objective == 60.0 and report.bound == pytest.approx(49.0)
    assert report.gap == pytest.approx(11.0 / 60.0)
    assert report.status == "time limit"  # 18.333 % is not within the 0.01 % asked
    assert report.reserve == (
        "a plan found after 90.0 s breaks the park's COD cap by 0.014 t/year, with no time left "
        "to solve again: the plan is the best found whose loads meet every cap"
    )
    answered = extract_plan(
        scenario, data, replace(relaxed, report=report, values=matrix.values(x)), SolveOptions()
    )
    assert answered.total_cost == pytest.approx(60.0)
    assert verify_plan(answered).ok  # where the cheaper plan is not a plan of the physical rule
    broken = extract_plan(scenario, data, relaxed, SolveOptions())
    assert not verify_plan(broken).ok
    said = checkpoint.answer(x49, relaxed.report, mip_gap=1e-4)[1].reserve
    assert said == report.reserve  # English as kept, worded in the language shown
    with using_language("zh"):
        assert spoken(said).startswith("第 90.0 秒之后找到的方案超出园区 COD 总量上限 0.014 吨/年")


def test_a_plan_within_the_caps_after_a_met_checkpoint_is_answered(chain):
    _, _, matrix, relaxed, _, x60 = chain
    deadline = Deadline.after(100.0)
    checkpoint = _due_checkpoint(matrix, deadline)
    checkpoint.offer(x60, 60.0)
    assert not deadline.passed()  # the check, made when the deadline is read
    report = replace(relaxed.report, objective=60.0)
    x, answered = checkpoint.answer(x60, report, mip_gap=1e-4)
    assert x is x60 and answered.objective == 60.0
    assert answered.reserve.startswith("the time kept for a re-solve was not needed: at 90.0 s")


def test_a_checkpoint_whose_best_plan_breaks_a_cap_keeps_the_reserve(chain):
    _, _, matrix, relaxed, x49, x60 = chain
    deadline = Deadline.after(100.0)
    checkpoint = _due_checkpoint(matrix, deadline)
    checkpoint.offer(x60, 60.0)
    checkpoint.offer(x49, 49.0)  # the best plan so far, and it breaks the cap
    assert deadline.passed() and checkpoint.outcome == "broken"
    x, report = checkpoint.answer(x49, relaxed.report, mip_gap=1e-4)
    assert x is x49 and report.objective == pytest.approx(49.0)  # for the re-solve, as before
    assert report.reserve == (
        "the search stopped at 90.0 s to keep time for a re-solve: the best plan then broke the "
        "park's COD cap by 0.014 t/year"
    )


def test_no_plan_at_the_checkpoint_gives_the_reserve_to_the_search(chain):
    """With no plan, no re-solve could run (it starts from a plan); a plan breaking a cap found
    later, with none within the caps to answer, goes on to the re-solve in what is left."""
    _, _, matrix, relaxed, x49, _ = chain
    deadline = Deadline.after(100.0)
    checkpoint = _due_checkpoint(matrix, deadline)
    assert not deadline.passed() and checkpoint.outcome == "no plan"
    checkpoint.offer(x49, 49.0)
    x, report = checkpoint.answer(x49, relaxed.report, mip_gap=1e-4)
    assert x is x49 and report.objective == pytest.approx(49.0)
    assert report.reserve == (
        "there was no plan yet at 90.0 s to solve again, so the time kept for a re-solve went to "
        "the search"
    )


@pytest.fixture(scope="module")
def parks():
    scenario = generate_park(300, 20, seed=1)
    loose = scenario.with_overrides({"pollutants.COD.cap_t_per_year": 1_000_000.0})
    return prepare(scenario), prepare(loose)


@pytest.mark.parametrize(("threads", "heuristic"), WAYS)
def test_a_plan_within_every_cap_at_the_checkpoint_gets_the_whole_limit(parks, threads, heuristic):
    """Where main gave the first solve 4.5 s of 5 (90 %), it is given all 5 s less what was
    spent before HiGHS had the model (its hand-over), and runs to the limit."""
    seen: list[SolveProgress] = []
    options = SolveOptions(time_limit_s=LIMIT_S, threads=threads, heuristic=heuristic, mip_gap=0.0)
    report = solve_instance(parks[1], replace(options, on_progress=seen.append)).report
    assert report.reserve == NOT_NEEDED and report.resolved == ""
    assert report.time_limit_s + report.handover_seconds >= LIMIT_S - 1e-6
    assert report.time_limit_s + report.handover_seconds > LIMIT_S - reserve_s(LIMIT_S) + 0.1
    assert report.stopped_at_deadline and report.has_solution
    assert seen[-1].note == NOT_NEEDED  # the progress says it from the checkpoint on


def test_a_plan_breaking_a_cap_at_the_checkpoint_leaves_the_re_solve_its_time(parks):
    """HiGHS alone (the heuristic's plans of this park meet the cap at times, HiGHS's never in
    its first 20 s): the first solve stops at the checkpoint, and its plan is solved again,
    unless a plan found between the check and the stop meets every cap; then that plan is the
    answer, as on main."""
    options = SolveOptions(time_limit_s=LIMIT_S, threads=1, heuristic="off", mip_gap=0.0)
    data = parks[0]
    solution = solve_instance(data, options)
    report = solution.report
    assert report.reserve.startswith(
        "the search stopped at 4.5 s to keep time for a re-solve: the best plan then broke the "
        "park's COD cap by "
    )
    if report.resolved:
        assert report.resolved.startswith(WHY.split(" by ")[0])
    else:
        arrays = value_arrays(data, solution.values)
        assert broken_cap(data, Index.of(data), arrays) is None

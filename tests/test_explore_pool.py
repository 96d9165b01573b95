"""The Explore page's jobs through the app's pool, in real processes, as solves are
(:mod:`optimizer.ui.worker`, :mod:`optimizer.ui.jobs`): near-optimal alternatives, a what-if and
a leave-one-out each run in a process of their own, report where they stand (the step, how many
done of how many, the running solve's figures), give what the library gives in the page's own
process, and end alone when cancelled.

tiny's figures are worked out by hand in ``scenarios/tiny/README.md``; the generated park is one
HiGHS needs a search for, so that a job is caught while it runs.
"""

from __future__ import annotations

import contextlib
import math
import os
import time
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import pandas as pd
import pytest

from optimizer import load_scenario, optimise
from optimizer.batch.whatif import leave_one_out, members, whatif_overrides
from optimizer.generate import generate_park
from optimizer.pipeline import solve_options
from optimizer.ui import jobs, worker
from optimizer.ui.outcomes import JobProgress

REPO = Path(__file__).resolve().parent.parent
TINY = REPO / "scenarios" / "tiny"
TINY_TOTAL, TINY_S1_AND_S2 = 506_679.75, 622_735.47
#: E1 leaving tiny's plan: the total's change worked out by hand (tests/test_app_explore.py).
E1_LEAVES = -101_762.11
DEADLINE_S = 120.0

pytestmark = pytest.mark.slow


@pytest.fixture
def pool():
    jobs_pool = worker.SolvePool(workers=2)
    try:
        yield jobs_pool
    finally:
        jobs_pool.shutdown()


@pytest.fixture(scope="module")
def tiny_plan():
    return optimise(load_scenario(TINY))


def wait_until(condition: Callable[[], bool], job: worker.Job) -> None:
    """Wait on the job's future (not a bare sleep) until ``condition`` holds or it ends."""
    deadline = time.monotonic() + DEADLINE_S
    while not condition() and not job.future.done():
        assert time.monotonic() < deadline, "not within the deadline"
        with contextlib.suppress(FutureTimeout):
            job.future.result(timeout=0.05)


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_alternatives_in_a_process_of_their_own_give_tinys_two_open_sets(pool):
    scenario = load_scenario(TINY)
    work = jobs.AlternativesWork(scenario, solve_options(scenario), 0.25, 3, "cost")
    job = pool.submit_work(work)
    outcome = job.future.result(timeout=DEADLINE_S)
    assert outcome.ok, outcome.message
    found = outcome.value
    totals = [round(p.total_cost, 2) for p in found.plans]
    assert totals == [TINY_TOTAL, TINY_S1_AND_S2]
    assert found.stopped.startswith("no other plan")
    assert job.latest == JobProgress(jobs.PLANS, 0, 1)  # its last report: the one plan made
    assert job.label == "alternatives of tiny" and job.currency == "CNY"


def test_a_running_search_reports_its_step_and_solve_and_is_cancelled_alone(pool, tiny_plan):
    park = generate_park(150, 15, seed=2)
    options = solve_options(park, threads=1, time_limit_s=60, mip_gap=0.0)
    search = pool.submit_work(jobs.AlternativesWork(park, options, 0.02, 3, "cost"))
    other = pool.submit_work(jobs.whatif_work(tiny_plan, whatif_overrides(tiny_plan, ["E1"])))

    def solving() -> bool:
        latest = search.latest
        return (
            isinstance(latest, JobProgress)
            and latest.solve is not None
            and (latest.solve.gap is not None)
        )

    wait_until(solving, search)
    assert not search.done, "the search ended before its solver reported a gap"
    latest = search.latest
    assert (latest.step, latest.done, latest.total) == (jobs.LEAST_COST, 0, 3)
    objective, bound, gap = search.figures()
    assert bound <= objective + 1e-6 and gap >= 0
    assert "stopped" in pool.cancel(search)
    assert search.outcome().kind == "cancelled"
    assert search.future.result(timeout=DEADLINE_S).kind == "cancelled"
    assert gone(search.pid)  # ended and reaped: no orphan
    outcome = other.future.result(timeout=DEADLINE_S)  # the other job went on
    assert outcome.ok, outcome.message
    new, _ = outcome.value
    assert math.isclose(new.total_cost - tiny_plan.total_cost, E1_LEAVES, abs_tol=0.01)


def test_leave_one_out_in_a_process_counts_the_smes_and_gives_the_command_lines_table(
    pool, tiny_plan
):
    work = jobs.leave_one_out_work(tiny_plan)
    assert work.leavers == 2  # E1 and E2 share S1; E3 and E4 treat alone
    job = pool.submit_work(work)
    outcome = job.future.result(timeout=DEADLINE_S)
    assert outcome.ok, outcome.message
    assert job.latest == JobProgress(jobs.LEAVERS, 2, 2)
    expected = leave_one_out(tiny_plan, workers=1)
    pd.testing.assert_frame_equal(outcome.value, expected)
    assert gone(job.pid)


def test_a_cancelled_leave_one_out_leaves_no_process_and_the_pool_solves_again(pool):
    park = generate_park(150, 15, seed=2)
    plan = optimise(park, solve_options(park, threads=1, time_limit_s=30))
    job = pool.submit_work(jobs.LeaveOneOutWork(plan, solve_options(park, threads=1)))
    wait_until(lambda: isinstance(job.latest, JobProgress), job)
    assert not job.done
    assert job.latest.step == jobs.LEAVERS
    assert job.latest.total == members(plan)["enterprise"].nunique() > 2
    pid = job.pid
    pool.cancel(job)
    assert job.future.result(timeout=DEADLINE_S).kind == "cancelled"
    assert gone(pid)
    tiny = load_scenario(TINY)
    again = pool.submit(tiny, solve_options(tiny), None).future.result(timeout=DEADLINE_S)
    assert again.ok and math.isclose(again.plan.total_cost, TINY_TOTAL, abs_tol=0.01)

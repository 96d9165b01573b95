"""One wall-clock deadline per solve (:class:`optimizer.solvers.highs.Deadline`): HiGHS is stopped
from its interrupt callbacks when the deadline passes, whatever its own time limit says, and no
sub-solve of the heuristic is given more than the time left (no floor past the deadline).

No tight timing: the solves here would run a minute or more without the deadline, and are asked
to end within 20 s of a 3 s deadline, which holds on a busy machine too."""

from __future__ import annotations

import time

import numpy as np
import pytest

from optimizer.generate import generate_park
from optimizer.prepare import prepare
from optimizer.solvers.highs import Deadline, load, make_highs, read_result
from optimizer.solvers.matrix import build_matrix
from optimizer.solvers.types import SolveOptions
from optimizer.solvers.warmstart import _highs, find_start, improve_by_regions, restricted_start

#: Seconds a solve may take past a 3 s deadline here (the solves would run 60 s without it).
SLACK_S = 20.0


@pytest.fixture(scope="module")
def matrix():
    """A park HiGHS does not prove optimal (gap 0) within a minute on this machine."""
    return build_matrix(prepare(generate_park(1000, 50, seed=1)))


def test_the_deadline_stops_a_search_whose_own_limit_is_far_beyond_it(matrix):
    highs = load(
        make_highs(SolveOptions(time_limit_s=60.0, mip_gap=0.0, threads=1)), matrix.to_lp()
    )
    deadline = Deadline.after(3.0)
    stopped = deadline.watch(highs)
    began = time.perf_counter()
    highs.run()
    took = time.perf_counter() - began
    report, _ = read_result(highs, True, took, 0.0, "highs", stopped)
    assert took < 3.0 + SLACK_S, f"ran {took:.1f} s past a 3 s deadline"
    assert stopped.is_set() and report.stopped_at_deadline
    assert report.termination == "time limit" and report.status == "time limit"
    assert report.time_limit_s == 60.0  # HiGHS's own limit did not stop it


def test_a_sub_solve_is_never_given_more_than_the_time_left():
    options = SolveOptions(time_limit_s=30.0)
    for left in (0.0, 0.4, 12.0):
        highs = _highs(options, None, Deadline.after(left))
        given = highs.getOptionValue("time_limit")[1]
        assert given <= left + 1e-9, (left, given)
    assert _highs(options, None, Deadline.after(100.0)).getOptionValue("time_limit")[1] == 30.0


def test_no_heuristic_step_runs_once_the_deadline_has_passed(matrix):
    over = Deadline.after(-1.0)
    options = SolveOptions(time_limit_s=600.0, threads=1)
    began = time.perf_counter()
    first = restricted_start(matrix, options, deadline=over)
    assert first.x is None and first.how == "no time left for the LP relaxation"
    assert find_start(matrix, options, share=1.0, deadline=over).x is None
    x = np.zeros(matrix.n_cols)
    same, _ = improve_by_regions(matrix, x, options, budget_s=0.0, side=2)
    assert same is x
    assert time.perf_counter() - began < SLACK_S  # nothing was solved (a sub-solve takes 1 s+)


def test_the_heuristic_ends_by_its_deadline(matrix):
    """Given 600 s of time limit but a 3 s deadline, the restricted MIP and the region passes end
    by it (before, each sub-solve had a floor of 1 s and a region 30 s whatever was left)."""
    options = SolveOptions(time_limit_s=600.0, threads=1)
    began = time.perf_counter()
    find_start(matrix, options, share=1.0, deadline=Deadline.after(3.0))
    assert time.perf_counter() - began < 3.0 + SLACK_S

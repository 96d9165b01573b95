"""The search and the heuristic side by side (``threads >= 2`` on a large MIP): the same optimum,
an early stop once the better of the two plans is within the gap, and a stop signal HiGHS obeys."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from optimizer.generate import generate_park
from optimizer.prepare import prepare
from optimizer.solvers.highs import interrupt_when, make_highs
from optimizer.solvers.matrix import build_matrix
from optimizer.solvers.matrix_route import solve_matrix
from optimizer.solvers.types import SolveOptions
from optimizer.solvers.warmstart import Watch


@pytest.fixture(scope="module")
def park():
    """``tests/test_warmstart.py``'s park, as there without the strong-linking rows (``auto`` adds
    them to it; its gap-0 search then takes longer: docs/model.md, "The ``auto`` rule")."""
    return prepare(
        generate_park(120, 12, seed=2).with_overrides({"solver.strong_linking": "never"})
    )


def test_side_by_side_proves_the_same_optimum(park):
    exact = SolveOptions(time_limit_s=120, mip_gap=0.0, heuristic="on")
    alone = solve_matrix(park, exact)
    together = solve_matrix(
        park, SolveOptions(time_limit_s=120, mip_gap=0.0, heuristic="on", threads=2)
    )
    assert alone.report.status == together.report.status == "optimal"
    assert together.report.objective == pytest.approx(alone.report.objective, rel=1e-9)
    assert together.report.start.startswith("side by side with the search")


def test_side_by_side_stops_once_within_the_gap():
    """With a 5 % gap the search is stopped as soon as the better plan of the two sides is within
    5 % of the search's bound (here within a second or two, usually on the heuristic's plan); the
    gap reported is computed from the plan returned and that bound, and the plan costs what the
    report says."""
    data = prepare(generate_park(600, 30, seed=3))
    options = SolveOptions(time_limit_s=120, mip_gap=0.05, heuristic="on", threads=2)
    solution = solve_matrix(data, options)
    report = solution.report
    assert report.status == "optimal within gap"
    assert report.gap == pytest.approx((report.objective - report.bound) / report.objective)
    assert 0 <= report.gap <= 0.05
    matrix = build_matrix(data)
    cost = np.concatenate(matrix.cost)
    x = np.zeros(matrix.n_cols)
    for name, block in matrix.blocks.items():
        values = solution.values[name]
        x[block.start : block.start + block.size] = [values[k] for k in block.keys.tolist()]
    assert cost @ x == pytest.approx(report.objective, rel=1e-9)


def test_a_set_event_interrupts_highs(park):
    matrix = build_matrix(park)
    highs = make_highs(SolveOptions(time_limit_s=120, mip_gap=0.0))
    highs.passModel(matrix.to_lp())
    stop = threading.Event()
    stop.set()
    interrupt_when(highs, stop)
    highs.run()
    assert highs.getModelStatus().name == "kInterrupt"


def test_watch_keeps_the_best_plan():
    watch = Watch()
    assert watch.best() == (None, float("inf"))
    watch.post(np.array([1.0]), 10.0)
    watch.post(np.array([2.0]), 12.0)
    x, objective = watch.best()
    assert objective == 10.0 and x.tolist() == [1.0]


def test_an_abort_stops_the_search(park):
    """What the side-by-side solve does when the heuristic fails or the user presses Ctrl+C."""
    from optimizer.solvers.parallel_search import _connect

    highs = make_highs(SolveOptions(time_limit_s=120, mip_gap=0.0))
    highs.passModel(build_matrix(park).to_lp())
    abort = threading.Event()
    abort.set()
    _connect(highs, Watch(), 0.0, abort)
    highs.run()
    assert highs.getModelStatus().name == "kInterrupt"

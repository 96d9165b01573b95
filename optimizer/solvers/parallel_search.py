"""HiGHS's search and the heuristic first plan side by side, one core each.

On a large MIP solved with two or more threads, the heuristic of :mod:`optimizer.solvers.warmstart`
does not run first and hand over: both start at once, in two threads (HiGHS releases the interpreter
while it solves):

- the **search**: HiGHS on the whole model with one thread, raising the bound;
- the **heuristic**: the LP-guided restricted MIP, then fix-and-optimise by region until the time
  is up, posting each better plan.

HiGHS takes the posted plan as its incumbent whenever it asks for one (during its root node), and
its interrupt callback stops the search as soon as the best plan of either side is within the gap
of the search's bound. The answer is the better of the two plans with the search's bound, and the
gap is computed from them, as for any other solve.

Both sides end by one wall-clock deadline, the solve's start plus its time limit
(:class:`~optimizer.solvers.highs.Deadline`): the search's HiGHS and every sub-solve of the
heuristic are interrupted from their callbacks when it passes, whatever HiGHS's own limit says, so
the wait for the search at the end is short. When the plan may need the exact-loads re-solve, the
deadline is the limit less its reserve until a checkpoint finds the best plan of either side
within every cap (:mod:`optimizer.solvers.reserve`); HiGHS's own limit is the whole limit, and
each sub-solve of the heuristic is given what is left of the deadline as it is then.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import Any

import highspy
import numpy as np

from .highs import Deadline, load, make_highs, read_result
from .matrix_model import MatrixModel
from .progress import ProgressLog, follow
from .reserve import Checkpoint
from .types import Solution, SolveOptions, classify, relative_gap, with_plan
from .warmstart import Watch, find_start


def solve_side_by_side(
    matrix: MatrixModel,
    lp: highspy.HighsLp,
    options: SolveOptions,
    start: float,
    deadline: Deadline,
    checkpoint: Checkpoint | None = None,
) -> Solution:
    """Run the search and the heuristic side by side until the gap is met or ``deadline`` comes
    (``start``: when the solve began, by :func:`time.perf_counter`); with a ``checkpoint``, the
    plans of both sides are offered to it, and it chooses the answer
    (:mod:`optimizer.solvers.reserve`)."""
    one_core = replace(options, threads=1)
    left = deadline.most_left()  # the deadline stops both sides earlier while it stays early
    highs = load(make_highs(replace(one_core, time_limit_s=left)), lp)
    at_deadline = deadline.watch(highs)
    watch, abort = Watch(better=None if checkpoint is None else checkpoint.offer), threading.Event()
    _connect(highs, watch, options.mip_gap, abort)
    log = ProgressLog(start, options.on_progress, other_best=lambda: watch.best()[1])
    follow(highs, log)
    if checkpoint is not None:
        checkpoint.log = log
        checkpoint.follow(highs)
    handover = time.perf_counter() - start

    def search() -> None:
        try:
            highs.run()
        finally:
            watch.stop.set()

    searching = threading.Thread(target=search, name="highs-search", daemon=True)
    searching.start()
    try:
        first = find_start(
            matrix, replace(one_core, time_limit_s=left), share=1.0, watch=watch, deadline=deadline
        )
    except BaseException:  # an error or Ctrl+C in the heuristic stops the search too
        abort.set()
        raise
    finally:
        searching.join()
    seconds = time.perf_counter() - start
    report, x = read_result(highs, True, seconds, handover, options.solver, at_deadline)
    found, objective = watch.best()
    if found is not None and (report.objective is None or objective < report.objective):
        x, report = found, with_plan(report, objective, options.mip_gap)
    elif report.termination == "interrupted":  # stopped by _connect: HiGHS's own plan met the gap
        report = replace(
            report, termination="optimal", status=classify("optimal", True, report.gap, True)
        )
    by_heuristic = found is not None and objective <= report.objective + 1e-9 * abs(objective)
    side = "the heuristic's" if by_heuristic else "HiGHS's"
    if checkpoint is not None and report.has_solution:
        answered, report = checkpoint.answer(x, report, options.mip_gap)
        side = side if answered is x else "the best found within every cap"
        x = answered
    report = replace(
        report,
        start=f"side by side with the search, {first.how}; final plan: {side}",
        history=log.history(),
    )
    return Solution(report, matrix.values(x) if report.has_solution else {})


def _connect(highs: highspy.Highs, watch: Watch, mip_gap: float, abort: threading.Event) -> None:
    """Hand the heuristic's plans to HiGHS when it asks, and stop it once the gap is met (or at
    once when ``abort`` is set)."""

    def offer(event: Any) -> None:
        x, objective = watch.best()
        if x is not None and objective < event.data_out.mip_primal_bound:
            event.data_in.setSolution(np.asarray(x, dtype=float))

    def enough(event: Any) -> None:
        if abort.is_set():
            event.interrupt()
            return
        _, objective = watch.best()
        primal = min(objective, event.data_out.mip_primal_bound)
        gap = relative_gap(primal, event.data_out.mip_dual_bound)
        if gap is not None and gap <= mip_gap:
            event.interrupt()

    highs.cbMipUserSolution.subscribe(offer)
    highs.cbMipInterrupt.subscribe(enough)

"""The default route (``highs``): the formulation as sparse arrays (:mod:`optimizer.solvers.matrix`)
straight into HiGHS with ``passModel`` — the fastest, no Python object per term, and no Pyomo.

On a large MIP the heuristic of :mod:`optimizer.solvers.warmstart` first finds a plan that HiGHS
starts from, or, with two or more threads, runs beside HiGHS's search
(:mod:`optimizer.solvers.parallel_search`). A ``warm_start`` from an earlier plan is handed to HiGHS
as a partial start instead. This module only decides which and solves; building is
:mod:`optimizer.solvers.matrix`'s, because the heuristics build one model and re-solve pieces of it.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import replace

from ..prepare import ModelData
from .highs import Deadline, load, make_highs, read_result, set_start
from .matrix import build_matrix
from .parallel_search import solve_side_by_side
from .progress import ProgressLog, follow
from .reserve import checkpoint_of
from .types import Solution, SolveOptions
from .warmstart import find_start, wanted


def solve_matrix(
    data: ModelData,
    options: SolveOptions,
    elastic: bool | Collection[str] = False,
    keep_reserve: bool = False,
) -> Solution:
    """Build the arrays, hand them to HiGHS (with a first plan when there is one), solve, read.
    ``elastic``: the slacks of :func:`~optimizer.solvers.matrix.build_matrix` (no heuristic, no
    warm start: the plan sought is the smallest relaxation, not a cheap plan). ``keep_reserve``:
    the plan may need a re-solve, whose time is kept while the best plan may need it
    (:mod:`optimizer.solvers.reserve`)."""
    start = time.perf_counter()
    matrix = build_matrix(data, elastic)
    if matrix.slacks:
        options = replace(options, heuristic="off", warm_start=None)
    lp = matrix.to_lp(relax=options.relax)
    is_mip = matrix.is_mip and not options.relax
    heuristic = wanted(matrix, options)
    deadline = Deadline(start + options.time_limit_s)  # the one deadline of this solve
    checkpoint = checkpoint_of(
        matrix, deadline, start, options.time_limit_s, keep_reserve and is_mip
    )
    if heuristic and options.threads >= 2:
        return solve_side_by_side(matrix, lp, options, start, deadline, checkpoint)
    first = find_start(matrix, options, deadline=deadline) if heuristic else None
    highs = load(make_highs(replace(options, time_limit_s=deadline.most_left())), lp)
    at_deadline = deadline.watch(highs)
    log = ProgressLog(start, options.on_progress)
    follow(highs, log)
    if checkpoint is not None:
        checkpoint.log = log
        checkpoint.follow(highs)
        if first is not None and first.x is not None:
            checkpoint.offer(first.x, float(first.objective))
    if options.warm_start and is_mip:
        columns, values = matrix.partial_start(dict(options.warm_start))
        highs.setSolution(len(columns), columns, values)  # HiGHS completes a partial start
    elif first is not None and first.x is not None:
        set_start(highs, first.x)
    handover = time.perf_counter() - start
    highs.run()
    seconds = time.perf_counter() - start
    report, x = read_result(highs, is_mip, seconds, handover, options.solver, at_deadline)
    if checkpoint is not None:
        x, report = checkpoint.answer(x, report, options.mip_gap)
    report = replace(report, history=log.history())
    if first is not None:
        found = f"{first.objective:,.2f}" if first.objective is not None else "no plan"
        report = replace(report, start=f"{first.how}: {found} in {first.seconds:.1f} s")
    return Solution(report, matrix.values(x) if report.has_solution else {})

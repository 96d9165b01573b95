"""The one way in: :func:`solve_instance` builds the instance the way the chosen route needs it,
and solves it.

Routes (measured in ``docs/model.md``; names in :data:`~optimizer.solvers.types.ROUTES`):

- ``highs`` (default): :mod:`optimizer.solvers.matrix_route` — the formulation as sparse arrays,
  handed to HiGHS with ``highspy.Highs.passModel``: the fastest, no Python object per term;
- ``highs-standard-form``: the Pyomo model of :mod:`optimizer.solvers.pyomo_model` (the reference)
  compiled by Pyomo's ``LinearStandardFormCompiler`` and handed over with ``passModel``;
- ``highs-appsi``, ``highs-pyomo`` and any other Pyomo solver name (``cbc``, ``gurobi``,
  ``glpk``...) through Pyomo (:mod:`optimizer.solvers.pyomo_routes`).
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from ..prepare import ModelData
from .highs import Deadline, quiet_highs
from .loads import first_pass, follow_loads, may_resolve
from .matrix_route import solve_matrix
from .types import ProgressCallback, Solution, SolveOptions, SolveProgress


def solve_instance(
    data: ModelData, options: SolveOptions | None = None, elastic: bool | Collection[str] = False
) -> Solution:
    """Build the instance the way the chosen route needs it, and solve it. ``elastic``: the model
    with penalised slacks (see :mod:`optimizer.solvers.pyomo_model`): ``True`` for every rule
    that has one, or the names of the slacks wanted
    (:data:`~optimizer.solvers.formulation.ELASTIC_SLACKS`); both builders make it.

    A plan whose exact loads break a cap is solved again in the time kept for it
    (:func:`~optimizer.solvers.loads.follow_loads`): the default route keeps that time only while
    its best plan may need it (:mod:`optimizer.solvers.reserve`); the Pyomo routes and an LP
    relaxation keep it from the start (:func:`~optimizer.solvers.loads.first_pass`)."""
    options = options or SolveOptions()
    quiet_highs()  # HiGHS's banner is printed once per process, muted here whatever the route
    deadline = Deadline.after(options.time_limit_s)
    if options.solver == "highs" and not options.relax:  # the reserve kept while it may be needed
        solution = solve_matrix(data, options, elastic, keep_reserve=may_resolve(data))
    else:
        solution = _solve_once(data, first_pass(data, options), elastic)
    told = options.on_progress

    def again(kept: ModelData, start: Mapping[str, Mapping[Any, float]], why: str) -> Solution:
        on_progress = None if told is None else _noted(told, solution.report.seconds, why)
        left = replace(options, time_limit_s=deadline.left(), warm_start=start)
        return _solve_once(kept, replace(left, on_progress=on_progress), elastic)

    return follow_loads(data, solution, again, told)


def _noted(told: ProgressCallback, offset: float, note: str) -> ProgressCallback:
    """The re-solve's progress, timed from the first solve's start and saying why it runs."""

    def tell(progress: SolveProgress) -> None:
        told(replace(progress, seconds=progress.seconds + offset, note=note))

    return tell


def _solve_once(
    data: ModelData, options: SolveOptions, elastic: bool | Collection[str]
) -> Solution:
    if options.solver == "highs":
        return solve_matrix(data, options, elastic)
    # lazy: Pyomo is imported only here, on the first solve by a Pyomo route: it adds about half a
    # second (0.45 s measured, cold) to every start of the library, the command line and the app.
    from .pyomo_model import build_model
    from .pyomo_routes import solve

    start = time.perf_counter()
    built = build_model(data, elastic=elastic)
    seconds_to_build = time.perf_counter() - start
    left = max(0.0, options.time_limit_s - seconds_to_build)  # the limit covers the build too
    solution = solve(built, replace(options, time_limit_s=left))
    report = solution.report
    handover = report.handover_seconds + seconds_to_build
    given = report.time_limit_s if report.time_limit_s is not None else left
    return Solution(replace(report, handover_seconds=handover, time_limit_s=given), solution.values)

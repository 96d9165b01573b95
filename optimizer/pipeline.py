"""One recipe from scenario to plan: check, prepare, build, solve, extract (and allocate)."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from typing import Any

from .allocation import allocate
from .checks import require_valid
from .diagnosis import InfeasibleError, explain_infeasible
from .extract import extract_plan, plan_start
from .origin import Origin
from .plan import Plan
from .prepare import ModelData, prepare
from .scenario import Scenario, load_scenario
from .solvers.dispatch import solve_instance
from .solvers.types import SolveOptions, SolverError, SolverReport, available_cores
from .words.said import said

INFEASIBLE = ("infeasible", "infeasible or unbounded")

#: Cost-sharing rule used unless another is asked for (see docs/cost-allocation.md).
DEFAULT_RULE = "stable"

#: The share of the time limit kept for what follows the solver (reading the plan, sharing the
#: costs): the solver gets the rest, less what checking, preparing and building took.
AFTER_SOLVE_SHARE = 0.05


def solver_time_limit(time_limit_s: float, spent_s: float) -> float:
    """What the solver may use of the user's ``time_limit_s`` after ``spent_s`` seconds of the
    wait have gone (the limit is the whole wait: prepare, build, solve, extract, allocate).

    >>> solver_time_limit(100.0, 2.0)
    93.0
    >>> solver_time_limit(10.0, 12.0)
    0.0
    """
    return max(0.0, time_limit_s * (1.0 - AFTER_SOLVE_SHARE) - spent_s)


def solve_options(scenario: Scenario, **overrides: Any) -> SolveOptions:
    """Solver options from the scenario's ``solver`` settings, overridden where given (not None).

    Raises
    ------
    ScenarioError
        A solver setting that cannot be used (``time_limit_s: 10s``): every problem of the
        scenario, as :func:`require_valid` lists them.
    """
    settings = scenario.config["solver"]
    try:
        options = SolveOptions(
            solver=str(settings["name"]),
            time_limit_s=float(settings["time_limit_s"]),
            mip_gap=float(settings["mip_gap"]),
            threads=int(settings.get("threads", available_cores())),
            seed=int(settings["seed"]),
        )
    except (TypeError, ValueError, OverflowError):
        require_valid(scenario)  # names the setting, its line and what was expected
        raise
    return replace(options, **{k: v for k, v in overrides.items() if v is not None})


def optimise(
    scenario: Scenario | str | os.PathLike,
    options: SolveOptions | None = None,
    variant: str | None = None,
    allocation: str | None = DEFAULT_RULE,
    warm_start: Plan | None = None,
    origin: Origin | None = None,
    started_at: float | None = None,
) -> Plan:
    """Least-cost plan of a scenario (or of the scenario at a path, with an optional variant),
    with what each SME pays under the ``allocation`` rule (None: no SME statement). An earlier
    ``warm_start`` plan (of this scenario, or of a version of it) is the solver's first incumbent.
    ``origin`` says where the scenario came from and what was edited in it since it was opened
    (:mod:`optimizer.origin`); the plan's label and file names say so (``park + 3 edits``).

    The options' time limit is the whole wait, from ``started_at`` (a :func:`time.perf_counter`
    reading: when the user asked; default now) to the plan with its cost shares: the solver is
    given what is left of it after checking, preparing and building, less
    :data:`AFTER_SOLVE_SHARE` of it kept for reading the plan and sharing the costs; a facility
    whose exact coalition checks would end after the limit is split by the rule's own shares and
    marked not checked (:func:`~optimizer.allocation.allocate`, ``deadline``). The plan
    records the user's limit in its options and the solver's in ``plan.solver["time_limit_s"]``.

    Raises
    ------
    ScenarioError
        The scenario has errors (every one listed).
    InfeasibleError
        No plan meets every rule; the problems say which rule had to give in an elastic re-solve.
    SolverError
        The solver failed or stopped without any plan (e.g. time limit before a first plan).
    """
    started = time.perf_counter() if started_at is None else started_at
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario, variant)
    options = options or solve_options(scenario)
    clock = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = now - clock
        clock = now

    require_valid(scenario)
    lap("check")
    data = prepare(scenario)
    if warm_start is not None:
        options = replace(options, warm_start=plan_start(warm_start, data))
    lap("prepare")
    # the solver's limit also covers building its model: the routes subtract that themselves
    budget = solver_time_limit(options.time_limit_s, time.perf_counter() - started)
    solution = solve_instance(data, replace(options, time_limit_s=budget))  # build, then solve
    lap("solve")
    if budget <= 0 and not solution.report.has_solution:  # (a start given is still a plan)
        spent = timings["check"] + timings["prepare"]
        limit = f"{options.time_limit_s:g}"
        raise SolverError(
            said("failure.time_used", limit=limit, spent=f"{spent:.1f}", flag="--time-limit")
        )
    _require_a_plan(solution.report, scenario, data, options)
    timings["build_and_handover"] = solution.report.handover_seconds
    plan = extract_plan(scenario, data, solution, options, timings, origin)
    lap("extract")
    if allocation:
        deadline = started + options.time_limit_s  # the allocation may use what is left
        plan = allocate(plan, allocation, scenario=scenario, data=data, deadline=deadline)
        lap("allocate")
    return replace(plan, provenance={**plan.provenance, "timings_s": timings})


def _require_a_plan(
    report: SolverReport, scenario: Scenario, data: ModelData, options: SolveOptions
) -> None:
    """Raise, in words, when the solver ended without any plan (see :func:`optimise`)."""
    if report.has_solution:
        return
    if report.status in INFEASIBLE:
        raise InfeasibleError(explain_infeasible(scenario, data, options))
    raise SolverError(
        said(
            "failure.no_plan",
            solver=report.solver,
            status=report.status,
            seconds=f"{report.seconds:.1f}",
            time_flag="--time-limit",
            gap_flag="--gap",
        )
    )

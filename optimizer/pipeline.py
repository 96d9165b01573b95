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

#: The most of the time limit kept for what follows the solver (reading the plan, sharing the
#: costs), as a share of it: what was kept, flat, before the reserve followed the park's size.
AFTER_SOLVE_SHARE = 0.05
#: Seconds kept after the solve whatever the park's size (:func:`after_solve_reserve`).
AFTER_SOLVE_FLOOR_S = 2.0
#: Seconds kept after the solve per SME of the scenario (:func:`after_solve_reserve`).
AFTER_SOLVE_PER_SME_S = 0.0016


def after_solve_reserve(time_limit_s: float, smes: int) -> float:
    """Seconds of the user's ``time_limit_s`` kept for reading the plan and sharing the costs of
    a park of ``smes`` SMEs: ``min(5% of the limit, 2 s + 1.6 ms x SMEs)``.

    What the two steps took (extract + allocate with the default ``stable`` rule) on generated
    parks (``generate_park(n, sites, seed=0)``) solved to about a 1% gap: 200 SMEs (10 sites)
    0.09 + 0.47 s and 1,000 (50 sites) 0.16 + 1.24 s (extract's wall and the cost sharing's CPU
    seconds, load 1.5-1.8 on 2 cores); 5,000 (200 sites, after a 300 s solve on 2 threads) 0.4 +
    4.7 s on a quiet machine, 1.6 + 8.0 s at load 2.3 -> 7.4 and 1.1 + 10.1 s at load 1.8 -> 4.1
    (docs/model.md). Quiet, about 0.3 s + 1 ms per SME; the floor and the rate leave a margin of
    about 2x for a busy machine: 10 s for 5,000 SMEs (5.1 s quiet, 9.6 s and 11.2 s busy: there
    the last facilities played would be split unchecked), 3.6 s for 1,000 (1.4 s quiet), 2.32 s
    for 200 (0.56 s). A plan far from the optimum can need far more (a facility whose core is
    empty: 16 s alone on a 2,000-SME plan at a 2.7% gap); the cost sharing then uses whatever is
    left of the limit, and a facility whose checks would end after it is split by the rule's own
    shares and marked not checked (:func:`~optimizer.allocation.allocate`, ``deadline``). Never
    more than :data:`AFTER_SOLVE_SHARE` of the limit (what was kept before), so that the solver
    gets at least what it got then.

    >>> after_solve_reserve(300.0, 5000)  # 2 + 1.6 ms x 5,000 = 10 s, not 15 s (5% of 300)
    10.0
    >>> round(after_solve_reserve(300.0, 200), 2)  # 2 + 0.32
    2.32
    >>> after_solve_reserve(20.0, 5000)  # 5% of 20 s is less than 10 s
    1.0
    """
    return min(AFTER_SOLVE_SHARE * time_limit_s, AFTER_SOLVE_FLOOR_S + AFTER_SOLVE_PER_SME_S * smes)


def solver_time_limit(time_limit_s: float, spent_s: float, reserve_s: float) -> float:
    """What the solver may use of the user's ``time_limit_s`` after ``spent_s`` seconds of the
    wait have gone (the limit is the whole wait: prepare, build, solve, extract, allocate) and
    with ``reserve_s`` kept for what follows the solve (:func:`after_solve_reserve`).

    >>> solver_time_limit(100.0, 2.0, 5.0)
    93.0
    >>> solver_time_limit(10.0, 12.0, 0.5)
    0.0
    """
    return max(0.0, time_limit_s - reserve_s - spent_s)


def smes_of(data: ModelData) -> int:
    """How many SMEs a prepared scenario has (the size :func:`after_solve_reserve` follows)."""
    return int(data.demands["enterprise"].nunique())


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
    given what is left of it after checking, preparing and building, less what
    :func:`after_solve_reserve` keeps for reading the plan and sharing the costs (it follows the
    park's size, and is at most :data:`AFTER_SOLVE_SHARE` of the limit); a facility
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
    reserve = after_solve_reserve(options.time_limit_s, smes_of(data))
    budget = solver_time_limit(options.time_limit_s, time.perf_counter() - started, reserve)
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

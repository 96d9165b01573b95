"""The work of one case: what a worker receives and returns, and the solve itself.

Runs in a worker process or on a Dask worker: it receives a resolved :class:`Scenario` and
:class:`SolveOptions` and returns a :class:`Plan` or an error record, never a Pyomo object, and
never writes a file.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..diagnosis import InfeasibleError
from ..pipeline import optimise
from ..plan import Plan
from ..problems import ScenarioError
from ..scenario import Scenario
from ..solvers.types import SolveOptions, SolveProgress, SolverError
from .result import CaseProgress

FAILED = "failed"
INFEASIBLE = "infeasible"


@dataclass(frozen=True)
class Task:
    """What a worker receives: the resolved scenario, how to solve it, which sharing rule, and an
    earlier plan to start from (a what-if's)."""

    case_id: str
    scenario: Scenario
    options: SolveOptions
    allocation: str | None
    warm_start: Plan | None = None


@dataclass(frozen=True)
class Outcome:
    """What a worker returns: a plan, or the status and message of a failure (never both)."""

    case_id: str
    plan: Plan | None
    status: str
    message: str = ""
    seconds: float = 0.0
    problems: tuple[dict[str, Any], ...] = ()


def problems_message(error: ScenarioError, limit: int = 3) -> str:
    """The errors of a :class:`ScenarioError` in one line (the first ``limit``, then a count).

    >>> from optimizer.problems import Problem
    >>> error = ScenarioError([Problem("tiers.csv", "capex_cny", "a number")] * 3)
    >>> problems_message(error, limit=1)
    'tiers.csv, capex_cny: found nothing, expected a number; and 2 more'
    """
    errors = error.errors or error.problems
    text = "; ".join(str(p) for p in errors[:limit])
    if len(errors) > limit:
        text += f"; and {len(errors) - limit} more"
    return text


def error_outcome(case_id: str, error: BaseException, seconds: float = 0.0) -> Outcome:
    """A failed case from the exception that stopped it."""
    if isinstance(error, InfeasibleError):
        message = "no plan meets every rule: " + problems_message(error)
        problems = tuple(p.as_dict() for p in error.problems)
        return Outcome(case_id, None, INFEASIBLE, message, seconds, problems)
    if isinstance(error, ScenarioError):
        problems = tuple(p.as_dict() for p in error.problems)
        return Outcome(case_id, None, FAILED, problems_message(error), seconds, problems)
    if isinstance(error, SolverError):
        return Outcome(case_id, None, FAILED, str(error), seconds)
    where = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    place = f" at {Path(where[0].filename).name}:{where[0].lineno}" if where else ""
    message = f"internal error: {type(error).__name__}: {error}{place} (please report this)"
    return Outcome(case_id, None, FAILED, message, seconds)


def solve_case(task: Task, on_progress: Callable[[CaseProgress], None] | None = None) -> Outcome:
    """Solve one case; every failure comes back as an :class:`Outcome`, never as an exception.

    ``on_progress``, when given, is told where the search stands every few seconds (from the
    solver's thread), timed from the start of the case."""
    start = time.perf_counter()
    options = task.options
    if on_progress is not None:
        currency = str(task.scenario.config.get("currency") or "")

        def tell(progress: SolveProgress) -> None:
            seconds = time.perf_counter() - start
            on_progress(
                CaseProgress(
                    task.case_id,
                    seconds,
                    progress.objective,
                    progress.bound,
                    currency,
                    progress.note,
                )
            )

        options = replace(options, on_progress=tell)
    try:
        plan = optimise(
            task.scenario, options, allocation=task.allocation, warm_start=task.warm_start
        )
    except Exception as error:
        return error_outcome(task.case_id, error, time.perf_counter() - start)
    seconds = time.perf_counter() - start
    return Outcome(task.case_id, plan, str(plan.solver.get("status")), seconds=seconds)

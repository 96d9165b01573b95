"""What a job of the app gives (:class:`Outcome`), what a job is (:class:`Work`: a solve, or an
Explore page's search), and the life of a job's own process.

A :class:`Work` is a picklable value that runs in a process of
:class:`optimizer.ui.worker.SolvePool` (:func:`work_in_process`) or, in the tests, in the page's
own process: :meth:`Work.run` is told where to send its progress and returns an :class:`Outcome`.
:func:`outcome_of` turns every way a job can end into an outcome, so errors cross the process
boundary whole instead of as tracebacks. :class:`SolveWork` is the Solve page's solve; the Explore
page's jobs are in :mod:`optimizer.ui.jobs`. Nothing here imports Streamlit.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import Any, Protocol

from ..batch.pool import die_with_parent, watch_parent
from ..diagnosis import InfeasibleError
from ..origin import Origin, plan_label
from ..pipeline import optimise
from ..plan import Plan
from ..problems import Problem, ScenarioError
from ..scenario import Scenario
from ..solvers.types import SolveOptions, SolveProgress, SolverError
from ..words.said import Said, said

LOG = logging.getLogger(__name__)

#: Told what a running job reports (a :class:`SolveProgress`, or a :class:`JobProgress`).
Tell = Callable[[Any], None]


@dataclass(frozen=True)
class Outcome:
    """What a job gave: a plan (a solve), a value (a search's result), or why there is none.

    ``kind`` is ``done``, ``invalid`` (the scenario has errors), ``infeasible`` (no plan meets
    every rule; ``problems`` say which rule had to give), ``solver`` (the solver failed or stopped
    without a plan), ``cancelled`` or ``failed`` (an unexpected error, or the job's process
    ended without an answer; ``message`` names it).
    """

    kind: str
    plan: Plan | None = None
    message: str = ""
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    value: Any = None

    @property
    def ok(self) -> bool:
        return self.kind == "done" and (self.plan is not None or self.value is not None)


@dataclass(frozen=True)
class JobProgress:
    """Where a job of several steps stands: its ``step`` (a word of the job's own, such as
    ``search``), ``done`` of ``total`` (alternatives found of those asked for, SMEs re-solved of
    all), and the running solve's last report (None: none yet)."""

    step: str
    done: int = 0
    total: int = 0
    solve: SolveProgress | None = None


class Work(Protocol):
    """A job the pool runs: its label, its time budget (the watchdog's base), the currency its
    progress is said in, and :meth:`run`."""

    label: str
    time_limit_s: float
    currency: str

    def run(self, tell: Tell) -> Outcome:
        """Do the job, telling ``tell`` where it stands; never raise (see :func:`outcome_of`)."""
        ...


def outcome_of(work: Callable[[], Any], label: str, plan: bool = False) -> Outcome:
    """Run ``work`` and return its outcome: ``done`` with what it gave (as the outcome's plan
    when ``plan``, else its value), or why there is none; never raises for a scenario or solver
    problem (an unexpected error is said in words, its traceback goes to the log)."""
    start = time.perf_counter()

    def took() -> float:
        return time.perf_counter() - start

    try:
        gave = work()
    except InfeasibleError as error:
        return Outcome("infeasible", None, error.summary(), error.errors, took())
    except ScenarioError as error:
        return Outcome("invalid", None, error.summary(), error.problems, took())
    except SolverError as error:
        return Outcome("solver", None, solver_words(error), (), took())
    except Exception as error:  # shown to the user in words; the traceback goes to the log
        LOG.exception("the job %s failed", label)
        crashed = said("failure.crashed", kind=type(error).__name__, error=str(error))
        return Outcome("failed", None, crashed, (), took())
    if plan:
        return Outcome("done", gave, "", (), took())
    return Outcome("done", None, "", (), took(), gave)


def solve_outcome(
    scenario: Scenario,
    options: SolveOptions,
    allocation: str | None = None,
    origin: Origin | None = None,
) -> Outcome:
    """Solve and return the outcome; never raises for a scenario or solver problem. ``origin``
    (the source and the edits made in the app) goes into the plan's label and provenance."""
    return outcome_of(
        lambda: optimise(scenario, options, allocation=allocation, origin=origin),
        scenario.label,
        plan=True,
    )


@dataclass(frozen=True)
class SolveWork:
    """The Solve page's job: one solve (the arguments of :func:`solve_outcome`)."""

    scenario: Scenario
    options: SolveOptions
    allocation: str | None = None
    origin: Origin | None = None

    @property
    def label(self) -> str:
        if self.origin is not None and self.origin.label:
            return self.origin.label  # made in the language shown
        return plan_label(self.scenario.label, len(self.origin.edits) if self.origin else 0)

    @property
    def time_limit_s(self) -> float:
        return self.options.time_limit_s

    @property
    def currency(self) -> str:
        return str(self.scenario.config["currency"])

    def run(self, tell: Tell) -> Outcome:
        options = replace(self.options, on_progress=tell)
        return solve_outcome(self.scenario, options, self.allocation, self.origin)


def work_in_process(work: Work, results: Connection, alive: Connection) -> None:
    """A job's process: run ``work``, sending each progress report and then the outcome
    through ``results``. It ignores Ctrl+C (the terminal sends it to every process of the app;
    the app decides) and ends when the pool's end of ``alive`` closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    threading.Thread(target=watch_parent, args=(alive,), daemon=True).start()
    sending = threading.Lock()  # progress comes from the solver's thread

    def told(progress: Any) -> None:
        with sending, contextlib.suppress(OSError):
            results.send(progress)

    outcome = work.run(told)
    with sending:
        try:
            results.send(outcome)
        except Exception as error:  # the result could not be pickled: say so instead
            unsent = replace(outcome, kind="failed", plan=None, value=None, message=_unsent(error))
            results.send(unsent)


def _unsent(error: Exception) -> str:
    return said("failure.unsent", kind=type(error).__name__, error=str(error))


def solver_words(error: SolverError) -> str:
    """What a solver error says, kept sayable in any language when it was made of catalogue
    messages (``str(error)`` would keep the English only)."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, Said) else str(error)

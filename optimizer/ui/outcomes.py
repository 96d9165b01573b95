"""What a solve in the app gives (:class:`Outcome`), and the life of a solve's own process.

:func:`solve_outcome` solves and turns every way a solve can end into an :class:`Outcome`, so
errors cross the process boundary whole instead of as tracebacks; :func:`solve_in_process` is what
a process of :class:`optimizer.ui.worker.SolvePool` runs. Nothing here imports Streamlit.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import Any

from ..batch.pool import die_with_parent, watch_parent
from ..diagnosis import InfeasibleError
from ..origin import Origin
from ..pipeline import optimise
from ..plan import Plan
from ..problems import Problem, ScenarioError
from ..scenario import Scenario
from ..solvers.types import SolveOptions, SolveProgress, SolverError

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What a solve gave: a plan, or why there is none.

    ``kind`` is ``done``, ``invalid`` (the scenario has errors), ``infeasible`` (no plan meets
    every rule; ``problems`` say which rule had to give), ``solver`` (the solver failed or stopped
    without a plan), ``cancelled`` or ``failed`` (an unexpected error, or the solve's process
    ended without an answer; ``message`` names it).
    """

    kind: str
    plan: Plan | None = None
    message: str = ""
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.kind == "done" and self.plan is not None


def solve_outcome(
    scenario: Scenario,
    options: SolveOptions,
    allocation: str | None = None,
    origin: Origin | None = None,
) -> Outcome:
    """Solve and return the outcome; never raises for a scenario or solver problem. ``origin``
    (the source and the edits made in the app) goes into the plan's label and provenance."""
    start = time.perf_counter()

    def took() -> float:
        return time.perf_counter() - start

    try:
        plan = optimise(scenario, options, allocation=allocation, origin=origin)
    except InfeasibleError as error:
        return Outcome("infeasible", None, error.summary(), error.errors, took())
    except ScenarioError as error:
        return Outcome("invalid", None, error.summary(), error.problems, took())
    except SolverError as error:
        return Outcome("solver", None, str(error), (), took())
    except Exception as error:  # shown to the user in words; the traceback goes to the log
        LOG.exception("solve of %s failed", scenario.label)
        return Outcome(
            "failed", None, f"The solve failed: {type(error).__name__}: {error}", (), took()
        )
    return Outcome("done", plan, "", (), took())


def solve_in_process(request: tuple[Any, ...], results: Connection, alive: Connection) -> None:
    """A solve's process: solve ``request`` (the arguments of :func:`solve_outcome`), sending
    each progress report and then the outcome through ``results``. It ignores Ctrl+C (the
    terminal sends it to every process of the app; the app decides) and ends when the pool's end
    of ``alive`` closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    threading.Thread(target=watch_parent, args=(alive,), daemon=True).start()
    scenario, options, allocation, origin = request
    sending = threading.Lock()  # progress comes from the solver's thread

    def told(progress: SolveProgress) -> None:
        with sending, contextlib.suppress(OSError):
            results.send(progress)

    outcome = solve_outcome(scenario, replace(options, on_progress=told), allocation, origin)
    with sending:
        try:
            results.send(outcome)
        except Exception as error:  # the plan could not be pickled: say so instead
            results.send(replace(outcome, kind="failed", plan=None, message=_unsent(error)))


def _unsent(error: Exception) -> str:
    return f"The solve's result could not be sent back: {type(error).__name__}: {error}"

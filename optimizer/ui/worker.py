"""Solves off the page: a process pool that runs :func:`optimizer.optimise` and can be cancelled.

The app holds one :class:`SolvePool` for all sessions (``st.cache_resource``); a session keeps its
:class:`Job` in its session state and polls it. A job returns an :class:`Outcome` whatever happens
(a plan, or the problems and message of why there is none), so errors cross the process boundary
whole instead of as tracebacks.

What cancel does: a job that is still queued is dropped (one already handed to a worker that has
not started it finds a cancel flag and returns at once). A job that is running is stopped by ending
the worker process that runs it; a process pool cannot lose a worker and go on, so the pool is
replaced by a fresh one. Any other job that was in the old pool at that moment (another session's
solve) stops too and reports :data:`STOPPED`, asking to solve again.

Workers are started with ``spawn`` (never ``fork``: the Streamlit server runs threads). A spawned
worker imports the app's main script as ``__mp_main__``, so ``app.py`` does its work only under
``if __name__ == "__main__"``. Nothing here imports Streamlit.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnosis import InfeasibleError
from ..origin import Origin, plan_label
from ..pipeline import optimise
from ..plan import Plan
from ..problems import Problem, ScenarioError
from ..scenario import Scenario
from ..solvers.types import SolveOptions, SolverError

LOG = logging.getLogger(__name__)

#: Environment variable: when set to 1, the app solves inline in the page's own process (tests).
INLINE_ENV = "OPTIMIZER_APP_INLINE_SOLVE"

STOPPED = (
    "The solve was stopped: the solver processes were restarted because a running solve was "
    "cancelled (in this session or another). Solve again."
)


@dataclass(frozen=True)
class Outcome:
    """What a solve gave: a plan, or why there is none.

    ``kind`` is ``done``, ``invalid`` (the scenario has errors), ``infeasible`` (no plan meets
    every rule; ``problems`` say which rule had to give), ``solver`` (the solver failed or stopped
    without a plan), ``cancelled``, ``stopped`` (see :data:`STOPPED`) or ``failed`` (an
    unexpected error; ``message`` names it).
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


def _job(
    scenario: Scenario,
    options: SolveOptions,
    allocation: str | None,
    origin: Origin | None,
    pid_file: str,
) -> Outcome:
    """Run in a worker: say which process runs the job (so it can be stopped), then solve unless
    the job was cancelled meanwhile. (The job writes its process id before it looks for the
    cancel flag, and :meth:`SolvePool.cancel` writes the flag before it reads the id: so either
    the job sees the flag or the pool sees the process to stop.)"""
    Path(pid_file).write_text(str(os.getpid()), encoding="utf-8")
    if _cancel_flag(Path(pid_file)).exists():  # cancelled while it waited for this worker
        return Outcome("cancelled", message="The solve was cancelled before it started.")
    return solve_outcome(scenario, options, allocation, origin)


def _cancel_flag(pid_file: Path) -> Path:
    return pid_file.with_suffix(".cancel")


def _ready() -> int:
    return os.getpid()


@dataclass
class Job:
    """A solve submitted to the pool."""

    future: Future
    pid_file: Path
    label: str
    time_limit_s: float
    started: float = field(default_factory=time.monotonic)
    cancelled: bool = False

    @property
    def done(self) -> bool:
        return self.cancelled or self.future.done()

    @property
    def state(self) -> str:
        """``queued``, ``running``, ``cancelled`` or ``finished``."""
        if self.cancelled:
            return "cancelled"
        if self.future.done():
            return "finished"
        return "running" if self.pid_file.is_file() else "queued"

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def progress(self) -> float:
        """Elapsed time as a share of the time limit (the solver reports nothing sooner), < 1."""
        return min(self.elapsed() / max(self.time_limit_s, 1e-9), 0.99)

    def outcome(self) -> Outcome:
        """The outcome of a finished job."""
        if self.cancelled:
            return Outcome("cancelled", message="The solve was cancelled.")
        try:
            return self.future.result(timeout=0)
        except CancelledError:
            return Outcome("cancelled", message="The solve was cancelled.")
        except BrokenProcessPool:
            return Outcome("stopped", message=STOPPED)
        except Exception as error:  # the job returns outcomes; this is the pool failing
            return Outcome("failed", message=f"The solve failed: {type(error).__name__}: {error}")


class SolvePool:
    """A process pool for solves, shared by every session of the app.

    Parameters
    ----------
    workers
        Processes, i.e. solves at the same time (each HiGHS solve uses one thread).
    """

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, int(workers))
        self._lock = threading.Lock()
        self._folder = Path(tempfile.mkdtemp(prefix="optimizer-solves-"))
        self._count = 0
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")
        )

    def warm(self) -> Future:
        """Start the workers now (imports take a few seconds), so that a first solve is quick."""
        with self._lock:
            return self._executor.submit(_ready)

    def submit(
        self,
        scenario: Scenario,
        options: SolveOptions,
        allocation: str | None = None,
        origin: Origin | None = None,
    ) -> Job:
        """Queue a solve; the returned job is polled with :attr:`Job.done`."""
        job_args = (scenario, options, allocation, origin)
        with self._lock:
            self._count += 1
            pid_file = self._folder / f"job-{self._count}.pid"
            try:
                future = self._executor.submit(_job, *job_args, str(pid_file))
            except BrokenProcessPool:  # a worker died on its own: start afresh once
                self._executor = self._new_executor()
                future = self._executor.submit(_job, *job_args, str(pid_file))
        label = plan_label(scenario.label, len(origin.edits) if origin else 0)
        return Job(future, pid_file, label, options.time_limit_s)

    def cancel(self, job: Job) -> str:
        """Cancel a job; return what was done, in words (see the module's docstring)."""
        if job.done:
            return "The solve had already finished."
        job.cancelled = True
        if job.future.cancel():
            return "The solve was cancelled before it started."
        _cancel_flag(job.pid_file).write_text("", encoding="utf-8")
        pid = _read_pid(job.pid_file)
        if pid is None:  # handed to a worker that has not started it: it will see the flag
            return "The solve was cancelled before it started."
        with self._lock:
            old, self._executor = self._executor, self._new_executor()
        _terminate(pid)
        old.shutdown(wait=False)  # other jobs of the old pool end with BrokenProcessPool
        return "The running solve was stopped and the solver processes restarted."

    def shutdown(self) -> None:
        """Stop every worker and remove the job files."""
        with self._lock:
            self._executor.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self._folder, ignore_errors=True)


def _read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _terminate(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # it ended by itself
        os.kill(pid, signal.SIGTERM)


def inline_solves() -> bool:
    """Does the environment ask for solves in the page's own process (:data:`INLINE_ENV`)?"""
    return os.environ.get(INLINE_ENV, "").strip().lower() in ("1", "true", "yes")

"""Jobs off the page: one process per running job, a bounded number at once, each cancelled alone.

A job is a solve (the Solve page's) or any other :class:`~optimizer.ui.outcomes.Work`: the
Explore page's alternatives search, what-if and leave-one-out (:mod:`optimizer.ui.jobs`). The app
holds one :class:`SolvePool` for all sessions (``st.cache_resource``); a session keeps its
:class:`Job` in its session state and polls it. A job ends with an :class:`Outcome` whatever
happens (a plan or a search's result, or the problems and message of why there is none), so
errors cross the process boundary whole instead of as tracebacks. While it runs, the job holds
the last report its process sent (:attr:`Job.latest`: a solve's
:class:`~optimizer.solvers.types.SolveProgress`, best plan, bound, gap; or a search's
:class:`~optimizer.ui.outcomes.JobProgress`, its step and how far), through the same pipe as the
outcome.

How the pool runs: at most ``workers`` solves run at once, each in a process of its own; the
others wait in a queue, first come first served. One thread of the pool starts the processes,
reads their pipes (so a solve never waits for its page to ask) and notices a process that ends.

What cancel does: a queued job is dropped. A running job is stopped by ending its own process;
the other solves go on. A process that ends without an answer (killed by the system, a crash in
the solver) gives its job a ``failed`` outcome that says how it ended; the other solves go on and
its place goes to the next in the queue. A watchdog ends a job still running well past its
time budget (a solve's time limit; a search's, its solves' limits added up) (:data:`OVERRUN`: a solver that ignores its limit must not hold a place for ever),
with a ``failed`` outcome that says so. No process outlives the pool: :meth:`SolvePool.shutdown`
ends them all, and a solve's process also ends when the app's process dies (it watches a pipe
from the pool; on Linux the kernel also kills it with its parent).

Processes are forked from a fork server that has imported the library once (so a solve starts at
once), or started with ``spawn`` where there is no fork server; never forked from the Streamlit
server itself, which runs threads. A spawned process imports the app's main script as
``__mp_main__``, so ``app.py`` does its work only under ``if __name__ == "__main__"``. Nothing
here imports Streamlit.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import threading
import time
from collections import deque
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, Pipe, wait
from typing import Any

from ..batch.pool import STOP_GRACE_S, ended_how
from ..origin import Origin
from ..scenario import Scenario
from ..solvers.types import SolveOptions, SolveProgress
from ..words.said import said
from .outcomes import JobProgress, Outcome, SolveWork, Work, solve_outcome, work_in_process

__all__ = ["INLINE_ENV", "Job", "Outcome", "SolvePool", "inline_solves", "solve_outcome"]

#: Modules the fork server imports once, so that a job's process starts at once.
PRELOAD = [work_in_process.__module__, "optimizer.ui.jobs"]

LOG = logging.getLogger(__name__)

#: Environment variable: when set to 1, the app solves inline in the page's own process (tests).
INLINE_ENV = "OPTIMIZER_APP_INLINE_SOLVE"

#: A solve still running this long after it started is ended (a solver that ignores its limit):
#: its time limit times the factor, plus the seconds.
OVERRUN = (1.5, 60.0)

CANCELLED = "The solve was cancelled."
SHUT_DOWN = "The solve was stopped: the app's solver processes were shut down. Solve again."
#: What :meth:`SolvePool.cancel` did (the Solve page says each in the session's language).
ALREADY_DONE = "The solve had already finished."
CANCELLED_QUEUED = "The solve was cancelled before it started."
STOPPED = "The running solve was stopped; the other solves go on."


@dataclass
class Job:
    """A job submitted to the pool; its :attr:`future` gets the :class:`Outcome`."""

    future: Future
    label: str
    time_limit_s: float
    currency: str
    submitted: float = field(default_factory=time.monotonic)
    pid: int | None = None
    latest: SolveProgress | JobProgress | None = None
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
        return "running" if self.pid is not None else "queued"

    def elapsed(self) -> float:
        """Seconds since the solve was asked for (the user's whole wait)."""
        return time.monotonic() - self.submitted

    def progress(self) -> float:
        """Elapsed time as a share of the time limit, < 1."""
        return min(self.elapsed() / max(self.time_limit_s, 1e-9), 0.99)

    def figures(self) -> tuple[float | None, float | None, float | None]:
        """The best plan's objective, the bound and their gap as last reported (None: not yet)."""
        latest = self.latest
        if isinstance(latest, JobProgress):
            latest = latest.solve
        if latest is None:
            return None, None, None
        return latest.objective, latest.bound, latest.gap

    def outcome(self) -> Outcome:
        """The outcome of a finished job."""
        if self.cancelled:
            return Outcome("cancelled", message=CANCELLED)
        try:
            return self.future.result(timeout=0)
        except CancelledError:
            return Outcome("cancelled", message=CANCELLED)


@dataclass
class _Running:
    """A job's process and the pool's ends of its pipes."""

    job: Job
    process: Any
    results: Connection
    alive: Connection
    deadline: float
    overdue: bool = False


def _context() -> Any:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


class SolvePool:
    """Solves in processes of their own, shared by every session of the app.

    Parameters
    ----------
    workers
        Solves running at the same time, each in a process of its own; the others queue.
    overrun
        When a running solve is ended as stuck: (factor, seconds) of :data:`OVERRUN`.
    """

    def __init__(self, workers: int = 1, overrun: tuple[float, float] = OVERRUN) -> None:
        self.workers = max(1, int(workers))
        self.overrun = overrun
        self._context = _context()
        self._lock = threading.Lock()
        self._queue: deque[tuple[Job, Work]] = deque()
        self._running: list[_Running] = []
        self._wake_in, self._wake = Pipe(duplex=False)
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="solve-pool", daemon=True)
        self._thread.start()

    def warm(self) -> None:
        """Start the fork server now (it imports the library: a few seconds), so that a first
        solve starts at once."""
        if self._context.get_start_method() == "forkserver":
            multiprocessing.forkserver.ensure_running()

    def submit(
        self,
        scenario: Scenario,
        options: SolveOptions,
        allocation: str | None = None,
        origin: Origin | None = None,
    ) -> Job:
        """Queue a solve; the returned job is polled with :attr:`Job.done`."""
        return self.submit_work(SolveWork(scenario, options, allocation, origin))

    def submit_work(self, work: Work) -> Job:
        """Queue any job (a solve, a search); the returned job is polled with :attr:`Job.done`."""
        job = Job(Future(), work.label, work.time_limit_s, work.currency)
        with self._lock:
            if self._closed:
                raise RuntimeError("the solve pool has been shut down")
            self._queue.append((job, work))
        self._nudge()
        return job

    def cancel(self, job: Job) -> str:
        """Cancel a job; return what was done, in words (see the module's docstring)."""
        if job.done:
            return ALREADY_DONE
        job.cancelled = True
        if job.future.cancel():  # still queued: the pool's thread skips it
            return CANCELLED_QUEUED
        with self._lock:
            running = next((r for r in self._running if r.job is job), None)
        if running is not None:  # else the pool's thread is starting it and sees the flag
            running.process.terminate()
        self._nudge()
        return STOPPED

    def shutdown(self) -> None:
        """Stop every solve (queued ones are cancelled, running ones ended) and the pool's thread;
        no process is left running."""
        with self._lock:
            self._closed = True
            queued, self._queue = list(self._queue), deque()
        for job, _ in queued:
            job.future.cancel()
        self._nudge()
        self._thread.join()
        for running in self._running:
            running.process.terminate()
        for running in list(self._running):
            self._finish(running, Outcome("cancelled", message=SHUT_DOWN))
        self._wake.close()
        self._wake_in.close()

    # -- the pool's thread ---------------------------------------------------------------------

    def _nudge(self) -> None:
        with contextlib.suppress(OSError):
            self._wake.send_bytes(b"")

    def _serve(self) -> None:
        while True:
            self._start_queued()
            with self._lock:
                if self._closed:
                    return
                running = list(self._running)
            waits = [self._wake_in] + [c for r in running for c in (r.results, r.process.sentinel)]
            soonest = min((r.deadline for r in running), default=None)
            ready = wait(waits, None if soonest is None else max(0.0, soonest - time.monotonic()))
            self._end_overdue(running)
            with contextlib.suppress(EOFError, OSError):
                while self._wake_in.poll():
                    self._wake_in.recv_bytes()
            for one in running:
                if one.results in ready or one.process.sentinel in ready:
                    self._look_at(one)

    def _start_queued(self) -> None:
        while True:
            with self._lock:
                if self._closed or not self._queue or len(self._running) >= self.workers:
                    return
                job, work = self._queue.popleft()
            if not job.future.set_running_or_notify_cancel():
                continue  # cancelled while queued
            try:
                running = self._launch(job, work)
            except Exception as error:  # the scenario cannot be sent, or no process starts
                LOG.exception("could not start the solve of %s", job.label)
                job.future.set_result(Outcome("failed", message=_not_started(error)))
                continue
            with self._lock:
                self._running.append(running)
            if job.cancelled:  # cancelled while its process started
                running.process.terminate()

    def _launch(self, job: Job, work: Work) -> _Running:
        results, theirs = self._context.Pipe(duplex=False)
        alive_theirs, alive = self._context.Pipe(duplex=False)
        process = self._context.Process(
            target=work_in_process, args=(work, theirs, alive_theirs), daemon=True
        )
        try:
            process.start()
        except BaseException:
            results.close()
            alive.close()
            raise
        finally:
            theirs.close()
            alive_theirs.close()
        job.pid = process.pid
        factor, seconds = self.overrun
        deadline = time.monotonic() + job.time_limit_s * factor + seconds
        return _Running(job, process, results, alive, deadline)

    @staticmethod
    def _end_overdue(running: list[_Running]) -> None:
        """The watchdog: end each solve still running past its deadline (its end is seen next)."""
        now = time.monotonic()
        for one in running:
            if not one.overdue and now >= one.deadline and one.process.is_alive():
                one.overdue = True
                one.process.terminate()

    def _look_at(self, running: _Running) -> None:
        """Take what a job's process sent; finish the job on its outcome or its end."""
        try:
            while running.results.poll():
                message = running.results.recv()
                if isinstance(message, Outcome):
                    self._finish(running, message)
                    return
                running.job.latest = message
        except (EOFError, OSError):
            pass  # the process ended: its sentinel says so
        except Exception as error:  # what it sent cannot be read here
            LOG.exception("could not read what the solve of %s sent", running.job.label)
            self._finish(running, Outcome("failed", message=_unreadable(error)))
            return
        if running.process.is_alive():
            return
        if running.job.cancelled:
            self._finish(running, Outcome("cancelled", message=CANCELLED))
        elif running.overdue:
            self._finish(running, Outcome("failed", message=self._overdue(running.job)))
        else:
            self._finish(running, Outcome("failed", message=_died(ended_how(running.process))))

    def _finish(self, running: _Running, outcome: Outcome) -> None:
        """End the job's process (it has answered, or died, or is being stopped), close its
        pipes and give the job its outcome."""
        running.alive.close()  # a process still running ends at once (its watch sees it)
        running.process.join(STOP_GRACE_S)
        if running.process.is_alive():
            running.process.kill()
            running.process.join()
        running.results.close()
        with self._lock:
            self._running.remove(running)
        if not running.job.future.done():
            running.job.future.set_result(outcome)

    def _overdue(self, job: Job) -> str:
        factor, seconds = self.overrun
        ran, limit = f"{job.time_limit_s * factor + seconds:g}", f"{job.time_limit_s:g}"
        return said("failure.overdue", ran=ran, limit=limit)


def _died(how: str) -> str:
    return said("failure.died", how=how)


def _not_started(error: Exception) -> str:
    return said("failure.not_started", kind=type(error).__name__, error=str(error))


def _unreadable(error: Exception) -> str:
    return said("failure.unreadable", kind=type(error).__name__, error=str(error))


def inline_solves() -> bool:
    """Does the environment ask for solves in the page's own process (:data:`INLINE_ENV`)?"""
    return os.environ.get(INLINE_ENV, "").strip().lower() in ("1", "true", "yes")

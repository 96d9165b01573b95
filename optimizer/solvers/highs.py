"""HiGHS plumbing shared by every HiGHS route: a quiet instance with our options, handing a model
over, a start vector, an interrupt, and reading a finished run back as a :class:`SolverReport`.

The routes themselves are :mod:`optimizer.solvers.matrix_route` (the default: the formulation as
sparse arrays) and :mod:`optimizer.solvers.pyomo_routes` (the Pyomo model compiled to standard
form); the heuristics of :mod:`optimizer.solvers.warmstart` and
:mod:`optimizer.solvers.parallel_search` use the same pieces.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import highspy
import numpy as np

from .types import SolveOptions, SolverError, SolverReport, classify, relative_gap

_STATUS = {
    "kOptimal": "optimal",
    "kInfeasible": "infeasible",
    "kUnbounded": "unbounded",
    "kUnboundedOrInfeasible": "infeasible or unbounded",
    "kTimeLimit": "time limit",
    "kIterationLimit": "iteration limit",
    "kSolutionLimit": "solution limit",
    "kInterrupt": "interrupted",
    "kObjectiveBound": "objective limit",
    "kObjectiveTarget": "objective limit",
}


def highs_version() -> str:
    return (
        f"{highspy.HIGHS_VERSION_MAJOR}.{highspy.HIGHS_VERSION_MINOR}.{highspy.HIGHS_VERSION_PATCH}"
    )


_banner_shown = False


def quiet_highs() -> highspy.Highs:
    """A new ``highspy.Highs``. HiGHS prints a banner to standard output (file descriptor 1) when
    the first instance of a process is made; that one is made with the descriptor muted, so that
    ``--json`` output and piped output stay clean."""
    global _banner_shown
    if _banner_shown:
        return highspy.Highs()
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            highs = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _banner_shown = True
    return highs


#: The thread count of the HiGHS scheduler of each Python thread that made an instance.
_scheduler = threading.local()


def fit_scheduler(threads: int) -> None:
    """HiGHS keeps one task scheduler per calling thread, sized by the first run: a later run
    asking for another number of threads fails with status "error" (solve threads=2, then
    threads=1 in one process). Reset it when the count changes."""
    if getattr(_scheduler, "threads", threads) != threads:
        highspy.Highs.resetThreadScheduler(True)
    _scheduler.threads = threads


def make_highs(options: SolveOptions) -> highspy.Highs:
    """A HiGHS instance with our options set (for a run on the calling thread, or on a new one)."""
    fit_scheduler(int(options.threads))
    highs = quiet_highs()
    highs.setOptionValue("output_flag", bool(options.verbose))
    highs.setOptionValue("time_limit", float(options.time_limit_s))
    highs.setOptionValue("mip_rel_gap", float(options.mip_gap))
    highs.setOptionValue("threads", int(options.threads))
    highs.setOptionValue("random_seed", int(options.seed))
    # No restarts of the search after the root (HiGHS's default restarts when many binaries are
    # fixed): measured in CPU seconds on this project's parks (HiGHS 1.16, one thread, busy
    # machine), mixed-park to proven optimality 4.4 -> 1.2 s, textile-park 0.78 -> 0.57 s,
    # spraying-zone the same; a 300x20 park after 120 s 0.51% -> 0.34% gap, 1000x50 the same.
    highs.setOptionValue("mip_allow_restart", False)
    return highs


def load(highs: highspy.Highs, lp: highspy.HighsLp) -> highspy.Highs:
    """Hand ``lp`` to ``highs``; a model HiGHS refuses is a :class:`SolverError`."""
    if highs.passModel(lp) == highspy.HighsStatus.kError:
        raise SolverError("HiGHS refused the model (passModel returned an error)")
    return highs


def set_start(highs: highspy.Highs, x: np.ndarray) -> None:
    """Give HiGHS a complete start vector (a value for every column) as its first incumbent."""
    solution = highspy.HighsSolution()
    solution.col_value = x.tolist()
    solution.value_valid = True
    highs.setSolution(solution)


def interrupt_when(highs: highspy.Highs, event: threading.Event) -> None:
    """Make HiGHS stop (as "interrupted", keeping what it has) soon after ``event`` is set."""

    def check(callback: Any) -> None:
        if event.is_set():
            callback.interrupt()

    for kind in (highs.cbSimplexInterrupt, highs.cbIpmInterrupt, highs.cbMipInterrupt):
        kind.subscribe(check)


class Deadline:
    """One wall-clock deadline for a whole solve (``at``, a :func:`time.perf_counter` reading):
    the search, every sub-solve of a heuristic and every re-solve end by it.

    HiGHS's own ``time_limit`` is not enough: it is checked only at some points of its search
    (one side-by-side search of the 5,000-SME park ran 61 s past it), and each sub-solve would
    need its own share. :meth:`watch` makes a HiGHS instance interrupt itself from its interrupt
    callbacks once the deadline has passed, and :meth:`left` is what a sub-solve may be given.

    ``within``: a deadline that ends this one if it comes first, read as it is then (a
    heuristic's own share of a solve's deadline). :meth:`keep_until` sets a checkpoint: the
    deadline is an earlier time until then, and a check made once when it comes (from whichever
    thread reads the deadline first) says whether it moves back to ``at``
    (:mod:`optimizer.solvers.reserve`: the time kept for a re-solve, given back when not needed).

    >>> Deadline.after(-1.0).left()
    0.0
    >>> Deadline.after(float("inf")).left()
    inf
    >>> kept = Deadline.after(100.0)
    >>> kept.keep_until(time.perf_counter() - 1.0, lambda: False)
    >>> kept.passed(), kept.most_left() > 99.0
    (True, True)
    >>> given_back = Deadline.after(100.0)
    >>> given_back.keep_until(time.perf_counter() - 1.0, lambda: True)
    >>> given_back.left() > 99.0
    True
    """

    def __init__(self, at: float, within: Deadline | None = None) -> None:
        self._at = self._latest = at
        self.within = within
        self._check: Callable[[], bool] | None = None
        self._lock = threading.Lock()

    @classmethod
    def after(cls, seconds: float, within: Deadline | None = None) -> Deadline:
        """The deadline ``seconds`` from now (or ``within``'s, if that comes first)."""
        return cls(time.perf_counter() + seconds, within)

    def keep_until(self, early: float, check: Callable[[], bool]) -> None:
        """End at ``early`` instead, unless ``check()``, called once when ``early`` comes, says
        that the time up to the deadline may be used after all."""
        self._at, self._check = min(early, self._latest), check

    @property
    def at(self) -> float:
        """When the deadline is, as it stands now (a due checkpoint is checked first)."""
        if self._check is not None and time.perf_counter() >= self._at:
            self._settle()
        at = self._at
        return at if self.within is None else min(at, self.within.at)

    def _settle(self) -> None:
        with self._lock:  # the other threads wait for the one check
            check, self._check = self._check, None
            if check is not None and check():
                self._at = self._latest

    def left(self) -> float:
        """Seconds until the deadline (0 once it has passed)."""
        return max(0.0, self.at - time.perf_counter())

    def most_left(self) -> float:
        """Seconds until the latest the deadline can be (a checkpoint's check passed): what a
        search's own time limit is, so that the deadline alone stops it earlier."""
        latest = self._latest if self.within is None else min(self._latest, self.within._latest)
        return max(0.0, latest - time.perf_counter())

    def passed(self) -> bool:
        return time.perf_counter() >= self.at

    def watch(self, highs: highspy.Highs) -> threading.Event:
        """Make ``highs`` stop (as "interrupted") as soon as one of its interrupt callbacks sees
        the deadline passed; the event returned is set when it did."""
        fired = threading.Event()

        def check(callback: Any) -> None:
            if time.perf_counter() >= self.at:
                fired.set()
                callback.interrupt()

        for kind in (highs.cbSimplexInterrupt, highs.cbIpmInterrupt, highs.cbMipInterrupt):
            kind.subscribe(check)
        return fired


def read_result(
    highs: highspy.Highs,
    is_mip: bool,
    seconds: float,
    handover: float,
    route: str = "highs",
    deadline_stop: threading.Event | None = None,
) -> tuple[SolverReport, np.ndarray]:
    """Status, objective, bound and computed gap of a finished HiGHS run, and its primal values;
    a run its :meth:`Deadline.watch` stopped (``deadline_stop`` set) ended at its time limit."""
    info = highs.getInfo()
    model_status = highs.getModelStatus()
    termination = _STATUS.get(model_status.name, "error")
    at_deadline = deadline_stop is not None and deadline_stop.is_set()
    if at_deadline and termination == "interrupted":
        termination = "time limit"
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    objective = float(info.objective_function_value) if has_solution else None
    if is_mip:
        bound = float(info.mip_dual_bound)
    else:
        bound = objective if termination == "optimal" else None
    if bound is not None and not np.isfinite(bound):
        bound = None if not has_solution else bound
    gap = relative_gap(objective, bound) if has_solution else None
    report = SolverReport(
        solver=route,
        version=highs_version(),
        status=classify(termination, has_solution, gap, is_mip),
        termination=termination,
        objective=objective,
        bound=bound,
        gap=gap,
        seconds=seconds,
        handover_seconds=handover,
        has_solution=has_solution,
        is_mip=is_mip,
        time_limit_s=float(highs.getOptionValue("time_limit")[1]),  # (status, value)
        stopped_at_deadline=at_deadline,
    )
    x = np.asarray(highs.getSolution().col_value, dtype=float) if has_solution else np.zeros(0)
    return report, x

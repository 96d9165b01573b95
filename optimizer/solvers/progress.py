"""Where a running HiGHS search stands, from its callbacks: a short history of the best plan and
the best bound (kept in the solver's report, drawn by the HTML report) and, every few seconds, a
:class:`~optimizer.solvers.types.SolveProgress` for whoever shows it (the command line, the app,
a batch).

HiGHS calls :data:`cbMipInterrupt` often during its search and :data:`cbMipImprovingSolution` on
each better plan; both hand over the best plan's objective and the best bound.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import Any

import highspy

from .types import ProgressCallback, SolveProgress

#: Seconds between two reports to ``on_progress``.
PROGRESS_EVERY_S = 1.0
#: Points kept in the history (the oldest are thinned out, the first and last always kept).
HISTORY_POINTS = 60


class ProgressLog:
    """The history of one search and the reports of its progress.

    ``start`` is when the solve began (:func:`time.perf_counter`); ``other_best``, when given,
    is a plan found beside the search (the heuristic of the side-by-side route), counted as the
    best plan when it is better; ``note``, once set, goes with every later report (what became of
    the time kept for a re-solve: :mod:`optimizer.solvers.reserve`).

    >>> log = ProgressLog(start=time.perf_counter())
    >>> for best, bound in [(math.inf, 90.0), (120.0, 90.0), (120.0, 90.0), (100.0, 95.0)]:
    ...     log.see(best, bound)
    >>> [(best, bound) for _, best, bound in log.history()]
    [(None, 90.0), (120.0, 90.0), (100.0, 95.0)]
    """

    def __init__(
        self,
        start: float,
        on_progress: ProgressCallback | None = None,
        other_best: Callable[[], float] | None = None,
    ) -> None:
        self.start = start
        self.on_progress = on_progress
        self.other_best = other_best
        self.note = ""
        self._points: list[tuple[float, float | None, float | None]] = []
        self._told = -math.inf
        self._lock = threading.Lock()

    def see(self, primal: float, dual: float) -> None:
        """What HiGHS reports now: its best plan's objective and its bound (inf: none yet)."""
        if self.other_best is not None:
            primal = min(primal, self.other_best())
        now = time.perf_counter() - self.start
        best = primal if math.isfinite(primal) else None
        bound = dual if math.isfinite(dual) else None
        with self._lock:
            if not self._points or self._points[-1][1:] != (best, bound):
                self._points.append((now, best, bound))
                if len(self._points) > HISTORY_POINTS:
                    del self._points[1:-1:2]  # thin the middle, keep the first and the last
            tell = self.on_progress is not None and now - self._told >= PROGRESS_EVERY_S
            if tell:
                self._told = now
        if tell:
            self.on_progress(SolveProgress(now, best, bound, note=self.note))

    def say(self, note: str) -> None:
        """From now on every report carries ``note``, and one is made at once (the latest best
        plan and bound with it)."""
        now = time.perf_counter() - self.start
        with self._lock:
            self.note = note
            _, best, bound = self._points[-1] if self._points else (now, None, None)
        if self.on_progress is not None:
            self.on_progress(SolveProgress(now, best, bound, note=note))

    def history(self) -> tuple[tuple[float, float | None, float | None], ...]:
        with self._lock:
            return tuple(self._points)


def follow(highs: highspy.Highs, log: ProgressLog) -> None:
    """Feed ``log`` from the callbacks of ``highs`` (before it runs)."""

    def seen(event: Any) -> None:
        log.see(float(event.data_out.mip_primal_bound), float(event.data_out.mip_dual_bound))

    def improved(event: Any) -> None:
        log.see(
            float(event.data_out.objective_function_value), float(event.data_out.mip_dual_bound)
        )

    highs.cbMipInterrupt.subscribe(seen)
    highs.cbMipImprovingSolution.subscribe(improved)

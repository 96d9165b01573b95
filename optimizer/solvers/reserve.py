"""The time kept for the exact-loads re-solve, kept only while it may be needed (the default route).

A scenario whose plan may have to be solved again with one destination per stream
(:func:`~optimizer.solvers.loads.may_resolve`) keeps :func:`~optimizer.solvers.loads.reserve_s` of
the limit for that re-solve (10 %, at most 15 s). On the default route the first solve is given
the whole limit (HiGHS's own ``time_limit`` too), and its one deadline
(:class:`~optimizer.solvers.highs.Deadline`) has a **checkpoint** at the limit less the reserve.
There, once, from whichever thread reads the deadline first, the best plan so far (the better of
HiGHS's incumbent, kept from its improving-solution callback, and the heuristic's) has its exact
loads checked against every cap (:func:`~optimizer.solvers.loads.broken_cap`):

- every cap met: the deadline moves to the whole limit; from then on each better plan is checked
  as it comes, and the best one that meets every cap is kept;
- a cap broken, or no plan yet: the deadline stays, the first solve stops there and the re-solve
  has its reserve, as before.

A plan found after the checkpoint may break a cap that the earlier best met; no time is left for
a re-solve then, and the answer is the best plan found whose loads meet every cap, its gap taken
against the same bound, which bounds every plan (:meth:`Checkpoint.answer`). When none met them
(there was no plan at the checkpoint), the plan goes on to the re-solve in what is left. The solver's report
says what became of the reserve (``reserve``, in the catalogue's words), and the live progress
says it from the checkpoint on.

The routes through Pyomo, the why-nots and the search for alternatives keep the fixed reserve
(:func:`~optimizer.solvers.loads.first_pass`).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import highspy
import numpy as np

from ..words.said import said
from .highs import Deadline
from .loads import LOAD_VALUES, BrokenCap, broken_cap, cap_words, reserve_s, value_arrays
from .matrix_model import MatrixModel
from .progress import ProgressLog
from .types import SolverReport, with_plan

#: What the checkpoint found (``Checkpoint.outcome``; None: not reached): the best plan within
#: every cap, a cap broken, or no plan yet (nothing a re-solve could start from: its time goes
#: to the search).
MET, BROKEN, NO_PLAN = "met", "broken", "no plan"


class Checkpoint:
    """The checkpoint of one first solve (see the module's docstring): set on ``deadline`` at
    ``start`` (:func:`time.perf_counter`) plus the limit less the reserve. Plans are handed to
    :meth:`offer` (HiGHS's through :meth:`follow`, the heuristic's through its ``Watch``), and
    :meth:`answer` gives the plan and report to answer once the solve has ended; the
    checkpoint's words name its planned time (:attr:`seconds`), when the check was due."""

    def __init__(self, matrix: MatrixModel, deadline: Deadline, start: float, limit: float):
        self.matrix = matrix
        self.start = start
        self.seconds = limit - reserve_s(limit)  # since start, when the check is due
        self.outcome: str | None = None
        self.broken: BrokenCap | None = None
        self.log: ProgressLog | None = None
        self._lock = threading.Lock()
        self._best: tuple[float, np.ndarray] | None = None
        self._within_caps: tuple[float, np.ndarray] | None = None
        deadline.keep_until(start + self.seconds, self._check)

    @property
    def extended(self) -> bool:
        """Whether the checkpoint moved the deadline to the whole limit."""
        return self.outcome in (MET, NO_PLAN)

    def breaks(self, x: np.ndarray) -> BrokenCap | None:
        """The cap the exact loads of the plan ``x`` (a value per column) break most, if any."""
        values = self.matrix.values(x, LOAD_VALUES)
        data = self.matrix.data
        return broken_cap(data, self.matrix.index, value_arrays(data, values))

    def offer(self, x: np.ndarray, objective: float) -> None:
        """A plan found (by either side); kept when it is the best so far, and once the deadline
        has moved as the best within the caps when its exact loads meet them."""
        with self._lock:
            if self._best is not None and objective >= self._best[0]:
                return
            self._best = (objective, x)
            if self.extended and self.breaks(x) is None:
                self._within_caps = (objective, x)

    def follow(self, highs: highspy.Highs) -> None:
        """Offer each better plan of ``highs`` (before it runs)."""

        def improved(event: Any) -> None:
            x = np.array(event.data_out.mip_solution, dtype=float)  # a copy: HiGHS reuses it
            self.offer(x, float(event.data_out.objective_function_value))

        highs.cbMipImprovingSolution.subscribe(improved)

    def _check(self) -> bool:
        """The check, made once by the deadline: whether the whole limit may be used."""
        with self._lock:
            if self._best is None:
                self.outcome = NO_PLAN
            else:
                self.broken = self.breaks(self._best[1])
                self.outcome = MET if self.broken is None else BROKEN
                self._within_caps = self._best if self.broken is None else None
        if self.log is not None:
            self.log.say(self.note())
        return self.extended

    def note(self, late: BrokenCap | None = None) -> str:
        """What became of the reserve (a :class:`~optimizer.words.said.Said`: English, worded in
        the language shown wherever it is shown; "": the checkpoint was not reached); ``late``: the cap a plan found after it breaks, a plan within the caps
        answered instead."""
        seconds = f"{self.seconds:,.1f}"
        if late is not None:
            return said("reserve.late", seconds=seconds, **cap_words(late))
        if self.outcome == MET:
            return said("reserve.not_needed", seconds=seconds)
        if self.outcome == NO_PLAN:
            return said("reserve.no_plan", seconds=seconds)
        if self.outcome == BROKEN:
            assert self.broken is not None
            return said("reserve.kept", seconds=seconds, **cap_words(self.broken))
        return ""

    def answer(
        self, x: np.ndarray, report: SolverReport, mip_gap: float
    ) -> tuple[np.ndarray, SolverReport]:
        """The plan to answer and its report, once the solve has ended with plan ``x``: ``x``
        itself, unless the deadline moved and ``x`` breaks a cap; then the best plan found whose
        loads meet every cap, its gap against the report's bound (HiGHS's "optimal" within
        ``mip_gap``, else "time limit"). Without one (no plan at the checkpoint, none within the
        caps since), ``x`` goes on to the re-solve, in what is left of the limit."""
        late = self.breaks(x) if self.extended and report.has_solution else None
        if late is None or self._within_caps is None:
            return x, replace(report, reserve=self.note())
        objective, kept = self._within_caps
        return kept, replace(with_plan(report, objective, mip_gap), reserve=self.note(late))


def checkpoint_of(
    matrix: MatrixModel, deadline: Deadline, start: float, limit: float, wanted: bool
) -> Checkpoint | None:
    """A checkpoint on ``deadline`` when ``wanted``: the solve is a MIP whose plan may need a
    re-solve (an LP has no plan to check before it ends: it keeps the reserve); None otherwise."""
    if not wanted:
        return None
    return Checkpoint(matrix, deadline, start, limit)

"""How far a batch has got and what it returns: :class:`Counts`, :class:`CaseProgress` (where a
running case's solve stands), :class:`BatchEvent` (sent to ``progress``) and :class:`BatchResult`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..solvers.types import relative_gap


@dataclass(frozen=True)
class Counts:
    """How many cases are done (solved in this run), failed, skipped (solved before) and left."""

    total: int
    done: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def remaining(self) -> int:
        return self.total - self.done - self.failed - self.skipped

    def add(self, kind: str) -> Counts:
        """The counts with one more case of ``kind`` (``done``, ``failed`` or ``skipped``)."""
        return replace(self, **{kind: getattr(self, kind) + 1})

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "done": self.done,
            "failed": self.failed,
            "skipped": self.skipped,
            "remaining": self.remaining,
        }


@dataclass(frozen=True)
class CaseProgress:
    """Where the solve of a running case stands, sent by its worker every few seconds: seconds
    since the worker began the case, the best plan's objective and the best bound so far (None
    while there is none), in the case's currency; ``note``: what the solve is doing when it is
    not its first search (:attr:`~optimizer.solvers.types.SolveProgress.note`)."""

    case: str
    seconds: float
    objective: float | None
    bound: float | None
    currency: str
    note: str = ""

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.bound)


@dataclass(frozen=True)
class BatchEvent:
    """Sent to ``progress``: ``kind`` is ``start`` (once, before any case), ``solving`` while a
    case runs (its :class:`CaseProgress` in ``solving``, every few seconds, from the local
    workers), then ``done``, ``failed`` or ``skipped`` per case with its summary ``row`` and, for
    a case with a plan, the plan's ``solver`` report (what :func:`~optimizer.words.solving.solve_notes`
    reads: a re-solve and why, a stop at the deadline)."""

    kind: str
    counts: Counts
    elapsed: float
    case: str | None = None
    row: Mapping[str, Any] = field(default_factory=dict)
    solving: CaseProgress | None = None
    solver: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchResult:
    """The summary table (one row per case, in case order), the counts and the wall time."""

    summary: pd.DataFrame
    counts: Counts
    seconds: float
    out: Path
    chart: Path | None = None

    @property
    def ok(self) -> bool:
        """True when no case failed."""
        return self.counts.failed == 0

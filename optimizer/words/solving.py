"""What a solve's report adds to its status, in the words of its live progress: the plan comes
from a second solve with one destination per stream, and why (``resolved``,
:func:`optimizer.solvers.loads.follow_loads`), and the solve's one deadline stopped it
(``stopped_at_deadline``, :class:`optimizer.solvers.highs.Deadline`); what became of the time
kept for a re-solve (``reserve``, :mod:`optimizer.solvers.reserve`). The command line's and
batch's summaries, the HTML report and the xlsx provenance print these (catalogue:
``optimizer/words/catalogue/solving.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from .catalogue import tr
from .said import spoken


class SolveNote(NamedTuple):
    """One thing a solver report says beyond its status: the report's key, a label, a sentence."""

    key: str
    label: str
    sentence: str


def solve_notes(solver: Mapping[str, Any]) -> list[SolveNote]:
    """What the report ``solver`` (a plan's ``solver``) says beyond its status, in the current
    language (why a plan read from a file was solved again: in the English it was written in);
    nothing for a plain solve.

    >>> solve_notes({"status": "optimal", "resolved": ""})
    []
    >>> [note.label for note in solve_notes({"resolved": "why", "stopped_at_deadline": True})]
    ['solved again', 'deadline']
    >>> solve_notes({"stopped_at_deadline": True})[0].sentence
    "stopped at the time limit (the solve's deadline): the plan is the best found by then"
    """
    notes = []
    if solver.get("resolved"):
        why = spoken(solver["resolved"])  # a plan of this session: in the language shown
        notes.append(SolveNote("resolved", tr("solve.label.resolved"), why))
    if solver.get("reserve"):
        reserve = spoken(solver["reserve"])  # as the re-solve's reason
        notes.append(SolveNote("reserve", tr("solve.label.reserve"), reserve))
    if solver.get("stopped_at_deadline"):
        deadline = tr("solve.stopped_at_deadline")
        notes.append(SolveNote("stopped_at_deadline", tr("solve.label.deadline"), deadline))
    return notes

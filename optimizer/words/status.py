"""The solver's status in words (``plan.solver``, or any mapping with ``status`` and ``gap``),
worded for each face: a line, a sentence, a metric tile."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from .catalogue import term, tr
from .numbers import number, percent
from .said import Said, Termed, said

OPTIMAL = "optimal"
WITHIN_GAP = "optimal within gap"
TIME_LIMIT = "time limit"
#: Two cases of the statuses above that read differently: an LP solved to optimality, and a
#: time limit with no finite gap.
_LP_OPTIMAL = "optimal (LP)"
_NO_BOUND = "time limit, no bound"

#: Each face's wording of the cases, by message id of :mod:`optimizer.words.catalogue`
#: (``{gap}``: the gap as a percentage); a status not listed reads as it is.
_LINE = {
    _LP_OPTIMAL: "status.line.lp",
    WITHIN_GAP: "status.line.within",
    TIME_LIMIT: "status.line.time",
    _NO_BOUND: "status.line.nobound",
}
_SENTENCE = {
    OPTIMAL: "status.sentence.optimal",
    _LP_OPTIMAL: "status.sentence.lp",
    WITHIN_GAP: "status.sentence.within",
    TIME_LIMIT: "status.sentence.time",
    _NO_BOUND: "status.sentence.nobound",
}
#: The status, short enough for a metric tile.
_BRIEF = {WITHIN_GAP: "status.brief.within", TIME_LIMIT: "status.brief.time"}


def _worded(
    solver: Mapping[str, Any],
    wording: Mapping[str, str],
    say: Callable[..., str] = tr,
    name: Callable[[str], str] = term,
) -> str:
    """The solver's status in one face's ``wording``: a message said by ``say``, or the status
    named by ``name``."""
    status = str(solver.get("status", "unknown"))
    gap = number(solver.get("gap"))
    if status == WITHIN_GAP and gap is None:
        return name(status)
    if status == TIME_LIMIT and (gap is None or math.isinf(gap)):
        status = _NO_BOUND
    elif status == OPTIMAL and not solver.get("is_mip", True):
        status = _LP_OPTIMAL
    message = wording.get(status)
    return name(status) if message is None else say(message, gap=percent(gap))


def status_said(solver: Mapping[str, Any]) -> Said | Termed:
    """The status as :func:`status_sentence` words it, kept to be said later in any language
    (:func:`optimizer.words.said.spoken`): a comparison's notes, made once and shown in the
    language of the page or file.

    >>> from optimizer.words.said import spoken
    >>> from optimizer.words.language import using_language
    >>> text = status_said({"status": "optimal", "gap": 0.0})
    >>> with using_language("zh"):
    ...     text, spoken(text)
    ('optimal (proven)', '最优（已证明）')
    """
    return _worded(solver, _SENTENCE, said, Termed)  # type: ignore[return-value]


def status_line(solver: Mapping[str, Any]) -> str:
    """The status in a few words, for a line of the command line and the batch summary.

    >>> status_line({"status": "optimal within gap", "gap": 0.0042})
    'optimal within gap 0.420%'
    >>> status_line({"status": "time limit", "gap": 0.031})
    'time limit reached, best plan within gap 3.100%'
    >>> status_line({"status": "time limit", "gap": float("inf")}), status_line({})
    ('time limit reached, no bound on how good the plan is', 'unknown')
    >>> status_line({"status": "optimal", "is_mip": False})
    'optimal'
    """
    return _worded(solver, _LINE)


def status_sentence(solver: Mapping[str, Any]) -> str:
    """The status as a sentence, for reports (exports, comparisons) and the app's caption.

    >>> status_sentence({"status": "optimal", "gap": 0.0})
    'optimal (proven)'
    >>> status_sentence({"status": "time limit", "gap": 0.031})
    'stopped at the time limit; the plan is within 3.100% of the best bound'
    >>> status_sentence({"status": "optimal within gap", "gap": "0.01"})
    'optimal within the gap limit: at most 1.000% above the best bound'
    >>> status_sentence({"status": "optimal within gap"}), status_sentence({"status": "failed"})
    ('optimal within gap', 'failed')
    """
    return _worded(solver, _SENTENCE)


def status_brief(solver: Mapping[str, Any]) -> str:
    """The status for a metric tile.

    >>> status_brief({"status": "optimal within gap"}), status_brief({"status": "optimal"})
    ('within gap', 'optimal')
    """
    status = str(solver.get("status", "unknown"))
    return tr(_BRIEF[status]) if status in _BRIEF else term(status)


def gap_brief(solver: Mapping[str, Any]) -> str | None:
    """``gap 0.420%`` beside a metric tile, or None without a gap.

    >>> gap_brief({"gap": 0.0042}), gap_brief({"gap": None})
    ('gap 0.420%', None)
    """
    gap = number(solver.get("gap"))
    return None if gap is None or math.isinf(gap) else tr("status.gap", gap=percent(gap))

"""What GLPK's log says and Pyomo's GLPK interface does not: why the search stopped and the best
bound when it did.

Pyomo reads GLPK's solution file, whose status says only "feasible" for a plan not proven optimal,
whether GLPK stopped at its time limit or at the gap it was given; the bound is left at -inf. The
last lines of ``glpsol``'s log say both: the reason (``TIME LIMIT EXCEEDED``, ``RELATIVE MIP GAP
TOLERANCE REACHED``, ``INTEGER OPTIMAL SOLUTION FOUND``) and the last progress line,
``+ 4309: mip = 2.944e+07 >= 2.573e+07 12.6% (725; 144)`` (incumbent, then bound).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The log's reasons for stopping, and the termination each is in :mod:`optimizer.solvers.types`.
_REASONS = (
    ("TIME LIMIT EXCEEDED", "time limit"),
    ("RELATIVE MIP GAP TOLERANCE REACHED", "optimal"),
    ("INTEGER OPTIMAL SOLUTION FOUND", "optimal"),
    ("OPTIMAL LP SOLUTION FOUND", "optimal"),
    ("PROBLEM HAS NO PRIMAL FEASIBLE SOLUTION", "infeasible"),
    ("PROBLEM HAS NO INTEGER FEASIBLE SOLUTION", "infeasible"),
    ("PROBLEM HAS NO FEASIBLE SOLUTION", "infeasible"),
    ("PROBLEM HAS NO DUAL FEASIBLE SOLUTION", "unbounded"),
)

_PROGRESS = re.compile(
    r"^\+\s*\d+:\s+(?:mip =|>>>>>)\s+\S+(?: \S+)*?\s+[<>]=\s+(tree is empty|\S+)"
)


@dataclass(frozen=True)
class GlpkStop:
    """Why GLPK stopped (None: the log does not say) and its last bound (None: none yet, or the
    search tree was emptied, so the plan is proven optimal)."""

    termination: str | None
    bound: float | None
    tree_empty: bool


def read_glpk_log(text: str) -> GlpkStop:
    """The reason and the last bound in a ``glpsol`` log.

    >>> log = '''+   966: >>>>>   2.944288723e+07 >=   2.493218509e+07  15.3% (116; 75)
    ... +  4309: mip =   2.944288723e+07 >=   2.573023149e+07  12.6% (725; 144)
    ... TIME LIMIT EXCEEDED; SEARCH TERMINATED'''
    >>> read_glpk_log(log)
    GlpkStop(termination='time limit', bound=25730231.49, tree_empty=False)
    >>> read_glpk_log(
    ...     "+ 940: mip =   2.285372469e+07 >=   2.285265134e+07 < 0.1% (1; 545)\\n"
    ...     "RELATIVE MIP GAP TOLERANCE REACHED; SEARCH TERMINATED"
    ... ).bound
    22852651.34
    >>> read_glpk_log(
    ...     "+ 8: mip =   5.06e+05 >=     tree is empty   0.0% (0; 1)\\n"
    ...     "INTEGER OPTIMAL SOLUTION FOUND"
    ... )
    GlpkStop(termination='optimal', bound=None, tree_empty=True)
    >>> read_glpk_log("+ 453: mip =     not found yet >=              -inf        (1; 0)")
    GlpkStop(termination=None, bound=None, tree_empty=False)
    """
    termination = None
    for phrase, meaning in _REASONS:
        if phrase in text:
            termination = meaning
            break
    bound, tree_empty = None, False
    for line in text.splitlines():
        found = _PROGRESS.match(line)
        if not found:
            continue
        value = found.group(1).strip()
        tree_empty = value.startswith("tree is empty")
        try:
            bound = float(value)
        except ValueError:
            bound = None
    if bound is not None and abs(bound) == float("inf"):
        bound = None
    return GlpkStop(termination, bound, tree_empty)

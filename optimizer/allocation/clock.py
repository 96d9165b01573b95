"""The cost sharing's deadline: a :func:`time.perf_counter` instant (None: none) that every search
and programme of the exact checks looks at before it starts, and hands to HiGHS as its time limit.

When it has passed, :class:`OutOfTime` is raised; :func:`~optimizer.allocation.fairness.split_and_check`
then splits the facility by the rule's own shares and marks it not checked exactly.
"""

from __future__ import annotations

import time


class OutOfTime(RuntimeError):
    """The deadline (a :func:`time.perf_counter` instant) passed before a programme ended."""


def check_time(deadline: float | None) -> None:
    """Raise :class:`OutOfTime` when ``deadline`` has passed.

    >>> check_time(None)
    >>> check_time(time.perf_counter() - 1.0)
    Traceback (most recent call last):
    ...
    optimizer.allocation.clock.OutOfTime: the deadline passed before the coalition checks ended
    """
    if deadline is not None and time.perf_counter() >= deadline:
        raise OutOfTime("the deadline passed before the coalition checks ended")


def time_limit(deadline: float | None) -> dict[str, float]:
    """HiGHS's ``time_limit`` option (seconds) for a programme that must end by ``deadline``
    (no option without one); raises :class:`OutOfTime` when it has passed."""
    check_time(deadline)
    return {} if deadline is None else {"time_limit": max(deadline - time.perf_counter(), 1e-3)}

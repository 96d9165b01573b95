"""What ``optimizer solve`` shows while the solver runs: a live line on a terminal, one plain line
every few seconds when piped, nothing with ``--json`` or ``--quiet`` (:func:`solve_display`).

The solver reports where it stands (:class:`~optimizer.solvers.types.SolveProgress`) from its own
thread; the elapsed time shown is the user's whole wait, from the command's start.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.live import Live
from rich.text import Text

from ..solvers.types import ProgressCallback, SolveProgress
from ..words import progress_line
from .output import Output

#: Seconds between two plain lines when the output is piped.
PLAIN_EVERY_S = 5.0


class _Latest:
    """The last progress reported, and the line it reads as now."""

    def __init__(self, asked: float, currency: str) -> None:
        self.asked, self.currency = asked, currency
        self.progress: SolveProgress | None = None
        self.lock = threading.Lock()

    def __call__(self, progress: SolveProgress) -> None:
        with self.lock:
            self.progress = progress

    def line(self) -> str:
        with self.lock:
            p = self.progress
        elapsed = time.perf_counter() - self.asked
        if p is None:
            return progress_line(elapsed, None, None, None, self.currency)
        return progress_line(elapsed, p.objective, p.bound, p.gap, self.currency, p.note)

    def __rich__(self) -> Text:
        return Text(self.line(), style="dim")


class _PlainLines:
    """A line at most every :data:`PLAIN_EVERY_S` seconds, when the solver has reported."""

    def __init__(self, latest: _Latest) -> None:
        self.latest = latest
        self.printed = time.perf_counter()

    def __call__(self, progress: SolveProgress) -> None:
        self.latest(progress)
        now = time.perf_counter()
        if now - self.printed >= PLAIN_EVERY_S:
            self.printed = now
            typer.echo(self.latest.line())


@contextmanager
def solve_display(
    out: Output, asked: float, currency: str, quiet: bool = False
) -> Iterator[ProgressCallback | None]:
    """The progress display of one solve, as the callback to hand the solver (None: nothing)."""
    if quiet or out.as_json:
        yield None
        return
    latest = _Latest(asked, currency)
    if out.plain:
        yield _PlainLines(latest)
        return
    with Live(latest, console=out.console, refresh_per_second=4, transient=True):
        yield latest

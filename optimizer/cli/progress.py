"""What ``optimizer batch`` shows while it runs: a line per finished case with the counts and,
every few seconds, a line per running case with its elapsed time, best plan, bound and gap
(:class:`PlainProgress`, for logs and pipes), or a progress bar with the finished cases above it
and the running ones below it (:class:`RichProgress`, on a terminal); nothing with ``--quiet``
or ``--json``. The running cases' words are those of ``optimizer solve``
(:func:`optimizer.words.progress_line`)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

import typer
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from ..batch import BatchEvent, CaseProgress
from ..words import WITHIN_GAP, money, progress_line, status_line
from ..words.solving import solve_notes
from .output import Output
from .solve_progress import PLAIN_EVERY_S


def case_line(event: BatchEvent) -> str:
    """One line per finished case (the plain progress, and the lines above the rich bar), with
    the notes of ``optimizer solve``'s summary (a re-solve and why, a stop at the deadline).

    >>> from optimizer.batch import Counts
    >>> row = {"status": "optimal within gap", "gap": 0.004, "total_annual_cost": 1234.5}
    >>> case_line(BatchEvent("skipped", Counts(3, skipped=1), 0.1, "a--base", row))
    '[1/3] skipped a--base: optimal within gap 0.400%, total annual cost 1,234.50 (solved before)'
    >>> stopped = BatchEvent(
    ...     "done", Counts(3, done=1), 0.1, "a--base", row, solver={"stopped_at_deadline": True}
    ... )
    >>> case_line(stopped).split("; ")[1]
    "deadline: stopped at the time limit (the solve's deadline): the plan is the best found by then"
    """
    row, counts = event.row, event.counts
    number = counts.total - counts.remaining
    if event.kind == "failed":
        what = f"{row.get('status')}: {row.get('message')}"
    else:
        status = str(row.get("status"))
        shown = status_line(row) if status == WITHIN_GAP else status
        what = f"{shown}, total annual cost {money(row.get('total_annual_cost'))}"
        what += (
            " (solved before)" if event.kind == "skipped" else f", {row.get('seconds', 0):.1f} s"
        )
        what += "".join(f"; {note.label}: {note.sentence}" for note in solve_notes(event.solver))
    return f"[{number}/{counts.total}] {event.kind} {event.case}: {what}"


def running_line(progress: CaseProgress, since: float = 0.0) -> str:
    """A running case in the words of a running solve (``since``: seconds since it reported).

    >>> running_line(CaseProgress("a--base", 12.4, 1_250_000.0, 1_200_000.0, "EUR"))
    'a--base: solving, 12 s: best plan 1,250,000 EUR/year, bound 1,200,000 EUR/year, gap 4.000%'
    """
    line = progress_line(
        progress.seconds + since,
        progress.objective,
        progress.bound,
        progress.gap,
        progress.currency,
        progress.note,
    )
    return f"{progress.case}: {line}"


def _counts_text(event: BatchEvent) -> str:
    c = event.counts
    return (
        f"done {c.done}, failed {c.failed}, skipped {c.skipped}, remaining {c.remaining}, "
        f"{event.elapsed:.1f} s"
    )


class PlainProgress:
    """A line per finished case, with the counts and elapsed time, and a line per running case
    every :data:`PLAIN_EVERY_S` seconds of its solve (for logs and pipes)."""

    def __init__(self) -> None:
        self.printed: dict[str, float] = {}  # the case's seconds at its last running line

    def __call__(self, event: BatchEvent) -> None:
        if event.kind == "start":
            typer.echo(f"{event.counts.total} cases")
            return
        if event.solving is not None:
            running = event.solving
            if running.seconds - self.printed.get(running.case, 0.0) >= PLAIN_EVERY_S:
                self.printed[running.case] = running.seconds
                typer.echo(running_line(running))
            return
        self.printed.pop(str(event.case), None)
        typer.echo(f"{case_line(event)} | {_counts_text(event)}")

    def stop(self) -> None:
        """Nothing to put away (the lines are printed already)."""


class _BarAndCases(Progress):
    """A progress bar with a line under it per running case, its elapsed time kept live."""

    def __init__(self, *columns: TextColumn | BarColumn, console: Console) -> None:
        self.running: dict[str, tuple[CaseProgress, float]] = {}  # case: (progress, when)
        self.lock = threading.Lock()  # the solver's thread may report (a batch in process)
        super().__init__(*columns, console=console)

    def see(self, progress: CaseProgress) -> None:
        with self.lock:
            self.running[progress.case] = (progress, time.perf_counter())

    def forget(self, case: str) -> None:
        with self.lock:
            self.running.pop(case, None)

    def get_renderables(self) -> Iterable[RenderableType]:
        yield self.make_tasks_table(self.tasks)
        with self.lock:
            running = list(self.running.values())
        now = time.perf_counter()
        for progress, when in running:
            yield Text(running_line(progress, now - when), style="dim")


class RichProgress:
    """A progress bar with the counts, a line per finished case above it and a live line per
    running case below it."""

    def __init__(self, console: Console) -> None:
        self.bar = _BarAndCases(
            TextColumn("batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self.task = self.bar.add_task("batch", total=None, counts="")

    def __call__(self, event: BatchEvent) -> None:
        if event.solving is not None:
            self.bar.see(event.solving)
            return
        c = event.counts
        counts = f"done {c.done} · failed {c.failed} · skipped {c.skipped} · left {c.remaining}"
        if event.kind == "start":
            self.bar.start()
        else:
            self.bar.forget(str(event.case))
            colour = {"failed": "red", "skipped": "dim"}.get(event.kind, "green")
            self.bar.console.print(f"[{colour}]{escape(case_line(event))}[/]", highlight=False)
        done = c.total - c.remaining
        self.bar.update(self.task, total=c.total, completed=done, counts=counts)

    def stop(self) -> None:
        self.bar.stop()


def progress_for(out: Output, quiet: bool = False) -> PlainProgress | RichProgress | None:
    """The progress display of this output: none in JSON mode or ``quiet``, lines when piped,
    else a bar."""
    if out.as_json or quiet:
        return None
    return PlainProgress() if out.plain else RichProgress(out.console)

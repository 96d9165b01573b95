"""What ``optimizer batch`` shows while it runs: a line per finished case with the counts
(:class:`PlainProgress`, for logs and pipes) or a progress bar with those lines above it
(:class:`RichProgress`, on a terminal)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..batch import BatchEvent
from ..words import WITHIN_GAP, money, status_line
from .output import Output


def case_line(event: BatchEvent) -> str:
    """One line per finished case (the plain progress, and the lines above the rich bar).

    >>> from optimizer.batch import Counts
    >>> row = {"status": "optimal within gap", "gap": 0.004, "total_annual_cost": 1234.5}
    >>> case_line(BatchEvent("skipped", Counts(3, skipped=1), 0.1, "a--base", row))
    '[1/3] skipped a--base: optimal within gap 0.400%, total annual cost 1,234.50 (solved before)'
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
    return f"[{number}/{counts.total}] {event.kind} {event.case}: {what}"


def _counts_text(event: BatchEvent) -> str:
    c = event.counts
    return (
        f"done {c.done}, failed {c.failed}, skipped {c.skipped}, remaining {c.remaining}, "
        f"{event.elapsed:.1f} s"
    )


class PlainProgress:
    """A line per finished case, with the counts and elapsed time (for logs and pipes)."""

    def __call__(self, event: BatchEvent) -> None:
        if event.kind == "start":
            typer.echo(f"{event.counts.total} cases")
            return
        typer.echo(f"{case_line(event)} | {_counts_text(event)}")

    def stop(self) -> None:
        """Nothing to put away (the lines are printed already)."""


class RichProgress:
    """A progress bar with the counts, and a line per finished case above it."""

    def __init__(self, console: Console) -> None:
        self.bar = Progress(
            TextColumn("batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self.task = self.bar.add_task("batch", total=None, counts="")

    def __call__(self, event: BatchEvent) -> None:
        c = event.counts
        counts = f"done {c.done} · failed {c.failed} · skipped {c.skipped} · left {c.remaining}"
        if event.kind == "start":
            self.bar.start()
        else:
            colour = {"failed": "red", "skipped": "dim"}.get(event.kind, "green")
            self.bar.console.print(f"[{colour}]{escape(case_line(event))}[/]", highlight=False)
        done = c.total - c.remaining
        self.bar.update(self.task, total=c.total, completed=done, counts=counts)

    def stop(self) -> None:
        self.bar.stop()


def progress_for(out: Output) -> PlainProgress | RichProgress | None:
    """The progress display of this output: none in JSON mode, lines when piped, else a bar."""
    if out.as_json:
        return None
    return PlainProgress() if out.plain else RichProgress(out.console)

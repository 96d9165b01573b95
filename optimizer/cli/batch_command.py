"""The ``batch`` command: scenarios x variants x sweep values solved in parallel (resumable, on
a Dask cluster if asked), with a line per case as it finishes and one summary at the end."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from ..batch import (
    FAILED,
    INFEASIBLE,
    SUMMARY_CSV,
    BatchArgumentError,
    BatchError,
    BatchResult,
    Sweep,
    batch_arguments,
    run_batch,
    spec_or_scenarios,
    sweeps_from,
)
from ..schema.limits import MAX_THREADS
from ..words import money, percent
from ..words.language import using_language
from ..words.said import spoken_error
from .arguments import Language, LanguageOption
from .options import AllocationOption, GapOption, JsonOption, SolverOption, TimeLimitOption
from .output import EXIT_FAILED, Output, fail, reporting
from .progress import progress_for

#: How the sources are named in usage errors.
SOURCES = "SPEC.yaml | SCENARIO..."


def _sweeps(texts: list[str] | None, language: str) -> list[Sweep]:
    try:
        return sweeps_from(texts or [])
    except ValueError as error:
        with using_language(language):
            raise typer.BadParameter(spoken_error(error), param_hint="--sweep") from None


def _usage_error(error: BatchArgumentError, language: str) -> typer.BadParameter:
    """A usage error (exit code 2) naming the command-line option to change, its words in
    ``language``."""
    hint = SOURCES if error.argument == "scenarios" else "--" + error.argument.replace("_", "-")
    with using_language(language):
        return typer.BadParameter(spoken_error(error), param_hint=hint)


def _report_batch(out: Output, result: BatchResult) -> None:
    counts = result.counts
    if out.as_json:
        frame = result.summary.astype(object).where(result.summary.notna(), None)
        out.document(
            {
                "out": str(result.out),
                "counts": counts.as_dict(),
                "seconds": result.seconds,
                "cases": frame.to_dict("records"),
            }
        )
        return
    if not out.plain and len(result.summary) <= 40:
        out.console.print(_summary_table(result.summary))
    summary = result.summary
    said = summary["message"].fillna("").astype(str) != ""  # a solve's notes (re-solve, deadline)
    for row in summary[summary["status"].isin([FAILED, INFEASIBLE]) | said].itertuples():
        out.line(f"{row.status}: {row.case}: {row.message}")
    out.line(
        f"{counts.total} cases: {counts.done} done, {counts.failed} failed, {counts.skipped} "
        f"skipped (solved before) in {result.seconds:.1f} s; summary: "
        f"{result.out / SUMMARY_CSV}"
    )
    if result.chart is not None:
        out.line(f"sensitivity chart: {result.chart}")


def _summary_table(summary: pd.DataFrame) -> Table:
    table = Table(title="batch summary", title_justify="left")
    for column in ("case", "status", "gap", "total cost", "saving %", "facilities", "SMEs", "s"):
        table.add_column(column, justify="left" if column in ("case", "status") else "right")
    for row in summary.itertuples(index=False):
        table.add_row(
            escape(str(row.case)),
            escape(str(row.status)),
            percent(row.gap),
            money(row.total_annual_cost),
            "-" if pd.isna(row.saving_pct) else f"{row.saving_pct:.1f}",
            "-" if pd.isna(row.facilities) else str(row.facilities),
            "-" if pd.isna(row.smes_connected) else str(row.smes_connected),
            f"{row.seconds:.1f}",
        )
    return table


def batch(
    sources: Annotated[
        list[Path],
        typer.Argument(
            metavar=SOURCES,
            help="A batch spec file, or scenario folders and .xlsx workbooks.",
        ),
    ],
    variants: Annotated[
        str | None,
        typer.Option(
            "--variants",
            "--variant",
            "-v",
            metavar="all|NAMES",
            help="all (the base and every variant), or names as a,b (base is the base; a+b "
            "combines two). Default: the base only.",
        ),
    ] = None,
    sweep: Annotated[
        list[str] | None,
        typer.Option(
            "--sweep",
            "-s",
            metavar="KEY=V1,V2",
            help="Solve for each value of an override key, e.g. policy.subsidy_rate=0,0.2,0.4 "
            "or 'tiers.capex_cny*=0.8,1,1.2' (* multiplies). Several --sweep: every combination.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Results folder: a plan.json per case, summary.csv, summary.xlsx.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            metavar="N",
            min=1,
            help="Local worker processes (default min(2, CPUs); 1 solves in this process).",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="tcp://HOST:PORT",
            help="Send the cases to this Dask scheduler instead of local workers.",
        ),
    ] = None,
    dask_local: Annotated[
        int | None,
        typer.Option(
            "--dask-local",
            metavar="N",
            min=1,
            help="Start a local Dask cluster of N single-threaded workers (tests the Dask path).",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Solve again the cases already solved with the same inputs."),
    ] = False,
    time_limit: TimeLimitOption = None,
    gap: GapOption = None,
    threads: Annotated[
        int | None,
        typer.Option(
            "--threads",
            metavar="N",
            min=1,
            max=MAX_THREADS,
            help="Solver threads per case (default 1).",
        ),
    ] = None,
    solver: SolverOption = None,
    allocation: AllocationOption = None,
    plot: Annotated[
        bool,
        typer.Option("--plot", help="Draw sensitivity.png for a sweep over one parameter."),
    ] = False,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Verify every case's plan without a solver (optimizer verify); the summary's "
            "verified column says the verdict, and a plan that does not verify fails the batch.",
        ),
    ] = False,
    language: LanguageOption = Language.en,
    as_json: JsonOption = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Show nothing while the cases run (only the summary)."),
    ] = False,
) -> None:
    """Solve many cases: scenarios x variants x sweep values, in parallel, with one summary.

    Each case is written to OUT/<case-id>/plan.json as it finishes, and OUT/summary.csv and
    OUT/summary.xlsx are rewritten. A case that fails is recorded with its message and the others
    go on. Running the same command again skips the cases already solved with the same inputs
    and options (--force solves them again). See docs/batch.md.

    While the cases run, a line per finished case is shown and, for each running case, its
    elapsed time, best plan so far, best bound and their gap: live on a terminal, a line every
    few seconds when piped (none with --quiet or --json).

    '--language zh' says the problems of the spec file, the sweeps and the arguments in
    Simplified Chinese (the cases' lines and the summary stay in English).

    Exit code 0 when every case has a plan, 1 when any case failed or was infeasible.
    """
    output = Output(as_json=as_json, language=language.value)
    with reporting(output, f"reading {sources[0]}", str(sources[0])):
        try:
            spec = spec_or_scenarios(sources)
        except BatchArgumentError as error:
            raise _usage_error(error, output.language) from None
    given = {
        "variants": variants,
        "sweeps": _sweeps(sweep, output.language),
        "out": out,
        "workers": workers,
        "scheduler": scheduler,
        "dask_local": dask_local,
        "plot": plot,
        "allocation": allocation,
        "options": {
            "time_limit_s": time_limit,
            "mip_gap": gap,
            "threads": threads,
            "solver": solver,
        },
    }
    try:
        arguments = batch_arguments(spec, given)
    except BatchArgumentError as error:
        raise _usage_error(error, output.language) from None
    progress = progress_for(output, quiet)
    try:
        with reporting(output, "running the batch", "batch"):
            try:
                result = run_batch(**arguments, force=force, progress=progress, verify=verify)
            except (ValueError, BatchError) as error:
                with using_language(output.language):
                    fail(output, spoken_error(error))
    except KeyboardInterrupt:
        fail(
            output,
            f"interrupted; the cases finished so far are in {arguments['out']}: run the same "
            "command again to go on from there",
        )
    finally:
        if progress is not None:
            progress.stop()
    _report_batch(output, result)
    unverified = _unverified(result) if verify else []
    for line in unverified:
        output.line(line)
    if not result.ok or unverified:
        raise typer.Exit(EXIT_FAILED)


def _unverified(result: BatchResult) -> list[str]:
    """A line per case whose plan did not verify."""
    summary = result.summary
    if "verified" not in summary:
        return []
    bad = summary[summary["verified"].fillna("").astype(str).str.startswith("not verified")]
    return [f"{row.case}: {row.verified}" for row in bad.itertuples(index=False)]

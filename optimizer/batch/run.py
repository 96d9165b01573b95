"""The run of a batch (:func:`run_batch`): expand, resolve, skip what is stored, solve the rest,
write each case and the summary as it finishes, and draw the sensitivity chart."""

from __future__ import annotations

import math
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..pipeline import DEFAULT_RULE
from ..plan import Plan
from ..plan_views import currency_in
from ..problems import ScenarioError
from ..scenario import Scenario
from ..sensitivity import sensitivity_chart
from ..solvers.types import SolveOptions
from ..verify import verify_plan
from ..words.verification import difference_sentence, verification_line
from .arguments import check_batch
from .cases import Case, Source, expand_cases, read_sources, resolve
from .executors import _executor
from .options import case_options, check_options
from .result import BatchEvent, BatchResult, CaseProgress, Counts
from .store import earlier_plan_note, forget_error, stored_plan, write_case
from .summary import failure_row, plan_row, summary_frame, write_summary
from .sweeps import Sweep, sweeps_from
from .work import Outcome, Task, error_outcome

CHART_FILE = "sensitivity.png"
#: The workbook is rewritten at most this often while cases finish (the CSV after every case).
XLSX_EVERY_S = 2.0


@dataclass
class _Run:
    """The state of a running batch: rows by case, counts, when the workbook was last written."""

    out: Path
    cases: list[Case]
    parameters: list[str]
    progress: Callable[[BatchEvent], None] | None
    start: float
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    counts: Counts = field(init=False)
    xlsx_written: float = -math.inf
    verify: bool = False
    scenarios: dict[str, Scenario] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.counts = Counts(len(self.cases))

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def frame(self) -> pd.DataFrame:
        return summary_frame(
            [self.rows[c.id] for c in self.cases if c.id in self.rows], self.parameters
        )

    def record(
        self,
        case: Case,
        row: dict[str, Any],
        kind: str,
        write: bool = True,
        solver: Mapping[str, Any] | None = None,
    ) -> None:
        """Keep a finished case's summary ``row`` and tell ``progress`` (with its plan's
        ``solver`` report, for a case with a plan)."""
        self.rows[case.id] = row
        self.counts = self.counts.add(kind)
        if write:
            self.write()
        if self.progress is not None:
            event = BatchEvent(kind, self.counts, self.elapsed(), case.id, row, solver=solver or {})
            self.progress(event)

    def solving(self, progress: CaseProgress) -> None:
        """Pass on where a running case stands."""
        if self.progress is not None:
            self.progress(
                BatchEvent("solving", self.counts, self.elapsed(), progress.case, solving=progress)
            )

    def write(self, final: bool = False, chart: Path | None = None) -> None:
        xlsx = final or time.monotonic() - self.xlsx_written >= XLSX_EVERY_S
        write_summary(self.out, self.frame(), xlsx=xlsx, chart=chart)
        if xlsx:
            self.xlsx_written = time.monotonic()


def _prepare(
    run: _Run,
    case: Case,
    source: Source,
    options: SolveOptions | Mapping[str, Any] | None,
    allocation: str | None,
    force: bool,
) -> Task | None:
    """The task of a case, or None when it is recorded already (failed to resolve, or skipped)."""
    try:
        scenario = resolve(case, source)
        case_opts = case_options(scenario, options)
    except ScenarioError as error:
        outcome = error_outcome(case.id, error)
        _failed(run, case, outcome, allocation, write=False)
        return None
    run.scenarios[case.id] = scenario
    if not force:
        stored = stored_plan(run.out / case.id, scenario.input_hash(), case_opts, allocation)
        if stored is not None:
            forget_error(run.out / case.id)
            seconds = stored["provenance"]["batch"].get("seconds", 0.0)
            row = plan_row(case, stored["kpis"], stored["solver"], seconds)
            if run.verify:
                row["verified"] = verified_cell(Plan.from_dict(stored), scenario)
            run.record(case, row, "skipped", write=False, solver=stored["solver"])
            return None
    return Task(case.id, scenario, case_opts, allocation)


def _failed(
    run: _Run, case: Case, outcome: Outcome, allocation: str | None, write: bool = True
) -> None:
    """Record a case without a plan: ``error.json`` (beside an earlier plan, which is kept)."""
    write_case(run.out / case.id, outcome, case, allocation)
    message = outcome.message + earlier_plan_note(run.out / case.id)
    row = failure_row(case, outcome.status, message, outcome.seconds)
    run.record(case, row, "failed", write=write)


def _finish(run: _Run, case: Case, outcome: Outcome, allocation: str | None) -> None:
    if outcome.plan is None:
        _failed(run, case, outcome, allocation)
        return
    plan = write_case(run.out / case.id, outcome, case, allocation)
    if plan is not None:  # always, for an outcome with a plan
        row = plan_row(case, plan.kpis, plan.solver, outcome.seconds)
        if run.verify:
            row["verified"] = verified_cell(plan, run.scenarios.get(case.id))
        run.record(case, row, "done", solver=plan.solver)


def verified_cell(plan: Plan, scenario: Scenario | None) -> str:
    """The summary's ``verified`` cell: the verdict of :func:`optimizer.verify.verify_plan` on a
    case's plan against the case's resolved scenario, in one line."""
    try:
        result = verify_plan(plan, scenario)
    except ScenarioError as error:
        return f"not verified: {error}"
    line = verification_line(result.counts(), sum(result.checked.values()))
    firsts = [difference_sentence(d.as_dict(), result.currency) for d in result.differences[:2]]
    return "; ".join([line, *firsts])


def run_batch(
    scenarios: Sequence[str | os.PathLike | Scenario] | str | os.PathLike | Scenario,
    variants: str | Sequence[str] | None = None,
    sweeps: Mapping[str, Any] | Sequence[str | Sweep] | None = None,
    out: str | os.PathLike = "batch",
    workers: int = 2,
    scheduler: str | None = None,
    dask_local: int | None = None,
    force: bool = False,
    options: SolveOptions | Mapping[str, Any] | None = None,
    plot: bool = False,
    progress: Callable[[BatchEvent], None] | None = None,
    allocation: str | None = DEFAULT_RULE,
    verify: bool = False,
) -> BatchResult:
    """Solve every case of scenarios x variants x sweep values; one bad case never stops the rest.

    Parameters
    ----------
    scenarios
        Scenario folders or workbooks (or :class:`Scenario` objects).
    variants
        None: the base only; ``"all"``: the base and every declared variant; else names (a list
        or ``"a,b"``), ``base`` for the base, ``a+b`` for a combination.
    sweeps
        ``{key: values}`` or ``["KEY=V1,V2", ...]`` (override keys as in docs/scenario-format.md);
        every combination of values is a case.
    out
        Folder of the results: ``<case-id>/plan.json`` per case, ``summary.csv``, ``summary.xlsx``.
    workers
        Local worker processes (1: solve in this process, for debugging).
    scheduler, dask_local
        A Dask scheduler address (``tcp://host:8786``), or the number of workers of a local Dask
        cluster to start; either replaces the local pool.
    force
        Solve again cases whose stored plan has the same inputs and options.
    options
        :class:`SolveOptions` for every case, or overrides of each scenario's own solver settings
        (``{"time_limit_s": 60, "mip_gap": 0.01}``); HiGHS gets one thread unless ``threads``
        is given.
    plot
        Draw ``sensitivity.png`` (and a sheet of ``summary.xlsx``); needs exactly one sweep.
    progress
        Called with a :class:`BatchEvent` at the start, every few seconds while a case is
        solved in this process or by a local worker (kind ``solving``: the best plan, bound and
        gap so far), and as each case finishes.
    allocation
        Cost-sharing rule of the plans (None: none).
    verify
        Verify each case's plan (solved or stored) against its scenario without a solver
        (:mod:`optimizer.verify`); the summary's ``verified`` column says the verdict.

    Raises
    ------
    ValueError
        Arguments that cannot work: a malformed sweep, an unknown solver option, or a
        :class:`BatchArgumentError` (``plot`` without exactly one sweep, a scheduler and a local
        cluster both, ...).
    BatchError
        The executor cannot run (Dask missing, scheduler unreachable).
    """
    start = time.perf_counter()
    if isinstance(scenarios, str | os.PathLike | Scenario):
        scenarios = [scenarios]
    swept = sweeps_from(sweeps)
    check_batch(workers, scheduler, dask_local, plot, len(swept))
    check_options(options)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sources = read_sources(scenarios)
    cases = expand_cases(sources, variants, swept)
    run = _Run(out, cases, [s.key for s in swept], progress, start, verify=verify)
    if progress is not None:
        progress(BatchEvent("start", run.counts, run.elapsed()))
    tasks = [_prepare(run, c, sources[c.source], options, allocation, force) for c in cases]
    pending = [t for t in tasks if t is not None]
    by_id = {c.id: c for c in cases}
    run.write()
    listen = run.solving if progress is not None else None
    outcomes = _executor(pending, workers, scheduler, dask_local, listen)
    try:
        with _sigterm_as_interrupt():
            for outcome in outcomes:
                _finish(run, by_id[outcome.case_id], outcome, allocation)
    except BaseException:  # Ctrl+C or kill: stop the workers, then a summary of what is done
        outcomes.close()
        run.write(final=True)
        raise
    chart = _chart(run, swept, sources) if plot else None
    run.write(final=True, chart=chart)
    return BatchResult(run.frame(), run.counts, time.perf_counter() - start, out, chart)


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While the cases run, SIGTERM (``kill PID``) stops the batch as Ctrl+C does: workers
    stopped, the summary written (only in the main thread, where Python handles signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt(f"stopped by {signal.Signals(signum).name}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _chart(run: _Run, sweeps: Sequence[Sweep], sources: Sequence[Source]) -> Path:
    read = [s.scenario for s in sources if s.scenario is not None]
    currency = currency_in(read[0].config if read else {})
    return sensitivity_chart(run.frame(), sweeps[0].key, run.out / CHART_FILE, currency)

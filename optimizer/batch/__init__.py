"""Many solves at once: scenarios x variants x sweep values, in parallel, resumable.

The recipe of :func:`run_batch`:

1. read each scenario once and expand the cases (scenario x variant x every combination of sweep
   values), each with a readable, deterministic id (``mixed-park--subsidy-40--tiers.capex_cny-x1.2``);
2. resolve each case in this process (variant and sweep overrides applied, input hash computed); a
   case that cannot be resolved (unknown variant, a sweep that sets what the variant sets) is
   recorded as failed and the others go on;
3. skip the cases whose ``OUT/<case-id>/plan.json`` was solved from the same inputs with the same
   solver options and cost-sharing rule (unless ``force``);
4. send the others to the executor (in this process, a local process pool, or a Dask cluster):
   a worker receives a resolved :class:`Scenario` and :class:`SolveOptions` and returns a
   :class:`Plan` or an error record, never a Pyomo object, and never writes a file;
5. as each case finishes, write its ``plan.json`` (here, so Dask workers need no shared disk) and
   rewrite ``OUT/summary.csv`` and ``OUT/summary.xlsx`` (atomically);
6. with ``plot``, draw the sensitivity chart of the one swept parameter.

See ``docs/batch.md`` for the spec file, the case ids, resuming and the Dask set-up.

The modules, in the order of the recipe: ``sweeps`` (sweeps and variants), ``cases`` (cases and
their ids), ``options`` (solver options of the cases), ``work`` (the solve of one case, in a
worker), ``executors`` (in this process, a process pool, Dask), ``store`` (a case's folder:
``plan.json``, resuming), ``summary`` (the summary table and its files), ``result`` (counts,
progress events, the result), ``run`` (:func:`run_batch`), ``spec`` (YAML spec files) and
``arguments`` (a spec or the scenarios, the command line over the spec, the checks of both).
Everything is imported from ``optimizer.batch``.
"""

from __future__ import annotations

from .arguments import (
    SPEC_SUFFIXES,
    BatchArgumentError,
    batch_arguments,
    check_batch,
    spec_or_scenarios,
)
from .cases import (
    MAX_ID_LENGTH,
    Case,
    Source,
    case_id,
    expand_cases,
    read_sources,
    resolve,
    value_text,
)
from .executors import BatchError, default_workers, run_in_pool, run_in_process, run_on_dask
from .options import case_options, check_options, options_from
from .result import BatchEvent, BatchResult, CaseProgress, Counts
from .run import CHART_FILE, XLSX_EVERY_S, run_batch
from .spec import SPEC_KEYS, BatchSpec, load_spec
from .store import ERROR_FILE, PLAN_FILE, stored_plan, write_case
from .summary import (
    ID_COLUMNS,
    RESULT_COLUMNS,
    SUMMARY_CSV,
    SUMMARY_XLSX,
    failure_row,
    plan_row,
    summary_frame,
    write_summary,
)
from .sweeps import ALL, BASE, Sweep, make_sweep, parse_sweep, scalar, sweeps_from, variant_list
from .work import FAILED, INFEASIBLE, Outcome, Task, error_outcome, problems_message, solve_case

__all__ = [
    "ALL",
    "BASE",
    "CHART_FILE",
    "ERROR_FILE",
    "FAILED",
    "ID_COLUMNS",
    "INFEASIBLE",
    "MAX_ID_LENGTH",
    "PLAN_FILE",
    "RESULT_COLUMNS",
    "SPEC_KEYS",
    "SPEC_SUFFIXES",
    "SUMMARY_CSV",
    "SUMMARY_XLSX",
    "XLSX_EVERY_S",
    "BatchArgumentError",
    "BatchError",
    "BatchEvent",
    "BatchResult",
    "BatchSpec",
    "Case",
    "CaseProgress",
    "Counts",
    "Outcome",
    "Source",
    "Sweep",
    "Task",
    "batch_arguments",
    "case_id",
    "case_options",
    "check_batch",
    "check_options",
    "default_workers",
    "error_outcome",
    "expand_cases",
    "failure_row",
    "load_spec",
    "make_sweep",
    "options_from",
    "parse_sweep",
    "plan_row",
    "problems_message",
    "read_sources",
    "resolve",
    "run_batch",
    "run_in_pool",
    "run_in_process",
    "run_on_dask",
    "scalar",
    "solve_case",
    "spec_or_scenarios",
    "stored_plan",
    "summary_frame",
    "sweeps_from",
    "value_text",
    "variant_list",
    "write_case",
    "write_summary",
]

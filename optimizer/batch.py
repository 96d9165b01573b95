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
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import re
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .diagnosis import InfeasibleError
from .overrides import parse_key
from .pipeline import DEFAULT_RULE, optimise, solve_options
from .plan import Plan
from .problems import Problem, ScenarioError
from .scenario import Scenario, load_scenario
from .solve import SolveOptions, SolverError

#: Variant name of the base scenario in case ids and the summary.
BASE = "base"
#: ``variants="all"``: the base and every variant the scenario declares.
ALL = "all"
PLAN_FILE = "plan.json"
ERROR_FILE = "error.json"
SUMMARY_CSV = "summary.csv"
SUMMARY_XLSX = "summary.xlsx"
CHART_FILE = "sensitivity.png"
#: Summary columns before the swept parameters, and after them.
ID_COLUMNS = ("case", "scenario", "variant")
RESULT_COLUMNS = (
    "status",
    "gap",
    "total_annual_cost",
    "saving",
    "saving_pct",
    "facilities",
    "smes_connected",
    "seconds",
    "message",
)
FAILED = "failed"
INFEASIBLE = "infeasible"
#: The workbook is rewritten at most this often while cases finish (the CSV after every case).
XLSX_EVERY_S = 2.0
#: Case ids longer than this are shortened and end with a hash of the full id.
MAX_ID_LENGTH = 120
_SOLVER_KEYS = {
    "name": "solver",
    "solver": "solver",
    "time_limit_s": "time_limit_s",
    "mip_gap": "mip_gap",
    "threads": "threads",
    "seed": "seed",
}


class BatchError(RuntimeError):
    """The batch cannot run at all (no Dask, an unreachable scheduler); cases never raise it."""


# ---------------------------------------------------------------------------------------------
# Sweeps and variants
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sweep:
    """One swept override key and its values, e.g. ``tiers.capex_cny*`` over 0.8, 1, 1.2."""

    key: str
    values: tuple[Any, ...]

    @property
    def multiply(self) -> bool:
        return self.key.endswith("*")


def scalar(text: str) -> Any:
    """A sweep value written on the command line: a number, true/false, or text.

    >>> scalar("0.2"), scalar("3"), scalar("true"), scalar("forbidden")
    (0.2, 3, True, 'forbidden')
    """
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    return text


def _split_key(text: str) -> tuple[str, str]:
    """Split ``KEY=VALUES`` at the first ``=`` outside ``[...]`` (row selectors hold ``=``)."""
    depth = 0
    for i, char in enumerate(text):
        depth += (char == "[") - (char == "]")
        if char == "=" and depth == 0:
            return text[:i].strip(), text[i + 1 :]
    raise ValueError(f"cannot read the sweep {text!r}: write KEY=VALUE,VALUE,...")


def make_sweep(key: str, values: Any) -> Sweep:
    """A checked sweep: the key must read as an override key, with at least one value.

    >>> make_sweep("policy.subsidy_rate", [0, 0.2]).values
    (0, 0.2)
    """
    try:
        parse_key(key)
    except ValueError as error:
        raise ValueError(f"sweep key {key!r}: {error}") from None
    if isinstance(values, str):
        values = [scalar(v) for v in values.split(",")]
    elif not isinstance(values, Sequence):
        values = [values]
    values = tuple(values)
    if not values or any(v == "" for v in values):
        raise ValueError(f"sweep {key!r}: give one or more values separated by commas")
    return Sweep(key.strip(), values)


def parse_sweep(text: str) -> Sweep:
    """Read ``KEY=V1,V2,...`` as given to ``--sweep``.

    >>> parse_sweep("tiers[service=sewage].capex_cny*=0.8,1,1.2")
    Sweep(key='tiers[service=sewage].capex_cny*', values=(0.8, 1, 1.2))
    """
    key, values = _split_key(text)
    return make_sweep(key, values)


def sweeps_from(sweeps: Mapping[str, Any] | Sequence[str | Sweep] | None) -> list[Sweep]:
    """Sweeps given as ``{key: values}``, as ``KEY=V1,V2`` texts or :class:`Sweep` objects."""
    if not sweeps:
        return []
    if isinstance(sweeps, Mapping):
        out = [make_sweep(str(k), v) for k, v in sweeps.items()]
    else:
        out = [s if isinstance(s, Sweep) else parse_sweep(str(s)) for s in sweeps]
    keys = [s.key for s in out]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ValueError(f"the sweep key {repeated[0]!r} is given twice; give its values once")
    return out


def variant_list(variants: str | Sequence[str] | None, declared: Sequence[str]) -> list[str | None]:
    """The variants to run for one scenario (``None`` is the base).

    ``None``: the base only; ``"all"``: the base and every declared variant; otherwise names
    (a list, or one text ``a,b``), where ``base`` is the base and ``a+b`` a combination.

    >>> variant_list("all", ["low", "high"])
    [None, 'low', 'high']
    >>> variant_list("base,low+high", ["low", "high"])
    [None, 'low,high']
    """
    if variants is None:
        return [None]
    if isinstance(variants, str):
        if variants.strip() == ALL:
            return [None, *declared]
        variants = variants.split(",")
    out: list[str | None] = []
    for name in variants:
        name = str(name).strip()
        if not name:
            continue
        chosen = None if name == BASE else ",".join(p.strip() for p in name.split("+"))
        if chosen not in out:
            out.append(chosen)
    return out or [None]


# ---------------------------------------------------------------------------------------------
# Cases and their ids
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One solve of a batch: a scenario, a variant (None: the base) and swept values."""

    id: str
    source: int  # position of the scenario among those given
    scenario: str
    variant: str | None
    sweep: tuple[tuple[str, Any], ...] = ()

    @property
    def variant_label(self) -> str:
        return self.variant.replace(",", "+") if self.variant else BASE


def _safe(text: str) -> str:
    """Text made safe in file names on every system (letters, digits and ``._@=+-``).

    >>> _safe("tiers[service=sewage].capex_cny")
    'tiers@service=sewage.capex_cny'
    """
    text = text.replace("[", "@").replace("]", "")
    return re.sub(r"[^A-Za-z0-9._@=+-]+", "_", text).strip("_") or "_"


def value_text(value: Any) -> str:
    """A swept value as written in case ids: ``1.2``, ``1`` (for 1.0), ``true``, ``forbidden``.

    >>> value_text(1.0), value_text(0.25), value_text(False), value_text("low cap")
    ('1', '0.25', 'false', 'low_cap')
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return _safe(str(value))


def case_id(scenario: str, variant: str | None, sweep: Sequence[tuple[str, Any]]) -> str:
    """The case's folder name: ``scenario--variant--key=value--key-xfactor``.

    >>> case_id("mixed-park", "subsidy-40", [("tiers.capex_cny*", 1.2)])
    'mixed-park--subsidy-40--tiers.capex_cny-x1.2'
    >>> case_id("tiny", None, [("policy.subsidy_rate", 0.2)])
    'tiny--base--policy.subsidy_rate=0.2'
    """
    parts = [_safe(scenario), _safe(variant.replace(",", "+")) if variant else BASE]
    for key, value in sweep:
        if key.endswith("*"):
            parts.append(f"{_safe(key[:-1])}-x{value_text(value)}")
        else:
            parts.append(f"{_safe(key)}={value_text(value)}")
    text = "--".join(parts)
    if len(text) > MAX_ID_LENGTH:
        digest = hashlib.sha256(text.encode()).hexdigest()[:10]
        text = f"{text[: MAX_ID_LENGTH - 11]}-{digest}"
    return text


@dataclass(frozen=True)
class Source:
    """A scenario given to the batch, read once: its scenario, or why it cannot be read."""

    given: str
    stem: str
    scenario: Scenario | None
    error: ScenarioError | None = None

    @property
    def name(self) -> str:
        return self.scenario.name if self.scenario is not None else self.stem


def read_sources(scenarios: Sequence[str | os.PathLike | Scenario]) -> list[Source]:
    """Read each scenario once; stems (case id prefixes) are made unique by numbering repeats."""
    sources = []
    seen: dict[str, int] = {}
    for item in scenarios:
        if isinstance(item, Scenario):
            given, stem, scenario, error = item.name, item.name, item, None
        else:
            path = Path(item)
            given, stem = str(item), path.stem if path.suffix.lower() == ".xlsx" else path.name
            scenario, error = _try_load(path)
        seen[stem] = seen.get(stem, 0) + 1
        if seen[stem] > 1:
            stem = f"{stem}-{seen[stem]}"
        sources.append(Source(given, stem, scenario, error))
    return sources


def _try_load(path: Path) -> tuple[Scenario | None, ScenarioError | None]:
    try:
        return load_scenario(path), None
    except ScenarioError as error:
        return None, error


def expand_cases(
    sources: Sequence[Source],
    variants: str | Sequence[str] | None = None,
    sweeps: Sequence[Sweep] = (),
) -> list[Case]:
    """Every case, in a fixed order: scenario, then variant, then sweep values (last fastest).

    A scenario that cannot be read gives one case (its base) that will fail with the reason.
    """
    combos = list(itertools.product(*[[(s.key, v) for v in s.values] for s in sweeps]))
    cases = []
    for index, source in enumerate(sources):
        if source.scenario is None:
            cases.append(Case(source.stem, index, source.name, None))
            continue
        for variant in variant_list(variants, list(source.scenario.variants)):
            for combo in combos:
                ident = case_id(source.stem, variant, combo)
                cases.append(Case(ident, index, source.name, variant, tuple(combo)))
    ids = [c.id for c in cases]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(
            f"two cases would have the id {repeated[0]!r}: a sweep lists the same value twice "
            "(e.g. 1 and 1.0)"
        )
    return cases


def resolve(case: Case, source: Source) -> Scenario:
    """The case's scenario: the variant, then the swept values (origin ``sweep``), applied.

    Raises :class:`ScenarioError` when the scenario cannot be read, the variant is unknown, or
    a sweep sets what the variant sets.
    """
    if source.scenario is None:
        raise source.error or ScenarioError(f"cannot read {source.given}")
    scenario = source.scenario.with_variant(case.variant)
    if case.sweep:
        scenario = scenario.with_overrides(dict(case.sweep), origin="sweep")
    return scenario


# ---------------------------------------------------------------------------------------------
# The work of one case (runs in a worker process, or on a Dask worker)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """What a worker receives: the resolved scenario, how to solve it, which sharing rule."""

    case_id: str
    scenario: Scenario
    options: SolveOptions
    allocation: str | None


@dataclass(frozen=True)
class Outcome:
    """What a worker returns: a plan, or the status and message of a failure (never both)."""

    case_id: str
    plan: Plan | None
    status: str
    message: str = ""
    seconds: float = 0.0
    problems: tuple[dict[str, Any], ...] = ()


def problems_message(error: ScenarioError, limit: int = 3) -> str:
    """The errors of a :class:`ScenarioError` in one line (the first ``limit``, then a count).

    >>> error = ScenarioError([Problem("tiers.csv", "capex_cny", "a number")] * 3)
    >>> problems_message(error, limit=1)
    'tiers.csv, capex_cny: found nothing, expected a number; and 2 more'
    """
    errors = error.errors or error.problems
    text = "; ".join(str(p) for p in errors[:limit])
    if len(errors) > limit:
        text += f"; and {len(errors) - limit} more"
    return text


def error_outcome(case_id: str, error: BaseException, seconds: float = 0.0) -> Outcome:
    """A failed case from the exception that stopped it."""
    if isinstance(error, InfeasibleError):
        message = "no plan meets every rule: " + problems_message(error)
        problems = tuple(p.as_dict() for p in error.problems)
        return Outcome(case_id, None, INFEASIBLE, message, seconds, problems)
    if isinstance(error, ScenarioError):
        problems = tuple(p.as_dict() for p in error.problems)
        return Outcome(case_id, None, FAILED, problems_message(error), seconds, problems)
    if isinstance(error, SolverError):
        return Outcome(case_id, None, FAILED, str(error), seconds)
    where = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    place = f" at {Path(where[0].filename).name}:{where[0].lineno}" if where else ""
    message = f"internal error: {type(error).__name__}: {error}{place} (please report this)"
    return Outcome(case_id, None, FAILED, message, seconds)


def solve_case(task: Task) -> Outcome:
    """Solve one case; every failure comes back as an :class:`Outcome`, never as an exception."""
    start = time.perf_counter()
    try:
        plan = optimise(task.scenario, task.options, allocation=task.allocation)
    except Exception as error:
        return error_outcome(task.case_id, error, time.perf_counter() - start)
    seconds = time.perf_counter() - start
    return Outcome(task.case_id, plan, str(plan.solver.get("status")), seconds=seconds)


# ---------------------------------------------------------------------------------------------
# Options, resuming, summary rows
# ---------------------------------------------------------------------------------------------


def case_options(
    scenario: Scenario, options: SolveOptions | Mapping[str, Any] | None
) -> SolveOptions:
    """The solver options of a case: ``options`` as given, or the scenario's own solver settings
    with the given overrides; one HiGHS thread unless ``threads`` is given (workers run side by
    side)."""
    if isinstance(options, SolveOptions):
        return options
    overrides = {"threads": 1, **{k: v for k, v in (options or {}).items() if v is not None}}
    try:
        return solve_options(scenario, **overrides)
    except (TypeError, ValueError) as error:
        expected = "numbers in solver.time_limit_s, mip_gap, threads and seed"
        found = f"settings that cannot be used ({error})"
        raise ScenarioError(
            [Problem(scenario.settings_label, "solver", expected, found=found)]
        ) from None


def check_options(options: SolveOptions | Mapping[str, Any] | None) -> None:
    """Refuse option names that :class:`SolveOptions` does not have (before any case runs).

    >>> check_options({"mip_gap": 0.01})
    >>> check_options({"gap": 0.01})
    Traceback (most recent call last):
    ValueError: unknown solver option 'gap'; expected some of mip_gap, relax, seed, solver, threads, time_limit_s, verbose
    """
    if options is None or isinstance(options, SolveOptions):
        return
    known = {f.name for f in fields(SolveOptions)} - {"warm_start"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise ValueError(
            f"unknown solver option {unknown[0]!r}; expected some of {', '.join(sorted(known))}"
        )


def options_from(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Solver overrides from ``solver:`` settings (names as in scenario.yaml: ``name``,
    ``time_limit_s``, ``mip_gap``, ``threads``, ``seed``).

    >>> options_from({"name": "highs", "mip_gap": 0.01})
    {'solver': 'highs', 'mip_gap': 0.01}
    """
    unknown = sorted(set(settings) - set(_SOLVER_KEYS))
    if unknown:
        raise ValueError(
            f"unknown solver option {unknown[0]!r}; expected one of {', '.join(sorted(_SOLVER_KEYS))}"
        )
    return {_SOLVER_KEYS[k]: v for k, v in settings.items()}


def stored_plan(
    folder: Path, input_hash: str, options: SolveOptions, allocation: str | None
) -> dict[str, Any] | None:
    """The stored plan of a case (as JSON data) when it was solved from the same inputs with the
    same options and sharing rule; else None."""
    try:
        data = json.loads((folder / PLAN_FILE).read_text(encoding="utf-8"))
        provenance = data["provenance"]
        same = (
            data.get("format") == "shared-facility-plan"
            and provenance["input_hash"] == input_hash
            and provenance["options"] == options.public()
            and provenance["batch"]["allocation"] == allocation
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data if same else None


def _number(value: Any) -> float:
    return (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else math.nan
    )


def plan_row(
    case: Case, kpis: Mapping[str, Any], solver: Mapping[str, Any], seconds: float
) -> dict:
    """The summary row of a solved case, from a plan's KPIs and solver report (as in plan.json)."""
    status = str(solver.get("status"))
    gap = _number(solver.get("gap"))
    message = ""
    if status == "time limit":
        message = f"time limit reached; best plan within gap {gap:.3%}"
    return {
        **_id_cells(case),
        "status": status,
        "gap": gap,
        "total_annual_cost": _number(kpis.get("total_annual_cost")),
        "saving": _number(kpis.get("saving")),
        "saving_pct": _number(kpis.get("saving_pct")),
        "facilities": kpis.get("facilities"),
        "smes_connected": kpis.get("smes_connected"),
        "seconds": float(seconds),
        "message": message,
    }


def failure_row(case: Case, status: str, message: str, seconds: float = 0.0) -> dict:
    """The summary row of a case without a plan (``failed`` or ``infeasible``)."""
    return {**_id_cells(case), "status": status, "seconds": float(seconds), "message": message}


def _id_cells(case: Case) -> dict[str, Any]:
    return {
        "case": case.id,
        "scenario": case.scenario,
        "variant": case.variant_label,
        **dict(case.sweep),
    }


# ---------------------------------------------------------------------------------------------
# Progress and result
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """How many cases are done (solved in this run), failed, skipped (solved before) and left."""

    total: int
    done: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def remaining(self) -> int:
        return self.total - self.done - self.failed - self.skipped

    def add(self, kind: str) -> Counts:
        """The counts with one more case of ``kind`` (``done``, ``failed`` or ``skipped``)."""
        return replace(self, **{kind: getattr(self, kind) + 1})

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "done": self.done,
            "failed": self.failed,
            "skipped": self.skipped,
            "remaining": self.remaining,
        }


@dataclass(frozen=True)
class BatchEvent:
    """Sent to ``progress``: ``kind`` is ``start`` (once, before any case), then ``done``,
    ``failed`` or ``skipped`` per case with its summary ``row``."""

    kind: str
    counts: Counts
    elapsed: float
    case: str | None = None
    row: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchResult:
    """The summary table (one row per case, in case order), the counts and the wall time."""

    summary: pd.DataFrame
    counts: Counts
    seconds: float
    out: Path
    chart: Path | None = None

    @property
    def ok(self) -> bool:
        """True when no case failed."""
        return self.counts.failed == 0


def summary_frame(rows: Sequence[Mapping[str, Any]], parameters: Sequence[str]) -> pd.DataFrame:
    """Summary rows as a table with every column, in order."""
    columns = [*ID_COLUMNS, *parameters, *RESULT_COLUMNS]
    frame = pd.DataFrame(list(rows), columns=columns)
    for column in ("gap", "total_annual_cost", "saving", "saving_pct", "seconds"):
        frame[column] = frame[column].astype("float64")
    for column in ("facilities", "smes_connected"):
        frame[column] = frame[column].astype("Int64")
    frame["message"] = frame["message"].fillna("")
    return frame


# ---------------------------------------------------------------------------------------------
# Writing (in the main process only)
# ---------------------------------------------------------------------------------------------


def write_case(folder: Path, outcome: Outcome, case: Case, allocation: str | None) -> Plan | None:
    """Write a finished case's ``plan.json`` (or ``error.json``, removing a stale plan)."""
    from .export import write_text

    folder.mkdir(parents=True, exist_ok=True)
    if outcome.plan is None:
        (folder / PLAN_FILE).unlink(missing_ok=True)
        error = {
            "case": case.id,
            "status": outcome.status,
            "message": outcome.message,
            "problems": list(outcome.problems),
        }
        write_text(folder / ERROR_FILE, json.dumps(error, indent=1, ensure_ascii=False))
        return None
    batch = {
        "case": case.id,
        "seconds": outcome.seconds,
        "allocation": allocation,
        "sweep": dict(case.sweep),
    }
    plan = replace(outcome.plan, provenance={**outcome.plan.provenance, "batch": batch})
    write_text(folder / PLAN_FILE, plan.to_json())
    (folder / ERROR_FILE).unlink(missing_ok=True)
    return plan


def write_summary(
    out: Path, frame: pd.DataFrame, xlsx: bool = True, chart: Path | None = None
) -> None:
    """Rewrite ``summary.csv`` (and ``summary.xlsx``) atomically."""
    from .export import write_text

    write_text(out / SUMMARY_CSV, frame.to_csv(index=False, lineterminator="\n"))
    if xlsx:
        from .files import atomic_target

        with atomic_target(out / SUMMARY_XLSX) as temporary:
            _write_summary_xlsx(frame, temporary, chart)


_XLSX_FORMATS = {
    "gap": "0.000%",
    "total_annual_cost": "#,##0.00",
    "saving": "#,##0.00",
    "saving_pct": "0.00",
    "seconds": "0.0",
}


def _write_summary_xlsx(frame: pd.DataFrame, file: Path, chart: Path | None) -> None:
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Summary"
    sheet.append([str(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False, name=None):
        sheet.append([_xlsx_cell(v) for v in row])
    for i, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(i)
        width = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
        for cell in sheet[letter][1:]:
            cell.number_format = _XLSX_FORMATS.get(str(column), cell.number_format)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    if chart is not None and chart.is_file():
        book.create_sheet("Sensitivity").add_image(Image(str(chart)), "A1")
    book.save(file)


def _xlsx_cell(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


# ---------------------------------------------------------------------------------------------
# Executors: in this process, a local process pool, a Dask cluster
# ---------------------------------------------------------------------------------------------


def default_workers() -> int:
    """min(2, the CPUs this process may use)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(2, cpus))


def run_in_process(tasks: Sequence[Task]) -> Iterator[Outcome]:
    """Solve one case after the other in this process (``workers=1``: breakpoints work)."""
    for task in tasks:
        yield solve_case(task)


def run_in_pool(tasks: Sequence[Task], workers: int) -> Iterator[Outcome]:
    """Solve in a local process pool; a worker that dies fails its case, not the batch."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["optimizer.batch"])
    pool = ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context)
    futures = {pool.submit(solve_case, task): task for task in tasks}
    try:
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as error:  # the worker process died (killed, out of memory)
                yield _lost(futures[future], error)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _lost(task: Task, error: BaseException) -> Outcome:
    return Outcome(
        task.case_id,
        None,
        FAILED,
        f"the worker running this case stopped ({type(error).__name__}: {error}); "
        "run the same command again to retry it",
    )


def run_on_dask(
    tasks: Sequence[Task], scheduler: str | None = None, local_workers: int | None = None
) -> Iterator[Outcome]:
    """Solve on a Dask cluster: an existing scheduler, or a local cluster of ``local_workers``
    single-threaded worker processes."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise BatchError(
            "running on Dask needs dask.distributed: pip install 'shared-facility-optimizer[dist]'"
        ) from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s")
        else:
            cluster = LocalCluster(
                n_workers=local_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
            )
            client = Client(cluster)
    except OSError as error:
        if cluster is not None:
            cluster.close()
        raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    try:
        yield from _dask_outcomes(client, as_completed, tasks)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_outcomes(client: Any, as_completed: Callable, tasks: Sequence[Task]) -> Iterator[Outcome]:
    futures = {client.submit(solve_case, task, pure=False): task for task in tasks}
    try:
        for future in as_completed(list(futures)):
            try:
                yield future.result()
            except Exception as error:  # e.g. the package is missing on a worker
                outcome = _lost(futures[future], error)
                hint = " (is the same optimizer version installed on every Dask worker?)"
                yield replace(outcome, message=outcome.message + hint)
    finally:
        client.cancel(list(futures))


def _executor(
    tasks: Sequence[Task], workers: int, scheduler: str | None, dask_local: int | None
) -> Iterator[Outcome]:
    if not tasks:
        return iter(())
    if scheduler or dask_local:
        return run_on_dask(tasks, scheduler, dask_local)
    if workers <= 1 or len(tasks) == 1:
        return run_in_process(tasks)
    return run_in_pool(tasks, workers)


def _check_executor(workers: int, scheduler: str | None, dask_local: int | None) -> None:
    if scheduler and dask_local:
        raise ValueError("give either a Dask scheduler or a local Dask cluster, not both")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if dask_local is not None and dask_local < 1:
        raise ValueError(f"a local Dask cluster needs at least 1 worker, got {dask_local}")


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


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

    def __post_init__(self) -> None:
        self.counts = Counts(len(self.cases))

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def frame(self) -> pd.DataFrame:
        return summary_frame(
            [self.rows[c.id] for c in self.cases if c.id in self.rows], self.parameters
        )

    def record(self, case: Case, row: dict[str, Any], kind: str, write: bool = True) -> None:
        self.rows[case.id] = row
        self.counts = self.counts.add(kind)
        if write:
            self.write()
        if self.progress is not None:
            self.progress(BatchEvent(kind, self.counts, self.elapsed(), case.id, row))

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
        write_case(run.out / case.id, outcome, case, allocation)
        run.record(case, failure_row(case, outcome.status, outcome.message), "failed", write=False)
        return None
    if not force:
        stored = stored_plan(run.out / case.id, scenario.input_hash(), case_opts, allocation)
        if stored is not None:
            seconds = stored["provenance"]["batch"].get("seconds", 0.0)
            row = plan_row(case, stored["kpis"], stored["solver"], seconds)
            run.record(case, row, "skipped", write=False)
            return None
    return Task(case.id, scenario, case_opts, allocation)


def _finish(run: _Run, case: Case, outcome: Outcome, allocation: str | None) -> None:
    plan = write_case(run.out / case.id, outcome, case, allocation)
    if plan is None:
        run.record(
            case, failure_row(case, outcome.status, outcome.message, outcome.seconds), "failed"
        )
    else:
        run.record(case, plan_row(case, plan.kpis, plan.solver, outcome.seconds), "done")


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
        Called with a :class:`BatchEvent` at the start and as each case finishes.
    allocation
        Cost-sharing rule of the plans (None: none).

    Raises
    ------
    ValueError
        Arguments that cannot work (a malformed sweep, ``plot`` without exactly one sweep).
    BatchError
        The executor cannot run (Dask missing, scheduler unreachable).
    """
    start = time.perf_counter()
    if isinstance(scenarios, str | os.PathLike | Scenario):
        scenarios = [scenarios]
    swept = sweeps_from(sweeps)
    _check_executor(workers, scheduler, dask_local)
    check_options(options)
    if plot and len(swept) != 1:
        raise ValueError(f"a sensitivity plot needs exactly one swept parameter, got {len(swept)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sources = read_sources(scenarios)
    cases = expand_cases(sources, variants, swept)
    run = _Run(out, cases, [s.key for s in swept], progress, start)
    if progress is not None:
        progress(BatchEvent("start", run.counts, run.elapsed()))
    tasks = [_prepare(run, c, sources[c.source], options, allocation, force) for c in cases]
    pending = {t.case_id: t for t in tasks if t is not None}
    by_id = {c.id: c for c in cases}
    run.write()
    for outcome in _executor(list(pending.values()), workers, scheduler, dask_local):
        _finish(run, by_id[outcome.case_id], outcome, allocation)
    chart = _chart(run, swept, sources) if plot else None
    run.write(final=True, chart=chart)
    return BatchResult(run.frame(), run.counts, time.perf_counter() - start, out, chart)


def _chart(run: _Run, sweeps: Sequence[Sweep], sources: Sequence[Source]) -> Path:
    from .sensitivity import sensitivity_chart

    read = [s.scenario for s in sources if s.scenario is not None]
    currency = str(read[0].config.get("currency") or "CNY") if read else "CNY"
    return sensitivity_chart(run.frame(), sweeps[0].key, run.out / CHART_FILE, currency)


# ---------------------------------------------------------------------------------------------
# Spec files
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchSpec:
    """A batch as written in a YAML spec file (paths resolved against the file's folder).

    Fields left out are None; the command line fills them or uses the defaults.
    """

    scenarios: tuple[Path, ...]
    variants: str | tuple[str, ...] | None = None
    sweeps: tuple[Sweep, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    allocation: str | None = DEFAULT_RULE
    out: Path | None = None
    workers: int | None = None
    scheduler: str | None = None
    dask_local: int | None = None
    plot: bool = False


SPEC_KEYS = (
    "scenarios",
    "variants",
    "sweeps",
    "solver",
    "allocation",
    "out",
    "workers",
    "scheduler",
    "dask_local",
    "plot",
)


def _spec_paths(value: Any, folder: Path) -> tuple[Path, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
        raise ValueError("a list of scenario folders or .xlsx files")
    return tuple(folder / v for v in items)


def _spec_variants(value: Any) -> str | tuple[str, ...] | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError("'all', or a list of variant names")


def _spec_sweeps(value: Any) -> tuple[Sweep, ...]:
    if not isinstance(value, dict):
        raise ValueError("a mapping of override keys to lists of values")
    return tuple(sweeps_from({str(k): v for k, v in value.items()}))


def _spec_solver(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("a mapping such as {time_limit_s: 60, mip_gap: 0.01}")
    return options_from(value)


def _spec_allocation(value: Any) -> str | None:
    from .allocation import RULES

    if value is None or str(value) == "none":
        return None
    if value not in RULES:
        raise ValueError(f"one of {', '.join(RULES)} or none")
    return str(value)


def _spec_count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("a whole number of at least 1")
    return value


def _spec_text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("a text")
    return value


def _spec_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def _spec_fields(data: Mapping[str, Any], folder: Path) -> tuple[dict[str, Any], list[tuple]]:
    readers: dict[str, tuple[str, Callable[[Any], Any]]] = {
        "scenarios": ("scenarios", lambda v: _spec_paths(v, folder)),
        "variants": ("variants", _spec_variants),
        "sweeps": ("sweeps", _spec_sweeps),
        "solver": ("options", _spec_solver),
        "allocation": ("allocation", _spec_allocation),
        "out": ("out", lambda v: folder / _spec_text(v)),
        "workers": ("workers", _spec_count),
        "scheduler": ("scheduler", _spec_text),
        "dask_local": ("dask_local", _spec_count),
        "plot": ("plot", _spec_bool),
    }
    values: dict[str, Any] = {}
    wrong: list[tuple] = []
    for key, value in data.items():
        if key not in readers:
            wrong.append((key, value, f"one of the keys {', '.join(SPEC_KEYS)}", "an unknown key"))
            continue
        name, reader = readers[key]
        try:
            values[name] = reader(value)
        except ValueError as error:
            wrong.append((key, value, str(error), None))
    return values, wrong


def load_spec(path: str | os.PathLike) -> BatchSpec:
    """Read a batch spec file (YAML; see docs/batch.md).

    Raises
    ------
    ScenarioError
        Every problem of the file at once, each naming the file and the key.
    """
    from .scenario import parse_settings

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(
            [Problem(path.name, None, "a readable YAML batch spec", found=str(error))]
        ) from None
    data = parse_settings(text, path.name)
    values, wrong = _spec_fields(data, path.parent)
    problems = [
        Problem(path.name, key, expected, value=None if found else _shown(value), found=found)
        for key, value, expected, found in wrong
    ]
    if "scenarios" not in data:
        problems.append(
            Problem(
                path.name, "scenarios", "a list of scenario folders or .xlsx files", found="nothing"
            )
        )
    if problems:
        raise ScenarioError(problems)
    return BatchSpec(**values)


def _shown(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) else yaml.safe_dump(value).strip()

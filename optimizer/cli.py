"""The ``optimizer`` command.

Commands: ``validate`` (every problem of a scenario, at once), ``solve`` (one plan, its summary and
files), ``batch`` (scenarios x variants x sweeps in parallel, resumable, on a Dask cluster if
asked), ``compare`` (plans side by side), ``export`` (a plan in another format), ``convert``
(folder <-> .xlsx) and ``generate`` (a synthetic park). Each command runs its work inside
:func:`reporting` and prints through :class:`Output`, :func:`report_problems` and :func:`fail`, so
that bad input always ends in a readable message and an exit code, never a Python traceback:

- ``0`` the command did its job (warnings allowed);
- ``1`` the scenario is not valid, has no feasible plan, the solver stopped without a plan, a
  batch case failed, or the command could not do its job;
- ``2`` the command line itself is wrong (typer's own usage errors).

Output is rich (tables, a progress bar) on a terminal, plain lines when piped, and a JSON
document with ``--json``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import click
import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .allocation import RULES
from .batch import (
    FAILED,
    INFEASIBLE,
    SUMMARY_CSV,
    BatchError,
    BatchEvent,
    BatchResult,
    BatchSpec,
    Sweep,
    default_workers,
    load_spec,
    run_batch,
    sweeps_from,
)
from .checks import check
from .compare import Comparison, compare_plans
from .diagnosis import InfeasibleError
from .export import FORMATS, PlanFileError, default_name, export_plan, read_plan, write_text
from .export.comparison import write_comparison
from .generate import SERVICES as GENERATED_SERVICES
from .generate import generate_park
from .pipeline import DEFAULT_RULE, optimise, solve_options
from .plan import Plan
from .problems import Problem, ScenarioError
from .scenario import load_scenario, save_scenario
from .solvers.types import SolverError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

#: Suffixes that look like a file but that ``convert`` cannot write.
_NOT_A_TARGET = (".xls", ".xlsm", ".csv", ".yaml", ".yml", ".json", ".zip")

app = typer.Typer(
    name="optimizer",
    help="Shared treatment facilities for industrial parks: check, solve, batch-run, compare "
    "and export scenarios and plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# ---------------------------------------------------------------------------------------------
# Output helpers (shared by every command)
# ---------------------------------------------------------------------------------------------


@dataclass
class Output:
    """Where and how a command prints: JSON, a rich terminal, or plain lines when piped."""

    as_json: bool = False
    console: Console = field(default_factory=Console)

    @property
    def plain(self) -> bool:
        return not self.console.is_terminal

    def line(self, text: str) -> None:
        """One line of human-readable text (nothing in JSON mode, where only the document prints)."""
        if self.as_json:
            return
        if self.plain:
            typer.echo(text)
        else:
            self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def document(self, document: dict[str, Any]) -> None:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False, default=str))


def problems_document(problems: Iterable[Problem], **extra: Any) -> dict[str, Any]:
    """``{"valid": ..., "errors": [...], "warnings": [...]}`` (plus ``extra`` keys first).

    >>> problems_document([Problem("x.csv", "a", "a number", severity="warning")])["valid"]
    True
    """
    problems = list(problems)
    errors = [p.as_dict() for p in problems if p.is_error]
    warnings = [p.as_dict() for p in problems if not p.is_error]
    return {**extra, "valid": not errors, "errors": errors, "warnings": warnings}


def summary(problems: Iterable[Problem]) -> str:
    """``2 errors, 1 warning``.

    >>> summary([Problem("x", None, "y")])
    '1 error, 0 warnings'
    """
    problems = list(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def report_problems(out: Output, problems: Iterable[Problem], title: str, **extra: Any) -> None:
    """Print problems, errors first: a JSON document, a rich table, or one line each."""
    problems = sorted(problems, key=lambda p: not p.is_error)  # stable: errors, then warnings
    if out.as_json:
        out.document(problems_document(problems, **extra))
        return
    if not problems:
        out.line(f"{title}: valid")
        return
    if out.plain:
        for problem in problems:
            typer.echo(f"{problem.severity}: {problem}")
        typer.echo(f"{title}: {summary(problems)}")
        return
    out.console.print(_problem_table(problems, f"{title}: {summary(problems)}"))


def _problem_table(problems: list[Problem], title: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=True, expand=True)
    table.add_column("", no_wrap=True)
    table.add_column("where", ratio=2)
    table.add_column("found", ratio=2)
    table.add_column("expected", ratio=3)
    for problem in problems:
        style = "bold red" if problem.is_error else "yellow"
        table.add_row(
            f"[{style}]{problem.severity}[/]",
            escape(problem.where()),
            escape(problem.found_text()),
            escape(problem.expected),
        )
    return table


def fail(out: Output, message: str, **extra: Any) -> NoReturn:
    """Print one message (or an error document in JSON mode) and exit with code 1."""
    if out.as_json:
        out.document({**extra, "valid": False, "error": message, "errors": [], "warnings": []})
    else:
        typer.echo(f"optimizer: {message}", err=True)
    raise typer.Exit(EXIT_FAILED)


@contextmanager
def reporting(out: Output, doing: str, title: str, **extra: Any) -> Iterator[None]:
    """Turn any failure inside into a message and exit code 1 (never a traceback).

    A :class:`ScenarioError` prints its problems under ``title``; any other exception is a bug,
    reported in one line that says what the command was ``doing``.
    """
    try:
        yield
    except (typer.Exit, click.exceptions.ClickException, click.exceptions.Abort):
        raise
    except ScenarioError as error:
        report_problems(out, error.problems, title, **extra)
        raise typer.Exit(EXIT_FAILED) from None
    except Exception as error:
        fail(
            out,
            f"internal error while {doing}: {type(error).__name__}: {error} (please report "
            "this with the scenario)",
            **extra,
        )


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

PathArgument = Annotated[
    Path,
    typer.Argument(
        metavar="PATH", help="A scenario folder (with scenario.yaml) or an .xlsx workbook."
    ),
]
VariantOption = Annotated[
    str | None,
    typer.Option(
        "--variant", "-v", metavar="NAME", help="Variant to apply (a name, or several as a,b)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON document instead of text.")]


@app.command()
def validate(
    path: PathArgument, variant: VariantOption = None, as_json: JsonOption = False
) -> None:
    """List every problem of a scenario: errors first, then warnings.

    Exit code 0 when the scenario is valid (warnings allowed), 1 when it is not.
    """
    out = Output(as_json=as_json)
    title = f"{path}" + (f" [{variant}]" if variant else "")
    with reporting(out, f"checking {title}", title, scenario=str(path)):
        scenario = load_scenario(path, variant)
        problems = check(scenario)
    report_problems(out, problems, scenario.label, scenario=scenario.label)
    if any(p.is_error for p in problems):
        raise typer.Exit(EXIT_FAILED)


@app.command()
def convert(
    src: Annotated[
        Path, typer.Argument(metavar="SRC", help="Scenario folder or .xlsx workbook to read.")
    ],
    dst: Annotated[
        Path,
        typer.Argument(metavar="DST", help="Where to write: a path ending in .xlsx, or a folder."),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace DST if it exists (a scenario only).")
    ] = False,
) -> None:
    """Convert a scenario folder to one .xlsx workbook, or a workbook to a folder.

    Every table, setting and variant is written. A scenario with cells that do not parse is refused (they would be lost).
    """
    out = Output()
    _refuse_target(out, src, dst, force)
    with reporting(out, f"converting {src}", str(src)):
        scenario = load_scenario(src)
        lossy = [p for p in scenario.load_problems if p.is_error and p.line is not None]
        if lossy:
            report_problems(out, lossy, f"{src}")
            fail(out, f"not converted: {len(lossy)} cell(s) would be lost; fix them first")
        save_scenario(scenario, dst)
    kind = "workbook" if dst.suffix.lower() == ".xlsx" else "folder"
    out.line(f"wrote {dst} ({kind}, {len(scenario.variants)} variants)")


def _refuse_target(out: Output, src: Path, dst: Path, force: bool) -> None:
    """Stop before reading when DST cannot or must not be written."""
    if dst.suffix.lower() in _NOT_A_TARGET:
        fail(out, f"cannot write {dst}: give a path ending in .xlsx, or a folder")
    if dst.exists() and dst.resolve() != src.resolve():
        _refuse_overwrite(out, dst, force)


def _refuse_overwrite(out: Output, dst: Path, force: bool) -> None:
    """Stop unless DST is absent, or ``force`` is given and DST is a scenario it may replace."""
    if not dst.exists():
        return
    if not force:
        fail(out, f"{dst} exists; pass --force to replace it")
    workbook = dst.suffix.lower() == ".xlsx"
    if workbook and not dst.is_file():
        fail(out, f"{dst} is a folder, not a workbook; not replaced")
    if not workbook and not (dst / "scenario.yaml").is_file():
        fail(out, f"{dst} is not a scenario folder (no scenario.yaml); not replaced")


# ---------------------------------------------------------------------------------------------
# Options shared by solve and batch
# ---------------------------------------------------------------------------------------------

TimeLimitOption = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        metavar="SECONDS",
        min=0.0,
        help="Stop the solver after this many seconds and keep the best plan found "
        "(default: the scenario's solver.time_limit_s).",
    ),
]
GapOption = Annotated[
    float | None,
    typer.Option(
        "--gap",
        metavar="GAP",
        min=0.0,
        help="Stop when the plan is proven within this relative gap of the best possible "
        "(0.01 = 1%; default: the scenario's solver.mip_gap).",
    ),
]
ThreadsOption = Annotated[
    int | None,
    typer.Option("--threads", metavar="N", min=1, help="Solver threads (default: the scenario's)."),
]
SolverOption = Annotated[
    str | None,
    typer.Option(
        "--solver",
        metavar="NAME",
        help="Solver route: highs (default), highs-standard-form, highs-appsi, highs-pyomo, "
        "or another Pyomo solver name.",
    ),
]
#: Choices of --allocation and --format (typer shows and checks them).
AllocationChoice = StrEnum("AllocationChoice", [(r, r) for r in (*RULES, "none")])
FormatChoice = StrEnum("FormatChoice", [(f, f) for f in FORMATS])

AllocationOption = Annotated[
    AllocationChoice | None,
    typer.Option(
        "--allocation",
        metavar="RULE",
        help=f"How each SME's share of a shared facility is worked out: {', '.join(RULES)}, "
        f"or none (default: {DEFAULT_RULE}).",
    ),
]


def _rule(allocation: str | None) -> str | None:
    """The allocation rule to pass on (``none`` -> None, not given -> the default).

    >>> _rule(None), _rule("none"), _rule(AllocationChoice.shapley)
    ('scrb', None, 'shapley')
    """
    if allocation is None:
        return DEFAULT_RULE
    return None if allocation == "none" else str(allocation)


def _money(value: Any, currency: str = "") -> str:
    """``506,679.75 CNY``, or ``-`` when there is no number.

    >>> _money(506679.749, "CNY")
    '506,679.75 CNY'
    """
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return "-"
    return f"{value:,.2f}" + (f" {currency}" if currency else "")


def _percent(value: Any, digits: int = 3) -> str:
    """A fraction as a percentage, or ``-``.

    >>> _percent(0.0123), _percent(None)
    ('1.230%', '-')
    """
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return "-"
    return f"{value:.{digits}%}"


# ---------------------------------------------------------------------------------------------
# solve
# ---------------------------------------------------------------------------------------------


def status_words(solver: dict[str, Any]) -> str:
    """The solver's outcome in words: ``optimal``, ``optimal within gap 0.420%``, ...

    >>> status_words({"status": "optimal within gap", "gap": 0.0042})
    'optimal within gap 0.420%'
    """
    status = str(solver.get("status", "unknown"))
    gap = solver.get("gap")
    if status == "optimal within gap" and gap is not None:
        return f"optimal within gap {gap:.3%}"
    if status == "time limit":
        if gap is None or not math.isfinite(gap):
            return "time limit reached, no bound on how good the plan is"
        return f"time limit reached, best plan within gap {gap:.3%}"
    return status


def plan_summary(plan: Plan) -> list[tuple[str, str]]:
    """What ``optimizer solve`` prints: (item, value) lines a consultant reads."""
    kpis, solver = plan.kpis, plan.solver
    currency = str(plan.provenance.get("currency") or "CNY")
    per_year = f"{currency}/year"
    saving = f"{_money(kpis.get('saving'), per_year)} ({kpis.get('saving_pct', 0.0):.1f}%)"
    by_service = kpis.get("facilities_by_service") or {}
    facilities = ", ".join(f"{s} {n}" for s, n in by_service.items()) or "none"
    lines = [
        ("status", status_words(solver)),
        ("gap", f"{_percent(solver.get('gap'))} (bound {_money(solver.get('bound'))})"),
        ("total annual cost", _money(kpis.get("total_annual_cost"), per_year)),
        ("everyone alone", _money(kpis.get("all_self_cost"), per_year)),
        ("saving", saving),
        ("facilities", f"{kpis.get('facilities', 0)} ({facilities})"),
        ("SMEs connected", f"{kpis.get('smes_connected', 0)} of {kpis.get('smes', 0)}"),
        ("SMEs who would leave", _would_leave(kpis, per_year)),
        (
            "solver",
            f"{solver.get('solver')} {solver.get('version')}, {solver.get('seconds', 0):.2f} s",
        ),
    ]
    return lines


def _would_leave(kpis: dict[str, Any], per_year: str) -> str:
    if "smes_would_leave" not in kpis:
        return "not worked out (no cost allocation)"
    count = int(kpis["smes_would_leave"])
    if not count:
        return f"none ({kpis.get('allocation_rule')} cost sharing)"
    rule = kpis.get("allocation_rule")
    subsidy = float(kpis.get("min_subsidy_to_keep_all") or 0.0)
    head = (
        f"{count} under {rule} cost sharing (each would pay more than alone, or is in a group "
        "that would do better on its own)"
    )
    if subsidy <= 0:
        return f"{head}; another split of the same costs keeps every one in, with no subsidy"
    return f"{head}; a subsidy of {_money(subsidy, per_year)} keeps every one in"


def _print_pairs(out: Output, title: str, pairs: list[tuple[str, str]]) -> None:
    if out.as_json:
        return
    if out.plain:
        typer.echo(title)
        for key, value in pairs:
            typer.echo(f"{key}: {value}")
        return
    table = Table(title=title, title_justify="left", show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for key, value in pairs:
        table.add_row(escape(key), escape(value))
    out.console.print(table)


def _formats(formats: str | None, target: Path | None) -> list[str]:
    if not formats:
        return []
    if target is None:
        raise typer.BadParameter("--formats needs --out DIR", param_hint="--formats")
    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise typer.BadParameter(
            f"unknown format {unknown[0]!r}; expected some of {','.join(FORMATS)}",
            param_hint="--formats",
        )
    return wanted


def write_plan(plan: Plan, folder: Path, formats: list[str]) -> list[Path]:
    """``folder/plan.json`` and the other formats, named after the plan's label."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [write_text(folder / "plan.json", plan.to_json())]
    others = [f for f in dict.fromkeys(formats) if f != "json"]  # plan.json is the JSON
    written += [export_plan(plan, f, folder / default_name(plan, f)) for f in others]
    return written


def _infeasible(out: Output, title: str, error: InfeasibleError) -> NoReturn:
    head = "no plan meets every rule of the scenario; relaxing the rules shows why:"
    if not out.as_json:
        out.line(f"{title}: {head}")
    report_problems(out, error.problems, title, scenario=title, status="infeasible", message=head)
    raise typer.Exit(EXIT_FAILED)


@app.command()
def solve(
    path: PathArgument,
    variant: VariantOption = None,
    time_limit: TimeLimitOption = None,
    gap: GapOption = None,
    threads: ThreadsOption = None,
    solver: SolverOption = None,
    allocation: AllocationOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="DIR", help="Folder to write plan.json (and --formats) into."
        ),
    ] = None,
    formats: Annotated[
        str | None,
        typer.Option(
            "--formats",
            metavar="LIST",
            help=f"Also write these formats into --out, e.g. xlsx,html (any of {','.join(FORMATS)}).",
        ),
    ] = None,
    warm_start: Annotated[
        Path | None,
        typer.Option(
            "--warm-start",
            metavar="PLAN.json",
            help="Start the search from an earlier plan (of this scenario or a version of it).",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Find the least-cost plan of a scenario and print its summary.

    The summary says how good the plan is (optimal, or within which gap), what it costs against
    every SME treating alone, which facilities open and how many SMEs connect. With --out DIR the
    plan is written to DIR/plan.json (reload it with 'optimizer export' or 'optimizer compare').

    Exit code 0 with a plan; 1 when the scenario has errors, has no feasible plan (the reason is
    printed) or the solver stops without a plan.
    """
    output = Output(as_json=as_json)
    wanted = _formats(formats, out)
    title = f"{path}" + (f" [{variant}]" if variant else "")
    with reporting(output, f"solving {title}", title, scenario=str(path)):
        scenario = load_scenario(path, variant)
        title = scenario.label
        options = solve_options(
            scenario, solver=solver, time_limit_s=time_limit, mip_gap=gap, threads=threads
        )
        try:
            earlier = read_plan(warm_start) if warm_start is not None else None
        except PlanFileError as error:
            fail(output, str(error))
        try:
            plan = optimise(scenario, options, allocation=_rule(allocation), warm_start=earlier)
        except InfeasibleError as error:
            _infeasible(output, title, error)
        except SolverError as error:
            fail(output, f"{title}: {error}", scenario=title, status="failed")
        written = write_plan(plan, out, wanted) if out is not None else []
    if output.as_json:
        output.document(
            {
                "scenario": plan.label,
                "status": plan.solver.get("status"),
                "status_words": status_words(plan.solver),
                "solver": plan.solver,
                "kpis": plan.kpis,
                "input_hash": plan.provenance.get("input_hash"),
                "written": [str(p) for p in written],
            }
        )
        return
    _print_pairs(output, plan.label, plan_summary(plan))
    for file in written:
        output.line(f"wrote {file}")


# ---------------------------------------------------------------------------------------------
# generate, export, compare
# ---------------------------------------------------------------------------------------------


@app.command()
def generate(
    enterprises: Annotated[
        int, typer.Option("--enterprises", "-n", min=1, help="Number of SMEs.", show_default=False)
    ],
    sites: Annotated[
        int,
        typer.Option("--sites", "-m", min=1, help="Number of candidate sites.", show_default=False),
    ],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", metavar="DIR", help="Scenario folder (or .xlsx) to write."),
    ],
    seed: Annotated[int, typer.Option("--seed", help="Seed: the same seed, the same park.")] = 0,
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="Write one .xlsx workbook instead of a folder.")
    ] = False,
    services: Annotated[
        str | None,
        typer.Option(
            "--services",
            metavar="LIST",
            help=f"Services to include (default all: {','.join(GENERATED_SERVICES)}).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace OUT if it is a scenario already.")
    ] = False,
) -> None:
    """Make a synthetic park of any size: SMEs, candidate sites, tiers and a street network.

    The same arguments always give the same park, so a park can be shared by its command line.
    """
    output = Output()
    chosen = [s.strip() for s in services.split(",") if s.strip()] if services else None
    unknown = [s for s in chosen or [] if s not in GENERATED_SERVICES]
    if unknown:
        raise typer.BadParameter(
            f"unknown service {unknown[0]!r}; expected some of {','.join(GENERATED_SERVICES)}",
            param_hint="--services",
        )
    if xlsx and out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    _refuse_overwrite(output, out, force)
    with reporting(output, f"generating {out}", str(out)):
        extra = {"services": chosen} if chosen else {}
        scenario = generate_park(enterprises, sites, seed=seed, **extra)
        save_scenario(scenario, out)
    kind = "workbook" if out.suffix.lower() == ".xlsx" else "folder"
    output.line(
        f"wrote {out} ({kind}): {enterprises} enterprises, {sites} candidate sites, seed {seed}"
    )


@app.command(name="export")
def export_command(
    plan_file: Annotated[
        Path, typer.Argument(metavar="PLAN.json", help="A plan written by solve, batch or export.")
    ],
    fmt: Annotated[
        FormatChoice,
        typer.Option(
            "--format",
            "-f",
            help="json (reloadable), xlsx (for reviewers), csv (a folder of tables), geojson "
            "(for GIS), html (a self-contained report).",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", metavar="PATH", help="File to write (a folder: named after the plan)."
        ),
    ],
) -> None:
    """Write a saved plan in another format (the JSON plan is the one to keep)."""
    output = Output()
    with reporting(output, f"exporting {plan_file}", str(plan_file)):
        try:
            plan = read_plan(plan_file)
        except PlanFileError as error:
            fail(output, str(error))
        written = export_plan(plan, fmt.value, out)
    output.line(f"wrote {written} ({fmt.value})")


_COMPARE_SUFFIXES = (".xlsx", ".html", ".htm", ".md", ".markdown")


def _compare_lines(comparison: Comparison) -> list[str]:
    """A few lines a reviewer reads first: each plan's cost and counts against the reference."""
    kpis = comparison.kpis.set_index("key")
    lines = [f"reference: {comparison.reference}"]
    for name in comparison.labels[1:]:
        parts = []
        for key, words in _COMPARED:
            if key not in kpis.index:
                continue
            row = kpis.loc[key]
            delta = row.get(f"delta {name}")
            change = "" if delta is None or pd.isna(delta) else f" ({delta:+,.2f})"
            value = row[name]
            shown = _money(value) if key == "total_annual_cost" else str(value)
            parts.append(f"{words} {shown}{change}")
        lines.append(f"{name}: " + "; ".join(parts))
    lines += [f"  {h}" for h in comparison.headlines]
    lines += [f"note: {n}" for n in comparison.notes]
    return lines


_COMPARED = (
    ("total_annual_cost", "total annual cost"),
    ("facilities", "facilities"),
    ("smes_connected", "SMEs connected"),
)


@app.command()
def compare(
    plans: Annotated[
        list[Path],
        typer.Argument(
            metavar="PLAN.json...", help="Two or more plans; the first is the reference."
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="REPORT",
            help="Write the full comparison: report.xlsx, report.html or report.md.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Compare plans with the first one, and write a report.

    The report holds the key figures side by side, facilities opened, closed or resized, SMEs
    reassigned, per-SME cost changes and the input differences behind them. A few lines are
    printed in any case.
    """
    output = Output(as_json=as_json)
    if len(plans) < 2:
        raise typer.BadParameter("give at least two plan files", param_hint="PLAN.json...")
    if out is not None and out.suffix.lower() not in _COMPARE_SUFFIXES:
        raise typer.BadParameter(
            f"{out.name}: expected a .xlsx, .html or .md file", param_hint="--out"
        )
    with reporting(output, "comparing plans", "compare"):
        read, unreadable = [], []
        for file in plans:
            try:
                read.append(read_plan(file))
            except PlanFileError as error:
                unreadable.append(str(error))
        if unreadable:
            fail(output, "; ".join(unreadable))
        comparison = compare_plans(read)
        written = write_comparison(comparison, out) if out is not None else None
    if output.as_json:
        kpis = comparison.kpis.astype(object).where(comparison.kpis.notna(), None)
        output.document(
            {
                "labels": list(comparison.labels),
                "kpis": kpis.to_dict("records"),
                "headlines": list(comparison.headlines),
                "notes": list(comparison.notes),
                "written": str(written) if written else None,
            }
        )
        return
    for line in _compare_lines(comparison):
        output.line(line)
    if written:
        output.line(f"wrote {written}")


# ---------------------------------------------------------------------------------------------
# batch
# ---------------------------------------------------------------------------------------------


def _case_line(event: BatchEvent) -> str:
    """One line per finished case (the plain progress, and the lines above the rich bar)."""
    row, counts = event.row, event.counts
    number = counts.total - counts.remaining
    if event.kind == "failed":
        what = f"{row.get('status')}: {row.get('message')}"
    else:
        status = str(row.get("status"))
        if status == "optimal within gap":
            status = f"optimal within gap {_percent(row.get('gap'))}"
        what = f"{status}, total annual cost {_money(row.get('total_annual_cost'))}"
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
        typer.echo(f"{_case_line(event)} | {_counts_text(event)}")


class RichProgress:
    """A progress bar with the counts, and a line per finished case above it."""

    def __init__(self, console: Console) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

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
            self.bar.console.print(f"[{colour}]{escape(_case_line(event))}[/]", highlight=False)
        done = c.total - c.remaining
        self.bar.update(self.task, total=c.total, completed=done, counts=counts)

    def stop(self) -> None:
        self.bar.stop()


def _sweeps(texts: list[str] | None) -> list[Sweep]:
    try:
        return sweeps_from(texts or [])
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--sweep") from None


def _spec_or_scenarios(out: Output, sources: list[Path]) -> BatchSpec:
    """The spec file given, or a spec made of the scenarios given."""
    specs = [s for s in sources if s.suffix.lower() in (".yaml", ".yml")]
    if not specs:
        return BatchSpec(scenarios=tuple(sources))
    if len(sources) > 1:
        raise typer.BadParameter(
            "give one SPEC.yaml, or scenario folders and workbooks, not both",
            param_hint="SPEC.yaml | SCENARIO...",
        )
    with reporting(out, f"reading {sources[0]}", str(sources[0])):
        return load_spec(sources[0])


def _batch_arguments(spec: BatchSpec, given: dict[str, Any]) -> dict[str, Any]:
    """run_batch's arguments: the command line's where given, else the spec's, else defaults."""
    options = {**spec.options, **{k: v for k, v in given.pop("options").items() if v is not None}}
    arguments = {
        "scenarios": list(spec.scenarios),
        "variants": spec.variants,
        "sweeps": list(spec.sweeps),
        "out": spec.out,
        "workers": spec.workers,
        "scheduler": spec.scheduler,
        "dask_local": spec.dask_local,
        "plot": spec.plot,
        "allocation": spec.allocation,
        "options": options,
    }
    arguments.update({k: v for k, v in given.items() if v not in (None, False, [])})
    if given.get("allocation"):
        arguments["allocation"] = _rule(given["allocation"])
    if arguments["workers"] is None:
        arguments["workers"] = default_workers()
    _check_batch(arguments)
    return arguments


def _check_batch(arguments: dict[str, Any]) -> None:
    if arguments["out"] is None:
        raise typer.BadParameter("say where to write the results", param_hint="--out")
    if arguments["scheduler"] and arguments["dask_local"]:
        raise typer.BadParameter(
            "give either --scheduler or --dask-local, not both", param_hint="--scheduler"
        )
    if arguments["plot"] and len(arguments["sweeps"]) != 1:
        raise typer.BadParameter(
            f"the sensitivity plot needs exactly one swept parameter, got "
            f"{len(arguments['sweeps'])}",
            param_hint="--plot",
        )


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
    for row in result.summary[result.summary["status"].isin([FAILED, INFEASIBLE])].itertuples():
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
            _percent(row.gap),
            _money(row.total_annual_cost),
            "-" if pd.isna(row.saving_pct) else f"{row.saving_pct:.1f}",
            "-" if pd.isna(row.facilities) else str(row.facilities),
            "-" if pd.isna(row.smes_connected) else str(row.smes_connected),
            f"{row.seconds:.1f}",
        )
    return table


@app.command()
def batch(
    sources: Annotated[
        list[Path],
        typer.Argument(
            metavar="SPEC.yaml | SCENARIO...",
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
        typer.Option("--threads", metavar="N", min=1, help="Solver threads per case (default 1)."),
    ] = None,
    solver: SolverOption = None,
    allocation: AllocationOption = None,
    plot: Annotated[
        bool,
        typer.Option("--plot", help="Draw sensitivity.png for a sweep over one parameter."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Solve many cases: scenarios x variants x sweep values, in parallel, with one summary.

    Each case is written to OUT/<case-id>/plan.json as it finishes, and OUT/summary.csv and
    OUT/summary.xlsx are rewritten. A case that fails is recorded with its message and the others
    go on. Running the same command again skips the cases already solved with the same inputs
    and options (--force solves them again). See docs/batch.md.

    Exit code 0 when every case has a plan, 1 when any case failed or was infeasible.
    """
    output = Output(as_json=as_json)
    spec = _spec_or_scenarios(output, sources)
    given = {
        "variants": variants,
        "sweeps": _sweeps(sweep),
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
    arguments = _batch_arguments(spec, given)
    progress = _progress(output)
    try:
        with reporting(output, "running the batch", "batch"):
            try:
                result = run_batch(**arguments, force=force, progress=progress)
            except (ValueError, BatchError) as error:
                fail(output, str(error))
    except KeyboardInterrupt:
        fail(
            output,
            f"interrupted; the cases finished so far are in {arguments['out']}: run the same "
            "command again to go on from there",
        )
    finally:
        if isinstance(progress, RichProgress):
            progress.stop()
    _report_batch(output, result)
    if not result.ok:
        raise typer.Exit(EXIT_FAILED)


def _progress(out: Output) -> PlainProgress | RichProgress | None:
    if out.as_json:
        return None
    return PlainProgress() if out.plain else RichProgress(out.console)


if __name__ == "__main__":
    app()

"""The commands on plans: ``solve`` (one plan, its summary and files) and ``compare`` (plans side
by side); ``export`` (a plan in another format) is in :mod:`.export_command`, so that exporting
a saved plan does not import the solver, the cost sharing and the comparison."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ..compare import Comparison, compare_plans
from ..diagnosis import InfeasibleError
from ..export import FORMATS, PlanFileError, read_plan, write_outputs
from ..export.comparison import write_comparison
from ..pipeline import optimise, solve_options
from ..plan import Plan
from ..plan_views import currency_of
from ..scenario import load_scenario
from ..solvers.types import SolverError
from ..words import (
    KPI_SHORT,
    kpi_label,
    money,
    number,
    percent,
    points,
    status_line,
    would_leave_line,
)
from ..words.alone import all_alone_note
from ..words.catalogue import MESSAGES, tr
from ..words.language import using_language
from ..words.numbers import figure
from ..words.solving import solve_notes
from .arguments import Language, LanguageOption
from .options import (
    AllocationOption,
    GapOption,
    JsonOption,
    PathArgument,
    SolverOption,
    ThreadsOption,
    TimeLimitOption,
    VariantOption,
    allocation_rule,
)
from .output import EXIT_FAILED, Output, fail, print_pairs, report_problems, reporting
from .solve_progress import solve_display


def plan_summary(plan: Plan) -> list[tuple[str, str]]:
    """What ``optimizer solve`` prints: (item, value) lines a consultant reads."""
    kpis, solver = plan.kpis, plan.solver
    currency = currency_of(plan)
    per_year = f"{currency}/year"
    saving = f"{money(kpis.get('saving'), per_year)} ({points(kpis.get('saving_pct', 0.0))})"
    by_service = kpis.get("facilities_by_service") or {}
    facilities = ", ".join(f"{s} {n}" for s, n in by_service.items()) or "none"
    return [
        ("status", status_line(solver)),
        *((note.label, note.sentence) for note in solve_notes(solver)),  # re-solve, deadline
        ("gap", f"{percent(solver.get('gap'))} (bound {money(solver.get('bound'))})"),
        (KPI_SHORT["total_annual_cost"], money(kpis.get("total_annual_cost"), per_year)),
        (
            KPI_SHORT["all_self_cost"],
            money(kpis.get("all_self_cost"), per_year)
            + all_alone_note(kpis.get("all_self_unavailable")),
        ),
        (KPI_SHORT["saving"], saving),
        (KPI_SHORT["facilities"], f"{kpis.get('facilities', 0)} ({facilities})"),
        (
            KPI_SHORT["smes_connected"],
            f"{kpis.get('smes_connected', 0)} of {kpis.get('smes', 0)}",
        ),
        (KPI_SHORT["smes_would_leave"], would_leave_line(kpis, currency)),
        (
            "solver",
            f"{solver.get('solver')} {solver.get('version')}, {solver.get('seconds', 0):.2f} s",
        ),
    ]


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


def _infeasible(out: Output, title: str, error: InfeasibleError) -> NoReturn:
    head = MESSAGES["cli.infeasible"][0]  # the JSON document's message: English, as data
    if not out.as_json:
        with using_language(out.language):
            out.line(tr("cli.infeasible_line", title=title, head=tr("cli.infeasible")))
    report_problems(out, error.problems, title, scenario=title, status="infeasible", message=head)
    raise typer.Exit(EXIT_FAILED)


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
    language: LanguageOption = Language.en,
    as_json: JsonOption = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Show nothing while the solver runs (only the summary)."
        ),
    ] = False,
) -> None:
    """Find the least-cost plan of a scenario and print its summary.

    The summary says how good the plan is (optimal, or within which gap), what it costs against
    every SME treating alone, which facilities open and how many SMEs connect. With --out DIR the
    plan is written to DIR/plan.json (reload it with 'optimizer export' or 'optimizer compare'),
    with the --formats beside it, as one set: the set of an earlier solve in DIR is replaced in one
    step (other files in DIR stay), so an interrupted solve never leaves a mix of old and new.

    While the solver runs, the elapsed time, the best plan so far, the best bound and their gap
    are shown: a live line on a terminal, a line every few seconds when piped (none with --quiet
    or --json).

    Exit code 0 with a plan; 1 when the scenario has errors, has no feasible plan (the reason is
    printed) or the solver stops without a plan.
    """
    asked = time.perf_counter()  # the time limit is the user's whole wait, from here
    output = Output(as_json=as_json, language=language.value)
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
        currency = str(scenario.config["currency"])
        try:
            with solve_display(output, asked, currency, quiet) as on_progress:
                plan = optimise(
                    scenario,
                    replace(options, on_progress=on_progress),
                    allocation=allocation_rule(allocation),
                    warm_start=earlier,
                    started_at=asked,
                )
        except InfeasibleError as error:
            _infeasible(output, title, error)
        except SolverError as error:
            fail(output, f"{title}: {error}", scenario=title, status="failed")
        written = write_outputs(plan, out, wanted, language.value) if out is not None else []
    if output.as_json:
        output.document(
            {
                "scenario": plan.label,
                "status": plan.solver.get("status"),
                "status_words": status_line(plan.solver),
                "notes": [note.sentence for note in solve_notes(plan.solver)],
                "solver": plan.solver,
                "kpis": plan.kpis,
                "input_hash": plan.provenance.get("input_hash"),
                "written": [str(p) for p in written],
            }
        )
        return
    print_pairs(output, plan.label, plan_summary(plan))
    for file in written:
        output.line(f"wrote {file}")


_COMPARE_SUFFIXES = (".xlsx", ".html", ".htm", ".md", ".markdown")
#: The KPIs of the printed comparison lines.
_COMPARED = ("total_annual_cost", "facilities", "smes_connected")


def _compare_lines(comparison: Comparison) -> list[str]:
    """A few lines a reviewer reads first: each plan's cost and counts against the reference,
    each number by its KPI's kind and unit (amounts in the reference's currency, counts whole)."""
    kpis = comparison.kpis.set_index("key")
    lines = [f"reference: {comparison.reference}"]
    for name in comparison.labels[1:]:
        parts = []
        for key in _COMPARED:
            if key not in kpis.index:
                continue
            row = kpis.loc[key]
            kind, unit = kpi_label(key).kind, str(row.get("unit") or "")
            delta = row.get(f"delta {name}")
            change = "" if number(delta) is None else f" ({figure(delta, kind, unit, True)})"
            parts.append(f"{KPI_SHORT[key]} {figure(row[name], kind, unit)}{change}")
        lines.append(f"{name}: " + "; ".join(parts))
    lines += [f"  {h}" for h in comparison.headlines]
    lines += [f"SMEs: {h}" for h in comparison.sme_headlines]
    lines += [f"note: {n}" for n in comparison.notes]
    return lines


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
    language: LanguageOption = Language.en,
) -> None:
    """Compare plans with the first one, and write a report.

    The report holds the key figures side by side, facilities opened, closed or resized, SMEs
    reassigned, per-SME cost changes and the input differences behind them. A few lines are
    printed in any case. An .html or .md report is written in the language asked (--language
    zh: Simplified Chinese); an .xlsx one, and the lines printed, are in English.
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
        written = write_comparison(comparison, out, language.value) if out is not None else None
    if output.as_json:
        kpis = comparison.kpis.astype(object).where(comparison.kpis.notna(), None)
        output.document(
            {
                "labels": list(comparison.labels),
                "kpis": kpis.to_dict("records"),
                "headlines": list(comparison.headlines),
                "sme_counts": comparison.sme_counts.to_dict("records"),
                "notes": list(comparison.notes),
                "written": str(written) if written else None,
            }
        )
        return
    for line in _compare_lines(comparison):
        output.line(line)
    if written:
        output.line(f"wrote {written}")

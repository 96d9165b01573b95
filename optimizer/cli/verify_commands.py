"""The commands that explore and check a plan: ``verify`` (is a plan feasible and costed right,
recomputed without a solver) and ``whatif`` (the plan re-solved with SMEs leaving, joining or
changing their demands, compared with it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..batch.whatif import leave_one_out as leave_each
from ..batch.whatif import what_if, whatif_overrides
from ..export import PlanFileError, read_plan, write_outputs
from ..export.leave_one_out import write_leave_one_out
from ..files import write_text
from ..pipeline import solve_options
from ..plan import Plan, scenario_of
from ..plan_views import currency_of
from ..verify import scenario_for, verify_plan
from ..words import money
from ..words.verification import difference_sentence, verification_line
from .options import JsonOption, TimeLimitOption
from .output import EXIT_FAILED, Output, fail, reporting
from .plan_commands import _compare_lines

PlanArgument = Annotated[
    Path, typer.Argument(metavar="PLAN.json", help="A plan written by solve, batch or export.")
]


def _read(output: Output, plan_file: Path) -> Plan:
    try:
        return read_plan(plan_file)
    except PlanFileError as error:
        fail(output, str(error))


def verify(
    plan_file: PlanArgument,
    scenario: Annotated[
        Path | None,
        typer.Argument(
            metavar="[SCENARIO]",
            help="The scenario to verify against (a folder or .xlsx; the plan's variant and "
            "sweep values are applied). Default: the inputs the plan carries.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Check a plan without a solver: same inputs, every rule kept, every figure exact.

    Recomputes from the scenario alone every cost of the plan and every rule (demand met, reach,
    capacity, area, required and forbidden sites, caps, budgets, subsidies, streams), compares
    them with the plan's own figures and checks the input hash.

    Exit code 0 when the plan is feasible and its figures exact for these inputs; 1 otherwise,
    each difference named (what, where, expected and found, with units).
    """
    output = Output(as_json=as_json)
    with reporting(output, f"verifying {plan_file}", str(plan_file)):
        plan = _read(output, plan_file)
        against = scenario_for(plan, scenario) if scenario is not None else None
        result = verify_plan(plan, against)
    checked = sum(result.checked.values())
    if output.as_json:
        output.document({"plan": str(plan_file), **result.as_dict()})
    else:
        output.line(f"{result.label}: {verification_line(result.counts(), checked)}")
        output.line(f"tolerance: {result.tolerance.words(result.currency)}")
        for difference in result.differences:
            output.line("  " + difference_sentence(difference.as_dict(), result.currency))
    if not result.ok:
        raise typer.Exit(EXIT_FAILED)


def _leave_one_out_lines(frame, currency: str) -> list[str]:
    """One line per leaver (the park's total), then each other member's change."""
    per_year = f"{currency}/year"
    lines = []
    for (leaving, facility), rows in frame.groupby(["leaving", "facility"], sort=True):
        first = rows.iloc[0]
        lines.append(
            f"{leaving} leaves {facility}: park total {money(first['total_after'], per_year)} "
            f"({money(first['total_change'], per_year, signed=True)}), {first['status']}"
        )
        for row in rows[rows["member"] != ""].itertuples(index=False):
            lines.append(
                f"  {row.member} pays {money(row.pays_after, per_year)} "
                f"({money(row.pays_change, per_year, signed=True)}), at {row.now_at or '-'}"
            )
    return lines


def _write_leave_one_out(frame, out: Path, label: str, currency: str) -> list[Path]:
    """DIR/leave-one-out.csv (the report's own columns), .xlsx and .html (its declared titles,
    units in the plan's currency)."""
    out.mkdir(parents=True, exist_ok=True)
    csv = out / "leave-one-out.csv"
    write_text(csv, frame.to_csv(index=False))
    reports = [
        write_leave_one_out(frame, out / f"leave-one-out{suffix}", label, currency)
        for suffix in (".xlsx", ".html")
    ]
    return [csv, *reports]


def whatif(
    plan_file: PlanArgument,
    leave: Annotated[
        list[str] | None,
        typer.Option("--leave", metavar="ENTERPRISE", help="An enterprise leaves (repeatable)."),
    ] = None,
    scale: Annotated[
        list[str] | None,
        typer.Option(
            "--scale",
            metavar="E:SERVICE=FACTOR",
            help="Multiply a demand (E040:sewage=2; E040=0.5 for every service; 0 drops it).",
        ),
    ] = None,
    join: Annotated[
        list[Path] | None,
        typer.Option(
            "--join",
            metavar="FILE",
            help="Rows to add (repeatable): a .yaml of table names (enterprises, demands, ...) "
            "to lists of rows, a .csv named after its table (demands.csv), a folder of those, "
            "or an .xlsx with a sheet per table.",
        ),
    ] = None,
    leave_one_out: Annotated[
        bool,
        typer.Option(
            "--leave-one-out",
            help="For each member of each facility: the park's total and what the others pay "
            "if it leaves (one re-solve per SME, in parallel).",
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Parallel solves (--leave-one-out).")
    ] = 2,
    time_limit: TimeLimitOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Write the what-if's plan.json (or leave-one-out.csv, .xlsx and .html) into DIR.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Re-solve a plan's scenario with SMEs leaving, joining or changing, and compare.

    The plan's own inputs are changed by ordinary overrides (a leaving enterprise's demands are
    dropped, a joining one's rows added, a demand multiplied), re-solved from the plan as the
    first incumbent, and compared with it: KPI deltas, reassignments, per-SME changes.

    Exit code 0 with a new plan (or report); 1 when a change cannot be applied (each named) or no
    plan meets every rule.
    """
    output = Output(as_json=as_json)
    with reporting(output, f"what-if on {plan_file}", str(plan_file)):
        plan = _read(output, plan_file)
        currency = currency_of(plan)
        options = solve_options(scenario_of(plan), time_limit_s=time_limit)
        if leave_one_out:
            frame = leave_each(plan, options, workers)
            written = _write_leave_one_out(frame, out, plan.label, currency) if out else []
        else:
            overrides = whatif_overrides(plan, leave or [], scale or [], join)
            if not overrides:
                raise typer.BadParameter(
                    "say what changes: --leave, --scale or --join", param_hint="--leave"
                )
            new, comparison = what_if(plan, overrides, options)
            written = write_outputs(new, out, []) if out is not None else []
    if leave_one_out:
        if output.as_json:
            output.document({"currency": currency, "rows": frame.to_dict("records")})
        else:
            for line in _leave_one_out_lines(frame, currency):
                output.line(line)
    elif output.as_json:
        output.document(
            {"overrides": overrides, "kpis": new.kpis, "headlines": comparison.headlines}
        )
    else:
        output.line("what-if: " + "; ".join(f"{k}: {v}" for k, v in overrides.items()))
        for line in _compare_lines(comparison):
            output.line(line)
    for file in written:
        output.line(f"wrote {file}")

"""The commands that explore a decision: ``alternatives`` (near-optimal plans that open other
facilities, ranked) and ``whynot`` (what forcing a decision costs and which rule binds)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..words import money, points
from ..words.alternatives import DISTANCE_NOTE, RANK_CRITERIA, alternatives_headline
from ..words.solving import solve_notes
from .options import JsonOption, PathArgument, TimeLimitOption, VariantOption
from .output import Output, fail, reporting


def _fraction(text: str) -> float:
    """``2%`` or ``0.02`` as 0.02."""
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r}: expected a share such as 2% or 0.02") from None


def alternatives(
    path: PathArgument,
    variant: VariantOption = None,
    within: Annotated[
        str, typer.Option("--within", help="Cost slack above the least cost: 2% or 0.02.")
    ] = "2%",
    count: Annotated[int, typer.Option("--count", min=1, help="Alternatives to find.")] = 10,
    rank_by: Annotated[
        str,
        typer.Option("--rank-by", help=f"Ranking: {', '.join(RANK_CRITERIA)}."),
    ] = "cost",
    min_distance: Annotated[
        int, typer.Option("--min-distance", min=1, help="Facilities each must change, at least.")
    ] = 1,
    time_limit: TimeLimitOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="DIR", help="Write each plan and the table here."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Near-optimal alternatives: plans within --within of the least cost that open other
    facilities, ranked by --rank-by, with how many facilities each changes.

    With --out DIR: DIR/alternatives.xlsx and .html (the ranked table), DIR/comparison.html
    (every alternative against the least-cost plan) and DIR/<plan>/plan.json per plan.
    """
    # lazy: the solver layer and the exports load HiGHS, pandas and the model (about 1 s
    # measured); the rest of the command line starts without them
    from ..alternatives import optimise_alternatives
    from ..compare import compare_plans
    from ..diagnosis import InfeasibleError
    from ..export import write_outputs
    from ..export.alternatives import write_alternatives
    from ..export.comparison import write_comparison
    from ..pipeline import solve_options
    from ..scenario import load_scenario

    output = Output(as_json=as_json)
    share = _fraction(within)
    if rank_by not in RANK_CRITERIA:
        raise typer.BadParameter(
            f"{rank_by!r}: expected one of {', '.join(RANK_CRITERIA)}", param_hint="--rank-by"
        )
    with reporting(output, f"finding alternatives of {path}", str(path), scenario=str(path)):
        scenario = load_scenario(path, variant)
        options = solve_options(scenario, time_limit_s=time_limit)
        try:
            found = optimise_alternatives(
                scenario, options, share, count, rank_by, min_distance=min_distance
            )
        except InfeasibleError as error:
            fail(output, f"{scenario.label}: {error.summary()}")
        headline = alternatives_headline(
            len(found.plans) - 1,
            100 * share,
            found.least_cost.total_cost,
            found.currency,
            found.stopped,
        )
        notes = [headline, f"Ranked by {RANK_CRITERIA[rank_by][0]}.", DISTANCE_NOTE]
        written = []
        if out is not None:
            title = f"Alternatives of {scenario.label}"
            for suffix in (".xlsx", ".html"):
                target = out / f"alternatives{suffix}"
                written.append(
                    write_alternatives(found.table, target, title, notes, found.currency)
                )
            if len(found.plans) > 1:
                comparison = compare_plans(list(found.plans))
                written.append(write_comparison(comparison, out / "comparison.html"))
            for plan in found.plans:
                written += write_outputs(plan, out / plan.label.replace(" ", "-"))[:1]
    table = found.table
    if output.as_json:
        rows = table.astype(object).where(table.notna(), None).to_dict("records")
        output.document(
            {
                "scenario": scenario.label,
                "currency": found.currency,
                "notes": notes,
                "alternatives": rows,
                "seconds": found.seconds,
                "written": [str(w) for w in written],
            }
        )
        return
    for line in notes:
        output.line(line)
    per_year = f"{found.currency}/year"
    for row, plan in zip(table.itertuples(index=False), found.ranked(), strict=True):
        worst = (
            "-" if row.worst_saving_pct != row.worst_saving_pct else points(row.worst_saving_pct)
        )
        output.line(
            f"{row.rank:>2}. {row.plan}: {money(row.total_cost, per_year)} "
            f"(+{points(row.extra_cost_pct)}); {row.distance} facilities changed ({row.changes}); "
            f"{row.facilities} facilities, new capex {money(row.capex_new, found.currency)}; "
            f"{row.would_leave} SMEs would leave; worst saving {worst}"
        )
        for note in solve_notes(plan.solver):  # solved again, and why; stopped at the deadline
            output.line(f"    {note.label}: {note.sentence}")
    output.line(f"{found.seconds:.1f} s")
    for file in written:
        output.line(f"wrote {file}")


def whynot(
    plan_file: Annotated[
        Path, typer.Argument(metavar="PLAN.json", help="A plan written by solve or batch.")
    ],
    open_: Annotated[
        str | None,
        typer.Option("--open", metavar="SITE:SERVICE", help="Force this facility open."),
    ] = None,
    connect: Annotated[
        str | None,
        typer.Option(
            "--connect",
            metavar="ENTERPRISE:SERVICE[@SITE]",
            help="Force this demand to a shared facility (or to SITE).",
        ),
    ] = None,
    time_limit: TimeLimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """Why not: force a facility open (--open) or a demand connected (--connect), re-solve from
    the plan, and say what it costs and which rule binds, or why it is impossible.

    Exit code 0 with an answer (possible or not); 1 when the plan or the decision cannot be used.
    """
    # lazy: the re-solve loads HiGHS, pandas and the model (about 1 s measured)
    from ..export import PlanFileError, read_plan
    from ..pipeline import solve_options
    from ..plan import scenario_of
    from ..whynot import Decision, why_not

    output = Output(as_json=as_json)
    if (open_ is None) == (connect is None):
        raise typer.BadParameter("give exactly one of --open and --connect")
    kind, text = ("open", open_) if open_ is not None else ("connect", connect)
    try:
        decision = Decision.parse(kind, str(text))
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint=f"--{kind}") from None
    with reporting(output, f"asking why not in {plan_file}", str(plan_file)):
        try:
            plan = read_plan(plan_file)
        except PlanFileError as error:
            fail(output, str(error))
        options = solve_options(scenario_of(plan), time_limit_s=time_limit)
        answer = why_not(plan, decision, options)
    lines = answer.sentences()
    if output.as_json:
        output.document(
            {
                "decision": decision.words,
                "possible": answer.possible,
                "already": answer.already,
                "delta": answer.delta,
                "currency": answer.currency,
                "reasons": [{"kind": r.kind, "sentence": r.sentence} for r in answer.reasons],
                "problems": [str(p) for p in answer.problems],
                "lines": lines,
            }
        )
        return
    for line in lines:
        output.line(line)

"""The commands that explore and check a plan: ``verify`` (is a plan feasible and costed right,
recomputed without a solver) and ``whatif`` (the plan re-solved with SMEs leaving, joining or
changing their demands, compared with it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..export import PlanFileError, read_plan
from ..verify import scenario_for, verify_plan
from ..words.verification import difference_sentence, verification_line
from .options import JsonOption
from .output import EXIT_FAILED, Output, fail, reporting

PlanArgument = Annotated[
    Path, typer.Argument(metavar="PLAN.json", help="A plan written by solve, batch or export.")
]


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
        try:
            plan = read_plan(plan_file)
        except PlanFileError as error:
            fail(output, str(error))
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

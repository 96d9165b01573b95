"""What-ifs on a plan: its scenario (the inputs the plan carries) changed by overrides, re-solved
from the plan as the first incumbent, and compared with it (:func:`what_if`); and the
leave-one-out report (:func:`leave_one_out`): for each member of each shared facility, the park's
total and what the others pay if it leaves, one re-solve per SME through the batch's executors.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from ..compare import Comparison, compare_plans
from ..overrides.whatif import leave, scale
from ..pipeline import DEFAULT_RULE, optimise, solve_options
from ..plan import SELF, UNSERVED, Plan, scenario_of
from ..plan_columns import LEAVE_ONE_OUT
from ..scenario import Scenario
from ..solvers.types import SolveOptions
from ..words.alternatives import whatif_label
from .executors import run_in_pool, run_in_process
from .joining import join_files
from .work import Task

#: The columns of the leave-one-out report, one row per (leaver, other member of its facility).
LEAVE_ONE_OUT_COLUMNS = [column.name for column in LEAVE_ONE_OUT]


def plan_rule(plan: Plan) -> str | None:
    """The cost-sharing rule a plan was allocated by (None when it has no statement)."""
    if plan.statement.empty:
        return None
    return str(plan.kpis.get("allocation_rule") or plan.allocation.get("rule") or DEFAULT_RULE)


def whatif_overrides(
    plan: Plan,
    leaving: Sequence[str] = (),
    scaling: Sequence[str] = (),
    joining: str | os.PathLike | Sequence[str | os.PathLike] | None = None,
) -> dict[str, Any]:
    """The overrides of a what-if written on the command line: enterprises leaving
    (``E012``), demands scaled (``E040:sewage=2``) and the rows of join files (YAML, CSV named
    after its table, a folder of those, or a workbook: :func:`~optimizer.scenario.rows_file.
    read_rows_file`); the rows of one table from several files are added together."""
    tables = scenario_of(plan).tables
    overrides: dict[str, Any] = {}
    for enterprise in leaving:
        overrides.update(leave(tables, enterprise))
    for text in scaling:
        overrides.update(scale(text))
    files = [joining] if isinstance(joining, str | os.PathLike) else list(joining or [])
    if files:
        overrides.update(join_files(scenario_of(plan), files, overrides))
    return overrides


def whatif_scenario(plan: Plan, overrides: Mapping[str, Any]) -> Scenario:
    """The plan's scenario with the what-if's overrides applied (checked like any override)."""
    return scenario_of(plan).with_overrides(dict(overrides))


def what_if(
    plan: Plan,
    overrides: Mapping[str, Any],
    options: SolveOptions | None = None,
    label: str | None = None,
) -> tuple[Plan, Comparison]:
    """Re-solve the plan's scenario with ``overrides``, warm-started from the plan, and compare the
    new plan with it (the plan is the reference); the new plan is labelled ``label`` (default
    :func:`~optimizer.words.alternatives.whatif_label` in the current language)."""
    scenario = whatif_scenario(plan, overrides)
    options = options or solve_options(scenario)
    new = optimise(scenario, options, allocation=plan_rule(plan), warm_start=plan)
    label = label or whatif_label(plan.label)
    new = replace(new, provenance={**new.provenance, "label": label})
    return new, compare_plans([plan, new])


def members(plan: Plan) -> pd.DataFrame:
    """enterprise, facility (``site/service``) of every shared assignment."""
    shared = plan.assignments[~plan.assignments["site"].isin([SELF, UNSERVED])]
    return pd.DataFrame(
        {
            "enterprise": shared["enterprise"].astype(str),
            "facility": shared["site"].astype(str) + "/" + shared["service"].astype(str),
        }
    ).drop_duplicates()


def _pays(plan: Plan) -> pd.DataFrame:
    """What each enterprise pays in all, and where it is (its facilities)."""
    statement = plan.statement
    if statement.empty:
        frame = plan.assignments.assign(total_cny_per_year=plan.assignments["annual_cost"])
        frame = frame.rename(columns={"site": "facility"})
    else:
        frame = statement
    frame = frame.assign(at=frame["facility"].astype(str) + "/" + frame["service"].astype(str))
    return frame.groupby("enterprise").agg(
        pays=("total_cny_per_year", "sum"), at=("at", lambda s: ", ".join(sorted(set(s))))
    )


def leave_one_out(
    plan: Plan,
    options: SolveOptions | None = None,
    workers: int = 2,
    on_done: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """For each member of each shared facility: the park's total if it leaves, and what each other
    member of that facility pays before and after (and where it is then); one re-solve per
    member, warm-started from the plan, ``workers`` at a time (the batch's process pool; 1: one
    after the other in this process). ``on_done``, when given, is told ``(done, total)``
    re-solves before the first and after each."""
    base = scenario_of(plan)
    options = options or solve_options(base)
    who = members(plan)
    tasks = [
        Task(e, base.with_overrides(leave(base.tables, e)), options, plan_rule(plan), plan)
        for e in sorted(who["enterprise"].unique())
    ]
    solved = run_in_process(tasks) if workers <= 1 else run_in_pool(tasks, workers)
    outcomes = []
    if on_done is not None:
        on_done(0, len(tasks))
    for outcome in solved:
        outcomes.append(outcome)
        if on_done is not None:
            on_done(len(outcomes), len(tasks))
    before = _pays(plan)
    rows = []
    for outcome in outcomes:
        after = _pays(outcome.plan) if outcome.plan is not None else None
        total = outcome.plan.total_cost if outcome.plan is not None else float("nan")
        for facility in who.loc[who["enterprise"] == outcome.case_id, "facility"]:
            others = who.loc[(who["facility"] == facility) & (who["enterprise"] != outcome.case_id)]
            for member in sorted(others["enterprise"]) or [""]:
                was = float(before["pays"].get(member, float("nan"))) if member else float("nan")
                now = (
                    float(after["pays"].get(member, float("nan")))
                    if member and after is not None
                    else float("nan")
                )
                rows.append(
                    {
                        "leaving": outcome.case_id,
                        "facility": facility,
                        "status": outcome.status,
                        "total_before": plan.total_cost,
                        "total_after": total,
                        "total_change": total - plan.total_cost,
                        "member": member,
                        "pays_before": was,
                        "pays_after": now,
                        "pays_change": now - was,
                        "now_at": after["at"].get(member, "")
                        if member and after is not None
                        else "",
                    }
                )
    frame = pd.DataFrame(rows, columns=LEAVE_ONE_OUT_COLUMNS)
    return frame.sort_values(["leaving", "facility", "member"]).reset_index(drop=True)

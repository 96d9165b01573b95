"""Near-optimal alternatives: distinct plans whose total cost is within a slack of the least cost,
each different in which (site, service) facilities open, ranked by a criterion the user picks.

The method (why, in ``docs/alternatives.md``): no-good cuts on the open set with a cost ceiling.
The least-cost plan is solved first (:func:`optimizer.pipeline.optimise`); then, again and again,
a plan whose open set differs from every open set found so far (a cut each, see
:mod:`optimizer.solvers.alternatives`) and whose cost is at most ``(1 + within)`` times the least
cost, until ``count`` alternatives are found or no other plan is within the slack. On the default
route one model in one HiGHS instance serves the whole search, a row added per open set; each
search stops at the first such plan, whose open set is then fixed and the rest solved to the
scenario's gap (:mod:`optimizer.solvers.open_set_search`); the other routes solve for the cheapest
such plan each time. Once the set is found, each alternative becomes a full plan: extracted and
cost-shared like any other (:func:`optimizer.extract.extract_plan`,
:func:`optimizer.allocation.allocate`).

The options' time limit is the whole search's: one wall-clock deadline
(:class:`optimizer.solvers.highs.Deadline`) from the start, the least-cost plan included; when it
ends the search, the alternatives found by then are kept and ``stopped`` says so. An alternative
whose streams' loads break a cap is solved again with one destination per stream, from its own
assignments (:func:`optimizer.solvers.loads.follow_loads`); its solver report says why
(``resolved``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .allocation import allocate
from .checks import require_valid
from .extract import extract_plan
from .pipeline import DEFAULT_RULE, INFEASIBLE, optimise, solve_options
from .plan import SELF, UNSERVED, Plan
from .plan_views import currency_of
from .prepare import prepare
from .scenario import Scenario, load_scenario
from .solvers.alternatives import facility_rows
from .solvers.highs import Deadline
from .solvers.open_set_search import search_open_sets
from .solvers.types import Solution, SolveOptions
from .words import status_brief
from .words.alternatives import (
    RANK_CRITERIA,
    asked_for,
    none_within,
    open_set_changes,
    plan_labels,
    solver_stopped,
)
from .words.said import said

#: On the default route each search stops at the first plan within the slack that differs from
#: every plan found (HiGHS's objective target at the cost ceiling), and that plan's open set is
#: then fixed and the rest solved to the scenario's own gap (see
#: :mod:`optimizer.solvers.open_set_search`). The other routes solve each alternative to within
#: this share of the slack (a tenth: 0.2% of the least cost for a 2% slack), or the scenario's own
#: gap when that is smaller.
ALTERNATIVE_GAP_SHARE = 0.1

#: Told where a search stands: the step, how many done, of how many (see
#: :func:`optimise_alternatives`).
OnStep = Callable[[str, int, int], None]

#: Table column each criterion sorts on.
_SORT_COLUMN = {
    "cost": "total_cost",
    "leavers": "would_leave",
    "worst-saving": "worst_saving_pct",
    "spread": "saving_spread_pct",
    "facilities": "facilities",
    "capex": "capex_new",
}


@dataclass(frozen=True)
class Alternatives:
    """The least-cost plan and its alternatives, in the order found, and the ranked table.

    ``plans[0]`` is the least-cost plan; ``table`` has a row per plan (columns of
    :data:`optimizer.plan_columns.ALTERNATIVES`) ranked by ``rank_by``; ``stopped`` says why the
    search ended (``count`` reached, or no other plan within the slack); ``timings`` the seconds
    of each step (``least_cost``, ``search``: the open sets, ``plans``: extracting and sharing the
    costs of the alternatives).
    """

    plans: tuple[Plan, ...]
    table: pd.DataFrame
    within: float
    cost_ceiling: float
    rank_by: str
    stopped: str
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def least_cost(self) -> Plan:
        return self.plans[0]

    @property
    def currency(self) -> str:
        return currency_of(self.plans[0])

    def ranked(self) -> list[Plan]:
        """The plans in the table's order."""
        by_label = {p.label: p for p in self.plans}
        return [by_label[label] for label in self.table["plan"]]

    def worded_table(self) -> pd.DataFrame:
        """The ranked table with its words (what each plan opens and closes, its status) in the
        current language: :attr:`table` itself in English, where it was made."""
        return ranking_table(list(self.plans), self.rank_by)


def open_pairs(plan: Plan) -> set[tuple[str, str]]:
    """The (site, service) facilities a plan opens."""
    frame = plan.facilities
    return set(zip(frame["site"].astype(str), frame["service"].astype(str), strict=True))


def hamming(a: set[tuple[str, str]], b: set[tuple[str, str]]) -> int:
    """Facilities open in one set and not the other.

    >>> hamming({("S1", "sewage"), ("S2", "sewage")}, {("S1", "sewage"), ("S3", "sewage")})
    2
    """
    return len(a ^ b)


def saving_spread(plan: Plan) -> tuple[float, float]:
    """(worst, highest - lowest) saving in % of the cost alone, among the SMEs that share at least
    one service (NaN without an SME statement or without any connected SME)."""
    statement = plan.statement
    if statement.empty or "saving_cny_per_year" not in statement:
        return float("nan"), float("nan")
    shared = ~statement["facility"].astype(str).isin([SELF, UNSERVED])
    connected = statement.loc[shared, "enterprise"].unique()
    rows = statement[statement["enterprise"].isin(connected)]
    totals = rows.groupby("enterprise")[["saving_cny_per_year", "standalone_cny_per_year"]].sum()
    totals = totals[totals["standalone_cny_per_year"] > 0]
    if totals.empty:
        return float("nan"), float("nan")
    pct = 100.0 * totals["saving_cny_per_year"] / totals["standalone_cny_per_year"]
    return float(pct.min()), float(pct.max() - pct.min())


def _row(plan: Plan, reference: Plan) -> dict:
    mine, theirs = open_pairs(plan), open_pairs(reference)
    worst, spread = saving_spread(plan)
    extra = plan.total_cost - reference.total_cost
    kpis = plan.kpis
    return {
        "plan": plan.label,
        "total_cost": plan.total_cost,
        "extra_cost": extra,
        "extra_cost_pct": 100.0 * extra / max(abs(reference.total_cost), 1e-9),
        "distance": hamming(mine, theirs),
        "changes": open_set_changes(mine - theirs, theirs - mine),
        "facilities": int(kpis.get("facilities", len(mine))),
        "capex_new": float(kpis.get("capex_new_cny", 0.0)),
        "smes_connected": int(kpis.get("smes_connected", 0)),
        "would_leave": int(kpis.get("smes_would_leave", 0)),
        "worst_saving_pct": worst,
        "saving_spread_pct": spread,
        "status": status_brief(plan.solver),
    }


def ranking_table(plans: list[Plan], rank_by: str = "cost") -> pd.DataFrame:
    """One row per plan against the first (the least-cost plan), ranked by ``rank_by`` (a key of
    :data:`optimizer.words.alternatives.RANK_CRITERIA`; ties by cost, then as found)."""
    if rank_by not in RANK_CRITERIA:
        raise ValueError(f"unknown ranking {rank_by!r}; expected one of {', '.join(RANK_CRITERIA)}")
    frame = pd.DataFrame([_row(p, plans[0]) for p in plans])
    frame["found"] = np.arange(len(frame))
    column, descending = _SORT_COLUMN[rank_by], RANK_CRITERIA[rank_by][1]
    key = frame[column].astype(float)
    frame["_key"] = (-key if descending else key).fillna(np.inf)
    frame = frame.sort_values(["_key", "total_cost", "found"], kind="stable")
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame.drop(columns=["_key", "found"]).reset_index(drop=True)


def _labelled(plan: Plan, label: str, distance: int) -> Plan:
    extra = {"label": label, "alternative": {"distance": distance}}
    return replace(plan, provenance={**plan.provenance, **extra})


def _why_stopped(solution: Solution, within: float, limit_s: float) -> str:
    """Why a search that found no other plan ended (``solution``: its last, without a plan), in
    English and said in the language shown (:func:`optimizer.words.said.spoken`)."""
    report = solution.report
    if report.stopped_at_deadline or report.termination == "time limit":
        return said("alternatives.stopped_at_deadline", seconds=f"{limit_s:g}")
    if report.status in (*INFEASIBLE, "objective limit"):
        return none_within(100 * within)
    return solver_stopped(report.status)


def optimise_alternatives(
    scenario: Scenario | str | os.PathLike,
    options: SolveOptions | None = None,
    within: float = 0.02,
    count: int = 10,
    rank_by: str = "cost",
    variant: str | None = None,
    allocation: str | None = DEFAULT_RULE,
    min_distance: int = 1,
    on_step: OnStep | None = None,
    labels: tuple[str, ...] | None = None,
) -> Alternatives:
    """The least-cost plan and up to ``count`` alternatives within ``within`` (0.02: 2%) of its
    cost, each at Hamming distance at least ``min_distance`` from the open set of every plan
    found before it, ranked by ``rank_by`` (see :func:`ranking_table`). ``on_step``, when given,
    is told where the search stands: ``("least_cost", 0, count)`` first, ``("search", found,
    count)`` after each alternative found, ``("plans", made, found)`` while the alternatives
    become full plans (the solver's own reports go to ``options.on_progress``). ``labels``: the
    least-cost plan's label, then the alternatives' by cost (at least ``count + 1``; default
    :func:`~optimizer.words.alternatives.plan_labels` in the current language): the plans' data.

    Raises
    ------
    ScenarioError, InfeasibleError, SolverError
        As :func:`optimizer.pipeline.optimise` (for the least-cost plan).
    ValueError
        ``within`` below 0, ``count`` or ``min_distance`` below 1, or an unknown ``rank_by``.
    """
    if within < 0 or count < 1 or min_distance < 1 or rank_by not in RANK_CRITERIA:
        raise ValueError(
            f"alternatives need within >= 0 (got {within}), count >= 1 (got {count}), "
            f"min_distance >= 1 (got {min_distance}) and rank_by one of "
            f"{', '.join(RANK_CRITERIA)} (got {rank_by!r})"
        )
    step = on_step or (lambda _step, _done, _total: None)
    labels = labels or plan_labels(count)
    start = time.perf_counter()
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario, variant)
    options = options or solve_options(scenario)
    deadline = Deadline(start + options.time_limit_s)  # the whole search's, least cost included
    require_valid(scenario)
    step("least_cost", 0, count)
    least = _labelled(optimise(scenario, options, allocation=allocation), labels[0], 0)
    timings = {"least_cost": time.perf_counter() - start}
    data = prepare(scenario)
    ceiling = least.total_cost + within * abs(least.total_cost)
    found = [facility_rows(data, open_pairs(least))]
    searching = replace(options, mip_gap=max(options.mip_gap, within * ALTERNATIVE_GAP_SHARE))
    stopped: str = asked_for(count)
    solutions = []
    step("search", 0, count)
    search = search_open_sets(
        data, searching, found, min_distance, ceiling, ceiling, options.mip_gap, deadline
    )
    for solution in search:
        if not solution.report.has_solution:
            stopped = _why_stopped(solution, within, options.time_limit_s)
            break
        solutions.append(solution)
        step("search", len(solutions), count)
        if len(solutions) == count:
            break
    timings["search"] = time.perf_counter() - start - timings["least_cost"]
    plans = [least]
    solutions.sort(key=lambda found: found.report.objective)  # alternative 1 the cheapest
    for solution in solutions:  # the set is found: each becomes a full plan
        step("plans", len(plans) - 1, len(solutions))
        plan = extract_plan(scenario, data, solution, searching)
        if allocation:
            plan = allocate(plan, allocation, scenario=scenario, data=data)
        label = labels[len(plans)]
        plans.append(_labelled(plan, label, hamming(open_pairs(plan), open_pairs(least))))
    return Alternatives(
        plans=tuple(plans),
        table=ranking_table(plans, rank_by),
        within=within,
        cost_ceiling=ceiling,
        rank_by=rank_by,
        stopped=stopped,
        seconds=time.perf_counter() - start,
        timings={**timings, "plans": time.perf_counter() - start - sum(timings.values())},
    )

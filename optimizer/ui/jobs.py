"""The Explore page's jobs, run by the app's pool (:mod:`optimizer.ui.worker`) like a solve: the
near-optimal alternatives of a scenario, a what-if on a plan, and a plan's leave-one-out report.

Each is a :class:`~optimizer.ui.outcomes.Work`: a picklable value whose :meth:`run` reports
where it stands as a :class:`~optimizer.ui.outcomes.JobProgress` (its step, how many done of
how many, the running solve's last report) and returns an
:class:`~optimizer.ui.outcomes.Outcome` whose value is what the page shows (an
:class:`~optimizer.alternatives.Alternatives`, a what-if's plan and comparison, the leave-one-out
table). Its time budget (the pool's watchdog ends a job well past it) adds up its solves' time
limits. Nothing here imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..alternatives import optimise_alternatives
from ..batch.whatif import leave_one_out, members, what_if
from ..pipeline import solve_options
from ..plan import Plan, scenario_of
from ..plan_views import currency_of
from ..scenario import Scenario
from ..solvers.types import SolveOptions, SolveProgress
from ..words.alternatives import whatif_label
from .outcomes import JobProgress, Outcome, Tell, outcome_of

#: The steps a job reports, as :attr:`JobProgress.step`.
LEAST_COST, SEARCH, PLANS, RESOLVE, LEAVERS = "least_cost", "search", "plans", "resolve", "leavers"


class _Reporter:
    """Keeps the job's step and sends it again with each solver report."""

    def __init__(self, tell: Tell, first: JobProgress) -> None:
        self.tell = tell
        self.now = first
        tell(first)

    def step(self, step: str, done: int, total: int) -> None:
        self.now = JobProgress(step, done, total)
        self.tell(self.now)

    def solving(self, progress: SolveProgress) -> None:
        self.tell(replace(self.now, solve=progress))


@dataclass(frozen=True)
class AlternativesWork:
    """Near-optimal alternatives of ``scenario`` (:func:`optimise_alternatives`): the least-cost
    solve, the search (alternatives found of ``count``), then the plans made."""

    scenario: Scenario
    options: SolveOptions
    within: float
    count: int
    rank_by: str
    #: The plans' labels, made in the session's language (:func:`plan_labels`); the job's
    #: process has no language of the session.
    labels: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"alternatives of {self.scenario.label}"

    @property
    def time_limit_s(self) -> float:
        """The least-cost solve, and per alternative its search and its exact solve."""
        return self.options.time_limit_s * (1 + 2 * self.count)

    @property
    def currency(self) -> str:
        return str(self.scenario.config["currency"])

    def run(self, tell: Tell) -> Outcome:
        report = _Reporter(tell, JobProgress(LEAST_COST, 0, self.count))
        options = replace(self.options, on_progress=report.solving)
        return outcome_of(
            lambda: optimise_alternatives(
                self.scenario,
                options,
                self.within,
                self.count,
                self.rank_by,
                on_step=report.step,
                labels=self.labels or None,
            ),
            self.label,
        )


@dataclass(frozen=True)
class WhatIfWork:
    """A what-if (:func:`what_if`): ``plan`` re-solved with ``overrides``; the value is the new
    plan and its comparison with ``plan``."""

    plan: Plan
    overrides: Mapping[str, Any]
    options: SolveOptions = field(default_factory=SolveOptions)
    #: The new plan's label, made in the session's language (:func:`whatif_label`).
    new_label: str = ""

    @property
    def label(self) -> str:
        return self.new_label or whatif_label(self.plan.label)

    @property
    def time_limit_s(self) -> float:
        return self.options.time_limit_s

    @property
    def currency(self) -> str:
        return currency_of(self.plan)

    def run(self, tell: Tell) -> Outcome:
        report = _Reporter(tell, JobProgress(RESOLVE, 0, 1))
        options = replace(self.options, on_progress=report.solving)
        return outcome_of(
            lambda: what_if(self.plan, dict(self.overrides), options, self.label), self.label
        )


@dataclass(frozen=True)
class LeaveOneOutWork:
    """A plan's leave-one-out report (:func:`leave_one_out`): one re-solve per SME that shares a
    facility (SMEs done of all), one after the other in the job's own process: the job holds one
    place of the app's pool, whose places are the app's parallel solves."""

    plan: Plan
    options: SolveOptions = field(default_factory=SolveOptions)

    @property
    def leavers(self) -> int:
        """How many re-solves: the SMEs that share a facility."""
        return int(members(self.plan)["enterprise"].nunique())

    @property
    def label(self) -> str:
        return f"leave-one-out of {self.plan.label}"

    @property
    def time_limit_s(self) -> float:
        return self.options.time_limit_s * max(1, self.leavers)

    @property
    def currency(self) -> str:
        return currency_of(self.plan)

    def run(self, tell: Tell) -> Outcome:
        report = _Reporter(tell, JobProgress(LEAVERS, 0, self.leavers))
        return outcome_of(
            lambda: leave_one_out(
                self.plan,
                self.options,
                workers=1,
                on_done=lambda done, total: report.step(LEAVERS, done, total),
            ),
            self.label,
        )


def whatif_work(plan: Plan, overrides: Mapping[str, Any]) -> WhatIfWork:
    """The what-if under the solver settings of the plan's own scenario (as ``optimizer
    whatif``), its plan labelled in the current language."""
    return WhatIfWork(
        plan, dict(overrides), solve_options(scenario_of(plan)), whatif_label(plan.label)
    )


def leave_one_out_work(plan: Plan) -> LeaveOneOutWork:
    """The leave-one-out report under the solver settings of the plan's own scenario (as
    ``optimizer whatif --leave-one-out``)."""
    return LeaveOneOutWork(plan, solve_options(scenario_of(plan)))

"""Green loans (the ``loans`` table) against the scenario's discount rate: a loan whose rate is
not below it saves nothing against own funds, so the model never takes it (a warning)."""

from __future__ import annotations

import pandas as pd

from ..problems import Problem
from ..scenario import Scenario
from ..words.said import said
from .common import _is_number, _view


def _loan_problems(scenario: Scenario) -> list[Problem]:
    """A warning for each loan at or above the discount rate (the types and ranges of the table
    are the table checks')."""
    table = scenario.tables.get("loans")
    rate = scenario.config.get("discount_rate")
    if table is None or table.empty or not _is_number(rate):
        return []
    view = _view(scenario, "loans")
    problems = []
    for position, value in enumerate(view.frame["interest_rate"].astype("Float64")):
        if pd.isna(value):
            continue
        if float(value) >= float(rate):
            problems.append(
                view.problem(
                    position,
                    "interest_rate",
                    said("problem.rate_below", rate=f"{float(rate):g}"),
                    value=float(value),
                    severity="warning",
                )
            )
    return problems

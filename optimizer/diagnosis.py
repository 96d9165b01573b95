"""Why a scenario has no feasible plan, in the scenario's own words.

When the solver proves a scenario infeasible, the model is solved again with its rules made elastic
(unmet demand, cap excess, budget excess, empty required sites, extra facilities and site area carry
a large penalty); the slacks of that plan say which enterprises could not be served and which rule
had to give, and by how much.
"""

from __future__ import annotations

from dataclasses import replace

from .prepare import ModelData
from .problems import Problem, ScenarioError
from .scenario import Scenario
from .solvers.dispatch import solve_instance
from .solvers.types import SolveOptions

_TOLERANCE = 1e-6


class InfeasibleError(ScenarioError):
    """No plan meets every rule; ``problems`` say what had to give in the elastic re-solve."""

    def summary(self) -> str:
        head = "No plan meets every rule of the scenario. Relaxing the rules shows why:"
        return "\n".join([head, *(f"- {p}" for p in self.errors)])


def explain_infeasible(scenario: Scenario, data: ModelData, options: SolveOptions) -> list[Problem]:
    """Solve the elastic model and describe every slack that had to be used."""
    solution = solve_instance(data, replace(options, solver="highs-standard-form"), elastic=True)
    if not solution.report.has_solution:
        return [
            _unexplained(scenario, f"the elastic re-solve also failed ({solution.report.status})")
        ]
    values = solution.values
    problems = [
        *_unmet(scenario, data, values.get("unmet", {})),
        *_excess(scenario, values),
    ]
    return problems or [_unexplained(scenario, "no rule needed to be relaxed")]


def _unexplained(scenario: Scenario, why: str) -> Problem:
    return Problem(
        scenario.settings_label,
        None,
        "a scenario with at least one feasible plan (check site areas, existing tiers and output "
        "streams that have neither a downstream facility in reach nor a sink)",
        found=f"an infeasible scenario; {why}",
    )


def _unmet(scenario: Scenario, data: ModelData, unmet: dict) -> list[Problem]:
    problems = []
    reachable = data.pairs.groupby(["enterprise", "service"])["site"].apply(list).to_dict()
    for d, share in unmet.items():
        if share <= _TOLERANCE:
            continue
        row = data.demands.iloc[d]
        key = (row["enterprise"], row["service"])
        sites = reachable.get(key, [])
        unit = scenario.services[row["service"]]["unit"]
        where = f"sites in reach: {', '.join(sites)}" if sites else "no site in reach"
        self_note = "" if row["self_allowed"] else "; self-treatment is not allowed"
        problems.append(
            Problem(
                scenario.source_label("demands"),
                "demand_per_day",
                "a facility with room for it, or self-treatment allowed",
                row_id=f"{key[0]}/{key[1]}",
                found=f"{share:.0%} of {row['demand_per_day']:g} {unit}/d left unserved "
                f"({where}{self_note})",
            )
        )
    return problems


#: The elastic slacks of a rule of the settings: which setting gave in (``{key}``: the pollutant or
#: service of the slack), what it should be, and what the relaxed plan found.
_SETTING_SLACKS = (
    (
        "cap_excess",
        "pollutants.{key}.cap_t_per_year",
        "a cap the park can meet",
        "the best plan discharges {excess:,.2f} t/year above the cap",
    ),
    (
        "outfall_excess",
        "pollutants.{key}",
        "an outfall cap the park can meet",
        "the best plan discharges {excess:,.2f} t/year above the cap",
    ),
    (
        "budget_excess",
        "policy.capital_budget_cny",
        "a budget that covers the facilities the demand needs",
        "the best plan needs {excess:,.0f} more",
    ),
    (
        "facilities_excess",
        "policy.max_facilities.{key}",
        "a maximum that leaves room for the facilities the demand needs",
        "{excess:g} more {key} facilities needed",
    ),
)


def _excess(scenario: Scenario, values: dict) -> list[Problem]:
    problems = [
        Problem(
            scenario.settings_label,
            path.format(key=key),
            expected,
            found=found.format(key=key, excess=excess),
        )
        for slack, path, expected, found in _SETTING_SLACKS
        for key, excess in values.get(slack, {}).items()
        if excess > _TOLERANCE
    ]
    sites = scenario.tables["sites"]["id"].astype(str).tolist()
    for j, shortfall in values.get("required_shortfall", {}).items():
        if shortfall > _TOLERANCE:
            problems.append(
                Problem(
                    scenario.source_label("sites"),
                    "status",
                    "a required site that can host a facility (tiers that fit its area)",
                    row_id=sites[j],
                    found="required, but no facility could be placed there",
                )
            )
    return problems

"""Why a scenario has no feasible plan, in the scenario's own words: which rule the planner would
have to change, and by how much.

When the solver proves a scenario infeasible, the model is solved again with rule families made
elastic (:data:`~optimizer.solvers.formulation.ELASTIC_SLACKS`: demand left unserved, site area,
required sites, pollutant caps park-wide, per outfall and per enterprise, facilities per service, the capital
budget), each slack carrying a large penalty, and the search below finds the families that bind:

1. every family relaxed at once: the families the scenario has (a scenario that stays infeasible
   even so is reported as unexplained);
2. each family but the demand relaxed alone, the others hard: every one that alone restores a plan
   is reported, with the smallest change it needs (the slack of that re-solve) — any one of them
   is enough;
3. when no family alone is enough, a deletion filter: starting from all relaxed, each family in
   the order of :data:`~optimizer.solvers.formulation.ELASTIC_SLACKS` (demand first, the budget
   last) is made hard again if a plan still exists without its slack; what is left is a smallest
   set of families that must change together.

Serving every demand is the purpose of the plan, so unserved demand is named only when nothing
else restores a plan. Reach is a property of the data rather than a rule with a slack: an unserved
demand is reported with the sites it can reach. The search solves at most twice per family, each
re-solve within what is left of the solver's time limit.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import replace

from .prepare import ModelData
from .problems import Problem, ScenarioError
from .scenario import Scenario
from .schema import ID_SEPARATOR
from .solvers.dispatch import solve_instance
from .solvers.formulation import ELASTIC_SLACKS
from .solvers.types import Solution, SolveOptions
from .words import diagnosis as words
from .words.said import said

_TOLERANCE = 1e-6

#: The routes the re-solves keep from the user's options (both builders make the elastic model);
#: any other solver name is diagnosed by the default route.
_ELASTIC_ROUTES = ("highs", "highs-standard-form")


class InfeasibleError(ScenarioError):
    """No plan meets every rule; ``problems`` say what had to give in the elastic re-solve."""

    def summary(self) -> str:
        head = "No plan meets every rule of the scenario. Relaxing the rules shows why:"
        return "\n".join([head, *(f"- {p}" for p in self.errors)])


def explain_infeasible(scenario: Scenario, data: ModelData, options: SolveOptions) -> list[Problem]:
    """The rules that bind in an infeasible scenario, each naming the setting or table row to
    change and by how much (see the module docstring for the search).

    Parameters
    ----------
    scenario
        The scenario, for the names of its files, settings and rows.
    data
        Its prepared model data (the infeasible instance).
    options
        The solve options; the re-solves keep the route when it is a HiGHS route, the time limit
        (for the whole search) and the gap.

    Returns
    -------
    list[Problem]
        One problem per rule to change (an unexplained one when no relaxation restores a plan).
    """
    search = _Search(data, _elastic_options(options))
    everything = search.solve(ELASTIC_SLACKS)
    if everything is None:
        return [_unexplained(scenario, "diagnosis.why.failed")]
    present = [name for name in ELASTIC_SLACKS if name in everything.values]
    alone = {}
    for name in present:
        if name != "unmet" and search.time_left():
            solution = search.solve([name])
            if solution is not None:
                alone[name] = solution
    if alone:
        problems = [p for name, s in alone.items() for p in _describe(scenario, data, s, [name])]
        return _joined(problems, words.ANY_ONE)
    kept, solution = list(present), everything
    for name in present:
        trial = [k for k in kept if k != name]
        if not trial or not search.time_left():
            continue
        relaxed = search.solve(trial)
        if relaxed is not None:
            kept, solution = trial, relaxed
    problems = _describe(scenario, data, solution, kept)
    return _joined(problems, words.TOGETHER) or [_unexplained(scenario, "diagnosis.why.none")]


def _elastic_options(options: SolveOptions) -> SolveOptions:
    """The re-solves' options: no warm start, no relaxation, and no progress reports (their
    objective is how far the rules must give, which no display may call a plan's cost)."""
    solver = options.solver if options.solver in _ELASTIC_ROUTES else "highs"
    return replace(options, solver=solver, warm_start=None, relax=False, on_progress=None)


class _Search:
    """Elastic re-solves sharing one deadline (the options' time limit)."""

    def __init__(self, data: ModelData, options: SolveOptions):
        self.data, self.options = data, options
        self.deadline = time.monotonic() + options.time_limit_s

    def time_left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def solve(self, slacks: Collection[str]) -> Solution | None:
        """The elastic plan with only ``slacks`` relaxed, or None when there is none."""
        options = replace(self.options, time_limit_s=max(self.time_left(), 1.0))
        solution = solve_instance(self.data, options, elastic=slacks)
        return solution if solution.report.has_solution else None


def _joined(problems: list[Problem], note: str) -> list[Problem]:
    """Say how several problems combine (any one of them, or all together)."""
    if len(problems) < 2:
        return problems
    n = len(problems) if note == words.ANY_ONE else len(problems) - 1
    return [replace(p, expected=words.joined(p.expected, note, n)) for p in problems]


def _unexplained(scenario: Scenario, why: str) -> Problem:
    expected, found = words.unexplained(why)
    return Problem(scenario.settings_label, None, expected, found=found)


def _describe(
    scenario: Scenario, data: ModelData, solution: Solution, slacks: Collection[str]
) -> list[Problem]:
    """A problem for every slack of ``slacks`` that the elastic plan had to use."""
    values = solution.values
    problems = []
    for name in slacks:
        for key, amount in values.get(name, {}).items():
            if amount > _TOLERANCE:
                problems.append(_DESCRIBE[name](scenario, data, key, amount))
    return problems


def _unmet(scenario: Scenario, data: ModelData, d: int, share: float) -> Problem:
    reachable = data.pairs.groupby(["enterprise", "service"])["site"].apply(list).to_dict()
    row = data.demands.iloc[d]
    key = (row["enterprise"], row["service"])
    sites = reachable.get(key, [])
    unit = scenario.services[row["service"]]["unit"]
    expected, found = words.unserved(
        share, row["demand_per_day"], unit, list(sites), bool(row["self_allowed"])
    )
    return Problem(
        scenario.source_label("demands"),
        "demand_per_day",
        expected,
        row_id=f"{key[0]}/{key[1]}",
        found=found,
    )


def _area(scenario: Scenario, data: ModelData, j: int, excess: float) -> Problem:
    site = data.sites.iloc[j]
    expected, found = words.raise_to(
        said("diagnosis.rule.area"), float(site["area_m2"]), excess, "m2"
    )
    return Problem(
        scenario.source_label("sites"), "area_m2", expected, row_id=str(site["site"]), found=found
    )


def _required(scenario: Scenario, data: ModelData, j: int, shortfall: float) -> Problem:
    expected, found = words.required_site_empty()
    site = str(data.sites.iloc[j]["site"])
    return Problem(scenario.source_label("sites"), "status", expected, row_id=site, found=found)


def _cap(scenario: Scenario, data: ModelData, pollutant: str, excess: float) -> Problem:
    rule = said("diagnosis.rule.cap", pollutant=pollutant)
    expected, found = words.raise_to(rule, data.caps[pollutant], excess, "t/year")
    key = f"pollutants.{pollutant}.cap_t_per_year"
    return Problem(scenario.settings_label, key, expected, found=found)


def _outfall(scenario: Scenario, data: ModelData, key: str, excess: float) -> Problem:
    """``key``: ``<pollutant>.outfall_cap_t_per_year.<service>``, the cap's settings key below
    ``pollutants``."""
    pollutant, _, service = key.partition(".outfall_cap_t_per_year.")
    assert data.pollution is not None  # an outfall slack exists only with the pollutant chain
    cap = float(data.pollution.outfall_caps[service][data.pollution.pollutants.index(pollutant)])
    rule = said("diagnosis.rule.outfall", pollutant=pollutant, service=service)
    expected, found = words.raise_to(rule, cap, excess, "t/year")
    return Problem(scenario.settings_label, f"pollutants.{key}", expected, found=found)


def _enterprise(scenario: Scenario, data: ModelData, key: str, excess: float) -> Problem:
    """``key``: the ``enterprise_caps`` row id ``<enterprise>/<pollutant>``."""
    assert data.pollution is not None  # an enterprise slack exists only with its cap's row
    enterprise, _, pollutant = key.rpartition(ID_SEPARATOR)
    cap = data.pollution.enterprise_cap(key)
    expected, found = words.enterprise_cap(enterprise, pollutant, cap, excess)
    table = scenario.tables["enterprise_caps"].reset_index(drop=True)
    mine = (table["enterprise"] == enterprise) & (table["pollutant"] == pollutant)
    line = int(mine.to_numpy(dtype=bool).argmax()) + 2 if mine.any() else None
    source = scenario.source_label("enterprise_caps")
    return Problem(source, "cap_t_per_year", expected, row_id=key, line=line, found=found)


def _facilities(scenario: Scenario, data: ModelData, service: str, excess: float) -> Problem:
    expected, found = words.facility_count(service, data.max_facilities[service], excess)
    key = f"policy.max_facilities.{service}"
    return Problem(scenario.settings_label, key, expected, found=found)


def _budget(scenario: Scenario, data: ModelData, _key: int, excess: float) -> Problem:
    budget = float(data.capital_budget or 0.0)
    expected, found = words.raise_to(
        said("diagnosis.rule.budget"), budget, excess, data.currency, digits=0
    )
    return Problem(scenario.settings_label, "policy.capital_budget_cny", expected, found=found)


#: How each slack is told: the file or settings key, the row and the change it needs.
_DESCRIBE = {
    "unmet": _unmet,
    "area_excess": _area,
    "required_shortfall": _required,
    "cap_excess": _cap,
    "outfall_excess": _outfall,
    "enterprise_excess": _enterprise,
    "facilities_excess": _facilities,
    "budget_excess": _budget,
}

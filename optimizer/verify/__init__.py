"""Is this plan feasible, and costed right, for that scenario? Recomputed without a solver.

:func:`verify_plan` reads a plan's decisions (the tiers it opens, who sends what share where, the
streams between facilities), matches them to the prepared scenario
(:func:`optimizer.prepare.prepare`: what exists and what it costs), and from them alone:

1. checks the inputs: the hash the plan records against the inputs it carries, and against the
   scenario given (naming each setting or row that differs);
2. checks every rule: demand met, reach, self-treatment allowed, single sourcing, tiers offered,
   one tier per facility, existing facilities kept, capacity, streams (what leaves a facility
   goes downstream or to the sink), site area, required and forbidden sites, facilities per
   service, the capital budget, pollutant caps, subsidy rates and budget;
3. recomputes every figure (loads, costs, discharges, KPIs, the SME statement's sums) and
   compares it with the plan's own, within a stated :class:`Tolerance`.

No solver is imported, and no value the solver reported is trusted: a load is what the members
and upstream facilities send, a cost is the prepared cost of the decision. The package:
``findings`` (the differences and the verdict), ``decisions`` (the plan's choices as rows of the
model data, and the rules read with them), ``rules`` (the limits), ``figures`` (the costs).

>>> from optimizer.pipeline import optimise
>>> plan = optimise("scenarios/tiny")
>>> verify_plan(plan).ok
True
"""

from __future__ import annotations

import os

from ..checks import require_valid
from ..compare_inputs import change_sentence, inputs_differences
from ..plan import Plan, inputs_of, scenario_of
from ..prepare import prepare
from ..scenario import Scenario, load_scenario
from .decisions import read_decisions
from .figures import check_figures
from .findings import FIGURE, INPUT, RULE, Difference, Findings, Tolerance, Verification
from .rules import check_rules

__all__ = [
    "FIGURE",
    "INPUT",
    "RULE",
    "Difference",
    "Tolerance",
    "Verification",
    "scenario_for",
    "verify_plan",
]


def verify_plan(
    plan: Plan, scenario: Scenario | None = None, tolerance: Tolerance | None = None
) -> Verification:
    """Verify ``plan`` against ``scenario`` (default: the inputs the plan carries).

    Raises
    ------
    ScenarioError
        The scenario has errors (every one listed): there is nothing valid to verify against.
    """
    found = Findings(tolerance or Tolerance())
    carried = scenario_of(plan)
    recorded = str(plan.provenance.get("input_hash", ""))
    hashes = {"recorded": recorded, "carried": carried.input_hash()}
    if hashes["carried"] != recorded:
        found.add(
            INPUT,
            "input hash",
            "plan",
            recorded,
            hashes["carried"],
            note="the inputs the plan carries are not those it was solved from",
        )
    if scenario is not None:
        hashes["scenario"] = scenario.input_hash()
        if hashes["scenario"] != recorded:
            _input_differences(plan, scenario, found)
    else:
        scenario = carried
    found.count("input hash", 1)
    require_valid(scenario)
    data = prepare(scenario)
    decisions = read_decisions(plan, data, scenario, found)
    check_rules(plan, data, scenario, decisions, found)
    check_figures(plan, data, scenario, decisions, found)
    order = {INPUT: 0, RULE: 1, FIGURE: 2}
    differences = sorted(found.differences, key=lambda d: order[d.kind])
    return Verification(
        plan.label, data.currency, tuple(differences), dict(found.checked), hashes, found.tolerance
    )


def scenario_for(plan: Plan, path: str | os.PathLike) -> Scenario:
    """The scenario at ``path`` as the plan was solved from it: with the plan's variant, and the
    other overrides its provenance records (a batch's sweep values) applied on top."""
    scenario = load_scenario(path, plan.provenance.get("variant"))
    applied = {o.key for o in scenario.overrides}
    rest = {k: v for k, v in (plan.provenance.get("overrides") or {}).items() if k not in applied}
    return scenario.with_overrides(rest, origin="sweep") if rest else scenario


def _input_differences(plan: Plan, scenario: Scenario, found: Findings) -> None:
    """Each setting or row the scenario has otherwise than the inputs the plan carries (its name
    and description aside: they are not inputs of the plan)."""
    changes = [
        change
        for change in inputs_differences(plan.inputs, inputs_of(scenario))
        if not (change.get("table") == "settings" and change.get("key") in ("name", "description"))
    ]
    for change in changes:
        where = " ".join(str(change.get(k) or "") for k in ("table", "key", "column")).strip()
        found.add(INPUT, "input", where, note=change_sentence(change))
    if not changes:
        found.add(
            INPUT,
            "input hash",
            "scenario",
            plan.provenance.get("input_hash"),
            scenario.input_hash(),
            note="the scenario is not the one the plan was solved from",
        )

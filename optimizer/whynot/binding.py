"""Which rule stands in the way of a forced decision, in the scenario's words.

For a connection: the capacity of the plant the SME would join (its tier, capacity and load, in
the service's unit), or that no plant within its reach is open. For any forced plan, a rule
family binds when setting its rows free makes the forced plan cheaper by more than the solver's
gap (a re-solve per family the scenario has, from the forced plan, which the freed model still
allows): the capital budget, the most facilities of a service, a site's area, a pollutant's
park-wide or outfall cap. What the freed plan would do beyond the rule (a site's area used, a
discharge, a spend) is read by the verifier's rules (:mod:`optimizer.verify.rules`), so the limit
and the amount are the scenario's own, with their units.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..extract import extract_plan
from ..plan import Plan
from ..prepare import ModelData
from ..scenario import Scenario
from ..solvers.alternatives import ExtraRows, rule_families, solve_with_rows
from ..solvers.types import Solution, SolveOptions
from ..verify.decisions import read_decisions
from ..verify.findings import RULE, Findings, Tolerance
from ..verify.rules import check_rules
from ..words.whynot import (
    capacity_sentence,
    family_setting,
    freed_rule_sentence,
    no_open_facility_sentence,
)


@dataclass(frozen=True)
class Reason:
    """One reason in words; ``kind`` a key of :data:`optimizer.words.whynot.REASON_KINDS`."""

    kind: str
    sentence: str


#: Rule families that may bind: the row family of both builders, the reason's kind, and the rule
#: of :mod:`optimizer.verify.rules` that names what the freed plan would break.
FAMILIES = (
    ("capital_budget", "budget", "capital budget"),
    ("max_facilities", "max_facilities", "facilities per service"),
    ("site_area", "area", "site area"),
    ("pollutant_cap", "cap", "pollutant cap"),
    ("outfall_cap", "cap", "outfall cap"),
)


def blocking_families(data: ModelData, options: SolveOptions, extra: ExtraRows) -> list[Reason]:
    """The rule families whose release alone lets an impossible forced facility open."""
    reasons = []
    present = rule_families(data)
    for family, kind, rule in FAMILIES:
        if family not in present:
            continue
        freed = solve_with_rows(data, options, replace(extra, relax=(family,)))
        if freed.report.has_solution:
            reasons.append(Reason(kind, f"{family_setting(family, rule)} leaves no room for it."))
    return reasons


def connection_reasons(
    enterprise: str,
    service: str,
    plan: Plan,
    forced: Plan,
    data: ModelData,
    unit: str,
    chosen: bool = False,
) -> list[Reason]:
    """Why the SME's demand was not shared in the plan: a full plant it could join, or no plant
    within its reach open at all (``chosen``: the one site asked for; ``data``'s pairs are then
    that site's only)."""
    a = forced.assignments
    at = a[(a["enterprise"] == enterprise) & (a["service"] == service)]
    site = str(at["site"].iloc[0])
    load = float(at["demand_per_day"].sum()) if "demand_per_day" in at else 0.0
    pairs = data.pairs
    reach = set(pairs.loc[(pairs["enterprise"] == enterprise) & (pairs["service"] == service)].site)
    f = plan.facilities
    open_in_reach = f[(f["service"] == service) & f["site"].isin(reach)]
    after = _facility(forced, site, service)
    instead = site not in set(open_in_reach["site"])
    reasons = []
    for row in open_in_reach.sort_values("site").itertuples(index=False):
        if float(row.load_per_day) + load > float(row.capacity_per_day) + 1e-6:
            then = _instead(row, after, site, unit, instead)
            capacity, treats = float(row.capacity_per_day), float(row.load_per_day)
            words = capacity_sentence(
                service, row.site, row.tier, capacity, treats, enterprise, load, unit, then
            )
            reasons.append(Reason("capacity", words))
    if open_in_reach.empty:
        tier = after["tier"] if after is not None else "?"
        words = no_open_facility_sentence(enterprise, service, site, tier, chosen)
        reasons.append(Reason("facility", words))
    return reasons


def _instead(before, after, site: str, unit: str, elsewhere: bool) -> str:
    if elsewhere:
        tier = f" (tier {after['tier']})" if after is not None else ""
        return f"the forced plan sends it to {site}{tier} instead"
    if after is not None and after["tier"] != before.tier:
        return (
            f"the forced plan builds tier {after['tier']} "
            f"({float(after['capacity_per_day']):g} {unit}/d) instead"
        )
    return "others have to move elsewhere"


def _facility(plan: Plan, site: str, service: str):
    f = plan.facilities
    rows = f[(f["site"] == site) & (f["service"] == service)]
    return None if rows.empty else rows.iloc[0]


def binding_families(
    scenario: Scenario,
    data: ModelData,
    options: SolveOptions,
    extra: ExtraRows,
    forced: Solution,
) -> list[Reason]:
    """The rule families whose release makes the forced plan cheaper (see the module
    docstring), each with the limit and what the freed plan would do beyond it."""
    objective = forced.report.objective
    if objective is None:
        return []
    present = rule_families(data)
    start = replace(options, warm_start=forced.values)
    enough = max(0.005, options.mip_gap * abs(objective))
    reasons = []
    for family, kind, rule in FAMILIES:
        if family not in present:
            continue
        freed = solve_with_rows(data, start, replace(extra, relax=(family,)))
        freed_cost = freed.report.objective
        if not freed.report.has_solution or freed_cost is None:
            continue
        saving = objective - freed_cost
        if saving <= enough:
            continue
        beyond = _beyond(scenario, data, freed, options, rule)
        sentences = [
            freed_rule_sentence(
                family, rule, d.where, d.expected, d.found, d.unit, saving, data.currency
            )
            for d in beyond
        ] or [freed_rule_sentence(family, rule, "", None, None, "", saving, data.currency)]
        reasons += [Reason(kind, sentence) for sentence in sentences]
    return reasons


def _beyond(scenario: Scenario, data: ModelData, freed: Solution, options: SolveOptions, rule: str):
    """What the freed plan does beyond ``rule``: the verifier's differences of that rule."""
    plan = extract_plan(scenario, data, freed, options)
    found = Findings(Tolerance())
    check_rules(plan, data, scenario, read_decisions(plan, data, scenario, found), found)
    return [d for d in found.differences if d.kind == RULE and d.what == rule]

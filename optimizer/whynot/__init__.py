"""Why not: force a decision the plan did not take, re-solve from the plan, and say what it costs
and which rule stands in the way, or that it is impossible and why.

Two decisions can be forced: a facility open (``open``: a site and a service; a row
``sum of its tiers' open >= 1`` added by :mod:`optimizer.solvers.alternatives`) and an SME's
demand shared (``connect``: an enterprise and a service, optionally at one site; the demand may
then not self-treat, and only that site's pair is kept). The re-solve starts from the plan's own
decisions (:func:`optimizer.extract.plan_start`), less the ones the forcing contradicts.

The rule that binds (:mod:`optimizer.whynot.binding`): for a connection, the plant the SME
would join being too small for it, or no plant in its reach open; for any forced plan, each rule
family (the capital budget, the most facilities of a service, a site's area, the pollutant caps)
whose release would make the forced plan cheaper, with its limit and what the plan would do
beyond it. For an impossible decision: the structure (no site in reach, no tier at the site), the
scenario's own diagnosis (:func:`optimizer.diagnosis.explain_infeasible`) or, for a forced
facility, the rule family whose release makes it feasible.

The forced plan keeps the loads on their streams as a normal solve does
(:func:`optimizer.solvers.loads.follow_loads`): the model lets a carrying stream's load leave
apart from its volume, so a forced plan whose split stream seems to meet a pollutant cap is
solved again with each carrying stream sent to one destination when its exact loads break the
cap (a forced connection that mixes clean water into a capped chain: the relaxation would send
the load to the plant and the clean water to the sewer), and the rule families are then set free
in that model too. A why-not's plan is therefore feasible for the physical rule, as
``optimizer verify`` checks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..allocation import allocate
from ..checks import require_valid
from ..diagnosis import explain_infeasible
from ..extract import extract_plan, plan_start
from ..pipeline import DEFAULT_RULE, INFEASIBLE, solve_options
from ..plan import SELF, UNSERVED, Plan, scenario_of
from ..prepare import ModelData, prepare
from ..problems import Problem, ScenarioError
from ..scenario import Scenario
from ..solvers.alternatives import ExtraRows, facility_rows, solve_with_rows
from ..solvers.highs import Deadline
from ..solvers.loads import ONE_DESTINATION, first_pass, follow_loads
from ..solvers.types import Solution, SolveOptions
from ..words.whynot import already_sentence, cost_sentence, decision_words, impossible_sentence
from .binding import Reason, binding_families, blocking_families, connection_reasons

__all__ = ["Decision", "Reason", "WhyNot", "why_not"]


@dataclass(frozen=True)
class Decision:
    """A decision to force: ``open`` a facility (site, service) or ``connect`` an enterprise's
    service (to ``site``, or to any shared facility when empty)."""

    kind: str
    service: str
    site: str = ""
    enterprise: str = ""

    @classmethod
    def parse(cls, kind: str, text: str) -> Decision:
        """``S06:sewage`` for ``open``; ``E007:sewage`` or ``E007:sewage@S06`` for ``connect``.

        >>> Decision.parse("connect", "E7:sewage@S1")
        Decision(kind='connect', service='sewage', site='S1', enterprise='E7')
        """
        head, _, service = text.partition(":")
        service, _, at = service.partition("@")
        if not head or not service or (kind == "open" and at):
            shape = "SITE:SERVICE" if kind == "open" else "ENTERPRISE:SERVICE[@SITE]"
            raise ValueError(f"--{kind} {text!r}: expected {shape}, e.g. S06:sewage")
        if kind == "open":
            return cls("open", service, site=head)
        return cls("connect", service, site=at, enterprise=head)

    @property
    def words(self) -> str:
        return decision_words(self.kind, self.enterprise, self.site, self.service)


@dataclass(frozen=True)
class WhyNot:
    """The answer: possible or not, what it costs (``delta``, currency/year), the reasons, the
    forced plan, and the scenario's diagnosis when the forced model has no plan."""

    decision: Decision
    currency: str
    possible: bool
    already: bool = False
    delta: float | None = None
    reasons: tuple[Reason, ...] = ()
    plan: Plan | None = None
    problems: tuple[Problem, ...] = field(default=())

    def sentences(self) -> list[str]:
        """What the command prints: the answer first, then each reason and problem."""
        if self.already:
            return [already_sentence(self.decision.words)]
        if not self.possible:
            head = impossible_sentence(self.decision.words)
        else:
            head = cost_sentence(self.decision.words, self.delta or 0.0, self.currency)
        return [
            head,
            *(f"- {r.sentence}" for r in self.reasons),
            *(f"- {p}" for p in self.problems),
        ]


def _check(decision: Decision, scenario: Scenario, data: ModelData) -> None:
    problems = []
    sites = set(data.sites["site"])
    if decision.service not in scenario.services:
        known = ", ".join(sorted(scenario.services))
        problems.append(Problem(f"--{decision.kind}", None, f"one of {known}", decision.service))
    if decision.site and decision.site not in sites:
        problems.append(
            Problem(f"--{decision.kind}", None, "a site of the scenario", decision.site)
        )
    if decision.kind == "connect":
        demands = data.demands
        mine = demands[demands["enterprise"] == decision.enterprise]
        if mine.empty:
            problems.append(
                Problem("--connect", None, "an enterprise with demand", decision.enterprise)
            )
        elif decision.service not in set(mine["service"]):
            found = f"{decision.enterprise} has no {decision.service} demand"
            problems.append(Problem("--connect", None, "a service it demands", found=found))
    if problems:
        raise ScenarioError(problems)


def _already(decision: Decision, plan: Plan) -> bool:
    if decision.kind == "open":
        f = plan.facilities
        return bool(((f["site"] == decision.site) & (f["service"] == decision.service)).any())
    a = plan.assignments
    mine = a[(a["enterprise"] == decision.enterprise) & (a["service"] == decision.service)]
    at = mine["site"].astype(str)
    return bool(at.eq(decision.site).all() if decision.site else (~at.isin([SELF, UNSERVED])).all())


def _reach(decision: Decision, scenario: Scenario) -> Reason:
    settings = scenario.services[decision.service]
    limits = [
        f"services.{decision.service}.{key} = {settings[key]}"
        for key in ("max_distance_km", "k_nearest")
        if settings.get(key) is not None
    ]
    where = f"{decision.site} is not" if decision.site else "no site hosting it is"
    rule = f" ({'; '.join(limits)})" if limits else " (the distances table lists no such pair)"
    return Reason("reach", f"{where} within reach of {decision.enterprise}{rule}.")


def _forced_connection(decision: Decision, data: ModelData) -> ModelData:
    demands = data.demands.copy()
    row = (demands["enterprise"] == decision.enterprise) & (demands["service"] == decision.service)
    demands.loc[row, "self_allowed"] = False
    pairs = data.pairs
    mine = (pairs["enterprise"] == decision.enterprise) & (pairs["service"] == decision.service)
    if decision.site:
        pairs = pairs[~mine | (pairs["site"] == decision.site)].reset_index(drop=True)
    return replace(data, demands=demands, pairs=pairs)


def _start(plan: Plan, data: ModelData, decision: Decision) -> dict:
    start = plan_start(plan, data)
    if decision.kind == "open":
        tiers = data.tiers
        mine = (tiers["site"] == decision.site) & (tiers["service"] == decision.service)
        for t in mine[mine].index:
            start["open"].pop(int(t), None)
    else:
        pairs = data.pairs
        mine = (pairs["enterprise"] == decision.enterprise) & (pairs["service"] == decision.service)
        for p in mine[mine].index:
            start["assign"].pop(int(p), None)
    return start


def why_not(
    plan: Plan,
    decision: Decision,
    options: SolveOptions | None = None,
    allocation: str | None = None,
) -> WhyNot:
    """Force ``decision`` on the scenario of ``plan``, re-solve (warm-started from the plan) and
    say what it costs and why the plan did not take it (see the module docstring).

    Raises
    ------
    ScenarioError
        The plan's scenario has errors, or the decision names a site, service or demand it lacks.
    """
    scenario = scenario_of(plan)
    require_valid(scenario)
    data = prepare(scenario)
    _check(decision, scenario, data)
    currency = data.currency
    if _already(decision, plan):
        return WhyNot(decision, currency, possible=True, already=True, delta=0.0)
    options = options or solve_options(scenario)
    options = replace(options, warm_start=_start(plan, data, decision))
    if decision.kind == "open":
        rows = facility_rows(data, {(decision.site, decision.service)})
        if not rows:
            return WhyNot(decision, currency, False, reasons=(_no_tier(decision, data),))
        extra = ExtraRows(force_open=tuple(rows))
        forced_data = data
    else:
        forced_data, extra = _forced_connection(decision, data), ExtraRows()
        mine = forced_data.pairs
        mine = mine[(mine["enterprise"] == decision.enterprise)]
        if not (mine["service"] == decision.service).any():
            return WhyNot(decision, currency, False, reasons=(_reach(decision, scenario),))
    forced_data, solution = _keep_loads(forced_data, options, extra)
    if not solution.report.has_solution:
        return _impossible(decision, scenario, forced_data, options, solution, currency)
    forced = extract_plan(scenario, forced_data, solution, options)
    rule = allocation or plan.allocation.get("rule") or DEFAULT_RULE
    forced = allocate(forced, rule, scenario=scenario, data=forced_data)
    delta = forced.total_cost - plan.total_cost
    reasons = []
    if decision.kind == "connect":
        unit = str(scenario.services[decision.service]["unit"])
        reasons += connection_reasons(
            decision.enterprise,
            decision.service,
            plan,
            forced,
            forced_data,
            unit,
            chosen=bool(decision.site),
        )
    reasons += binding_families(scenario, forced_data, options, extra, solution)
    if not reasons:
        reasons.append(Reason("cost", "no rule stands in the way: the plan is simply cheaper."))
    return WhyNot(decision, currency, True, delta=delta, reasons=tuple(reasons), plan=forced)


def _keep_loads(
    data: ModelData, options: SolveOptions, extra: ExtraRows
) -> tuple[ModelData, Solution]:
    """The forced solve, and again with each carrying stream sent to one destination when its
    exact loads break a cap (:func:`follow_loads`, as a normal solve); the model data it was
    solved in (one destination, when so)."""

    deadline = Deadline.after(options.time_limit_s)

    def again(kept: ModelData, start: Mapping[str, Mapping[Any, float]], why: str) -> Solution:
        left = replace(options, time_limit_s=deadline.left(), warm_start=start)
        return solve_with_rows(kept, left, extra, deadline)

    first = solve_with_rows(data, first_pass(data, options), extra, deadline)
    solution = follow_loads(data, first, again)
    if ONE_DESTINATION in solution.values and data.pollution is not None:
        data = replace(data, pollution=replace(data.pollution, one_destination=True))
    return data, solution


def _no_tier(decision: Decision, data: ModelData) -> Reason:
    status = data.sites.set_index("site")["status"].get(decision.site, "")
    if status == "forbidden":
        return Reason("site", f"site {decision.site} is forbidden (sites.status).")
    return Reason(
        "site",
        f"no {decision.service} tier can be built at {decision.site} (none offered in the tiers "
        "table, the site does not host the service, or none fits its area).",
    )


def _impossible(
    decision: Decision,
    scenario: Scenario,
    data: ModelData,
    options: SolveOptions,
    solution: Solution,
    currency: str,
) -> WhyNot:
    if solution.report.status not in INFEASIBLE:
        raise ScenarioError(
            f"the solver stopped ({solution.report.status}) before finding a plan with "
            f"{decision.words}; allow more time (--time-limit)"
        )
    if decision.kind == "connect":
        problems = tuple(explain_infeasible(scenario, data, replace(options, warm_start=None)))
        return WhyNot(decision, currency, False, problems=problems)
    rows = facility_rows(data, {(decision.site, decision.service)})
    reasons = blocking_families(data, replace(options, warm_start=None), ExtraRows(force_open=rows))
    return WhyNot(decision, currency, False, reasons=tuple(reasons))

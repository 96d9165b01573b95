"""Pre-solve feasibility: the arithmetic checks that prove a scenario infeasible.

Each runs only on the inputs it needs when they are clean (see :mod:`.gate`).
"""

from __future__ import annotations

from ..problems import Problem
from ..scenario import Scenario
from .budget import _budget_too_small
from .capacity import _demands_too_large, _services_short_of_capacity
from .enterprise_caps import _enterprise_caps_out_of_reach
from .gate import _Gate
from .pollutant_caps import _caps_out_of_reach
from .required_sites import (
    _existing_at_forbidden_sites,
    _required_sites_without_tiers,
    _too_many_required_sites,
)
from .supply_data import _Supply


def _diagnose(scenario: Scenario, gate: _Gate, supply: _Supply | None) -> list[Problem]:
    problems = _existing_at_forbidden_sites(scenario)
    if gate.clean(("sites", "tiers"), ("services",)):
        problems += _required_sites_without_tiers(scenario)
        if gate.clean((), ("policy",)):
            problems += _too_many_required_sites(scenario)
    if supply is None:
        return problems
    single = scenario.config.get("solver", {}).get("single_sourcing", True) is not False
    too_large = _demands_too_large(scenario, supply, single)
    problems += too_large
    flagged = {p.line - 2 for p in too_large if p.line is not None}
    problems += _services_short_of_capacity(scenario, supply, flagged)
    if gate.clean(("concentrations",), ("pollutants",)):
        problems += _caps_out_of_reach(scenario, supply)
        if gate.clean(("enterprise_caps",)):
            problems += _enterprise_caps_out_of_reach(scenario, supply)
    if gate.clean((), ("policy",)):
        problems += _budget_too_small(scenario, supply, single)
    return problems

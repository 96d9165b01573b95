"""The entry points: :func:`check`, :func:`require_valid` and :func:`diagnose`."""

from __future__ import annotations

from ..problems import Problem, ScenarioError
from ..scenario import Scenario
from .feasibility import _diagnose
from .gate import _Gate
from .loans import _loan_problems
from .positions import _odd_positions
from .reach import _supply_problems
from .settings import _settings_problems
from .snapping import _far_snaps
from .supply_data import _supply
from .tables import _table_problems
from .variants import _variant_problems


def check(scenario: Scenario) -> list[Problem]:
    """Every problem of a scenario, errors and warnings (see :attr:`Problem.severity`).

    Runs the loader's findings, the settings, the tables, supply and reach, and :func:`diagnose`.
    Checks that need clean inputs (distances, capacities) are skipped while those inputs have
    errors; fix the reported errors and check again to see them.

    Parameters
    ----------
    scenario
        The scenario, as loaded (its variant applied); it is left alone.

    Returns
    -------
    list[Problem]
        In the order found: loader, settings, tables, supply and reach, feasibility. Empty when
        nothing is wrong. Never raises for bad data.

    Examples
    --------
    >>> from optimizer.scenario import scenario_from_tables
    >>> import pandas as pd
    >>> bare = scenario_from_tables({"name": "x", "cost_year": 2024}, {})
    >>> [p.column for p in check(bare) if p.source == "scenario.yaml"]
    ['services']
    """
    problems = _input_problems(scenario)
    gate = _Gate.of(scenario, problems)
    supply = _supply(scenario) if gate.reach_ok else None
    problems += _supply_problems(scenario, gate, supply)
    problems += _far_snaps(scenario, gate)
    problems += _odd_positions(scenario, gate)
    problems += _diagnose(scenario, gate, supply)
    return problems


def require_valid(scenario: Scenario) -> list[Problem]:
    """Check a scenario before it is used.

    Returns
    -------
    list[Problem]
        The warnings, when there is no error.

    Raises
    ------
    ScenarioError
        When :func:`check` finds any error; ``problems`` holds every error and warning.
    """
    problems = check(scenario)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ScenarioError(problems)
    return problems


def diagnose(scenario: Scenario) -> list[Problem]:
    """Only the pre-solve feasibility checks: arithmetic that proves a scenario infeasible.

    1. a demand that must be shared (self-treatment not allowed) above the largest tier at every
       site within its reach (above all of them together when ``solver.single_sourcing`` is off);
    2. per service, the demand that must be shared above the largest tiers of the reachable
       sites (the ``policy.max_facilities`` largest);
    3. a pollutant cap below the discharge left when every demand gets its best treatment;
    4. a required site with no tier, or none that fits its area;
    5. a capital budget below the cheapest capex any feasible plan needs;
    6. more required sites than ``policy.max_facilities`` allows in total;
    7. an existing facility at a forbidden site.

    They run on the inputs that are clean (see :func:`check`, which includes them) and name the
    enterprises, sites, services and rules at fault, with a way to fix each.

    Returns
    -------
    list[Problem]
        Errors; empty when the arithmetic finds nothing.
    """
    gate = _Gate.of(scenario, _input_problems(scenario))
    return _diagnose(scenario, gate, _supply(scenario) if gate.reach_ok else None)


def _input_problems(scenario: Scenario) -> list[Problem]:
    """What is wrong with the inputs one by one: loader, settings, variants, tables."""
    return [
        *scenario.load_problems,
        *_settings_problems(scenario),
        *_variant_problems(scenario),
        *_table_problems(scenario),
        *_loan_problems(scenario),
    ]

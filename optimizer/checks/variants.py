"""Every variant the scenario declares, used or not: its shape, the variants it combines, its
override keys, and (on the scenario as written) whether its values fit their declarations and
the rows its keys name are there (:func:`optimizer.overrides.unmatched_rows`)."""

from __future__ import annotations

from dataclasses import replace

from ..overrides import apply_overrides, unmatched_rows, variant_overrides, variant_problems
from ..problems import Problem, ScenarioError
from ..scenario import Scenario


def _variant_problems(scenario: Scenario) -> list[Problem]:
    """Problems of the declared variants; each variant is applied on its own to the scenario as
    written (not to one with overrides applied already, whose own checks cover those)."""
    source = scenario.settings_label
    problems = variant_problems(scenario.variants, source)
    if scenario.overrides:
        return _with_lines(scenario, problems)
    broken = {p.column for p in problems}
    problems += unmatched_rows(scenario.variants, scenario.tables, source)
    for name in scenario.variants:
        if any(c and c.startswith(f"variants.{name}") for c in broken):
            continue
        try:
            overrides = variant_overrides(scenario.variants, [name], source)
            apply_overrides(scenario.settings, scenario.tables, overrides, scenario.config, source)
        except ScenarioError as error:
            problems += [p for p in error.problems if p not in problems]
    return _with_lines(scenario, problems)


def _with_lines(scenario: Scenario, problems: list[Problem]) -> list[Problem]:
    """Each problem at the line (or settings-sheet row) of its key, when read from a file."""
    lines = scenario.settings_lines
    out = []
    for problem in problems:
        path = f"{problem.column}.{problem.value}" if problem.value is not None else problem.column
        while path and path not in lines:
            path = path.rsplit(".", 1)[0] if "." in path else ""
        out.append(replace(problem, line=lines[path]) if path and problem.line is None else problem)
    return out

"""Per-enterprise caps (the ``enterprise_caps`` table) against the concentrations: a cap on a
pollutant the enterprise has no concentration of constrains nothing (a warning). Unknown
enterprises and pollutants are the table checks' (its declared references)."""

from __future__ import annotations

from ..problems import Problem
from ..scenario import Scenario
from ..words.catalogue import tr
from .common import _view


def _caps_without_loads(scenario: Scenario) -> list[Problem]:
    """A warning for each cap whose enterprise has no concentration of its pollutant."""
    table = scenario.tables.get("enterprise_caps")
    if table is None or table.empty:
        return []
    concentrations = scenario.tables["concentrations"]
    measured = (
        set(zip(concentrations["enterprise"], concentrations["pollutant"], strict=True))
        if len(concentrations)
        else set()
    )
    known = set(scenario.tables["enterprises"]["id"].dropna())
    view = _view(scenario, "enterprise_caps")
    problems = []
    for position, (enterprise, pollutant) in enumerate(
        zip(view.frame["enterprise"], view.frame["pollutant"], strict=True)
    ):
        unknown = enterprise not in known or pollutant not in scenario.pollutants
        if unknown or (enterprise, pollutant) in measured:
            continue
        names = {"enterprise": enterprise, "pollutant": pollutant}
        problems.append(
            view.problem(
                position,
                "pollutant",
                tr(
                    "caps.enterprise.no_load",
                    concentrations=scenario.source_label("concentrations"),
                    **names,
                ),
                value=pollutant,
                found=tr("caps.enterprise.no_load.found", **names),
                severity="warning",
            )
        )
    return problems

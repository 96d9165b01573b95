"""A plan's summary as labelled items: identity, solver status and KPIs with words and units.

The xlsx ``Summary`` and ``Solver and provenance`` sheets, ``summary.csv`` and the HTML report's
lists are all drawn from :func:`summary_items` and :func:`provenance_items`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from ..origin import edit_lines
from ..plan import Plan
from ..plan_views import Item, currency_of, flatten, kpi_items, sme_table
from ..words import number, status_sentence
from ..words.catalogue import MESSAGES
from ..words.solving import solve_notes

#: What the SME table says when no allocation was run (its English; the words are the
#: catalogue's ``report.no_statement``).
NO_STATEMENT_NOTE = MESSAGES["report.no_statement"][0]


def summary_items(plan: Plan) -> list[Item]:
    """What the ``Summary`` sheet and ``summary.csv`` hold: identity, solver status, KPIs."""
    cur = currency_of(plan)
    prov, solver = plan.provenance, plan.solver
    items = [
        Item("scenario", "Scenario", prov.get("scenario")),
        Item("variant", "Variant", prov.get("variant")),
        Item("label", "Plan", plan.label),
        Item("currency", "Currency", cur),
        Item("cost_year", "Cost year (price level)", prov.get("cost_year")),
        Item("solver.status_words", "Solver status", status_sentence(solver)),
        *_note_items(solver),
        Item(
            "solver.gap",
            "Relative gap to the best bound",
            number(solver.get("gap")),
            "",
            "fraction",
        ),
        Item("solver.seconds", "Solve time", number(solver.get("seconds")), "s", "number"),
        *kpi_items(plan.kpis, cur),
        Item("sme_costs_basis", "Per-SME costs", _basis(plan)),
    ]
    for service, settings in plan.inputs.get("settings", {}).get("services", {}).items():
        items.append(Item(f"services.{service}.unit", f"Unit of {service}", settings.get("unit")))
    return items


def _note_items(solver: Mapping) -> list[Item]:
    """A re-solve and why, a stop at the deadline: in words, as the command line says them."""
    return [Item(f"solver.{n.key}_words", n.label, n.sentence) for n in solve_notes(solver)]


def _basis(plan: Plan) -> str:
    if sme_table(plan) == "statement":
        rule = plan.allocation.get("rule") or plan.kpis.get("allocation_rule") or "allocation"
        return f"SME statement with facility shares (rule: {rule})"
    return NO_STATEMENT_NOTE


def provenance_items(plan: Plan) -> list[Item]:
    """Solver report, provenance and allocation settings as flat ``key: value`` items."""
    items = [Item("solver.status_words", "solver status", status_sentence(plan.solver))]
    items += _note_items(plan.solver)
    provenance = {**plan.provenance, "edits": edit_lines(plan.provenance)}  # one line an edit
    groups = {"solver": plan.solver, "provenance": provenance}
    groups["allocation"] = {
        k: v for k, v in plan.allocation.items() if not isinstance(v, pd.DataFrame | Mapping)
    }
    for name, group in groups.items():
        for key, value in flatten(group, name).items():
            if isinstance(value, Mapping | list | tuple):  # empty containers
                value = json.dumps(value)
            items.append(Item(key, key, value))
    return items

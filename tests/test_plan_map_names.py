"""The plan map of enterprises without a name: the tooltip gives the id alone, never "nan" or
"<NA>", and an empty cell (pandas NA, which has no truth value) does not break the map. Before,
``n or ''`` raised "boolean value of NA is ambiguous" on NA and showed "E1 nan" for a plan file
whose name was empty."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from optimizer import optimise
from optimizer.export import export_plan, read_plan
from optimizer.plan import Plan
from optimizer.ui import maps

TINY = Path(__file__).resolve().parent.parent / "scenarios" / "tiny"


@pytest.fixture(scope="module")
def tiny_plan() -> Plan:
    return optimise(TINY, allocation=None)


def tips(plan: Plan) -> dict[str, str]:
    """The enterprises' tooltips on the plan map, by id (the deck drawn first: it must not fail)."""
    deck = maps.plan_deck(plan)
    assert {"connected", "self-treating"} <= {layer.id for layer in deck.layers}
    firms = maps.enterprise_status(plan)
    return dict(zip(firms["enterprise"], firms["tip"], strict=True))


def test_an_enterprise_whose_name_is_an_empty_cell_is_shown_by_its_id(tiny_plan):
    names = tiny_plan.assignments["enterprise_name"].astype("string")
    names[tiny_plan.assignments["enterprise"] == "E1"] = pd.NA
    plan = replace(tiny_plan, assignments=tiny_plan.assignments.assign(enterprise_name=names))
    shown = tips(plan)
    assert shown["E1"] == "E1\nsewage: S1"
    assert shown["E2"] == "E2 Hengli Metalwork\nsewage: S1"


def test_a_plan_file_with_an_empty_name_shows_no_nan(tiny_plan, tmp_path):
    path = export_plan(tiny_plan, "json", tmp_path / "plan.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    table = data["assignments"]
    at = table["columns"].index("enterprise_name")
    for row in table["data"]:
        if row[table["columns"].index("enterprise")] == "E3":
            row[at] = None
    path.write_text(json.dumps(data), encoding="utf-8")
    shown = tips(read_plan(path))
    assert shown["E3"] == "E3\nsewage: self"
    assert not [t for t in shown.values() if "nan" in t or "<NA>" in t]

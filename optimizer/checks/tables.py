"""Each table against its declaration in :data:`optimizer.schema.TABLES`.

Empty required cells, ranges, choices, lists, references and duplicate ids per column, then the
checks across rows (:mod:`.consistency`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema
from ..coerce import expected
from ..problems import Problem
from ..scenario import Scenario
from ..words.said import Described, said
from .common import _member, _View, _view
from .consistency import (
    _caps_without_concentrations,
    _edge_loops,
    _orphan_concentrations,
    _tier_problems,
)
from .enterprise_caps import _caps_without_loads
from .references import _duplicate_problems, _Known, _list_problems, _reference_problems


def _table_problems(scenario: Scenario) -> list[Problem]:
    reported = {(p.source, p.column, p.line) for p in scenario.load_problems}
    known = _Known.of(scenario)
    problems: list[Problem] = []
    for name, table in schema.TABLES.items():
        view = _view(scenario, name)
        if view.frame.empty:
            if table.required and not any(p.source == view.label for p in scenario.load_problems):
                problems.append(
                    Problem(
                        view.label,
                        None,
                        said(
                            "problem.at_least_one_row",
                            description=Described(table.description),
                        ),
                        found=said("problem.no_rows"),
                    )
                )
            continue
        for column in table.columns:
            if (view.label, column.name, None) in reported:
                continue
            problems += _column_problems(view, column, reported, known)
        problems += _duplicate_problems(view, table)
    problems += _edge_loops(_view(scenario, "edges"))
    problems += _orphan_concentrations(scenario)
    problems += _caps_without_concentrations(scenario)
    problems += _caps_without_loads(scenario)
    problems += _tier_problems(scenario)
    return problems


def _column_problems(
    view: _View, column: schema.Column, reported: set, known: _Known
) -> list[Problem]:
    values = view.frame[column.name]
    problems: list[Problem] = []
    if column.required:
        for position in np.flatnonzero(values.isna().to_numpy()):
            if (view.label, column.name, position + 2) not in reported:
                problems.append(
                    view.problem(
                        int(position),
                        column.name,
                        expected(column),
                        found=said("problem.empty_cell"),
                    )
                )
    present = values.notna().to_numpy()
    if column.type in ("float", "int"):
        problems += _range_problems(view, column, values, present)
    if column.choices:
        bad = present & ~_member(values, set(column.choices))
        problems += [
            view.problem(int(i), column.name, expected(column), value=values.iloc[i])
            for i in np.flatnonzero(bad)
        ]
    if column.list_of:
        problems += _list_problems(view, column, known)
    elif column.references:
        problems += _reference_problems(view, column, known)
    return problems


def _range_problems(
    view: _View, column: schema.Column, values: pd.Series, present: np.ndarray
) -> list[Problem]:
    numbers = values.astype("Float64").fillna(0).to_numpy(dtype=float)
    ok = np.ones(len(values), dtype=bool)
    if column.positive:
        ok &= numbers > 0
    if column.minimum is not None:
        ok &= numbers >= column.minimum
    if column.maximum is not None:
        ok &= numbers <= column.maximum
    return [
        view.problem(int(i), column.name, expected(column), value=float(numbers[i]))
        for i in np.flatnonzero(present & ~ok)
    ]

"""References between tables and to declared names, and duplicate row ids."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import schema
from ..coerce import expected as expected_of
from ..problems import Problem
from ..scenario import Scenario
from ..words.said import Said, said
from .common import _listing, _member, _nonempty_dict, _View


@dataclass(frozen=True)
class _Known:
    """The names a reference may point to: ids of tables, declared services and pollutants."""

    names: dict[str, set[str] | None]
    where: dict[str, Said]

    @classmethod
    def of(cls, scenario: Scenario) -> _Known:
        names: dict[str, set[str] | None] = {}
        where: dict[str, Said] = {}
        unread = {
            p.source
            for p in scenario.load_problems
            if p.is_error and p.row_id is None and (p.column is None or p.column == "id")
        }
        for table in ("enterprises", "sites", "nodes"):
            ids = scenario.tables[table]["id"].dropna()
            # a table that could not be read is reported once, not at every row naming it
            unreadable = scenario.source_label(table) in unread
            names[table] = None if unreadable else set(ids.astype(str))
            where[table] = said("problem.id_of", source=scenario.source_label(table))
        services = scenario.settings.get("services")
        pollutants = scenario.settings.get("pollutants")
        # no (valid) service is reported with the settings: no need to flag every row too
        names["services"] = {str(k) for k in services} if _nonempty_dict(services) else None
        names["pollutants"] = (
            {str(k) for k in pollutants}
            if isinstance(pollutants, dict)
            else (set() if pollutants is None else None)
        )
        for group in ("services", "pollutants"):
            where[group] = said(f"problem.declared_{group[:-1]}", source=scenario.settings_label)
        return cls(names, where)

    def expectation(self, kind: str, extra: str = "") -> Said:
        known = sorted(self.names[kind] or ())
        if not known:
            return said("problem.known.none", what=self.where[kind], extra=extra)
        return said("problem.known", what=self.where[kind], extra=extra, names=_listing(known))


def _reference_problems(view: _View, column: schema.Column, known: _Known) -> list[Problem]:
    kind = column.references or ""
    names = known.names.get(kind)
    if names is None:  # not readable or not declared properly: reported there, once
        return []
    values = view.frame[column.name]
    allowed = set(names)
    extra: str = ""
    if view.name == "tiers" and column.name == "site":
        allowed.add(schema.ALL_SITES)
        extra = said("problem.every_site", all=schema.ALL_SITES)
    bad = values.notna().to_numpy() & ~_member(values, allowed)
    return [
        view.problem(int(i), column.name, known.expectation(kind, extra), value=values.iloc[i])
        for i in np.flatnonzero(bad)
    ]


def _list_problems(view: _View, column: schema.Column, known: _Known) -> list[Problem]:
    if column.references:
        names = known.names.get(column.references)
        if names is None:
            return []
        allowed: set[str] = names
        expected: str = said(
            "problem.list_each",
            separator=schema.LIST_SEPARATOR,
            known=known.expectation(column.references),
        )
    else:
        allowed, expected = set(column.list_of), expected_of(column)
    problems = []
    for position, cell in enumerate(view.frame[column.name]):
        if cell is pd.NA or cell is None:
            continue
        items = [i.strip() for i in str(cell).split(schema.LIST_SEPARATOR) if i.strip()]
        unknown = [i for i in items if i not in allowed]
        if unknown or not items:
            found = (
                said("problem.unknown_items", cell=repr(cell), names=_listing(map(repr, unknown)))
                if unknown
                else said("problem.empty_list", cell=repr(cell))
            )
            problems.append(view.problem(position, column.name, expected, value=cell, found=found))
    return problems


def _duplicate_problems(view: _View, table: schema.Table) -> list[Problem]:
    keys = view.frame[list(table.key)]
    complete = keys.notna().all(axis=1).to_numpy()
    ids = pd.Series(view.ids)
    first: dict[str, int] = {}
    problems = []
    for position in np.flatnonzero(complete & ids.duplicated(keep=False).to_numpy()):
        row_id = ids.iloc[position]
        if row_id not in first:
            first[row_id] = int(position)
            continue
        problems.append(
            view.problem(
                int(position),
                "+".join(table.key),
                said("problem.unique_id", line=first[row_id] + 2, key=" + ".join(table.key)),
                value=row_id,
                found=said("problem.duplicate_id", row_id=repr(row_id)),
            )
        )
    return problems

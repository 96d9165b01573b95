"""Variant keys that name rows of the scenario's tables: a selector (``sites[S1].status``,
``demands[enterprise=E2]: drop``) and a row added with a reference (``demands[+]: {enterprise:
E2, ...}``). A key whose row is not there (deleted since the variant was written, or misspelt) is
a problem that names the variant, the key and the row (:func:`unmatched_rows`, :func:`no_row`);
:func:`orphaned_keys` gives the keys a deletion of rows (a point deleted on the map, with the rows
that refer to it) would leave naming no row.

A variant that adds rows to a table may select them too, so its selectors of that table are
checked when it is applied (:func:`optimizer.overrides.apply_overrides`), not here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..coerce import row_ids
from ..problems import Problem, ScenarioError
from ..schema import ALL_SITES, TABLES
from ..words.said import said
from .keys import ADD_ROWS, key_trouble, parse_key
from .variants import Override, variant_overrides


@dataclass(frozen=True)
class RowKey:
    """A variant's key that names rows: of ``table``, those its ``selector`` matches; or, for a
    row it adds (``selector`` ``+``), the row of ``table`` whose id is ``named`` in the added
    row's ``column``."""

    variant: str
    key: str
    table: str
    selector: str
    column: str = ""
    named: str = ""

    @property
    def asks_for(self) -> str:
        """The rows it names, as a problem says it: ``[S1]``, ``[site=S1]``, ``E2``."""
        return self.named if self.selector == ADD_ROWS else f"[{self.selector}]"


def _keys_of(variants: Mapping[str, Any], name: str, source: str) -> list[Override] | None:
    try:
        return variant_overrides(variants, [name], source)
    except ScenarioError:
        return None  # its shape's problems are its own (variant_problems)


def _added_rows(value: Any) -> list[Mapping[str, Any]]:
    rows = [value] if isinstance(value, Mapping) else value
    return [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []


def row_keys(variants: Mapping[str, Any], source: str = "scenario.yaml") -> list[RowKey]:
    """Every declared variant's own keys that name rows (a combined variant's keys are those of
    the variants it combines).

    >>> variants = {
    ...     "tight": {"overrides": {"sites[S1].status": "forbidden", "discount_rate": 0.05}}
    ... }
    >>> [(k.variant, k.key, k.table, k.asks_for) for k in row_keys(variants)]
    [('tight', 'sites[S1].status', 'sites', '[S1]')]
    >>> joins = {"join": {"overrides": {"demands[+]": {"enterprise": "E9", "service": "sewage"}}}}
    >>> [(k.table, k.column, k.asks_for) for k in row_keys(joins)]
    [('enterprises', 'enterprise', 'E9')]
    """
    found: list[RowKey] = []
    for name in (str(n) for n in variants):
        overrides = _keys_of(variants, name, source) or []
        usable = [o for o in overrides if key_trouble(o.key) is None]
        added = {parse_key(o.key).table for o in usable if parse_key(o.key).selector == ADD_ROWS}
        for override in (o for o in usable if o.origin == name):
            target = parse_key(override.key)
            if target.table is None or target.selector is None:
                continue
            if target.selector == ADD_ROWS:
                found += _references(name, override, target.table, added)
            elif target.table not in added:  # rows the variant adds may be the ones it selects
                found.append(RowKey(name, override.key, target.table, target.selector))
    return found


def _references(name: str, override: Override, table: str, added: set) -> list[RowKey]:
    """The rows that the rows an override adds to ``table`` name in their reference columns
    (rows of a table the variant adds rows to are left to its application)."""
    found = []
    for row in _added_rows(override.value):
        for column in TABLES[table].columns:
            value, named = row.get(column.name), column.references
            every = named == "sites" and str(value) == ALL_SITES  # a tier offered at every site
            usable = named in TABLES and named not in added and not column.list_of
            if usable and value is not None and not every:
                found.append(RowKey(name, override.key, named, ADD_ROWS, column.name, str(value)))
    return found


def select_rows(frame: pd.DataFrame, table: str, selector: str | None) -> pd.Series:
    """Which rows of ``table`` a selector matches: its row id (``S1``, ``E1/sewage``), or
    ``column=value`` conditions joined by commas; KeyError names a column the table has not.

    >>> from optimizer.scenario import load_scenario
    >>> tiers = load_scenario("scenarios/tiny").tables["tiers"]
    >>> select_rows(tiers, "tiers", "tier=small").tolist()
    [True, False]
    """
    if selector is None:
        return pd.Series(True, index=frame.index)
    if "=" not in selector:
        return (
            pd.Series(row_ids(frame, TABLES[table]), index=frame.index, dtype="object") == selector
        )
    mask = pd.Series(True, index=frame.index)
    for condition in selector.split(","):
        column, _, wanted = condition.partition("=")
        column = column.strip()
        if column not in TABLES[table].column_names:
            raise KeyError(column)
        mask &= frame[column].astype("string").fillna("") == wanted.strip()
    return mask


def names_a_row(tables: Mapping[str, pd.DataFrame], key: RowKey) -> bool:
    """Is the row (or a row) the key names in ``tables``? (A selector naming a column the table
    has not is reported when the variant is applied, and counts as naming here.)"""
    frame = tables[key.table]
    if key.selector == ADD_ROWS:
        return bool((frame["id"].astype("string") == key.named).any())
    try:
        return bool(select_rows(frame, key.table, key.selector).any())
    except KeyError:
        return True


def no_row(source: str, column: str, key: str, table: str, rows: str, added: str = "") -> Problem:
    """The problem of a key that names a row ``table`` has not: the rows its selector asks for
    (``rows``, as ``[S1]``), or the id a row it adds names in its column ``added``; ``column``
    is where the key is written (``variants.<name>.overrides``).

    >>> print(
    ...     no_row("scenario.yaml", "variants.tight.overrides", "sites[S1].status", "sites", "[S1]")
    ... )
    scenario.yaml, variants.tight.overrides: found 'sites[S1].status': no row of sites matches [S1], expected a key that names a row of sites (a row deleted or renamed: remove the key from the variant, or give the row back)
    """
    found = (
        said("problem.variant_no_ref", key=key, column=added, table=table, id=rows)
        if added
        else said("problem.variant_no_row", key=key, table=table, rows=rows)
    )
    return Problem(source, column, said("problem.variant_row", table=table), value=key, found=found)


def _problem(key: RowKey, source: str) -> Problem:
    added = key.column if key.selector == ADD_ROWS else ""
    where = f"variants.{key.variant}.overrides"
    return no_row(source, where, key.key, key.table, key.asks_for, added)


def unmatched_rows(
    variants: Mapping[str, Any], tables: Mapping[str, pd.DataFrame], source: str = "scenario.yaml"
) -> list[Problem]:
    """A problem for each variant key that names a row the tables have not (one per key and
    row).

    >>> from optimizer.scenario import load_scenario
    >>> tables = load_scenario("scenarios/tiny").tables
    >>> variants = {"tight": {"overrides": {"sites[S9].status": "forbidden"}}}
    >>> [str(p.found) for p in unmatched_rows(variants, tables)]
    ["'sites[S9].status': no row of sites matches [S9]"]
    """
    problems: list[Problem] = []
    for key in row_keys(variants, source):
        if not names_a_row(tables, key):
            found = _problem(key, source)
            if found not in problems:
                problems.append(found)
    return problems


def orphaned_keys(
    variants: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    removed: Mapping[str, Collection[int]],
    source: str = "scenario.yaml",
) -> list[RowKey]:
    """The variant keys that name rows of ``tables`` only among the ``removed`` ones (row
    positions by table): what a deletion would leave naming no row, each key once per variant.

    >>> from optimizer.scenario import load_scenario
    >>> tables = load_scenario("scenarios/tiny").tables
    >>> variants = {"tight": {"overrides": {"sites[S1].status": "forbidden"}}}
    >>> [k.key for k in orphaned_keys(variants, tables, {"sites": [0]})]
    ['sites[S1].status']
    >>> orphaned_keys(variants, tables, {"sites": [1]})
    []
    """
    found: list[RowKey] = []
    for key in row_keys(variants, source):
        gone = {int(i) for i in removed.get(key.table, ())}
        if not gone or any((k.variant, k.key) == (key.variant, key.key) for k in found):
            continue
        frame = tables[key.table].reset_index(drop=True)
        if key.selector == ADD_ROWS:
            mask = frame["id"].astype("string") == key.named
        else:
            try:
                mask = select_rows(frame, key.table, key.selector)
            except KeyError:  # reported when the variant is applied
                continue
        named = set(np.flatnonzero(mask.fillna(False).to_numpy(dtype=bool)).tolist())
        if named and named <= gone:
            found.append(key)
    return found

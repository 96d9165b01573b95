"""Applying overrides to a scenario's settings and tables (:func:`apply_overrides`), every value
checked against its declaration before it is written, every problem named by its origin."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..coerce import coerce_column, coerce_table, expected, row_ids, setting_expected
from ..problems import Problem, ScenarioError
from ..schema import (
    TABLES,
    Column,
    declared_leaf,
    in_range,
    is_finite,
    is_number,
)
from ..schema.paths import PLACEHOLDERS, placeholder_names
from ..words.said import said
from .keys import ADD_ROWS, NUMERIC, KeyTrouble, Target, key_trouble, parse_key, rows_trouble
from .named_rows import no_row, select_rows
from .variants import Override

Claim = Callable[[tuple, Override], bool]


class _Changes:
    """The overrides being applied: where each problem is reported, and who changed what."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.touched: dict[tuple, str] = {}

    def claim(self, place: tuple, override: Override) -> bool:
        for other_place, origin in self.touched.items():
            if origin != override.origin and _overlap(place, other_place):
                self.problems.append(_conflict(self.source, override, origin))
                return False
        self.touched[place] = override.origin
        return True

    def no_row(self, override: Override, table: str, selector: str | None) -> None:
        """The override's selector matches no row of the table."""
        source, column = where(override, self.source)
        self.problems.append(no_row(source, column, override.key, table, f"[{selector}]"))

    def bad(self, override: Override, found: str, expected: str) -> None:
        source, column = where(override, self.source)
        self.problems.append(
            Problem(
                source,
                column,
                expected,
                value=override.key,
                found=said("variant.key_trouble", key=repr(override.key), trouble=found),
            )
        )


def where(override: Override, source: str) -> tuple[str, str]:
    """The source and key path that name an override in a problem: the variant's overrides in
    the settings, or the sweep (or edit) itself."""
    if override.origin in ("sweep", "override"):
        return override.origin, override.key
    return source, f"variants.{override.origin}.overrides"


def apply_overrides(
    settings: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    overrides: Sequence[Override],
    config: Mapping[str, Any] | None = None,
    source: str = "scenario.yaml",
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Return new settings and tables with the overrides applied; the inputs are left alone.

    ``config`` gives the current value (defaults filled) of a setting that is multiplied but not
    written in the scenario, and the services and pollutants a key may name. Every problem (a key
    the schema does not declare, no matching row, a value or a product outside its declared
    range, two origins changing the same thing) is collected and raised together as a
    :class:`ScenarioError`; ``source`` is where the variants are written.
    """
    settings = copy.deepcopy(dict(settings))
    tables = dict(tables)
    changes = _Changes(source)
    copied: set[str] = set()
    for override in overrides:
        trouble = key_trouble(override.key)
        if trouble is not None:
            changes.bad(override, trouble.found, trouble.expected)
            continue
        target = parse_key(override.key)
        if target.table is None:
            if _names_declared(
                target.path, settings, config or {}, override, changes
            ) and changes.claim(("settings", *target.path), override):
                _set_setting(settings, config or {}, target.path, override, changes)
            continue
        name = target.table
        if name not in copied:
            tables[name] = tables[name].copy()
            copied.add(name)
        if target.path:
            _set_cells(tables[name], name, target, override, changes)
        else:
            tables[name] = _change_rows(tables[name], name, target, override, changes)
    if changes.problems:
        raise ScenarioError(changes.problems)
    return settings, {n: t.reset_index(drop=True) if n in copied else t for n, t in tables.items()}


def _change_rows(
    frame: pd.DataFrame, table: str, target: Target, override: Override, changes: _Changes
) -> pd.DataFrame:
    """The table with rows added (``table[+]``) or dropped (``table[selector]: drop``)."""
    trouble = rows_trouble(target, override.value)
    if trouble is not None:
        changes.bad(
            override, said("apply.for_rows", value=repr(override.value), table=table), trouble
        )
        return frame
    if target.selector == ADD_ROWS:
        rows = [override.value] if isinstance(override.value, dict) else override.value
        raw = pd.DataFrame([{str(k): v for k, v in row.items()} for row in rows], dtype="object")
        source, key = where(override, changes.source)
        typed, problems = coerce_table(raw, TABLES[table], f"{source}, {key}")
        changes.problems += [p for p in problems if p.is_error]
        start = int(frame.index.max()) + 1 if len(frame) else 0
        typed.index = pd.RangeIndex(start, start + len(typed))
        return pd.concat([frame, typed[list(frame.columns)]]) if len(frame) else typed
    try:
        mask = select_rows(frame, table, target.selector)
    except KeyError as missing:
        found = said("key.no_column", table=table, column=str(missing))
        changes.bad(override, found, said("apply.valid_selector"))
        return frame
    if not mask.any():
        changes.no_row(override, table, target.selector)
        return frame
    for row in frame.index[mask.to_numpy()]:
        changes.claim((table, row, "*"), override)
    return frame[~mask.to_numpy()]


def _overlap(a: tuple, b: tuple) -> bool:
    if a[0] == "settings" and b[0] == "settings":
        shorter = min(len(a), len(b))
        return a[:shorter] == b[:shorter]
    return a == b


def _conflict(source: str, override: Override, other: str) -> Problem:
    return Problem(
        source,
        f"variants.{override.origin}.overrides",
        said(
            "variant.one_change",
            key=repr(override.key),
            other=repr(other),
            origin=repr(override.origin),
        ),
        value=override.key,
        found=said(
            "variant.set_by_both",
            key=repr(override.key),
            other=repr(other),
            origin=repr(override.origin),
        ),
    )


def _names_declared(
    path: tuple[str, ...],
    settings: Mapping[str, Any],
    config: Mapping[str, Any],
    override: Override,
    changes: _Changes,
) -> bool:
    trouble = undeclared_name(override.key, settings, config)
    if trouble is not None:
        changes.bad(override, trouble.found, trouble.expected)
    return trouble is None


def undeclared_name(
    key: str, settings: Mapping[str, Any], config: Mapping[str, Any]
) -> KeyTrouble | None:
    """A service or pollutant that a settings key names and the scenario does not declare (a
    whole new service or pollutant may be added: ``services.sludge: {...}``); None if none.

    >>> undeclared_name("services.sewag.unit", {}, {"services": {"sewage": {}}}).found
    "no service 'sewag' is declared"
    """
    target = parse_key(key)
    if target.table is not None:
        return None
    path = target.path
    for position, placeholder in placeholder_names(path):
        group = PLACEHOLDERS[placeholder]
        if path[0] == group and position == len(path) - 1:
            continue  # adds or replaces the whole service or pollutant
        names = {str(n) for n in _mapping(config.get(group)) | _mapping(settings.get(group))}
        if path[position] not in names:
            what = group.rstrip("s")
            known = ", ".join(sorted(names)) or said("read.none")
            return KeyTrouble(
                said(f"apply.undeclared.{what}", name=repr(path[position])),
                said(_DECLARED_UNDER[what], group=group, names=known),
            )
    return None


#: What a name undeclared must be instead, by its kind (the checks of the settings say the same of
#: a service).
_DECLARED_UNDER = {"service": "problem.service_declared", "pollutant": "apply.declared_under"}


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _set_setting(
    settings: dict,
    config: Mapping[str, Any],
    path: tuple[str, ...],
    override: Override,
    changes: _Changes,
) -> None:
    node = settings
    for part in path[:-1]:
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        if not isinstance(child, dict):
            changes.bad(override, said("apply.not_group", part=repr(part)), said("apply.path"))
            return
        node = child
    leaf, declared = path[-1], declared_leaf(path)
    value = copy.deepcopy(override.value)
    if override.multiply:
        current = node.get(leaf, _lookup(config, path))
        if not _finite_number(current) or not _finite_number(override.value):
            changes.bad(
                override,
                said("apply.multiply", current=repr(current), factor=repr(override.value)),
                said("apply.numeric_setting"),
            )
            return
        value = _product(current, override.value)
    if declared is None:
        if value is not None and not isinstance(value, dict):
            changes.bad(override, said("apply.for_group", value=repr(value)), said("apply.group"))
            return
    else:
        trouble = setting_expected(declared, value)
        if trouble is not None:
            found = said("apply.would_be", name=".".join(path), value=_shown(value))
            changes.bad(override, found, trouble)
            return
    node[leaf] = value


def _shown(value: Any) -> str:
    """A value as a message shows it: ``123.0``, ``inf``, ``'forbiden'``."""
    if is_number(value):
        return repr(float(value)) if isinstance(value, float | np.floating) else str(value)
    return repr(value)


def _product(current: float, factor: float) -> float:
    try:
        return current * factor
    except OverflowError:
        return float("inf")


def _finite_number(value: Any) -> bool:
    return is_number(value) and is_finite(value)


def _lookup(config: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = config
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _set_cells(
    frame: pd.DataFrame, table: str, target: Target, override: Override, changes: _Changes
) -> None:
    column_name = target.path[0]
    try:
        mask = select_rows(frame, table, target.selector)
    except KeyError as missing:
        found = said("key.no_column", table=table, column=str(missing))
        changes.bad(override, found, said("apply.valid_selector"))
        return
    if not mask.any():
        changes.no_row(override, table, target.selector)
        return
    rows = frame.index[mask.to_numpy()]
    if not all([changes.claim((table, row, column_name), override) for row in rows]):
        return
    declared = TABLES[table].column(column_name)
    if override.multiply:
        if declared.type not in NUMERIC or not _finite_number(override.value):
            changes.bad(
                override,
                said(
                    "apply.multiply", current=f"{table}.{column_name}", factor=repr(override.value)
                ),
                said("apply.numeric_column"),
            )
            return
        with np.errstate(over="ignore", invalid="ignore"):
            values = frame.loc[rows, column_name] * override.value
    else:
        typed, bad = coerce_column(
            pd.Series([override.value], dtype="object").astype("string"), declared
        )
        if bad:
            changes.bad(
                override,
                said("apply.not_valid", value=repr(override.value), name=f"{table}.{column_name}"),
                expected(declared),
            )
            return
        values = pd.Series(typed.iloc[0], index=rows, dtype=declared.dtype)
    if _out_of_range(frame, table, rows, values, declared, override, changes):
        return
    frame.loc[rows, column_name] = values


def _out_of_range(
    frame: pd.DataFrame,
    table: str,
    rows: pd.Index,
    values: pd.Series,
    declared: Column,
    override: Override,
    changes: _Changes,
) -> bool:
    """Report the first row whose new value is outside the column's declared range or choices."""
    for row, value in zip(rows, values, strict=True):
        if value is pd.NA or value is None:
            continue
        if declared.type in NUMERIC:
            ok = in_range(float(value), declared)
        else:
            ok = not declared.choices or str(value) in declared.choices
        if not ok:
            ident = row_ids(frame.loc[[row]], TABLES[table])[0]
            shown = _shown(value)
            changes.bad(
                override,
                said("apply.would_be_in", name=f"{table}.{declared.name}", value=shown, row=ident),
                expected(declared),
            )
            return True
    return False

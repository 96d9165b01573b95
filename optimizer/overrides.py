"""Named variants and overrides: partial changes to a scenario's settings and tables.

An override key is either a dotted settings path (``policy.subsidy_rate``) or a table column
(``tiers.capex_cny``), optionally narrowed to rows (``sites[S3].status``,
``tiers[service=sewage].capex_cny``); a trailing ``*`` multiplies instead of setting. Variants,
batch sweeps and the app all change scenarios through :func:`apply_overrides`, which refuses two
changes of the same setting or cell from different origins (never a silent last-wins).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .coerce import coerce_column, row_ids
from .problems import Problem, ScenarioError
from .schema import TABLES

_KEY = re.compile(
    r"^(?P<head>[A-Za-z0-9_\-]+)(?:\[(?P<selector>[^\]]*)\])?(?P<rest>(?:\.[^.*\[\]]+)*)(?P<mult>\*)?$"
)


@dataclass(frozen=True)
class Override:
    """One change: ``key`` set to (or multiplied by) ``value``, declared by ``origin``."""

    key: str
    value: Any
    origin: str

    @property
    def multiply(self) -> bool:
        return self.key.endswith("*")


@dataclass(frozen=True)
class _Target:
    table: str | None  # None for a setting
    path: tuple[str, ...]  # settings path, or (column,) for a table
    selector: str | None


def parse_key(key: str) -> _Target:
    """Split an override key into what it changes.

    >>> parse_key("tiers[service=sewage].capex_cny*")
    _Target(table='tiers', path=('capex_cny',), selector='service=sewage')
    >>> parse_key("policy.subsidy_rate")
    _Target(table=None, path=('policy', 'subsidy_rate'), selector=None)
    """
    match = _KEY.match(key.strip())
    if not match:
        raise ValueError(f"cannot read the override key {key!r}")
    head, selector, rest = match["head"], match["selector"], match["rest"]
    parts = tuple(p for p in rest.split(".") if p)
    if head in TABLES:
        if len(parts) != 1:
            raise ValueError(
                f"override key {key!r}: a table override reads table.column or table[row].column"
            )
        return _Target(head, parts, selector)
    if selector is not None:
        raise ValueError(
            f"override key {key!r}: [...] selects rows of a table, and {head!r} is "
            f"not one of {', '.join(TABLES)}"
        )
    return _Target(None, (head, *parts), None)


def variant_overrides(variants: Mapping[str, Any], names: str | Sequence[str]) -> list[Override]:
    """The overrides of one variant or a combination (``"a,b"``), with combined variants expanded.

    Raises :class:`ScenarioError` for an unknown variant or a cycle of ``combine``.
    """
    wanted = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
    out: list[Override] = []
    seen: set[str] = set()

    def expand(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            raise ScenarioError(
                [
                    Problem(
                        "scenario.yaml",
                        f"variants.{name}.combine",
                        "variants that do not combine themselves",
                        found=" -> ".join((*trail, name)),
                    )
                ]
            )
        if name not in variants:
            known = ", ".join(sorted(variants)) or "there are none"
            raise ScenarioError(
                [
                    Problem(
                        "scenario.yaml",
                        "variants",
                        f"a variant declared under variants ({known})",
                        value=name,
                        found=f"unknown variant {name!r}",
                    )
                ]
            )
        if name in seen:
            return
        seen.add(name)
        definition = variants[name] or {}
        for inner in definition.get("combine") or []:
            expand(str(inner), (*trail, name))
        for key, value in (definition.get("overrides") or {}).items():
            out.append(Override(str(key), value, name))

    for name in wanted:
        if name:
            expand(name, ())
    return out


def apply_overrides(
    settings: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    overrides: Sequence[Override],
    config: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Return new settings and tables with the overrides applied; the inputs are left alone.

    ``config`` gives the current value (defaults filled) of a setting that is multiplied but not
    written in the scenario. Every problem (bad key, no matching row, bad value, two origins
    changing the same thing) is collected and raised together as a :class:`ScenarioError`.
    """
    settings = copy.deepcopy(dict(settings))
    tables = dict(tables)
    problems: list[Problem] = []
    touched: dict[tuple, str] = {}
    copied: set[str] = set()

    def claim(place: tuple, override: Override) -> bool:
        for other_place, origin in touched.items():
            if origin != override.origin and _overlap(place, other_place):
                problems.append(_conflict(override, origin))
                return False
        touched[place] = override.origin
        return True

    for override in overrides:
        try:
            target = parse_key(override.key)
        except ValueError as error:
            problems.append(_bad(override, str(error).split(": ", 1)[-1], "a valid override key"))
            continue
        if target.table is None:
            if claim(("settings", *target.path), override):
                _set_setting(settings, config or {}, target.path, override, problems)
            continue
        name = target.table
        if name not in copied:
            tables[name] = tables[name].copy()
            copied.add(name)
        _set_cells(tables[name], name, target, override, problems, claim)
    if problems:
        raise ScenarioError(problems)
    return settings, tables


def _overlap(a: tuple, b: tuple) -> bool:
    if a[0] == "settings" and b[0] == "settings":
        shorter = min(len(a), len(b))
        return a[:shorter] == b[:shorter]
    return a == b


def _conflict(override: Override, other: str) -> Problem:
    return Problem(
        "scenario.yaml",
        f"variants.{override.origin}.overrides",
        f"one change per setting or cell in a combination: drop {override.key!r} from "
        f"{other!r} or {override.origin!r} (never a silent last-wins)",
        value=override.key,
        found=f"{override.key!r} set by both {other!r} and {override.origin!r}",
    )


def _bad(override: Override, found: str, expected: str) -> Problem:
    return Problem(
        "scenario.yaml",
        f"variants.{override.origin}.overrides",
        expected,
        value=override.key,
        found=f"{override.key!r}: {found}",
    )


def _set_setting(
    settings: dict,
    config: Mapping[str, Any],
    path: tuple[str, ...],
    override: Override,
    problems: list[Problem],
) -> None:
    node = settings
    for part in path[:-1]:
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        if not isinstance(child, dict):
            problems.append(
                _bad(override, f"{part!r} is not a group of settings", "a path to a setting")
            )
            return
        node = child
    leaf = path[-1]
    if not override.multiply:
        node[leaf] = copy.deepcopy(override.value)
        return
    current = node.get(leaf, _lookup(config, path))
    if not _is_number(current) or not _is_number(override.value):
        problems.append(
            _bad(
                override,
                f"cannot multiply {current!r} by {override.value!r}",
                "a numeric setting and a numeric factor",
            )
        )
        return
    node[leaf] = current * override.value


def _lookup(config: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = config
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _select(frame: pd.DataFrame, table: str, selector: str | None) -> pd.Series:
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
        if column not in frame:
            raise KeyError(column)
        mask &= frame[column].astype("string").fillna("") == wanted.strip()
    return mask


def _set_cells(
    frame: pd.DataFrame,
    table: str,
    target: _Target,
    override: Override,
    problems: list[Problem],
    claim,
) -> None:
    column_name = target.path[0]
    if column_name not in frame.columns:
        problems.append(
            _bad(override, f"table {table} has no column {column_name!r}", f"a column of {table}")
        )
        return
    try:
        mask = _select(frame, table, target.selector)
    except KeyError as missing:
        problems.append(
            _bad(override, f"table {table} has no column {missing}", "a valid selector")
        )
        return
    if not mask.any():
        problems.append(
            _bad(
                override,
                f"no row of {table} matches [{target.selector}]",
                "a selector that matches at least one row",
            )
        )
        return
    rows = frame.index[mask.to_numpy()]
    if not all([claim((table, row, column_name), override) for row in rows]):
        return
    declared = (
        TABLES[table].column(column_name) if column_name in TABLES[table].column_names else None
    )
    if override.multiply:
        if (
            declared is None
            or declared.type not in ("float", "int")
            or not _is_number(override.value)
        ):
            problems.append(
                _bad(
                    override,
                    f"cannot multiply {table}.{column_name} by {override.value!r}",
                    "a numeric column and a numeric factor",
                )
            )
            return
        frame.loc[rows, column_name] = frame.loc[rows, column_name] * override.value
        return
    if declared is None:
        frame.loc[rows, column_name] = str(override.value)
        return
    values, bad = coerce_column(
        pd.Series([override.value], dtype="object").astype("string"), declared
    )
    if bad:
        problems.append(
            _bad(
                override,
                f"{override.value!r} is not valid for {table}.{column_name}",
                declared.expectation(),
            )
        )
        return
    frame.loc[rows, column_name] = values.iloc[0]

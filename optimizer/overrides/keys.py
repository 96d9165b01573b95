"""Override keys: what a key changes (:func:`parse_key`), and whether the schema declares it
(:func:`key_trouble`, with the declared keys closest to a misspelt one).

A key is a dotted settings path (``policy.subsidy_rate``) or a table column (``tiers.capex_cny``),
optionally narrowed to rows (``sites[S3].status``, ``tiers[service=sewage].capex_cny``); a
trailing ``*`` multiplies instead of setting. Rows themselves change too: ``table[selector]: drop``
removes the rows the selector matches (an enterprise leaving: ``demands[enterprise=E012]: drop``),
and ``table[+]`` adds the rows given as a mapping or a list of mappings of column values (an
enterprise joining).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..coerce import (
    advice_then,
    coerce_column,
    did_you_mean_words,
    expected,
    setting_expected,
    unknown_setting,
)
from ..schema import (
    TABLES,
    closest,
    declared_leaf,
    in_range,
    is_finite,
    is_group,
    is_number,
)
from ..schema.paths import table_keys
from ..words.said import said

_KEY = re.compile(
    r"^(?P<head>[A-Za-z0-9_\-]+)(?:\[(?P<selector>[^\]]*)\])?(?P<rest>(?:\.[^.*\[\]]+)*)(?P<mult>\*)?$"
)

#: What a factor and a multiplied value may be: a number (the column or setting is numeric).
NUMERIC = ("float", "int")
#: The selector of rows added to a table (``demands[+]``), and the value that removes rows.
ADD_ROWS, DROP_ROWS = "+", "drop"


@dataclass(frozen=True)
class Target:
    """What an override key changes: a setting (``table`` None, ``path`` its parts) or a column of
    a table (``path`` is ``(column,)``), narrowed to rows by ``selector``."""

    table: str | None
    path: tuple[str, ...]
    selector: str | None


@dataclass(frozen=True)
class KeyTrouble:
    """Why a key cannot be used: what was found, and what was expected instead."""

    found: str
    expected: str


#: The forms of a table's override key, as the problem of a key of another form lists them.
TABLE_FORMS = {
    "column": "table.column",
    "row_column": "table[row].column",
    "drop": "table[row]",
    "add": "table[+]",
}


class UnreadableKey(ValueError):
    """An override key that does not parse: ``found`` says why in words of the catalogue (its
    English is the error's message, after ``override key '...': `` when ``named``)."""

    def __init__(self, key: str, found: str, named: bool = False) -> None:
        message = said("key.named", key=repr(key), trouble=found) if named else found
        super().__init__(message)
        self.key, self.found = key, found


def parse_key(key: str) -> Target:
    """Split an override key into what it changes.

    >>> parse_key("tiers[service=sewage].capex_cny*")
    Target(table='tiers', path=('capex_cny',), selector='service=sewage')
    >>> parse_key("policy.subsidy_rate")
    Target(table=None, path=('policy', 'subsidy_rate'), selector=None)
    >>> parse_key("demands[enterprise=E012]"), parse_key("enterprises[+]").selector
    (Target(table='demands', path=(), selector='enterprise=E012'), '+')
    >>> parse_key("po licy")
    Traceback (most recent call last):
    optimizer.overrides.keys.UnreadableKey: cannot read the override key 'po licy'

    Raises
    ------
    UnreadableKey
        The key does not parse (a ``ValueError``).
    """
    match = _KEY.match(key.strip())
    if not match:
        raise UnreadableKey(key, said("key.unreadable", key=repr(key)))
    head, selector, rest = match["head"], match["selector"], match["rest"]
    parts = tuple(p for p in rest.split(".") if p)
    if head in TABLES:
        if not parts and selector is not None and not match["mult"]:
            return Target(head, (), selector.strip())
        if len(parts) != 1:
            raise UnreadableKey(key, said("key.table_forms", **TABLE_FORMS), named=True)
        return Target(head, parts, selector)
    if selector is not None:
        tables = ", ".join(TABLES)
        found = said("key.selector_not_table", head=repr(head), tables=tables)
        raise UnreadableKey(key, found, named=True)
    return Target(None, (head, *parts), None)


def key_trouble(key: str) -> KeyTrouble | None:
    """Why the schema does not declare what ``key`` changes; None when it does.

    Names declared in the scenario (a service, a pollutant) are checked when the key is applied.

    >>> key_trouble("policy.subsidy_rate") is None, key_trouble("tiers.capex_cny*") is None
    (True, True)
    >>> key_trouble("policy.subsidyrate").expected[:35]
    "did you mean 'policy.subsidy_rate' "
    >>> key_trouble("tiers.capexcny").found
    "table tiers has no column 'capexcny'"
    """
    try:
        target = parse_key(key)
    except UnreadableKey as error:
        return KeyTrouble(error.found, said("key.valid"))
    multiply = key.strip().endswith("*")
    if target.table is not None and not target.path:
        return None
    if target.table is not None:
        table, column = TABLES[target.table], target.path[0]
        if column not in table.column_names:
            advice = advice_then([f"{table.name}.{c}" for c in closest(column, table.column_names)])
            return KeyTrouble(
                said("key.no_column", table=table.name, column=repr(column)),
                said(
                    "key.a_column",
                    advice=advice,
                    table=table.name,
                    columns=", ".join(table.column_names),
                ),
            )
        if multiply and table.column(column).type not in NUMERIC:
            return KeyTrouble(
                said("key.not_a_number", name=f"{table.name}.{column}"),
                said("key.numeric_column"),
            )
        return None
    parts = target.path
    leaf = declared_leaf(parts)
    if leaf is not None or is_group(parts):
        if multiply and (leaf is None or leaf.type not in NUMERIC):
            return KeyTrouble(
                said("key.not_a_number", name=".".join(parts)), said("key.numeric_setting")
            )
        return None
    known = next(n for n in range(len(parts), -1, -1) if n == 0 or is_group(parts[:n]))
    unknown = parts[: known + 1]
    label = ".".join(unknown)
    if declared_leaf(unknown) is not None:
        return KeyTrouble(
            said("key.one_setting", label=repr(label)), said("key.itself", label=repr(label))
        )
    tables = did_you_mean_words(closest(key.strip().rstrip("*"), table_keys()))
    instead = unknown_setting(unknown, label)
    if tables:
        instead = said("key.table_column_or", tables=tables, expected=instead)
    return KeyTrouble(said("key.undeclared", label=repr(label)), instead)


def value_trouble(key: str, value: Any) -> str | None:
    """What a value of the (declared) ``key`` must be, when ``value`` is not; None when it fits.

    A factor (``key*``) must be a finite number; a set value must fit the declaration of the
    setting or column (type, choices, range). Whether a product stays in range is known only
    when it is applied.

    >>> value_trouble("policy.subsidy_rate", 3), value_trouble("tiers.capex_cny*", float("inf"))
    ('a number from 0 to 1', 'a finite number (a factor)')
    >>> value_trouble("sites[S1].status", "forbidden") is None
    True
    """
    target = parse_key(key)
    if key.strip().endswith("*"):
        ok = is_number(value) and is_finite(value)
        return None if ok else said("key.finite_factor")
    if target.table is not None and not target.path:
        return rows_trouble(target, value)
    if target.table is None:
        declared = declared_leaf(target.path)
        return None if declared is None else setting_expected(declared, value)
    column = TABLES[target.table].column(target.path[0])
    typed, bad = coerce_column(pd.Series([value], dtype="object").astype("string"), column)
    cell = typed.iloc[0]
    if bad:
        return expected(column)
    if cell is pd.NA:
        return None
    if column.type in NUMERIC and not in_range(float(cell), column):
        return expected(column)
    if column.choices and str(cell) not in column.choices:
        return expected(column)
    return None


def rows_trouble(target: Target, value: Any) -> str | None:
    """What the value of a rows key must be, when ``value`` is not; None when it fits: the word
    ``drop`` to remove rows, a mapping (or a list of mappings) of the table's columns to add them.

    >>> rows_trouble(parse_key("demands[E1/sewage]"), "drop") is None
    True
    >>> rows_trouble(parse_key("demands[E1/sewage]"), 0)
    "the word 'drop' (to remove the rows the selector matches)"
    >>> rows_trouble(parse_key("demands[+]"), [{"enterprise": "E9", "demnd_per_day": 5}])
    "columns of demands: 'demnd_per_day' is not one (did you mean 'demand_per_day'?)"
    """
    if target.selector != ADD_ROWS:
        ok = isinstance(value, str) and value.strip() == DROP_ROWS
        return None if ok else said("key.drop_word", drop=repr(DROP_ROWS))
    rows = [value] if isinstance(value, dict) else value
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        return said("key.rows", table=target.table)
    table = TABLES[str(target.table)]
    for row in rows:
        for column in row:
            if str(column) not in table.column_names:
                advice = did_you_mean_words(closest(str(column), table.column_names))
                named = {"table": table.name, "column": repr(str(column))}
                if advice:
                    return said("key.not_a_column_advice", advice=advice, **named)
                return said("key.not_a_column", **named)
    return None

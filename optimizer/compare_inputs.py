"""What differs between the inputs behind two plans, down to the input rows.

The plans carry their resolved inputs (the variant applied, not file names): settings compare as
dotted keys (changed, added, removed), and table rows by the table's key columns (added, removed,
or changed: one line per changed column). Plans of different scenarios compare too: their first
line says ``different scenarios: A vs B``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from . import schema
from .plan import Plan, inputs_of
from .plan_views import flatten
from .scenario import Scenario
from .words import format_value, is_missing
from .words.catalogue import scenario_column_title, scenario_table_title, tr
from .words.said import Said, said, said_n

#: Columns of an input-changes table (``plan`` names the later plan of each row).
INPUT_COLUMNS = ["plan", "change", "table", "key", "column", "old", "new"]


def is_number(value: Any) -> bool:
    """A real number that is not missing (a bool is not a number here).

    >>> is_number(60), is_number(True), is_number(float("nan")), is_number("60")
    (True, False, False, False)
    """
    return isinstance(value, int | float) and not isinstance(value, bool) and not is_missing(value)


def same_value(a: Any, b: Any) -> bool:
    """Equal as a reviewer means it: both missing, equal numbers (60 == 60.0), or equal values.

    >>> same_value(60, 60.0), same_value(None, float("nan")), same_value("a", None)
    (True, True, False)
    """
    if is_missing(a) or is_missing(b):
        return is_missing(a) and is_missing(b)
    if is_number(a) and is_number(b):
        return float(a) == float(b)
    return bool(a == b)


def _plain(value: Any) -> Any:
    if is_missing(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _settings(inputs: Mapping[str, Any]) -> dict[str, Any]:
    flat = flatten(inputs.get("settings", {}))
    return {
        k: v
        for k, v in flat.items()
        if k != "name" and not (isinstance(v, Mapping | list | tuple) and not v)
    }


def setting_changes(
    reference: Mapping[str, Any], inputs: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Settings (dotted keys, scenario name left out) changed, added or removed between two
    plans' inputs (:func:`optimizer.plan.inputs_of`)."""
    old, new = _settings(reference), _settings(inputs)
    rows = []
    for key in list(dict.fromkeys([*old, *new])):
        if key not in new:
            change = "setting removed"
        elif key not in old:
            change = "setting added"
        elif not same_value(old[key], new[key]):
            change = "setting changed"
        else:
            continue
        rows.append(
            {
                "change": change,
                "table": "settings",
                "key": key,
                "column": "",
                "old": _plain(old.get(key)),
                "new": _plain(new.get(key)),
            }
        )
    return rows


def _keyed_rows(frame: pd.DataFrame, key: Sequence[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for row in frame.to_dict(orient="records"):
        ident = schema.ID_SEPARATOR.join("" if is_missing(row[k]) else str(row[k]) for k in key)
        name, n = ident, 1
        while name in out:
            n += 1
            name = f"{ident} #{n}"
        out[name] = row
    return out


def _row_text(row: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={format_value(v)}" for k, v in row.items() if not is_missing(v))


def _table_key(name: str, old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    declared = schema.TABLES.get(name)
    if declared and all(k in old.columns and k in new.columns for k in declared.key):
        return list(declared.key)
    return [c for c in old.columns if c in new.columns]


def table_changes(name: str, old: pd.DataFrame, new: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of one input table added, removed, or changed (one line per changed column)."""
    old = old if isinstance(old, pd.DataFrame) else pd.DataFrame(columns=new.columns)
    new = new if isinstance(new, pd.DataFrame) else pd.DataFrame(columns=old.columns)
    key = _table_key(name, old, new)
    before, after = _keyed_rows(old, key), _keyed_rows(new, key)
    rows = []
    for ident in list(dict.fromkeys([*before, *after])):
        a, b = before.get(ident), after.get(ident)
        base = {"table": name, "key": ident}
        if b is None:
            rows.append(
                {**base, "change": "row removed", "column": "", "old": _row_text(a), "new": None}
            )
        elif a is None:
            rows.append(
                {**base, "change": "row added", "column": "", "old": None, "new": _row_text(b)}
            )
        else:
            for column in dict.fromkeys([*a, *b]):
                x, y = a.get(column), b.get(column)
                if not same_value(x, y):
                    rows.append(
                        {
                            **base,
                            "change": "row changed",
                            "column": column,
                            "old": _plain(x),
                            "new": _plain(y),
                        }
                    )
    return rows


def scenario_names(reference: Plan, plan: Plan) -> tuple[str, str]:
    """The scenario names the two plans carry (reference first)."""
    return (
        str(reference.provenance.get("scenario", "")),
        str(plan.provenance.get("scenario", "")),
    )


def input_changes(reference: Plan, plan: Plan, name: str) -> pd.DataFrame:
    """Differences between the inputs behind two plans; the first row names different scenarios."""
    rows: list[dict[str, Any]] = []
    a, b = scenario_names(reference, plan)
    if a != b:
        rows.append(
            {
                "change": "different scenarios",
                "table": "",
                "key": "scenario",
                "column": "",
                "old": a,
                "new": b,
            }
        )
    rows += inputs_differences(reference.inputs, plan.inputs)
    frame = pd.DataFrame(rows, columns=INPUT_COLUMNS[1:]).astype({"old": object, "new": object})
    frame.insert(0, "plan", name)
    return frame


def inputs_differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Settings, then table rows (in the schema's table order), that differ between two sets of
    resolved inputs (:func:`optimizer.plan.inputs_of`); one dict per change, keys
    ``change, table, key, column, old, new``."""
    rows = setting_changes(old, new)
    old_tables, new_tables = old.get("tables", {}), new.get("tables", {})
    ordered = [t for t in schema.TABLE_ORDER if t in old_tables or t in new_tables]
    ordered += sorted((set(old_tables) | set(new_tables)) - set(ordered))
    for table in ordered:
        if old_tables.get(table) is not new_tables.get(table):  # the same frame: nothing changed
            rows += table_changes(table, old_tables.get(table), new_tables.get(table))
    return rows


def scenario_edits(base: Scenario, edited: Scenario) -> list[dict[str, Any]]:
    """What was changed in ``edited`` since it was ``base`` (the scenario as opened, with its
    variant applied): :func:`inputs_differences` of their resolved inputs.

    >>> from optimizer.scenario import load_scenario
    >>> tiny = load_scenario("scenarios/tiny")
    >>> scenario_edits(tiny, tiny.with_overrides({"discount_rate": 0.05}))
    [{'change': 'setting changed', 'table': 'settings', 'key': 'discount_rate', 'column': '', 'old': 0.08, 'new': 0.05}]
    """
    return inputs_differences(inputs_of(base), inputs_of(edited))


#: The words of each kind of change but a changed row or setting (message ids).
_CHANGE_WORDS = {
    "row added": "change.added",
    "row removed": "change.removed",
    "setting added": "change.setting_added",
    "setting removed": "change.setting_removed",
    "different scenarios": "change.scenarios",
}


def change_sentence(change: Mapping[str, Any]) -> str:
    """One input difference as a reviewer reads it (in the current language).

    >>> change_sentence(
    ...     {
    ...         "change": "row changed",
    ...         "table": "demands",
    ...         "key": "E3/sewage",
    ...         "column": "own_om_cny_per_year",
    ...         "old": 39600.0,
    ...         "new": 49600,
    ...     }
    ... )
    'demands E3/sewage: own_om_cny_per_year 39600 → 49600'
    >>> change_sentence(
    ...     {
    ...         "change": "setting changed",
    ...         "table": "settings",
    ...         "key": "policy.subsidy_rate",
    ...         "column": "",
    ...         "old": 0.0,
    ...         "new": 0.4,
    ...     }
    ... )
    'setting policy.subsidy_rate: 0 → 0.4'
    >>> change_sentence(
    ...     {
    ...         "change": "row removed",
    ...         "table": "enterprises",
    ...         "key": "E4",
    ...         "column": "",
    ...         "old": "id=E4",
    ...         "new": None,
    ...     }
    ... )
    'enterprises: removed E4'
    """
    kind, key = change.get("change"), change.get("key")
    table = scenario_table_title(str(change.get("table")))
    old, new = format_value(change.get("old")), format_value(change.get("new"))
    old_or_empty, new_or_empty = old or tr("change.empty"), new or tr("change.empty")
    if kind == "row changed":
        column = column_title(str(change.get("table")), str(change.get("column")))
        return tr(
            "change.row", table=table, key=key, column=column, old=old_or_empty, new=new_or_empty
        )
    if kind not in _CHANGE_WORDS:  # a setting changed
        return tr("change.setting", key=key, old=old_or_empty, new=new_or_empty)
    return tr(_CHANGE_WORDS[str(kind)], table=table, key=key, old=old, new=new)


def column_title(table: str, column: str) -> str:
    """A column of a table as a change names it: its name in English, its declared title in
    Chinese.

    >>> column_title("demands", "demand_per_day")
    'demand_per_day'
    """
    declared = schema.TABLES.get(table)
    names = declared.column_names if declared is not None else ()
    title = declared.column(column).title if column in names else ""
    return scenario_column_title(column, title)


def input_headline(reference: Plan, plan: Plan) -> Said:
    """The first line of an input comparison: different scenarios, or how much differs (said in
    any language later: :func:`optimizer.words.said.spoken`)."""
    a, b = scenario_names(reference, plan)
    if a != b:
        return said("compare.headline.scenarios", a=a, b=b)
    changes = input_changes(reference, plan, "")
    if changes.empty:
        return said("compare.headline.identical", scenario=a)
    settings = int((changes["table"] == "settings").sum())
    rows = len(changes[changes["table"] != "settings"][["table", "key"]].drop_duplicates())
    return said(
        "compare.headline.differ",
        scenario=a,
        settings=said_n("compare.settings", settings, count=f"{settings:,}"),
        rows=said_n("compare.rows", rows, count=f"{rows:,}"),
    )

"""Table editors and settings fields, built from the declarations in :mod:`optimizer.schema`.

One declaration per column drives the ``st.data_editor`` column configuration (type, unit and range
in the header's help, choices as a select box, booleans as check boxes, defaults for new rows), and
one declaration per setting drives the settings form. The functions here return plain values (the
column configuration is a dict Streamlit reads); nothing is drawn.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from streamlit import column_config as cc

from .. import schema
from ..plan_views import currency_in
from ..problems import Problem
from ..scenario import Scenario
from ..words.catalogue import localized, scenario_column_title, term

#: A key absent from the settings (as opposed to one set to null).
MISSING = object()

#: Which tab of the settings form a group of settings goes to.
GROUP_TITLES = {
    "general": "General",
    "services": "Services",
    "pollutants": "Pollutants",
    "policy": "Policy",
    "solver": "Solver",
}


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


def column_help(column: schema.Column, currency: str) -> str:
    """The help text of a column's header: description, unit (in ``currency``), allowed values.

    >>> from optimizer.schema import TABLES
    >>> column_help(TABLES["tiers"].column("capacity_per_day"), "CNY")
    'Treatment capacity. Unit: service unit/d. Allowed: a number above 0 and at most 1e9. Required.'
    """
    parts = [column.description.rstrip(".") + "."]
    if column.unit:
        parts.append(f"Unit: {column.unit_in(currency)}.")
    allowed = column.expectation()
    if column.references:
        allowed += f"; must exist in {column.references}"
    parts.append(f"Allowed: {allowed}.")
    if column.required:
        parts.append("Required.")
    elif column.default is not None:
        parts.append(f"Empty: {column.default}.")
    return " ".join(parts)


def column_label(column: schema.Column, currency: str) -> str:
    """Header text: the column's name (in Chinese, its title) and its unit, in ``currency``.

    >>> from optimizer.schema import TABLES
    >>> column_label(TABLES["tiers"].column("capex_cny"), "EUR")
    'capex_cny (EUR)'
    """
    name, unit = scenario_column_title(column.name), term(column.unit)
    return f"{name} ({unit.replace('{currency}', currency)})" if unit else name


def is_amount(column: schema.Column) -> bool:
    """Does the column hold an amount of money (shown with thousands separators)?

    >>> from optimizer.schema import TABLES
    >>> is_amount(TABLES["tiers"].column("capex_cny")), is_amount(TABLES["sites"].column("lon"))
    (True, False)
    """
    return "cny" in column.name.split("_")


def _yes_no(value: Any) -> str:
    return "yes" if value else "no"


def column_config_for(column: schema.Column, options: Sequence[str], currency: str) -> Any:
    """The ``st.data_editor`` configuration of one column (amounts in ``currency``). ``options``
    are the names a reference may take (declared services or pollutants): a select box."""
    common = {"label": column_label(column, currency), "help": column_help(column, currency)}
    if column.type == "bool":
        if column.default is None:  # empty means "the service's setting": yes, no or empty
            return cc.SelectboxColumn(options=[True, False], format_func=_yes_no, **common)
        return cc.CheckboxColumn(default=bool(column.default), **common)
    if column.choices or options:
        choices = list(column.choices or options)
        return cc.SelectboxColumn(options=choices, default=column.default, **common)
    if column.type in ("float", "int"):
        return cc.NumberColumn(
            min_value=column.minimum,
            max_value=column.maximum,
            step=1 if column.type == "int" else None,
            default=column.default,
            format="localized" if is_amount(column) else None,
            **common,
        )
    return cc.TextColumn(default=column.default, **common)


def reference_options(scenario: Scenario | None, column: schema.Column) -> list[str]:
    """Declared names a column refers to: services or pollutants (empty for tables: ids are
    typed, so that a new enterprise can be referred to before it has a row)."""
    if scenario is None or column.list_of:
        return []
    if column.references == "services":
        return sorted(scenario.services)
    if column.references == "pollutants":
        return sorted(scenario.pollutants)
    return []


def column_config(table: str, scenario: Scenario | None = None) -> dict[str, Any]:
    """The ``column_config`` of a table's editor, one entry per declared column."""
    currency = currency_in(scenario.config if scenario is not None else {})
    return {
        column.name: column_config_for(column, reference_options(scenario, column), currency)
        for column in schema.TABLES[table].columns
    }


def editor_frame(scenario: Scenario, table: str) -> pd.DataFrame:
    """The table as the editor shows it: declared columns first, positions as the index."""
    return scenario.tables[table].reset_index(drop=True)


def has_edits(state: Mapping[str, Any] | None) -> bool:
    """Did the user change an editor (its session state lists edited, added or deleted rows)?

    >>> has_edits({"edited_rows": {}, "added_rows": [], "deleted_rows": []})
    False
    >>> has_edits({"edited_rows": {0: {"demand_per_day": 70}}})
    True
    """
    if not state:
        return False
    return any(state.get(part) for part in ("edited_rows", "added_rows", "deleted_rows"))


def apply_edits(frame: pd.DataFrame, delta: Mapping[str, Any]) -> pd.DataFrame:
    """A table with an editor's changes applied, from the editor's session state alone (edited
    cells by row position, deleted positions, added rows), as ``st.data_editor`` reports them.

    >>> base = pd.DataFrame({"id": ["E1", "E2"], "q": [1.0, 2.0]})
    >>> delta = {
    ...     "edited_rows": {"1": {"q": 5.0}},
    ...     "deleted_rows": [0],
    ...     "added_rows": [{"id": "E3", "q": 7.0}],
    ... }
    >>> apply_edits(base, delta).values.tolist()
    [['E2', 5.0], ['E3', 7.0]]
    """
    out = frame.reset_index(drop=True).astype(object)
    for row, cells in (delta.get("edited_rows") or {}).items():
        for column, value in cells.items():
            if column in out.columns:
                out.at[int(row), column] = value
    deleted = [int(row) for row in delta.get("deleted_rows") or []]
    out = out.drop(index=[row for row in deleted if row in out.index])
    added = [
        {c: v for c, v in row.items() if c in out.columns} for row in delta.get("added_rows") or []
    ]
    if added:
        out = pd.concat([out, pd.DataFrame(added, columns=out.columns)], ignore_index=True)
    return out.reset_index(drop=True)


def edited_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The editor's output as a table to put into the scenario: positions renumbered, rows that
    the user added and left completely empty dropped."""
    frame = frame.reset_index(drop=True)
    empty = frame.isna().all(axis=1)
    return frame.loc[~empty].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------------------------


def problem_table(problem: Problem) -> str | None:
    """The table a problem is about, from its source (``enterprises.csv``, ``sheet tiers``)."""
    source = problem.source.removeprefix("sheet ").removesuffix(".csv")
    return source if source in schema.TABLES else None


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as rows: severity, table (or settings), row, row id, column, message.

    ``row`` is the 1-based row of the table as the editor shows it (a CSV line less one).
    """
    rows = []
    for p in problems:
        table = problem_table(p)
        rows.append(
            {
                "severity": p.severity,
                "where": table or p.source,
                "row": (p.line - 1) if (table and p.line is not None) else None,
                "id": p.row_id,
                "column": p.column,
                "problem": f"found {p.found_text()}, expected {p.expected}",
            }
        )
    columns = ["severity", "where", "row", "id", "column", "problem"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["row"] = frame["row"].astype("Int64")
    return frame


# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingField:
    """One field of the settings form: a concrete dotted path, its declaration and its value."""

    path: str
    declared: schema.Setting
    value: Any
    group: str
    title: str
    #: The scenario's currency and the unit of the setting's service ("" for none).
    currency: str
    unit: str

    @property
    def key(self) -> str:
        return "setting:" + self.path

    @property
    def label(self) -> str:
        """The field's heading: the declared title and unit (:meth:`optimizer.schema.Setting.label`)."""
        return localized(self.declared).label(self.path, self.currency, self.unit)

    @property
    def help(self) -> str:
        parts = [self.declared.description, f"Setting: {self.path}."]
        if self.declared.unit:
            parts.append(f"Unit: {self.declared.unit_in(self.currency, self.unit)}.")
        allowed = self.declared.expectation()
        if self.declared.nullable:
            allowed += "; or empty (null)"
        parts.append(f"Allowed: {allowed}.")
        if self.declared.default not in (None, []):
            parts.append(f"Default: {self.declared.default}.")
        return " ".join(parts)


def get_path(settings: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or :data:`MISSING`.

    >>> get_path({"policy": {"subsidy_rate": 0.2}}, "policy.subsidy_rate")
    0.2
    >>> get_path({"policy": None}, "policy.subsidy_rate") is MISSING
    True
    """
    node: Any = settings
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return MISSING
        node = node[part]
    return node


def set_path(settings: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, with :data:`MISSING`, remove) the value at a dotted path, creating groups.

    >>> s = {}
    >>> set_path(s, "policy.max_facilities.sewage", 2)
    >>> s
    {'policy': {'max_facilities': {'sewage': 2}}}
    >>> set_path(s, "policy.max_facilities.sewage", MISSING)
    >>> s
    {'policy': {'max_facilities': {}}}
    """
    *parents, leaf = path.split(".")
    node = settings
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            if value is MISSING:
                return
            child = node[part] = {}
        node = child
    if value is MISSING:
        node.pop(leaf, None)
    else:
        node[leaf] = value


def _concrete(pattern: str, names: Mapping[str, Sequence[str]]) -> list[str]:
    """Expand ``<service>`` and ``<pollutant>`` placeholders into every declared name."""
    paths = [pattern]
    for placeholder, values in names.items():
        paths = [
            p.replace(f"<{placeholder}>", v, 1) if f"<{placeholder}>" in p else p
            for p in paths
            for v in (values if f"<{placeholder}>" in p else [None])
        ]
    return paths


def _group(path: str) -> tuple[str, str]:
    """The form group and the title of a concrete path."""
    parts = path.split(".")
    head = parts[0]
    if head in ("services", "pollutants"):
        return head, parts[1]
    if head in ("policy", "solver"):
        return head, ""
    return "general", ""


def _plain_number(value: Any, declared: schema.Setting) -> Any:
    """YAML numbers as the widget's type: ``60`` for a float setting is ``60.0``."""
    if value is None or isinstance(value, bool):
        return value
    if declared.type == "float" and isinstance(value, int | float):
        return float(value)
    if declared.type == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def setting_fields(scenario: Scenario) -> list[SettingField]:
    """Every field of the settings form for this scenario's services and pollutants.

    Fields come by group, then by service or pollutant, then in declared order. Output streams of
    a service (a list) are one field edited as YAML; the parts of a stream are not fields of their
    own.
    """
    config = scenario.config
    names = {"service": sorted(config["services"]), "pollutant": sorted(config["pollutants"])}
    fields = []
    for declared in schema.SETTINGS:
        if "[]" in declared.path:
            continue
        for path in _concrete(declared.path, names):
            if "<" in path:
                continue  # no service or pollutant declared for this placeholder
            value = get_path(config, path)
            value = None if value is MISSING else _plain_number(value, declared)
            group, title = _group(path)
            service = declared.names_in(path).get("service", "")
            unit = str((config["services"].get(service) or {}).get("unit") or "")
            fields.append(
                SettingField(path, declared, value, group, title, currency_in(config), unit)
            )
    order = list(GROUP_TITLES)
    return sorted(fields, key=lambda f: (order.index(f.group), f.title))  # stable: declared order


def same_value(a: Any, b: Any) -> bool:
    """Equal as settings: numbers by value (``60 == 60.0``), NaN never set.

    >>> same_value(60, 60.0), same_value(None, 0), same_value([1], [1])
    (True, False, True)
    """
    if isinstance(a, float) and math.isnan(a):
        return False
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def with_setting(
    settings: Mapping[str, Any], config: Mapping[str, Any], field: SettingField, value: Any
) -> dict[str, Any]:
    """The settings with one field's new value; unchanged when it equals what is in effect.

    An empty value (None) writes null for a nullable setting (no limit) and removes the key of
    any other (its default applies again).
    """
    out = copy.deepcopy(dict(settings))
    in_effect = get_path(config, field.path)
    in_effect = None if in_effect is MISSING else in_effect
    if same_value(value, in_effect):
        return out
    if value is None:
        set_path(out, field.path, None if field.declared.nullable else MISSING)
        return out
    set_path(out, field.path, value)
    return out

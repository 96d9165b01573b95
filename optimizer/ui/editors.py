"""Table editors built from the declarations in :mod:`optimizer.schema`.

One declaration per column drives the ``st.data_editor`` column configuration (the column's title
and unit in the header, its name in the file, unit and range in the header's help, choices as a
select box, booleans as check boxes, defaults for new rows). A grid may add read-only columns of
its own: the unit of each row's service when the table mixes services of different units, and
the row's problems (marked, see :mod:`.grid_problems`). The functions here return plain values
(the column configuration is a dict Streamlit reads); nothing is drawn. The settings form's
fields are in :mod:`.setting_fields` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from streamlit import column_config as cc

from .. import schema
from ..plan_views import currency_in
from ..problems import Problem
from ..scenario import Scenario
from ..words.catalogue import term, tr
from ..words.problem_text import problem_detail, problem_source
from .grid_problems import row_problems, unreadable_cells
from .setting_fields import (
    GROUP_TITLES,
    MISSING,
    SettingField,
    get_path,
    same_value,
    set_path,
    setting_fields,
    with_setting,
)

__all__ = [
    "GROUP_TITLES",
    "MISSING",
    "PROBLEMS",
    "UNIT",
    "SettingField",
    "apply_edits",
    "column_config",
    "column_help",
    "column_label",
    "edited_table",
    "editor_frame",
    "get_path",
    "has_edits",
    "problem_table",
    "problems_frame",
    "same_value",
    "set_path",
    "setting_fields",
    "table_unit",
    "with_setting",
]

#: The read-only columns a grid may add: the unit of each row's service, the row's problems.
UNIT = "unit"
PROBLEMS = "problems"
SHOWN_ONLY = (UNIT, PROBLEMS)
#: How a cell with a problem is marked (the problems column is read-only: a pandas Styler styles
#: only those in ``st.data_editor``).
MARK = "background-color: #fde2e1; color: #8a1c12"


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


def column_help(column: schema.Column, currency: str, unit: str = "") -> str:
    """The help text of a column's header: its name in the file, description, unit (in
    ``currency`` and the service's ``unit``), allowed values.

    >>> from optimizer.schema import TABLES
    >>> column_help(TABLES["tiers"].column("capacity_per_day"), "CNY", "m3")
    'Column capacity_per_day in the file. Treatment capacity. Unit: m3/d. Allowed: a number \
above 0 and at most 1e9. Required.'
    """
    parts = [column.description.rstrip(".") + "."]
    if column.unit:
        parts.append(f"Unit: {column.unit_in(currency, unit or tr('grid.unit_word'))}.")
    allowed = column.expectation()
    if column.references:
        allowed += f"; must exist in {column.references}"
    parts.append(f"Allowed: {allowed}.")
    if column.required:
        parts.append("Required.")
    elif column.default is not None:
        parts.append(f"Empty: {column.default}.")
    return tr("grid.column_help", name=column.name, help=" ".join(parts))


def column_label(column: schema.Column, currency: str, unit: str = "") -> str:
    """Header text: the column's title and its unit (in the current language), in ``currency``
    and, for a quantity of a service, the service's ``unit`` (empty: the table mixes units, and
    the grid's unit column gives each row's).

    >>> from optimizer.schema import TABLES
    >>> column_label(TABLES["tiers"].column("capex_cny"), "EUR")
    'Capex (EUR)'
    >>> tiers = TABLES["tiers"]
    >>> (
    ...     column_label(tiers.column("capacity_per_day"), "CNY", "t"),
    ...     column_label(tiers.column("variable_cost_cny_per_unit"), "CNY"),
    ... )
    ('Capacity per day (t/d)', 'Variable cost (CNY/unit)')
    """
    title, shown = term(column.title), term(column.unit)
    shown = shown.format(currency=currency, unit=unit or tr("grid.unit_word"))
    return f"{title} ({shown})" if shown else title


def is_amount(column: schema.Column) -> bool:
    """Does the column hold an amount of money (shown with thousands separators)?

    >>> from optimizer.schema import TABLES
    >>> is_amount(TABLES["tiers"].column("capex_cny")), is_amount(TABLES["sites"].column("lon"))
    (True, False)
    """
    return "cny" in column.name.split("_")


def _yes_no(value: Any) -> str:
    return "yes" if value else "no"


def column_config_for(
    column: schema.Column,
    options: Sequence[str],
    currency: str,
    unit: str = "",
    as_text: bool = False,
) -> Any:
    """The ``st.data_editor`` configuration of one column (amounts in ``currency``, quantities
    in the service's ``unit``). ``options`` are the names a reference may take (declared
    services or pollutants): a select box. ``as_text``: the column shows as text, since a cell
    of it does not read as its type (the text as written stays in view until it is fixed)."""
    common = {
        "label": column_label(column, currency, unit),
        "help": column_help(column, currency, unit),
    }
    if as_text:
        what = tr("grid.what.bool" if column.type == "bool" else "grid.what.number")
        common["help"] += " " + tr("grid.as_text", what=what)
        return cc.TextColumn(**common)
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


def service_units(scenario: Scenario | None) -> dict[str, str]:
    """The unit of each declared service (``services.<name>.unit``)."""
    services = scenario.config.get("services", {}) if scenario is not None else {}
    return {
        str(name): str((declared or {}).get("unit") or "")
        for name, declared in services.items()
        if isinstance(declared, Mapping)
    }


def table_unit(scenario: Scenario | None, table: str) -> str:
    """The one unit of the services a table's rows name (every declared service for a table
    without rows), or "" when they differ: then each row's unit is in the grid's unit column.

    >>> from optimizer.scenario import load_scenario
    >>> table_unit(load_scenario("scenarios/tiny"), "tiers")
    'm3'
    >>> table_unit(load_scenario("scenarios/mixed-park"), "demands")
    ''
    """
    units = service_units(scenario)
    if scenario is None or "service" not in schema.TABLES[table].column_names:
        return ""
    named = scenario.tables[table]["service"].dropna().astype(str).unique().tolist()
    found = {units.get(name, "") for name in (named or units)}
    return found.pop() if len(found) == 1 else ""


def column_config(
    table: str, scenario: Scenario | None = None, shown: pd.DataFrame | None = None
) -> dict[str, Any]:
    """The ``column_config`` of a table's editor, one entry per declared column, and one per
    read-only column of ``shown`` (the frame :func:`editor_frame` made): the unit of each row's
    service, the row's problems. A declared number column that ``shown`` holds as text (a cell
    did not read as a number) is a text column."""
    currency = currency_in(scenario.config if scenario is not None else {})
    unit = table_unit(scenario, table)
    config: dict[str, Any] = {}
    if shown is not None and PROBLEMS in shown.columns:
        config[PROBLEMS] = cc.TextColumn(
            tr("grid.problems"), help=tr("grid.problems_help"), disabled=True, width="large"
        )
    for column in schema.TABLES[table].columns:
        as_text = (
            shown is not None
            and column.type != "str"
            and column.name in shown.columns
            and shown[column.name].dtype == object
        )
        config[column.name] = column_config_for(
            column, reference_options(scenario, column), currency, unit, as_text
        )
        if column.name == "service" and shown is not None and UNIT in shown.columns:
            config[UNIT] = cc.TextColumn(term("Unit"), help=tr("grid.unit_help"), disabled=True)
    return config


def _as_text(value: Any) -> Any:
    """A cell of a column shown as text: a number as Python writes it (read back the same),
    a whole one without ``.0``.

    >>> _as_text(60.0), _as_text(0.125), _as_text(True), _as_text(pd.NA)
    ('60', '0.125', 'true', None)
    """
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(float(value)).removesuffix(".0") if isinstance(value, float) else str(value)


def editor_frame(scenario: Scenario, table: str, problems: Iterable[Problem] = ()) -> pd.DataFrame:
    """The table as the editor shows it: declared columns, positions as the index; a number
    column with a cell that did not read as a number as text, that cell as it was written
    (instead of an empty cell); the unit of each row's service after ``service`` when the table
    mixes units; the row's problems first when it has any (:func:`edited_table` drops both)."""
    frame = scenario.tables[table].reset_index(drop=True)
    problems = [p for p in problems if problem_table(p) == table]
    cells = unreadable_cells(problems, table, frame)
    if cells:
        frame = frame.copy()
        for column in {c for _, c in cells}:
            frame[column] = pd.Series([_as_text(v) for v in frame[column]], dtype=object)
        for (row, column), text in cells.items():
            frame.at[row, column] = text
    declared = schema.TABLES[table]
    mixed = any(c.per_service_unit for c in declared.columns) and not table_unit(scenario, table)
    if mixed and "service" in frame.columns:
        units = service_units(scenario)
        at = list(frame.columns).index("service") + 1
        frame.insert(at, UNIT, frame["service"].astype(object).map(lambda s: units.get(s)))
    marks = row_problems(problems, table, frame)
    if marks:
        texts = ["; ".join(marks.get(i, [])) for i in range(len(frame))]  # "" shows as empty
        frame.insert(0, PROBLEMS, pd.Series(texts, dtype=object))
    return frame


def styled(frame: pd.DataFrame) -> Any:
    """The frame to hand to ``st.data_editor``: with a problems column, a pandas Styler marking
    the rows with problems in it (the only column a Styler styles: it is read-only)."""
    if PROBLEMS not in frame.columns:
        return frame
    return frame.style.map(lambda text: MARK if text else "", subset=[PROBLEMS])


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
    """The editor's output as a table to put into the scenario: the grid's own read-only columns
    dropped, positions renumbered, rows that the user added and left completely empty dropped."""
    frame = frame.drop(columns=[c for c in SHOWN_ONLY if c in frame.columns])
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
    """Problems as rows: severity, table (or settings), row, row id, column, message, headed and
    worded in the app's language (the table, the id, the column and the value as written).

    ``row`` is the 1-based row of the table as the editor shows it (a CSV line less one).
    """
    rows = []
    for p in problems:
        table = problem_table(p)
        rows.append(
            {
                "severity": tr(f"problem.{p.severity}"),
                "where": table or problem_source(p.source),
                "row": (p.line - 1) if (table and p.line is not None) else None,
                "id": p.row_id,
                "column": p.column,
                "problem": problem_detail(p),
            }
        )
    columns = ["severity", "where", "row", "id", "column", "problem"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["row"] = frame["row"].astype("Int64")
    return frame.rename(columns={c: tr(f"problems.col.{c}") for c in columns})

"""Table editors built from the declarations in :mod:`optimizer.schema`: the frame a table's
editor shows (the table, with the read-only columns of :mod:`.grid_columns`: the unit of each row's
service when the table mixes units, the row's problems, marked, see :mod:`.grid_problems`), the
editor's height, and the table back from the editor's edits. The functions here return plain
values; nothing is drawn. The column configuration is in :mod:`.grid_columns`, the settings
form's fields in :mod:`.setting_fields` (both re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .. import schema
from ..problems import Problem
from ..scenario import Scenario
from ..words.catalogue import tr
from ..words.problem_text import problem_detail, problem_source
from .grid_columns import (
    PROBLEMS,
    SHOWN_ONLY,
    UNIT,
    column_config,
    column_help,
    column_label,
    service_units,
    table_unit,
)
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
    "editor_height",
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

#: How a cell with a problem is marked (the problems column is read-only: a pandas Styler styles
#: only those in ``st.data_editor``).
MARK = "background-color: #fde2e1; color: #8a1c12"

#: How many rows an editor shows before it scrolls (Streamlit's own height shows ten): most of
#: a laptop's screen (1280 x 800) once the page has scrolled to the grid.
ROWS_IN_VIEW = 15
#: The grid's row height in pixels (Streamlit's default ``row_height``).
ROW_PX = 35


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


def editor_height(rows: int) -> int:
    """The height in pixels of an editor of ``rows`` rows: all of them up to
    :data:`ROWS_IN_VIEW`, with the header and the line that adds a row (and the border).

    >>> editor_height(3), editor_height(60) == editor_height(531) == (15 + 2) * 35 + 3
    (178, True)
    """
    return (min(rows, ROWS_IN_VIEW) + 2) * ROW_PX + 3


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

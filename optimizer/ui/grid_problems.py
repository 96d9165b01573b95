"""A scenario's problems as the app's grids show the tables: in the order of the page (settings,
then each table in its declared order, row by row, column by column), each row cited by its id.

The checks cite a table row by its file's line (``enterprises.csv line 5``): right for a file,
but the app's grid shows no line numbers, and after an edit the lines no longer match the rows.
The id (``E3``, ``E2/sewage``) is what the grid shows, and the grid marks the rows themselves
(:func:`row_problems`) and keeps a cell that did not read as its type as it was written
(:func:`unreadable_cells`). Nothing here imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pandas as pd

from .. import schema
from ..coerce import row_ids
from ..problems import Problem
from ..words.catalogue import tr
from ..words.problem_text import problem_detail


def _table(problem: Problem) -> str | None:
    source = problem.source.removeprefix("sheet ").removesuffix(".csv")
    return source if source in schema.TABLES else None


def _order(problem: Problem) -> tuple[int, int, int, int]:
    table = _table(problem)
    if table is None:
        return (0, 0, problem.line or 0, 0)
    columns = [c.name for c in schema.TABLES[table].columns]
    column = columns.index(problem.column) + 1 if problem.column in columns else 0
    return (1, schema.TABLE_ORDER.index(table) + 1, problem.line or 0, column)


def as_the_grid_shows(problems: Iterable[Problem]) -> list[Problem]:
    """The problems in the page's order, a table's rows cited by their id and table name.

    >>> found = [
    ...     Problem(
    ...         "demands.csv", "demand_per_day", "above 0", value=-5.0, row_id="E2/sewage", line=3
    ...     ),
    ...     Problem("enterprises.csv", "lat", "a latitude", value=123.0, row_id="E3", line=4),
    ...     Problem("scenario.yaml", "discount_rate", "at most 0.5", value=0.9),
    ... ]
    >>> for p in as_the_grid_shows(found):
    ...     print(p)
    scenario.yaml, discount_rate: found 0.9, expected at most 0.5
    enterprises (id E3), column lat: found 123.0, expected a latitude
    demands (id E2/sewage), column demand_per_day: found -5.0, expected above 0
    """
    ordered = sorted(problems, key=_order)  # stable: the checks' order within one cell
    out = []
    for problem in ordered:
        table = _table(problem)
        if table is not None and problem.row_id is not None:
            problem = replace(problem, source=table, line=None)
        out.append(problem)
    return out


def _positions(problem: Problem, ids: list[str]) -> list[int]:
    """The grid rows a problem is about: those with its row's id, else its file's line."""
    if problem.row_id is not None and problem.row_id in ids:
        return [i for i, found in enumerate(ids) if found == problem.row_id]
    if problem.line is not None and 0 <= problem.line - 2 < len(ids):
        return [problem.line - 2]
    return []


def row_problems(
    problems: Iterable[Problem], table: str, frame: pd.DataFrame
) -> dict[int, list[str]]:
    """What is wrong in each row of a table's grid (by position), column by column, in the app's
    language.

    >>> grid = pd.DataFrame({"id": ["E1", "E2"], "lat": [31.0, 123.0]})
    >>> row_problems(
    ...     [Problem("enterprises", "lat", "a number from -90 to 90", value=123.0, row_id="E2")],
    ...     "enterprises",
    ...     grid,
    ... )
    {1: ['lat: found 123.0, expected a number from -90 to 90']}
    """
    ids = row_ids(frame, schema.TABLES[table])
    marks: dict[int, list[str]] = {}
    for problem in problems:
        text = problem_detail(problem)
        text = (
            tr("problem.in_column", column=problem.column, detail=text) if problem.column else text
        )
        for position in _positions(problem, ids):
            marks.setdefault(position, []).append(text)
    return marks


def unreadable_cells(
    problems: Iterable[Problem], table: str, frame: pd.DataFrame
) -> dict[tuple[int, str], str]:
    """The cells of a table that did not read as their column's type (a number, yes or no), by
    (position, column), with the text as written: the table holds nothing there, the grid shows
    the text.

    >>> grid = pd.DataFrame({"id": ["E1", "E2"], "lat": [31.0, None]})
    >>> unreadable_cells(
    ...     [Problem("enterprises", "lat", "a number", value="31,5", row_id="E2")],
    ...     "enterprises",
    ...     grid,
    ... )
    {(1, 'lat'): '31,5'}
    """
    declared = schema.TABLES[table]
    ids = row_ids(frame, declared)
    cells: dict[tuple[int, str], str] = {}
    for problem in problems:
        column = problem.column
        if column not in declared.column_names or column not in frame.columns:
            continue
        if declared.column(column).type == "str" or not isinstance(problem.value, str):
            continue
        for position in _positions(problem, ids):
            if pd.isna(frame.at[position, column]):
                cells[(position, column)] = problem.value
    return cells

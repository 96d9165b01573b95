"""A scenario's problems as the app's grids show the tables: in the order of the page (settings,
then each table in its declared order, row by row, column by column), each row cited by its id.

The checks cite a table row by its file's line (``enterprises.csv line 5``): right for a file,
but the app's grid shows no line numbers, and after an edit the lines no longer match the rows.
The id (``E3``, ``E2/sewage``) is what the grid shows. Nothing here imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .. import schema
from ..problems import Problem


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

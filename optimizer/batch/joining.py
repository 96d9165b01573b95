"""A what-if's rows to add from join files (``optimizer whatif --join``, the app's upload), read
by :func:`~optimizer.scenario.rows_file.read_rows_file` and checked before any solve, every
problem named by the file it is in: a cell not of its column's type (the file's line: a CSV
file's, a sheet's row; in YAML the row's id), then the scenario with the rows added, checked as the
re-solve would check it (ranges, references, duplicates), a problem of an added row named by its
file and line again rather than by the scenario's table.

An added row is one of the last rows of its table once the overrides are applied (rows are added
at the end; leaving drops rows of the scenario's own), in the order of the files and their rows,
which is how a problem's line in the table is traced back to a file's.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..checks import check
from ..coerce import coerce_table
from ..overrides.whatif import join
from ..problems import Problem, ScenarioError
from ..scenario import Scenario
from ..scenario.rows_file import read_rows_file
from ..schema import TABLES


@dataclass(frozen=True)
class Span:
    """Rows of one table from one file: where they are said to be (``source``), how many, and
    whether the file has lines (CSV, sheets) or only items (YAML)."""

    source: str
    rows: int
    lines: bool


def source_of(file: Path, table: str) -> str:
    """How a problem names the rows of ``table`` in ``file`` (a folder: its CSV file).

    >>> source_of(Path("new/demands.csv"), "demands"), source_of(Path("join.yaml"), "demands")
    ('demands.csv', 'join.yaml, demands')
    """
    suffix = file.suffix.lower()
    if suffix == ".csv":
        return file.name
    return f"{file.name}/{table}.csv" if file.is_dir() else f"{file.name}, {table}"


def _cell_problems(rows: Sequence[Any], table: str, span: Span) -> list[Problem]:
    """A file's cells of ``table`` typed by its columns as they will be when added (a header's
    problems are said when the rows are added, in those words)."""
    if not rows or not all(isinstance(row, Mapping) for row in rows):
        return []  # said by the reader or when the rows are added
    raw = pd.DataFrame([{str(k): v for k, v in row.items()} for row in rows], dtype="object")
    found = coerce_table(raw, TABLES[table], span.source)[1]
    found = [p for p in found if p.is_error and (p.line, p.row_id) != (None, None)]
    return found if span.lines else [replace(p, line=None) for p in found]


def _named_by_file(
    problem: Problem, scenario: Scenario, spans: Mapping[str, list[Span]]
) -> Problem:
    """``problem`` of the scenario with the rows added, named by the file of the row it is in
    (unchanged when it is not of an added row)."""
    table = problem.source.removesuffix(".csv").removeprefix("sheet ")
    if problem.line is None or table not in spans or table not in scenario.tables:
        return problem
    first = len(scenario.tables[table]) - sum(s.rows for s in spans[table]) + 2
    k = problem.line - first
    if k < 0:
        return problem
    for span in spans[table]:
        if k < span.rows:
            return replace(problem, source=span.source, line=k + 2 if span.lines else None)
        k -= span.rows
    return problem


def join_files(
    scenario: Scenario, files: Sequence[str | os.PathLike], others: Mapping[str, Any] = ()
) -> dict[str, Any]:
    """The overrides adding the rows of ``files`` to ``scenario`` (the rows of one table from
    several files added together), checked with the what-if's ``others`` overrides applied.

    Raises
    ------
    ScenarioError
        Every problem of every file at once, each named by its file (see the module).
    """
    added: dict[str, Any] = {}
    spans: dict[str, list[Span]] = {}
    problems: list[Problem] = []
    for file in map(Path, files):
        try:
            read = read_rows_file(file)
            for key, rows in join(read, file.name).items():
                table = key.partition("[")[0]
                rows = rows if isinstance(rows, list) else [rows]
                span = Span(
                    source_of(file, table), len(rows), file.suffix.lower() not in (".yaml", ".yml")
                )
                spans.setdefault(table, []).append(span)
                problems += _cell_problems(rows, table, span)
                added[key] = [*added.get(key, []), *rows]
        except ScenarioError as error:
            problems += error.problems
    if problems:
        raise ScenarioError(problems)
    changed = scenario.with_overrides({**others, **added})  # raises what applying finds
    found = [_named_by_file(p, changed, spans) for p in check(changed) if p.is_error]
    if found:
        raise ScenarioError(found)
    return added

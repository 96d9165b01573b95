"""Rows to add to a scenario's tables, from a file (a what-if's enterprise joining): table names
to lists of rows, read by the scenario's own readers and as strictly.

- YAML (``.yaml``, ``.yml``): a mapping of table names to lists of rows
  (:func:`~optimizer.scenario.yaml_reader.load_yaml`);
- CSV: one table, the file named after it (``demands.csv``), as a scenario folder's tables are
  (:func:`~optimizer.scenario.folder.read_csv_table`); or a folder of such files;
- a workbook (``.xlsx``): a sheet per table, named after it, as a scenario workbook's are
  (:func:`~optimizer.scenario.sheets.read_sheets`).

A file or sheet not named after a table is an error naming the closest tables; every problem of
every file is raised at once. CSV and sheet cells are text, typed with the table's columns when
the rows are added (:mod:`optimizer.overrides.apply`), as a scenario's cells are.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from .. import schema
from ..problems import Problem, ScenarioError
from ..words.said import said
from .encodings import read_text
from .folder import read_csv_table
from .sheets import read_sheets
from .yaml_reader import load_yaml

#: The kinds of file rows are read from, in words.
ROWS_FILES = said("read.rows_files")


def read_rows_file(path: str | os.PathLike) -> dict[str, Any]:
    """Table names to the rows to add, from the file or folder at ``path`` (see the module).

    Raises
    ------
    ScenarioError
        Every problem at once: no such file, an unreadable one, a file or sheet that is not
        named after a table, a table without rows.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        files = sorted(f for f in path.iterdir() if f.suffix.lower() == ".csv")
        if not files:
            raise ScenarioError([Problem(path.name, None, ROWS_FILES, found=said("read.no_csv"))])
        return _csv_tables(files)
    if not path.is_file():
        raise ScenarioError([Problem(path.name, None, ROWS_FILES, found=said("read.no_such_file"))])
    if suffix in (".yaml", ".yml"):
        text = read_text(path, path.name)
        if isinstance(text, Problem):
            raise ScenarioError([text])
        return load_yaml(text, path.name)
    if suffix == ".csv":
        return _csv_tables([path])
    if suffix == ".xlsx":
        return _sheet_tables(path)
    found = said("read.suffix_file", suffix=suffix) if suffix else said("read.bare_file")
    raise ScenarioError([Problem(path.name, None, ROWS_FILES, found=found)])


def _not_a_table(source: str, name: str, what: str) -> Problem:
    """A file or sheet (``what``: ``read.csv_named`` or ``read.sheet_named_table``) not named
    after a table."""
    near = schema.closest(name, schema.TABLE_ORDER)
    advice = said("read.did_you_mean", near=near[0]) if near else ""
    return Problem(
        source,
        None,
        said(what, advice=advice, tables=", ".join(schema.TABLE_ORDER)),
        found=said("read.not_a_table", name=repr(name)),
    )


def _rows(frame: pd.DataFrame, source: str, problems: list[Problem]) -> list[dict[str, Any]]:
    if frame.empty:
        problems.append(
            Problem(source, None, said("read.row_under_header"), found=said("read.none"))
        )
        return []
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _csv_tables(files: list[Path]) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    problems: list[Problem] = []
    for file in files:
        if file.stem not in schema.TABLES:
            problems.append(_not_a_table(file.name, file.stem, "read.csv_named"))
            continue
        read = read_csv_table(file)
        if isinstance(read, Problem):
            problems.append(read)
        else:
            tables[file.stem] = _rows(read, file.name, problems)
    if problems:
        raise ScenarioError(problems)
    return tables


def _sheet_tables(path: Path) -> dict[str, Any]:
    sheets = read_sheets(path, schema.TABLE_ORDER)
    problems = list(sheets.problems)
    problems += [
        _not_a_table(f"{path.name}, sheet {name}", name, "read.sheet_named_table")
        for name in sheets.names
        if name not in schema.TABLES
    ]
    tables: dict[str, Any] = {}
    for name, frame in sheets.frames.items():
        if frame is not None:
            tables[name] = _rows(frame, f"{path.name}, sheet {name}", problems)
    if not tables and not problems:
        problems.append(
            Problem(path.name, None, said("read.sheet_after_table"), found=said("read.none"))
        )
    if problems:
        raise ScenarioError(problems)
    return tables

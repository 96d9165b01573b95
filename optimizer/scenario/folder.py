"""A scenario folder: ``scenario.yaml`` and one CSV file per table, read and written."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import pandas as pd
import yaml

from .. import schema
from ..coerce import header_problems
from ..problems import Problem, ScenarioError
from ..schema.limits import MAX_SETTINGS_BYTES
from ..words.said import said
from .assemble import from_raw, read_settings, saved_settings, split_variants, tables_to_write
from .encodings import read_text
from .value import SETTINGS_FILE, Scenario
from .yaml_reader import too_large

#: The files of a scenario folder: its settings and tables.
SCENARIO_FILES = frozenset({SETTINGS_FILE, *(f"{table}.csv" for table in schema.TABLES)})


def is_scenario_file(name: str) -> bool:
    """Whether saving a scenario over a folder replaces the entry ``name`` of it: the scenario's
    files and any other CSV (read, when its name is close to a table's, as a misspelt table);
    anything else (a README, notes, a subfolder) stays.

    >>> is_scenario_file("sites.csv"), is_scenario_file("stale.csv"), is_scenario_file("README.md")
    (True, True, False)
    """
    return name in SCENARIO_FILES or name.lower().endswith(".csv")


def read_folder(folder: Path) -> Scenario:
    """Read a scenario folder; a table that cannot be read is a problem, not an error."""
    settings_path = folder / SETTINGS_FILE
    if not settings_path.is_file():
        raise ScenarioError(
            [
                Problem(
                    str(folder),
                    None,
                    said("read.settings_file", file=SETTINGS_FILE),
                    found=said("read.no_such_file"),
                )
            ]
        )
    size = settings_path.stat().st_size
    if size > MAX_SETTINGS_BYTES:
        raise ScenarioError([too_large(SETTINGS_FILE, size)])
    text = read_text(settings_path, SETTINGS_FILE)
    if isinstance(text, Problem):
        raise ScenarioError([text])
    settings, lines = read_settings(text, SETTINGS_FILE)
    settings, variants = split_variants(settings, SETTINGS_FILE)
    raw: dict[str, pd.DataFrame | None] = {}
    unreadable: list[Problem] = []
    for name in schema.TABLE_ORDER:
        file = folder / f"{name}.csv"
        read = read_csv_table(file) if file.is_file() else None
        if isinstance(read, Problem):
            unreadable.append(read)
            read = None
        raw[name] = read
    unreadable += _stray_tables(folder)
    return from_raw(settings, variants, raw, str(folder), "folder", unreadable, lines)


def _stray_tables(folder: Path) -> list[Problem]:
    """A CSV file whose name is close to a table's but is none: most likely a misspelt table."""
    problems = []
    for file in sorted(folder.glob("*.csv")):
        if file.stem in schema.TABLES:
            continue
        near = schema.closest(file.stem, schema.TABLE_ORDER)
        if near:
            problems.append(
                Problem(
                    file.name,
                    None,
                    said("read.stray_file", near=near[0], tables=", ".join(schema.TABLE_ORDER)),
                    found=said("read.file_not_read"),
                    severity="warning",
                )
            )
    return problems


def read_csv_table(file: Path) -> pd.DataFrame | Problem:
    """The table as text cells, or the problem that prevents reading it."""
    text = read_text(file)
    if isinstance(text, Problem):
        return text
    header = next(csv.reader(io.StringIO(text), skipinitialspace=True), None)
    if header is not None:
        if len(header) == 1 and any(mark in header[0] for mark in ";\t|"):
            return Problem(
                file.name,
                None,
                said("read.commas"),
                found=said("read.no_comma", header=repr(header[0][:60])),
            )
        duplicated = header_problems(header, file.name)
        if duplicated:
            return duplicated[0]
    try:
        with warnings.catch_warnings():
            # a line with more cells than the header: pandas would drop or shift cells
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                io.StringIO(text),
                dtype=str,
                keep_default_na=False,
                skipinitialspace=True,
                index_col=False,
            )
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    except pd.errors.ParserWarning:
        return _ragged_line(file.name, text)
    except pd.errors.ParserError as error:
        return Problem(
            file.name,
            None,
            said("read.comma_table"),
            found=said("read.unreadable_file", error=str(error)),
        )


def _ragged_line(name: str, text: str) -> Problem:
    """The first line of a CSV text with more cells than its header."""
    rows = csv.reader(io.StringIO(text, newline=""))
    width = len(next(rows, []))
    for row in rows:
        if len(row) > width:
            return Problem(
                name,
                None,
                said("read.cells_at_most", width=width),
                line=rows.line_num,
                found=said("read.cells", count=len(row)),
            )
    return Problem(name, None, said("read.cells_as_header"), found=said("read.more"))


def write_folder(scenario: Scenario, folder: Path) -> None:
    """Write ``scenario.yaml`` and the CSV files into ``folder`` (which exists)."""
    text = yaml.safe_dump(saved_settings(scenario), sort_keys=False, allow_unicode=True, width=100)
    (folder / SETTINGS_FILE).write_text(text, encoding="utf-8")
    for name, frame in tables_to_write(scenario).items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")

"""A scenario folder: ``scenario.yaml`` and one CSV file per table, read and written."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import pandas as pd
import yaml

from .. import schema
from ..problems import Problem, ScenarioError
from .assemble import from_raw, parse_settings, saved_settings, split_variants, tables_to_write
from .value import SETTINGS_FILE, Scenario


def read_folder(folder: Path) -> Scenario:
    """Read a scenario folder; a table that cannot be read is a problem, not an error."""
    settings_path = folder / SETTINGS_FILE
    if not settings_path.is_file():
        raise ScenarioError(
            [
                Problem(
                    str(folder), None, f"a file {SETTINGS_FILE} in the folder", found="no such file"
                )
            ]
        )
    try:
        text = settings_path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError(
            [Problem(SETTINGS_FILE, None, "UTF-8 text", found=f"other bytes ({error.reason})")]
        ) from None
    settings, variants = split_variants(parse_settings(text, SETTINGS_FILE), SETTINGS_FILE)
    raw: dict[str, pd.DataFrame | None] = {}
    unreadable: list[Problem] = []
    for name in schema.TABLE_ORDER:
        file = folder / f"{name}.csv"
        read = _read_csv(file) if file.is_file() else None
        if isinstance(read, Problem):
            unreadable.append(read)
            read = None
        raw[name] = read
    return from_raw(settings, variants, raw, str(folder), "folder", unreadable)


def _read_csv(file: Path) -> pd.DataFrame | Problem:
    """The table as text cells, or the problem that prevents reading it."""
    try:
        with warnings.catch_warnings():
            # a line with more cells than the header: pandas would drop or shift cells
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                file,
                dtype=str,
                keep_default_na=False,
                skipinitialspace=True,
                encoding="utf-8-sig",
                index_col=False,
            )
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    except pd.errors.ParserWarning:
        return _ragged_line(file)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        return Problem(
            file.name,
            None,
            "a comma-separated UTF-8 table",
            found=f"a file that cannot be read ({error})",
        )


def _ragged_line(file: Path) -> Problem:
    """The first line of a CSV file with more cells than its header."""
    with file.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        width = len(next(rows, []))
        for row in rows:
            if len(row) > width:
                return Problem(
                    file.name,
                    None,
                    f"at most {width} cells a line, one per column of the header",
                    line=rows.line_num,
                    found=f"{len(row)} cells",
                )
    return Problem(file.name, None, "as many cells a line as the header has", found="more")


def write_folder(scenario: Scenario, folder: Path) -> None:
    """Write ``scenario.yaml`` and the CSV files into ``folder`` (which exists)."""
    text = yaml.safe_dump(saved_settings(scenario), sort_keys=False, allow_unicode=True, width=100)
    (folder / SETTINGS_FILE).write_text(text, encoding="utf-8")
    for name, frame in tables_to_write(scenario).items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")

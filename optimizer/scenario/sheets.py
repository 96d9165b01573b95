"""The sheets of a scenario workbook as text tables, read within limits.

Only the sheets a scenario has (``settings`` and the declared tables) are read, one row at a time;
the parts of the file they need are checked against
:data:`~optimizer.schema.limits.MAX_WORKBOOK_PART_BYTES` before anything is unpacked, and a sheet
is refused as soon as it passes :data:`~optimizer.schema.limits.MAX_SHEET_ROWS` rows or holds a
cell beyond :data:`~optimizer.schema.limits.MAX_SHEET_COLUMNS` columns. So a small file that
unpacks to gigabytes, or a single cell at XFD1048576, is refused in a moment instead of filling
the memory. Cells read as text the way pandas reads them (``5`` for a whole number, ``0.1``,
``True``), so that a folder and a workbook of the same scenario read the same.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..coerce import header_problems
from ..problems import Problem, ScenarioError
from ..schema.limits import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_WORKBOOK_PART_BYTES
from ..words.said import said


@dataclass
class Sheets:
    """The sheets read (None where a wanted sheet is absent), every sheet's name, and the problems
    of the sheets that could not be read."""

    frames: dict[str, pd.DataFrame | None]
    names: list[str]
    problems: list[Problem] = field(default_factory=list)


class _SheetRefused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_sheets(path: Path, wanted: Sequence[str]) -> Sheets:
    """Read the ``wanted`` sheets of a workbook as text frames (every cell a string).

    Raises
    ------
    ScenarioError
        The file is not a workbook, or a part every sheet needs (the shared strings, the styles)
        is over the limit.
    """
    _check_parts(path)
    # lazy: openpyxl adds about 0.06 s to every start; only reading a workbook needs it
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise _not_a_workbook(path, error) from None
    try:
        sheets = Sheets({}, list(book.sheetnames))
        for name in wanted:
            if name not in book.sheetnames:
                sheets.frames[name] = None
                continue
            try:
                sheets.frames[name] = _frame(book[name], f"sheet {name}")
            except _SheetRefused as refused:
                sheets.frames[name] = None
                sheets.problems.append(refused.problem)
            except Exception as error:  # a damaged sheet: its own problem, the others are read
                sheets.frames[name] = None
                sheets.problems.append(
                    Problem(
                        f"sheet {name}",
                        None,
                        said("read.readable_sheet"),
                        found=said("read.library_says", error=f"{error}"),
                    )
                )
        return sheets
    finally:
        book.close()


def _not_a_workbook(path: Path, error: Exception) -> ScenarioError:
    return ScenarioError(
        [
            Problem(
                path.name,
                None,
                said("read.workbook"),
                found=said("read.unreadable_file", error=f"{type(error).__name__}: {error}"),
            )
        ]
    )


def _check_parts(path: Path) -> None:
    """Refuse a workbook whose parts unpack to more than the limit, before unpacking any."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _not_a_workbook(path, error) from None
    big = [p for p in parts if p.file_size > MAX_WORKBOOK_PART_BYTES and _read_part(p.filename)]
    if big:
        raise ScenarioError(
            [
                Problem(
                    path.name,
                    None,
                    said("read.parts_at_most", limit=f"{MAX_WORKBOOK_PART_BYTES:,}"),
                    found=said(
                        "read.part_unpacks", part=big[0].filename, size=f"{big[0].file_size:,}"
                    ),
                )
            ]
        )


def _read_part(name: str) -> bool:
    """Parts that reading a scenario unpacks: every part but the worksheets, and the worksheets
    (their names are not known before the workbook is opened, so each is limited)."""
    return not name.startswith(("xl/media/", "xl/printerSettings/", "docProps/thumbnail"))


def _frame(sheet: Any, label: str) -> pd.DataFrame:
    """A sheet as a frame of text cells: the first row is the header; blank rows are skipped."""
    rows = _rows(sheet, label)
    header = next(rows, None)
    if header is None:
        return pd.DataFrame()
    names = [_text(v) for v in header]
    while names and not names[-1]:
        names.pop()
    repeated = header_problems(names, label)
    if repeated:
        raise _SheetRefused(repeated[0])
    body: list[list[str]] = []
    width = len(names)
    for values in rows:
        cells = [_text(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        while len(cells) > width and not cells[-1]:
            cells.pop()
        if len(cells) > width:
            names += [f"Unnamed: {i}" for i in range(width, len(cells))]
            width = len(cells)
            for row in body:
                row.extend([""] * (width - len(row)))
        body.append(cells + [""] * (width - len(cells)))
    return pd.DataFrame(body, columns=names, dtype=object) if names else pd.DataFrame()


def _rows(sheet: Any, label: str) -> Iterator[tuple]:
    """The sheet's rows (values), refused past the row or column limit."""
    sheet.reset_dimensions()  # trust the cells, not the size the file claims
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_SHEET_ROWS:
            raise _SheetRefused(
                Problem(
                    label,
                    None,
                    said("read.rows_at_most", limit=f"{MAX_SHEET_ROWS:,}"),
                    found=said("read.more_rows"),
                )
            )
        if len(values) > MAX_SHEET_COLUMNS and any(
            v is not None for v in values[MAX_SHEET_COLUMNS:]
        ):
            raise _SheetRefused(
                Problem(
                    label,
                    None,
                    said("read.columns_at_most", limit=MAX_SHEET_COLUMNS),
                    line=number,
                    found=said("read.cell_in_column", column=f"{len(values):,}"),
                )
            )
        yield values[:MAX_SHEET_COLUMNS]


def _text(value: Any) -> str:
    """A cell as pandas' ``read_excel(dtype=str)`` reads it: whole numbers without ``.0``.

    >>> _text(5.0), _text(0.1), _text(None), _text(True), _text(1e-05)
    ('5', '0.1', '', 'True', '1e-05')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return str(pd.Timestamp(value)) if not isinstance(value, dt.time) else str(value)
    return str(value)

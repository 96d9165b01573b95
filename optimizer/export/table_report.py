"""One declared table for a reviewer (the ranked alternatives, the leave-one-out report): an xlsx
workbook (the table and its notes) or one self-contained HTML page; headers, units and number
formats from the table's declaration in :mod:`optimizer.plan_columns`, in the scenario's
currency."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..files import atomic_target, write_text
from ..words.language import current_language
from .columns import sheet_columns
from .html_blocks import esc, html_page, html_table
from .values import text_not_formulas
from .xlsx import frame_sheet

#: The suffixes a table report is written by.
TABLE_SUFFIXES = (".xlsx", ".html", ".htm")


def table_html(
    table: pd.DataFrame, name: str, title: str, notes: Sequence[str], currency: str
) -> str:
    """The table (declared as ``name`` in :data:`optimizer.plan_columns.TABLE_COLUMNS`) as one
    HTML page, the notes above it, headed in the current language (its ``lang`` tag)."""
    body = [
        f"<h1>{esc(title)}</h1>",
        "<ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>",
        html_table(table, sheet_columns(table, name, currency)),
    ]
    return html_page(title, body, current_language())


def write_table_report(
    table: pd.DataFrame,
    out: str | os.PathLike,
    name: str,
    sheet: str,
    title: str,
    notes: Sequence[str],
    currency: str,
) -> Path:
    """Write the table by the suffix of ``out`` (``.xlsx``: the table on ``sheet`` and a Notes
    sheet; ``.html``), atomically."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise ValueError(f"cannot write {sheet.lower()} to {out.name!r}; expected .xlsx or .html")
    if suffix != ".xlsx":
        return write_text(out, table_html(table, name, title, notes, currency))
    # lazy: openpyxl adds about 0.06 s to every start; only an xlsx table needs it
    from openpyxl import Workbook

    with atomic_target(out) as temporary:
        book = Workbook()
        book.remove(book.active)
        frame_sheet(book, sheet, table.astype(object), sheet_columns(table, name, currency))
        notes_sheet = book.create_sheet("Notes")
        for line in [title, *notes]:
            notes_sheet.append([line])
        notes_sheet.column_dimensions["A"].width = 120
        text_not_formulas(book)
        book.save(temporary)
    return out

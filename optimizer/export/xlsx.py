"""The xlsx export: one styled sheet per plan table (headers in words, number formats, frozen
header row, autofilter) plus the summary and provenance sheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..plan import Plan
from ..plan_columns import KIND_FORMATS
from ..plan_views import Item, currency_of
from ..words import format_value
from .columns import Field, allocation_facilities, sheet_columns, sheet_tables, with_unit_column
from .summary import provenance_items, summary_items
from .values import excel_cell, text_not_formulas

#: Excel number format of each kind.
NUMBER_FORMATS = {kind: number_format.excel for kind, number_format in KIND_FORMATS.items()}


def _style_sheet(
    sheet: Any, kinds: Sequence[str], rows: int, value_kinds: Sequence[str] = ()
) -> None:
    """Bold wrapped header, frozen header row, autofilter, number formats and column widths.

    ``value_kinds`` (one per data row) formats the second column row by row (summary sheets).
    """
    # lazy: openpyxl adds about 0.06 s to every start; only an xlsx export needs it
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(kinds), 1))
    sheet.auto_filter.ref = f"A1:{last}{rows + 1}"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, kind in enumerate(kinds, start=1):
        fmt = NUMBER_FORMATS.get(kind)
        if fmt and rows:
            for (cell,) in sheet.iter_rows(min_row=2, max_row=rows + 1, min_col=i, max_col=i):
                cell.number_format = fmt
    for r, kind in enumerate(value_kinds, start=2):
        if kind in NUMBER_FORMATS:
            sheet.cell(row=r, column=2).number_format = NUMBER_FORMATS[kind]
    for i, column in enumerate(sheet.iter_cols(max_row=min(rows + 1, 300)), start=1):
        header = str(column[0].value or "")
        widest = max([len(format_value(c.value, kinds[i - 1])) for c in column[1:]] or [0])
        width = max(widest, min(len(header), 28), 6) + 2
        sheet.column_dimensions[get_column_letter(i)].width = min(width, 60)


def frame_sheet(book: Any, title: str, frame: pd.DataFrame, columns: Sequence[Field]) -> None:
    """Add a styled sheet holding ``frame``'s ``columns`` under their headers to an openpyxl book."""
    sheet = book.create_sheet(title[:31])
    sheet.append([f.header for f in columns])
    for row in frame[[f.column for f in columns]].itertuples(index=False, name=None):
        sheet.append([excel_cell(v) for v in row])
    _style_sheet(sheet, [f.kind for f in columns], len(frame))


def _table_sheet(book: Any, title: str, frame: pd.DataFrame, table: str, currency: str) -> None:
    frame_sheet(book, title, frame, sheet_columns(frame, table, currency))


def _items_sheet(book: Any, title: str, items: Sequence[Item], with_units: bool) -> None:
    sheet = book.create_sheet(title)
    header = ["Item", "Value", "Unit", "Key"] if with_units else ["Item", "Value"]
    sheet.append(header)
    for item in items:
        row = [item.label, excel_cell(item.value), item.unit, item.key]
        sheet.append(row if with_units else row[:2])
    kinds = ["text"] * len(header)
    _style_sheet(sheet, kinds, len(items), [i.kind for i in items])


def _write_xlsx(plan: Plan, file: Path) -> None:
    # lazy: openpyxl, as above
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    currency = currency_of(plan)
    _items_sheet(book, "Summary", summary_items(plan), with_units=True)
    for title, table in sheet_tables(plan).items():
        _table_sheet(
            book, title, with_unit_column(plan, getattr(plan, table), table), table, currency
        )
    sharing = with_unit_column(plan, allocation_facilities(plan), "allocation_facilities")
    if len(sharing.columns):
        _table_sheet(book, "Cost sharing", sharing, "allocation_facilities", currency)
    _items_sheet(book, "Solver and provenance", provenance_items(plan), with_units=False)
    text_not_formulas(book)
    book.save(file)

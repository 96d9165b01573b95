"""The ranked table of near-optimal alternatives for a reviewer: an xlsx workbook (the table and
its notes) or one self-contained HTML page; headers and units from
:data:`optimizer.plan_columns.ALTERNATIVES`, in the scenario's currency."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..files import atomic_target, write_text
from .columns import sheet_columns
from .html_blocks import esc, html_page, html_table
from .values import text_not_formulas
from .xlsx import frame_sheet


def alternatives_html(table: pd.DataFrame, title: str, notes: Sequence[str], currency: str) -> str:
    """The ranked table as one HTML page, the notes above it."""
    body = [
        f"<h1>{esc(title)}</h1>",
        "<ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>",
        html_table(table, sheet_columns(table, "alternatives", currency)),
    ]
    return html_page(title, body)


def write_alternatives(
    table: pd.DataFrame, out: str | os.PathLike, title: str, notes: Sequence[str], currency: str
) -> Path:
    """Write the ranked table by the suffix of ``out`` (``.xlsx`` or ``.html``), atomically."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix in (".html", ".htm"):
        return write_text(out, alternatives_html(table, title, notes, currency))
    if suffix != ".xlsx":
        raise ValueError(f"cannot write alternatives to {out.name!r}; expected .xlsx or .html")
    # lazy: openpyxl adds about 0.06 s to every start; only an xlsx table needs it
    from openpyxl import Workbook

    with atomic_target(out) as temporary:
        book = Workbook()
        book.remove(book.active)
        columns = sheet_columns(table, "alternatives", currency)
        frame_sheet(book, "Alternatives", table.astype(object), columns)
        sheet = book.create_sheet("Notes")
        for line in [title, *notes]:
            sheet.append([line])
        sheet.column_dimensions["A"].width = 120
        text_not_formulas(book)
        book.save(temporary)
    return out

"""Values for files: a cell as openpyxl takes it (:func:`excel_cell`) and a value as JSON takes it
(:func:`json_value`). How people read a value is :func:`optimizer.words.format_value`.

User text (names, ids, labels) reaches spreadsheets as text, never as a formula (OWASP's "CSV
injection": a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as
a formula by Excel and LibreOffice):

* in an xlsx, :func:`text_not_formulas` gives such a cell the type *string* (openpyxl would
  otherwise store ``=...`` as a formula) and Excel's "quote prefix" style, so that it stays text
  even when someone edits it; the value itself is unchanged and reads back exactly;
* in a CSV there are no cell types, so :func:`csv_text` puts the usual apostrophe in front
  (``'=HYPERLINK(...)``), and before a leading apostrophe too, so that :func:`from_csv_text`
  (used by :func:`optimizer.export.read_csv_tables`) takes exactly one off and gets the text back.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..words import is_missing
from ..words.numbers import FORMULA_STARTS


def csv_text(value: Any) -> Any:
    """A value for a CSV cell: text that a spreadsheet would run as a formula gets a leading
    apostrophe (as does text that starts with one); anything else is returned as it is.

    >>> csv_text("=1+1"), csv_text("-x"), csv_text("'quoted"), csv_text("E1"), csv_text(-1.5)
    ("'=1+1", "'-x", "''quoted", 'E1', -1.5)
    """
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, "'")):
        return "'" + value
    return value


def from_csv_text(text: str) -> str:
    """The text :func:`csv_text` was given.

    >>> from_csv_text("'=1+1"), from_csv_text("''quoted"), from_csv_text("E1")
    ('=1+1', "'quoted", 'E1')
    """
    return text[1:] if text.startswith("'") else text


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are :func:`csv_text` (numbers untouched)."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(csv_text, na_action="ignore")
    return out


def text_not_formulas(book: Any) -> None:
    """Make every text cell of an openpyxl workbook that looks like a formula plain text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def excel_cell(value: Any) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        value = float(value)
        return value if math.isfinite(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def json_value(value: Any) -> Any:
    """Plain JSON values: NaN/NA/inf become null, numpy numbers become Python numbers."""
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return value.to_dict(orient="records")
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    return value

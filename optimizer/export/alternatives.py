"""The ranked table of near-optimal alternatives for a reviewer: an xlsx workbook (the table and
its notes) or one self-contained HTML page (:mod:`optimizer.export.table_report`); headers and
units from :data:`optimizer.plan_columns.ALTERNATIVES`, in the scenario's currency."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .table_report import table_html, write_table_report


def alternatives_html(table: pd.DataFrame, title: str, notes: Sequence[str], currency: str) -> str:
    """The ranked table as one HTML page, the notes above it."""
    return table_html(table, "alternatives", title, notes, currency)


def write_alternatives(
    table: pd.DataFrame, out: str | os.PathLike, title: str, notes: Sequence[str], currency: str
) -> Path:
    """Write the ranked table by the suffix of ``out`` (``.xlsx`` or ``.html``), atomically."""
    return write_table_report(table, out, "alternatives", "Alternatives", title, notes, currency)

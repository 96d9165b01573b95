"""The leave-one-out report for a reviewer (:func:`optimizer.batch.whatif.leave_one_out`): an
xlsx workbook (the table and its notes) or one self-contained HTML page
(:mod:`optimizer.export.table_report`), with the title and notes ``optimizer whatif
--leave-one-out --out`` and the app's downloads share; headers and units from
:data:`optimizer.plan_columns.LEAVE_ONE_OUT`, in the plan's currency."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .table_report import write_table_report


def leave_one_out_title(label: str) -> str:
    """The report's title, of the plan labelled ``label``."""
    return f"Leave-one-out of {label}"


def leave_one_out_notes(currency: str) -> list[str]:
    """The notes above the table: what a row is, the amounts' unit."""
    return [
        "A row per member of a shared facility that leaves and each other member of that "
        "facility: the park's total and what the other member pays, before and after the plan "
        f"is solved again without the leaver; amounts in {currency}/year."
    ]


def write_leave_one_out(
    frame: pd.DataFrame, out: str | os.PathLike, label: str, currency: str
) -> Path:
    """Write the report by the suffix of ``out`` (``.xlsx`` or ``.html``), atomically."""
    return write_table_report(
        frame,
        out,
        "leave_one_out",
        "Leave-one-out",
        leave_one_out_title(label),
        leave_one_out_notes(currency),
        currency,
    )

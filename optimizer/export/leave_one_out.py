"""The leave-one-out report for a reviewer (:func:`optimizer.batch.whatif.leave_one_out`): an
xlsx workbook (the table and its notes) or one self-contained HTML page
(:mod:`optimizer.export.table_report`), with the title and notes ``optimizer whatif
--leave-one-out --out`` and the app's downloads share; headers and units from
:data:`optimizer.plan_columns.LEAVE_ONE_OUT`, in the plan's currency. Its words are in the current
language (the command line's: English; the app's HTML: the app's)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..words.alternatives import place_words
from ..words.catalogue import term, tr
from ..words.language import ENGLISH, current_language
from .table_report import write_table_report


def leave_one_out_title(label: str) -> str:
    """The report's title, of the plan labelled ``label``."""
    return tr("loo.title", label=label)


def leave_one_out_notes(currency: str) -> list[str]:
    """The notes above the table: what a row is, the amounts' unit."""
    return [tr("loo.notes", currency=currency)]


def leave_one_out_words(frame: pd.DataFrame) -> pd.DataFrame:
    """The report's table with its words in the current language: each re-solve's status, and
    where the other member is treated then (alone, or not at all, in words; sites and services
    as the scenario names them). In English the table itself."""
    if current_language() == ENGLISH or frame.empty:
        return frame
    return frame.assign(
        status=[term(str(status)) for status in frame["status"]],
        now_at=[place_words(place) for place in frame["now_at"]],
    )


def write_leave_one_out(
    frame: pd.DataFrame, out: str | os.PathLike, label: str, currency: str
) -> Path:
    """Write the report by the suffix of ``out`` (``.xlsx`` or ``.html``), atomically, in the
    current language."""
    return write_table_report(
        leave_one_out_words(frame),
        out,
        "leave_one_out",
        "Leave-one-out",
        leave_one_out_title(label),
        leave_one_out_notes(currency),
        currency,
    )

"""The summary table: one row per case (its ids, swept values and KPIs), written atomically as
``summary.csv`` and ``summary.xlsx``."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..export.values import csv_frame, text_not_formulas
from ..files import atomic_target, write_text
from ..words import TIME_LIMIT, status_line
from ..words.solving import solve_notes
from .cases import Case

SUMMARY_CSV = "summary.csv"
SUMMARY_XLSX = "summary.xlsx"
#: Summary columns before the swept parameters, and after them.
ID_COLUMNS = ("case", "scenario", "variant")
RESULT_COLUMNS = (
    "status",
    "gap",
    "total_annual_cost",
    "saving",
    "saving_pct",
    "facilities",
    "smes_connected",
    "seconds",
    "message",
)


#: The column of a batch run with ``verify``: the verdict on each case's plan.
VERIFIED = "verified"


def _number(value: Any) -> float:
    return (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else math.nan
    )


def plan_row(
    case: Case, kpis: Mapping[str, Any], solver: Mapping[str, Any], seconds: float
) -> dict:
    """The summary row of a solved case, from a plan's KPIs and solver report (as in plan.json);
    its message says a time limit's gap, a re-solve and why, and a stop at the deadline."""
    status = str(solver.get("status"))
    said = [status_line(solver)] if status == TIME_LIMIT else []
    said += [note.sentence for note in solve_notes(solver)]
    return {
        **_id_cells(case),
        "status": status,
        "gap": _number(solver.get("gap")),
        "total_annual_cost": _number(kpis.get("total_annual_cost")),
        "saving": _number(kpis.get("saving")),
        "saving_pct": _number(kpis.get("saving_pct")),
        "facilities": kpis.get("facilities"),
        "smes_connected": kpis.get("smes_connected"),
        "seconds": float(seconds),
        "message": "; ".join(said),
    }


def failure_row(case: Case, status: str, message: str, seconds: float = 0.0) -> dict:
    """The summary row of a case without a plan (``failed`` or ``infeasible``)."""
    return {**_id_cells(case), "status": status, "seconds": float(seconds), "message": message}


def _id_cells(case: Case) -> dict[str, Any]:
    return {
        "case": case.id,
        "scenario": case.scenario,
        "variant": case.variant_label,
        **dict(case.sweep),
    }


def summary_frame(rows: Sequence[Mapping[str, Any]], parameters: Sequence[str]) -> pd.DataFrame:
    """Summary rows as a table with every column, in order."""
    columns = [*ID_COLUMNS, *parameters, *RESULT_COLUMNS]
    if any(VERIFIED in row for row in rows):  # a batch run with verify
        columns.append(VERIFIED)
    frame = pd.DataFrame(list(rows), columns=columns)
    for column in ("gap", "total_annual_cost", "saving", "saving_pct", "seconds"):
        frame[column] = frame[column].astype("float64")
    for column in ("facilities", "smes_connected"):
        frame[column] = frame[column].astype("Int64")
    frame["message"] = frame["message"].fillna("")
    return frame


def write_summary(
    out: Path, frame: pd.DataFrame, xlsx: bool = True, chart: Path | None = None
) -> None:
    """Rewrite ``summary.csv`` (and ``summary.xlsx``) atomically."""
    write_text(out / SUMMARY_CSV, csv_frame(frame).to_csv(index=False, lineterminator="\n"))
    if xlsx:
        with atomic_target(out / SUMMARY_XLSX) as temporary:
            _write_summary_xlsx(frame, temporary, chart)


_XLSX_FORMATS = {
    "gap": "0.000%",
    "total_annual_cost": "#,##0.00",
    "saving": "#,##0.00",
    "saving_pct": "0.00",
    "seconds": "0.0",
}


def _write_summary_xlsx(frame: pd.DataFrame, file: Path, chart: Path | None) -> None:
    # lazy: openpyxl adds about 0.06 s to every start; only an xlsx summary needs it
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Summary"
    sheet.append([str(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False, name=None):
        sheet.append([_xlsx_cell(v) for v in row])
    for i, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(i)
        width = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
        for cell in sheet[letter][1:]:
            cell.number_format = _XLSX_FORMATS.get(str(column), cell.number_format)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    if chart is not None and chart.is_file():
        book.create_sheet("Sensitivity").add_image(Image(str(chart)), "A1")
    text_not_formulas(book)
    book.save(file)


def _xlsx_cell(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value

"""The CSV export: a folder with one CSV per table, ``summary.csv`` and ``provenance.json`` (which
records each column's type so that :func:`read_csv_tables` reads the tables back exactly).

Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``...) is written with a
leading apostrophe (:func:`optimizer.export.values.csv_text`).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pandas as pd

from ..plan import Plan
from ..words import status_sentence
from .summary import _basis, summary_items
from .values import csv_frame, excel_cell, from_csv_text, json_value

#: The plan's own tables, in the order they are exported.
PLAN_TABLES = ("facilities", "assignments", "statement", "flows", "pollutants")


def _csv_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    tables = {name: getattr(plan, name) for name in PLAN_TABLES}
    if len(plan.financing):  # green loans: how each new facility's capex is financed
        tables["financing"] = plan.financing
    for key, value in plan.allocation.items():
        if isinstance(value, pd.DataFrame):
            tables[f"allocation_{key}"] = value
    return tables


def _write_csv_folder(plan: Plan, folder: Path) -> None:
    tables = _csv_tables(plan)
    for name, frame in tables.items():
        csv_frame(frame).to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    summary = pd.DataFrame(
        [(i.key, i.label, excel_cell(i.value), i.unit) for i in summary_items(plan)],
        columns=["key", "label", "value", "unit"],
    )
    csv_frame(summary).to_csv(folder / "summary.csv", index=False, lineterminator="\n")
    meta = {
        "provenance": plan.provenance,
        "solver": plan.solver,
        "solver_status": status_sentence(plan.solver),
        "allocation": {k: v for k, v in plan.allocation.items() if not isinstance(v, pd.DataFrame)},
        "sme_costs_basis": _basis(plan),
        "tables": {
            name: {str(c): str(t) for c, t in frame.dtypes.items()}
            for name, frame in tables.items()
        },
    }
    text = json.dumps(json_value(meta), indent=1, ensure_ascii=False, allow_nan=False)
    (folder / "provenance.json").write_text(text, encoding="utf-8")


def read_csv_tables(folder: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read the tables of a CSV export back with the column types recorded in ``provenance.json``.

    Numbers read back exactly (the CSV holds every digit). An empty text cell reads as ``""``;
    text written with a leading apostrophe (so that a spreadsheet never runs it as a formula,
    see :func:`optimizer.export.values.csv_text`) reads back without it.
    """
    folder = Path(folder)
    meta = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    out = {}
    for name, dtypes in meta["tables"].items():
        if not dtypes:
            out[name] = pd.DataFrame()
            continue
        raw = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        out[name] = pd.DataFrame(
            {column: _typed(raw[column], dtype) for column, dtype in dtypes.items()}
        )
    return out


def _typed(text: pd.Series, dtype: str) -> pd.Series:
    """A CSV column (as text) converted to its recorded dtype, floats parsed exactly."""
    if dtype in ("str", "string", "object"):
        return text.map(from_csv_text).astype(dtype)
    if dtype.lower().startswith("float"):
        values: list[Any] = [float(v) if v != "" else math.nan for v in text]
    elif dtype.lower().startswith("bool"):
        values = [{"True": True, "False": False}.get(v) for v in text]
    elif dtype.lower().startswith(("int", "uint")):
        values = [int(v) if v != "" else None for v in text]
    else:
        values = list(text)
    return pd.Series(values, index=text.index, dtype="object").astype(dtype)

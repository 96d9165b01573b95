"""Plan-table columns as the xlsx and HTML exports show them, and the plan table of each sheet.

:func:`sheet_columns` resolves the declarations of :mod:`optimizer.plan_columns` for a frame (the
xlsx and HTML exports show the same headers); :func:`sheet_tables` says which plan table each xlsx
sheet holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..plan import Plan
from ..plan_columns import columns_of
from ..plan_views import sme_table
from ..words.catalogue import localized


@dataclass(frozen=True)
class Field:
    """How a column is shown in an export: its header in plain words (``{currency}`` is the
    currency) and its number kind (see :mod:`optimizer.plan_columns`)."""

    column: str
    header: str
    kind: str = "text"

    def label(self, currency: str) -> str:
        return self.header.replace("{currency}", currency)


def _guess_kind(column: str, dtype: Any) -> str:
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if not pd.api.types.is_numeric_dtype(dtype):
        return "text"
    if column.endswith(("_cny", "_cost", "_cny_per_year")) or column in ("subsidy", "min_subsidy"):
        return "money"
    if column.endswith("_km"):
        return "km"
    return "number"


def sheet_columns(frame: pd.DataFrame, table: str, currency: str = "CNY") -> list[Field]:
    """The columns of a plan table as shown in the xlsx and HTML exports, headers resolved (in
    the current language, :mod:`optimizer.words.language`).

    Declared columns come first in their declared order, then any other column of the frame under
    its own name. ``{f.label(cur): f.column for f in ...}`` maps a sheet's headers back.

    >>> frame = pd.DataFrame({"pollutant": ["COD"], "discharge_t_per_year": [1.5], "note": ["x"]})
    >>> [f.label("CNY") for f in sheet_columns(frame, "pollutants")]
    ['Pollutant', 'Discharge (t/year)', 'note']
    """
    declared = {c.name: c for c in columns_of(table)}
    out = [
        Field(c.name, localized(c).header(currency), c.kind)
        for c in declared.values()
        if c.name in frame.columns
    ]
    out += [
        Field(str(c), str(c), _guess_kind(str(c), frame[c].dtype))
        for c in frame.columns
        if c not in declared
    ]
    return out


def sheet_tables(plan: Plan) -> dict[str, str]:
    """Sheet name -> plan table of the xlsx export (the ``SME statement`` sheet falls back to the
    assignments when no allocation was run)."""
    sheets = {"Facilities": "facilities", "SME statement": sme_table(plan)}
    if sme_table(plan) == "statement":
        sheets["Assignments"] = "assignments"
    sheets.update({"Flows": "flows", "Pollutants": "pollutants"})
    if len(plan.financing):
        sheets["Financing"] = "financing"
    return sheets


def allocation_facilities(plan: Plan) -> pd.DataFrame:
    """The allocation's per-facility table (min subsidy, core), or an empty frame."""
    frame = plan.allocation.get("facilities")
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame()

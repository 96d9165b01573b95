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
from ..plan_columns import UNIT, columns_of, per_service_unit, with_service_units
from ..plan_geometry import service_units
from ..plan_views import sme_table
from ..words.catalogue import localized, term, tr


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
    its own name. ``{f.label(cur): f.column for f in ...}`` maps a sheet's headers back. A frame
    with the unit column (:func:`with_unit_column`) has it after ``service``, and its quantities per
    day are headed "per day", in that unit.

    >>> frame = pd.DataFrame({"pollutant": ["COD"], "discharge_t_per_year": [1.5], "note": ["x"]})
    >>> [f.label("CNY") for f in sheet_columns(frame, "pollutants")]
    ['Pollutant', 'Discharge (t/year)', 'note']
    >>> frame = pd.DataFrame({"service": ["sewage"], "unit": ["m3/day"], "load_per_day": [40.0]})
    >>> [f.label("CNY") for f in sheet_columns(frame, "facilities")]
    ['Service', 'Unit', 'Load (per day)']
    """
    declared = {c.name: c for c in columns_of(table)}
    units = UNIT.name in frame.columns
    out = []
    for c in declared.values():
        if c.name not in frame.columns:
            continue
        words = localized(c)
        header = words.header(currency)
        if units and per_service_unit(c):
            header = tr("views.per_day", title=words.title) + (f" ({words.note})" if c.note else "")
        out.append(Field(c.name, header, c.kind))
        if units and c.name == "service":
            out.append(Field(UNIT.name, term(UNIT.title)))
    out += [
        Field(str(c), str(c), _guess_kind(str(c), frame[c].dtype))
        for c in frame.columns
        if c not in declared and not (units and c == UNIT.name)
    ]
    return out


def with_unit_column(plan: Plan, frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """A plan table as the exports show it: with the unit of each row's service per day after
    ``service`` (``m3/day``, ``t/day``) when it has quantities per day in that unit (capacity,
    load, demand), which no header can give for a table mixing services."""
    quantities = [c for c in columns_of(table) if per_service_unit(c) and c.name in frame.columns]
    if not quantities or "service" not in frame.columns or UNIT.name in frame.columns:
        return frame
    return with_service_units(frame, service_units(plan))


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

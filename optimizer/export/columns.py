"""Column declarations of the plan tables: one header (with unit) and one number kind per column.

:func:`sheet_columns` resolves them for a frame (the xlsx and HTML exports show the same headers);
:func:`sheet_tables` says which plan table each xlsx sheet holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..plan import Plan


@dataclass(frozen=True)
class Field:
    """How a plan column is shown: header in plain words (``{cur}`` is the currency) and its kind.

    Kinds: ``text``, ``bool``, ``money`` (thousands separators, no decimals), ``km`` (2 decimals),
    ``qty`` (1 decimal), ``tonnes`` (3 decimals), ``fraction`` (0.25 shown as 25.0%), ``points``
    (25.0 shown as 25.0%), ``int``, ``deg`` (coordinates), ``number`` (anything else).
    """

    column: str
    header: str
    kind: str = "text"

    def label(self, currency: str) -> str:
        return self.header.replace("{cur}", currency)


def _fields(*rows: tuple[str, str, str]) -> tuple[Field, ...]:
    return tuple(Field(*row) for row in rows)


_LONLAT = (("lon", "Longitude (°)", "deg"), ("lat", "Latitude (°)", "deg"))

FIELDS: dict[str, tuple[Field, ...]] = {
    "facilities": _fields(
        ("site", "Site", "text"),
        ("site_name", "Site name", "text"),
        ("service", "Service", "text"),
        ("tier", "Tier", "text"),
        ("existing", "Existing facility", "bool"),
        ("capacity_per_day", "Capacity (service unit/day)", "qty"),
        ("load_per_day", "Load (service unit/day)", "qty"),
        ("utilisation", "Utilisation (%)", "fraction"),
        ("members", "Members (SMEs)", "int"),
        ("capex_cny", "Capex ({cur})", "money"),
        ("annual_capex", "Capex annuity ({cur}/year)", "money"),
        ("fixed_om", "Fixed O&M ({cur}/year)", "money"),
        ("variable_cost", "Variable treatment cost ({cur}/year)", "money"),
        ("subsidy", "Subsidy ({cur}/year)", "money"),
        ("annual_cost", "Annual cost after subsidy ({cur}/year)", "money"),
        *_LONLAT,
    ),
    "assignments": _fields(
        ("enterprise", "Enterprise", "text"),
        ("enterprise_name", "Enterprise name", "text"),
        ("service", "Service", "text"),
        ("site", "Treated at (site, self or unserved)", "text"),
        ("share", "Share of the demand (%)", "fraction"),
        ("distance_km", "Network distance (km)", "km"),
        ("demand_per_day", "Demand (service unit/day)", "qty"),
        ("transport_cost", "Transport ({cur}/year)", "money"),
        ("connection_cost", "Connection ({cur}/year)", "money"),
        ("self_cost", "Self-treatment ({cur}/year)", "money"),
        ("annual_cost", "Own costs, excl. facility share ({cur}/year)", "money"),
        ("standalone_cost", "Cost alone ({cur}/year)", "money"),
        ("unmet_share", "Unmet share (%)", "fraction"),
        *_LONLAT,
    ),
    "statement": _fields(
        ("enterprise", "Enterprise", "text"),
        ("enterprise_name", "Enterprise name", "text"),
        ("service", "Service", "text"),
        ("facility", "Treated at (site or self)", "text"),
        ("tier", "Tier", "text"),
        ("distance_km", "Network distance (km)", "km"),
        ("transport_cny_per_year", "Transport ({cur}/year)", "money"),
        ("connection_cny_per_year", "Connection ({cur}/year)", "money"),
        ("share_cny_per_year", "Share of facility cost ({cur}/year)", "money"),
        ("total_cny_per_year", "Total ({cur}/year)", "money"),
        ("standalone_cny_per_year", "Cost alone ({cur}/year)", "money"),
        ("saving_cny_per_year", "Saving ({cur}/year)", "money"),
        ("saving_pct", "Saving (%)", "points"),
        ("would_leave", "Would leave (pays more than alone, or a group does better alone)", "bool"),
    ),
    "flows": _fields(
        ("site", "From site", "text"),
        ("service", "From service", "text"),
        ("output", "Stream", "text"),
        ("to_site", "To site (or sink)", "text"),
        ("to_service", "To service (or sink)", "text"),
        ("flow_per_day", "Flow (stream unit/day)", "qty"),
        ("distance_km", "Network distance (km)", "km"),
        ("annual_cost", "Annual cost ({cur}/year)", "money"),
    ),
    "allocation_facilities": _fields(
        ("site", "Site", "text"),
        ("service", "Service", "text"),
        ("tier", "Tier", "text"),
        ("members", "Members (SMEs)", "int"),
        ("upstream", "Upstream facilities sending to it", "int"),
        ("load_per_day", "Load (service unit/day)", "qty"),
        ("facility_cost", "Facility cost ({cur}/year)", "money"),
        ("onward_cost", "Onward streams ({cur}/year)", "money"),
        ("annual_cost", "Cost shared out ({cur}/year)", "money"),
        ("cheapest_tier_cost", "Cost with the cheapest fitting tier ({cur}/year)", "money"),
        ("rule", "Allocation rule", "text"),
        ("ir_violations", "Members paying more than alone", "int"),
        ("core_checked", "Core checked", "bool"),
        ("core_empty", "Core empty (no stable split)", "bool"),
        ("min_subsidy", "Smallest subsidy keeping all in ({cur}/year)", "money"),
        ("blocking_coalition", "Group that would do better alone", "text"),
        ("shapley_max_std_error", "Shapley sampling std. error ({cur}/year)", "money"),
    ),
    "pollutants": _fields(
        ("pollutant", "Pollutant", "text"),
        ("discharge_t_per_year", "Discharge (t/year)", "tonnes"),
        ("cap_t_per_year", "Cap (t/year)", "tonnes"),
        ("headroom_t_per_year", "Headroom under the cap (t/year)", "tonnes"),
    ),
}


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
    """The columns of a plan table as shown in the xlsx and HTML exports, headers resolved.

    Declared columns come first in their declared order, then any other column of the frame under
    its own name. ``{f.label(cur): f.column for f in ...}`` maps a sheet's headers back.

    >>> frame = pd.DataFrame({"pollutant": ["COD"], "discharge_t_per_year": [1.5], "note": ["x"]})
    >>> [f.label("CNY") for f in sheet_columns(frame, "pollutants")]
    ['Pollutant', 'Discharge (t/year)', 'note']
    """
    declared = {f.column: f for f in FIELDS.get(table, ())}
    out = [
        Field(f.column, f.label(currency), f.kind)
        for f in declared.values()
        if f.column in frame.columns
    ]
    out += [
        Field(str(c), str(c), _guess_kind(str(c), frame[c].dtype))
        for c in frame.columns
        if c not in declared
    ]
    return out


def sme_table(plan: Plan) -> str:
    """Which plan table holds what each SME pays: ``statement``, or ``assignments`` without one."""
    return "statement" if len(plan.statement.columns) else "assignments"


def sheet_tables(plan: Plan) -> dict[str, str]:
    """Sheet name -> plan table of the xlsx export (the ``SME statement`` sheet falls back to the
    assignments when no allocation was run)."""
    sheets = {"Facilities": "facilities", "SME statement": sme_table(plan)}
    if sme_table(plan) == "statement":
        sheets["Assignments"] = "assignments"
    sheets.update({"Flows": "flows", "Pollutants": "pollutants"})
    return sheets


def allocation_facilities(plan: Plan) -> pd.DataFrame:
    """The allocation's per-facility table (min subsidy, core), or an empty frame."""
    frame = plan.allocation.get("facilities")
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame()

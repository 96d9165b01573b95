"""Plan exports for reviewers: JSON, xlsx, CSV, GeoJSON and a self-contained HTML report.

* ``json``: :meth:`Plan.to_json`, the canonical form, loadable again with :func:`read_plan`.
* ``xlsx``: a workbook for people (sheets ``Summary``, ``Facilities``, ``SME statement``, ``Flows``,
  ``Pollutants``, ``Solver and provenance``, plus ``Assignments`` when a statement exists); headers in
  plain words with units, number formats, frozen header row and autofilter. :func:`sheet_columns`
  maps each header back to the plan's column, so a sheet reads back to the plan's table.
* ``csv``: a folder with one CSV per table (machine column names), ``summary.csv`` (KPIs) and
  ``provenance.json`` (provenance, solver report, column types: :func:`read_csv_tables`).
* ``geojson``: RFC 7946 (WGS84, ``[lon, lat]``): open facilities, unused candidate sites,
  enterprises and a straight line from each connected enterprise to its site; every feature has a
  ``kind`` property.
* ``html``: one file with inline CSS and inline SVG figures, no scripts and no links: it opens offline.

Every export is written to a temporary file (or folder) beside the target, which then replaces it,
so a failed export leaves what was there intact. ``docs/exports.md`` describes each format.
"""

from __future__ import annotations

import html
import json
import math
import numbers
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .files import atomic_target
from .plan import SELF, UNSERVED, Plan

FORMATS = ("json", "xlsx", "csv", "geojson", "html")

#: File suffix of each format; ``csv`` is a folder.
SUFFIXES = {"json": ".json", "xlsx": ".xlsx", "csv": "-csv", "geojson": ".geojson", "html": ".html"}

#: The plan's own tables, in the order they are exported.
PLAN_TABLES = ("facilities", "assignments", "statement", "flows", "pollutants")

NO_STATEMENT_NOTE = (
    "No cost allocation was run for this plan: the per-SME costs are transport, connection and "
    "self-treatment only; they exclude each SME's share of the shared facilities' cost."
)


class PlanFileError(ValueError):
    """A file that should hold a plan cannot be read as one (the message names the file)."""


# ---------------------------------------------------------------------------------------------
# Column declarations: one header (with unit) and one number kind per plan column
# ---------------------------------------------------------------------------------------------


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

#: Excel number format of each kind.
NUMBER_FORMATS = {
    "money": "#,##0",
    "km": "0.00",
    "qty": "#,##0.0",
    "tonnes": "#,##0.000",
    "fraction": "0.0%",
    "points": '0.0"%"',
    "int": "#,##0",
    "deg": "0.000000",
    "number": "#,##0.00##",
}

_PYTHON_FORMATS = {
    "money": "{:,.0f}",
    "km": "{:,.2f}",
    "qty": "{:,.1f}",
    "tonnes": "{:,.3f}",
    "fraction": "{:.1%}",
    "points": "{:.1f}%",
    "int": "{:,.0f}",
    "deg": "{:.5f}",
    "number": "{:,.6g}",
    "text": "{:,.6g}",
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


# ---------------------------------------------------------------------------------------------
# Values for people
# ---------------------------------------------------------------------------------------------


def is_missing(value: Any) -> bool:
    """None, pandas NA or a float NaN.

    >>> is_missing(float("nan")), is_missing(pd.NA), is_missing(0.0)
    (True, True, False)
    """
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def format_value(value: Any, kind: str = "text") -> str:
    """A cell as a reviewer reads it.

    >>> (
    ...     format_value(506679.75, "money"),
    ...     format_value(0.5, "fraction"),
    ...     format_value(30.77, "points"),
    ... )
    ('506,680', '50.0%', '30.8%')
    >>> format_value(-0.2, "money"), format_value(True), format_value(None, "km")
    ('0', 'yes', '')
    >>> format_value(2024), format_value(1500000.0), format_value(0.1 + 0.2)
    ('2024', '1500000', '0.30000000000000004')
    """
    if is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, str) or not isinstance(value, numbers.Real):
        return str(value)
    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    if kind == "text":  # exact: inputs and provenance are shown as they are
        return str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
    text = _PYTHON_FORMATS.get(kind, "{:,.6g}").format(number)
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]
    return text


def currency_of(plan: Plan) -> str:
    return str(plan.provenance.get("currency") or "CNY")


def _number(value: Any) -> float | None:
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or is_missing(value):
        return None
    return float(value)


def solver_status(solver: Mapping[str, Any]) -> str:
    """The solver's outcome in words, with the computed gap.

    >>> solver_status({"status": "optimal", "gap": 0.0})
    'optimal (proven)'
    >>> solver_status({"status": "time limit", "gap": 0.031})
    'stopped at the time limit; the plan is within 3.100% of the best bound'
    """
    status = str(solver.get("status", "unknown"))
    gap = _number(solver.get("gap"))
    if status == "optimal":
        return "optimal (proven)" if solver.get("is_mip", True) else "optimal (linear programme)"
    if status == "optimal within gap" and gap is not None:
        return f"optimal within the gap limit: at most {gap:.3%} above the best bound"
    if status == "time limit":
        if gap is None or math.isinf(gap):
            return "stopped at the time limit; no bound on how far the plan is from the best"
        return f"stopped at the time limit; the plan is within {gap:.3%} of the best bound"
    return status


# ---------------------------------------------------------------------------------------------
# KPIs with labels and units
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One line of a summary: machine key, words, value, unit and number kind."""

    key: str
    label: str
    value: Any
    unit: str = ""
    kind: str = "text"


_MONEY_Y = "{cur}/year"
_KPI_LABELS: dict[str, tuple[str, str, str]] = {
    "total_annual_cost": ("Total annual cost", _MONEY_Y, "money"),
    "all_self_cost": ("Cost if every SME treats alone", _MONEY_Y, "money"),
    "saving": ("Saving against everyone alone", _MONEY_Y, "money"),
    "saving_pct": ("Saving against everyone alone (%)", "%", "points"),
    "cost_breakdown.capex_annuity": ("Cost: capex annuities of facilities", _MONEY_Y, "money"),
    "cost_breakdown.fixed_om": ("Cost: fixed O&M of facilities", _MONEY_Y, "money"),
    "cost_breakdown.variable_treatment": ("Cost: variable treatment", _MONEY_Y, "money"),
    "cost_breakdown.transport": ("Cost: transport to facilities", _MONEY_Y, "money"),
    "cost_breakdown.connection": ("Cost: connections (annuity)", _MONEY_Y, "money"),
    "cost_breakdown.self_treatment": ("Cost: SMEs treating alone", _MONEY_Y, "money"),
    "cost_breakdown.onward_streams": ("Cost: onward streams (effluent, sludge)", _MONEY_Y, "money"),
    "cost_breakdown.subsidy": ("Cost: subsidy (negative)", _MONEY_Y, "money"),
    "facilities": ("Facilities open", "", "int"),
    "facilities_new": ("New facilities", "", "int"),
    "capex_new_cny": ("Capex of new facilities", "{cur}", "money"),
    "subsidy_total": ("Subsidy paid", _MONEY_Y, "money"),
    "smes": ("SMEs", "", "int"),
    "smes_connected": ("SMEs connected to a shared facility", "", "int"),
    "demands": ("Demands (enterprise and service)", "", "int"),
    "demands_shared": ("Demands treated in shared facilities", "", "int"),
    "demands_self": ("Demands treated alone", "", "int"),
    "demands_unserved": ("Demands not met", "", "int"),
    "min_subsidy_to_keep_all": ("Smallest subsidy keeping every member in", _MONEY_Y, "money"),
    "smes_would_leave": (
        "SMEs who would leave (pay more than alone, or a group does better alone)",
        "",
        "int",
    ),
    "allocation_rule": ("Cost allocation rule", "", "text"),
}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts (and lists) to dotted keys.

    >>> flatten({"a": {"b": 1, "c": [2, {"d": 3}]}})
    {'a.b': 1, 'a.c[0]': 2, 'a.c[1].d': 3}
    """
    out: dict[str, Any] = {}
    if isinstance(value, Mapping) and value:
        for key, inner in value.items():
            out.update(flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(value, list | tuple) and value:
        for i, inner in enumerate(value):
            out.update(flatten(inner, f"{prefix}[{i}]"))
    else:
        out[prefix] = value
    return out


def kpi_item(key: str, value: Any, currency: str = "CNY") -> Item:
    """A KPI (dotted key) with its words, unit and kind.

    >>> kpi_item("facilities_by_service.sewage", 2).label
    'Facilities: sewage'
    """
    if key in _KPI_LABELS:
        label, unit, kind = _KPI_LABELS[key]
    elif key.startswith("facilities_by_service."):
        label, unit, kind = f"Facilities: {key.split('.', 1)[1]}", "", "int"
    elif key.startswith("cost_breakdown."):
        label, unit, kind = f"Cost: {key.split('.', 1)[1]}", _MONEY_Y, "money"
    else:
        is_number = isinstance(value, numbers.Real) and not isinstance(value, bool)
        label, unit, kind = key, "", "number" if is_number else "text"
    return Item(key, label, value, unit.replace("{cur}", currency), kind)


def kpi_items(kpis: Mapping[str, Any], currency: str = "CNY") -> list[Item]:
    """The plan's KPIs, flattened, in a fixed reading order (declared first, then the rest)."""
    flat = {
        k: v
        for k, v in flatten(kpis).items()
        if not (isinstance(v, Mapping | list | tuple) and not v)
    }
    order = {key: i for i, key in enumerate(_KPI_LABELS)}
    keys = sorted(flat, key=lambda k: (order.get(k, len(order)), k))
    return [kpi_item(k, flat[k], currency) for k in keys]


def summary_items(plan: Plan) -> list[Item]:
    """What the ``Summary`` sheet and ``summary.csv`` hold: identity, solver status, KPIs."""
    cur = currency_of(plan)
    prov, solver = plan.provenance, plan.solver
    items = [
        Item("scenario", "Scenario", prov.get("scenario")),
        Item("variant", "Variant", prov.get("variant")),
        Item("label", "Plan", plan.label),
        Item("currency", "Currency", cur),
        Item("cost_year", "Cost year (price level)", prov.get("cost_year")),
        Item("solver.status_words", "Solver status", solver_status(solver)),
        Item(
            "solver.gap",
            "Relative gap to the best bound",
            _number(solver.get("gap")),
            "",
            "fraction",
        ),
        Item("solver.seconds", "Solve time", _number(solver.get("seconds")), "s", "number"),
        *kpi_items(plan.kpis, cur),
        Item("sme_costs_basis", "Per-SME costs", _basis(plan)),
    ]
    for service, settings in plan.inputs.get("settings", {}).get("services", {}).items():
        items.append(Item(f"services.{service}.unit", f"Unit of {service}", settings.get("unit")))
    return items


def _basis(plan: Plan) -> str:
    if sme_table(plan) == "statement":
        rule = plan.allocation.get("rule") or plan.kpis.get("allocation_rule") or "allocation"
        return f"SME statement with facility shares (rule: {rule})"
    return NO_STATEMENT_NOTE


def provenance_items(plan: Plan) -> list[Item]:
    """Solver report, provenance and allocation settings as flat ``key: value`` items."""
    items = [Item("solver.status_words", "solver status", solver_status(plan.solver))]
    groups = {"solver": plan.solver, "provenance": plan.provenance}
    groups["allocation"] = {
        k: v for k, v in plan.allocation.items() if not isinstance(v, pd.DataFrame | Mapping)
    }
    for name, group in groups.items():
        for key, value in flatten(group, name).items():
            if isinstance(value, Mapping | list | tuple):  # empty containers
                value = json.dumps(value)
            items.append(Item(key, key, value))
    return items


def write_text(target: Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    with atomic_target(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return Path(target)


# ---------------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------------


def default_name(plan: Plan, fmt: str) -> str:
    """File (or folder) name of a format for a plan: its label made safe for file systems.

    >>> from optimizer.plan import Plan
    >>> p = Plan(
    ...     *(pd.DataFrame(),) * 4, kpis={}, solver={}, provenance={"label": "park[subsidy-40]"}
    ... )
    >>> default_name(p, "xlsx"), default_name(p, "csv")
    ('park_subsidy-40.xlsx', 'park_subsidy-40-csv')
    """
    stem = re.sub(r"[^\w.-]+", "_", plan.label).strip("_.") or "plan"
    return stem + SUFFIXES[fmt]


def _check_format(fmt: str) -> str:
    fmt = str(fmt).lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return fmt


def export_plan(plan: Plan, fmt: str, out: str | os.PathLike) -> Path:
    """Write a plan in one format; return the path written.

    Parameters
    ----------
    plan
        The plan.
    fmt
        One of :data:`FORMATS`.
    out
        The file to write (a folder for ``csv``). An existing folder gets a file (or, for
        ``csv``, a folder) named after the plan's label inside it; only an earlier CSV export
        (a folder with ``provenance.json``) is replaced.

    The write is atomic: a failure leaves any existing file at ``out`` as it was.
    """
    fmt = _check_format(fmt)
    target = Path(out)
    earlier_csv = fmt == "csv" and (target / "provenance.json").is_file()
    if target.is_dir() and not earlier_csv:  # a folder to write into, never to replace
        target = target / default_name(plan, fmt)
    if fmt == "csv" and target.is_file():
        raise ValueError(f"{target.name} is a file; a CSV export is a folder, choose another name")
    writers: dict[str, Callable[[Plan, Path], None]] = {
        "json": lambda p, f: f.write_text(p.to_json(), encoding="utf-8"),
        "xlsx": _write_xlsx,
        "csv": _write_csv_folder,
        "geojson": lambda p, f: f.write_text(geojson_text(p), encoding="utf-8"),
        "html": lambda p, f: f.write_text(plan_html(p), encoding="utf-8"),
    }
    with atomic_target(target, folder=fmt == "csv") as temporary:
        writers[fmt](plan, temporary)
    return target


def export_all(
    plan: Plan, out_dir: str | os.PathLike, formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Write a plan in several formats into a folder, named after the plan's label."""
    checked = [_check_format(f) for f in formats]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [export_plan(plan, f, out_dir / default_name(plan, f)) for f in checked]


def read_plan(path: str | os.PathLike) -> Plan:
    """Read a plan JSON written by :func:`export_plan` (or :meth:`Plan.to_json`).

    Raises
    ------
    PlanFileError
        The file cannot be read, is not JSON, or is not a plan (the message names the file).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PlanFileError(f"{path.name}: cannot be read as a plan JSON ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanFileError(
            f"{path.name} line {error.lineno}: not valid JSON ({error.msg}); expected a plan "
            "written by 'optimizer export' or 'optimizer solve'"
        ) from None
    if not isinstance(data, dict):
        raise PlanFileError(f"{path.name}: found a JSON {type(data).__name__}, expected a plan")
    try:
        return Plan.from_dict(data)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise PlanFileError(f"{path.name}: not a readable plan ({error})") from None


# ---------------------------------------------------------------------------------------------
# xlsx
# ---------------------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
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


def _style_sheet(
    sheet: Any, kinds: Sequence[str], rows: int, value_kinds: Sequence[str] = ()
) -> None:
    """Bold wrapped header, frozen header row, autofilter, number formats and column widths.

    ``value_kinds`` (one per data row) formats the second column row by row (summary sheets).
    """
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(kinds), 1))
    sheet.auto_filter.ref = f"A1:{last}{rows + 1}"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, kind in enumerate(kinds, start=1):
        fmt = NUMBER_FORMATS.get(kind)
        if fmt and rows:
            for (cell,) in sheet.iter_rows(min_row=2, max_row=rows + 1, min_col=i, max_col=i):
                cell.number_format = fmt
    for r, kind in enumerate(value_kinds, start=2):
        if kind in NUMBER_FORMATS:
            sheet.cell(row=r, column=2).number_format = NUMBER_FORMATS[kind]
    for i, column in enumerate(sheet.iter_cols(max_row=min(rows + 1, 300)), start=1):
        header = str(column[0].value or "")
        widest = max([len(format_value(c.value, kinds[i - 1])) for c in column[1:]] or [0])
        width = max(widest, min(len(header), 28), 6) + 2
        sheet.column_dimensions[get_column_letter(i)].width = min(width, 60)


def frame_sheet(book: Any, title: str, frame: pd.DataFrame, columns: Sequence[Field]) -> None:
    """Add a styled sheet holding ``frame``'s ``columns`` under their headers to an openpyxl book."""
    sheet = book.create_sheet(title[:31])
    sheet.append([f.header for f in columns])
    for row in frame[[f.column for f in columns]].itertuples(index=False, name=None):
        sheet.append([_cell(v) for v in row])
    _style_sheet(sheet, [f.kind for f in columns], len(frame))


def _table_sheet(book: Any, title: str, frame: pd.DataFrame, table: str, currency: str) -> None:
    frame_sheet(book, title, frame, sheet_columns(frame, table, currency))


def _items_sheet(book: Any, title: str, items: Sequence[Item], with_units: bool) -> None:
    sheet = book.create_sheet(title)
    header = ["Item", "Value", "Unit", "Key"] if with_units else ["Item", "Value"]
    sheet.append(header)
    for item in items:
        row = [item.label, _cell(item.value), item.unit, item.key]
        sheet.append(row if with_units else row[:2])
    kinds = ["text"] * len(header)
    _style_sheet(sheet, kinds, len(items), [i.kind for i in items])


def _write_xlsx(plan: Plan, file: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    currency = currency_of(plan)
    _items_sheet(book, "Summary", summary_items(plan), with_units=True)
    for title, table in sheet_tables(plan).items():
        _table_sheet(book, title, getattr(plan, table), table, currency)
    sharing = allocation_facilities(plan)
    if len(sharing.columns):
        _table_sheet(book, "Cost sharing", sharing, "allocation_facilities", currency)
    _items_sheet(book, "Solver and provenance", provenance_items(plan), with_units=False)
    book.save(file)


# ---------------------------------------------------------------------------------------------
# CSV folder
# ---------------------------------------------------------------------------------------------


def _csv_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    tables = {name: getattr(plan, name) for name in PLAN_TABLES}
    for key, value in plan.allocation.items():
        if isinstance(value, pd.DataFrame):
            tables[f"allocation_{key}"] = value
    return tables


def _write_csv_folder(plan: Plan, folder: Path) -> None:
    tables = _csv_tables(plan)
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    summary = pd.DataFrame(
        [(i.key, i.label, _cell(i.value), i.unit) for i in summary_items(plan)],
        columns=["key", "label", "value", "unit"],
    )
    summary.to_csv(folder / "summary.csv", index=False, lineterminator="\n")
    meta = {
        "provenance": plan.provenance,
        "solver": plan.solver,
        "solver_status": solver_status(plan.solver),
        "allocation": {k: v for k, v in plan.allocation.items() if not isinstance(v, pd.DataFrame)},
        "sme_costs_basis": _basis(plan),
        "tables": {
            name: {str(c): str(t) for c, t in frame.dtypes.items()}
            for name, frame in tables.items()
        },
    }
    text = json.dumps(_jsonable(meta), indent=1, ensure_ascii=False, allow_nan=False)
    (folder / "provenance.json").write_text(text, encoding="utf-8")


def read_csv_tables(folder: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read the tables of a CSV export back with the column types recorded in ``provenance.json``.

    Numbers read back exactly (the CSV holds every digit). An empty text cell reads as ``""``.
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
        return text.astype(dtype)
    if dtype.lower().startswith("float"):
        values: list[Any] = [float(v) if v != "" else math.nan for v in text]
    elif dtype.lower().startswith("bool"):
        values = [{"True": True, "False": False}.get(v) for v in text]
    elif dtype.lower().startswith(("int", "uint")):
        values = [int(v) if v != "" else None for v in text]
    else:
        values = list(text)
    return pd.Series(values, index=text.index, dtype="object").astype(dtype)


# ---------------------------------------------------------------------------------------------
# GeoJSON
# ---------------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """Plain JSON values: NaN/NA/inf become null, numpy numbers become Python numbers."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
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


def _point(lon: Any, lat: Any) -> dict[str, Any] | None:
    if is_missing(lon) or is_missing(lat):
        return None
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def _feature(kind: str, ident: str, geometry: dict | None, **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": f"{kind}/{ident}",
        "geometry": geometry,
        "properties": _jsonable({"kind": kind, **properties}),
    }


def _members(plan: Plan) -> dict[tuple[str, str], str]:
    shared = plan.assignments[~plan.assignments["site"].isin([SELF, UNSERVED])]
    return {
        (str(site), str(service)): ";".join(sorted(group["enterprise"].astype(str).unique()))
        for (site, service), group in shared.groupby(["site", "service"])
    }


def _facility_features(plan: Plan) -> list[dict[str, Any]]:
    members = _members(plan) if len(plan.assignments) else {}
    out = []
    for row in plan.facilities.to_dict(orient="records"):
        key = (str(row["site"]), str(row["service"]))
        out.append(
            _feature(
                "facility",
                "/".join(key),
                _point(row.get("lon"), row.get("lat")),
                site=row["site"],
                site_name=row.get("site_name"),
                service=row["service"],
                tier=row.get("tier"),
                existing=row.get("existing"),
                capacity_per_day=row.get("capacity_per_day"),
                load_per_day=row.get("load_per_day"),
                utilisation=row.get("utilisation"),
                annual_cost=row.get("annual_cost"),
                capex_cny=row.get("capex_cny"),
                subsidy=row.get("subsidy"),
                members=row.get("members"),
                member_ids=members.get(key, ""),
            )
        )
    return out


def _input_table(plan: Plan, name: str) -> pd.DataFrame:
    frame = plan.inputs.get("tables", {}).get(name)
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame()


def _unused_site_features(plan: Plan) -> list[dict[str, Any]]:
    sites = _input_table(plan, "sites")
    if sites.empty:
        return []
    used = set(plan.facilities["site"].astype(str)) if len(plan.facilities) else set()
    return [
        _feature(
            "unused_site",
            str(row["id"]),
            _point(row.get("lon"), row.get("lat")),
            site=row["id"],
            site_name=row.get("name"),
            status=row.get("status"),
            services=row.get("services"),
        )
        for row in sites.to_dict(orient="records")
        if str(row["id"]) not in used
    ]


def enterprise_costs(plan: Plan) -> pd.DataFrame:
    """Per enterprise: annual cost, cost alone and saving, from the statement or the assignments.

    Without a statement the costs are the assignments' own costs (transport, connection,
    self-treatment): they exclude facility shares, and ``basis`` says so.
    """
    if sme_table(plan) == "statement":
        rows = plan.statement.rename(
            columns={"total_cny_per_year": "cost", "standalone_cny_per_year": "alone"}
        )
        by = rows.groupby("enterprise").agg(cost=("cost", "sum"), alone=("alone", "sum"))
        basis = "statement"
    else:
        rows = plan.assignments.rename(columns={"annual_cost": "cost"})
        alone = rows.drop_duplicates(["enterprise", "service"]).groupby("enterprise")[
            "standalone_cost"
        ]
        by = rows.groupby("enterprise").agg(cost=("cost", "sum"))
        by["alone"] = alone.sum()
        basis = "own costs only (no facility shares)"
    by["saving"] = by["alone"] - by["cost"]
    by["basis"] = basis
    by.index = by.index.astype(str)
    return by


def _enterprise_status(kinds: set[str]) -> str:
    if not kinds:
        return "no demand"
    if len(kinds) == 1:
        return {"shared": "connected", "self": "self-treating", "unserved": "unserved"}[kinds.pop()]
    return "partly connected" if "shared" in kinds else "mixed"


def enterprise_services(plan: Plan) -> pd.DataFrame:
    """Per enterprise: its services, where they are treated (shared, self, unserved) and a status
    in words (``connected``, ``self-treating``, ``partly connected``, ``unserved``, ``mixed``)."""
    assignments = plan.assignments
    if assignments.empty:
        return pd.DataFrame(columns=["services", "shared", "self", "unserved", "status"])
    kind = assignments["site"].astype(str)
    kind = kind.where(kind.isin([SELF, UNSERVED]), "shared")
    frame = pd.DataFrame(
        {
            "enterprise": assignments["enterprise"].astype(str),
            "service": assignments["service"].astype(str),
            "kind": kind,
        }
    )

    def joined(values: pd.Series) -> str:
        return ";".join(sorted(set(values)))

    out = frame.groupby("enterprise").agg(
        services=("service", joined), kinds=("kind", lambda k: frozenset(k))
    )
    for name in ("shared", SELF, UNSERVED):
        chosen = frame[frame["kind"] == name].groupby("enterprise")["service"].agg(joined)
        out[name] = chosen.reindex(out.index).fillna("")
    out["status"] = [_enterprise_status(set(k)) for k in out["kinds"]]
    return out.drop(columns="kinds")


def _enterprise_frame(plan: Plan) -> pd.DataFrame:
    frame = _input_table(plan, "enterprises")
    if frame.empty:
        frame = (
            plan.assignments.drop_duplicates("enterprise")
            .rename(columns={"enterprise": "id", "enterprise_name": "name"})
            .reindex(columns=["id", "name", "lon", "lat"])
        )
    return frame.reset_index(drop=True)


def _enterprise_features(plan: Plan) -> list[dict[str, Any]]:
    frame = _enterprise_frame(plan)
    ids = frame["id"].astype(str)
    where = enterprise_services(plan).reindex(ids)
    costs = enterprise_costs(plan).reindex(ids) if len(plan.assignments) else where
    out = []
    for i, row in enumerate(frame.to_dict(orient="records")):
        place, cost = where.iloc[i], costs.iloc[i]
        out.append(
            _feature(
                "enterprise",
                ids.iloc[i],
                _point(row.get("lon"), row.get("lat")),
                enterprise=ids.iloc[i],
                name=row.get("name"),
                sector=row.get("sector"),
                services=place.get("services"),
                connected_services=place.get("shared"),
                self_services=place.get(SELF),
                unserved_services=place.get(UNSERVED),
                status=place.get("status") if not is_missing(place.get("status")) else "no demand",
                annual_cost=cost.get("cost"),
                standalone_cost=cost.get("alone"),
                saving=cost.get("saving"),
                cost_basis=cost.get("basis"),
            )
        )
    return out


def _connection_features(plan: Plan) -> list[dict[str, Any]]:
    shared = plan.assignments[~plan.assignments["site"].isin([SELF, UNSERVED])]
    if shared.empty:
        return []
    sites = _site_coordinates(plan)
    if sme_table(plan) == "statement":
        extra = plan.statement.rename(columns={"facility": "site"})
        keep = [c for c in ("share_cny_per_year", "total_cny_per_year") if c in extra.columns]
        shared = shared.merge(
            extra[["enterprise", "service", "site", *keep]].astype({"site": str}),
            on=["enterprise", "service", "site"],
            how="left",
        )
    out = []
    for row in shared.to_dict(orient="records"):
        start = _point(row.get("lon"), row.get("lat"))
        end = sites.get(str(row["site"]))
        geometry = None
        if start and end:
            geometry = {"type": "LineString", "coordinates": [start["coordinates"], end]}
        ident = f"{row['enterprise']}/{row['service']}/{row['site']}"
        properties = {k: row.get(k) for k in _CONNECTION_PROPERTIES if k in row}
        out.append(_feature("connection", ident, geometry, **properties))
    return out


_CONNECTION_PROPERTIES = (
    "enterprise",
    "enterprise_name",
    "service",
    "site",
    "share",
    "distance_km",
    "demand_per_day",
    "transport_cost",
    "connection_cost",
    "annual_cost",
    "share_cny_per_year",
    "total_cny_per_year",
)


def _site_coordinates(plan: Plan) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    frames = [_input_table(plan, "sites").rename(columns={"id": "site"}), plan.facilities]
    for frame in frames:
        if {"site", "lon", "lat"} <= set(frame.columns):
            for site, lon, lat in frame[["site", "lon", "lat"]].itertuples(index=False):
                if not (is_missing(lon) or is_missing(lat)):
                    out[str(site)] = [float(lon), float(lat)]
    return out


def plan_geojson(plan: Plan) -> dict[str, Any]:
    """The plan as an RFC 7946 FeatureCollection (WGS84, ``[lon, lat]``).

    Features (``properties.kind``): ``facility`` (a point per open facility), ``unused_site``
    (candidate sites with nothing open), ``enterprise`` (a point per enterprise) and
    ``connection`` (a straight line from a connected enterprise to its site; ``distance_km`` is
    the network distance). Missing coordinates give a ``null`` geometry.
    """
    features = [
        *_facility_features(plan),
        *_unused_site_features(plan),
        *_enterprise_features(plan),
        *_connection_features(plan),
    ]
    return {"type": "FeatureCollection", "name": plan.label, "features": features}


def geojson_text(plan: Plan) -> str:
    return json.dumps(plan_geojson(plan), indent=1, ensure_ascii=False, allow_nan=False)


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
margin:1.5rem auto;max-width:1200px;padding:0 1rem;color:#1f2933;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #d9e2ec;padding-bottom:.2rem}.sub{color:#52606d;margin-top:0}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid #d9e2ec;border-radius:6px;padding:.6rem .9rem;min-width:11rem;background:#f8fafc}
.card .k{font-size:.8rem;color:#52606d}.card .v{font-size:1.25rem;font-weight:600}
.card .d{font-size:.8rem;color:#52606d}
.note{background:#fff8e1;border-left:4px solid #f0b429;padding:.5rem .8rem}
.scroll{max-height:32rem;overflow:auto;border:1px solid #d9e2ec}
table{border-collapse:collapse;font-size:.85rem;width:100%}
th,td{padding:.25rem .5rem;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
th{background:#f0f4f8;position:sticky;top:0}td.num,th.num{text-align:right;white-space:nowrap}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem;font-size:.85rem}
dt{color:#52606d}dd{margin:0;word-break:break-all}
.up{color:#b42318}.down{color:#067647}
"""

_NUMERIC_KINDS = {"money", "km", "qty", "tonnes", "fraction", "points", "int", "deg", "number"}


def esc(value: Any) -> str:
    """Text escaped for HTML."""
    return html.escape(str(value), quote=True)


def html_table(frame: pd.DataFrame, columns: Sequence[Field], empty: str = "None.") -> str:
    """A table of formatted, escaped cells (numbers right-aligned) in a scrolling box."""
    if frame.empty:
        return f"<p>{esc(empty)}</p>"
    head = "".join(
        f'<th class="num">{esc(f.header)}</th>'
        if f.kind in _NUMERIC_KINDS
        else f"<th>{esc(f.header)}</th>"
        for f in columns
    )
    body = []
    for row in frame[[f.column for f in columns]].itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="num">{esc(format_value(v, f.kind))}</td>'
            if f.kind in _NUMERIC_KINDS
            else f"<td>{esc(format_value(v, f.kind))}</td>"
            for v, f in zip(row, columns, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def html_page(title: str, body: Sequence[str]) -> str:
    """A complete offline HTML page: inline CSS, no scripts, no external resources."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _card(key: str, value: str, detail: str = "") -> str:
    extra = f'<div class="d">{esc(detail)}</div>' if detail else ""
    return f'<div class="card"><div class="k">{esc(key)}</div><div class="v">{esc(value)}</div>{extra}</div>'


def kpi_cards(plan: Plan) -> str:
    """The headline numbers as cards: cost, saving, SMEs connected, facilities, solver status."""
    k, cur = plan.kpis, currency_of(plan)
    by_service = k.get("facilities_by_service") or {}
    cards = [
        _card(
            "Total annual cost", f"{format_value(k.get('total_annual_cost'), 'money')} {cur}/year"
        ),
        _card(
            "Saving against everyone alone",
            f"{format_value(k.get('saving'), 'money')} {cur}/year",
            f"{format_value(k.get('saving_pct'), 'points')} of "
            f"{format_value(k.get('all_self_cost'), 'money')} {cur}/year",
        ),
        _card(
            "SMEs connected",
            f"{format_value(k.get('smes_connected'), 'int')} of {format_value(k.get('smes'), 'int')}",
            f"{format_value(k.get('demands_self'), 'int')} demands treated alone, "
            f"{format_value(k.get('demands_unserved'), 'int')} unmet",
        ),
        _card(
            "Facilities",
            format_value(k.get("facilities"), "int"),
            ", ".join(f"{s}: {n}" for s, n in by_service.items()) or "none open",
        ),
        _card("Solver", str(plan.solver.get("status", "unknown")), solver_status(plan.solver)),
    ]
    if k.get("subsidy_total"):
        cards.append(_card("Subsidy", f"{format_value(k['subsidy_total'], 'money')} {cur}/year"))
    if "min_subsidy_to_keep_all" in k:
        cards.append(
            _card(
                "Smallest subsidy keeping every member in",
                f"{format_value(k['min_subsidy_to_keep_all'], 'money')} {cur}/year",
                f"{format_value(k.get('smes_would_leave'), 'int')} SMEs would leave under "
                f"{k.get('allocation_rule', 'this')} cost sharing",
            )
        )
    return '<div class="cards">' + "".join(cards) + "</div>"


def _definition_list(items: Sequence[Item]) -> str:
    rows = "".join(
        f"<dt>{esc(i.label)}</dt><dd>{esc(format_value(i.value, i.kind))}"
        f"{(' ' + esc(i.unit)) if i.unit and i.kind != 'points' and not is_missing(i.value) else ''}</dd>"
        for i in items
    )
    return f"<dl>{rows}</dl>"


def _figures(plan: Plan) -> str:
    from .report_figures import cost_breakdown_svg, network_svg

    return (
        "<h2>Map</h2><figure>"
        + network_svg(plan)
        + "<figcaption>Enterprises, candidate sites and assignments (straight lines; costs use "
        "network distances).</figcaption></figure><h2>Annual cost</h2><figure>"
        + cost_breakdown_svg(plan)
        + "</figure>"
    )


def _section(plan: Plan, title: str, table: str) -> str:
    frame = getattr(plan, table)
    columns = sheet_columns(frame, table, currency_of(plan))
    return f"<h2>{esc(title)}</h2>" + html_table(frame, columns)


def plan_html(plan: Plan) -> str:
    """The self-contained HTML report of a plan."""
    prov = plan.provenance
    subtitle = (
        f"Scenario {prov.get('scenario', '')}"
        + (f", variant {prov['variant']}" if prov.get("variant") else "")
        + f" · amounts in {currency_of(plan)} at {prov.get('cost_year', '')} prices"
        + f" · created {prov.get('created', '')}"
    )
    body = [
        f"<h1>Shared facility plan: {esc(plan.label)}</h1>",
        f'<p class="sub">{esc(subtitle)}</p>',
        kpi_cards(plan),
        _figures(plan),
        _section(plan, "Facilities", "facilities"),
    ]
    if sme_table(plan) == "statement":
        body.append(_section(plan, "What each SME pays", "statement"))
    else:
        body.append(f'<h2>What each SME pays</h2><p class="note">{esc(NO_STATEMENT_NOTE)}</p>')
        body.append(
            html_table(
                plan.assignments, sheet_columns(plan.assignments, "assignments", currency_of(plan))
            )
        )
    sharing = allocation_facilities(plan)
    if len(sharing):
        columns = sheet_columns(sharing, "allocation_facilities", currency_of(plan))
        body += ["<h2>Cost sharing by facility</h2>", html_table(sharing, columns)]
    if len(plan.flows):
        body.append(_section(plan, "Onward streams", "flows"))
    if len(plan.pollutants):
        body.append(_section(plan, "Pollutant discharges", "pollutants"))
    body += [
        "<h2>Summary figures</h2>",
        _definition_list(kpi_items(plan.kpis, currency_of(plan))),
        "<h2>Solver and provenance</h2>",
        _definition_list(provenance_items(plan)),
    ]
    return html_page(f"Plan {plan.label}", body)

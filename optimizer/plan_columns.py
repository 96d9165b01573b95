"""One declaration of the plan tables' columns: name, dtype, title, unit and number format.

Every face of a plan reads it: :mod:`optimizer.allocation` builds its tables with these dtypes in
this order, the xlsx and HTML exports head and format their columns with it
(:func:`optimizer.export.sheet_columns`), and the app's results page titles and formats its tables
with it. A unit that depends on the scenario's currency is a template (``{currency}/year``),
resolved by :meth:`Column.unit_in`.

A column (:class:`~optimizer.plan_column.Column`) has a number format, its ``kind``, which
:data:`~optimizer.plan_column.KIND_FORMATS` describes (a spreadsheet cell's and the app's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from .plan_column import (
    KIND_FORMATS,
    PER_SERVICE_DAY,
    UNIT,
    Column,
    per_service_unit,
    with_service_units,
)

__all__ = [
    "KIND_FORMATS",
    "UNIT",
    "Column",
    "column_dtypes",
    "columns_of",
    "kpi_comparison_titles",
    "per_service_unit",
    "with_service_units",
]


_PER_YEAR = "{currency}/year"
_PER_DAY = PER_SERVICE_DAY
_WOULD_LEAVE = "pays more than alone, or a group does better alone"
#: The dtype of a column of each kind in the tables built with declared dtypes (else float64).
_DTYPE_OF_KIND = {"text": "str", "bool": "bool", "int": "int64"}


def _money(name: str, title: str, note: str = "") -> Column:
    return Column(name, title, _PER_YEAR, "money", note)


def _flag(name: str, title: str, note: str = "") -> Column:
    return Column(name, title, kind="bool", note=note)


def _typed(*columns: Column) -> tuple[Column, ...]:
    """The columns of a table built with declared dtypes: a dtype not given follows the kind."""
    return tuple(
        column
        if column.dtype
        else replace(column, dtype=_DTYPE_OF_KIND.get(column.kind, "float64"))
        for column in columns
    )


_LONLAT = (Column("lon", "Longitude", "°", "deg"), Column("lat", "Latitude", "°", "deg"))

#: The plan's facilities (``plan.facilities``), one row per open facility.
FACILITIES = (
    Column("site", "Site"),
    Column("site_name", "Site name"),
    Column("service", "Service"),
    Column("tier", "Tier"),
    _flag("existing", "Existing facility"),
    Column("capacity_per_day", "Capacity", _PER_DAY, "qty"),
    Column("load_per_day", "Load", _PER_DAY, "qty"),
    Column("utilisation", "Utilisation", "%", "fraction"),
    Column("members", "Members", "SMEs", "int"),
    Column("capex_cny", "Capex", "{currency}", "money"),
    _money("annual_capex", "Capex annuity"),
    _money("fixed_om", "Fixed O&M"),
    _money("variable_cost", "Variable treatment cost"),
    _money("subsidy", "Subsidy"),
    _money("finance_saving", "Green loans' saving", "with green loans only"),
    _money("annual_cost", "Annual cost after subsidy", "and after green loans' saving"),
    *_LONLAT,
)

#: Where each (enterprise, service) is treated (``plan.assignments``).
ASSIGNMENTS = (
    Column("enterprise", "Enterprise"),
    Column("enterprise_name", "Enterprise name"),
    Column("service", "Service"),
    Column("site", "Treated at", note="site, self or unserved"),
    Column("share", "Share of the demand", "%", "fraction"),
    Column("distance_km", "Network distance", "km", "km"),
    Column("demand_per_day", "Demand", _PER_DAY, "qty"),
    _money("transport_cost", "Transport"),
    _money("connection_cost", "Connection"),
    _money("self_cost", "Self-treatment"),
    _money("annual_cost", "Own costs, excl. facility share"),
    _money("standalone_cost", "Cost alone"),
    Column("unmet_share", "Unmet share", "%", "fraction"),
    *_LONLAT,
)

#: What each SME pays (``plan.statement``), one row per (enterprise, service, facility).
STATEMENT = _typed(
    Column("enterprise", "Enterprise"),
    Column("enterprise_name", "Enterprise name"),
    Column("service", "Service"),
    Column("facility", "Treated at", note="site or self"),
    Column("tier", "Tier"),
    Column("distance_km", "Network distance", "km", "km"),
    _money("transport_cny_per_year", "Transport"),
    _money("connection_cny_per_year", "Connection"),
    _money("share_cny_per_year", "Share of facility cost"),
    _money("total_cny_per_year", "Total"),
    _money("standalone_cny_per_year", "Cost alone"),
    _money("saving_cny_per_year", "Saving"),
    Column("saving_pct", "Saving", "%", "points"),
    _flag("would_leave", "Would leave", _WOULD_LEAVE),
    Column(
        "alone_unavailable",
        "Not open alone",
        note="why treating alone is no option (the setting, or the caps it would break); "
        "its cost alone is then empty",
    ),
)

#: Onward streams between facilities and to the external sink (``plan.flows``).
FLOWS = (
    Column("site", "From site"),
    Column("service", "From service"),
    Column("output", "Stream"),
    Column("to_site", "To site", note="or sink"),
    Column("to_service", "To service", note="or sink"),
    Column("flow_per_day", "Flow", "stream unit/day", "qty", note="over the sender's days"),
    Column(
        "received_per_day",
        "Load at the receiver",
        "stream unit/day",
        "qty",
        note="the same yearly volume over the receiver's operating days",
    ),
    Column("distance_km", "Network distance", "km", "km"),
    _money("annual_cost", "Annual cost"),
)

#: The pollutant ledger (``plan.pollutants``, :mod:`optimizer.ledger`): per pollutant the park's
#: total first, then where each tonne was removed and where the rest went.
POLLUTANTS = (
    Column("pollutant", "Pollutant"),
    Column(
        "kind", "Row", note="park total, treating alone, facility, outfall cap or enterprise cap"
    ),
    Column("place", "Where"),
    Column("site", "Site"),
    Column("service", "Service"),
    Column("received_t_per_year", "Received", "t/year", "tonnes", note="park: what entered"),
    Column("removed_t_per_year", "Removed", "t/year", "tonnes"),
    Column("passed_on_t_per_year", "Passed on downstream", "t/year", "tonnes"),
    Column("discharge_t_per_year", "Discharge", "t/year", "tonnes"),
    Column("discharged_to", "Discharged to"),
    Column("cap_t_per_year", "Cap", "t/year", "tonnes"),
    Column("headroom_t_per_year", "Headroom under the cap", "t/year", "tonnes"),
)

#: How each new facility's capex is financed (``plan.financing``, :mod:`optimizer.financing`):
#: the grant (the subsidy), each green loan that finances some, own funds the rest.
FINANCING = _typed(
    Column("site", "Site"),
    Column("service", "Service"),
    Column("tier", "Tier"),
    Column("source", "Source", note="own funds, grant or the loan's id"),
    Column("kind", "Kind of source", note="own funds, grant or green loan"),
    Column("interest_rate", "Interest rate", "per year", "fraction", "own funds: discount rate"),
    Column("tenor_years", "Repaid over", "year", "number", "own funds: the lifetime"),
    Column("financed_cny", "Capex financed", "{currency}", "money"),
    Column("share", "Share of the capex", "%", "fraction"),
    _money("annual_cost", "Yearly cost of this part", "grant: none"),
    _money("annual_saving", "Yearly saving against own funds"),
)

#: The cost sharing of each open facility (``plan.allocation["facilities"]``).
ALLOCATION_FACILITIES = _typed(
    Column("site", "Site"),
    Column("service", "Service"),
    Column("tier", "Tier"),
    Column("members", "Members", "SMEs", "int"),
    Column("upstream", "Upstream facilities sending to it", kind="int"),
    Column("load_per_day", "Load", _PER_DAY, "qty"),
    _money("facility_cost", "Facility cost"),
    _money("onward_cost", "Onward streams"),
    _money("annual_cost", "Cost shared out"),
    _money("cheapest_tier_cost", "Cost with the cheapest fitting tier"),
    Column("rule", "Allocation rule"),
    Column("ir_violations", "Members paying more than alone", kind="int"),
    _flag("core_checked", "Checked exactly", "every group of members, no sampling or bound"),
    Column("core_empty", "Core empty", kind="bool", note="no split keeps all in", dtype="boolean"),
    _money("min_subsidy", "Smallest subsidy for a split keeping all in", "exact"),
    _money(
        "least_core_excess",
        "Least overcharge of a group",
        "0 when a split keeps all in; else the least any split asks a group above its own cost",
    ),
    Column("blocking_coalition", "Group that would do better alone", note="the most"),
    _money("blocking_excess", "What that group pays above its own cost"),
    _money("shapley_max_std_error", "Shapley sampling std. error"),
)

#: Each player's share at each facility (``plan.allocation["players"]``).
ALLOCATION_PLAYERS = _typed(
    Column("site", "Site"),
    Column("service", "Service"),
    Column("player", "Player", note="enterprise, or upstream site/service"),
    Column("kind", "Player kind", note="enterprise or facility"),
    Column("load_per_day", "Load", _PER_DAY, "qty"),
    _money("alternative_cny_per_year", "Largest share worth staying for"),
    _money("share_cny_per_year", "Share of facility cost"),
    _money("std_error", "Shapley sampling std. error"),
    _money("over_alone_cny_per_year", "Pays above the largest worth staying for"),
    _money(
        "stable_share_cny_per_year",
        "Share in the nearest split keeping all in",
        "with the smallest subsidy; the share itself when it keeps all in",
    ),
    _flag(
        "individually_rational",
        "Individually rational",
        "share at most the largest worth staying for",
    ),
    _flag("would_leave", "Would leave", _WOULD_LEAVE),
)

_PLAN = Column("plan", "Plan", note="compared with the reference")

#: The tables of a plan comparison (:class:`optimizer.compare.Comparison`), ``comparison_<table>``.
COMPARISON = {
    "sme_counts": (
        _PLAN,
        *(
            Column(o, t, "SMEs", "int")
            for o, t in (
                ("pays more", "Paying more"),
                ("pays less", "Paying less"),
                ("new", "New"),
                ("gone", "Gone"),
                ("same", "Paying the same"),
            )
        ),
    ),
    "facilities": (
        _PLAN,
        Column("site", "Site"),
        Column("service", "Service"),
        Column("change", "Change", note="opened, closed or resized"),
        Column("tier_before", "Tier before"),
        Column("tier_after", "Tier after"),
        Column("capacity_before", "Capacity before", _PER_DAY, "qty"),
        Column("capacity_after", "Capacity after", _PER_DAY, "qty"),
        Column("load_before", "Load before", _PER_DAY, "qty"),
        Column("load_after", "Load after", _PER_DAY, "qty"),
        Column("members_before", "Members before", "SMEs", "int"),
        Column("members_after", "Members after", "SMEs", "int"),
        _money("annual_cost_before", "Annual cost before"),
        _money("annual_cost_after", "Annual cost after"),
    ),
    "reassignments": (
        _PLAN,
        Column("enterprise", "Enterprise"),
        Column("enterprise_name", "Enterprise name"),
        Column("service", "Service"),
        Column("from", "Treated at before", note="site, self or unserved"),
        Column("to", "Treated at after"),
    ),
    "sme_costs": (
        _PLAN,
        Column("enterprise", "Enterprise"),
        Column("enterprise_name", "Enterprise name"),
        _money("cost_before", "Cost before"),
        _money("cost_after", "Cost after"),
        _money("change", "Change"),
        Column("change_pct", "Change", "%", "points"),
        Column("outcome", "Outcome"),
        Column("basis_before", "Cost basis before"),
        Column("basis_after", "Cost basis after"),
    ),
    "kpis": (
        Column("key", "Key", note="for formulas"),
        Column("kpi", "Figure"),
        Column("unit", "Unit"),
    ),
    "input_changes": (
        _PLAN,
        Column("change", "Change"),
        Column("table", "Table"),
        Column("key", "Row or setting"),
        Column("column", "Column"),
        Column("old", "Before"),
        Column("new", "After"),
    ),
}

#: The ranked table of near-optimal alternatives (:mod:`optimizer.alternatives`).
ALTERNATIVES = (
    Column("rank", "Rank", kind="int", note="by the criterion chosen"),
    Column("plan", "Plan"),
    _money("total_cost", "Total annual cost"),
    _money("extra_cost", "Above the least cost"),
    Column("extra_cost_pct", "Above the least cost", "%", "points"),
    Column("distance", "Facilities changed", "facilities", "int", "Hamming distance"),
    Column("changes", "Opened (+) and closed (-)", note="against the least-cost plan"),
    Column("facilities", "Facilities", "facilities", "int"),
    Column("capex_new", "New capex", "{currency}", "money"),
    Column("smes_connected", "SMEs connected", "SMEs", "int"),
    Column("would_leave", "Would leave", "SMEs", "int", _WOULD_LEAVE),
    Column("worst_saving_pct", "Worst connected SME's saving", "%", "points"),
    Column("saving_spread_pct", "Spread of savings", "% points", "number", "highest - lowest"),
    Column("status", "Solver status"),
)

#: The leave-one-out report (:func:`optimizer.batch.whatif.leave_one_out`): a row per member
#: leaving a shared facility and each other member of it.
LEAVE_ONE_OUT = (
    Column("leaving", "Leaving", note="the enterprise that leaves"),
    Column("facility", "Facility it leaves", note="site/service"),
    Column("status", "Solver status"),
    _money("total_before", "Park total before"),
    _money("total_after", "Park total after"),
    _money("total_change", "Park total change"),
    Column("member", "Other member", note="of that facility"),
    _money("pays_before", "Pays before"),
    _money("pays_after", "Pays after"),
    _money("pays_change", "Pays: change"),
    Column("now_at", "Now at", note="site/service, after the re-solve"),
)

#: The KPI comparison's columns after each plan's own (``{plan}``: a later plan's label).
KPI_DELTA = Column("delta {plan}", "{plan}: change")
KPI_DELTA_PCT = Column("delta % {plan}", "{plan}: change", "%", "points")


def kpi_comparison_titles(
    labels: Sequence[str], words: Callable[[str], str] = str
) -> dict[str, str]:
    """The titles of the KPI comparison's plan columns (each plan's value, a later plan's change
    against the first and that change in percent), by column name; ``words`` gives a title in the
    language shown (:func:`optimizer.words.catalogue.term`).

    >>> kpi_comparison_titles(["base", "no-S1"])["delta % no-S1"]
    'no-S1: change (%)'
    """
    titles = {str(label): str(label) for label in labels}
    for label in labels[1:]:
        for column in (KPI_DELTA, KPI_DELTA_PCT):
            shown = replace(column, title=words(column.title))
            titles[column.name.format(plan=label)] = shown.title_with_unit("").format(plan=label)
    return titles


#: Every plan table by name: the plan's own tables, and ``allocation_<key>`` for
#: ``plan.allocation[key]`` (the names of the CSV export's files); the comparison's tables are
#: ``comparison_<table>``.
TABLE_COLUMNS: dict[str, tuple[Column, ...]] = {
    "facilities": FACILITIES,
    "assignments": ASSIGNMENTS,
    "statement": STATEMENT,
    "flows": FLOWS,
    "pollutants": POLLUTANTS,
    "financing": FINANCING,
    "allocation_facilities": ALLOCATION_FACILITIES,
    "allocation_players": ALLOCATION_PLAYERS,
    **{f"comparison_{name}": columns for name, columns in COMPARISON.items()},
    "alternatives": ALTERNATIVES,
    "leave_one_out": LEAVE_ONE_OUT,
}


def columns_of(table: str) -> tuple[Column, ...]:
    """The declared columns of a plan table, in order (none for an unknown table).

    >>> [c.header("CNY") for c in columns_of("pollutants")][-4:-2]
    ['Discharge (t/year)', 'Discharged to']
    """
    return TABLE_COLUMNS.get(table, ())


def column_dtypes(table: str) -> dict[str, str]:
    """Column name -> pandas dtype of a table whose dtypes are declared, in column order.

    >>> list(column_dtypes("statement").items())[:2]
    [('enterprise', 'str'), ('enterprise_name', 'str')]
    """
    columns = columns_of(table)
    missing = [c.name for c in columns if c.dtype is None]
    if missing or not columns:
        raise ValueError(f"plan table {table!r}: no dtype declared for {missing or 'any column'}")
    return {c.name: str(c.dtype) for c in columns}

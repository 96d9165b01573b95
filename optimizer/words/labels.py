"""Labels of what a plan reports: the parts of the annual cost (``kpis["cost_breakdown"]``) and
the KPIs (``plan.kpis``, flattened to dotted keys), with their units and number kinds."""

from __future__ import annotations

import numbers
from typing import Any, Literal, NamedTuple


class CostPart(NamedTuple):
    """The words of one cost part on each face that shows it."""

    kpi: str  #: KPI lists: the xlsx Summary sheet, summary.csv, the HTML report, comparisons
    figure: str  #: the HTML report's bar figure
    chart: str  #: the app's bar chart


#: Every cost part, in the order they are listed and drawn.
COST_PARTS: dict[str, CostPart] = {
    "capex_annuity": CostPart(
        "Cost: capex annuities of facilities", "Capex annuities", "Facility capex (annuity)"
    ),
    "fixed_om": CostPart("Cost: fixed O&M of facilities", "Fixed O&M", "Fixed O&M"),
    "variable_treatment": CostPart(
        "Cost: variable treatment", "Variable treatment", "Variable treatment"
    ),
    "transport": CostPart("Cost: transport to facilities", "Transport", "Transport"),
    "connection": CostPart("Cost: connections (annuity)", "Connections", "Connections"),
    "self_treatment": CostPart(
        "Cost: SMEs treating alone", "SMEs treating alone", "Own treatment (self)"
    ),
    "onward_streams": CostPart(
        "Cost: onward streams (effluent, sludge)",
        "Onward streams",
        "Onward streams (effluent, sludge)",
    ),
    "subsidy": CostPart("Cost: subsidy (negative)", "Subsidy", "Subsidy"),
}


def cost_part_label(key: str, face: Literal["kpi", "figure", "chart"]) -> str:
    """The words of a cost part on a face; a part without declared words keeps its key.

    >>> cost_part_label("self_treatment", "figure"), cost_part_label("self_treatment", "chart")
    ('SMEs treating alone', 'Own treatment (self)')
    >>> (
    ...     cost_part_label("x_y", "kpi"),
    ...     cost_part_label("x_y", "figure"),
    ...     cost_part_label("x_y", "chart"),
    ... )
    ('Cost: x_y', 'x_y', 'X y')
    """
    part = COST_PARTS.get(key)
    if part is not None:
        return getattr(part, face)
    if face == "kpi":
        return f"Cost: {key}"
    return key.replace("_", " ").capitalize() if face == "chart" else key


class KpiLabel(NamedTuple):
    """A KPI's words, its unit (``{cur}`` stands for the currency) and its number kind (how
    :func:`optimizer.words.format_value` shows it)."""

    label: str
    unit: str = ""
    kind: str = "text"


_PER_YEAR = "{cur}/year"

#: The KPIs in words, in reading order.
KPI_LABELS: dict[str, KpiLabel] = {
    "total_annual_cost": KpiLabel("Total annual cost", _PER_YEAR, "money"),
    "all_self_cost": KpiLabel("Cost if every SME treats alone", _PER_YEAR, "money"),
    "saving": KpiLabel("Saving against everyone alone", _PER_YEAR, "money"),
    "saving_pct": KpiLabel("Saving against everyone alone (%)", "%", "points"),
    **{
        f"cost_breakdown.{key}": KpiLabel(part.kpi, _PER_YEAR, "money")
        for key, part in COST_PARTS.items()
    },
    "facilities": KpiLabel("Facilities open", "", "int"),
    "facilities_new": KpiLabel("New facilities", "", "int"),
    "capex_new_cny": KpiLabel("Capex of new facilities", "{cur}", "money"),
    "subsidy_total": KpiLabel("Subsidy paid", _PER_YEAR, "money"),
    "smes": KpiLabel("SMEs", "", "int"),
    "smes_connected": KpiLabel("SMEs connected to a shared facility", "", "int"),
    "demands": KpiLabel("Demands (enterprise and service)", "", "int"),
    "demands_shared": KpiLabel("Demands treated in shared facilities", "", "int"),
    "demands_self": KpiLabel("Demands treated alone", "", "int"),
    "demands_unserved": KpiLabel("Demands not met", "", "int"),
    "min_subsidy_to_keep_all": KpiLabel(
        "Smallest subsidy keeping every member in", _PER_YEAR, "money"
    ),
    "smes_would_leave": KpiLabel(
        "SMEs who would leave (pay more than alone, or a group does better alone)", "", "int"
    ),
    "allocation_rule": KpiLabel("Cost allocation rule", "", "text"),
}

#: Short lower-case names of the headline KPIs, for ``name: value`` lines.
KPI_SHORT: dict[str, str] = {
    "total_annual_cost": "total annual cost",
    "all_self_cost": "everyone alone",
    "saving": "saving",
    "facilities": "facilities",
    "smes_connected": "SMEs connected",
    "smes_would_leave": "SMEs who would leave",
}


def kpi_label(key: str, value: Any = None) -> KpiLabel:
    """The words, unit and kind of a KPI (a dotted key); a KPI without declared words is named
    by its key.

    >>> kpi_label("facilities_by_service.sewage").label, kpi_label("cost_breakdown.x").unit
    ('Facilities: sewage', '{cur}/year')
    >>> kpi_label("new_thing", 2.5), kpi_label("new_thing", "a")
    (KpiLabel(label='new_thing', unit='', kind='number'), KpiLabel(label='new_thing', unit='', kind='text'))
    """
    if key in KPI_LABELS:
        return KPI_LABELS[key]
    if key.startswith("facilities_by_service."):
        return KpiLabel(f"Facilities: {key.split('.', 1)[1]}", "", "int")
    if key.startswith("cost_breakdown."):
        return KpiLabel(cost_part_label(key.split(".", 1)[1], "kpi"), _PER_YEAR, "money")
    is_number = isinstance(value, numbers.Real) and not isinstance(value, bool)
    return KpiLabel(key, "", "number" if is_number else "text")

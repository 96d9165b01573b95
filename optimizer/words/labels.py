"""Labels of what a plan reports: the parts of the annual cost (``kpis["cost_breakdown"]``) and
the KPIs (``plan.kpis``, flattened to dotted keys), with their units and number kinds."""

from __future__ import annotations

import numbers
from typing import Any, NamedTuple

from .catalogue import service_title, term, tr
from .language import ENGLISH, current_language

#: Every cost part in words, in the order they are listed and drawn: the app's chart, the HTML
#: report's figure and (after "Cost: ", see :func:`cost_part_kpi_label`) every KPI list.
COST_PARTS: dict[str, str] = {
    "capex_annuity": "Capex annuities of facilities",
    "fixed_om": "Fixed O&M of facilities",
    "variable_treatment": "Variable treatment",
    "transport": "Transport to facilities",
    "connection": "Connections (annuity)",
    "self_treatment": "SMEs treating alone",
    "onward_streams": "Onward streams (effluent, sludge)",
    "subsidy": "Subsidy (negative)",
    "green_loans": "Green loans' saving (negative)",
}

#: The bars a cost chart ends with, after the parts: the plan's total and everyone alone.
COST_TOTAL_BAR = "Total (this plan)"
COST_ALONE_BAR = "Everyone alone"


def cost_part_label(key: str) -> str:
    """A cost part in words (in the current language); a part without declared words is named
    after its key.

    >>> cost_part_label("self_treatment"), cost_part_label("x_y")
    ('SMEs treating alone', 'X y')
    """
    return term(COST_PARTS.get(key) or key.replace("_", " ").capitalize())


def cost_part_kpi_label(key: str) -> str:
    """A cost part as a KPI list names it: the same words after "Cost: ".

    >>> cost_part_kpi_label("capex_annuity"), cost_part_kpi_label("self_treatment")
    ('Cost: capex annuities of facilities', 'Cost: SMEs treating alone')
    """
    words = cost_part_label(key)
    if not words[1:2].isupper():  # keep an acronym such as "SMEs" as it is
        words = words[:1].lower() + words[1:]
    return tr("label.cost_part_kpi", part=words)


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
    "all_self_unavailable": KpiLabel("Why that is no plan the park could take", "", "text"),
    "saving": KpiLabel("Saving against everyone alone", _PER_YEAR, "money"),
    "saving_pct": KpiLabel("Saving against everyone alone (%)", "%", "points"),
    **{
        f"cost_breakdown.{key}": KpiLabel(cost_part_kpi_label(key), _PER_YEAR, "money")
        for key in COST_PARTS
    },
    "facilities": KpiLabel("Facilities open", "", "int"),
    "facilities_new": KpiLabel("New facilities", "", "int"),
    "capex_new_cny": KpiLabel("Capex of new facilities", "{cur}", "money"),
    "subsidy_total": KpiLabel("Subsidy paid", _PER_YEAR, "money"),
    "green_loans_cny": KpiLabel("Capex financed by green loans", "{cur}", "money"),
    "green_loans_saving": KpiLabel("Green loans' saving against own funds", _PER_YEAR, "money"),
    "smes": KpiLabel("SMEs in the park", "", "int"),  # not "SMEs": that is the counter unit (家)
    "smes_connected": KpiLabel("SMEs connected to a shared facility", "", "int"),
    "demands": KpiLabel("Demands (enterprise and service)", "", "int"),
    "demands_shared": KpiLabel("Demands treated in shared facilities", "", "int"),
    "demands_self": KpiLabel("Demands treated alone", "", "int"),
    "demands_unserved": KpiLabel("Demands not met", "", "int"),
    "allocation_rule": KpiLabel("Cost allocation rule", "", "text"),
    "smes_would_leave": KpiLabel(
        "SMEs who would leave (pay more than alone, or a group does better alone)", "", "int"
    ),
    "smes_paying_more_than_alone": KpiLabel("SMEs paying more than alone", "", "int"),
    "largest_group_gain": KpiLabel(
        "Most a group of members would save on its own", _PER_YEAR, "money"
    ),
    "largest_group": KpiLabel("That group", "", "text"),
    "largest_group_at": KpiLabel("That group's facility", "", "text"),
    "min_subsidy_to_keep_all": KpiLabel(
        "Smallest subsidy that lets a split keep every member in, at the facilities checked "
        "exactly",
        _PER_YEAR,
        "money",
    ),
    "min_subsidy_at": KpiLabel("Facilities that smallest subsidy goes to", "", "text"),
    "facilities_allocated": KpiLabel("Facilities whose cost is shared out", "", "int"),
    "facilities_checked_exactly": KpiLabel(
        "Facilities whose split was checked against every group", "", "int"
    ),
    "facilities_core_empty": KpiLabel("Facilities where no split keeps every member in", "", "int"),
}

#: The places of the pollutant ledger (``plan.pollutants``, :mod:`optimizer.ledger`).
LEDGER_WORDS: dict[str, str] = {
    "park": "whole park",
    "environment": "outfalls and external sinks",
    "alone": "enterprises treating alone",
    "own outlets": "their own outlets",
    "outfall": "its outfall",
    "sink": "external sink ({output})",
    "outfalls": "outfalls of {service}",
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
    """The words, unit and kind of a KPI (a dotted key), in the current language; a KPI without
    declared words is named by its key.

    >>> kpi_label("facilities_by_service.sewage").label, kpi_label("cost_breakdown.x").unit
    ('Facilities: sewage', '{cur}/year')
    >>> kpi_label("new_thing", 2.5), kpi_label("new_thing", "a")
    (KpiLabel(label='new_thing', unit='', kind='number'), KpiLabel(label='new_thing', unit='', kind='text'))
    """
    if key.startswith("cost_breakdown."):
        return KpiLabel(cost_part_kpi_label(key.split(".", 1)[1]), _PER_YEAR, "money")
    if key in KPI_LABELS:
        found = KPI_LABELS[key]
        if current_language() == ENGLISH:
            return found
        return KpiLabel(term(found.label), term(found.unit), found.kind)
    if key.startswith("facilities_by_service."):
        service = service_title(key.split(".", 1)[1])
        return KpiLabel(tr("kpi.facilities_of", service=service), "", "int")
    if key.startswith("capacity_freed."):
        name = key.split(".", 1)[1]
        return KpiLabel(tr("kpi.capacity_freed", name=name), term("t/year"), "tonnes")
    if key.startswith("loan_financed_cny."):
        return KpiLabel(tr("kpi.loan_financed", loan=key.split(".", 1)[1]), "{cur}", "money")
    is_number = isinstance(value, numbers.Real) and not isinstance(value, bool)
    return KpiLabel(key, "", "number" if is_number else "text")

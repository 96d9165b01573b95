"""Words people read, in one place for every face (the command line, the exports, the batch
summary and the app): numbers (money, percentages), the solver's status, the parts of the annual
cost, KPI labels and the cost-sharing verdict (who would leave).

Text only: nothing here imports rich, typer or Streamlit, and nothing takes a :class:`Plan` (only
its ``kpis`` and ``solver`` mappings), so any module may use it.

Where two faces word the same thing differently today, both wordings are here, side by side and
named after their face, so that a change of words is made in this one file.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


def number(value: Any) -> float | None:
    """A value as a float, or None when it holds no number (None, NaN, a bool, words).

    >>> number(3), number("0.5"), number(float("inf"))
    (3.0, 0.5, inf)
    >>> number(float("nan")), number(True), number("x"), number(None)
    (None, None, None, None)
    """
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    value = float(value)
    return None if math.isnan(value) else value


def without_minus_zero(text: str) -> str:
    """A formatted number without the sign of a zero (``-0.00`` is ``0.00``).

    >>> without_minus_zero("-0.00"), without_minus_zero("-0.0%"), without_minus_zero("-0.01")
    ('0.00', '0.0%', '-0.01')
    """
    if text.startswith("-") and not any(c in "123456789" for c in text):
        return text[1:]
    return text


def money(value: Any, currency: str = "", digits: int = 2, signed: bool = False) -> str:
    """An amount with thousands separators (and its unit), or ``-`` when there is no finite
    number; ``signed`` shows ``+`` before a change that is not negative.

    >>> money(506679.749, "CNY/year"), money(None), money(float("inf"))
    ('506,679.75 CNY/year', '-', '-')
    >>> money(-0.0, digits=0), money(-1234.5, digits=0), money(-36666.8, signed=True)
    ('0', '-1,234', '-36,666.80')
    >>> money(0.0, signed=True), money(12.5, signed=True)
    ('+0.00', '+12.50')
    """
    amount = number(value)
    if amount is None or math.isinf(amount):
        return "-"
    text = without_minus_zero(f"{amount:,.{digits}f}")
    if signed and not text.startswith("-"):
        text = "+" + text
    return text + (f" {currency}" if currency else "")


def percent(fraction: Any, digits: int = 3) -> str:
    """A fraction as a percentage, or ``-`` when there is no finite number.

    >>> percent(0.0123), percent(0.5, 1), percent(None), percent(float("nan"))
    ('1.230%', '50.0%', '-', '-')
    """
    value = number(fraction)
    if value is None or math.isinf(value):
        return "-"
    return f"{value:.{digits}%}"


def points(value: Any, digits: int = 1) -> str:
    """A number that is a percentage already (``saving_pct``): ``30.8%``, or ``-``.

    >>> points(30.77), points(None)
    ('30.8%', '-')
    """
    shown = number(value)
    if shown is None or math.isinf(shown):
        return "-"
    return f"{shown:.{digits}f}%"


# ---------------------------------------------------------------------------------------------
# The solver's status (``plan.solver``, or any mapping with ``status`` and ``gap``)
# ---------------------------------------------------------------------------------------------

OPTIMAL = "optimal"
WITHIN_GAP = "optimal within gap"
TIME_LIMIT = "time limit"
#: Two cases of the statuses above that read differently: an LP solved to optimality, and a
#: time limit with no finite gap.
_LP_OPTIMAL = "optimal (LP)"
_NO_BOUND = "time limit, no bound"

#: Each face's wording of the cases (``{gap}``: the gap as a percentage); a status not listed
#: reads as it is.
_LINE = {
    _LP_OPTIMAL: "optimal",
    WITHIN_GAP: "optimal within gap {gap}",
    TIME_LIMIT: "time limit reached, best plan within gap {gap}",
    _NO_BOUND: "time limit reached, no bound on how good the plan is",
}
_SENTENCE = {
    OPTIMAL: "optimal (proven)",
    _LP_OPTIMAL: "optimal (linear programme)",
    WITHIN_GAP: "optimal within the gap limit: at most {gap} above the best bound",
    TIME_LIMIT: "stopped at the time limit; the plan is within {gap} of the best bound",
    _NO_BOUND: "stopped at the time limit; no bound on how far the plan is from the best",
}
#: The status, short enough for a metric tile.
_BRIEF = {WITHIN_GAP: "within gap", TIME_LIMIT: "time limit"}


def _worded(solver: Mapping[str, Any], wording: Mapping[str, str]) -> str:
    """The solver's status in one face's ``wording``."""
    status = str(solver.get("status", "unknown"))
    gap = number(solver.get("gap"))
    if status == WITHIN_GAP and gap is None:
        return status
    if status == TIME_LIMIT and (gap is None or math.isinf(gap)):
        status = _NO_BOUND
    elif status == OPTIMAL and not solver.get("is_mip", True):
        status = _LP_OPTIMAL
    template = wording.get(status)
    return status if template is None else template.format(gap=percent(gap))


def status_line(solver: Mapping[str, Any]) -> str:
    """The status in a few words, for a line of the command line and the batch summary.

    >>> status_line({"status": "optimal within gap", "gap": 0.0042})
    'optimal within gap 0.420%'
    >>> status_line({"status": "time limit", "gap": 0.031})
    'time limit reached, best plan within gap 3.100%'
    >>> status_line({"status": "time limit", "gap": float("inf")}), status_line({})
    ('time limit reached, no bound on how good the plan is', 'unknown')
    >>> status_line({"status": "optimal", "is_mip": False})
    'optimal'
    """
    return _worded(solver, _LINE)


def status_sentence(solver: Mapping[str, Any]) -> str:
    """The status as a sentence, for reports (exports, comparisons) and the app's caption.

    >>> status_sentence({"status": "optimal", "gap": 0.0})
    'optimal (proven)'
    >>> status_sentence({"status": "time limit", "gap": 0.031})
    'stopped at the time limit; the plan is within 3.100% of the best bound'
    >>> status_sentence({"status": "optimal within gap", "gap": "0.01"})
    'optimal within the gap limit: at most 1.000% above the best bound'
    >>> status_sentence({"status": "optimal within gap"}), status_sentence({"status": "failed"})
    ('optimal within gap', 'failed')
    """
    return _worded(solver, _SENTENCE)


def status_brief(solver: Mapping[str, Any]) -> str:
    """The status for a metric tile.

    >>> status_brief({"status": "optimal within gap"}), status_brief({"status": "optimal"})
    ('within gap', 'optimal')
    """
    status = str(solver.get("status", "unknown"))
    return _BRIEF.get(status, status)


def gap_brief(solver: Mapping[str, Any]) -> str | None:
    """``gap 0.420%`` beside a metric tile, or None without a gap.

    >>> gap_brief({"gap": 0.0042}), gap_brief({"gap": None})
    ('gap 0.420%', None)
    """
    gap = number(solver.get("gap"))
    return None if gap is None or math.isinf(gap) else f"gap {percent(gap)}"


# ---------------------------------------------------------------------------------------------
# The parts of the annual cost (``kpis["cost_breakdown"]``)
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# KPI labels (``plan.kpis``, flattened to dotted keys)
# ---------------------------------------------------------------------------------------------


class KpiLabel(NamedTuple):
    """A KPI's words, its unit (``{cur}`` stands for the currency) and its number kind (how
    :func:`optimizer.export.format_value` shows it)."""

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


# ---------------------------------------------------------------------------------------------
# The cost-sharing verdict: who would leave (``kpis["smes_would_leave"]`` and what keeps them in)
# ---------------------------------------------------------------------------------------------


def would_leave_line(kpis: Mapping[str, Any], currency: str = "CNY") -> str:
    """Who would leave the shared facilities, for the command line's plan summary.

    >>> would_leave_line({})
    'not worked out (no cost allocation)'
    >>> would_leave_line({"smes_would_leave": 0, "allocation_rule": "scrb"})
    'none (scrb cost sharing)'
    >>> would_leave_line(
    ...     {"smes_would_leave": 1, "allocation_rule": "scrb", "min_subsidy_to_keep_all": 30}
    ... )[-46:]
    'a subsidy of 30.00 CNY/year keeps every one in'
    """
    if "smes_would_leave" not in kpis:
        return "not worked out (no cost allocation)"
    count = int(kpis["smes_would_leave"])
    rule = kpis.get("allocation_rule")
    if not count:
        return f"none ({rule} cost sharing)"
    subsidy = float(kpis.get("min_subsidy_to_keep_all") or 0.0)
    head = (
        f"{count} under {rule} cost sharing (each would pay more than alone, or is in a group "
        "that would do better on its own)"
    )
    if subsidy <= 0:
        return f"{head}; another split of the same costs keeps every one in, with no subsidy"
    return f"{head}; a subsidy of {money(subsidy, f'{currency}/year')} keeps every one in"


def would_leave_warning(kpis: Mapping[str, Any], currency: str = "CNY") -> str | None:
    """Who would leave, as the app's warning above the SME statement (None when nobody would).

    >>> would_leave_warning({"smes_would_leave": 0}) is None
    True
    >>> would_leave_warning({"smes_would_leave": 2, "allocation_rule": "shapley"})[:45]
    '2 SME(s) would leave under the shapley split '
    """
    leave = kpis.get("smes_would_leave")
    if not leave:
        return None
    rule = kpis.get("allocation_rule", "chosen")
    subsidy = kpis.get("min_subsidy_to_keep_all") or 0.0
    keep = (
        f"the least subsidy that keeps every one in is {money(subsidy, f'{currency}/year')}"
        if subsidy > 0
        else "another split of the same costs keeps every one in without any subsidy"
    )
    return (
        f"{leave} SME(s) would leave under the {rule} split (they pay more than alone, or a "
        f"group of them would do better on its own); {keep}. The statement below marks them."
    )

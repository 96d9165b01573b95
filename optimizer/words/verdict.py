"""The cost-sharing verdict: who would leave (``kpis["smes_would_leave"]``) and what keeps them in,
in one sentence that the command line, the app and the HTML report all show."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .labels import KPI_SHORT
from .numbers import money


def would_leave_line(kpis: Mapping[str, Any], currency: str = "CNY") -> str:
    """Who would leave the shared facilities (after "SMEs who would leave: ").

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


def would_leave_sentence(kpis: Mapping[str, Any], currency: str = "CNY") -> str:
    """The verdict as a sentence with its subject, for a report or a warning.

    >>> would_leave_sentence({"smes_would_leave": 0, "allocation_rule": "shapley"})
    'SMEs who would leave: none (shapley cost sharing).'
    """
    return f"{KPI_SHORT['smes_would_leave']}: {would_leave_line(kpis, currency)}."


def would_leave_warning(kpis: Mapping[str, Any], currency: str = "CNY") -> str | None:
    """The verdict as the app's warning above the SME statement (None when nobody would leave).

    >>> would_leave_warning({"smes_would_leave": 0}) is None
    True
    >>> would_leave_warning({"smes_would_leave": 2, "allocation_rule": "shapley"})[:46]
    'SMEs who would leave: 2 under shapley cost sha'
    """
    if not kpis.get("smes_would_leave"):
        return None
    return f"{would_leave_sentence(kpis, currency)} The statement below marks them."

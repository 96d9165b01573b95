"""The cost-sharing verdict: who would leave (``kpis["smes_would_leave"]``) and what keeps them in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .numbers import money


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

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


#: The outcomes of a per-SME cost comparison, in the order a reviewer reads them.
SME_OUTCOMES = ("pays more", "pays less", "new", "gone", "same")


def sme_outcome_sentence(counts: Mapping[str, int]) -> str:
    """How many SMEs pay more, less or the same in a plan than in the reference.

    >>> sme_outcome_sentence({"pays more": 59, "pays less": 1, "same": 90})
    '59 SMEs pay more, 1 pays less, 90 pay the same'
    >>> sme_outcome_sentence({"pays more": 0, "pays less": 0, "same": 4, "new": 1})
    'no SME pays more, none pays less, 4 pay the same, 1 is new'
    """
    more, less, same = (int(counts.get(k, 0)) for k in ("pays more", "pays less", "same"))
    parts = [
        f"{more:,} SME{'' if more == 1 else 's'} pay{'s' if more == 1 else ''} more"
        if more
        else "no SME pays more",
        f"{less:,} pay{'s' if less == 1 else ''} less" if less else "none pays less",
        f"{same:,} pay{'s' if same == 1 else ''} the same",
    ]
    for key, word in (("new", "new"), ("gone", "gone (not in this plan)")):
        count = int(counts.get(key, 0))
        if count:
            parts.append(f"{count:,} {'is' if count == 1 else 'are'} {word}")
    return ", ".join(parts)

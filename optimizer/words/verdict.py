"""The cost-sharing verdict, in the one set of words the command line, the app and the HTML report
show: the rule, whether the split keeps everyone in (checked exactly), who would leave and why
(paying more than alone, or a group that would do better on its own, and by how much), and the
exact smallest subsidy that lets a split keep everyone in.

Everything is read from the plan's KPIs (``plan.kpis``, see
:func:`optimizer.allocation.allocate`): ``smes_would_leave``, ``allocation_rule``,
``min_subsidy_to_keep_all``, ``facilities_allocated``, ``facilities_checked_exactly``,
``facilities_core_empty``, ``smes_paying_more_than_alone``, ``largest_group_gain``,
``largest_group`` and ``largest_group_at``, ``min_subsidy_at``. A plan allocated before these existed lacks some of
them; the verdict then leaves out what it cannot say rather than guess. Where time ran out before
every facility's groups were checked (``facilities_checked_exactly`` below
``facilities_allocated``), it claims nothing of the others' groups and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .labels import KPI_SHORT
from .numbers import money

#: Members of the most blocking group named in the verdict; the rest are counted.
_NAMED = 3


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _checked(kpis: Mapping[str, Any]) -> tuple[int, int]:
    """Facilities whose every group was checked exactly, and facilities shared (both 0 when the
    plan does not say)."""
    if "facilities_checked_exactly" not in kpis:
        return 0, 0
    checked = int(kpis["facilities_checked_exactly"])
    return checked, int(kpis.get("facilities_allocated", checked))


def _partly_checked(kpis: Mapping[str, Any]) -> bool:
    checked, shared = _checked(kpis)
    return checked < shared


def checked_note(kpis: Mapping[str, Any]) -> str:
    """How far the split was checked, in brackets (empty when the plan does not say).

    >>> checked_note({"facilities_allocated": 8, "facilities_checked_exactly": 8})
    '(every group checked exactly, at all 8 facilities)'
    >>> checked_note({"facilities_allocated": 8, "facilities_checked_exactly": 5})
    '(every group checked exactly at 5 of 8 facilities only; at the other 3, only whether each member pays more than alone, as time ran out)'
    """
    checked, shared = _checked(kpis)
    if not shared:
        return ""
    if checked >= shared:
        where = "the one facility" if shared == 1 else f"all {shared} facilities"
        return f"(every group checked exactly, at {where})"
    others = "the one other" if shared - checked == 1 else f"the other {shared - checked}"
    return (
        f"(every group checked exactly at {checked} of {shared} facilities only; at {others}, "
        "only whether each member pays more than alone, as time ran out)"
    )


def _reasons(kpis: Mapping[str, Any], currency: str) -> list[str]:
    reasons = []
    alone = int(kpis.get("smes_paying_more_than_alone") or 0)
    if alone:
        reasons.append(f"{_plural(alone, 'pays', 'pay')} more than alone")
    gain = float(kpis.get("largest_group_gain") or 0.0)
    group = [m for m in str(kpis.get("largest_group") or "").split(", ") if m]
    if gain > 0 and group:
        saves = money(gain, f"{currency}/year")
        at = f" at {kpis['largest_group_at']}" if kpis.get("largest_group_at") else ""
        if len(group) == 1:
            reasons.append(f"{group[0]}{at} would pay {saves} less on its own")
        else:
            named = ", ".join(group[:_NAMED])
            named += f" and {len(group) - _NAMED} more" if len(group) > _NAMED else ""
            reasons.append(
                f"a group of {len(group)}{at} ({named}) would together pay {saves} less on "
                "their own"
            )
    return reasons


def _remedy(kpis: Mapping[str, Any], currency: str) -> str:
    subsidy = float(kpis.get("min_subsidy_to_keep_all") or 0.0)
    checked, _ = _checked(kpis)
    partly = _partly_checked(kpis)
    if partly and not checked:
        return "whether another split keeps every one in was not worked out"
    if subsidy <= 0 and partly:
        return (
            "at the facilities checked exactly, another split of each facility's cost keeps "
            "every one in, with no subsidy"
        )
    if subsidy <= 0:
        return "another split of each facility's cost keeps every one in, with no subsidy"
    empty = int(kpis.get("facilities_core_empty") or 0)
    where = str(kpis.get("min_subsidy_at") or "")
    if where:
        at = where if empty == 1 else f"{empty} facilities: {where}"
    else:
        at = _plural(empty, "facility", "facilities")
    return (
        f"no split of the cost keeps every one in at {at}; the smallest subsidy that lets one "
        f"do so is {money(subsidy, f'{currency}/year')}"
        + (" (at the facilities checked exactly)" if partly else "")
    )


def would_leave_line(kpis: Mapping[str, Any], currency: str = "CNY") -> str:
    """Who would leave the shared facilities and why (after "SMEs who would leave: ").

    >>> would_leave_line({})
    'not worked out (no cost allocation)'
    >>> would_leave_line(
    ...     {
    ...         "smes_would_leave": 0,
    ...         "allocation_rule": "stable",
    ...         "facilities_allocated": 2,
    ...         "facilities_checked_exactly": 2,
    ...     }
    ... )
    'none under stable cost sharing: no member pays more than alone and no group would do better on its own (every group checked exactly, at all 2 facilities)'
    >>> would_leave_line(
    ...     {
    ...         "smes_would_leave": 2,
    ...         "allocation_rule": "scrb",
    ...         "largest_group_gain": 4.29,
    ...         "largest_group": "A, B",
    ...         "largest_group_at": "S (sewage)",
    ...     }
    ... )
    "2 under scrb cost sharing: a group of 2 at S (sewage) (A, B) would together pay 4.29 CNY/year less on their own; another split of each facility's cost keeps every one in, with no subsidy"
    >>> would_leave_line(
    ...     {
    ...         "smes_would_leave": 1,
    ...         "allocation_rule": "stable",
    ...         "smes_paying_more_than_alone": 1,
    ...         "min_subsidy_to_keep_all": 30,
    ...         "facilities_core_empty": 1,
    ...         "min_subsidy_at": "A (sewage)",
    ...     }
    ... )
    '1 under stable cost sharing: 1 pays more than alone; no split of the cost keeps every one in at A (sewage); the smallest subsidy that lets one do so is 30.00 CNY/year'
    """
    if "smes_would_leave" not in kpis:
        return "not worked out (no cost allocation)"
    count = int(kpis["smes_would_leave"])
    rule = kpis.get("allocation_rule")
    note = checked_note(kpis)
    tail = f" {note}" if note else ""
    if not count and _partly_checked(kpis):
        return (
            f"none found under {rule} cost sharing: no member pays more than alone, and no group "
            f"would do better on its own where every group was checked{tail}"
        )
    if not count:
        return (
            f"none under {rule} cost sharing: no member pays more than alone and no group would "
            f"do better on its own{tail}"
        )
    reasons = _reasons(kpis, currency) or [
        "each would pay more than alone, or is in a group that would do better on its own"
    ]
    return (
        f"{count} under {rule} cost sharing: {'; '.join(reasons)}; {_remedy(kpis, currency)}{tail}"
    )


def would_leave_sentence(kpis: Mapping[str, Any], currency: str = "CNY") -> str:
    """The verdict as a sentence with its subject, for a report or a warning.

    >>> would_leave_sentence({"smes_would_leave": 0, "allocation_rule": "shapley"})[:56]
    'SMEs who would leave: none under shapley cost sharing: n'
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


def verdict_card(kpis: Mapping[str, Any], currency: str = "CNY") -> tuple[str, str, str]:
    """The verdict as a report card: its heading, its value and the sentence under it.

    >>> verdict_card({"smes_would_leave": 5, "allocation_rule": "scrb"})[:2]
    ('Cost sharing (scrb)', '5 SMEs would leave')
    >>> verdict_card({"smes_would_leave": 0, "allocation_rule": "stable"})[:2]
    ('Cost sharing (stable)', 'nobody would leave')
    """
    count = int(kpis.get("smes_would_leave") or 0)
    value = _plural(count, "SME would leave", "SMEs would leave") if count else "nobody would leave"
    if not count and _partly_checked(kpis):
        value = "no SME pays more than alone"
    return (
        f"Cost sharing ({kpis.get('allocation_rule')})",
        value,
        would_leave_sentence(kpis, currency),
    )

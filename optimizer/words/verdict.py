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

from .catalogue import term, tr, tr_n
from .labels import KPI_SHORT
from .numbers import money
from .said import Said, said, said_n, spoken

#: Members of the most blocking group named in the verdict; the rest are counted.
_NAMED = 3


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
        where = tr("verdict.where_one") if shared == 1 else tr("verdict.where_all", count=shared)
        return tr("verdict.checked_all", where=where)
    others = (
        tr("verdict.others_one")
        if shared - checked == 1
        else tr("verdict.others_many", count=shared - checked)
    )
    return tr("verdict.checked_partly", checked=checked, shared=shared, others=others)


def _reasons(kpis: Mapping[str, Any], currency: str) -> list[str]:
    reasons = []
    alone = int(kpis.get("smes_paying_more_than_alone") or 0)
    if alone:
        reasons.append(tr_n("verdict.pays_more", alone))
    gain = float(kpis.get("largest_group_gain") or 0.0)
    group = [m for m in str(kpis.get("largest_group") or "").split(", ") if m]
    if gain > 0 and group:
        saves = money(gain, tr("unit.per_year", cur=currency))
        place = kpis.get("largest_group_at")
        at = tr("verdict.at", place=place) if place else ""
        if len(group) == 1:
            reasons.append(tr("verdict.one_saves", member=group[0], at=at, saves=saves))
        else:
            named = tr("list.sep").join(group[:_NAMED])
            more = len(group) - _NAMED
            named += tr("list.and_more", count=more) if more > 0 else ""
            reasons.append(
                tr("verdict.group_saves", size=len(group), at=at, named=named, saves=saves)
            )
    return reasons


def _remedy(kpis: Mapping[str, Any], currency: str) -> str:
    subsidy = float(kpis.get("min_subsidy_to_keep_all") or 0.0)
    checked, _ = _checked(kpis)
    partly = _partly_checked(kpis)
    if partly and not checked:
        return tr("verdict.remedy_not_worked")
    if subsidy <= 0 and partly:
        return tr("verdict.remedy_free_partly")
    if subsidy <= 0:
        return tr("verdict.remedy_free")
    empty = int(kpis.get("facilities_core_empty") or 0)
    where = str(kpis.get("min_subsidy_at") or "")
    if where:
        at = where if empty == 1 else tr("verdict.facilities_at", count=empty, where=where)
    else:
        at = tr_n("verdict.facility_count", empty)
    subsidy_text = money(subsidy, tr("unit.per_year", cur=currency))
    return tr("verdict.remedy_subsidy", at=at, subsidy=subsidy_text) + (
        tr("verdict.partly_suffix") if partly else ""
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
        return tr("verdict.not_worked")
    count = int(kpis["smes_would_leave"])
    rule = kpis.get("allocation_rule")
    note = checked_note(kpis)
    tail = tr("verdict.tail", note=note) if note else ""
    if not count and _partly_checked(kpis):
        return tr("verdict.none_found_partly", rule=rule, tail=tail)
    if not count:
        return tr("verdict.none", rule=rule, tail=tail)
    reasons = _reasons(kpis, currency) or [tr("verdict.reasons_unknown")]
    return tr(
        "verdict.count_line",
        count=count,
        rule=rule,
        reasons=tr("list.semicolon").join(reasons),
        remedy=_remedy(kpis, currency),
        tail=tail,
    )


def would_leave_sentence(kpis: Mapping[str, Any], currency: str = "CNY") -> str:
    """The verdict as a sentence with its subject, for a report or a warning.

    >>> would_leave_sentence({"smes_would_leave": 0, "allocation_rule": "shapley"})[:56]
    'SMEs who would leave: none under shapley cost sharing: n'
    """
    subject = term(KPI_SHORT["smes_would_leave"])
    return tr("verdict.sentence", subject=subject, line=would_leave_line(kpis, currency))


def would_leave_warning(kpis: Mapping[str, Any], currency: str = "CNY") -> str | None:
    """The verdict as the app's warning above the SME statement (None when nobody would leave).

    >>> would_leave_warning({"smes_would_leave": 0}) is None
    True
    >>> would_leave_warning({"smes_would_leave": 2, "allocation_rule": "shapley"})[:46]
    'SMEs who would leave: 2 under shapley cost sha'
    """
    if not kpis.get("smes_would_leave"):
        return None
    return tr("verdict.warning", sentence=would_leave_sentence(kpis, currency))


#: The outcomes of a per-SME cost comparison, in the order a reviewer reads them.
SME_OUTCOMES = ("pays more", "pays less", "new", "gone", "same")


def sme_outcome_sentence(counts: Mapping[str, int]) -> str:
    """How many SMEs pay more, less or the same in a plan than in the reference.

    >>> sme_outcome_sentence({"pays more": 59, "pays less": 1, "same": 90})
    '59 SMEs pay more, 1 pays less, 90 pay the same'
    >>> sme_outcome_sentence({"pays more": 0, "pays less": 0, "same": 4, "new": 1})
    'no SME pays more, none pays less, 4 pay the same, 1 is new'
    """
    return tr("list.clauses").join(spoken(part) for part in sme_outcome_parts(counts))


def sme_outcome_parts(counts: Mapping[str, int]) -> tuple[Said, ...]:
    """The clauses of :func:`sme_outcome_sentence`, kept to be said later in any language (a
    comparison's headline, made once and shown in the page's or the file's language)."""
    more, less, same = (int(counts.get(k, 0)) for k in ("pays more", "pays less", "same"))
    parts = [
        said_n("outcome.more", more, count=f"{more:,}") if more else said("outcome.more.none"),
        said_n("outcome.less", less, count=f"{less:,}") if less else said("outcome.less.none"),
        said_n("outcome.same", same, count=f"{same:,}"),
    ]
    for key in ("new", "gone"):
        count = int(counts.get(key, 0))
        if count:
            parts.append(said_n(f"outcome.{key}", count, count=f"{count:,}"))
    return tuple(parts)


def verdict_card(kpis: Mapping[str, Any], currency: str = "CNY") -> tuple[str, str, str]:
    """The verdict as a report card: its heading, its value and the sentence under it.

    >>> verdict_card({"smes_would_leave": 5, "allocation_rule": "scrb"})[:2]
    ('Cost sharing (scrb)', '5 SMEs would leave')
    >>> verdict_card({"smes_would_leave": 0, "allocation_rule": "stable"})[:2]
    ('Cost sharing (stable)', 'nobody would leave')
    """
    count = int(kpis.get("smes_would_leave") or 0)
    value = tr_n("verdict.would_leave", count) if count else tr("verdict.nobody")
    if not count and _partly_checked(kpis):
        value = tr("verdict.nobody_partly")
    return (
        tr("verdict.card_title", rule=kpis.get("allocation_rule")),
        value,
        would_leave_sentence(kpis, currency),
    )

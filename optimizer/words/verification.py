"""The words of a plan's verification (:mod:`optimizer.verify`): what each rule says, one
difference as a sentence, and the verdict in a line or a badge.

Text only: the differences arrive as plain mappings (``kind, what, where, expected, found, unit,
note``), amounts with their unit (``CNY/year``, ``m3/d``), so that no face words them twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .catalogue import tr, tr_n
from .numbers import money, number

#: Each rule a verification checks, as a reader would say it.
RULE_WORDS: dict[str, str] = {
    "input hash": "the plan was solved from these inputs",
    "input": "the scenario's inputs are those the plan was solved from",
    "demand exists": "every demand the plan serves is in the scenario",
    "demand met": "every demand is met once, in full",
    "reach": "an SME connects only to a site within the service's reach",
    "self-treatment allowed": "only SMEs allowed to treat alone do",
    "single sourcing": "each demand goes to one place",
    "tier offered": "a facility is a tier the site offers",
    "one tier per facility": "at most one tier per site and service",
    "existing facility kept": "existing facilities stay open",
    "open facility": "SMEs and streams go to open facilities",
    "capacity": "a facility's load within its tier's capacity",
    "streams": "what leaves a facility goes downstream or to the sink",
    "stream route": "streams follow routes the scenario has",
    "site area": "the facilities fit the site's area",
    "required site": "required sites host a facility",
    "forbidden site": "forbidden sites host none",
    "facilities per service": "no more facilities of a service than allowed",
    "capital budget": "new capex within the capital budget",
    "pollutant cap": "park-wide discharge within the pollutant's cap",
    "enterprise cap": "what an enterprise discharges itself (treating alone) within its own cap",
    "subsidy rate": "a facility's subsidy within its service's rate of its annuity",
    "subsidy budget": "the subsidies within the yearly subsidy budget",
    "green loan": "a green loan of the scenario finances an open new facility it may finance",
    "loans within capex": "green loans finance at most a facility's capex less its grant",
    "loan quota": "a green loan within its quota over the park",
}

_KIND_WORDS = {"input": "inputs differ", "rule": "rule broken", "figure": "figure differs"}


def shown(value: Any, unit: str = "", currency: str = "") -> str:
    """A value of a difference with its unit: amounts to the cent, quantities to 6 digits.

    >>> shown(1234.5, "CNY/year", "CNY"), shown(612.25, "m3/d", "CNY"), shown(None)
    ('1,234.50 CNY/year', '612.25 m3/d', '-')
    >>> shown("3f2a1c9e0b7d6a5f0c"), shown(3)
    ('3f2a1c9e0b7d', '3')
    """
    if value is None:
        return "-"
    if isinstance(value, str):
        return value[:12] if len(value) > 16 and value.isalnum() else value
    amount = number(value)
    if amount is None:
        return str(value)
    if currency and unit.startswith(currency):
        return money(amount, unit)
    text = f"{amount:,.0f}" if amount.is_integer() else f"{amount:,.6g}"
    return f"{text} {unit}".strip()


def difference_sentence(difference: Mapping[str, Any], currency: str = "") -> str:
    """One difference as a reviewer reads it: what, where, expected against found, why.

    >>> difference_sentence(
    ...     {
    ...         "kind": "figure",
    ...         "what": "facilities.fixed_om",
    ...         "where": "S03/sewage",
    ...         "expected": 120000.0,
    ...         "found": 120001.0,
    ...         "unit": "CNY/year",
    ...     },
    ...     "CNY",
    ... )
    'figure differs: facilities.fixed_om at S03/sewage: expected 120,000.00 CNY/year, found 120,001.00 CNY/year'
    >>> difference_sentence(
    ...     {
    ...         "kind": "rule",
    ...         "what": "capacity",
    ...         "where": "S1/sewage",
    ...         "expected": 600.0,
    ...         "found": 620.0,
    ...         "unit": "m3/d",
    ...         "note": "above the limit",
    ...     }
    ... )
    "rule broken: capacity (a facility's load within its tier's capacity) at S1/sewage: expected at most 600 m3/d, found 620 m3/d; above the limit"
    """
    kind, what = str(difference.get("kind", "")), str(difference.get("what", ""))
    unit, note = str(difference.get("unit") or ""), str(difference.get("note") or "")
    if kind == "input" and what == "input":
        return f"{_KIND_WORDS['input']}: {note}"
    rule = RULE_WORDS.get(what) if kind != "figure" else None
    head = f"{_KIND_WORDS.get(kind, kind)}: {what}" + (f" ({rule})" if rule else "")
    text = f"{head} at {difference.get('where', '')}"
    expected, found = difference.get("expected"), difference.get("found")
    if expected is not None or found is not None:
        bound = "at most " if note == "above the limit" else ""
        text += (
            f": expected {bound}{shown(expected, unit, currency)}, "
            f"found {shown(found, unit, currency)}"
        )
    return text + (f"; {note}" if note else "")


def verification_line(counts: Mapping[str, int], checked: int) -> str:
    """The verdict in one line.

    >>> verification_line({"input": 0, "rule": 0, "figure": 0}, 1200)
    'verified: same inputs, feasible, every figure exact (1,200 checks)'
    >>> verification_line({"input": 0, "rule": 2, "figure": 1}, 1200)
    'not verified: 2 rules broken, 1 figure differs (1,200 checks)'
    """
    parts = []
    if counts.get("input"):
        parts.append(tr("verify.inputs_differ"))
    for kind in ("rule", "figure"):
        if counts.get(kind):
            parts.append(tr_n(f"verify.{kind}s", counts[kind], count=f"{counts[kind]:,}"))
    if not parts:
        return tr("verify.ok", checked=f"{checked:,}")
    return tr("verify.not_ok", parts=tr("list.clauses").join(parts), checked=f"{checked:,}")


def verified_badge(ok: bool | None) -> str:
    """The app's badge on a plan.

    >>> verified_badge(True), verified_badge(False), verified_badge(None)
    ('verified', 'not verified', 'not yet verified')
    """
    if ok is None:
        return tr("verify.badge_none")
    return tr("verify.badge_ok") if ok else tr("verify.badge_not")
